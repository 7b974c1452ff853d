"""Control characters (Word's Shift+Enter is U+000B) from every way text comes in: documents that
hold them still open, in python-docx and in LibreOffice."""

from __future__ import annotations

import shutil
from pathlib import Path

from docx import Document
from pypdf import PdfReader

from pipeline.domain.teks import bersihkan, huruf_kolom
from tests.conftest import terisi
from tests.documents.test_layout import needs_libreoffice

PERIOD = ("--tahun", "2024", "--triwulan", "3")
CORPUS = Path(__file__).resolve().parents[1] / "data" / "corpus"
DRAFT = Path("outputs/2024/TW3/draft")


def test_cleaner_turns_shift_enter_into_a_line_break_and_drops_the_rest():
    assert bersihkan("a\x0bb\x01c\x1f\td\ne\uffff") == (
        "a\nbc\td\ne",
        ["U+0001", "U+001F", "U+FFFF"],
    )
    assert bersihkan("biasa, café – 90%") == ("biasa, café – 90%", [])
    assert [huruf_kolom(n) for n in (1, 8, 26, 27, 703)] == ["A", "H", "Z", "AA", "AAA"]


@needs_libreoffice
def test_control_characters_in_a_return_and_an_option_reach_documents_that_open(run, sample):
    shutil.copy(
        CORPUS / "control-chars-keterangan/sekretariat.xlsx",
        sample / "inputs/2024/TW3/format-isian-sekretariat-2024-TW3.xlsx",
    )
    w = ("--workspace", sample)
    result = run("proses", *w, *PERIOD, "--tanggal", "2024-10-07", "--pdf")
    assert result.exit_code == 0, result.output
    assert (
        "  - format-isian-sekretariat-2024-TW3.xlsx, sheet 'Format Isian', baris 10, kolom 'H': "
        "karakter kendali U+0001 (tidak terlihat, tidak boleh ada di dokumen) dibuang dari "
        "teks; periksa teksnya"
    ) in result.output.splitlines()
    cells = [c.text for t in Document(terisi(sample, "sekretariat")).tables for c in t._cells]
    assert "Rapat\nditunda karena banjir" in cells  # a line break, as Word showed it
    text = PdfReader(
        sample / DRAFT / "format-isian-terisi/format-isian-terisi-sekretariat-2024-TW3.pdf"
    )
    assert "ditunda karena banjir" in " ".join(p.extract_text() for p in text.pages)
    assert len(list((sample / DRAFT).rglob("*.pdf"))) == len(list((sample / DRAFT).rglob("*.docx")))

    result = run(
        "verifikasi",
        *w,
        *PERIOD,
        "--setujui",
        "--catatan",
        "Sudah\x0bdicek\x01",
        "--tanggal",
        "2024-10-08",
    )
    assert result.exit_code == 0, result.output
    assert (
        "  - --catatan: karakter kendali U+0001 (tidak terlihat, tidak boleh ada di dokumen) "
        "dibuang dari teks; periksa teksnya"
    ) in result.output.splitlines()
    result = run("sahkan", *w, *PERIOD, "--tanggal", "2024-10-10", "--pdf")
    assert result.exit_code == 0, result.output
    rev = sample / "outputs/2024/TW3/rev-1"
    lembar = Document(rev / "lembar-verifikasi-2024-TW3.docx")
    texts = [p.text for p in lembar.paragraphs] + [c.text for t in lembar.tables for c in t._cells]
    assert any("Sudah\ndicek" in t for t in texts)
    assert all(PdfReader(p).pages for p in rev.rglob("*.pdf"))
    documents = [p for p in rev.rglob("*.pdf") if "bukti" not in p.relative_to(rev).parts]
    assert len(documents) == len(list(rev.rglob("*.docx")))  # the evidence PDFs aside
