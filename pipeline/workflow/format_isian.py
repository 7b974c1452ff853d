"""Stage `format-isian`: the forms sent to every Kasi and Kasubbag (.xlsx to fill, .docx to print).

Two forms exist, one per SOP: the Format Isian Data Kinerja Triwulan (071/03) and the Format
Pengukuran Kinerja Triwulan (071/02), which also shows the annual target.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from pipeline.documents.triwulan import Hasil, render_isian
from pipeline.domain.model import Indikator, Pengukuran, Polaritas
from pipeline.domain.names import slug
from pipeline.domain.periode import Periode
from pipeline.inputs.config import Config, load_config
from pipeline.inputs.perjanjian import load_perjanjian
from pipeline.inputs.rencana_aksi import (
    PELAKSANAAN,
    Aksi,
    load_rencana,
    per_indikator,
    periksa_target,
)
from pipeline.store.ooxml import stable_package, write_all_atomic
from pipeline.store.sheets import Rumus, tulis_sel
from pipeline.store.workspace import Workspace

ISIAN = "format-isian"
TANGGAL_LABEL = "Tanggal"
PENGUKURAN = "format-pengukuran"
SHEET_AKSI = "Rencana Aksi"
# the causes behind a number and what the unit will do (the Laporan quotes them per sasaran)
CAUSE_HEADERS = ("Faktor Pendukung", "Faktor Penghambat", "Upaya / Tindak Lanjut")
BUKTI_HEADER = "Bukti Dukung"
_TITLES = {
    ISIAN: "FORMAT ISIAN DATA KINERJA",
    PENGUKURAN: "FORMAT PENGUKURAN KINERJA",
}


def make_forms(workspace: Path, periode: Periode) -> Hasil:
    """Write both forms for every unit of the Perjanjian Kinerja."""
    ws = Workspace(workspace)
    config = load_config(workspace)
    pk_path = ws.perjanjian_path(periode.tahun)
    indikator = load_perjanjian(pk_path, periode.triwulan)
    aksi = per_indikator(load_rencana(pk_path, indikator), periode.triwulan)
    units: dict[str, list[Indikator]] = {}
    for item in indikator:
        units.setdefault(item.unit, []).append(item)
    when = dt.date(periode.tahun, 1, 1)
    files: dict[Path, bytes] = {}
    for jenis in (ISIAN, PENGUKURAN):
        folder = ws.outputs(periode) / jenis
        for unit, items in units.items():
            stem = f"{jenis}-{slug(unit)}-{periode.stem}"
            blank = [Pengukuran(i, i.target(periode.triwulan), None) for i in items]
            planned = [a for i in items for a in aksi.get((i.unit, i.nama), [])]
            files[folder / f"{stem}.xlsx"] = form_xlsx(
                config, periode, unit, items, jenis, when, planned
            )
            files[folder / f"{stem}.docx"] = render_isian(
                ws,
                config,
                periode,
                unit,
                blank,
                None,
                draft=False,
                pengukuran=jenis == PENGUKURAN,
                kosong=True,
                aksi=planned,
            )
    warnings = [str(m) for m in periksa_target(pk_path, indikator)]
    return Hasil(write_all_atomic(files), warnings)


def form_xlsx(
    config: Config,
    periode: Periode,
    unit: str,
    items: Sequence[Indikator],
    jenis: str,
    when: dt.date,
    aksi: Sequence[Aksi] = (),
) -> bytes:
    """The form to fill in Excel: targets prefilled and protected, Capaian a live formula; with
    `aksi`, a second sheet where the unit says how each planned action was carried out."""
    from pipeline.inputs.xlsx import tanpa_numpy

    tanpa_numpy()
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Border, Font, PatternFill, Protection, Side
    from openpyxl.worksheet.datavalidation import DataValidation

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Format Isian" if jenis == ISIAN else "Format Pengukuran"
    headers = ["No", "Sasaran", "Indikator Kinerja", "Satuan"]
    widths = [5, 32, 40, 12]
    if jenis == PENGUKURAN:
        headers += [
            "Target Tahunan",
            f"Target TW {periode.romawi}",
            f"Realisasi TW {periode.romawi}",
        ]
        widths += [11, 11, 12]
    else:
        headers += ["Target", "Realisasi"]
        widths += [11, 12]
    headers += ["Capaian (%)", "Keterangan", *CAUSE_HEADERS, BUKTI_HEADER]
    widths += [11, 40, 36, 36, 36, 30]
    last_col = len(headers)

    title = f"{_TITLES[jenis]} TRIWULAN {periode.romawi} TAHUN {periode.tahun}"
    rows = [
        (title, Font(bold=True, size=13)),
        (config.instansi.nama.upper(), Font(bold=True, size=12)),
        (config.instansi.pemerintah.upper(), Font(size=11)),
    ]
    for index, (text, font) in enumerate(rows, start=1):
        tulis_sel(sheet, index, 1, text).font = font
        sheet.merge_cells(start_row=index, start_column=1, end_row=index, end_column=last_col)
        sheet.cell(index, 1).alignment = Alignment(horizontal="center")
    tulis_sel(sheet, 5, 1, "Unit Kerja").font = Font(bold=True)
    tulis_sel(sheet, 5, 3, unit).font = Font(bold=True)
    tulis_sel(sheet, 6, 1, "Periode")
    tulis_sel(sheet, 6, 3, periode.label)
    tulis_sel(sheet, 7, 1, TANGGAL_LABEL)
    tulis_sel(
        sheet,
        8,
        1,
        "Petunjuk: isi Tanggal pengisian, kolom Realisasi (angka) dan Keterangan (wajib bila "
        "capaian di bawah 100% atau di atas 100%), serta Faktor Pendukung, Faktor Penghambat "
        "dan Upaya / Tindak Lanjut (dikutip dalam Laporan Kinerja), serta nama berkas Bukti "
        "Dukung. Kolom lain terkunci; Capaian dihitung otomatis."
        + (" Isi juga sheet Rencana Aksi." if aksi else ""),
    )
    sheet.cell(8, 1).font = Font(italic=True, size=9)

    header_row = 9
    thin = Side(style="thin")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    fill = PatternFill("solid", fgColor="D9D9D9")
    editable_fill = PatternFill("solid", fgColor="FFF2CC")
    for col, (text, width) in enumerate(zip(headers, widths, strict=True), start=1):
        cell = tulis_sel(sheet, header_row, col, text)
        cell.font = Font(bold=True)
        cell.fill = fill
        cell.border = border
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        sheet.column_dimensions[cell.column_letter].width = width

    target_col = headers.index("Target" if jenis == ISIAN else f"Target TW {periode.romawi}") + 1
    realisasi_col = target_col + 1
    keterangan_col = headers.index("Keterangan") + 1
    capaian_col = keterangan_col - 1
    free_cols = (realisasi_col, *range(keterangan_col, last_col + 1))
    validation = DataValidation(
        type="decimal",
        operator="greaterThanOrEqual",
        formula1="0",
        allow_blank=True,
        showErrorMessage=True,
        errorTitle="Realisasi",
        error="Realisasi harus angka 0 atau lebih, mis. 85,5",
    )
    sheet.add_data_validation(validation)
    _tanggal_isian(sheet, editable_fill, border)
    for offset, item in enumerate(items, start=1):
        row = header_row + offset
        values: list[object] = [offset, item.sasaran, item.nama, item.satuan]
        if jenis == PENGUKURAN:
            values.append(_number(item.target_tahunan))
        values += [
            _number(item.target(periode.triwulan)),
            None,
            _capaian_formula(row, target_col, realisasi_col, item.polaritas),
            None,
            None,
            None,
            None,
            None,
        ]
        for col, value in enumerate(values, start=1):
            cell = tulis_sel(sheet, row, col, value)
            cell.border = border
            cell.alignment = Alignment(vertical="top", wrap_text=True)
        for col in free_cols:
            sheet.cell(row, col).protection = Protection(locked=False)
            sheet.cell(row, col).fill = editable_fill
        sheet.cell(row, capaian_col).number_format = "0.00"
        letter = sheet.cell(row, realisasi_col).coordinate
        validation.add(letter)
    sheet.freeze_panes = sheet.cell(header_row + 1, 1)
    sheet.print_title_rows = f"{header_row}:{header_row}"
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.protection.sheet = True
    sheet.protection.formatColumns = False
    sheet.protection.formatRows = False
    if aksi:
        _sheet_aksi(workbook, periode, unit, aksi, border, fill, editable_fill)
    workbook.properties.title = f"{title} – {unit}"
    workbook.properties.creator = "kinerja"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return stable_package(buffer.getvalue(), when)


def _sheet_aksi(
    workbook, periode: Periode, unit: str, aksi: Sequence[Aksi], border, fill, editable
):
    """The sheet of the quarter's planned actions: Pelaksanaan chosen from a list, a note."""
    from openpyxl.styles import Alignment, Font, Protection
    from openpyxl.worksheet.datavalidation import DataValidation

    sheet = workbook.create_sheet(SHEET_AKSI)
    tulis_sel(sheet, 1, 1, f"RENCANA AKSI TRIWULAN {periode.romawi} TAHUN {periode.tahun}")
    sheet.cell(1, 1).font = Font(bold=True, size=13)
    tulis_sel(sheet, 2, 1, "Unit Kerja").font = Font(bold=True)
    tulis_sel(sheet, 2, 3, unit).font = Font(bold=True)
    tulis_sel(
        sheet,
        3,
        1,
        "Petunjuk: pilih Pelaksanaan setiap rencana aksi (Terlaksana, Sebagian, Tidak "
        "terlaksana) dan tulis catatannya, terutama bila tidak terlaksana penuh.",
    ).font = Font(italic=True, size=9)
    headers = ["No", "Indikator Kinerja", "Rencana Aksi", "Target", "Pelaksanaan", "Catatan"]
    for col, (text, width) in enumerate(zip(headers, [5, 40, 44, 14, 18, 44], strict=True), 1):
        cell = tulis_sel(sheet, 5, col, text)
        cell.font, cell.fill, cell.border = Font(bold=True), fill, border
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        sheet.column_dimensions[cell.column_letter].width = width
    choice = DataValidation(
        type="list",
        formula1='"' + ",".join(PELAKSANAAN) + '"',
        allow_blank=True,
        showErrorMessage=True,
        errorTitle="Pelaksanaan",
        error="Pilih Terlaksana, Sebagian atau Tidak terlaksana",
    )
    sheet.add_data_validation(choice)
    for offset, a in enumerate(aksi, start=1):
        row = 5 + offset
        for col, value in enumerate([offset, a.indikator, a.uraian, a.target, None, None], 1):
            cell = tulis_sel(sheet, row, col, value)
            cell.border = border
            cell.alignment = Alignment(vertical="top", wrap_text=True)
        for col in (5, 6):
            sheet.cell(row, col).protection = Protection(locked=False)
            sheet.cell(row, col).fill = editable
        choice.add(sheet.cell(row, 5).coordinate)
    sheet.page_setup.orientation = "landscape"
    sheet.protection.sheet = True


def _tanggal_isian(sheet: Any, fill: Any, border: Any) -> None:
    """The unit's own date (C7), open to fill and checked as a date: it dates the unit head's
    signature on the Format Isian terisi."""
    from openpyxl.styles import Protection
    from openpyxl.worksheet.datavalidation import DataValidation

    tanggal = sheet.cell(7, 3)
    tanggal.protection = Protection(locked=False)
    tanggal.fill = fill
    tanggal.border = border
    tanggal.number_format = "d mmmm yyyy"
    dates = DataValidation(
        type="date",
        operator="greaterThan",
        formula1="DATE(2000,1,1)",
        allow_blank=True,
        showErrorMessage=True,
        errorTitle="Tanggal",
        error="Tulis tanggal pengisian, mis. 03/10/2024",
    )
    sheet.add_data_validation(dates)
    dates.add(tanggal.coordinate)


def _number(value):
    if value is None:
        return None
    return int(value) if value == value.to_integral() else float(value)


def _capaian_formula(row: int, target_col: int, realisasi_col: int, polaritas: Polaritas) -> Rumus:
    from pipeline.inputs.xlsx import tanpa_numpy

    tanpa_numpy()
    from openpyxl.utils import get_column_letter

    t = f"{get_column_letter(target_col)}{row}"
    r = f"{get_column_letter(realisasi_col)}{row}"
    if polaritas is Polaritas.POSITIF:
        value = f"{r}/{t}*100"
    else:
        value = f"MAX(0,(2*{t}-{r})/{t}*100)"
    return Rumus(f'=IF(OR({r}="",{t}="",{t}=0),"",ROUND({value},2))')
