"""`kinerja sop`: the SOPs of the seed as Word documents, identity page and flowchart table."""

from __future__ import annotations

import io
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from docx import Document
from docx.oxml.ns import qn
from PIL import Image

from pipeline.documents.flowchart import FlowStep, Shape, layout_page, plan_pages
from tests.conftest import docx_text

SOP_03 = "outputs/sop/sop-071-03-pengumpulan-data-kinerja-per-triwulan.docx"
SOP_02 = "outputs/sop/sop-071-02-pelaksanaan-pengukuran-kinerja-triwulan.docx"
PELAKSANA = ["Camat", "Sekretaris", "Kasubbag Perencanaan dan Keuangan", "Pelaksana"]
HEADER = [
    "No",
    "Uraian Kegiatan",
    *PELAKSANA,
    "Kelengkapan",
    "Waktu",
    "Output",
    "Keterangan",
]
HEADER_WORDS = (
    "No",
    "Uraian Kegiatan",
    "Pelaksana",
    "Mutu Baku",
    "Camat",
    "Sekretaris",
    "Kasubbag",
    "Perencanaan",
    "Keuangan",
    "Kelengkapan",
    "Waktu",
    "Output",
    "Keterangan",
)
HAS_PDF_TOOLS = bool(shutil.which("soffice") and shutil.which("pdftotext"))


def render(run, sample: Path) -> None:
    result = run("sop", "--workspace", sample)
    assert result.exit_code == 0, result.output


def use_a4_bookman(sample: Path) -> None:
    """A4 paper, Bookman and a 4 cm left margin: narrower columns, wider type."""
    config = sample / "kinerja.toml"
    config.write_text(
        config.read_text(encoding="utf-8")
        + '\n[dokumen]\nkertas = "A4"\nhuruf = "Bookman Old Style"\nmargin_kiri = 4\n',
        encoding="utf-8",
    )


def flow_tables(path: Path):
    """The page tables of the flowchart (the identity page has the first two tables)."""
    return Document(path).tables[2:]


def body_rows(table):
    return table.rows[2:]


def pictures(table):
    return table._tbl.xpath(".//pic:pic")


def alt_text(table) -> str:
    return " ".join(table._tbl.xpath(".//wp:docPr/@descr"))


def test_sop_documents_reproduce_the_seed(run, sample):
    render(run, sample)
    path = sample / SOP_03
    text = docx_text(path)
    for line in (
        "071/03/KEC.AWY/VII/2023",
        "26 Juli 2023",
        "Pengumpulan Data Kinerja Per Triwulan",
        "DASAR HUKUM :",
        "KUALIFIKASI PELAKSANA :",
        "KETERKAITAN :",
        "PERALATAN / PERLENGKAPAN :",
        "PERINGATAN :",
        "PENCATATAN DAN PENDATAAN :",
        "2. Laporan Realisasi Keuangan",
        "ASWAL SALAHUDIN, S.IP",
        "NIP. 19701208 199203 1 007",
    ):
        assert line in text, line
    document = Document(path)
    assert len(document.sections) == 2
    flow = document.sections[1]
    assert flow.page_width > flow.page_height  # the flowchart page is landscape
    tables = flow_tables(path)
    for table in tables:  # every page table has the seed's columns under a repeated header
        header = [c.text for c in table.rows[1].cells]
        assert header[0] == "No" and header[2:] == HEADER[2:], header
        assert table.rows[0]._tr.trPr.find(qn("w:tblHeader")) is not None
    numbers = [[r.cells[0].text for r in body_rows(t)] for t in tables]
    # steps 1-6 on the first page and an off-page connector row; it comes in on the second
    assert numbers == [["1", "2", "3", "4", "5", "6", ""], ["", "7", "8"]]
    assert body_rows(tables[0])[3].cells[7].text == "2 Hari"


@pytest.mark.parametrize("paper", ["F4", "A4"])
def test_the_flowchart_is_one_picture_per_page_filling_the_pelaksana_columns(run, sample, paper):
    if paper == "A4":
        use_a4_bookman(sample)
    render(run, sample)
    for table in flow_tables(sample / SOP_03):
        assert len(pictures(table)) == 1
        rows = body_rows(table)
        cells = [row._tr.tc_lst[2] for row in rows]  # the merged Pelaksana cell of each row
        spans = {c.tcPr.find(qn("w:gridSpan")).get(qn("w:val")) for c in cells}
        merges = [c.tcPr.find(qn("w:vMerge")).get(qn("w:val")) for c in cells]
        assert spans == {"4"}
        assert merges == ["restart"] + ["continue"] * (len(rows) - 1)
        heights = []
        for row in rows:
            height = row._tr.trPr.find(qn("w:trHeight"))
            assert height.get(qn("w:hRule")) == "exact"
            heights.append(int(height.get(qn("w:val"))))
        extent = table._tbl.xpath(".//wp:extent")[0]
        grid = [int(c.get(qn("w:w"))) for c in table._tbl.tblGrid.findall(qn("w:gridCol"))]
        # the picture is as tall as the rows and as wide as the four Pelaksana columns
        assert abs(int(extent.get("cy")) - sum(heights) * 635) < 635 * len(rows)
        assert abs(int(extent.get("cx")) - sum(grid[2:6]) * 635) < 635 * 4
        inline = table._tbl.xpath(".//wp:inline")[0]
        assert [inline.get(f"dist{s}") for s in "TBLR"] == ["0"] * 4


def test_decision_has_ya_and_tidak_exits_written_out(run, sample):
    render(run, sample)
    first = flow_tables(sample / SOP_03)[0]
    decision = body_rows(first)[5]
    assert decision.cells[1].text == "Memverifikasi Laporan Kinerja Triwulan"
    assert decision.cells[-1].text == "Ya: lanjut ke 7; Tidak: kembali ke 4"
    assert "6 keputusan (Sekretaris): Ya lanjut, Tidak kembali ke kegiatan 4" in alt_text(first)
    other = flow_tables(sample / SOP_02)[0]
    assert body_rows(other)[4].cells[-1].text == "Ya: lanjut ke 8; Tidak: kembali ke 4"


def test_off_page_connector_at_every_page_break(run, sample):
    render(run, sample)
    for name, pages in ((SOP_03, ["7"]), (SOP_02, ["9"])):
        tables = flow_tables(sample / name)
        assert len(tables) == len(pages) + 1
        for before, after, number in zip(tables, tables[1:], pages, strict=False):
            leaving, coming = body_rows(before)[-1], body_rows(after)[0]
            assert leaving.cells[1].text == f"Bersambung ke halaman berikutnya (kegiatan {number})"
            assert coming.cells[1].text == "Sambungan dari halaman sebelumnya"
            assert f"ke halaman berikutnya: kegiatan {number}" in alt_text(before)
            assert f"dari halaman sebelumnya: kegiatan {number}" in alt_text(after)


def test_numbering_gap_of_the_signed_sop_is_kept_and_noted(run, sample):
    render(run, sample)
    path = sample / SOP_02
    numbers = [r.cells[0].text for t in flow_tables(path) for r in body_rows(t)]
    assert [n for n in numbers if n] == ["1", "2", "3", "4", "5", "8", "9"]
    note = (
        "Catatan: nomor kegiatan mengikuti SOP 071/02/KEC.AWY/VII/2023 yang disahkan; "
        "kegiatan 6\u20137 tidak terdapat dalam SOP tersebut sehingga tidak dicantumkan dan "
        "nomor tidak diubah."
    )
    assert note in [p.text for p in Document(path).paragraphs]
    assert "Catatan: nomor kegiatan" not in docx_text(sample / SOP_03)  # 071/03 has no gap


def test_dasar_hukum_is_reproduced_as_signed(run, sample):
    render(run, sample)
    text = docx_text(sample / SOP_03)
    assert "1. Peraturan Menteri Dalam Negeri Nomor 29 Tahun 2014 tentang Sistem" in text


# -- the drawing, shape by shape ------------------------------------------------------------

STEPS_03 = [
    FlowStep(1, (0,), "mulai"),
    FlowStep(2, (2,), "proses"),
    FlowStep(3, (2, 3), "proses"),
    FlowStep(4, (2, 3), "proses"),
    FlowStep(5, (2,), "proses"),
    FlowStep(6, (1,), "keputusan", kembali_ke=4),
    FlowStep(7, (0,), "proses"),
    FlowStep(8, (2,), "selesai"),
]


def symbols(shapes: list[Shape]) -> list[Shape]:
    kinds = ("mulai", "proses", "keputusan", "selesai", "penghubung")
    return [s for s in shapes if s.kind in kinds]


def test_each_symbol_stands_in_the_column_of_its_pelaksana():
    rows = plan_pages(STEPS_03, [1.8] * 8, 100, 100)[0]
    shapes = layout_page(rows, 4, 2.8)
    for step in STEPS_03:
        own = [s for s in symbols(shapes) if s.no == step.no]
        assert sorted(s.kolom for s in own) == sorted(step.kolom), step
        for s in own:  # inside its column, clear of the column lines
            assert s.kolom * 2.8 < s.x - s.w / 2 and s.x + s.w / 2 < (s.kolom + 1) * 2.8
    kinds = {s.no: s.kind for s in symbols(shapes) if s.kolom == 0 or s.no == 6}
    assert (kinds[1], kinds[6], kinds[7]) == ("mulai", "keputusan", "proses")


def test_decision_has_two_labelled_exits_and_tidak_returns_to_the_named_step():
    rows = plan_pages(STEPS_03, [1.8] * 8, 100, 100)[0]
    shapes = layout_page(rows, 4, 2.8)
    diamond = next(s for s in shapes if s.kind == "keputusan")
    exits = [s for s in shapes if s.kind == "panah" and s.no == 6]
    assert len(exits) == 2
    labels = {s.text: s for s in shapes if s.kind == "teks" and s.no == 6}
    assert set(labels) == {"Ya", "Tidak"}
    ya = next(s for s in exits if s.text != "kembali")
    tidak = next(s for s in exits if s.text == "kembali")
    step7 = next(s for s in symbols(shapes) if s.no == 7)
    step4 = next(s for s in symbols(shapes) if s.no == 4 and s.kolom == 2)
    # Ya leaves the left corner towards the Camat column and ends on top of step 7
    assert ya.points[0] == (diamond.x - diamond.w / 2, diamond.y)
    assert ya.points[-1] == (step7.x, step7.y - step7.h / 2)
    # Tidak leaves the right corner, runs up the outer edge, ends on top of step 4
    assert tidak.points[0] == (diamond.x + diamond.w / 2, diamond.y)
    assert max(x for x, _ in tidak.points) > 4 * 2.8 - 0.3
    assert tidak.points[-1] == (step4.x, step4.y - step4.h / 2)
    assert labels["Ya"].x < diamond.x < labels["Tidak"].x


def test_every_step_is_connected_to_the_next_by_one_arrow():
    rows = plan_pages(STEPS_03, [1.8] * 8, 100, 100)[0]
    shapes = layout_page(rows, 4, 2.8)
    column = {step.no: step.kolom[0] for step in STEPS_03}
    main = {s.no: s for s in symbols(shapes) if s.kolom == column[s.no]}
    arrows = [s for s in shapes if s.kind == "panah" and s.text != "kembali"]
    assert len(arrows) == len(STEPS_03) - 1
    for arrow, step in zip(arrows, STEPS_03[1:], strict=True):
        target = main[step.no]
        assert arrow.points[-1] == (target.x, target.y - target.h / 2)


def test_pages_break_with_connectors_and_keep_a_return_on_one_page():
    pages = plan_pages(STEPS_03, [2.0] * 8, 10.5, 12.0)
    # 4 steps and the connector fill 9 cm; a fifth step does not fit with its connector
    # but would cut step 6 from step 4, which it returns to: the break moves before step 4
    assert [
        [r.langkah.no if r.langkah else f"({r.penghubung} {r.nomor})" for r in p] for p in pages
    ] == [
        [1, 2, 3, "(keluar 4)"],
        ["(masuk 4)", 4, 5, 6, 7, 8],
    ]
    first, second = (layout_page(p, 4, 2.8) for p in pages)
    out = [s for s in first if s.kind == "penghubung"]
    came = [s for s in second if s.kind == "penghubung"]
    assert [(s.text, s.kolom) for s in out] == [("4", 2)]  # below step 3, in its column
    assert [(s.text, s.kolom) for s in came] == [("4", 2)]  # above step 4, in its column


def test_a_return_to_an_earlier_page_ends_in_an_off_page_connector():
    steps = [FlowStep(n, (0,), "proses") for n in range(1, 6)]
    steps.append(FlowStep(6, (1,), "keputusan", kembali_ke=1))
    pages = plan_pages(steps, [2.0] * 6, 7.0, 20.0)
    assert len(pages) == 2
    shapes = layout_page(pages[1], 4, 2.8)
    away = [s for s in shapes if s.kind == "penghubung" and s.text == "1"]
    assert len(away) == 1


def test_the_page_picture_is_drawn_and_deterministic():
    from pipeline.documents.flowchart import draw_page

    rows = plan_pages(STEPS_03, [1.8] * 8, 100, 100)[0]
    png = draw_page(rows, 4, 2.8)
    image = Image.open(io.BytesIO(png))
    expected = (11.2 / 2.54 * 200, 14.4 / 2.54 * 200)  # the size the table rows give it
    assert all(abs(got - want) <= 1 for got, want in zip(image.size, expected, strict=True))
    alpha = image.convert("RGBA").getchannel("A")
    column = image.width // 4
    # step 1 (first row) is drawn in the Camat column only: ink there, none in Sekretaris
    row1 = (0, 20, image.width, round(1.8 / 2.54 * 200) - 20)
    ink = [
        sum(alpha.crop((c * column + 10, row1[1], (c + 1) * column - 10, row1[3])).histogram()[1:])
        for c in range(4)
    ]
    assert ink[0] > 1000 and ink[3] == 0
    assert draw_page(rows, 4, 2.8) == png


# -- configuration errors ---------------------------------------------------------------------


def edit_sop(sample: Path, old: str, new: str) -> Path:
    folder = sample / "sop"
    shutil.copytree(Path(__file__).resolve().parents[2] / "sop", folder)
    path = folder / "071-03-pengumpulan-data-kinerja.toml"
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")
    return path


def test_decision_without_kembali_ke_is_refused(run, sample):
    path = edit_sop(sample, "kembali_ke = 4  #", "#")
    result = run("sop", "--workspace", sample)
    assert result.exit_code == 1
    assert result.output == (
        f"Galat: {path}: kegiatan no 6 bersimbol keputusan tetapi tidak punya kembali_ke; "
        "tulis nomor kegiatan yang diulang bila hasilnya Tidak, mis. kembali_ke = 5\n"
    )


def test_kembali_ke_must_name_an_earlier_step(run, sample):
    path = edit_sop(sample, "kembali_ke = 4", "kembali_ke = 7")
    result = run("sop", "--workspace", sample)
    assert result.exit_code == 1
    assert result.output == (
        f"Galat: {path}: kegiatan no 6: kembali_ke = 7 bukan nomor kegiatan sebelumnya; "
        "tulis salah satu dari 1, 2, 3, 4, 5\n"
    )


def test_kembali_ke_must_be_a_number(run, sample):
    path = edit_sop(sample, "kembali_ke = 4", 'kembali_ke = "4"')
    result = run("sop", "--workspace", sample)
    assert result.exit_code == 1
    assert result.output == (
        f"Galat: {path}: kegiatan no 6: kembali_ke = '4' harus nomor kegiatan tanpa tanda "
        "kutip, mis. kembali_ke = 4\n"
    )


# -- the PDF, as LibreOffice lays it out -------------------------------------------------------


def pdf_pages(path: Path, tmp_path: Path) -> list[str]:
    from pipeline.documents.pdf import to_pdf

    pdf = tmp_path / "sop.pdf"
    pdf.write_bytes(to_pdf({"sop.docx": path.read_bytes()})["sop.pdf"])
    text = subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"], check=True, capture_output=True, text=True
    ).stdout
    return text.split("\f")[:-1]


@pytest.mark.skipif(not HAS_PDF_TOOLS, reason="LibreOffice or pdftotext is not installed")
@pytest.mark.parametrize("paper", ["F4", "A4"])
def test_pdf_pages_break_where_the_connectors_are_and_headers_are_whole(
    run, sample, tmp_path, paper
):
    if paper == "A4":
        use_a4_bookman(sample)
    render(run, sample)
    for name in (SOP_03, SOP_02):
        path = sample / name
        pages = pdf_pages(path, tmp_path)
        tables = flow_tables(path)
        assert len(pages) == 1 + len(tables), name  # the identity page, then one per table
        for page, table in zip(pages[1:], tables, strict=True):
            for word in HEADER_WORDS:  # whole words: no "N o", no "Keteran gan"
                assert re.search(rf"\b{word}\b", page), (name, word)
            for row in body_rows(table):  # every row of the table is on this very page
                first_words = " ".join(row.cells[1].text.split()[:2])
                assert first_words in " ".join(page.split()), (name, first_words)
