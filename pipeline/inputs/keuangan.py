"""The Laporan Realisasi Keuangan of a quarter (optional): anggaran, realisasi and serapan per
Program/Kegiatan, from inputs/<tahun>/TW<n>/realisasi-keuangan.xlsx (or .csv)."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

from pipeline.domain.errors import InputError, Masalah
from pipeline.inputs.grid import GridError, read_grids, visible_tables
from pipeline.inputs.numbers import NumberError, angka_sel

STEM = "realisasi-keuangan"
HEADERS = {
    "program": ("Program/Kegiatan", "Program / Kegiatan", "Program", "Kegiatan", "Uraian"),
    "anggaran": ("Anggaran", "Pagu", "Pagu Anggaran", "Anggaran (Rp)"),
    "realisasi": ("Realisasi", "Realisasi (Rp)", "Realisasi Keuangan"),
    "sasaran": ("Sasaran", "Sasaran Strategis"),  # optional: the sasaran the program serves
}
REQUIRED = ("program", "anggaran", "realisasi")


@dataclass(frozen=True)
class Keuangan:
    """One Program/Kegiatan: its budget and what was spent by the end of the quarter."""

    program: str
    anggaran: Decimal
    realisasi: Decimal
    sasaran: str = ""

    @property
    def serapan(self) -> Decimal | None:
        """Spent as a percentage of the budget, two decimals."""
        if not self.anggaran:
            return None
        value = self.realisasi / self.anggaran * 100
        return value.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def find_file(folder: Path) -> Path | None:
    for suffix in (".xlsx", ".xls", ".ods", ".csv"):
        path = folder / f"{STEM}{suffix}"
        if path.is_file():
            return path
    return None


def is_keuangan(path: Path) -> bool:
    """Whether a file in the returns folder is the finance report rather than a return."""
    return path.stem.lower() == STEM


def load_keuangan(path: Path) -> list[Keuangan]:
    """Read the finance report; every problem reported with its place."""
    try:
        grids = read_grids(path)
    except GridError as exc:
        raise InputError([exc.masalah], "Realisasi keuangan tidak dapat dibaca") from None
    table = next(visible_tables(grids, HEADERS, REQUIRED), None)
    if table is None:
        raise InputError(
            [
                Masalah(
                    grids[0].lokasi() if grids else None,
                    "kolom 'Program/Kegiatan', 'Anggaran' dan 'Realisasi' tidak ditemukan",
                )
            ],
            "Realisasi keuangan tidak lengkap",
        )
    problems: list[Masalah] = []
    rows: list[Keuangan] = []
    for row, values in table.records():
        program = str(values.get("program") or "").strip()
        if not program or program.lower().startswith("jumlah"):
            continue  # a total row typed by the user is recomputed, not read
        numbers = {}
        for name in ("anggaran", "realisasi"):
            try:
                number = angka_sel(table, row, values, name, False)
            except NumberError as exc:
                problems.append(Masalah(table.lokasi(row, name), str(exc)))
                continue
            if number is None or number < 0:
                problems.append(Masalah(table.lokasi(row, name), "isi dengan angka 0 atau lebih"))
                continue
            numbers[name] = number
        if len(numbers) == 2:
            sasaran = str(values.get("sasaran") or "").strip()
            rows.append(Keuangan(program, numbers["anggaran"], numbers["realisasi"], sasaran))
    if problems:
        raise InputError(problems, "Realisasi keuangan bermasalah")
    return rows


def total(rows: list[Keuangan]) -> Keuangan:
    return Keuangan(
        "Jumlah",
        sum((r.anggaran for r in rows), Decimal(0)),
        sum((r.realisasi for r in rows), Decimal(0)),
    )
