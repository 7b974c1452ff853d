"""Every number, date and NIP a reader sees is formatted here, the Indonesian way."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

LOCALE = "id"
KOSONG = "-"
# the month names of Babel's Indonesian locale ("MMMM"): dates are written without loading
# Babel, which `kinerja status` and the other quick commands would otherwise pay for
BULAN = (
    "Januari",
    "Februari",
    "Maret",
    "April",
    "Mei",
    "Juni",
    "Juli",
    "Agustus",
    "September",
    "Oktober",
    "November",
    "Desember",
)


# formatted numbers, by type, exact text (70 and 70.0 are equal Decimals, printed apart) and
# decimals: the same figures come back in every table of a quarter and babel is slow
_ANGKA: dict[tuple[type, str, int | None], str] = {}


def angka(value: Decimal | None, desimal: int | None = None) -> str:
    """A quantity as the reader expects it: `1.250`, `85,5`; with `desimal`, exactly that many."""
    if value is None:
        return KOSONG
    key = (type(value), str(value), desimal)
    text = _ANGKA.get(key)
    if text is None:
        if len(_ANGKA) >= 100_000:
            _ANGKA.clear()
        text = _ANGKA[key] = _angka(value, desimal)
    return text


def _angka(value: Decimal, desimal: int | None) -> str:
    from babel.numbers import format_decimal

    if desimal is None:
        pattern = "#,##0.######"
    elif desimal == 0:
        pattern = "#,##0"
    else:
        pattern = "#,##0." + "0" * desimal
    return format_decimal(value, format=pattern, locale=LOCALE, decimal_quantization=True)


def persen(value: Decimal | None) -> str:
    """A percentage with two decimals, without the sign: `85,50`; `-` when there is none."""
    return angka(value, desimal=2)


def tanggal(value: dt.date) -> str:
    """A date in words: `31 Oktober 2024`."""
    return f"{value.day} {BULAN[value.month - 1]} {value.year}"  # Babel's "d MMMM y"


def waktu(value: dt.datetime) -> str:
    """A moment as Indonesian writing puts it: `7 Oktober 2024 10.15`."""
    return f"{tanggal(value.date())} {value:%H.%M}"


def judul(value: str) -> str:
    """A name written in capitals for the kop, as it stands in a sentence: `KECAMATAN IV KOTO`
    → `Kecamatan IV Koto` (Roman numerals stay as they are)."""
    import re

    words = []
    for word in value.split():
        roman = re.fullmatch(r"[IVXLC]+", word) is not None
        words.append(word if roman else word[:1].upper() + word[1:].lower())
    return " ".join(words)


def nip(value: str) -> str:
    """An 18-digit NIP in its official groups `19701208 199203 1 007`; anything else as given."""
    digits = "".join(ch for ch in value if ch.isdigit())
    if len(digits) != 18:
        return value.strip()
    return f"{digits[:8]} {digits[8:14]} {digits[14]} {digits[15:]}"
