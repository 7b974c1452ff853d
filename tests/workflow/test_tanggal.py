"""Dates that tell the truth: each signed paper carries the date of its own step, given or
recorded, never the clock; dates are refused out of the quarter's window or out of order."""

from __future__ import annotations

import datetime as dt
import hashlib
import shutil
import tomllib
from pathlib import Path

import pytest
from docx import Document

from pipeline.domain import jadwal
from pipeline.domain.periode import Periode
from pipeline.store import kalender
from tests.conftest import docx_text, edit_return, terisi

PERIOD = ("--tahun", "2024", "--triwulan", "3")
TW3 = Path("outputs/2024/TW3")
CATATAN = ("--catatan", "Serapan dan temuan sudah dicek")


def ok(result):
    assert result.exit_code == 0, result.output
    return result


def recorded(sample: Path) -> dict:
    return tomllib.loads((sample / "inputs/2024/TW3/kegiatan.toml").read_text(encoding="utf-8"))


def test_the_sample_gives_2024_documents_without_any_date_option(run, sample):
    ok(run("proses", "--workspace", sample, *PERIOD))
    laporan = docx_text(sample / TW3 / "draft/laporan-kinerja-2024-TW3.docx")
    # the clock (years later) cannot date a 2024 draft: the drafts take the day the last return
    # came in, and both steps are recorded
    assert "Awayan, 3 Oktober 2024" in laporan
    steps = recorded(sample)
    assert steps["himpun"]["tanggal"] == steps["olah"]["tanggal"] == dt.date(2024, 10, 3)
    assert "2026" not in laporan and "2025" not in laporan
    # each unit's Format Isian terisi is dated with the Tanggal typed in its return
    assert "Awayan, 1 Oktober 2024" in docx_text(terisi(sample, "sekretariat"))
    assert "Awayan, 3 Oktober 2024" in docx_text(terisi(sample, "seksi-kesejahteraan-sosial"))


def test_signed_papers_carry_the_dates_given_and_refuse_the_clock(run, sample):
    w = ("--workspace", sample)
    ok(run("proses", *w, *PERIOD))
    refused = run("verifikasi", *w, *PERIOD, "--setujui", *CATATAN)
    assert refused.exit_code == 1
    assert refused.output == (
        "Galat: tanggal verifikasi oleh Sekretaris belum dicatat; beri --tanggal YYYY-MM-DD "
        "(tanggal pada tanda tangan)\n"
    )
    ok(run("verifikasi", *w, *PERIOD, "--setujui", *CATATAN, "--tanggal", "2024-10-08"))
    assert recorded(sample)["verifikasi"] == {
        "tanggal": dt.date(2024, 10, 8),
        "oleh": "HJ. NORHAYATI, S.Sos",
    }
    refused = run("sahkan", *w, *PERIOD)
    assert "tanggal persetujuan dan penandatanganan oleh Camat belum dicatat" in refused.output
    # the Camat's signing recorded as an outside step is the approval's date
    ok(run("catat", "tandatangan", *w, *PERIOD, "--tanggal", "2024-10-09", "--oleh", "Camat"))
    ok(run("sahkan", *w, *PERIOD))
    rev1 = sample / TW3 / "rev-1"
    assert "Awayan, 9 Oktober 2024" in docx_text(rev1 / "laporan-kinerja-2024-TW3.docx")
    assert "Awayan, 9 Oktober 2024" in docx_text(rev1 / "pengukuran-kinerja-2024-TW3.docx")
    assert "Awayan, 8 Oktober 2024" in docx_text(rev1 / "lembar-verifikasi-2024-TW3.docx")
    sekretariat = rev1 / "format-isian-terisi/format-isian-terisi-sekretariat-2024-TW3.docx"
    assert "Awayan, 1 Oktober 2024" in docx_text(sekretariat)
    # the first signed version is the document itself, not "Revisi 1"
    assert (
        "Revisi"
        not in Document(rev1 / "laporan-kinerja-2024-TW3.docx")
        .sections[0]
        .footer.paragraphs[0]
        .text
    )


def test_out_of_window_and_out_of_order_dates_are_refused(run, sample):
    w = ("--workspace", sample)
    ok(run("proses", *w, *PERIOD))
    early = run("verifikasi", *w, *PERIOD, "--setujui", *CATATAN, "--tanggal", "2024-09-30")
    assert early.exit_code == 1
    assert early.output.startswith(
        "Galat: tanggal verifikasi oleh Sekretaris 30 September 2024 tidak mungkin: Triwulan III "
        "Tahun 2024 baru berakhir 30 September 2024;"
    )
    late = run("verifikasi", *w, *PERIOD, "--setujui", *CATATAN, "--tanggal", "2026-11-25")
    assert "lebih dari setahun setelah Triwulan III Tahun 2024 berakhir" in late.output
    before_drafts = run("verifikasi", *w, *PERIOD, "--setujui", *CATATAN, "--tanggal", "2024-10-02")
    assert before_drafts.output == (
        "Galat: tanggal verifikasi (2 Oktober 2024) tidak boleh sebelum tanggal draft dokumen "
        "(3 Oktober 2024); beri --tanggal yang benar\n"
    )
    assert not (sample / TW3 / "verifikasi.json").exists()
    ok(run("verifikasi", *w, *PERIOD, "--setujui", *CATATAN, "--tanggal", "2024-10-08"))
    out_of_order = run("sahkan", *w, *PERIOD, "--tanggal", "2024-10-07")
    assert out_of_order.exit_code == 1
    assert out_of_order.output == (
        "Galat: tanggal pengesahan (7 Oktober 2024) tidak boleh sebelum tanggal verifikasi "
        "Sekretaris (8 Oktober 2024); beri --tanggal yang benar\n"
    )
    assert not (sample / TW3 / "rev-1").exists()
    # --paksa accepts a date outside the window, never one out of order
    forced = run("sahkan", *w, *PERIOD, "--tanggal", "2026-01-05", "--paksa")
    assert "disahkan sebagai rev-1 tanggal 5 Januari 2026" in ok(forced).output


def test_a_correction_keeps_unchanged_pages_and_states_its_reason(run, sample):
    w = ("--workspace", sample)
    ok(run("proses", *w, *PERIOD))
    ok(run("verifikasi", *w, *PERIOD, "--setujui", *CATATAN, "--tanggal", "2024-10-08"))
    ok(run("sahkan", *w, *PERIOD, "--tanggal", "2024-10-09"))
    # the Subbag Perencanaan explains its 150% capaian in a corrected return
    name = "format-isian-subbag-perencanaan-dan-keuangan-2024-TW3.xlsx"
    edit_return(sample, name, {"H12": "Temuan BPK turun berkat pendampingan", "C7": "14/10/2024"})
    ok(run("proses", *w, *PERIOD, "--tanggal", "2024-10-14"))
    stale = run("verifikasi", *w, *PERIOD, "--setujui", *CATATAN)
    assert "tidak boleh sebelum tanggal draft dokumen (14 Oktober 2024)" in stale.output
    ok(run("verifikasi", *w, *PERIOD, "--setujui", *CATATAN, "--tanggal", "2024-10-15"))
    no_reason = run("sahkan", *w, *PERIOD, "--tanggal", "2024-10-16")
    assert no_reason.output == (
        "Galat: rev-2 mengubah dokumen yang sudah disahkan (rev-1); tulis alasan perubahannya "
        'dengan --alasan "apa yang dibetulkan dan mengapa" (dicetak pada Daftar Perubahan)\n'
    )
    before_rev1 = run("sahkan", *w, *PERIOD, "--tanggal", "2024-10-08", "--alasan", "x")
    assert "tidak boleh sebelum" in before_rev1.output
    alasan = "Subbag Perencanaan dan Keuangan menambahkan keterangan capaian"
    result = ok(run("sahkan", *w, *PERIOD, "--tanggal", "2024-10-16", "--alasan", alasan))
    assert (
        "Subbag Perencanaan dan Keuangan – Jumlah temuan pemeriksaan atas pengelolaan keuangan: "
        "Keterangan - → Temuan BPK turun berkat pendampingan"
    ) in result.output
    rev1, rev2 = sample / TW3 / "rev-1", sample / TW3 / "rev-2"
    laporan = docx_text(rev2 / "laporan-kinerja-2024-TW3.docx")
    assert f"Alasan perubahan: {alasan}" in laporan
    assert "REVISI 2 TERHADAP REVISI 1" in laporan
    footer = Document(rev2 / "laporan-kinerja-2024-TW3.docx").sections[0].footer.paragraphs[0]
    assert "Revisi 2" in footer.text
    folder = "format-isian-terisi"
    unchanged = f"{folder}/format-isian-terisi-sekretariat-2024-TW3.docx"
    assert (rev2 / unchanged).read_bytes() == (rev1 / unchanged).read_bytes()
    changed = f"{folder}/format-isian-terisi-subbag-perencanaan-dan-keuangan-2024-TW3.docx"
    assert "Awayan, 14 Oktober 2024" in docx_text(rev2 / changed)
    assert "Awayan, 2 Oktober 2024" in docx_text(rev1 / changed)


def test_archives_are_byte_identical_for_the_same_inputs_and_dates(run, sample, tmp_path):
    def full_flow(workspace: Path) -> bytes:
        w = ("--workspace", workspace)
        ok(run("proses", *w, *PERIOD))
        ok(run("verifikasi", *w, *PERIOD, "--setujui", *CATATAN, "--tanggal", "2024-10-08"))
        ok(run("sahkan", *w, *PERIOD, "--tanggal", "2024-10-09"))
        ok(run("arsip", *w, *PERIOD))
        return (workspace / "outputs/2024/arsip/2024-TW3-rev1.zip").read_bytes()

    other = tmp_path / "lagi"
    shutil.copytree(sample, other)
    first = full_flow(sample)
    second = full_flow(other)
    assert hashlib.sha256(first).hexdigest() == hashlib.sha256(second).hexdigest()


def test_status_shows_recorded_dates_and_what_nobody_recorded(run, sample):
    w = ("--workspace", sample)
    (sample / "inputs/2024/TW3/kegiatan.toml").unlink()
    ok(run("format-isian", *w, *PERIOD, "--tanggal", "2024-10-01"))
    ok(run("proses", *w, *PERIOD, "--tanggal", "2024-10-04"))
    ok(run("catat", "entri", *w, *PERIOD, "--tanggal", "2024-10-21", "--oleh", "Operator"))
    result = ok(run("status", *w, *PERIOD))
    lines = result.output.splitlines()

    def after(step: str) -> str:
        return lines[lines.index(step) + 1].strip()

    assert (
        after(
            "  [ ] 1. Memerintah dan mengarahkan Kasubbag Perencanaan dan Keuangan untuk "
            "Menyusun Format Isian Data Kinerja Triwulan"
        )
        == "Camat; Mutu Baku 10 Menit; belum"
    )
    # the returns came in, so the forms were sent: done, but nobody recorded when
    assert after(
        "  [v] 3. Menyampaikan Format Isian Data Kinerja Triwulan kepada Kasi dan Kasubbag"
    ).endswith("; selesai; tanggal belum dicatat")
    # himpun is dated by the last return that came in (3 Oktober), two working days after the
    # forms were made, and the drafts the next working day
    assert after("  [v] 4. Menghimpun Isian Data Kinerja dari Kasi dan Kasubbag").endswith(
        "selesai 3 Oktober 2024 oleh MUHAMMAD RIDHANI, S.E; 2 hari kerja, sesuai Mutu Baku 2 Hari"
    )
    # entry recorded but not the archive: the combined step is not done
    assert "[ ] 9. Entri pada Aplikasi E-Kino dan E-Monev serta Mengarsipkan" in result.output
    assert "selesai" not in result.output.split("2023 Pengumpulan")[0].split("9. Entri")[1]


@pytest.mark.parametrize(
    ("awal", "akhir", "hari"),
    [
        (dt.date(2024, 10, 4), dt.date(2024, 10, 7), 1),  # Friday to Monday
        (dt.date(2024, 12, 24), dt.date(2024, 12, 26), 1),  # Christmas Day is a holiday
        (dt.date(2024, 10, 1), dt.date(2024, 10, 1), 0),
    ],
)
def test_working_days_skip_weekends_and_national_holidays(awal, akhir, hari):
    assert kalender.selisih_hari_kerja(awal, akhir) == hari


def test_catat_refuses_an_unknown_step_and_names_the_known_ones(run, sample):
    result = run(
        "catat", "rapat", "--workspace", sample, *PERIOD, "--tanggal", "2024-10-01", "--oleh", "x"
    )
    assert result.exit_code == 1
    assert result.output.startswith("Galat: langkah 'rapat' tidak dikenal; pilih salah satu: ")
    assert jadwal.akhir_triwulan(Periode(2024, 4)) == dt.date(2024, 12, 31)


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


def test_catat_refuses_dates_out_of_window_or_order_and_an_empty_doer(run, sample):
    w = ("--workspace", sample)
    early = run("catat", "tandatangan", *w, *PERIOD, "--tanggal", "2024-09-01", "--oleh", "Camat")
    assert early.exit_code == 1
    assert "30 September 2024" in early.output and "--paksa" in early.output
    late = run("catat", "arsip", *w, *PERIOD, "--tanggal", "2030-01-01", "--oleh", "Operator")
    assert "di luar masa Triwulan III Tahun 2024" in late.output
    # disposisi is recorded on 1 Oktober: a format made before it is out of order
    before = run("catat", "format-isian", *w, *PERIOD, "--tanggal", "2024-09-30", "--oleh", "X")
    assert before.output == (
        "Galat: tanggal pembuatan Format Isian (30 September 2024) tidak boleh sebelum tanggal "
        "disposisi/perintah Camat (1 Oktober 2024); beri --tanggal yang benar\n"
    )
    nobody = run("catat", "arsip", *w, *PERIOD, "--tanggal", "2024-10-17", "--oleh", " ")
    assert nobody.output == "Galat: --oleh kosong: tulis siapa yang melakukan pengarsipan\n"
    assert "arsip" not in recorded(sample)


def test_a_copied_placeholder_is_not_a_reason(run, sample):
    w = ("--workspace", sample)
    ok(run("proses", *w, *PERIOD))
    result = run(
        "verifikasi", *w, *PERIOD, "--setujui", "--catatan", "...", "--tanggal", "2024-10-08"
    )
    assert result.exit_code == 1
    assert "--catatan '...' tidak berisi keterangan" in result.output
    assert not (sample / TW3 / "verifikasi.json").exists()


def test_a_folder_that_is_not_a_workspace_gets_no_status_and_no_lock(run, tmp_path):
    result = run("status", "--workspace", tmp_path, *PERIOD)
    assert result.exit_code == 1
    assert "kinerja.toml: berkas konfigurasi tidak ditemukan" in result.output
    result = run("verifikasi", "--workspace", tmp_path, *PERIOD)
    assert result.exit_code == 1
    assert list(tmp_path.rglob("*")) == []
