"""Shared fixtures: a copy of the sample workspace, the CLI runner, readers of produced files."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from docx import Document

from pipeline.cli import cli

REPO = Path(__file__).resolve().parents[1]


@pytest.fixture(autouse=True, scope="session")
def _own_cache(tmp_path_factory: pytest.TempPathFactory):
    """kinerja's disk cache (compiled templates, holidays) in a folder of the test session, also
    for the commands tests start as processes, never in the user's cache folder."""
    import os

    old = os.environ.get("KINERJA_CACHE_DIR")
    os.environ["KINERJA_CACHE_DIR"] = str(tmp_path_factory.mktemp("cache"))
    yield
    if old is None:
        del os.environ["KINERJA_CACHE_DIR"]
    else:
        os.environ["KINERJA_CACHE_DIR"] = old


@pytest.fixture
def sample(tmp_path: Path) -> Path:
    """The bundled Awayan workspace, copied so that no test writes into the repository."""
    workspace = tmp_path / "awayan"
    workspace.mkdir()
    shutil.copy(REPO / "kinerja.toml", workspace / "kinerja.toml")
    shutil.copytree(REPO / "inputs", workspace / "inputs")
    _as_committed(workspace)
    (workspace / "templates").mkdir()
    shutil.copy(REPO / "templates/logo-contoh.png", workspace / "templates/logo-contoh.png")
    return workspace


# what the sample's kegiatan.toml records as committed: the steps before the returns came back
SAMPLE_STEPS = ("perintah", "format-isian", "sampaikan")


def _as_committed(workspace: Path) -> None:
    """Running the README's start in the repository records himpun and olah dates in the
    sample's kegiatan.toml; tests start from the sample as it is committed."""
    from pipeline.store import rekaman

    for record in sorted((workspace / "inputs").glob("*/TW*/kegiatan.toml")):
        steps = rekaman.baca(record.parent)
        if set(steps) - set(SAMPLE_STEPS):
            record.unlink()
            for key in SAMPLE_STEPS:
                if key in steps:
                    rekaman.catat(record.parent, steps[key])


@pytest.fixture
def run():
    """Run the CLI; returns the click Result (exit code, output)."""
    runner = CliRunner()

    def invoke(*args: str):
        return runner.invoke(cli, [str(a) for a in args], catch_exceptions=False)

    return invoke


def terisi(workspace: Path, unit_slug: str) -> Path:
    """The draft Format Isian terisi of one unit for TW III 2024."""
    return (
        workspace
        / "outputs/2024/TW3/draft/format-isian-terisi"
        / f"format-isian-terisi-{unit_slug}-2024-TW3.docx"
    )


def edit_return(workspace: Path, name: str, cells: dict[str, object]) -> None:
    """Type values into cells of a TW III 2024 return, as a section head would in Excel."""
    from openpyxl import load_workbook

    path = workspace / "inputs/2024/TW3" / name
    workbook = load_workbook(path)
    for ref, value in cells.items():
        workbook.active[ref] = value
    workbook.save(path)


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


PENGUKURAN_KEYS = [
    "no",
    "sasaran",
    "indikator",
    "satuan",
    "target_tahunan",
    "target_tw1",
    "target_tw2",
    "target_tw3",
    "target_tw4",
    "realisasi_tw1",
    "realisasi_tw2",
    "realisasi_tw3",
    "realisasi_tw4",
    "kumulatif",
    "capaian",
    "capaian_kumulatif",
    "predikat",
    "keterangan",
]


def pengukuran_table(path: Path) -> dict[str, dict[str, str]]:
    """The Pengukuran Kinerja table by indicator: {indikator: {column key: cell text}}."""
    doc = Document(path)
    table = next(t for t in doc.tables if len(t.columns) == len(PENGUKURAN_KEYS))
    rows = [[c.text for c in row.cells] for row in table.rows]
    assert rows[0][:5] == ["No", "Sasaran", "Indikator Kinerja", "Satuan", "Target"]
    assert [cell.replace("\u00a0", " ") for cell in rows[1][4:14]] == [
        "Tahunan",
        "TW I",
        "TW II",
        "TW III",
        "TW IV",
        "TW I",
        "TW II",
        "TW III",
        "TW IV",
        "Kumulatif",
    ]
    assert rows[1][14:] == [
        rows[1][14],
        "Kumulatif",
        "Predikat",
        "Keterangan",
    ]
    return {row[2]: dict(zip(PENGUKURAN_KEYS, row, strict=True)) for row in rows[2:]}


def quarter(row: dict[str, str], triwulan: int = 3) -> list[str]:
    """Target, realisasi and capaian of one quarter from a pengukuran_table row."""
    return [row[f"target_tw{triwulan}"], row[f"realisasi_tw{triwulan}"], row["capaian"]]
