"""The regency's recap: ranking, capaian per sasaran and office, late and missing offices,
serapan anggaran, one chart per sasaran; pandas only in this command."""

from __future__ import annotations

import sys

from docx import Document
from openpyxl import Workbook, load_workbook

from benchmarks.regency import make_regency
from tests.conftest import docx_text, table_rows


def _regency(tmp_path, run):
    root = tmp_path / "kabupaten"
    offices = make_regency(root, offices=3, indicators=6, quarters=3)
    book = Workbook()
    book.active.append(["Program/Kegiatan", "Anggaran", "Realisasi"])
    book.active.append(["Program Penunjang", 1000000, 600000])
    book.save(offices[0] / "inputs/2024/TW3/realisasi-keuangan.xlsx")
    edit = offices[1] / "inputs/2024/TW3/isian-sekretariat.xlsx"
    workbook = load_workbook(edit)
    workbook.active["D5"] = 0.5  # Kantor 02 falls short on one indicator
    workbook.save(edit)
    for office, day in ((offices[0], "2024-10-07"), (offices[1], "2024-10-25")):
        result = run("proses", "-w", office, "--tahun", 2024, "--triwulan", 3, "--tanggal", day)
        assert result.exit_code == 0, result.output
    return root


def test_rekap_workbook_and_document(tmp_path, run):
    root = _regency(tmp_path, run)
    result = run("rekap", "-w", root, "--tahun", 2024, "--triwulan", 3)
    assert result.exit_code == 0, result.output
    assert "Rekap 3 kantor:" in result.output
    assert "Belum ada data: Kecamatan Kantor 03" in result.output
    assert "Terlambat: Kecamatan Kantor 02" in result.output
    book = load_workbook(root / "rekap/rekap-2024-TW3.xlsx")
    ranking = [list(r) for r in book["Peringkat"].iter_rows(values_only=True)]
    assert ranking[0] == ["Peringkat", "Kantor", "Capaian Rata-rata (%)", "Jumlah Indikator"]
    assert [r[:2] for r in ranking[1:]] == [[1, "Kecamatan Kantor 01"], [2, "Kecamatan Kantor 02"]]
    assert ranking[1][2] > ranking[2][2]
    serapan = [list(r) for r in book["Serapan Anggaran"].iter_rows(values_only=True)]
    assert serapan[1] == ["Kecamatan Kantor 01", 1000000, 600000, 60]
    path = root / "rekap/rekap-2024-TW3.docx"
    text = docx_text(path)
    assert "REKAPITULASI KINERJA KECAMATAN\nTRIWULAN III TAHUN 2024" in text
    status = table_rows(path, "Kantor", "Serapan (%)")
    assert status[1] == ["Kecamatan Kantor 01", "draft 7 Oktober 2024", "1.000.000", "600.000",
                         "60,00"]  # fmt: skip
    assert status[2][1] == "draft 25 Oktober 2024, terlambat"
    assert status[3][1] == "belum ada data (belum diolah)"
    assert "1. Sasaran 1 Sekretariat" in text
    sasaran = table_rows(path, "Kantor", "Capaian Rata-rata (%)")
    assert [r[0] for r in sasaran[1:]] == ["Kecamatan Kantor 01", "Kecamatan Kantor 02"]
    sections = {p.text for p in Document(path).paragraphs if p.text[:1].isdigit()}
    pictures = Document(path).inline_shapes
    assert len(pictures) == len(sections) >= 2  # a chart per sasaran


def test_rekap_says_how_to_install_pandas(tmp_path, run, monkeypatch):
    root = tmp_path / "kabupaten"
    make_regency(root, offices=1, indicators=2, quarters=1)
    monkeypatch.setitem(sys.modules, "pandas", None)
    result = run("rekap", "-w", root, "--tahun", 2024, "--triwulan", 1)
    assert result.exit_code == 1
    assert result.output.strip() == (
        "Galat: pandas belum terpasang; pasang dengan: pip install 'kinerja[rekap]' "
        "(atau pip install pandas)"
    )
