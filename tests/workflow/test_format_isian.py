"""`kinerja format-isian`: the forms to fill in Excel and to print from Word."""

from __future__ import annotations

from openpyxl import load_workbook

from tests.conftest import docx_text, table_rows


def make_forms(run, sample):
    result = run("format-isian", "--workspace", sample, "--tahun", "2024", "--triwulan", "IV")
    assert result.exit_code == 0, result.output
    return sample / "outputs/2024/TW4"


def test_xlsx_form_prefills_targets_and_locks_all_but_realisasi(run, sample):
    folder = make_forms(run, sample)
    sheet = load_workbook(
        folder / "format-isian/format-isian-seksi-ketentraman-dan-ketertiban-umum-2024-TW4.xlsx"
    ).active
    assert sheet["A1"].value == "FORMAT ISIAN DATA KINERJA TRIWULAN IV TAHUN 2024"
    assert sheet["A2"].value == "KECAMATAN AWAYAN"
    assert sheet["A5"].value == "Unit Kerja"
    assert sheet["C5"].value == "Seksi Ketentraman dan Ketertiban Umum"
    header = [c.value for c in sheet[9]]
    assert header == [
        "No",
        "Sasaran",
        "Indikator Kinerja",
        "Satuan",
        "Target",
        "Realisasi",
        "Capaian (%)",
        "Keterangan",
        "Faktor Pendukung",
        "Faktor Penghambat",
        "Upaya / Tindak Lanjut",
        "Bukti Dukung",
    ]
    first = [c.value for c in sheet[10]]
    assert first[:6] == [
        1,
        "Meningkatnya ketentraman dan ketertiban umum",
        "Jumlah gangguan ketentraman dan ketertiban umum",
        "Kejadian",
        3,
        None,
    ]
    # negative polarity: the live formula is (2 × target − realisasi) ÷ target
    assert first[6] == '=IF(OR(F10="",E10="",E10=0),"",ROUND(MAX(0,(2*E10-F10)/E10*100),2))'
    assert sheet["G11"].value == '=IF(OR(F11="",E11="",E11=0),"",ROUND(F11/E11*100,2))'
    assert sheet.protection.sheet is True
    assert sheet["F10"].protection.locked is False  # Realisasi
    assert sheet["H10"].protection.locked is False  # Keterangan
    for cell in ("I10", "J10", "K10", "L10"):  # faktor pendukung, penghambat, upaya, bukti
        assert sheet[cell].protection.locked is False
    assert sheet["E10"].protection.locked is True  # Target
    assert sheet["C10"].protection.locked is True


def test_pengukuran_form_shows_annual_and_quarter_target(run, sample):
    folder = make_forms(run, sample)
    sheet = load_workbook(
        folder / "format-pengukuran/format-pengukuran-subbag-perencanaan-dan-keuangan-2024-TW4.xlsx"
    ).active
    assert [c.value for c in sheet[9]][4:7] == ["Target Tahunan", "Target TW IV", "Realisasi TW IV"]
    assert [c.value for c in sheet[10]][4:6] == [95, 95]


def test_docx_form_has_kop_blank_realisasi_and_unit_signature(run, sample):
    folder = make_forms(run, sample)
    path = folder / "format-isian/format-isian-seksi-kesejahteraan-sosial-2024-TW4.docx"
    text = docx_text(path)
    assert "PEMERINTAH KABUPATEN BALANGAN" in text
    assert "FORMAT ISIAN DATA KINERJA TRIWULAN IV TAHUN 2024" in text
    assert "DRAFT" not in text  # a blank form is not a draft of anything
    assert "Awayan, ................ 2024" in text
    assert "H. ABDUL HADI, S.Pd" in text
    rows = table_rows(path, "No", "Keterangan")
    assert rows[1][2:] == [
        "Persentase bantuan sosial yang tersalurkan tepat sasaran",
        "%",
        "100",
        "",
        "",
        "",
        "",
        "",
        "",
    ]


def test_every_unit_gets_both_forms_in_both_formats(run, sample):
    folder = make_forms(run, sample)
    assert len(list((folder / "format-isian").glob("*.xlsx"))) == 7
    assert len(list((folder / "format-isian").glob("*.docx"))) == 7
    assert len(list((folder / "format-pengukuran").glob("*.xlsx"))) == 7
    assert len(list((folder / "format-pengukuran").glob("*.docx"))) == 7
