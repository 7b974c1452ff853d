"""Every awkward or bad return in tests/data/corpus/, with what `kinerja himpun` must make of it.

Each case replaces the Sekretariat's TW III return of the sample, or (`tempat = "workspace"`) puts
its files at their paths in the workspace and runs its command (`perintah`, else himpun). An
accepted case must give the expected Realisasi in the merged data, whose workbook holds no
formula; a rejected one must print its exact problem line (`pesan`, a listed problem; `galat`, a
whole line), exit 1, show no traceback, and leave the quarter's earlier outputs byte for byte as
they were. `{workspace}` in an expected line stands for the workspace folder. Cases marked
`saat_uji` (FIFOs, links, folders) are made in the returns folder when the test runs.
"""

from __future__ import annotations

import csv
import os
import shutil
import tomllib
from pathlib import Path

import pytest

from tests.data.make_corpus import RUNTIME

CORPUS = Path(__file__).resolve().parents[1] / "data" / "corpus"
CASES = tomllib.loads((CORPUS / "cases.toml").read_text(encoding="utf-8"))
PERIOD = ("--tahun", "2024", "--triwulan", "3")
TW3 = Path("inputs/2024/TW3")
OUTPUTS = Path("outputs/2024/TW3")


def test_corpus_is_large_and_complete():
    folders = {p.name for p in CORPUS.iterdir() if p.is_dir()}
    assert folders == {name for name, case in CASES.items() if not case.get("saat_uji")}
    assert set(RUNTIME) == {name for name, case in CASES.items() if case.get("saat_uji")}
    assert len(CASES) >= 30
    verdicts = [case["hasil"] for case in CASES.values()]
    assert verdicts.count("diterima") >= 10 and verdicts.count("ditolak") >= 10


def outputs_of(workspace: Path) -> dict[Path, bytes]:
    return {
        p: p.read_bytes()
        for p in (workspace / OUTPUTS).rglob("*")
        if p.is_file() and not p.name.startswith(".")
    }


@pytest.mark.parametrize("name", sorted(CASES))
def test_case(run, sample, name):
    case = CASES[name]
    (sample / TW3 / "format-isian-sekretariat-2024-TW3.xlsx").unlink()
    earlier = run("himpun", "--workspace", sample, *PERIOD)  # Sekretariat missing: a warning
    assert earlier.exit_code == 0, earlier.output
    before = outputs_of(sample)
    if case.get("saat_uji"):
        if not hasattr(os, "mkfifo"):
            pytest.skip("FIFOs, devices and symlinks as on Linux and macOS")
        RUNTIME[name](sample / TW3)
    else:
        folder = CORPUS / name
        target = sample if case.get("tempat") == "workspace" else sample / TW3
        for path in sorted(folder.rglob("*")):
            if path.is_file():
                destination = target / path.relative_to(folder)
                destination.parent.mkdir(parents=True, exist_ok=True)
                shutil.copy(path, destination)

    result = run(case.get("perintah", "himpun"), "--workspace", sample, *PERIOD)

    lines = result.output.splitlines()
    assert "Traceback" not in result.output
    if case["hasil"] == "diterima":
        assert result.exit_code == 0, result.output
        with open(sample / OUTPUTS / "data-kinerja-2024-TW3.csv", encoding="utf-8-sig") as handle:
            rows = {r["Indikator Kinerja"]: r for r in csv.DictReader(handle, delimiter=";")}
        row = rows["Nilai SAKIP Kecamatan"]
        assert row["Realisasi"] == case["realisasi"]
        assert row["Status"] == "dilaporkan"
        if "keterangan" in case:
            assert row["Keterangan"] == case["keterangan"]
        if "sumber" in case:
            assert row["Sumber"] == case["sumber"]
        if "peringatan" in case:
            assert "  - " + expected(case["peringatan"], sample) in lines
        assert formulas(sample / OUTPUTS / "data-kinerja-2024-TW3.xlsx") == []
    else:
        assert result.exit_code == 1
        if "pesan" in case:
            assert f"  - {case['pesan']}" in lines
        else:
            assert expected(case["galat"], sample) in lines
        assert outputs_of(sample) == before


def expected(line: str, workspace: Path) -> str:
    return line.replace("{workspace}", str(workspace))


def formulas(path: Path) -> list[str]:
    """The cells of a workbook that a spreadsheet would evaluate."""
    from openpyxl import load_workbook

    workbook = load_workbook(path)
    return [
        c.coordinate for s in workbook for row in s.iter_rows() for c in row if c.data_type == "f"
    ]
