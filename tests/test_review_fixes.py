"""Behaviour found wrong in a review of the whole flow, kept right."""

from __future__ import annotations

import shutil

from openpyxl import load_workbook

from benchmarks.regency import make_regency
from tests.conftest import REPO, docx_text

PERIOD = ("--tahun", "2024", "--triwulan", "3")


def test_a_quarter_without_returns_claims_nothing(run, sample):
    result = run("proses", "--workspace", sample, "--tahun", "2024", "--triwulan", "4")
    assert result.exit_code == 0, result.output
    text = docx_text(sample / "outputs/2024/TW4/draft/laporan-kinerja-2024-TW4.docx")
    assert "belum satu pun dari 21 indikator kinerja Kecamatan Awayan dapat diukur" in text
    assert "Capaian belum dapat dinilai karena belum ada realisasi yang dilaporkan." in text
    assert "telah mencapai target" not in text and "-%" not in text


def test_the_approved_lembar_verifikasi_carries_the_verification_date(run, sample):
    w = ("--workspace", sample)
    assert run("proses", *w, *PERIOD).exit_code == 0
    result = run(
        "verifikasi", *w, *PERIOD, "--setujui", "--catatan", "ok", "--tanggal", "2024-10-09"
    )
    assert result.exit_code == 0, result.output
    assert run("sahkan", *w, *PERIOD, "--tanggal", "2024-10-10").exit_code == 0
    lembar = docx_text(sample / "outputs/2024/TW3/rev-1/lembar-verifikasi-2024-TW3.docx")
    assert "Awayan, 9 Oktober 2024" in lembar
    laporan = docx_text(sample / "outputs/2024/TW3/rev-1/laporan-kinerja-2024-TW3.docx")
    assert "Awayan, 10 Oktober 2024" in laporan


def test_a_tampered_revision_is_not_exported_and_a_broken_manifest_is_named(run, sample):
    w = ("--workspace", sample)
    assert run("proses", *w, *PERIOD).exit_code == 0
    verified = run(
        "verifikasi", *w, *PERIOD, "--setujui", "--catatan", "ok", "--tanggal", "2024-10-08"
    )
    assert verified.exit_code == 0
    assert run("sahkan", *w, *PERIOD, "--tanggal", "2024-10-10").exit_code == 0
    rev = sample / "outputs/2024/TW3/rev-1"
    data = rev / "data-kinerja-2024-TW3.csv"
    data.chmod(0o644)
    data.write_bytes(data.read_bytes() + b"x\r\n")
    result = run("ekspor", *w, *PERIOD)
    assert result.exit_code == 1
    assert "rev-1 tidak cocok dengan manifest-nya" in result.output
    manifest = rev / "manifest.json"
    manifest.chmod(0o644)
    manifest.write_text(manifest.read_text(encoding="utf-8")[:50], encoding="utf-8")
    result = run("arsip", *w, *PERIOD, "--periksa")
    assert result.exit_code == 1
    assert "rev-1/manifest.json: rusak dan tidak dapat dibaca" in result.output
    assert "JSONDecodeError" not in result.output


def test_periksa_without_an_approved_revision_says_so(run, sample):
    result = run("arsip", "--workspace", sample, *PERIOD, "--periksa")
    assert result.exit_code == 0
    assert "belum punya revisi yang disahkan" in result.output


def test_new_workspace_placeholders_are_refused(run, tmp_path):
    assert run("init", tmp_path / "baru").exit_code == 0
    result = run("format-isian", "--workspace", tmp_path / "baru", "--tahun", "2026", "-t", "1")
    assert result.exit_code == 1
    assert (
        "kunci 'pemerintah' di [instansi] masih berisi contoh 'PEMERINTAH KABUPATEN ...'; isi "
        "dengan nilai sebenarnya"
    ) in result.output


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


def test_usage_errors_are_in_indonesian(run):
    result = run("olah", "--tahun", "2024", "-t", "1", "--tanggal", "07-10-2024")
    assert result.exit_code == 2
    assert "bukan tanggal yang sah; tulis YYYY-MM-DD, mis. 2024-10-07." in result.output
    result = run("prose")
    assert "Perintah 'prose' tidak ada. Maksud Anda 'proses'?" in result.output
    assert "Tampilkan bantuan ini lalu keluar." in run("--help").output


def test_a_renamed_template_copy_is_named_not_flooded(run, tmp_path):
    copy = tmp_path / "laporan-kinerja (salinan).docx"
    shutil.copy(REPO / "templates/docx/laporan-kinerja.docx", copy)
    result = run("periksa-template", copy)
    assert result.exit_code == 1
    assert result.output.count("galat:") == 1
    assert "bukan nama templat kinerja, jadi tidak akan dipakai" in result.output


def test_batch_lists_the_units_that_have_not_reported(run, tmp_path):
    make_regency(tmp_path / "kab", offices=2, indicators=5, quarters=1)
    result = run(
        "proses",
        "--workspace",
        tmp_path / "kab",
        "--semua",
        "--tahun",
        "2024",
        "-t",
        "1",
        "-t",
        "2",
    )
    assert result.exit_code == 0, result.output
    assert "kecamatan-01 TW2: belum melapor: Sekretariat, Subbag Keuangan" in result.output


def test_merged_xlsx_shows_whole_numbers_without_a_trailing_separator(run, sample):
    assert run("himpun", "--workspace", sample, *PERIOD).exit_code == 0
    sheet = load_workbook(sample / "outputs/2024/TW3/data-kinerja-2024-TW3.xlsx").active
    target, realisasi = sheet["K2"], sheet["L2"]  # Nilai SAKIP: target 68, realisasi 68,2
    assert (target.value, target.number_format) == (68, "#,##0")
    assert (realisasi.value, realisasi.number_format) == (68.2, "#,##0.##")
