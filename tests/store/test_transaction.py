"""A quarter's step is one transaction: what it writes appears together, or none of it does."""

from __future__ import annotations

import errno
import os
from pathlib import Path

import pytest

from pipeline.domain.periode import Periode
from pipeline.store import ooxml
from pipeline.store.lock import quarter_lock
from tests.conftest import edit_return

PERIOD = ("--tahun", "2024", "--triwulan", "3")
DATE = ("--tanggal", "2024-10-07")
OUTPUTS = Path("outputs/2024/TW3")


def outputs_of(workspace: Path) -> dict[str, bytes]:
    """Every file under the quarter's outputs (the lock file aside), by relative path."""
    folder = workspace / OUTPUTS
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in folder.rglob("*")
        if p.is_file() and not p.name.startswith(".kinerja.lock")
    }


@pytest.fixture
def processed(run, sample):
    """The sample after a good `proses`, with a Realisasi changed since: a next run has new data."""
    assert run("proses", "--workspace", sample, *PERIOD, *DATE).exit_code == 0
    edit_return(sample, "format-isian-sekretariat-2024-TW3.xlsx", {"F10": 70})
    return sample


def test_olah_failing_after_himpun_leaves_the_quarter_as_it_was(run, processed):
    before = outputs_of(processed)
    (processed / "inputs/2024/TW3/realisasi-keuangan.xlsx").write_bytes(b"rusak")
    result = run("proses", "--workspace", processed, *PERIOD, *DATE)
    assert result.exit_code == 1
    # himpun ran and olah failed: the operator reads the error alone, nothing as collected
    assert result.output.startswith("Galat: Realisasi keuangan tidak dapat dibaca")
    assert (
        "  - realisasi-keuangan.xlsx: berkas rusak atau bukan berkas Excel .xlsx; buka di Excel "
        "dan simpan ulang sebagai Buku Kerja Excel (.xlsx)"
    ) in result.output.splitlines()
    assert "Ditulis:" not in result.output  # nothing is claimed written before olah is done
    assert outputs_of(processed) == before  # the new data of himpun is undone with olah


def test_an_unexpected_error_in_olah_names_the_step_and_undoes_himpun(run, processed, monkeypatch):
    import pipeline.workflow.olah

    before = outputs_of(processed)

    def broken(*args, **kwargs):
        raise ValueError("logo bukan gambar")

    monkeypatch.setattr(pipeline.workflow.olah, "render_laporan", broken)
    result = run("proses", "--workspace", processed, *PERIOD, *DATE)
    assert result.exit_code == 1
    log = processed / "outputs" / "kinerja-galat.log"
    assert result.output.splitlines()[-1] == (
        "Galat tak terduga pada langkah 'proses', berkas inputs/2024/TW3/realisasi-keuangan.xlsx: "
        "ValueError: logo bukan gambar. Tidak ada berkas yang diubah. Rincian ditulis ke "
        f"{log}"
    )
    assert outputs_of(processed) == before


@pytest.mark.parametrize("failing_write", [1, 2, 5])
def test_disk_full_at_any_write_changes_nothing(run, processed, monkeypatch, failing_write):
    before = outputs_of(processed)
    record = processed / "inputs/2024/TW3/kegiatan.toml"  # the step's date is written too
    record_before = record.read_bytes()
    real_fsync = os.fsync
    calls = []

    def fsync(fd: int) -> None:
        calls.append(fd)
        if len(calls) == failing_write:
            raise OSError(errno.ENOSPC, "No space left on device")
        real_fsync(fd)

    monkeypatch.setattr(os, "fsync", fsync)
    result = run("proses", "--workspace", processed, *PERIOD, *DATE)
    assert result.exit_code == 1
    line = result.output.splitlines()[-1]
    assert line.startswith(f"Galat: {processed}/")
    assert line.endswith(
        ": disk penuh saat menulis berkas ini; tidak ada berkas yang diubah. Kosongkan ruang "
        "disk lalu ulangi perintahnya"
    )
    assert outputs_of(processed) == before
    assert record.read_bytes() == record_before
    leftovers = [p.name for p in (processed / OUTPUTS).rglob(".*") if ".kinerja.lock" not in p.name]
    assert leftovers == []


def test_a_step_killed_midway_is_undone_by_the_next_one(processed, monkeypatch):
    """A crash leaves the journal; whoever takes the quarter next puts every file back."""
    before = outputs_of(processed)
    folder = processed / OUTPUTS
    tx = ooxml.Transaksi(folder / ooxml.JOURNAL)
    monkeypatch.setattr(ooxml, "_AKTIF", ooxml.ContextVar("test", default=tx))
    ooxml.write_all_atomic(
        {
            folder / "data-kinerja-2024-TW3.csv": b"baru",
            folder / "draft/baru/berkas-baru.docx": b"baru",
        }
    )  # no commit, no rollback: the process "died" here
    monkeypatch.undo()
    assert (folder / "data-kinerja-2024-TW3.csv").read_bytes() == b"baru"
    with quarter_lock(processed, Periode(2024, 3)):
        pass
    assert outputs_of(processed) == before
    assert not (folder / "draft/baru").exists()


def test_writing_several_files_outside_a_step_is_all_or_nothing(tmp_path, monkeypatch):
    first, second = tmp_path / "a.txt", tmp_path / "sub/b.txt"
    first.write_bytes(b"lama")
    real_replace = os.replace
    calls = []

    def replace(src, dst):
        calls.append(dst)
        if Path(dst) == second:
            raise OSError(errno.EIO, "Input/output error")
        real_replace(src, dst)

    monkeypatch.setattr(os, "replace", replace)
    with pytest.raises(OSError):
        ooxml.write_all_atomic({first: b"baru", second: b"baru"})
    monkeypatch.undo()
    assert first.read_bytes() == b"lama"
    assert sorted(p.name for p in tmp_path.rglob("*")) == ["a.txt"]


def test_sahkan_whose_history_cannot_be_written_leaves_no_revision(run, sample, monkeypatch):
    w = ("--workspace", sample)
    assert run("proses", *w, *PERIOD, *DATE).exit_code == 0
    assert (
        run(
            "verifikasi", *w, *PERIOD, "--setujui", "--catatan", "ok", "--tanggal", "2024-10-08"
        ).exit_code
        == 0
    )
    before = outputs_of(sample)

    def full(fd: int) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    # the revision is in place; the record of the Camat's date is not
    monkeypatch.setattr(os, "fsync", full)
    record = sample / "inputs/2024/TW3/kegiatan.toml"
    record_before = record.read_bytes()
    result = run("sahkan", *w, *PERIOD, "--tanggal", "2024-10-10")
    assert result.exit_code == 1
    assert record.read_bytes() == record_before
    assert result.output == (
        f"Galat: {record}: disk penuh saat menulis berkas ini; tidak "
        "ada berkas yang diubah. Kosongkan ruang disk lalu ulangi perintahnya\n"
    )
    assert not (sample / OUTPUTS / "rev-1").exists()
    assert outputs_of(sample) == before
