"""Damaged approved outputs: `arsip --periksa` lists every problem and exits 1, never crashes;
`ekspor` and `sahkan` refuse a damaged revision or record instead of falling back silently."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

PERIOD = ("--tahun", "2024", "--triwulan", "3")
TW3 = Path("outputs/2024/TW3")
ZIP = Path("outputs/2024/arsip/2024-TW3-rev1.zip")
BROKEN_MANIFEST = (
    "rev-1/manifest.json: rusak dan tidak dapat dibaca; revisi ini tidak dapat diperiksa atau "
    "dipakai. Pulihkan dari arsip .zip-nya"
)
MISSING_MANIFEST = (
    "rev-1/manifest.json: hilang; revisi ini tidak dapat diperiksa atau dipakai. Pulihkan dari "
    "arsip .zip-nya"
)
BROKEN_RECORD = (
    "verifikasi.json: rusak dan tidak dapat dibaca; jalankan 'kinerja verifikasi --setujui' "
    "lagi sebelum mengesahkan revisi berikutnya"
)


@pytest.fixture
def archived(run, sample):
    w = ("--workspace", sample)
    for args in (
        ("proses", *w, *PERIOD, "--tanggal", "2024-10-07"),
        (
            "verifikasi",
            *w,
            *PERIOD,
            "--setujui",
            "--catatan",
            "sudah dicek",
            "--tanggal",
            "2024-10-08",
        ),
        ("sahkan", *w, *PERIOD, "--tanggal", "2024-10-10"),
        ("arsip", *w, *PERIOD),
    ):
        assert run(*args).exit_code == 0
    return sample


def _writable(path: Path) -> Path:
    path.chmod(0o644)
    return path


def cut(path: Path, keep: int) -> None:
    _writable(path).write_bytes(path.read_bytes()[:keep])


def damage_member(archive: Path, member: str) -> None:
    """Overwrite the middle of one member's compressed bytes, as a bad sector would."""
    with zipfile.ZipFile(archive) as z:
        info = z.getinfo(member)
    data = bytearray(_writable(archive).read_bytes())
    start = info.header_offset + 30 + len(info.filename.encode()) + info.compress_size // 2
    data[start : start + 16] = b"\xff" * 16
    archive.write_bytes(bytes(data))


def problems(run, workspace: Path) -> list[str]:
    result = run("arsip", "--workspace", workspace, *PERIOD, "--periksa")
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    lines = result.output.splitlines()
    assert lines[0] == f"Galat: {len(lines) - 1} masalah pada revisi yang disahkan dan arsipnya:"
    return [line.removeprefix("  - ") for line in lines[1:]]


def test_a_truncated_archive(run, archived):
    cut(archived / ZIP, 1000)
    assert problems(run, archived) == ["2024-TW3-rev1.zip: arsip rusak, tidak dapat dibuka"]


def test_a_damaged_member_of_the_archive(run, archived):
    damage_member(archived / ZIP, "rev-1/laporan-kinerja-2024-TW3.docx")
    assert problems(run, archived) == [
        "2024-TW3-rev1.zip: rev-1/laporan-kinerja-2024-TW3.docx rusak, tidak dapat dibaca dari "
        "arsip"
    ]


def test_a_truncated_manifest_and_record_and_archive_are_all_listed(run, archived):
    cut(archived / TW3 / "rev-1/manifest.json", 50)
    cut(archived / TW3 / "verifikasi.json", 30)
    cut(archived / ZIP, 1000)
    assert problems(run, archived) == [
        BROKEN_MANIFEST,
        BROKEN_RECORD,
        "2024-TW3-rev1.zip: arsip rusak, tidak dapat dibuka",
    ]


def test_a_manifest_without_its_fields(run, archived):
    _writable(archived / TW3 / "rev-1/manifest.json").write_text("{}", encoding="utf-8")
    assert problems(run, archived) == [
        BROKEN_MANIFEST,
        "2024-TW3-rev1.zip: manifest.json berbeda dengan rev-1",
    ]


def test_a_deleted_manifest_is_named_and_ekspor_refuses(run, archived):
    (archived / TW3 / "rev-1/manifest.json").unlink()
    assert problems(run, archived) == [MISSING_MANIFEST]
    result = run("ekspor", "--workspace", archived, *PERIOD)
    assert result.exit_code == 1
    assert result.output == f"Galat: {MISSING_MANIFEST}\n"
    assert not (archived / TW3 / "ekspor").exists()


def test_a_deleted_manifest_stops_olah_of_the_next_quarter(run, archived):
    """TW IV's cumulative figures come from TW III's approved data; never from its draft."""
    (archived / TW3 / "rev-1/manifest.json").unlink()
    result = run(
        "proses",
        "--workspace",
        archived,
        "--tahun",
        "2024",
        "--triwulan",
        "4",
        "--tanggal",
        "2025-01-08",
    )
    assert result.exit_code == 1
    assert f"Galat: {MISSING_MANIFEST}" in result.output.splitlines()


def test_sahkan_refuses_a_truncated_record(run, archived):
    record = archived / TW3 / "verifikasi.json"
    cut(record, 30)
    result = run("sahkan", "--workspace", archived, *PERIOD)
    assert result.exit_code == 1
    assert result.output == (
        f"Galat: {record}: rusak dan tidak dapat dibaca; jalankan 'kinerja verifikasi "
        "--setujui' lagi\n"
    )


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
