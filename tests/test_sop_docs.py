"""`kinerja sop`: the SOPs of the seed as Word documents, identity page and flowchart table."""

from __future__ import annotations

import io

from docx import Document
from PIL import Image

from tests.conftest import docx_text


def test_sop_documents_reproduce_the_seed(run, sample):
    result = run("sop", "--workspace", sample)
    assert result.exit_code == 0, result.output
    path = sample / "outputs/sop/sop-071-03-pengumpulan-data-kinerja-per-triwulan.docx"
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
    table = document.tables[-1]
    header = [c.text for c in table.rows[1].cells]
    assert header[2:6] == ["Camat", "Sekretaris", "Kasubbag Perencanaan dan Keuangan", "Pelaksana"]
    steps = table.rows[2:]
    assert [r.cells[0].text for r in steps] == ["1", "2", "3", "4", "5", "6", "7", "8"]
    assert steps[3].cells[7].text == "2 Hari"
    for row in steps:  # a picture in every Pelaksana cell, so the chart is continuous
        assert len(row._tr.xpath(".//pic:pic")) == 4


def test_flowchart_symbol_stands_in_the_column_of_the_pelaksana(run, sample):
    from pipeline.flowchart import flow_cells

    cells = flow_cells([(0, "mulai"), (2, "proses"), (1, "keputusan"), (1, "selesai")], 4, 2.8, 2.0)
    assert len(cells) == 4 and all(len(row) == 4 for row in cells)

    def ink(png: bytes) -> int:
        alpha = Image.open(io.BytesIO(png)).convert("RGBA").getchannel("A")
        return sum(alpha.histogram()[1:])  # pixels that are not fully transparent

    # the first step's symbol is in the Camat column, the next step's in the Kasubbag column
    assert ink(cells[0][0]) > 5 * ink(cells[0][3]) and ink(cells[0][3]) == 0
    assert ink(cells[1][2]) > ink(cells[1][0])
    assert flow_cells([(0, "mulai")], 4, 2.8, 2.0) == flow_cells([(0, "mulai")], 4, 2.8, 2.0)
