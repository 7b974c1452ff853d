"""`kinerja proses` over a folder of workspaces and several quarters, in worker processes."""

from __future__ import annotations

from pathlib import Path

import pytest

from benchmarks.regency import make_regency
from tests.conftest import docx_text


def test_a_small_regency_in_two_workers(run, tmp_path):
    offices = make_regency(tmp_path / "kabupaten", offices=3, indicators=6, quarters=2)
    result = run(
        "proses",
        "--workspace",
        tmp_path / "kabupaten",
        "--semua",
        "--tahun",
        "2024",
        "--triwulan",
        "1",
        "--triwulan",
        "2",
        "--jobs",
        "2",
        "--tanggal",
        "2024-07-05",
    )
    assert result.exit_code == 0, result.output
    assert "Selesai: 6 berhasil, 0 gagal." in result.output
    for office in offices:
        for kode in ("TW1", "TW2"):
            laporan = office / f"outputs/2024/{kode}/draft/laporan-kinerja-2024-{kode}.docx"
            assert f"CAMAT KE-{int(office.name[-2:])}" in docx_text(laporan)


def test_one_broken_office_is_named_and_the_others_are_done(run, tmp_path):
    offices = make_regency(tmp_path / "kabupaten", offices=2, indicators=5, quarters=1)
    broken = offices[1] / "inputs/2024/TW1/isian-sekretariat.xlsx"
    broken.write_bytes(b"bukan excel")
    result = run(
        "proses",
        "--workspace",
        offices[0],
        "--workspace",
        offices[1],
        "--tahun",
        "2024",
        "--triwulan",
        "1",
    )
    assert result.exit_code == 1
    assert "Selesai: 1 berhasil, 1 gagal." in result.output
    assert f"{offices[1]} TW1: Formulir Triwulan I Tahun 2024 bermasalah" in result.output
    assert "isian-sekretariat.xlsx: berkas rusak" in result.output
    assert (offices[0] / "outputs/2024/TW1/draft/pengukuran-kinerja-2024-TW1.docx").is_file()
    assert not (offices[1] / "outputs/2024/TW1/draft").exists()


def test_a_folder_without_workspaces_is_refused(run, tmp_path: Path):
    (tmp_path / "kosong").mkdir()
    result = run(
        "proses",
        "--workspace",
        tmp_path / "kosong",
        "--semua",
        "--tahun",
        "2024",
        "-t",
        "1",
        "-t",
        "2",
    )
    assert result.exit_code == 1
    assert "bukan workspace (tidak ada kinerja.toml) dan tidak berisi workspace" in result.output


def test_a_folder_of_workspaces_is_processed_only_when_asked(run, tmp_path, monkeypatch):
    offices = make_regency(tmp_path / "kabupaten", offices=2, indicators=6, quarters=1)
    monkeypatch.chdir(tmp_path / "kabupaten")
    result = run("proses", "--tahun", "2024", "--triwulan", "1")
    assert result.exit_code == 1
    assert result.output == (
        "Galat: .: bukan workspace (tidak ada kinerja.toml); jalankan di folder workspace, atau "
        "tambahkan --semua untuk memproses setiap workspace di dalam folder ini\n"
    )
    assert not any((office / "outputs/2024/TW1/draft").exists() for office in offices)
    assert run("proses", "--semua", "--tahun", "2024", "--triwulan", "1").exit_code == 0
    assert all((office / "outputs/2024/TW1/draft").is_dir() for office in offices)


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_an_unexpected_error_in_one_office_is_reported_and_the_others_finish(
    run, tmp_path, monkeypatch, jobs
):
    """A bug met in one office (here: in rendering) is that office's failure, in the summary,
    with its step and file; every other office is processed and the exit code says so."""
    import pipeline.workflow.olah

    offices = make_regency(tmp_path / "kabupaten", offices=3, indicators=6, quarters=1)
    render = pipeline.workflow.olah.render_laporan

    def broken_in_office_02(ws, *args, **kwargs):
        if ws.root.name.endswith("02"):
            raise ZeroDivisionError("division by zero")
        return render(ws, *args, **kwargs)

    monkeypatch.setattr(pipeline.workflow.olah, "render_laporan", broken_in_office_02)
    result = run(
        "proses",
        "--workspace",
        tmp_path / "kabupaten",
        "--semua",
        "--tahun",
        "2024",
        "-t",
        "1",
        "--jobs",
        jobs,
    )
    assert result.exit_code == 1
    assert "Selesai: 2 berhasil, 1 gagal." in result.output
    log = offices[1] / "outputs" / "kinerja-galat.log"
    assert (
        f"  - {offices[1]} TW1: galat tak terduga pada langkah 'proses', berkas "
        "outputs/2024/TW1/data-kinerja-2024-TW1.csv: ZeroDivisionError: division by zero. "
        f"Tidak ada berkas yang diubah. Rincian ditulis ke {log}"
    ) in result.output.splitlines()
    assert "ZeroDivisionError" in log.read_text(encoding="utf-8")
    for office in (offices[0], offices[2]):
        assert (office / "outputs/2024/TW1/draft/laporan-kinerja-2024-TW1.docx").is_file()
    assert not (offices[1] / "outputs/2024/TW1/data-kinerja-2024-TW1.csv").exists()


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
        "--tanggal",  # TW2 has no return to date its drafts
        "2024-07-08",
    )
    assert result.exit_code == 0, result.output
    assert "kecamatan-01 TW2: belum melapor: Sekretariat, Subbag Keuangan" in result.output
