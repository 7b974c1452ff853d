"""Inputs are read within bounds: checked in a subprocess whose memory is capped, so that a reader
that materialises a crafted sheet fails the test instead of filling the machine."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

from pipeline.inputs.grid import GridError, read_grids

REPO = Path(__file__).resolve().parents[2]
CORPUS = REPO / "tests/data/corpus"
CASES = tomllib.loads((CORPUS / "cases.toml").read_text(encoding="utf-8"))
MEMORY = 768 * 2**20  # the whole `kinerja himpun` process, address space included


def _capped() -> None:
    import resource

    resource.setrlimit(resource.RLIMIT_AS, (MEMORY, MEMORY))


@pytest.mark.skipif(not hasattr(os, "fork"), reason="resource limits as on Linux and macOS")
@pytest.mark.parametrize(
    "name",
    [
        "xlsx-cell-at-xfd1048576",
        "xlsx-far-cell-in-renamed-part",
        "xlsx-unpacks-to-40-mb",
        "xlsx-cell-too-long",
        "ods-rows-repeated-million",
        "csv-cell-too-long",
    ],
)
def test_crafted_workbook_is_refused_within_memory(sample, name):
    for path in (CORPUS / name).iterdir():
        shutil.copy(path, sample / "inputs/2024/TW3" / path.name)
    (sample / "inputs/2024/TW3/format-isian-sekretariat-2024-TW3.xlsx").unlink()
    result = subprocess.run(
        [sys.executable, "-m", "pipeline", "himpun", "-w", sample, "--tahun", "2024", "-t", "3"],
        capture_output=True,
        text=True,
        cwd=sample,
        env=os.environ | {"PYTHONPATH": str(REPO)},
        preexec_fn=_capped,
        timeout=120,
    )
    assert result.returncode == 1, result.stderr[-2000:]
    assert f"  - {CASES[name]['pesan']}" in result.stderr.splitlines()
    assert "panicked" not in result.stderr and "Traceback" not in result.stderr
    assert not (sample / "outputs/2024/TW3/data-kinerja-2024-TW3.csv").exists()


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="FIFOs as on Linux and macOS")
def test_a_fifo_is_refused_by_the_reader_itself(tmp_path):
    """The folder listing skips a FIFO; the reader refuses one too, without blocking, should a
    file become one between listing and reading."""
    os.mkfifo(tmp_path / "formulir.csv")
    with pytest.raises(GridError) as raised:
        read_grids(tmp_path / "formulir.csv")
    assert str(raised.value) == (
        "formulir.csv: pipa bernama (FIFO), bukan berkas biasa; berkas ini tidak dibaca"
    )


def test_a_file_larger_than_the_bound_is_refused(tmp_path, monkeypatch):
    from pipeline.inputs import input_file

    monkeypatch.setattr(input_file, "MAX_BYTES", 2 * 2**20)
    (tmp_path / "besar.csv").write_bytes(b"a;b\r\n" * 450_000)
    with pytest.raises(GridError) as raised:
        read_grids(tmp_path / "besar.csv")
    assert str(raised.value) == (
        "besar.csv: berkas lebih dari 2 MB, terlalu besar untuk sebuah formulir; simpan ulang "
        "hanya tabel formulirnya (hapus sheet, gambar dan isi lain di luar tabel)"
    )


def test_the_perjanjian_and_the_finance_report_are_read_within_the_same_bounds(run, sample):
    """Every input goes through the same reader: not only the returns."""
    from openpyxl import load_workbook

    perjanjian = sample / "inputs/2024/perjanjian-kinerja.xlsx"
    kept = perjanjian.read_bytes()
    workbook = load_workbook(perjanjian)
    workbook.active["XFD1048576"] = 1
    workbook.save(perjanjian)
    result = run("himpun", "--workspace", sample, "--tahun", "2024", "-t", "3")
    assert result.exit_code == 1
    assert result.output.splitlines()[1] == (
        "  - perjanjian-kinerja.xlsx, sheet 'PK 2024': sel terpakai sampai XFD1048576 "
        "(17.179.869.184 sel), lebih dari 1.000.000 sel untuk sebuah formulir; hapus isi sel di "
        "luar tabel (Ctrl+End menunjukkan sel terakhir yang terpakai) lalu simpan ulang"
    )
    perjanjian.write_bytes(kept)
    folder = sample / "inputs/2024/TW3"
    (folder / "realisasi-keuangan.xlsx").unlink()
    (folder / "realisasi-keuangan.csv").write_bytes(
        "Program/Kegiatan;Anggaran;Realisasi\r\nKegiatan caf\x81;100;50\r\n".encode("latin-1")
    )
    result = run("proses", "--workspace", sample, "--tahun", "2024", "-t", "3")
    assert result.exit_code == 1
    assert result.output.splitlines()[-1] == (
        "  - realisasi-keuangan.csv: pengodean teks tidak dikenali (byte 0x81 di baris 2 bukan "
        "UTF-8, UTF-16 maupun Windows-1252); simpan ulang dari Excel dengan Simpan Sebagai "
        "(Save As) jenis 'CSV UTF-8 (*.csv)'"
    )
