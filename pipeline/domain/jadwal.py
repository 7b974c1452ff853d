"""When each SOP step of a quarter really happened, and who did it.

A signed paper never takes its date from the clock. Every step has a recorded date in
inputs/<tahun>/TW<n>/kegiatan.toml: the steps done outside kinerja (disposisi, penyampaian,
penandatanganan, entri E-Kino/E-Monev, pengarsipan) are written there by `kinerja catat`, and the
steps kinerja does write the date they were given (or the date already recorded) when they run.
The file is the office's own record, kept beside the returns, so a workspace carries its dates.
"""

from __future__ import annotations

import datetime as dt
import functools
import tomllib
from dataclasses import dataclass
from pathlib import Path

from pipeline.domain import formatting
from pipeline.domain.errors import ConfigError, KinerjaError
from pipeline.domain.periode import Periode

NAME = "kegiatan.toml"

# step key (as in sop/*.toml `langkah`) -> what the step is called in messages
LANGKAH = {
    "perintah": "disposisi/perintah Camat",
    "format-isian": "pembuatan Format Isian",
    "sampaikan": "penyampaian Format Isian kepada Kasi dan Kasubbag",
    "himpun": "penghimpunan formulir",
    "olah": "pengolahan data menjadi draft",
    "verifikasi": "verifikasi oleh Sekretaris",
    "sahkan": "persetujuan dan penandatanganan oleh Camat",
    "ekspor": "entri pada aplikasi E-Kino dan E-Monev",
    "arsip": "pengarsipan",
}
ALIAS = {
    "disposisi": "perintah",
    "penyampaian": "sampaikan",
    "tandatangan": "sahkan",
    "penandatanganan": "sahkan",
    "entri": "ekspor",
    "e-kino": "ekspor",
    "pengarsipan": "arsip",
}
WINDOW = dt.timedelta(days=365)


@dataclass(frozen=True)
class Tercatat:
    """One step as recorded: its date, optionally the time, and who did it."""

    langkah: str
    tanggal: dt.date
    jam: dt.time | None = None
    oleh: str = ""

    @property
    def teks(self) -> str:
        """`7 Oktober 2024 09.30 oleh Sekretaris` as the Lembar Kendali prints it."""
        text = formatting.tanggal(self.tanggal)
        if self.jam is not None:
            text += f" {self.jam:%H.%M}"
        return f"{text} oleh {self.oleh}" if self.oleh else text


def langkah_key(text: str) -> str:
    """The step key of a name typed by the operator (`disposisi` → `perintah`)."""
    key = text.strip().lower()
    key = ALIAS.get(key, key)
    if key not in LANGKAH:
        names = ", ".join([*LANGKAH, *ALIAS])
        raise KinerjaError(f"langkah '{text}' tidak dikenal; pilih salah satu: {names}")
    return key


def record_path(returns_dir: Path) -> Path:
    return returns_dir / NAME


def is_record(path: Path) -> bool:
    """Whether a file in the returns folder is the quarter's record of dates, not a return."""
    return path.name.lower() == NAME


def baca(returns_dir: Path) -> dict[str, Tercatat]:
    """Every recorded step of the quarter, by step key."""
    path = record_path(returns_dir)
    if not path.is_file():
        return {}
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ConfigError(
            f"{path}: penulisan TOML salah ({exc}); perbaiki atau hapus berkasnya"
        ) from None
    out = {}
    for key, entry in data.items():
        tanggal = entry.get("tanggal") if isinstance(entry, dict) else None
        if key not in LANGKAH or type(tanggal) is not dt.date:
            raise ConfigError(
                f"{path}: [{key}] harus langkah yang dikenal dengan tanggal = YYYY-MM-DD "
                "(tanpa tanda kutip); perbaiki dengan 'kinerja catat'"
            )
        jam = entry.get("jam")
        out[key] = Tercatat(
            key,
            tanggal,
            jam if isinstance(jam, dt.time) else None,
            str(entry.get("oleh", "")),
        )
    return out


def catat(returns_dir: Path, tercatat: Tercatat) -> Path:
    """Record (or correct) one step's date in the quarter's kegiatan.toml."""
    import tomli_w

    steps = baca(returns_dir)
    steps[tercatat.langkah] = tercatat
    data: dict[str, dict[str, object]] = {}
    for key in LANGKAH:  # always in SOP order, so the file reads as the quarter went
        if key in steps:
            item = steps[key]
            entry: dict[str, object] = {"tanggal": item.tanggal}
            if item.jam is not None:
                entry["jam"] = item.jam
            if item.oleh:
                entry["oleh"] = item.oleh
            data[key] = entry
    header = (
        "# Tanggal setiap langkah SOP triwulan ini dan siapa yang melakukannya.\n"
        "# Ditulis oleh 'kinerja catat' dan oleh langkah kinerja yang diberi --tanggal.\n\n"
    )
    from pipeline.store.ooxml import write_atomic  # only a step that records loads the writer

    path = record_path(returns_dir)
    write_atomic(path, (header + tomli_w.dumps(data)).encode("utf-8"))
    return path


def akhir_triwulan(periode: Periode) -> dt.date:
    """The last day of the quarter."""
    month = periode.triwulan * 3
    first_next = dt.date(periode.tahun + (month == 12), month % 12 + 1, 1)
    return first_next - dt.timedelta(days=1)


def periksa_jendela(periode: Periode, tanggal: dt.date, apa: str, paksa: bool) -> None:
    """Refuse a date that cannot be right for the quarter: before it ends, or a year after."""
    end = akhir_triwulan(periode)
    if paksa:
        return
    if tanggal <= end:
        raise KinerjaError(
            f"tanggal {apa} {formatting.tanggal(tanggal)} tidak mungkin: {periode.label} baru "
            f"berakhir {formatting.tanggal(end)}; periksa --tanggal (YYYY-MM-DD), atau tambahkan "
            "--paksa bila tanggal itu memang benar"
        )
    if tanggal > end + WINDOW:
        raise KinerjaError(
            f"tanggal {apa} {formatting.tanggal(tanggal)} lebih dari setahun setelah "
            f"{periode.label} berakhir; periksa --tanggal (YYYY-MM-DD), atau tambahkan --paksa "
            "bila tanggal itu memang benar"
        )


def tidak_sebelum(tanggal: dt.date, batas: dt.date | None, apa: str, sebelumnya: str) -> None:
    """Refuse a date earlier than the date of a step that must come first."""
    if batas is not None and tanggal < batas:
        raise KinerjaError(
            f"tanggal {apa} ({formatting.tanggal(tanggal)}) tidak boleh sebelum {sebelumnya} "
            f"({formatting.tanggal(batas)}); beri --tanggal yang benar"
        )


@functools.cache
def _libur(tahun: int) -> frozenset[dt.date]:
    """Indonesia's public holidays of the year, from the disk cache when the installed holidays
    library made them (importing it costs more than the rest of `status`)."""
    from pipeline.store import cache

    name, key = f"libur-ID-{tahun}", _holidays_version()
    stored = cache.baca(name, key) if key else None
    if stored is not None:
        try:
            return frozenset(dt.date.fromisoformat(d) for d in stored.decode().split())
        except ValueError:
            pass  # a damaged entry: made again below
    import holidays

    found = frozenset(holidays.country_holidays("ID", years=tahun))
    if key:
        cache.simpan(name, key, " ".join(sorted(d.isoformat() for d in found)).encode())
    return found


def _holidays_version() -> str | None:
    """The installed holidays library's version line, read without importing it."""
    import importlib.util

    spec = importlib.util.find_spec("holidays")
    if spec is None or spec.origin is None:
        return None
    try:
        text = (Path(spec.origin).parent / "version.py").read_text(encoding="utf-8")
    except OSError:
        return None
    lines = [line for line in text.splitlines() if line.startswith("__version__")]
    return f"holidays {lines[0]} {spec.origin}" if lines else None


def hari_kerja(tanggal: dt.date) -> bool:
    """Monday to Friday, not a national holiday."""
    return tanggal.weekday() < 5 and tanggal not in _libur(tanggal.year)


def selisih_hari_kerja(awal: dt.date, akhir: dt.date) -> int:
    """Working days after `awal` up to and including `akhir` (0 on the same day)."""
    count = 0
    day = awal
    while day < akhir:
        day += dt.timedelta(days=1)
        count += hari_kerja(day)
    return count


def tambah_hari_kerja(awal: dt.date, jumlah: int) -> dt.date:
    """The `jumlah`-th working day after `awal` (weekends and national holidays skipped): a
    Mutu Baku of "2 Hari" from a Friday before a holiday Monday ends on Wednesday."""
    day = awal
    left = jumlah
    while left > 0:
        day += dt.timedelta(days=1)
        left -= hari_kerja(day)
    return day


_BULAN = {
    "januari": 1, "jan": 1, "februari": 2, "feb": 2, "pebruari": 2, "maret": 3, "mar": 3,
    "april": 4, "apr": 4, "mei": 5, "juni": 6, "jun": 6, "juli": 7, "jul": 7, "agustus": 8,
    "agu": 8, "agt": 8, "ags": 8, "september": 9, "sep": 9, "sept": 9, "oktober": 10, "okt": 10,
    "november": 11, "nov": 11, "nopember": 11, "desember": 12, "des": 12,
}  # fmt: skip


def baca_tanggal(value: object) -> dt.date | None:
    """A date as a section head types it in Excel: a date cell, `2024-10-03`, `03/10/2024`
    (day first, as in Indonesia), `3 Oktober 2024`. None when empty; ValueError when unreadable."""
    import re

    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = str(value).strip().lower()
    try:
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
            return dt.date.fromisoformat(text)
        match = re.fullmatch(r"(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})", text)
        if match:
            day, month, year = (int(g) for g in match.groups())
            return dt.date(year, month, day)
        match = re.fullmatch(r"(\d{1,2})\s+([a-z]+)\.?\s+(\d{4})", text)
        if match and match.group(2) in _BULAN:
            return dt.date(int(match.group(3)), _BULAN[match.group(2)], int(match.group(1)))
    except ValueError:
        pass
    raise ValueError(
        f"tanggal '{value}' tidak dapat dibaca; tulis seperti 3 Oktober 2024 atau 03/10/2024"
    )


def masuk_akal(periode: Periode, tanggal: dt.date) -> bool:
    """Whether a date can belong to the quarter's work: from the quarter's last month until a
    year after it ends (forms may be prepared before the quarter closes)."""
    end = akhir_triwulan(periode)
    start = end.replace(day=1)
    return start <= tanggal <= end + WINDOW


def tanggal_langkah(
    periode: Periode,
    returns_dir: Path,
    langkah: str,
    diberikan: dt.date | None,
    *,
    paling_awal: dt.date | None = None,
    hari_ini: dt.date,
) -> tuple[dt.date, bool]:
    """The date of a step that signs nothing (format-isian, himpun, olah) and whether to record
    it: the date given; else the recorded one, unless the step is being done again after
    `paling_awal` (new returns came in); else today when today can belong to the quarter, else
    `paling_awal`. A date nobody gave and that is not plausible is used but not recorded."""
    if diberikan is not None:
        return diberikan, True
    recorded = baca(returns_dir).get(langkah)
    if recorded is not None and (paling_awal is None or recorded.tanggal >= paling_awal):
        return recorded.tanggal, False
    if masuk_akal(periode, hari_ini) and (paling_awal is None or hari_ini >= paling_awal):
        return hari_ini, True
    if paling_awal is not None:
        return paling_awal, True
    return hari_ini, False


def tanggal_tanda_tangan(
    periode: Periode, returns_dir: Path, langkah: str, diberikan: dt.date | None, paksa: bool
) -> dt.date:
    """The date of a signed paper: given, else recorded, never the clock; within the quarter's
    plausible window unless `paksa`."""
    apa = LANGKAH[langkah]
    tanggal = diberikan
    if tanggal is None:
        recorded = baca(returns_dir).get(langkah)
        if recorded is None:
            raise KinerjaError(
                f"tanggal {apa} belum dicatat; beri --tanggal YYYY-MM-DD (tanggal pada tanda "
                "tangan)"
            )
        tanggal = recorded.tanggal
    periksa_jendela(periode, tanggal, apa, paksa)
    return tanggal
