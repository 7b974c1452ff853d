"""The Perjanjian Kinerja: the year's signed indicators and targets, one row per indicator."""

from __future__ import annotations

import functools
from pathlib import Path

from pipeline.domain.errors import InputError, Lokasi, Masalah
from pipeline.domain.model import Akumulasi, Indikator, Polaritas
from pipeline.domain.names import pembeda, slug
from pipeline.inputs.grid import (
    Grid,
    GridError,
    Table,
    boleh_persen,
    find_table,
    normalise,
    read_grids,
)
from pipeline.inputs.numbers import NumberError, angka_sel

HEADERS: dict[str, tuple[str, ...]] = {
    "unit": ("Unit", "Unit Kerja"),
    "sasaran": ("Sasaran", "Sasaran Strategis", "Sasaran Program"),
    "indikator": ("Indikator Kinerja", "Indikator"),
    "satuan": ("Satuan",),
    "polaritas": ("Polaritas",),
    "target_tahunan": ("Target Tahunan", "Target Tahun"),
    "tw1": ("Target TW I", "Target TW 1", "Target Triwulan I"),
    "tw2": ("Target TW II", "Target TW 2", "Target Triwulan II"),
    "tw3": ("Target TW III", "Target TW 3", "Target Triwulan III"),
    "tw4": ("Target TW IV", "Target TW 4", "Target Triwulan IV"),
    "akumulasi": ("Akumulasi",),
    "target_renstra": ("Target Akhir Renstra", "Target Renstra", "Target Akhir Periode Renstra"),
}
REQUIRED = ("unit", "sasaran", "indikator", "satuan", "target_tahunan", "tw1", "tw2", "tw3", "tw4")
COLUMN_TITLES = [HEADERS[name][0] for name in HEADERS]
_AKUMULASI = {normalise(a.value): a for a in Akumulasi} | {"rata rata": Akumulasi.RATA_RATA}


def load_perjanjian(path: Path) -> list[Indikator]:
    """Read and check the Perjanjian Kinerja; every problem is reported at once. Read once per
    process for as long as the file is unchanged (several quarters of a run use it)."""
    stat = path.stat()
    return list(_load(path, stat.st_mtime_ns, stat.st_size))


@functools.lru_cache(maxsize=8)
def _load(path: Path, mtime_ns: int, size: int) -> tuple[Indikator, ...]:
    return tuple(_read(path))


def _read(path: Path) -> list[Indikator]:
    try:
        grids = read_grids(path)
    except GridError as exc:
        raise InputError([exc.masalah], "Perjanjian Kinerja tidak dapat dibaca") from None
    table = next(
        (t for g in grids if not g.hidden if (t := find_table(g, HEADERS, REQUIRED))), None
    )
    if table is None:
        raise InputError([_missing_columns(grids, path)], "Perjanjian Kinerja tidak lengkap")
    problems: list[Masalah] = []
    indikator: list[Indikator] = []
    seen: dict[tuple[str, str], int] = {}
    stems: dict[str, tuple[str, int]] = {}  # file name of a unit -> (unit, first row)
    for row, values in table.records():
        item = _indikator(table, row, values, problems)
        if item is None:
            continue
        if not _distinct_file_name(table, row, item.unit, stems, problems):
            continue
        key = (normalise(item.unit), normalise(item.nama))
        if key in seen:
            problems.append(
                Masalah(
                    table.lokasi(row, "indikator"),
                    f"indikator '{item.nama}' unit '{item.unit}' sudah ada di baris {seen[key]}; "
                    "hapus salah satu",
                )
            )
            continue
        seen[key] = row
        indikator.append(item)
    if not indikator and not problems:
        problems.append(Masalah(table.lokasi(None, None), "tidak ada indikator; isi tabelnya"))
    if problems:
        raise InputError(problems, "Perjanjian Kinerja bermasalah")
    return indikator


def _distinct_file_name(
    table: Table,
    row: int,
    unit: str,
    stems: dict[str, tuple[str, int]],
    problems: list[Masalah],
) -> bool:
    """Two units whose names make the same file name would overwrite each other's forms."""
    stem = slug(unit)
    other, first_row = stems.setdefault(stem, (unit, row))
    if other == unit:
        return True
    reported = f"{stem}\0{unit}"  # one problem per pair of names, not one per row
    if reported not in stems:
        stems[reported] = (unit, row)
        problems.append(
            Masalah(
                table.lokasi(row, "unit"),
                f"unit '{unit}' dan unit '{other}' (baris {first_row}) menghasilkan nama berkas "
                f"yang sama ('{stem}'), sehingga formulirnya saling menimpa; {pembeda(unit)}",
            )
        )
    return False


def _missing_columns(grids: list[Grid], path: Path) -> Masalah:
    """Name the columns missing from the sheet that came closest to being the table."""
    best: tuple[int, list[str], str | None] = (-1, list(REQUIRED), None)
    for grid in grids:
        for row in grid.rows:
            found = {
                name
                for value in row
                for name, aliases in HEADERS.items()
                if value is not None and normalise(value) in {normalise(a) for a in aliases}
            }
            if len(found) > best[0]:
                best = (len(found), [n for n in REQUIRED if n not in found], grid.sheet)
    missing = ", ".join(f"'{HEADERS[n][0]}'" for n in best[1])
    return Masalah(
        Lokasi(path.name, best[2]),
        f"kolom {missing} tidak ditemukan; baris judul tabel harus memuat kolom "
        + ", ".join(COLUMN_TITLES[:10]),
    )


def _indikator(
    table: Table, row: int, values: dict[str, object], problems: list[Masalah]
) -> Indikator | None:
    texts = {
        k: str(values.get(k) or "").strip() for k in ("unit", "sasaran", "indikator", "satuan")
    }
    for name, text in texts.items():
        if not text:
            problems.append(Masalah(table.lokasi(row, name), "kosong; isi sel ini"))
    polaritas = _polaritas(table, row, values.get("polaritas"), problems)
    akumulasi = _AKUMULASI.get(normalise(values.get("akumulasi") or "terakhir"))
    if akumulasi is None:
        problems.append(
            Masalah(
                table.lokasi(row, "akumulasi"),
                f"'{values.get('akumulasi')}' tidak dikenal; tulis jumlah, terakhir atau rata-rata",
            )
        )
    optional = ("target_renstra",) if "target_renstra" in table.columns else ()
    numbers: dict[str, object] = {"target_renstra": None}
    for name in ("target_tahunan", "tw1", "tw2", "tw3", "tw4", *optional):
        try:
            number = angka_sel(table, row, values, name, boleh_persen(texts["satuan"]))
        except NumberError as exc:
            problems.append(Masalah(table.lokasi(row, name), str(exc)))
            continue
        if number is not None and number < 0:
            problems.append(Masalah(table.lokasi(row, name), "target tidak boleh negatif"))
        numbers[name] = number
    if len(numbers) < 6 or not all(texts.values()) or polaritas is None or akumulasi is None:
        return None
    return Indikator(
        unit=texts["unit"],
        sasaran=texts["sasaran"],
        nama=texts["indikator"],
        satuan=texts["satuan"],
        polaritas=polaritas,
        target_tahunan=numbers["target_tahunan"],  # type: ignore[arg-type]
        target_tw=(numbers["tw1"], numbers["tw2"], numbers["tw3"], numbers["tw4"]),  # type: ignore[arg-type]
        akumulasi=akumulasi,
        target_renstra=numbers["target_renstra"],  # type: ignore[arg-type]
    )


def _polaritas(table: Table, row: int, value: object, problems: list[Masalah]) -> Polaritas | None:
    text = normalise(value or "")
    if text in ("", "positif", "positive"):
        return Polaritas.POSITIF
    if text in ("negatif", "negative"):
        return Polaritas.NEGATIF
    problems.append(
        Masalah(
            table.lokasi(row, "polaritas"), f"'{value}' tidak dikenal; tulis positif atau negatif"
        )
    )
    return None
