"""Issue-4 guarantees outside the corpus: Perjanjian Kinerja checks, warnings, literal text,
safe file names, and what an unexpected failure looks like."""

from __future__ import annotations

import re
from pathlib import Path

from openpyxl import load_workbook

from pipeline.domain.names import slug
from tests.conftest import docx_text, edit_return, pengukuran_table, quarter, table_rows, terisi

PERIOD = ("--tahun", "2024", "--triwulan", "3")
PK = Path("inputs/2024/perjanjian-kinerja.xlsx")
TW3 = Path("inputs/2024/TW3")


def edit_pk(sample: Path, edit) -> None:
    workbook = load_workbook(sample / PK)
    edit(workbook.active)
    workbook.save(sample / PK)


def test_perjanjian_without_a_required_column_names_it(run, sample):
    edit_pk(sample, lambda sheet: sheet.delete_cols(9))  # Target TW III
    result = run("himpun", "--workspace", sample, *PERIOD)
    assert result.exit_code == 1
    assert (
        "  - perjanjian-kinerja.xlsx, sheet 'PK 2024': kolom 'Target TW III' tidak ditemukan; "
        "baris judul tabel harus memuat kolom Unit, Sasaran, Indikator Kinerja, Satuan, "
        "Polaritas, Target Tahunan, Target TW I, Target TW II, Target TW III, Target TW IV"
    ) in result.output.splitlines()


def test_perjanjian_with_unknown_polaritas_and_bad_target(run, sample):
    def edit(sheet):
        sheet["E4"] = "naik"
        sheet["F5"] = "seratus"

    edit_pk(sample, edit)
    result = run("himpun", "--workspace", sample, *PERIOD)
    assert result.exit_code == 1
    lines = result.output.splitlines()
    assert (
        "  - perjanjian-kinerja.xlsx, sheet 'PK 2024', baris 4, kolom 'Polaritas': 'naik' tidak "
        "dikenal; tulis positif atau negatif"
    ) in lines
    assert (
        "  - perjanjian-kinerja.xlsx, sheet 'PK 2024', baris 5, kolom 'Target Tahunan': "
        "'seratus' bukan angka; tulis angka saja, mis. 85,5 atau 1.250"
    ) in lines


def test_zero_target_and_blank_realisasi_are_warnings_shown_in_the_documents(run, sample):
    edit_pk(sample, lambda sheet: sheet.cell(4, 9, 0))  # Nilai SAKIP, Target TW III
    path = sample / TW3 / "format-isian-sekretariat-2024-TW3.xlsx"
    workbook = load_workbook(path)
    workbook.active["F11"] = None
    workbook.save(path)
    result = run("proses", "--workspace", sample, *PERIOD, "--tanggal", "2024-10-07")
    assert result.exit_code == 0, result.output
    assert (
        "target TW3 'Nilai SAKIP Kecamatan' (Sekretariat) kosong atau 0 di Perjanjian Kinerja; "
        "capaiannya ditandai '-'"
    ) in result.output
    assert "baris 11, kolom 'Realisasi': realisasi 'Persentase dokumen" in result.output
    document = sample / "outputs/2024/TW3/draft/pengukuran-kinerja-2024-TW3.docx"
    rows = pengukuran_table(document)
    assert quarter(rows["Nilai SAKIP Kecamatan"]) == ["0", "68,2", "-"]
    text = docx_text(document)
    assert "Nilai SAKIP Kecamatan (Sekretariat): target triwulan 0, capaian tidak dihitung." in text
    assert "(Sekretariat): realisasi belum diisi." in text
    assert not re.search(r"\b(inf|nan|Infinity)\b", text, flags=re.IGNORECASE)


def test_text_from_returns_is_printed_exactly_as_typed(run, sample):
    long_note = "Catatan panjang. " * 300  # 5.100 characters
    notes = {
        "H10": "Tanda & < > \"kutip\" 'tunggal' {{ 7*7 }} {% if x %}ya{% endif %} 🎉",
        "H11": "baris satu\nbaris dua",
        "H12": long_note.strip(),
    }
    edit_return(sample, "format-isian-sekretariat-2024-TW3.xlsx", notes)
    assert run("proses", "--workspace", sample, *PERIOD).exit_code == 0
    rows = table_rows(terisi(sample, "sekretariat"), "No", "Keterangan")
    column = rows[0].index("Keterangan")
    assert [r[column] for r in rows[1:]] == list(notes.values())


def test_unit_names_become_safe_file_names(run, sample):
    assert slug("Seksi Sosial/Budaya") == "seksi-sosial-budaya"
    assert slug("../..") == "unit"
    assert slug("Seksi Kesejahteraan Sosial") == "seksi-kesejahteraan-sosial"

    def rename(sheet):
        for row in range(4, sheet.max_row + 1):
            if sheet.cell(row, 1).value == "Seksi Kesejahteraan Sosial":
                sheet.cell(row, 1, "Seksi Sosial/Budaya")

    edit_pk(sample, rename)
    workbook = load_workbook(sample / PK)  # the Rencana Aksi names the unit too
    rename(workbook["Rencana Aksi"])
    workbook.save(sample / PK)
    result = run("format-isian", "--workspace", sample, *PERIOD)
    assert result.exit_code == 0, result.output
    made = sample / "outputs/2024/TW3/format-isian/format-isian-seksi-sosial-budaya-2024-TW3.xlsx"
    assert made.is_file()
    assert not (sample / "outputs/2024/TW3/format-isian/format-isian-seksi-sosial").exists()


def test_unexpected_failure_is_one_line_and_a_log(run, sample, monkeypatch):
    import pipeline.workflow.himpun

    def broken(*args, **kwargs):
        raise RuntimeError("disk penuh")

    monkeypatch.setattr(pipeline.workflow.himpun, "collect_returns", broken)
    result = run("himpun", "--workspace", sample, *PERIOD)
    assert result.exit_code == 1
    log = sample / "outputs" / "kinerja-galat.log"
    assert result.output == (
        "Galat tak terduga pada langkah 'himpun', berkas inputs/2024/perjanjian-kinerja.xlsx: "
        "RuntimeError: disk penuh. Tidak ada berkas yang diubah. Rincian ditulis ke "
        f"{log}\n"
    )
    assert "Traceback" in log.read_text(encoding="utf-8")
