"""The command line as a user meets it: help for every command, all of it in the README."""

from __future__ import annotations

import os
import re
import subprocess
import sys

import pytest

from pipeline.cli import cli
from tests.conftest import REPO

COMMANDS = sorted(cli.commands)


@pytest.mark.parametrize("name", COMMANDS)
def test_every_command_has_indonesian_help_with_an_example(run, name):
    result = run(name, "--help")
    assert result.exit_code == 0
    assert "Contoh:" in result.output


@pytest.mark.parametrize("name", COMMANDS)
def test_every_command_is_in_the_readme(name):
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    assert re.search(rf"kinerja {re.escape(name)}\b", readme), name


def test_wrong_triwulan_is_a_usage_error(run, sample):
    result = run("olah", "--workspace", sample, "--tahun", "2024", "--triwulan", "5")
    assert result.exit_code == 2
    assert "triwulan '5' tidak dikenal: tulis 1–4 atau I–IV" in result.output


def test_olah_before_himpun_says_what_to_run(run, sample):
    result = run("olah", "--workspace", sample, "--tahun", "2024", "--triwulan", "1")
    assert result.exit_code == 1
    assert "belum dihimpun; jalankan 'kinerja himpun' dahulu" in result.output


def test_help_does_not_import_pandas_or_docxtpl():
    code = (
        "import sys; from pipeline.cli import main; sys.argv=['kinerja','--help'];\n"
        "try: main()\nexcept SystemExit: pass\n"
        "print(sorted(m for m in ('pandas','docxtpl','openpyxl') if m in sys.modules))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=REPO
    )
    assert out.stdout.strip().endswith("[]")


def test_status_does_not_import_the_heavy_libraries(sample):
    code = (
        "import sys; from pipeline.cli import main;"
        "sys.argv=['kinerja','status','--tahun','2024','--triwulan','3'];\n"
        "try: main()\nexcept SystemExit: pass\n"
        "heavy=('pandas','docxtpl','openpyxl','matplotlib','numpy');"
        "print(sorted(m for m in heavy if m in sys.modules), file=sys.stderr)"
    )
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    out = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        check=True,
        cwd=sample,
        env=env,
    )
    assert out.stderr.strip().endswith("[]")
    assert "Status Triwulan III Tahun 2024" in out.stdout


def test_usage_errors_are_in_indonesian(run):
    result = run("olah", "--tahun", "2024", "-t", "1", "--tanggal", "07-10-2024")
    assert result.exit_code == 2
    assert "bukan tanggal yang sah; tulis YYYY-MM-DD, mis. 2024-10-07." in result.output
    result = run("prose")
    assert "Perintah 'prose' tidak ada. Maksud Anda 'proses'?" in result.output
    assert "Tampilkan bantuan ini lalu keluar." in run("--help").output


def test_a_wrong_time_is_answered_with_the_time_format(run, sample):
    result = run(
        "catat", "arsip", "--workspace", sample, "--tahun", "2024", "--triwulan", "3",
        "--tanggal", "2024-10-17", "--jam", "25:00", "--oleh", "Operator",
    )  # fmt: skip
    assert result.exit_code == 2
    assert "'25:00' bukan jam yang sah; tulis HH:MM, mis. 09:30." in result.output


def test_proses_names_each_missing_unit_once(run, sample):
    result = run(
        "proses", "--workspace", sample, "--tahun", "2024", "--triwulan", "4",
        "--tanggal", "2025-01-08",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert result.output.count("Sekretariat") == 1
    assert "  [ ] Sekretariat: belum menyampaikan" in result.output.splitlines()
