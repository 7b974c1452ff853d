"""`kinerja himpun` on returns that are missing, misnamed or in the wrong place."""

from __future__ import annotations

from pathlib import Path

from openpyxl import load_workbook

from tests.conftest import (
    docx_text,
    edit_return,
    pengukuran_table,
    quarter,
    table_rows,
    terisi,
)

PERIOD = ("--tahun", "2024", "--triwulan", "3")
TW3 = Path("inputs/2024/TW3")
SEKRETARIAT = "format-isian-sekretariat-2024-TW3.xlsx"


def written(sample: Path) -> list[Path]:
    """Documents and data under outputs/ (the quarter's hidden lock file is not output)."""
    return [p for p in (sample / "outputs").rglob("*") if p.is_file() and p.name[0] != "."]


def test_missing_unit_is_a_warning_and_shows_belum_dilaporkan(run, sample):
    (sample / TW3 / "kesos-tw3.csv").unlink()
    result = run("proses", "--workspace", sample, *PERIOD, "--tanggal", "2024-10-07")
    assert result.exit_code == 0, result.output
    assert "6 unit sudah menyampaikan formulir, 1 belum" in result.output
    assert "[ ] Seksi Kesejahteraan Sosial: belum menyampaikan" in result.output
    path = sample / "outputs/2024/TW3/draft/pengukuran-kinerja-2024-TW3.docx"
    rows = pengukuran_table(path)
    assert quarter(rows["Persentase rumah ibadah yang dibina"]) == ["60", "-", "-"]
    assert "Seksi Kesejahteraan Sosial belum menyampaikan formulir" in docx_text(path)
    terisi = sample / "outputs/2024/TW3/draft/format-isian-terisi"
    assert not list(terisi.glob("*kesejahteraan*"))


def test_unknown_indicator_is_rejected_with_suggestion_and_nothing_written(run, sample):
    edit_return(sample, SEKRETARIAT, {"C10": "Nilai SAKIP Kecamatn"})
    result = run("himpun", "--workspace", sample, *PERIOD)
    assert result.exit_code == 1
    assert (
        f"{SEKRETARIAT}, sheet 'Format Isian', baris 10, kolom 'Indikator Kinerja': indikator "
        "'Nilai SAKIP Kecamatn' tidak ada dalam Perjanjian Kinerja unit 'Sekretariat'; maksud "
        "Anda: 'Nilai SAKIP Kecamatan'?; perbaiki namanya sesuai Perjanjian Kinerja"
    ) in result.output
    assert written(sample) == []


def test_bad_number_names_file_sheet_row_and_column(run, sample):
    edit_return(sample, SEKRETARIAT, {"F11": "1,250.5"})
    result = run("himpun", "--workspace", sample, *PERIOD)
    assert result.exit_code == 1
    assert (
        f"  - {SEKRETARIAT}, sheet 'Format Isian', baris 11, kolom 'Realisasi': '1,250.5' memakai "
        "titik sebagai desimal dan koma sebagai ribuan; tulis dengan cara Indonesia, mis. 1.250,5"
    ) in result.output
    assert "Traceback" not in result.output


def test_a_failed_run_leaves_earlier_outputs_untouched(run, sample):
    assert run("proses", "--workspace", sample, *PERIOD).exit_code == 0
    before = {p: p.read_bytes() for p in (sample / "outputs").rglob("*.*")}
    edit_return(sample, SEKRETARIAT, {"F10": "abc"})
    assert run("proses", "--workspace", sample, *PERIOD).exit_code == 1
    assert {p: p.read_bytes() for p in (sample / "outputs").rglob("*.*")} == before


def test_form_of_another_quarter_is_rejected(run, sample):
    (sample / TW3 / SEKRETARIAT).unlink()
    other = sample / "inputs/2024/TW2/format-isian-sekretariat-2024-TW2.xlsx"
    (sample / TW3 / "sekretariat.xlsx").write_bytes(other.read_bytes())
    result = run("himpun", "--workspace", sample, *PERIOD)
    assert result.exit_code == 1
    assert (
        "sekretariat.xlsx, sheet 'Format Isian', baris 1: formulir ini untuk Triwulan II Tahun "
        "2024, bukan Triwulan III Tahun 2024; pindahkan ke folder triwulannya"
    ) in result.output


def test_two_returns_for_one_unit_name_both_files(run, sample):
    original = sample / TW3 / SEKRETARIAT
    (sample / TW3 / "sekretariat-revisi.xlsx").write_bytes(original.read_bytes())
    result = run("himpun", "--workspace", sample, *PERIOD)
    assert result.exit_code == 1
    assert (
        f"unit 'Sekretariat' sudah dikirim dalam {SEKRETARIAT} (sheet 'Format Isian'); "
        "simpan hanya satu formulir per unit di folder ini"
    ) in result.output
    assert "sekretariat-revisi.xlsx" in result.output


def test_comma_separated_csv_with_unit_in_file_name(run, sample):
    (sample / TW3 / "kesos-tw3.csv").unlink()
    (sample / TW3 / "Seksi Kesejahteraan Sosial.csv").write_text(
        "No,Indikator Kinerja,Realisasi,Keterangan\n"
        '1,Persentase bantuan sosial yang tersalurkan tepat sasaran,"99,5",\n'
        "2,Jumlah penyandang masalah kesejahteraan sosial yang difasilitasi,31,\n"
        "3,Persentase rumah ibadah yang dibina,60%,\n",
        encoding="utf-8",
    )
    result = run("proses", "--workspace", sample, *PERIOD)
    assert result.exit_code == 0, result.output
    rows = pengukuran_table(sample / "outputs/2024/TW3/draft/pengukuran-kinerja-2024-TW3.docx")
    assert quarter(rows["Persentase bantuan sosial yang tersalurkan tepat sasaran"])[1:] == [
        "99,5",
        "99,50",
    ]
    assert quarter(rows["Persentase rumah ibadah yang dibina"])[1:] == ["60", "100,00"]


def test_excel_lock_files_are_ignored(run, sample):
    (sample / TW3 / "~$format-isian-sekretariat-2024-TW3.xlsx").write_bytes(b"\x00lock")
    assert run("himpun", "--workspace", sample, *PERIOD).exit_code == 0


def test_template_tags_in_keterangan_are_printed_literally(run, sample):
    note = "Naik {{ 7*7 }} & <turun> {% if x %}\nbaris kedua"
    edit_return(sample, SEKRETARIAT, {"H10": note})
    assert run("proses", "--workspace", sample, *PERIOD).exit_code == 0
    rows = table_rows(terisi(sample, "sekretariat"), "No", "Keterangan")
    assert (
        rows[1][rows[0].index("Keterangan")] == "Naik {{ 7*7 }} & <turun> {% if x %}\nbaris kedua"
    )


def test_a_second_run_on_the_same_quarter_is_refused(run, sample):
    from pipeline.domain.periode import Periode
    from pipeline.store.lock import quarter_lock

    with quarter_lock(sample, Periode(2024, 3)):
        result = run("proses", "--workspace", sample, *PERIOD)
    assert result.exit_code == 1
    assert "Galat: Triwulan III Tahun 2024 sedang diproses oleh PID " in result.output
    assert written(sample) == []
    assert run("proses", "--workspace", sample, *PERIOD).exit_code == 0


def test_a_copied_sheet_for_the_same_unit_names_both_sheets(run, sample):
    path = sample / "inputs/2024/TW3/format-isian-sekretariat-2024-TW3.xlsx"
    workbook = load_workbook(path)
    workbook.copy_worksheet(workbook.active).title = "Salinan"
    workbook.save(path)
    result = run("himpun", "--workspace", sample, *PERIOD)
    assert result.exit_code == 1
    assert (
        "format-isian-sekretariat-2024-TW3.xlsx, sheet 'Salinan': unit 'Sekretariat' sudah "
        "dikirim dalam format-isian-sekretariat-2024-TW3.xlsx (sheet 'Format Isian'); hapus "
        "salah satu sheet itu dari buku kerja"
    ) in result.output
