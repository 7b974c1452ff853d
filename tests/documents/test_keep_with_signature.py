"""A signature block never stands alone at the top of a page: the rows that go with it."""

from __future__ import annotations

import datetime as dt
import io
import subprocess
from pathlib import Path

import pytest
from docx import Document
from docx.oxml import parse_xml
from docx.oxml.ns import qn
from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import etree

from pipeline.documents import render
from pipeline.documents.keep_with_signature import keep_with_signature, keep_with_signature_tree
from pipeline.documents.pdf import to_pdf
from pipeline.inputs.config import Tampilan
from tests.documents.test_layout import DRAFT, needs_libreoffice, proses
from tests.documents.test_print import tables

WHEN = dt.date(2024, 10, 7)
NS = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
SPACER = '<w:p><w:pPr><w:keepNext/><w:spacing w:after="240"/></w:pPr></w:p>'
SIGNATURE = "<w:tbl><w:tr><w:tc><w:p><w:r><w:t>NIP</w:t></w:r></w:p></w:tc></w:tr></w:tbl>"
HEADER = (
    "<w:tr><w:trPr><w:tblHeader/></w:trPr><w:tc><w:p><w:r><w:t>No</w:t></w:r></w:p></w:tc></w:tr>"
)


def row(*paragraphs: str) -> str:
    return "<w:tr><w:tc>" + "".join(paragraphs) + "</w:tc></w:tr>"


def table(*rows: str) -> str:
    return "<w:tbl><w:tblPr/><w:tblGrid/>" + "".join(rows) + "</w:tbl>"


def test_the_last_row_and_the_header_go_with_the_signature():
    body = table(HEADER, row("<w:p><w:r><w:t>1</w:t></w:r></w:p>"), row("<w:p/>")) + SPACER
    assert keep_with_signature(body + SIGNATURE) == (
        "<w:tbl><w:tblPr/><w:tblGrid/>"
        "<w:tr><w:trPr><w:tblHeader/></w:trPr><w:tc><w:p><w:pPr><w:keepNext/></w:pPr>"
        "<w:r><w:t>No</w:t></w:r></w:p></w:tc></w:tr>"
        "<w:tr><w:tc><w:p><w:r><w:t>1</w:t></w:r></w:p></w:tc></w:tr>"
        "<w:tr><w:tc><w:p><w:pPr><w:keepNext/></w:pPr></w:p></w:tc></w:tr></w:tbl>"
        + SPACER
        + SIGNATURE
    )


def test_keep_goes_after_the_style_and_replaces_an_explicit_off():
    paragraphs = (
        '<w:p w:rsidR="1"><w:pPr><w:pStyle w:val="Isi"/><w:keepNext w:val="0"/>'
        '<w:jc w:val="left"/></w:pPr></w:p>',
        "<w:p><w:pPr/><w:r><w:t>a</w:t></w:r></w:p>",
        '<w:p w:rsidR="2" />',
        '<w:p><w:pPr><w:keepNext w:val="true"/></w:pPr></w:p>',
    )
    kept = keep_with_signature(table(row(*paragraphs)) + SPACER)
    assert (
        kept
        == table(
            row(
                '<w:p w:rsidR="1"><w:pPr><w:pStyle w:val="Isi"/><w:keepNext/>'
                '<w:jc w:val="left"/></w:pPr></w:p>',
                "<w:p><w:pPr><w:keepNext/></w:pPr><w:r><w:t>a</w:t></w:r></w:p>",
                '<w:p w:rsidR="2" ><w:pPr><w:keepNext/></w:pPr></w:p>',
                '<w:p><w:pPr><w:keepNext w:val="true"/></w:pPr></w:p>',
            )
        )
        + SPACER
    )


def test_notes_kept_with_the_block_take_the_row_along_too():
    note = '<w:p><w:pPr><w:keepNext w:val="on"/></w:pPr><w:r><w:t>Keterangan</w:t></w:r></w:p>'
    body = table(row("<w:p/>"), row("<w:p/>")) + note + note + SPACER + SIGNATURE
    kept = keep_with_signature(body)
    assert kept.count("<w:keepNext/>") == body.count("<w:keepNext/>") + 1  # the last row


def test_a_table_inside_the_last_row_is_counted_as_it_nests():
    inner = table(row("<w:p/>"), row("<w:p/>"))
    body = table(row("<w:p/>"), "<w:tr><w:tc>" + inner + "<w:p/></w:tc></w:tr>") + SPACER
    kept = keep_with_signature(body)
    first_row_end = kept.index("</w:tr>")
    assert "keepNext" not in kept[:first_row_end]  # the first row stays where it falls
    assert kept.count("<w:keepNext/>") == 4  # both inner rows, the paragraph, the spacer


def test_tables_nested_deeper_than_a_document_would_stay_well_formed():
    body = "<w:p/>"
    for _ in range(60):  # each level a table in a cell, with a spacer after it
        body = table(row(body)) + SPACER
    kept = keep_with_signature(body)
    etree.fromstring(f"<w:body {NS}>{kept}</w:body>".encode())
    assert keep_with_signature(kept) == kept
    assert kept.count("<w:keepNext/>") > body.count("<w:keepNext/>")  # the inner ones


def test_nothing_changes_without_a_kept_empty_paragraph_after_a_table():
    heading = "<w:p><w:pPr><w:keepNext/></w:pPr><w:r><w:t>BAB III</w:t></w:r></w:p>"
    for body in (
        table(HEADER, row("<w:p/>")) + heading,  # a heading kept with what follows it
        table(HEADER, row("<w:p/>")) + "<w:p/>" + SIGNATURE,
        table(HEADER, row("<w:p/>")) + '<w:p><w:pPr><w:keepNext w:val="0"/></w:pPr></w:p>',
        "<w:p/>" + SPACER + SIGNATURE,
        table("<w:tr/>") + SPACER,  # no row with a cell
        table(HEADER, row("<w:p/>")) + heading + table(HEADER, row("<w:p/>")),
        table(HEADER, row("<w:p/>")) + SPACER.replace("<w:keepNext/>", "") + SPACER,
    ):
        assert keep_with_signature(body) is body


CHANGE = '<w:pPrChange w:id="1" w:author="a" w:date="2024-01-01T00:00:00Z">{}</w:pPrChange>'
PARAGRAPHS = [
    SPACER,
    "<w:p/>",
    "<w:p><w:pPr/></w:p>",
    '<w:p><w:pPr><w:keepNext w:val="on"/></w:pPr></w:p>',
    '<w:p><w:pPr><w:keepNext w:val="off"/></w:pPr></w:p>',
    "<w:p><w:pPr><w:keepNext/></w:pPr><w:r><w:t>Catatan</w:t></w:r></w:p>",
    "<w:p><w:pPr><w:keepNext/></w:pPr><w:bookmarkStart/></w:p>",
    '<w:p><w:pPr><w:pStyle w:val="Isi"/><w:jc w:val="left"/></w:pPr><w:r><w:t>1</w:t></w:r></w:p>',
    # a tracked change of the properties: the old ones are not read, nor changed
    '<w:p><w:pPr><w:jc w:val="left"/>'
    + CHANGE.format("<w:pPr><w:keepNext/></w:pPr>")
    + "</w:pPr></w:p>",
    "<w:p><w:pPr><w:keepNext/>"
    + CHANGE.format('<w:pPr><w:keepNext w:val="0"/></w:pPr>')
    + "</w:pPr></w:p>",
    # a text box: a paragraph inside a paragraph
    "<w:p><w:pPr><w:keepNext/></w:pPr><w:r><w:pict><w:txbxContent>"
    "<w:p><w:r><w:t>kotak</w:t></w:r></w:p></w:txbxContent></w:pict></w:r></w:p>",
]


@st.composite
def nested(draw, depth: int = 0) -> str:
    """A table whose cells may hold tables, and kept paragraphs after those, as deep as 3."""
    rows = []
    for index in range(draw(st.integers(1, 3))):
        header = "<w:trPr><w:tblHeader/></w:trPr>" if index == 0 and draw(st.booleans()) else ""
        cells = []
        for _ in range(draw(st.integers(1, 2))):
            inside = ""
            if depth < 2 and draw(st.booleans()):
                inside = draw(nested(depth + 1))
            inside += "".join(draw(st.lists(st.sampled_from(PARAGRAPHS), max_size=2)))
            cells.append(f"<w:tc>{inside}<w:p/></w:tc>")
        rows.append(f"<w:tr>{header}{''.join(cells)}</w:tr>")
        if draw(st.integers(0, 4)) == 0:  # a row without cells, as docxtpl's {%tc %} can leave
            rows.append("<w:tr/>")
    return "<w:tbl><w:tblPr/><w:tblGrid/>" + "".join(rows) + "</w:tbl>"


@st.composite
def bodies(draw) -> str:
    parts = []
    for _ in range(draw(st.integers(1, 3))):
        parts.append(draw(st.one_of(tables(), nested())))
        for _ in range(draw(st.integers(0, 3))):
            parts.append(draw(st.sampled_from(PARAGRAPHS)))
    return "".join(parts) + SIGNATURE


def kept_paragraphs(body: object) -> list[bool]:
    kept = []
    for paragraph in body.iter(qn("w:p")):
        keep = paragraph.find(f"{qn('w:pPr')}/{qn('w:keepNext')}")
        kept.append(keep is not None and keep.get(qn("w:val"), "1") in ("1", "true", "on"))
    return kept


@settings(max_examples=300, deadline=None)
@given(bodies())
def test_the_text_and_the_tree_keep_the_same_paragraphs(body):
    """Both ways agree, the text stays well formed, a tracked change keeps its old properties,
    and a second pass changes nothing."""
    kept = keep_with_signature(body)
    text = etree.fromstring(f"<w:body {NS}>{kept}</w:body>".encode())
    tree = parse_xml(f"<w:body {NS}>{body}</w:body>")
    keep_with_signature_tree(tree)
    assert kept_paragraphs(text) == kept_paragraphs(tree)
    changes = [etree.tostring(c) for c in text.iter(qn("w:pPrChange"))]
    assert changes == [etree.tostring(c) for c in tree.iter(qn("w:pPrChange"))]
    assert len(changes) == body.count("<w:pPrChange")
    assert keep_with_signature(kept) == kept


def test_a_value_word_never_writes_is_no_traceback_on_the_tree():
    tree = parse_xml(
        f"<w:body {NS}>{table(row('<w:p/>'))}"
        '<w:p><w:pPr><w:keepNext w:val="True"/></w:pPr></w:p></w:body>'
    )
    keep_with_signature_tree(tree)  # not "on": the chain stops there, as the text's does
    assert kept_paragraphs(tree) == [False, False]


@pytest.mark.parametrize(
    "cells", [("{{ a }}", "{{ b }}", "c"), ("{%tc for k in kolom %}", "{{ k }}", "{%tc endfor %}")]
)
def test_both_ways_of_rendering_keep_the_last_row(tmp_path, any_template, cells):
    """A template whose rows change shape ({%tc %}) is rendered by docxtpl on python-docx's
    tree, every other one from its text: the last row goes with the signature either way."""
    document = Document()
    rows = document.add_table(rows=3, cols=3)
    rows.rows[0].cells[0].text = "Nomor"
    for cell, text in zip(rows.rows[-1].cells, cells, strict=True):
        cell.text = text
    document.add_paragraph().paragraph_format.keep_with_next = True
    document.add_table(rows=1, cols=1).rows[0].cells[0].text = "NIP. 1970"
    template = tmp_path / "nota-dinas.docx"
    document.save(template)
    context = {"a": "1", "b": "2", "kolom": ["x", "y"]}
    out = Document(io.BytesIO(render.render_docx(template, context, WHEN, Tampilan())))
    table, signature = out.tables
    assert [c.text for c in table.rows[-1].cells] == (
        ["x", "y"] if "kolom" in cells[0] else ["1", "2", "c"]
    )
    assert all(
        p.paragraph_format.keep_with_next for c in table.rows[-1].cells for p in c.paragraphs
    )
    assert not any(p.paragraph_format.keep_with_next for p in table.rows[0].cells[0].paragraphs)
    assert "NIP. 1970" in signature.rows[0].cells[0].text


def last_page_of(pages: list[str], text: str) -> str:
    return [page for page in pages if text in page][-1]


@needs_libreoffice
def test_no_signature_starts_a_page_alone_in_print(run, sample):
    """The Rencana Aksi of a Format Isian terisi, the last indicator of a Format Pengukuran and
    of the Perjanjian Kinerja's lampiran, the last step of the Lembar Kendali SOP are printed on
    the page of the signature below them: each of these signatures (the last with a note) stood
    alone on its page before."""
    proses(run, sample)
    result = run("format-isian", "--workspace", sample, "--tahun", "2024", "--triwulan", "3")
    assert result.exit_code == 0, result.output
    result = run("perjanjian", "--workspace", sample, "--tahun", "2024", "--tanggal", "2024-01-15")
    assert result.exit_code == 0, result.output
    quarter = ("--workspace", sample, "--tahun", "2024", "--triwulan", "3")
    for step in (
        ("verifikasi", *quarter, "--setujui", "--catatan", "Dicek", "--tanggal", "2024-10-08"),
        ("sahkan", *quarter, "--tanggal", "2024-10-09"),
        ("catat", "entri", *quarter, "--tanggal", "2024-10-10", "--oleh", "Operator"),
        ("status", *quarter, "--docx"),
    ):
        result = run(*step)
        assert result.exit_code == 0, result.output
    cases = {
        DRAFT / "format-isian-terisi/format-isian-terisi-seksi-pemerintahan-2024-TW3.docx": (
            "Kunjungan pembinaan administrasi",
            "NIP. 19791104",
        ),
        Path(
            "outputs/2024/TW3/format-pengukuran/"
            "format-pengukuran-subbag-perencanaan-dan-keuangan-2024-TW3.docx"
        ): ("pengelolaan keuangan", "NIP. 19820315"),
        Path("outputs/2024/perjanjian-kinerja/perjanjian-kinerja-2024.docx"): (
            "rumah ibadah",
            "NIP. 19701208",
        ),
        # its last table, then a note kept with the signatures
        Path("outputs/2024/TW3/lembar-kendali-sop-2024-TW3.docx"): (
            "Mengarsipkan",
            "NIP. 19820315",
        ),
    }
    pdfs = to_pdf({path.name: (sample / path).read_bytes() for path in cases})
    for path, (last_row, signer) in cases.items():
        document = Document(sample / path)
        assert any(last_row in cell.text for t in document.tables for cell in t._cells)
        pdf = sample / path.with_suffix(".pdf").name
        pdf.write_bytes(pdfs[path.with_suffix(".pdf").name])
        text = subprocess.run(
            ["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True
        ).stdout
        pages = text.split("\f")
        assert last_row in last_page_of(pages, signer), f"{path.name}: the signature stands alone"
