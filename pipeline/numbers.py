"""Reading numbers the way section heads type them.

Accepted, because they mean one thing only: Excel numbers; `85,5` and `85.5`; `1.250` and
`1.250.000` (Indonesian thousands); `1.250,75`; `90%`, `90 %`; surrounding and non-breaking spaces.
Rejected, because a reader could take them two ways: `1,250` (1,25 or 1250?), `1,250.5` (English
form), `85,5,3`, and anything that is not a number at all.
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

_SPACES = re.compile(r"[\s\u00a0\u202f\u2007]+")
_PLAIN = re.compile(r"^[+-]?\d+$")
_DECIMAL_COMMA = re.compile(r"^[+-]?\d+,\d+$")
_DECIMAL_POINT = re.compile(r"^[+-]?\d+\.\d+$")
_THOUSANDS_DOT = re.compile(r"^[+-]?\d{1,3}(\.\d{3})+$")
_ID_FULL = re.compile(r"^[+-]?\d{1,3}(\.\d{3})+,\d+$")
_COMMA_THOUSANDS = re.compile(r"^[+-]?\d{1,3}(,\d{3})+$")
_EN_FULL = re.compile(r"^[+-]?\d{1,3}(,\d{3})+\.\d+$")


class NumberError(ValueError):
    """A value that is not an unambiguous number; the message says how to write it."""


def parse_angka(value: object, persen_format: bool = False) -> Decimal | None:
    """Return the number in a cell, or None for a blank cell.

    `persen_format` says the cell is formatted as a percentage in Excel, so the stored fraction
    0.9 (shown as 90%) means 90.
    """
    if value is None or isinstance(value, bool):
        if value is None:
            return None
        raise NumberError(f"'{value}' bukan angka")
    if isinstance(value, int | float | Decimal):
        number = _from_number(value)
        return number * 100 if persen_format else number
    return _from_text(str(value))


def _from_number(value: int | float | Decimal) -> Decimal:
    if isinstance(value, float):
        if value != value or value in (float("inf"), float("-inf")):
            raise NumberError("nilai bukan angka yang sah")
        # repr gives the shortest text that reads back as the same float: 85.5, not 85.4999…
        return Decimal(repr(value))
    return Decimal(value)


def _from_text(raw: str) -> Decimal | None:
    text = _SPACES.sub("", raw)
    if not text:
        return None
    percent = text.endswith("%")
    if percent:
        text = text[:-1]
    normalised = _normalise(text, raw)
    try:
        return Decimal(normalised)
    except InvalidOperation:
        raise NumberError(f"'{raw.strip()}' bukan angka; tulis angka saja, mis. 85,5") from None


def _normalise(text: str, raw: str) -> str:
    shown = raw.strip()
    # A leading 0 cannot open a group of thousands: 0,500 and 0.500 are a half.
    leading_zero = text.lstrip("+-").startswith("0")
    if _PLAIN.match(text):
        return text
    if _THOUSANDS_DOT.match(text) and not leading_zero:
        return text.replace(".", "")
    if _DECIMAL_POINT.match(text):
        return text
    if _DECIMAL_COMMA.match(text) and (leading_zero or not _COMMA_THOUSANDS.match(text)):
        return text.replace(",", ".")
    if _ID_FULL.match(text):
        return text.replace(".", "").replace(",", ".")
    if _COMMA_THOUSANDS.match(text):
        raise NumberError(
            f"'{shown}' bisa dibaca dua cara (ribuan atau desimal); "
            "tulis 1250 untuk seribu dua ratus lima puluh atau 1,25 untuk desimal"
        )
    if _EN_FULL.match(text):
        raise NumberError(
            f"'{shown}' memakai titik sebagai desimal dan koma sebagai ribuan; "
            "tulis dengan cara Indonesia, mis. 1.250,5"
        )
    raise NumberError(f"'{shown}' bukan angka; tulis angka saja, mis. 85,5 atau 1.250")
