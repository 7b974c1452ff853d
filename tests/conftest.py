"""Shared fixtures: a copy of the sample workspace, the CLI runner, readers of produced files."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from docx import Document

from pipeline.cli import cli

REPO = Path(__file__).resolve().parents[1]


@pytest.fixture
def sample(tmp_path: Path) -> Path:
    """The bundled Awayan workspace, copied so that no test writes into the repository."""
    workspace = tmp_path / "awayan"
    workspace.mkdir()
    shutil.copy(REPO / "kinerja.toml", workspace / "kinerja.toml")
    shutil.copytree(REPO / "inputs", workspace / "inputs")
    return workspace


@pytest.fixture
def run():
    """Run the CLI; returns the click Result (exit code, output)."""
    runner = CliRunner()

    def invoke(*args: str):
        return runner.invoke(cli, [str(a) for a in args], catch_exceptions=False)

    return invoke


def docx_text(path: Path) -> str:
    """All paragraph text of a .docx: body, tables, headers and footers."""
    doc = Document(path)
    parts = [p.text for p in doc.paragraphs]
    for table in doc.tables:
        parts.extend(cell.text for row in table.rows for cell in row.cells)
    for section in doc.sections:
        parts.extend(p.text for p in section.header.paragraphs)
    return "\n".join(parts)


def table_rows(path: Path, header_first_cell: str, contains: str) -> list[list[str]]:
    """The rows (cell texts) of the first table whose header row contains `contains`."""
    doc = Document(path)
    for table in doc.tables:
        header = [c.text for c in table.rows[0].cells]
        if header and header[0] == header_first_cell and contains in header:
            return [[c.text for c in row.cells] for row in table.rows]
    raise AssertionError(f"no table with header {contains!r} in {path.name}")


def row_of(rows: list[list[str]], indikator: str) -> list[str]:
    """The row whose cells include an indicator name (exactly)."""
    for row in rows:
        if any(cell == indikator or cell.startswith(indikator + " (") for cell in row):
            return row
    raise AssertionError(f"no row for {indikator!r}")
