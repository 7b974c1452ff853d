"""The merged data of a quarter (data-kinerja-<tahun>-TW<n>.csv/.xlsx), written by `himpun`.

The CSV is what `olah` reads back. It is written the way an Indonesian Excel opens it directly:
UTF-8 with BOM, `;` between fields and a decimal comma.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import replace
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING

from pipeline.domain.errors import BerkasError, InputError, KinerjaError, Masalah
from pipeline.domain.model import (
    Akumulasi,
    Indikator,
    Pengukuran,
    Polaritas,
    predikat,
)
from pipeline.domain.periode import Periode
from pipeline.store.penyampaian import STATUS_BELUM
from pipeline.store.revisions import latest_data
from pipeline.store.sheets import asli, csv_bytes
from pipeline.store.workspace import Workspace

if TYPE_CHECKING:  # the configuration's reader is not needed to read the data back (status)
    from pipeline.inputs.config import Config
    from pipeline.inputs.keuangan import Keuangan

COLUMNS = [
    "Unit",
    "Sasaran",
    "Indikator Kinerja",
    "Satuan",
    "Polaritas",
    "Target Tahunan",
    "Target TW I",
    "Target TW II",
    "Target TW III",
    "Target TW IV",
    "Target",
    "Realisasi",
    "Capaian (%)",
    "Predikat",
    "Keterangan",
    "Status",
    "Sumber",
    "Akumulasi",
    "Tanggal Isian",
    "Faktor Pendukung",
    "Faktor Penghambat",
    "Upaya / Tindak Lanjut",
    "Target Akhir Renstra",
    # the quarter's Rencana Aksi (one action per line) and the evidence files, one per line
    "Rencana Aksi",
    "Target Rencana Aksi",
    "Pelaksanaan Rencana Aksi",
    "Catatan Rencana Aksi",
    "Bukti Dukung",
]
# the columns of the Rencana Aksi and the bukti dukung, kept beside the measurements
TAMBAHAN = COLUMNS[-5:]
STATUS_DILAPORKAN = "dilaporkan"
_FIELDS = {name: (name,) for name in COLUMNS}


def rows(
    pengukuran: Sequence[Pengukuran],
    config: Config,
    tambahan: Mapping[tuple[str, str], Sequence[str]] | None = None,
) -> list[list[object]]:
    """One row per indicator, in the column order of COLUMNS (numbers as Decimal or None);
    `tambahan` gives the TAMBAHAN columns by (unit, indikator)."""
    out: list[list[object]] = []
    empty = [""] * len(TAMBAHAN)
    for p in pengukuran:
        i = p.indikator
        out.append(
            [
                i.unit,
                i.sasaran,
                i.nama,
                i.satuan,
                i.polaritas.value,
                i.target_tahunan,
                *i.target_tw,
                p.target,
                p.realisasi,
                p.capaian,
                predikat(p.capaian, config.predikat),
                p.keterangan,
                STATUS_DILAPORKAN if p.dilaporkan else STATUS_BELUM,
                p.sumber,
                i.akumulasi.value,
                p.tanggal_isian.isoformat() if p.tanggal_isian else "",
                p.faktor_pendukung,
                p.faktor_penghambat,
                p.upaya,
                i.target_renstra,
                *(tambahan or {}).get((i.unit, i.nama), empty),
            ]
        )
    return out


def to_csv(table: list[list[object]]) -> bytes:
    """The merged CSV (text neutralised against formulas, see pipeline.store.sheets)."""
    return csv_bytes(COLUMNS, table)


def to_xlsx(table: list[list[object]], title: str, when: dt.date) -> bytes:
    """The merged data as a workbook to read: a frozen, filtered header and thousands
    separators on the targets and results (cells escaped by pipeline.store.sheets, written as plain
    XML by pipeline.inputs.xlsx, without the openpyxl import)."""
    from pipeline.store.xlsx import lembar_sederhana

    return lembar_sederhana(
        [list(COLUMNS), *table],
        sheet_name="Data Kinerja",
        title=title,
        widths=[24, 36, 40, 12, 10]
        + [11] * 8
        + [14, 40, 16, 30, 12, 12, 40, 40, 40, 12]
        + [50, 16, 18, 40, 40],
        formatted_columns=range(5, 13),
        when=when,
    )


def pastikan_ada(path: Path) -> None:
    """Refuse a step that needs the merged data before `himpun` made it."""
    if not path.is_file():
        raise BerkasError(
            f"{path}: data kinerja triwulan ini belum dihimpun; jalankan 'kinerja himpun' dahulu"
        )


def read(path: Path) -> list[Pengukuran]:
    """Read the merged CSV back into measurements (the Perjanjian Kinerja fields included)."""
    from pipeline.inputs.grid import GridError, find_table, read_grids
    from pipeline.inputs.numbers import NumberError, parse_angka

    pastikan_ada(path)
    try:
        grid = read_grids(path)[0]
    except GridError as exc:
        raise InputError([exc.masalah], "Data kinerja tidak dapat dibaca") from None
    table = find_table(grid, _FIELDS, tuple(COLUMNS[:14]))
    if table is None:
        raise BerkasError(
            f"{path}: bukan data kinerja dari 'kinerja himpun'; jalankan ulang himpun"
        )
    problems: list[Masalah] = []
    result = []
    for row, raw in table.records():
        values = {k: asli(v) if isinstance(v, str) else v for k, v in raw.items()}
        numbers = {}
        for name in [*COLUMNS[5:12], "Target Akhir Renstra"]:
            try:
                numbers[name] = parse_angka(values.get(name))
            except NumberError as exc:
                problems.append(Masalah(table.lokasi(row, name), str(exc)))
        if problems:
            continue
        indikator = Indikator(
            unit=str(values["Unit"] or ""),
            sasaran=str(values["Sasaran"] or ""),
            nama=str(values["Indikator Kinerja"] or ""),
            satuan=str(values["Satuan"] or ""),
            polaritas=Polaritas(str(values["Polaritas"] or "positif")),
            target_tahunan=numbers["Target Tahunan"],
            target_tw=tuple(numbers[f"Target TW {r}"] for r in ("I", "II", "III", "IV")),  # type: ignore[arg-type]
            akumulasi=Akumulasi(str(values.get("Akumulasi") or "terakhir")),
            target_renstra=numbers["Target Akhir Renstra"],
        )
        result.append(
            Pengukuran(
                indikator,
                numbers["Target"],
                numbers["Realisasi"],
                keterangan=str(values.get("Keterangan") or ""),
                dilaporkan=values.get("Status") != STATUS_BELUM,
                sumber=str(values.get("Sumber") or ""),
                tanggal_isian=_tanggal(values.get("Tanggal Isian")),
                faktor_pendukung=str(values.get("Faktor Pendukung") or ""),
                faktor_penghambat=str(values.get("Faktor Penghambat") or ""),
                upaya=str(values.get("Upaya / Tindak Lanjut") or ""),
            )
        )
    if problems:
        raise InputError(problems, "Data kinerja bermasalah")
    return result


def read_tambahan(path: Path) -> dict[tuple[str, str], list[str]]:
    """The TAMBAHAN columns of the merged data by (unit, indikator); empty for data merged before
    they existed."""
    from pipeline.inputs.grid import find_table, read_grids

    grid = read_grids(path)[0]
    table = find_table(grid, _FIELDS, tuple(COLUMNS[:3]))
    if table is None:
        return {}
    out = {}
    for _, raw in table.records():
        values = [asli(v) if isinstance(v, str) else v for v in (raw.get(k) for k in TAMBAHAN)]
        key = (asli(str(raw["Unit"] or "")), asli(str(raw["Indikator Kinerja"] or "")))
        out[key] = ["" if v is None else str(v) for v in values]
    return out


def _tanggal(value: object) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value)) if value else None


def with_earlier_quarters(
    ws: Workspace, periode: Periode, data: list[Pengukuran]
) -> tuple[list[Pengukuran], list[str]]:
    """The measurements with the realisasi of TW I … TW n-1 filled in from those quarters' data
    (their latest approved revision, else their draft), and notes on quarters not yet known."""
    earlier: dict[tuple[str, str, int], Decimal | None] = {}
    notes = []
    for triwulan in range(1, periode.triwulan):
        quarter = Periode(periode.tahun, triwulan)
        path, _ = latest_data(ws, quarter)
        measured = read(path) if path is not None else _collect_in_memory(ws, quarter, notes)
        for p in measured:
            earlier[(p.indikator.unit, p.indikator.nama, triwulan)] = p.realisasi
    filled = [
        replace(
            p,
            sebelumnya=tuple(
                earlier.get((p.indikator.unit, p.indikator.nama, k))
                for k in range(1, periode.triwulan)
            ),
        )
        for p in data
    ]
    return filled, notes


def _collect_in_memory(ws: Workspace, quarter: Periode, notes: list[str]) -> list[Pengukuran]:
    """An earlier quarter that was never collected: read its returns now, writing nothing."""
    from pipeline.inputs.perjanjian import load_perjanjian
    from pipeline.inputs.returns import collect_returns

    folder = ws.returns_dir(quarter)
    if not folder.is_dir():
        notes.append(f"Formulir {quarter.label} tidak ada; realisasinya ditandai '-'.")
        return []
    try:
        indikator = load_perjanjian(ws.perjanjian_path(quarter.tahun), quarter.triwulan)
        return collect_returns(folder, quarter, indikator).pengukuran
    except KinerjaError:
        notes.append(
            f"Formulir {quarter.label} bermasalah; jalankan 'kinerja himpun --triwulan "
            f"{quarter.triwulan}' untuk rinciannya. Realisasinya ditandai '-'."
        )
        return []


def load_optional_keuangan(ws: Workspace, periode: Periode) -> list[Keuangan]:
    """The quarter's Laporan Realisasi Keuangan rows, none when it has no such file."""
    from pipeline.inputs.keuangan import find_file as find_keuangan
    from pipeline.inputs.keuangan import load_keuangan

    path = find_keuangan(ws.returns_dir(periode))
    return load_keuangan(path) if path else []


def serapan_keuangan(ws: Workspace, periode: Periode) -> tuple[bool, Decimal | None]:
    """Whether the quarter has a Laporan Realisasi Keuangan, and its overall absorption."""

    from pipeline.inputs.keuangan import total

    rows = load_optional_keuangan(ws, periode)
    return bool(rows), (total(rows).serapan if rows else None)
