"""Stage `ekspor`: the quarter's data laid out for entry into E-Monev and E-Kino.

Cells are written by pipeline.store.sheets, which neutralises text a spreadsheet could take for a
formula, so a Keterangan such as `=HYPERLINK(...)` stays text in whatever program opens the export.
"""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass
from pathlib import Path

from pipeline.domain.errors import ArsipError
from pipeline.domain.model import Pengukuran
from pipeline.domain.periode import Periode
from pipeline.store import dataset
from pipeline.store.ooxml import stable_package, write_all_atomic
from pipeline.store.revisions import latest_data
from pipeline.store.sheets import csv_bytes, tulis_baris, tulis_sel
from pipeline.store.workspace import Workspace

COLUMNS = [
    "Unit",
    "Sasaran",
    "Indikator Kinerja",
    "Satuan",
    "Target",
    "Realisasi",
    "Capaian (%)",
    "Keterangan",
]


@dataclass(frozen=True)
class HasilEkspor:
    files: list[Path]
    sumber: str
    disahkan: bool


def _rows(data: list[Pengukuran]) -> list[list[object]]:
    return [
        [
            p.indikator.unit,
            p.indikator.sasaran,
            p.indikator.nama,
            p.indikator.satuan,
            p.target,
            p.realisasi,
            p.capaian,
            p.keterangan or p.catatan,
        ]
        for p in data
    ]


def ekspor(workspace: Path, periode: Periode, tanggal: dt.date) -> HasilEkspor:
    """Write ekspor/e-kino-e-monev-<tahun>-TW<n>.xlsx and .csv from the latest approved data."""
    ws = Workspace(workspace)
    source, label = latest_data(ws, periode)
    approved = label.startswith("rev-")
    if approved and source is not None:
        from pipeline.store.revisions import check_folder

        problems = check_folder(source.parent)
        if problems:
            raise ArsipError(
                f"{label} tidak cocok dengan manifest-nya ({'; '.join(problems)}); tidak diekspor. "
                "Periksa dengan 'kinerja arsip --periksa'"
            )
    if not approved:
        source, label = ws.data_kinerja(periode), "draft (belum disahkan)"
    rows = _rows(dataset.read(source))
    folder = ws.ekspor(periode)
    stem = f"e-kino-e-monev-{periode.stem}"
    files = {
        folder / f"{stem}.csv": _csv(rows),
        folder / f"{stem}.xlsx": _xlsx(rows, tanggal),
    }
    return HasilEkspor(write_all_atomic(files), label, approved)


def _csv(rows: list[list[object]]) -> bytes:
    return csv_bytes(COLUMNS, rows)


def _xlsx(rows: list[list[object]], tanggal: dt.date) -> bytes:
    from pipeline.inputs.xlsx import tanpa_numpy

    tanpa_numpy()
    from openpyxl import Workbook
    from openpyxl.styles import Font

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "E-Kino E-Monev"
    for cell in tulis_baris(sheet, 1, COLUMNS):
        cell.font = Font(bold=True)
    for r, row in enumerate(rows, start=2):
        for c, value in enumerate(row, start=1):
            # a text cell is never evaluated, so it needs no apostrophe (which Excel would
            # show, and which would be typed into E-Kino)
            tulis_sel(sheet, r, c, value)
    for letter, width in zip("ABCDEFGH", [30, 40, 50, 10, 12, 12, 12, 40], strict=True):
        sheet.column_dimensions[letter].width = width
    buffer = io.BytesIO()
    workbook.save(buffer)
    return stable_package(buffer.getvalue(), tanggal)
