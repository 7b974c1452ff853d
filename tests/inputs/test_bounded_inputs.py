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
from hypothesis import given, settings
from hypothesis import strategies as st

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


def _reference_extent(xml: bytes, cells: int) -> tuple[int, int] | str:
    """The sheet's reach as read one element at a time, each with all its attributes (how
    the scanner read it before it was made faster); the refusal's message when it is past
    `cells`."""
    import re

    from pipeline.inputs import input_file

    tag = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?(row|c)(\s[^>]*?)?(/?)>")
    row = column = rows = columns = 0
    for match in tag.finditer(xml):
        ref = input_file._attrs(match.group(2)).get(b"r", b"")
        if match.group(1) == b"row":
            row, column = (int(ref) if ref.isdigit() else row + 1), 0
            continue
        letters = ref.rstrip(b"0123456789")
        column = input_file._column(letters) if letters else column + 1
        if ref[len(letters) :].isdigit():
            row = int(ref[len(letters) :])
        if not match.group(3):
            rows, columns = max(rows, row), max(columns, column)
            if rows * columns > cells:
                return f"sampai {input_file._letters(columns)}{rows} "
    return rows, columns


_TAGS = st.sampled_from(
    [b'<row r="3">', b"<row>", b'<x:row r="7" spans="1:2">', b"</row>", b'<c r="B2"/>']
    + [b'<c r="AA10" s="1" t="s">', b"<c>", b'<c s="2" r="C4">', b'<c r="D5"/>', b"<c/>"]
    + [b'<c foo="a r=" s="1">', b'<c r="A1" x:r="E9">', b'<c\n r="F6"\tt="n">', b"<col>"]
    + [b'<c r="Z99999">', b"<v>1</v>", b"</c>", b'<c r="">', b'<c t="s" />', b"<cx>"]
)


@settings(max_examples=400, deadline=None)
@given(st.lists(_TAGS, max_size=25).map(b"".join), st.integers(1, 64))
def test_the_sheet_scanner_reaches_what_each_element_read_alone_reaches(xml, chunk):
    """In chunks of any size, as a zip member streams, and against a small limit too."""
    from pipeline.inputs import input_file
    from pipeline.inputs.input_file import InputFileError

    for cells in (input_file.MAX_CELLS, 40):
        expected = _reference_extent(xml, cells)
        scanner = input_file._XlsxExtent(Path("isian.xlsx"))
        try:
            with pytest.MonkeyPatch.context() as patch:
                patch.setattr(input_file, "MAX_CELLS", cells)
                for at in range(0, len(xml), chunk):
                    scanner.feed(xml[at : at + chunk])
                scanner.feed(b"<")  # what is left of the last tag
        except InputFileError as refused:
            assert isinstance(expected, str) and expected in str(refused)
        else:
            assert (scanner.rows, scanner.columns) == expected


@pytest.mark.parametrize(
    ("attribute_mb", "refusal"), [(1.5, "sel terpakai sampai XFD1048576"), (3, "lebih dari 1 MB")]
)
def test_a_far_cell_behind_a_long_attribute_is_still_seen(tmp_path, attribute_mb, refusal):
    """A cell tag longer than a chunk of the stream was once dropped whole, and the far cell it
    names went uncounted."""
    import io
    import zipfile

    from pipeline.inputs.input_file import InputFileError, check_package

    main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    padding = "A" * int(attribute_mb * 2**20)
    sheet = (
        f'<worksheet xmlns="{main}"><sheetData><row r="1"><c r="A1"><v>1</v></c></row>'
        f'<row r="1048576"><c r="XFD1048576" a="{padding}"><v>1</v></c></row>'
        "</sheetData></worksheet>"
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as package:
        package.writestr(
            "xl/workbook.xml",
            f'<workbook xmlns="{main}" xmlns:r="{rel}"><sheets>'
            '<sheet name="Data" sheetId="1" r:id="rId1"/></sheets></workbook>',
        )
        package.writestr(
            "xl/_rels/workbook.xml.rels",
            '<Relationships><Relationship Id="rId1" Target="worksheets/sheet1.xml"/>'
            "</Relationships>",
        )
        package.writestr("xl/worksheets/sheet1.xml", sheet)
    with pytest.raises(InputFileError, match=refusal):
        check_package(tmp_path / "isian.xlsx", buffer.getvalue())


@pytest.mark.parametrize("tag", [b"<c ", b'<c r="', b"<row ", b"<table:table-cell "])
def test_a_sheet_of_unfinished_tags_is_scanned_in_linear_time(tag):
    """Tags without their > once made each < read on to the end of the text (64 KB: 20 s,
    a 1 MB chunk: hours); a crafted sheet of them deflates to almost nothing."""
    import time

    from pipeline.inputs import input_file

    for scanner in (input_file._XlsxExtent(Path("a.xlsx")), input_file._OdsExtent(Path("a.ods"))):
        start = time.process_time()
        scanner.feed(tag * (64 * 1024 // len(tag)))
        scanner.feed(b">")
        assert time.process_time() - start < 2
