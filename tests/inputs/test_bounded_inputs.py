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


MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"


def _reach(xml: bytes) -> tuple[int, int]:
    """The reach of a sheet's cells with an element inside, read from its tree (lxml): what
    the streaming scan must find, whatever the way the XML is written."""
    from lxml import etree

    from pipeline.inputs import input_file

    row = column = rows = columns = 0
    for element in etree.fromstring(xml).iter(etree.Element):
        local = etree.QName(element).localname
        ref = element.get("r", "")
        if local == "row":
            row, column = (int(ref) if ref.isdigit() else row + 1), 0
        elif local == "c":
            letters = ref.rstrip("0123456789")
            column = input_file._column(letters) if letters else column + 1
            row = int(ref[len(letters) :]) if ref[len(letters) :].isdigit() else row
            if len(element):
                rows, columns = max(rows, row), max(columns, column)
    return rows, columns


_CELLS = st.sampled_from(
    ['<c r="B2"><v>1</v></c>', "<c><v>1</v></c>", '<c r="AA10" t="s"><v>0</v></c>']
    + ["<c r='C4' s='1'><v>2</v></c>", '<c r = "D5" ><v>3</v></c>', '<c r="E9"/>', "<c/>"]
    + ['<c foo=">" r="F7"><v>4</v></c>', '<c r="G3"></c>', '<c x:r="Z99"><v>5</v></c>']
    + ['<c r="H2" t="inlineStr"><is><t>a &gt; b</t></is></c>', "<!-- ' --><c><f>A1</f></c>"]
)
_ROWS = st.lists(
    st.tuples(
        st.sampled_from(['<row r="3">', "<row>", "<row r='7' spans=\"1:2\">"]),
        st.lists(_CELLS, max_size=5),
    ),
    max_size=6,
)


@settings(max_examples=300, deadline=None)
@given(_ROWS, st.sampled_from(["", "x:"]), st.integers(1, 64))
def test_the_sheet_scan_reaches_what_the_tree_reaches(rows, prefix, chunk):
    """Any quoting, spacing and namespace prefix, a > in a value, a comment with a quote,
    fed in chunks of any size: the streaming scan finds the tree's reach."""
    from pipeline.inputs import input_file

    body = "".join(head + "".join(cells) + "</row>" for head, cells in rows)
    body = body.replace("<row", f"<{prefix}row").replace("</row", f"</{prefix}row")
    body = body.replace("<c", f"<{prefix}c").replace("</c>", f"</{prefix}c>")
    namespaces = f'xmlns="{MAIN}" xmlns:x="{MAIN}"'
    xml = f"<worksheet {namespaces}><sheetData>{body}</sheetData></worksheet>".encode()
    scanner = input_file._XlsxExtent(Path("isian.xlsx"))
    for at in range(0, len(xml), chunk):
        scanner.feed(xml[at : at + chunk])
    assert (scanner.rows, scanner.columns) == _reach(xml)


def _workbook(sheet: str) -> bytes:
    """An .xlsx holding `sheet` as its one worksheet, as small as the scan needs."""
    import io
    import zipfile

    rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as package:
        package.writestr(
            "xl/workbook.xml",
            f'<workbook xmlns="{MAIN}" xmlns:r="{rel}"><sheets>'
            "<sheet name='Data' sheetId='1' r:id = 'rId1'/></sheets></workbook>",
        )
        package.writestr(
            "xl/_rels/workbook.xml.rels",
            "<Relationships><Relationship Id='rId1' Target='data/isi.xml'/></Relationships>",
        )
        package.writestr("xl/data/isi.xml", sheet)
    return buffer.getvalue()


FAR = '<row r="1048576"><c {}><v>1</v></c></row>'


@pytest.mark.parametrize(
    "far",
    [
        FAR.format("r='XFD1048576'"),  # single quotes
        FAR.format('r = "XFD1048576"'),  # spaces around =
        FAR.format('foo=">" r="XFD1048576"'),  # a > in a value before r
        "<!-- it's -->" + FAR.format('r="XFD1048576"') + "<!-- ' -->",  # a quote in a comment
        FAR.format(f'r="XFD1048576" a="{"A" * 3 * 2**20}"'),  # longer than a chunk
    ],
)
def test_a_far_cell_however_written_is_seen(tmp_path, far):
    """Ways of writing a cell that python-calamine reads and a scan by patterns missed, in a
    sheet part with a name of its own (named in the workbook with single quotes)."""
    from pipeline.inputs.input_file import InputFileError, check_package

    prefixed = far.replace("<", "<x:").replace("<x:/", "</x:").replace("<x:!", "<!")
    sheet = f'<x:worksheet xmlns:x="{MAIN}"><x:sheetData>{prefixed}</x:sheetData></x:worksheet>'
    with pytest.raises(InputFileError, match="sel terpakai sampai XFD1048576"):
        check_package(tmp_path / "isian.xlsx", _workbook(sheet))


@pytest.mark.parametrize(
    ("text", "refusal"),
    [
        (b"<c " * 30000, "sheet bukan XML yang utuh (rusak di baris 1, kolom 3 isi XML-nya); "),
        (b'<c r="' * 20000, "sheet bukan XML yang utuh (rusak di baris 1, kolom 6 isi XML-nya); "),
        (b"<!DOCTYPE x [<!ENTITY a 'b'>]><x/>", "sheet memuat deklarasi DOCTYPE, yang tidak "),
    ],
)
def test_a_sheet_that_is_not_whole_xml_is_refused_at_once(text, refusal):
    """Unfinished tags once made a pattern read to the end of the text for each of them (a
    1 MB chunk: hours); a document type could define entities that expand without end."""
    import time

    from pipeline.inputs import input_file

    scanner = input_file._XlsxExtent(Path("isian.xlsx"))
    start = time.process_time()
    with pytest.raises(input_file.InputFileError) as refused:
        scanner.feed(text)
        scanner.feed(b">")
    assert time.process_time() - start < 1
    message = str(refused.value)
    assert message.startswith(f"isian.xlsx: {refusal}")
    assert message.endswith("; buka di Excel atau LibreOffice lalu simpan ulang sebagai .xlsx")


def test_an_ods_table_under_another_prefix_is_still_scanned(tmp_path):
    import io
    import zipfile

    from pipeline.inputs.input_file import InputFileError, check_package

    table = "urn:oasis:names:tc:opendocument:xmlns:table:1.0"
    office = "urn:oasis:names:tc:opendocument:xmlns:office:1.0"
    content = (
        f'<o:document-content xmlns:o="{office}" xmlns:t="{table}"><o:body><t:table t:name="A">'
        '<t:table-row t:number-rows-repeated="2000000"><t:table-cell t:number-columns-repeated'
        '="10" o:value-type="float"/></t:table-row></t:table></o:body></o:document-content>'
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as package:
        package.writestr("content.xml", content)
    with pytest.raises(InputFileError, match="sel terpakai sampai J2000000"):
        check_package(tmp_path / "isian.ods", buffer.getvalue())
