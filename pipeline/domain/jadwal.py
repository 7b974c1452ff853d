"""When each SOP step of a quarter really happened, and who did it.

A signed paper never takes its date from the clock. Every step has a recorded date in
inputs/<tahun>/TW<n>/kegiatan.toml: the steps done outside kinerja (disposisi, penyampaian,
penandatanganan, entri E-Kino/E-Monev, pengarsipan) are written there by `kinerja catat`, and the
steps kinerja does write the date they were given (or the date already recorded) when they run.
The file is the office's own record, kept beside the returns, so a workspace carries its dates.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from pipeline.domain import formatting
from pipeline.domain.errors import TanggalError
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
        raise TanggalError(f"langkah '{text}' tidak dikenal; pilih salah satu: {names}")
    return key


def is_record(path: Path) -> bool:
    """Whether a file in the returns folder is the quarter's record of dates, not a return."""
    return path.name.lower() == NAME


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
        raise TanggalError(
            f"tanggal {apa} {formatting.tanggal(tanggal)} tidak mungkin: {periode.label} baru "
            f"berakhir {formatting.tanggal(end)}; periksa --tanggal (YYYY-MM-DD), atau tambahkan "
            "--paksa bila tanggal itu memang benar"
        )
    if tanggal > end + WINDOW:
        raise TanggalError(
            f"tanggal {apa} {formatting.tanggal(tanggal)} lebih dari setahun setelah "
            f"{periode.label} berakhir; periksa --tanggal (YYYY-MM-DD), atau tambahkan --paksa "
            "bila tanggal itu memang benar"
        )


def tidak_sebelum(tanggal: dt.date, batas: dt.date | None, apa: str, sebelumnya: str) -> None:
    """Refuse a date earlier than the date of a step that must come first."""
    if batas is not None and tanggal < batas:
        raise TanggalError(
            f"tanggal {apa} ({formatting.tanggal(tanggal)}) tidak boleh sebelum {sebelumnya} "
            f"({formatting.tanggal(batas)}); beri --tanggal yang benar"
        )


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
