"""Build the bundled Word templates in templates/docx/ with python-docx.

The templates are committed so the office can open and edit them in Word; this script is how they
were made, so a change to the layout can be reviewed as code. Run from the repository root:

    python scripts/make_templates.py

The tags are docxtpl (Jinja) tags. Each template's variables are listed in the README.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from pathlib import Path

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor
from docx.table import Table

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from pipeline.documents.sop_dokumen import FLOW_WIDTHS  # noqa: E402
from pipeline.store.ooxml import stable_package, write_atomic  # noqa: E402

OUT = ROOT / "templates" / "docx"
FONT = "Arial"
F4 = (Cm(21.5), Cm(33.0))


def new_document(landscape: bool = False) -> Document:
    doc = Document()
    style = doc.styles["Normal"]
    style.font.name = FONT
    style.font.size = Pt(11)
    style.element.rPr.rFonts.set(qn("w:eastAsia"), FONT)
    style.paragraph_format.space_after = Pt(0)
    style.paragraph_format.line_spacing = 1.15
    section = doc.sections[0]
    width, height = F4
    if landscape:
        section.orientation = WD_ORIENT.LANDSCAPE
        width, height = height, width
    section.page_width, section.page_height = width, height
    section.top_margin, section.right_margin = Cm(3), Cm(2.5)
    section.bottom_margin, section.left_margin = Cm(2.5), Cm(3)
    section.header_distance = section.footer_distance = Cm(1.25)
    header = section.header.paragraphs[0]
    header.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    mark = header.add_run("{% if draft %}DRAFT – BELUM DISAHKAN{% endif %}")
    mark.bold = True
    mark.font.size = Pt(12)
    mark.font.color.rgb = RGBColor(0xC0, 0x00, 0x00)
    footer = section.footer.paragraphs[0]
    footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
    footer.add_run("{{ judul_singkat }} – Halaman ").font.size = Pt(8)
    _page_field(footer, "PAGE")
    footer.add_run(" dari ").font.size = Pt(8)
    _page_field(footer, "NUMPAGES")
    return doc


def _page_field(paragraph, instruction: str) -> None:
    """A field Word and LibreOffice update when they lay out the pages (PAGE, NUMPAGES)."""
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), instruction)
    run = OxmlElement("w:r")
    rpr = OxmlElement("w:rPr")
    size = OxmlElement("w:sz")
    size.set(qn("w:val"), "16")
    rpr.append(size)
    run.append(rpr)
    text = OxmlElement("w:t")
    text.text = "1"
    run.append(text)
    field.append(run)
    paragraph._p.append(field)


def usable_width(doc: Document) -> int:
    section = doc.sections[0]
    return section.page_width - section.left_margin - section.right_margin


def set_borders(table: Table, on: bool) -> None:
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        element = OxmlElement(f"w:{edge}")
        element.set(qn("w:val"), "single" if on else "nil")
        if on:
            element.set(qn("w:sz"), "4")
            element.set(qn("w:color"), "000000")
        borders.append(element)
    table._tbl.tblPr.append(borders)


def cell_padding(table: Table, cm: float) -> None:
    """Left and right cell padding of the whole table: narrow, so figures get the room."""
    margins = OxmlElement("w:tblCellMar")
    for side in ("left", "right"):
        edge = OxmlElement(f"w:{side}")
        edge.set(qn("w:w"), str(int(Cm(cm) / 635)))
        edge.set(qn("w:type"), "dxa")
        margins.append(edge)
    table._tbl.tblPr.append(margins)


def set_widths(table: Table, widths: Sequence[int]) -> None:
    table.autofit = False
    grid = table._tbl.tblGrid
    for col, width in zip(grid.findall(qn("w:gridCol")), widths, strict=True):
        col.set(qn("w:w"), str(int(width / 635)))
    for row in table.rows:
        for cell, width in zip(row.cells, widths, strict=True):
            cell.width = width


def row_flags(row, header: bool = False) -> None:
    """Rows never split across pages; header rows repeat on every page."""
    tr_pr = row._tr.get_or_add_trPr()
    tr_pr.append(OxmlElement("w:cantSplit"))
    if header:
        tr_pr.append(OxmlElement("w:tblHeader"))


def shade(cell, fill: str = "D9D9D9") -> None:
    shading = OxmlElement("w:shd")
    shading.set(qn("w:val"), "clear")
    shading.set(qn("w:color"), "auto")
    shading.set(qn("w:fill"), fill)
    cell._tc.get_or_add_tcPr().append(shading)


def write_cell(cell, text: str, bold: bool = False, align=WD_ALIGN_PARAGRAPH.LEFT, size=9) -> None:
    paragraph = cell.paragraphs[0]
    paragraph.alignment = align
    run = paragraph.add_run(text)
    run.bold = bold
    run.font.size = Pt(size)


def paragraph(
    doc, text: str = "", bold=False, size=11, align=None, before=0, after=0, underline=False
):
    p = doc.add_paragraph()
    if align is not None:
        p.alignment = align
    p.paragraph_format.space_before = Pt(before)
    p.paragraph_format.space_after = Pt(after)
    if text:
        run = p.add_run(text)
        run.bold = bold
        run.underline = underline
        run.font.size = Pt(size)
    return p


def heading(doc, text: str, before=6, after=3):
    """A bold heading kept on the page of the table or text it introduces."""
    p = paragraph(doc, text, bold=True, before=before, after=after)
    p.paragraph_format.keep_with_next = True
    return p


def kop_surat(doc: Document) -> None:
    """The letterhead: emblem at the left, the lines centred, closed by a thick-thin rule."""
    width = usable_width(doc)
    side = Cm(2.4)
    table = doc.add_table(rows=1, cols=3)
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    set_borders(table, on=False)
    set_widths(table, [side, width - 2 * side, side])
    logo, text, _ = table.rows[0].cells
    logo.paragraphs[0].add_run("{{ logo }}")
    lines = [
        ("{{ instansi.pemerintah }}", 14, True),
        ("{{ instansi.nama }}", 18, True),
        ("{{ alamat_kop }}", 10, False),
    ]
    first = True
    for value, size, bold in lines:
        p = text.paragraphs[0] if first else text.add_paragraph()
        first = False
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        run = p.add_run(value)
        run.bold = bold
        run.font.size = Pt(size)
    p = text.add_paragraph("{% if kontak_kop %}{{ kontak_kop }}{% endif %}")
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    p.runs[0].font.size = Pt(9)
    rule = paragraph(doc, after=12)
    p_pr = rule._p.get_or_add_pPr()
    borders = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    bottom.set(qn("w:val"), "thickThinSmallGap")
    bottom.set(qn("w:sz"), "24")
    bottom.set(qn("w:space"), "1")
    bottom.set(qn("w:color"), "000000")
    borders.append(bottom)
    p_pr.append(borders)


def title(doc: Document, lines: Sequence[str]) -> None:
    """A document's or a lampiran's title, centred, on the page of what it titles."""
    for index, line in enumerate(lines):
        paragraph(
            doc,
            line,
            bold=True,
            size=12,
            align=WD_ALIGN_PARAGRAPH.CENTER,
            after=12 if index == len(lines) - 1 else 0,
        ).paragraph_format.keep_with_next = True


def data_table(
    doc: Document,
    columns: Sequence[tuple[str, float, str]],
    cells: Sequence[str],
    outer: str | None,
    inner: str,
    groups: Sequence[tuple[str | None, int]] = (),
    size: int = 9,
) -> Table:
    """A bordered table: a repeated header row, then one row per item of a (nested) loop.

    `columns` is (header, relative width, alignment L/C/R); `cells` the tag of each cell; `outer`
    an optional outer loop (for sasaran groups), `inner` the loop over rows. `groups`, when
    given, adds a header row above: (label, number of columns), label None for a column whose own
    header spans both rows.
    """
    table = _table_rows(doc, columns, cells, outer, inner, size)
    if groups:
        _group_header(table, groups, size)
    return table


def _group_header(table: Table, groups: Sequence[tuple[str | None, int]], size: int) -> None:
    import copy

    first = table.rows[0]._tr
    top = copy.deepcopy(first)
    first.addprevious(top)
    top_row, second = table.rows[0], table.rows[1]
    for cell in top_row.cells:
        for paragraph_ in cell.paragraphs:
            for run in paragraph_.runs:
                run.text = ""
    col = 0
    for label, span in groups:
        if label is None:
            merged = top_row.cells[col].merge(second.cells[col])
            keep = next((p._p for p in merged.paragraphs if p.text), merged.paragraphs[0]._p)
            for extra in merged.paragraphs:
                if extra._p is not keep:
                    extra._p.getparent().remove(extra._p)
        else:
            merged = (
                top_row.cells[col].merge(top_row.cells[col + span - 1])
                if span > 1
                else (top_row.cells[col])
            )
            for extra in merged.paragraphs[1:]:
                extra._p.getparent().remove(extra._p)
            merged.paragraphs[0].runs[0].text = label if merged.paragraphs[0].runs else ""
            if not merged.paragraphs[0].runs:
                write_cell(merged, label, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER, size=size)
        col += span


def _table_rows(
    doc: Document,
    columns: Sequence[tuple[str, float, str]],
    cells: Sequence[str],
    outer: str | None,
    inner: str,
    size: int,
) -> Table:
    loops = [outer, inner] if outer else [inner]
    table = doc.add_table(rows=1 + 2 * len(loops) + 1, cols=len(columns))
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    set_borders(table, on=True)
    cell_padding(table, 0.1)
    total = sum(w for _, w, _ in columns)
    set_widths(table, [int(usable_width(doc) * w / total) for _, w, _ in columns])
    align = {
        "L": WD_ALIGN_PARAGRAPH.LEFT,
        "C": WD_ALIGN_PARAGRAPH.CENTER,
        "R": WD_ALIGN_PARAGRAPH.RIGHT,
    }
    header = table.rows[0]
    row_flags(header, header=True)
    for cell, (name, _, _) in zip(header.cells, columns, strict=True):
        write_cell(cell, name, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER, size=size)
        shade(cell)
    rows = table.rows
    for depth, loop in enumerate(loops):
        rows[1 + depth].cells[0].paragraphs[0].add_run(f"{{%tr {loop} %}}")
        rows[len(rows) - 1 - depth].cells[0].paragraphs[0].add_run("{%tr endfor %}")
    body = rows[1 + len(loops)]
    row_flags(body)
    for cell, tag, (_, _, a) in zip(body.cells, cells, columns, strict=True):
        write_cell(cell, tag, align=align[a], size=size)
    return table


def signature_cell(cell, name: str, heading: Sequence[tuple[str, bool]]) -> None:
    """One signature block in a cell, centred: the heading lines (text, bold), the official's
    jabatan, room to sign, the name bold and underlined, pangkat and NIP."""
    lines = [(text, bold, False) for text, bold in heading] + [
        (f"{{{{ {name}.jabatan }}}}", False, False),
        ("", False, False),
        ("", False, False),
        ("", False, False),
        (f"{{{{ {name}.nama }}}}", True, True),
        (f"{{{{ {name}.pangkat }}}}", False, False),
        (f"{{{{ {name}.nip }}}}", False, False),
    ]
    for index, (text, bold, underline) in enumerate(lines):
        p = cell.paragraphs[0] if index == 0 else cell.add_paragraph()
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        if text:
            run = p.add_run(text)
            run.bold, run.underline = bold, underline


def signature(doc: Document, who: str, date_line: str, left: str | None = None) -> None:
    """Signature block at the right (and optionally a second one at the left), on the page of
    the paragraph before it."""
    doc.paragraphs[-1].paragraph_format.keep_with_next = True
    table = doc.add_table(rows=1, cols=2)
    set_borders(table, on=False)
    width = usable_width(doc)
    set_widths(table, [width // 2, width - width // 2])
    row_flags(table.rows[0])  # the name and NIP stay on the page of the date and jabatan
    blocks = [(table.rows[0].cells[1], who, date_line)]
    if left:
        blocks.append((table.rows[0].cells[0], left, "Mengetahui,"))
    for cell, name, first_line in blocks:
        signature_cell(cell, name, [(first_line, False)])


NBSP = "\u00a0"  # "TW IV" stays on one line in a narrow column
PENGUKURAN_COLUMNS = [
    ("No", 0.6, "C"),
    ("Sasaran", 2.4, "L"),
    ("Indikator Kinerja", 3.4, "L"),
    ("Satuan", 1.25, "C"),
    ("Tahunan", 1.5, "R"),
    (f"TW{NBSP}I", 1.3, "R"),
    (f"TW{NBSP}II", 1.3, "R"),
    (f"TW{NBSP}III", 1.3, "R"),
    (f"TW{NBSP}IV", 1.3, "R"),
    (f"TW{NBSP}I", 1.3, "R"),
    (f"TW{NBSP}II", 1.3, "R"),
    (f"TW{NBSP}III", 1.3, "R"),
    (f"TW{NBSP}IV", 1.3, "R"),
    ("Kumulatif", 1.5, "R"),
    ("TW" + NBSP + "{{ periode.romawi }}", 1.2, "R"),
    ("Kumulatif", 1.2, "R"),
    ("Predikat", 1.2, "C"),
    ("Keterangan", 2.6, "L"),
]
PENGUKURAN_GROUPS = [
    (None, 1),
    (None, 1),
    (None, 1),
    (None, 1),
    ("Target", 5),
    ("Realisasi", 5),
    ("Capaian (%)", 2),
    (None, 1),
    (None, 1),
]
ROW_CELLS = [
    "{{ r.no }}",
    "{{ g.sasaran }}",
    "{{ r.indikator }}",
    "{{ r.satuan }}",
    "{{ r.target_tahunan }}",
    "{{ r.target_tw[0] }}",
    "{{ r.target_tw[1] }}",
    "{{ r.target_tw[2] }}",
    "{{ r.target_tw[3] }}",
    "{{ r.realisasi_tw[0] }}",
    "{{ r.realisasi_tw[1] }}",
    "{{ r.realisasi_tw[2] }}",
    "{{ r.realisasi_tw[3] }}",
    "{{ r.realisasi_kumulatif }}",
    "{{ r.capaian }}",
    "{{ r.capaian_kumulatif }}",
    "{{ r.predikat }}",
    "{{ r.keterangan }}",
]
GROUP_LOOP = "for g in kelompok"
ROW_LOOP = "for r in g.baris"


def keuangan_table(doc: Document, label: str | None) -> None:
    """Anggaran, realisasi and serapan per Program/Kegiatan with a total row; only when given."""
    paragraph(doc, "{%p if keuangan %}")
    if label:
        heading(doc, label)
    table = data_table(
        doc,
        [
            ("No", 0.5, "C"),
            ("Program/Kegiatan", 4.5, "L"),
            ("Anggaran (Rp)", 1.8, "R"),
            ("Realisasi (Rp)", 1.8, "R"),
            ("Serapan (%)", 1.0, "R"),
        ],
        [
            "{{ k.no }}",
            "{{ k.program }}",
            "{{ k.anggaran }}",
            "{{ k.realisasi }}",
            "{{ k.serapan }}",
        ],
        None,
        "for k in keuangan",
    )
    total_row = table.add_row()
    row_flags(total_row)
    for cell, text, align in zip(
        total_row.cells,
        [
            "",
            "Jumlah",
            "{{ keuangan_total.anggaran }}",
            "{{ keuangan_total.realisasi }}",
            "{{ keuangan_total.serapan }}",
        ],
        [WD_ALIGN_PARAGRAPH.CENTER, WD_ALIGN_PARAGRAPH.LEFT] + [WD_ALIGN_PARAGRAPH.RIGHT] * 3,
        strict=True,
    ):
        write_cell(cell, text, bold=True, align=align)
    paragraph(doc, "{%p endif %}")


def catatan(doc: Document) -> None:
    paragraph(doc, "{%p if catatan %}", before=6)
    # the notes go with what follows them: a signature never stands alone on the last page
    paragraph(doc, "Catatan:", bold=True, size=9).paragraph_format.keep_with_next = True
    paragraph(doc, "{%p for c in catatan %}")
    paragraph(doc, "{{ loop.index }}. {{ c }}", size=9).paragraph_format.keep_with_next = True
    paragraph(doc, "{%p endfor %}")
    paragraph(doc, "{%p endif %}")


def pengukuran_kinerja() -> Document:
    doc = new_document(landscape=True)
    kop_surat(doc)
    title(
        doc,
        [
            "PENGUKURAN KINERJA TRIWULAN {{ periode.romawi }}",
            "{{ instansi.nama }}",
            "TAHUN {{ periode.tahun }}",
        ],
    )
    data_table(doc, PENGUKURAN_COLUMNS, ROW_CELLS, GROUP_LOOP, ROW_LOOP, PENGUKURAN_GROUPS, 8)
    paragraph(
        doc,
        "Capaian kumulatif: realisasi kumulatif dibanding target tahunan. Kumulatif "
        "dijumlah, diambil triwulan terakhir, atau dirata-rata sesuai kolom Akumulasi "
        "Perjanjian Kinerja.",
        size=8,
        before=3,
    )
    keuangan_table(doc, "Realisasi Keuangan")
    catatan(doc)
    paragraph(doc, after=12)
    signature(doc, "camat", "{{ tempat_tanggal }}")
    daftar_perubahan(doc)
    return doc


def daftar_perubahan(doc: Document) -> None:
    """Appendix of a later revision: every figure that changed since the previous one."""
    from docx.enum.text import WD_BREAK

    paragraph(doc, "{%p if perubahan %}")
    paragraph(doc).add_run().add_break(WD_BREAK.PAGE)
    title(
        doc, ["LAMPIRAN: DAFTAR PERUBAHAN", "REVISI {{ revisi }} TERHADAP REVISI {{ revisi - 1 }}"]
    )
    paragraph(doc, "Alasan perubahan: {{ alasan_revisi }}", after=6)
    data_table(
        doc,
        [
            ("No", 0.45, "C"),
            ("Unit", 1.6, "L"),
            ("Indikator Kinerja", 3.0, "L"),
            ("Data", 1.0, "L"),
            ("Semula", 1.2, "R"),
            ("Menjadi", 1.2, "R"),
        ],
        [
            "{{ loop.index }}",
            "{{ c.unit }}",
            "{{ c.indikator }}",
            "{{ c.kolom }}",
            "{{ c.lama }}",
            "{{ c.baru }}",
        ],
        None,
        "for c in perubahan",
    )
    paragraph(doc, "{%p endif %}")


def lembar_verifikasi() -> Document:
    doc = new_document()
    kop_surat(doc)
    title(
        doc,
        [
            "LEMBAR VERIFIKASI",
            "LAPORAN KINERJA DAN PENGUKURAN KINERJA TRIWULAN {{ periode.romawi }}",
            "TAHUN {{ periode.tahun }}",
        ],
    )
    info = doc.add_table(rows=3, cols=2)
    set_borders(info, on=False)
    set_widths(info, [Cm(5), usable_width(doc) - Cm(5)])
    for row, (label, value) in zip(
        info.rows,
        [
            ("Data yang diverifikasi", "{{ berkas_data }}"),
            ("Jumlah indikator", "{{ jumlah_indikator }}"),
            ("Jumlah temuan", "{{ jumlah_temuan }} ({{ jumlah_memblokir }} harus diselesaikan)"),
        ],
        strict=True,
    ):
        row.cells[0].paragraphs[0].add_run(label)
        row.cells[1].paragraphs[0].add_run(f": {value}")
    heading(doc, "A. Kelengkapan")
    data_table(
        doc,
        [
            ("No", 0.45, "C"),
            ("Pemeriksaan", 4.0, "L"),
            ("Hasil", 0.9, "C"),
            ("Keterangan", 3.0, "L"),
        ],
        ["{{ loop.index }}", "{{ k.uraian }}", "{{ k.hasil }}", "{{ k.keterangan }}"],
        None,
        "for k in kelengkapan",
    )
    heading(doc, "B. Temuan")
    paragraph(doc, "{%p if temuan %}")
    data_table(
        doc,
        [
            ("No", 0.45, "C"),
            ("Unit", 1.6, "L"),
            ("Indikator Kinerja", 2.6, "L"),
            ("Temuan", 3.0, "L"),
            ("Status", 1.3, "C"),
        ],
        [
            "{{ loop.index }}",
            "{{ t.unit }}",
            "{{ t.indikator }}",
            "{{ t.uraian }}",
            "{{ t.status }}",
        ],
        None,
        "for t in temuan",
    )
    paragraph(doc, "{%p else %}")
    paragraph(doc, "Tidak ada temuan.")
    paragraph(doc, "{%p endif %}")
    # only for a quarter whose units keep evidence files (inputs/<tahun>/TW<n>/bukti/)
    paragraph(doc, "{%p if bukti_dukung %}")
    heading(doc, "C. Bukti Dukung")
    data_table(
        doc,
        [
            ("No", 0.45, "C"),
            ("Unit", 1.6, "L"),
            ("Indikator Kinerja", 2.6, "L"),
            ("Berkas Bukti Dukung", 4.3, "L"),
        ],
        ["{{ loop.index }}", "{{ b.unit }}", "{{ b.indikator }}", "{{ b.berkas }}"],
        None,
        "for b in bukti_dukung",
    )
    paragraph(doc, "{%p endif %}")
    paragraph(doc, "Catatan Sekretaris:", bold=True, before=12)
    paragraph(doc, "{{ catatan_verifikasi }}", after=6)
    paragraph(doc, "Hasil verifikasi: {{ hasil }}", bold=True, after=12)
    signature(doc, "sekretaris", "{{ tempat_tanggal }}")
    # the fingerprint ties the sheet to the exact data verified; small, out of the reader's way
    fingerprint = doc.sections[0].footer.add_paragraph()
    fingerprint.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = fingerprint.add_run("Sidik data {{ berkas_data }} (SHA-256): {{ sidik }}")
    run.font.size = Pt(6)
    run.font.color.rgb = RGBColor(0x59, 0x59, 0x59)
    return doc


def sop_table_header(table: Table, pelaksana: str, size: float = 9, names_size: float = 8) -> None:
    """The two header rows of the SOP table of the seed: No, Uraian Kegiatan, Pelaksana (four
    columns named by the variable `pelaksana`), Mutu Baku (Kelengkapan, Waktu, Output),
    Keterangan; both rows repeat on every page. `size` and `names_size` are the type sizes of
    the top and the second row."""
    top, second = table.rows[0], table.rows[1]
    row_flags(top, header=True)
    row_flags(second, header=True)
    labels = ["No", "Uraian Kegiatan", "Pelaksana", "", "", "", "Mutu Baku", "", "", "Keterangan"]
    for cell, text in zip(top.cells, labels, strict=True):
        write_cell(cell, text, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER, size=size)
        shade(cell)
    names = [
        "",
        "",
        *[f"{{{{ {pelaksana}[{i}] }}}}" for i in range(4)],
        "Kelengkapan",
        "Waktu",
        "Output",
        "",
    ]
    for cell, text in zip(second.cells, names, strict=True):
        write_cell(cell, text, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER, size=names_size)
        shade(cell)
    merged = [top.cells[col].merge(second.cells[col]) for col in (0, 1, 9)]
    merged += [top.cells[2].merge(top.cells[5]), top.cells[6].merge(top.cells[8])]
    for cell in merged:  # a merge keeps every cell's (empty) paragraph: drop them
        for extra in cell.paragraphs[1:]:
            if not extra.text:
                extra._p.getparent().remove(extra._p)


def lembar_kendali_sop() -> Document:
    doc = new_document(landscape=True)
    kop_surat(doc)
    title(doc, ["LEMBAR KENDALI SOP", "{{ periode_label | upper }}"])
    paragraph(doc, "{%p for s in sop %}")
    paragraph(doc, "{{ s.nama }}", bold=True, size=12, before=6)
    paragraph(doc, "Nomor SOP: {{ s.nomor }}", size=10, after=6)
    table = doc.add_table(rows=6, cols=10)
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    set_borders(table, on=True)
    weights = [0.4, 3.0, 0.8, 0.95, 1.1, 0.9, 1.6, 0.7, 1.6, 2.3]
    total = sum(weights)
    set_widths(table, [int(usable_width(doc) * w / total) for w in weights])
    sop_table_header(table, "s.pelaksana")
    table.rows[2].cells[0].paragraphs[0].add_run("{%tr for k in s.kegiatan %}")
    table.rows[4].cells[0].paragraphs[0].add_run("{%tr endfor %}")
    body = table.rows[3]
    row_flags(body)
    cells = [
        "{{ k.no }}",
        "{{ k.uraian }}",
        "{{ k.tanda[0] }}",
        "{{ k.tanda[1] }}",
        "{{ k.tanda[2] }}",
        "{{ k.tanda[3] }}",
        "{{ k.kelengkapan }}",
        "{{ k.waktu }}",
        "{{ k.output }}",
        "{{ k.keterangan }}",
    ]
    aligns = "CLCCCCLCLL"
    align = {"L": WD_ALIGN_PARAGRAPH.LEFT, "C": WD_ALIGN_PARAGRAPH.CENTER}
    for cell, text, a in zip(body.cells, cells, aligns, strict=True):
        write_cell(cell, text, align=align[a], size=8)
    table._tbl.remove(table.rows[5]._tr)
    paragraph(doc, "{%p endfor %}")
    # the notes go with the signatures, so a signature never stands alone on a page
    paragraph(
        doc,
        "Keterangan tanda: ✓ selesai, ○ belum. Lama dihitung dalam hari kerja (tanpa Sabtu, "
        "Minggu dan hari libur nasional) dari tanggal langkah sebelumnya sampai tanggal langkah "
        "ini, sebagaimana dicatat.",
        size=8,
        before=6,
    ).paragraph_format.keep_with_next = True
    paragraph(doc, "{%p if belum_melapor %}")
    paragraph(
        doc, "Unit yang belum menyampaikan formulir: {{ belum_melapor }}", size=9
    ).paragraph_format.keep_with_next = True
    paragraph(doc, "{%p endif %}")
    paragraph(doc, after=12).paragraph_format.keep_with_next = True
    signature(doc, "kasubbag", "{{ tempat_tanggal }}", left="sekretaris")
    return doc


def _cell_lines(cell, lines: Sequence[tuple[str, bool, bool]], size: int = 9) -> None:
    for index, (text, bold, underline) in enumerate(lines):
        p = cell.paragraphs[0] if index == 0 else cell.add_paragraph()
        if text:
            run = p.add_run(text)
            run.bold, run.underline = bold, underline
            run.font.size = Pt(size)


def _list_in_cell(cell, title: str, loop: str) -> None:
    _cell_lines(cell, [(title, True, False)])
    for text in (f"{{%p for d in {loop} %}}", "{{ loop.index }}. {{ d }}", "{%p endfor %}"):
        p = cell.add_paragraph()
        p.add_run(text).font.size = Pt(9)


def sop_document() -> Document:
    """An SOP in the PermenPAN-RB 35/2012 form: identity page, then the flowchart table."""
    from docx.enum.section import WD_SECTION

    doc = new_document()
    section = doc.sections[0]
    section.header.paragraphs[0].runs[0].text = ""
    identity = doc.add_table(rows=6, cols=3)
    set_borders(identity, on=True)
    set_widths(identity, [Cm(6.0), Cm(4.0), usable_width(doc) - Cm(10.0)])
    left = identity.cell(0, 0).merge(identity.cell(5, 0))
    for extra in left.paragraphs[1:]:
        extra._p.getparent().remove(extra._p)
    for index, (text, size, bold) in enumerate(
        [
            ("{{ logo }}", 10, False),
            ("{{ instansi.pemerintah }}", 11, True),
            ("{{ instansi.nama }}", 13, True),
            ("{{ alamat_kop }}", 8, False),
        ]
    ):
        p = left.paragraphs[0] if index == 0 else left.add_paragraph()
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        run = p.add_run(text)
        run.bold, run.font.size = bold, Pt(size)
    rows = [
        ("Nomor SOP", [("{{ sop.nomor }}", False, False)]),
        ("Tanggal Pembuatan", [("{{ sop.tanggal_pembuatan }}", False, False)]),
        ("Tanggal Revisi", [("{{ sop.tanggal_revisi }}", False, False)]),
        ("Tanggal Pengesahan/Efektif", [("{{ sop.tanggal_efektif }}", False, False)]),
        (
            "Disahkan Oleh",
            [
                ("{{ camat.jabatan }}", False, False),
                ("", False, False),
                ("", False, False),
                ("", False, False),
                ("{{ camat.nama }}", True, True),
                ("{{ camat.nip }}", False, False),
            ],
        ),
        ("Nama SOP", [("{{ sop.nama }}", True, False)]),
    ]
    for row, (label, value) in zip(identity.rows, rows, strict=True):
        _cell_lines(row.cells[1], [(label, False, False)])
        _cell_lines(row.cells[2], value)
    paragraph(doc, after=6)
    lists = doc.add_table(rows=3, cols=2)
    set_borders(lists, on=True)
    half = usable_width(doc) // 2
    set_widths(lists, [half, usable_width(doc) - half])
    _list_in_cell(lists.cell(0, 0), "DASAR HUKUM :", "sop.dasar_hukum")
    _list_in_cell(lists.cell(0, 1), "KUALIFIKASI PELAKSANA :", "sop.kualifikasi")
    _list_in_cell(lists.cell(1, 0), "KETERKAITAN :", "sop.keterkaitan")
    _list_in_cell(lists.cell(1, 1), "PERALATAN / PERLENGKAPAN :", "sop.peralatan")
    _cell_lines(
        lists.cell(2, 0), [("PERINGATAN :", True, False), ("{{ sop.peringatan }}", False, False)]
    )
    _cell_lines(
        lists.cell(2, 1),
        [("PENCATATAN DAN PENDATAAN :", True, False), ("{{ sop.pencatatan }}", False, False)],
    )

    flow = doc.add_section(WD_SECTION.NEW_PAGE)
    flow.orientation = WD_ORIENT.LANDSCAPE
    flow.page_width, flow.page_height = F4[1], F4[0]
    title(doc, ["{{ sop.nama | upper }}"])
    # one table per page (kinerja sop decides the page breaks): the off-page connectors of the
    # flowchart stand at the bottom and the top of the tables
    paragraph(doc, "{%p for hal in halaman %}")
    paragraph(doc, "{%p if not loop.first %}")
    _tiny(paragraph(doc)).paragraph_format.page_break_before = True
    paragraph(doc, "{%p endif %}")
    flow_table(doc)
    paragraph(doc, "{%p for c in hal.catatan %}")
    paragraph(doc, "{{ c }}", size=8, before=4)
    paragraph(doc, "{%p endfor %}")
    paragraph(doc, "{%p endfor %}")
    _tiny(paragraph(doc))
    return doc


def _tiny(p):
    """An empty paragraph 2 pt high (its mark is what gives it a height)."""
    mark = OxmlElement("w:rPr")
    size = OxmlElement("w:sz")
    size.set(qn("w:val"), "4")
    mark.append(size)
    p._p.get_or_add_pPr().append(mark)
    p.paragraph_format.line_spacing = 1.0
    return p


def flow_table(doc: Document) -> None:
    """One page of the flowchart table: the two header rows, then a row per item of
    `hal.baris` whose Pelaksana columns are one merged cell holding the page's picture."""
    table = doc.add_table(rows=5, cols=10)
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    set_borders(table, on=True)
    set_widths(table, [Cm(w) for w in FLOW_WIDTHS])
    sop_table_header(table, "sop.pelaksana", size=8, names_size=7.5)
    table.rows[2].cells[0].paragraphs[0].add_run("{%tr for k in hal.baris %}")
    table.rows[4].cells[0].paragraphs[0].add_run("{%tr endfor %}")
    body = table.rows[3]
    row_flags(body)
    height = OxmlElement("w:trHeight")
    height.set(qn("w:val"), "{{ k.tinggi }}")  # twips, the height the picture was drawn for
    height.set(qn("w:hRule"), "exact")
    body._tr.get_or_add_trPr().append(height)
    drawing = body.cells[2].merge(body.cells[5])
    for extra in drawing.paragraphs[1:]:
        extra._p.getparent().remove(extra._p)
    cells = [
        ("{{ k.no }}", WD_ALIGN_PARAGRAPH.CENTER),
        ("{{ k.uraian }}", WD_ALIGN_PARAGRAPH.LEFT),
        ("{% if loop.first %}{{ hal.gambar }}{% endif %}", WD_ALIGN_PARAGRAPH.LEFT),
        ("{{ k.kelengkapan }}", WD_ALIGN_PARAGRAPH.LEFT),
        ("{{ k.waktu }}", WD_ALIGN_PARAGRAPH.CENTER),
        ("{{ k.output }}", WD_ALIGN_PARAGRAPH.LEFT),
        ("{{ k.keterangan }}", WD_ALIGN_PARAGRAPH.LEFT),
    ]
    unique = [body.cells[i] for i in (0, 1, 2, 6, 7, 8, 9)]
    for cell, (text, align) in zip(unique, cells, strict=True):
        write_cell(cell, text, align=align, size=8)
    _picture_cell(drawing)


def _picture_cell(cell) -> None:
    """The merged Pelaksana cell: merged down the page's rows, no margins, no spacing, so the
    picture fills it exactly."""
    tc_pr = cell._tc.get_or_add_tcPr()
    merge = OxmlElement("w:vMerge")
    merge.set(qn("w:val"), "{% if loop.first %}restart{% else %}continue{% endif %}")
    tc_pr.find(qn("w:gridSpan")).addnext(merge)
    margins = OxmlElement("w:tcMar")
    for side in ("top", "left", "bottom", "right"):
        edge = OxmlElement(f"w:{side}")
        edge.set(qn("w:w"), "0")
        edge.set(qn("w:type"), "dxa")
        margins.append(edge)
    tc_pr.append(margins)
    cell.paragraphs[0].paragraph_format.line_spacing = 1.0


def format_isian(pengukuran: bool) -> Document:
    doc = new_document(landscape=True)
    kop_surat(doc)
    name = "FORMAT PENGUKURAN KINERJA" if pengukuran else "FORMAT ISIAN DATA KINERJA"
    title(doc, [f"{name} TRIWULAN {{{{ periode.romawi }}}} TAHUN {{{{ periode.tahun }}}}"])
    table = doc.add_table(rows=2, cols=2)
    set_borders(table, on=False)
    set_widths(table, [Cm(3.5), usable_width(doc) - Cm(3.5)])
    for row, (label, value) in zip(
        table.rows, [("Unit Kerja", "{{ unit }}"), ("Periode", "{{ periode_label }}")], strict=True
    ):
        row.cells[0].paragraphs[0].add_run(label)
        row.cells[1].paragraphs[0].add_run(f": {value}")
    paragraph(doc, after=6)
    columns = [
        ("No", 0.45, "C"),
        ("Sasaran", 2.2, "L"),
        ("Indikator Kinerja", 2.8, "L"),
        ("Satuan", 1.0, "C"),
    ]
    cells = ["{{ r.no }}", "{{ g.sasaran }}", "{{ r.indikator }}", "{{ r.satuan }}"]
    if pengukuran:
        columns += [
            ("Target Tahunan", 1.4, "R"),
            ("Target TW {{ periode.romawi }}", 1.4, "R"),
            ("Realisasi TW {{ periode.romawi }}", 1.4, "R"),
        ]
        cells += ["{{ r.target_tahunan }}", "{{ r.target }}", "{{ r.realisasi }}"]
    else:
        columns += [("Target", 1.4, "R"), ("Realisasi", 1.4, "R")]
        cells += ["{{ r.target }}", "{{ r.realisasi }}"]
    columns += [
        ("Capaian (%)", 1.0, "R"),
        ("Keterangan", 2.0, "L"),
        ("Faktor Pendukung", 2.0, "L"),
        ("Faktor Penghambat", 2.0, "L"),
        ("Upaya / Tindak Lanjut", 2.0, "L"),
    ]
    cells += [
        "{{ r.capaian }}",
        "{{ r.keterangan }}",
        "{{ r.faktor_pendukung }}",
        "{{ r.faktor_penghambat }}",
        "{{ r.upaya }}",
    ]
    data_table(doc, columns, cells, GROUP_LOOP, ROW_LOOP)
    catatan(doc)
    rencana_aksi_block(doc)
    paragraph(doc, after=12)
    signature(doc, "kepala", "{{ tempat_tanggal }}")
    return doc


def rencana_aksi_block(doc: Document) -> None:
    """The quarter's planned actions below the Format Isian's table: boxes to tick on the blank
    form, the unit's answer on the filled one. Absent when the PK has no Rencana Aksi."""
    paragraph(doc, "{%p if rencana_aksi %}")
    heading(doc, "Rencana Aksi Triwulan {{ periode.romawi }}")
    data_table(
        doc,
        [
            ("No", 0.45, "C"),
            ("Indikator Kinerja", 2.6, "L"),
            ("Rencana Aksi", 3.4, "L"),
            ("Target", 1.0, "C"),
            ("Pelaksanaan", 2.2, "L"),
            ("Catatan", 2.6, "L"),
        ],
        [
            "{{ a.no }}",
            "{{ a.indikator }}",
            "{{ a.uraian }}",
            "{{ a.target }}",
            "{{ a.pelaksanaan }}",
            "{{ a.catatan }}",
        ],
        None,
        "for a in rencana_aksi",
    )
    paragraph(doc, "{%p endif %}")


def bookmark(p, name: str, ident: str) -> None:
    """A bookmark around a heading, for the Daftar Isi's PAGEREF fields."""
    start = OxmlElement("w:bookmarkStart")
    start.set(qn("w:id"), ident)
    start.set(qn("w:name"), name)
    end = OxmlElement("w:bookmarkEnd")
    end.set(qn("w:id"), ident)
    p._p.append(start)
    p._p.append(end)


def _field(p, instruction: str, cached: str) -> None:
    """A complex field (begin, instruction, separate, cached result, end)."""
    parts = [("begin", None), ("instr", instruction), ("separate", None), ("t", cached)]
    for kind, text in [*parts, ("end", None)]:
        run = OxmlElement("w:r")
        if kind == "instr":
            element = OxmlElement("w:instrText")
            element.set(qn("xml:space"), "preserve")
            element.text = text
        elif kind == "t":
            element = OxmlElement("w:t")
            element.text = text
        else:
            element = OxmlElement("w:fldChar")
            element.set(qn("w:fldCharType"), kind)
        run.append(element)
        p._p.append(run)


def update_fields_on_open(doc: Document) -> None:
    """Word refreshes the Daftar Isi's page numbers (PAGEREF fields) when it opens the file."""
    update = OxmlElement("w:updateFields")
    update.set(qn("w:val"), "true")
    doc.settings.element.append(update)


def laporan_kinerja() -> Document:
    from docx.enum.text import WD_TAB_ALIGNMENT, WD_TAB_LEADER

    doc = new_document()
    update_fields_on_open(doc)
    marks = iter(range(1, 100))

    def bab(text: str, mark: str, new_page: bool = True) -> None:
        p = paragraph(
            doc, text, bold=True, size=12, align=WD_ALIGN_PARAGRAPH.CENTER, before=0, after=12
        )
        p.paragraph_format.page_break_before = new_page
        p.paragraph_format.keep_with_next = True
        bookmark(p, f"_Kinerja_{mark}", str(next(marks)))

    def sub(text: str, mark: str | None = None) -> None:
        p = heading(doc, text)
        if mark:
            bookmark(p, f"_Kinerja_{mark}", str(next(marks)))

    def body(text: str, indent: bool = True) -> None:
        p = paragraph(doc, text, after=6, align=WD_ALIGN_PARAGRAPH.JUSTIFY)
        if indent:
            p.paragraph_format.first_line_indent = Cm(1)

    def items(loop: str, text: str, numbered: bool = True) -> None:
        paragraph(doc, f"{{%p for x in {loop} %}}")
        label = "{{ loop.index }}." if numbered else "–"
        p = paragraph(doc, f"{label}\t{text}", after=3, align=WD_ALIGN_PARAGRAPH.JUSTIFY)
        p.paragraph_format.left_indent = Cm(1.0)
        p.paragraph_format.first_line_indent = Cm(-0.6)
        p.paragraph_format.tab_stops.add_tab_stop(Cm(1.0))
        paragraph(doc, "{%p endfor %}")

    # cover
    kop_surat(doc)
    paragraph(doc, after=48)
    for text, size in (
        ("LAPORAN KINERJA TRIWULAN {{ periode.romawi }}", 18),
        ("TAHUN {{ periode.tahun }}", 16),
    ):
        paragraph(doc, text, bold=True, size=size, align=WD_ALIGN_PARAGRAPH.CENTER, after=6)
    paragraph(doc, after=36)
    paragraph(doc, "{{ logo_sampul }}", align=WD_ALIGN_PARAGRAPH.CENTER, after=36)
    for text in ("{{ instansi.nama }}", "{{ instansi.pemerintah }}", "{{ periode.tahun }}"):
        paragraph(doc, text, bold=True, size=14, align=WD_ALIGN_PARAGRAPH.CENTER, after=6)

    bab("KATA PENGANTAR", "kata_pengantar")
    paragraph(doc, "{%p for x in kata_pengantar %}")
    body("{{ x }}")
    paragraph(doc, "{%p endfor %}")
    paragraph(doc, after=12)
    signature(doc, "camat", "{{ tempat_tanggal }}")

    p = paragraph(doc, "DAFTAR ISI", bold=True, size=12, align=WD_ALIGN_PARAGRAPH.CENTER, after=12)
    p.paragraph_format.page_break_before = True
    paragraph(doc, "{%p for d in daftar_isi %}")
    entry = paragraph(doc, "{{ d.judul }}\t", after=4)
    entry.paragraph_format.tab_stops.add_tab_stop(
        usable_width(doc), WD_TAB_ALIGNMENT.RIGHT, WD_TAB_LEADER.DOTS
    )
    _field(entry, " PAGEREF {{ d.bookmark }} \\h ", "")
    paragraph(doc, "{%p endfor %}")

    bab("IKHTISAR EKSEKUTIF", "ikhtisar")
    paragraph(doc, "{%p for x in ikhtisar %}")
    body("{{ x }}")
    paragraph(doc, "{%p endfor %}")

    bab("BAB I\nPENDAHULUAN", "bab1")
    sub("A. Latar Belakang")
    body("{{ teks.latar_belakang }}")
    body("Dasar hukum penyusunan laporan ini adalah:")
    items("dasar_hukum", "{{ x }}")
    sub("B. Maksud dan Tujuan")
    body("{{ teks.tujuan }}")
    sub("C. Gambaran Umum")
    paragraph(doc, "{%p for bagian in gambaran_umum %}")
    paragraph(
        doc, "{{ bagian.judul }}", bold=True, before=3, after=3
    ).paragraph_format.keep_with_next = True
    paragraph(doc, "{%p for x in bagian.isi %}")
    body("{{ x }}")
    paragraph(doc, "{%p endfor %}")
    items("bagian.butir", "{{ x }}", numbered=False)
    paragraph(doc, "{%p endfor %}")
    paragraph(doc, "{%p if profil_contoh %}")
    paragraph(
        doc,
        "Catatan: angka dan uraian gambaran umum di atas adalah nilai contoh, bukan data resmi.",
        size=9,
        after=6,
    ).runs[0].italic = True
    paragraph(doc, "{%p endif %}")
    sub("D. Sistematika Penyajian")
    body("{{ teks.sistematika }}")

    bab("BAB II\nPERENCANAAN KINERJA", "bab2")
    body("{{ teks.perencanaan }}")
    data_table(
        doc,
        [
            ("No", 0.5, "C"),
            ("Sasaran", 2.2, "L"),
            ("Indikator Kinerja", 3.0, "L"),
            ("Satuan", 1.1, "C"),
            ("Target Tahunan", 1.5, "R"),
            ("Target TW {{ periode.romawi }}", 1.5, "R"),
        ],
        [
            "{{ r.no }}",
            "{{ g.sasaran }}",
            "{{ r.indikator }}",
            "{{ r.satuan }}",
            "{{ r.target_tahunan }}",
            "{{ r.target }}",
        ],
        GROUP_LOOP,
        ROW_LOOP,
    )
    paragraph(doc, "{%p if keuangan %}")
    body(
        "Untuk mencapai sasaran tersebut, pada Tahun {{ periode.tahun }} dilaksanakan program "
        "dengan anggaran sebagai berikut.",
    )
    data_table(
        doc,
        [("No", 0.5, "C"), ("Program/Kegiatan", 5.0, "L"), ("Pagu Anggaran (Rp)", 2.0, "R")],
        ["{{ k.no }}", "{{ k.program }}", "{{ k.anggaran }}"],
        None,
        "for k in keuangan",
    )
    paragraph(doc, "{%p endif %}")

    bab("BAB III\nAKUNTABILITAS KINERJA", "bab3")
    sub("A. Capaian Kinerja", "bab3a")
    body("{{ teks.ringkasan }}")
    data_table(
        doc,
        [
            ("No", 0.5, "C"),
            ("Sasaran", 4.0, "L"),
            ("Jumlah Indikator", 1.2, "C"),
            ("Rata-rata Capaian (%)", 1.3, "R"),
            ("Predikat", 1.4, "C"),
        ],
        ["{{ s.no }}", "{{ s.sasaran }}", "{{ s.jumlah }}", "{{ s.capaian }}", "{{ s.predikat }}"],
        None,
        "for s in sasaran",
    )
    paragraph(doc, "{{ grafik_capaian }}", align=WD_ALIGN_PARAGRAPH.CENTER, before=6)
    paragraph(
        doc,
        "Grafik Capaian Kinerja per Indikator (garis putus-putus: target 100%)",
        size=8,
        align=WD_ALIGN_PARAGRAPH.CENTER,
        after=6,
    )
    paragraph(doc, "{%p for s in analisis %}")
    judul = heading(doc, "{{ s.judul }}", before=9)
    bookmark(judul, "_Kinerja_{{ s.bookmark }}", "{{ s.id }}")
    data_table(
        doc,
        [
            ("No", 0.5, "C"),
            ("Indikator Kinerja", 3.6, "L"),
            ("Target", 1.35, "R"),
            ("Realisasi", 1.35, "R"),
            ("Capaian (%)", 1.0, "R"),
            ("Predikat", 1.1, "C"),
        ],
        [
            "{{ r.no }}",
            "{{ r.indikator }} ({{ r.satuan }})",
            "{{ r.target }}",
            "{{ r.realisasi }}",
            "{{ r.capaian }}",
            "{{ r.predikat }}",
        ],
        "for g in s.kelompok",
        ROW_LOOP,
    )
    paragraph(doc, "{%p for a in s.paragraf %}")
    analysis = paragraph(doc, after=6, align=WD_ALIGN_PARAGRAPH.JUSTIFY, before=3)
    analysis.add_run("{{ loop.index }}) {{ a.judul }}. ").italic = True
    analysis.add_run("{{ a.isi }}")
    paragraph(doc, "{%p endfor %}")
    paragraph(doc, "{%p endfor %}")
    sub("Indikator yang Belum Mencapai Target")
    body("{{ teks.di_bawah_target }}")
    paragraph(doc, "{%p if di_bawah_target %}")
    data_table(
        doc,
        [
            ("No", 0.5, "C"),
            ("Indikator Kinerja", 2.8, "L"),
            ("Unit", 1.6, "L"),
            ("Capaian (%)", 0.9, "R"),
            ("Keterangan", 3.0, "L"),
        ],
        [
            "{{ loop.index }}",
            "{{ b.indikator }}",
            "{{ b.unit }}",
            "{{ b.capaian }}",
            "{{ b.keterangan }}",
        ],
        None,
        "for b in di_bawah_target",
    )
    paragraph(doc, "{%p endif %}")
    sub("B. Realisasi Anggaran", "bab3b")
    body("{{ teks.keuangan }}")
    keuangan_table(doc, None)
    paragraph(doc, "{%p for x in efisiensi %}")
    body("{{ x }}")
    paragraph(doc, "{%p endfor %}")
    catatan(doc)

    bab("BAB IV\nPENUTUP", "bab4")
    sub("A. Kesimpulan")
    items("kesimpulan", "{{ x }}")
    sub("B. Langkah Perbaikan Triwulan Berikutnya")
    paragraph(doc, "{%p if langkah %}")
    items("langkah", "{{ x }}")
    paragraph(doc, "{%p else %}")
    body("Unit kerja belum menyampaikan upaya tindak lanjut untuk triwulan berikutnya.")
    paragraph(doc, "{%p endif %}")
    body("{{ teks.penutup }}")
    paragraph(doc, after=12)
    signature(doc, "camat", "{{ tempat_tanggal }}")

    bab("LAMPIRAN\nPENGUKURAN KINERJA {{ periode_label | upper }}", "lampiran")
    data_table(
        doc,
        [
            ("No", 0.5, "C"),
            ("Indikator Kinerja", 3.0, "L"),
            ("Satuan", 1.0, "C"),
            ("Target TW {{ periode.romawi }}", 1.1, "R"),
            ("Realisasi TW {{ periode.romawi }}", 1.1, "R"),
            ("Capaian TW (%)", 1.0, "R"),
            ("Capaian Kumulatif (%)", 1.0, "R"),
            ("Predikat", 1.1, "C"),
        ],
        [
            "{{ r.no }}",
            "{{ r.indikator }}",
            "{{ r.satuan }}",
            "{{ r.target }}",
            "{{ r.realisasi }}",
            "{{ r.capaian }}",
            "{{ r.capaian_kumulatif }}",
            "{{ r.predikat }}",
        ],
        "for g in lampiran",
        ROW_LOOP,
        size=8,
    )
    paragraph(doc, "{%p for x in catatan_lampiran %}")
    paragraph(doc, "{{ x }}", size=8)
    paragraph(doc, "{%p endfor %}")
    daftar_perubahan(doc)
    return doc


def nota_dinas() -> Document:
    """Nota Dinas (tata naskah dinas): kop, title, the heading table (Yth., Dari, Tembusan,
    Tanggal, Nomor, Sifat, Lampiran, Hal), a rule, the body and the sender's signature."""
    doc = new_document()
    kop_surat(doc)
    title(doc, ["NOTA DINAS"])
    table = doc.add_table(rows=0, cols=3)
    set_borders(table, on=False)
    width = usable_width(doc)
    rows = [
        ("Yth.", "{{ kepada }}"),
        ("Dari", "{{ dari }}"),
        ("Tembusan", "{{ tembusan }}"),
        ("Tanggal", "{{ tanggal_surat }}"),
        ("Nomor", "{{ nomor }}"),
        ("Sifat", "{{ sifat }}"),
        ("Lampiran", "{{ lampiran }}"),
        ("Hal", "{{ hal }}"),
    ]
    for label, value in rows:
        cells = table.add_row().cells
        write_cell(cells[0], label, size=11)
        write_cell(cells[1], ":" if label else "", size=11)
        write_cell(cells[2], value, size=11)
    set_widths(table, [Cm(3), Cm(0.5), width - Cm(3.5)])
    rule = paragraph(doc, after=12)
    borders = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    for key, value in (("w:val", "single"), ("w:sz", "8"), ("w:space", "1"), ("w:color", "000000")):
        bottom.set(qn(key), value)
    borders.append(bottom)
    rule._p.get_or_add_pPr().append(borders)
    paragraph(doc, "{%p for x in isi %}")
    body = paragraph(doc, "{{ x }}", align=WD_ALIGN_PARAGRAPH.JUSTIFY, after=6)
    body.paragraph_format.first_line_indent = Cm(1.25)
    paragraph(doc, "{%p endfor %}")
    paragraph(doc, after=12)
    signature(doc, "pengirim", "")
    return doc


def _pk_signatures(doc: Document) -> None:
    """Pihak Kedua at the left, Pihak Pertama at the right with place and date (PermenPAN-RB
    53/2014)."""
    doc.paragraphs[-1].paragraph_format.keep_with_next = True
    table = doc.add_table(rows=1, cols=2)
    set_borders(table, on=False)
    width = usable_width(doc)
    set_widths(table, [width // 2, width - width // 2])
    row_flags(table.rows[0])
    blocks = [
        (table.rows[0].cells[0], "pihak_kedua", "", "PIHAK KEDUA,"),
        (table.rows[0].cells[1], "pihak_pertama", "{{ tempat_tanggal }}", "PIHAK PERTAMA,"),
    ]
    for cell, name, first_line, role in blocks:
        signature_cell(cell, name, [(first_line, False), (role, True)])


def _pk_party(doc: Document, name: str, role: str) -> None:
    table = doc.add_table(rows=0, cols=3)
    set_borders(table, on=False)
    fields = (("Nama", f"{{{{ {name}.nama }}}}"), ("Jabatan", f"{{{{ {name}.jabatan }}}}"))
    for label, value in fields:
        cells = table.add_row().cells
        write_cell(cells[0], label, size=11)
        write_cell(cells[1], ":", size=11)
        write_cell(cells[2], value, size=11)
    set_widths(table, [Cm(3), Cm(0.5), usable_width(doc) - Cm(3.5)])
    paragraph(doc, role, before=3, after=6)


def perjanjian_kinerja() -> Document:
    """Perjanjian Kinerja (PermenPAN-RB 53/2014): the statement page, then its lampiran."""
    doc = new_document()
    kop_surat(doc)
    title(doc, ["{{ judul }}", "{{ unit }}"])
    paragraph(doc, "{%p if berlaku %}")
    paragraph(doc, "({{ berlaku }})", align=WD_ALIGN_PARAGRAPH.CENTER, after=12)
    paragraph(doc, "{%p endif %}")
    justify = WD_ALIGN_PARAGRAPH.JUSTIFY
    paragraph(
        doc,
        "Dalam rangka mewujudkan manajemen pemerintahan yang efektif, transparan dan akuntabel "
        "serta berorientasi pada hasil, kami yang bertanda tangan di bawah ini:",
        align=justify,
        after=6,
    )
    _pk_party(doc, "pihak_pertama", "selanjutnya disebut pihak pertama.")
    _pk_party(doc, "pihak_kedua", "selaku atasan pihak pertama, selanjutnya disebut pihak kedua.")
    for text in (
        "Pihak pertama berjanji akan mewujudkan target kinerja yang seharusnya sesuai lampiran "
        "perjanjian ini, dalam rangka mencapai target kinerja jangka menengah seperti yang telah "
        "ditetapkan dalam dokumen perencanaan. Keberhasilan dan kegagalan pencapaian target "
        "kinerja tersebut menjadi tanggung jawab kami.",
        "Pihak kedua akan melakukan supervisi yang diperlukan serta akan melakukan evaluasi "
        "terhadap capaian kinerja dari perjanjian ini dan mengambil tindakan yang diperlukan "
        "dalam rangka pemberian penghargaan dan sanksi.",
    ):
        paragraph(doc, text, align=justify, after=6)
    paragraph(doc, after=12)
    _pk_signatures(doc)
    paragraph(doc).add_run().add_break(WD_BREAK.PAGE)
    title(doc, ["LAMPIRAN {{ judul }}", "{{ unit }}"])
    data_table(
        doc,
        [
            ("No", 0.5, "C"),
            ("Sasaran", 3.0, "L"),
            ("Indikator Kinerja", 3.6, "L"),
            ("Satuan", 1.0, "C"),
            ("Target", 1.0, "R"),
        ],
        ["{{ r.no }}", "{{ r.sasaran }}", "{{ r.indikator }}", "{{ r.satuan }}", "{{ r.target }}"],
        None,
        "for r in indikator",
        size=10,
    )
    paragraph(doc, "{%p if program %}", before=6)
    table = data_table(
        doc,
        [("No", 0.5, "C"), ("Program/Kegiatan", 5.6, "L"), ("Anggaran (Rp)", 2.0, "R")],
        ["{{ k.no }}", "{{ k.program }}", "{{ k.anggaran }}"],
        None,
        "for k in program",
        size=10,
    )
    total_row = table.add_row()
    row_flags(total_row)
    for cell, text, align in zip(
        total_row.cells,
        ["", "Jumlah", "{{ anggaran_total }}"],
        [WD_ALIGN_PARAGRAPH.CENTER, WD_ALIGN_PARAGRAPH.LEFT, WD_ALIGN_PARAGRAPH.RIGHT],
        strict=True,
    ):
        write_cell(cell, text, bold=True, align=align, size=10)
    paragraph(doc, "{%p endif %}")
    paragraph(doc, after=12)
    _pk_signatures(doc)
    return doc


def rekap_kabupaten() -> Document:
    """The regency's recap: ranking, offices' status and budget, then a table and a chart per
    sasaran."""
    doc = new_document()
    title(
        doc,
        [
            "{{ pemerintah }}",
            "REKAPITULASI KINERJA KECAMATAN",
            "{{ periode_label | upper }}",
        ],
    )
    heading(doc, "A. Peringkat Capaian Kinerja", before=0)
    data_table(
        doc,
        [
            ("Peringkat", 0.9, "C"),
            ("Kantor", 4.0, "L"),
            ("Capaian Rata-rata (%)", 1.6, "R"),
            ("Jumlah Indikator", 1.3, "R"),
        ],
        ["{{ r.no }}", "{{ r.kantor }}", "{{ r.capaian }}", "{{ r.jumlah }}"],
        None,
        "for r in peringkat",
        size=9,
    )
    paragraph(
        doc,
        "Capaian rata-rata: rata-rata capaian indikator triwulan ini, setiap capaian dibatasi "
        "batas capaian kantornya.",
        size=8,
        before=3,
        after=9,
    )
    heading(doc, "B. Status Pelaporan dan Serapan Anggaran", before=0)
    data_table(
        doc,
        [
            ("Kantor", 2.6, "L"),
            ("Status (batas {{ batas }})", 2.6, "L"),
            ("Anggaran (Rp)", 1.5, "R"),
            ("Realisasi (Rp)", 1.5, "R"),
            ("Serapan (%)", 1.0, "R"),
        ],
        [
            "{{ k.nama }}",
            "{{ k.status }}",
            "{{ k.anggaran }}",
            "{{ k.realisasi }}",
            "{{ k.serapan }}",
        ],
        None,
        "for k in kantor",
        size=9,
    )
    heading(doc, "C. Capaian per Sasaran", before=9)
    paragraph(doc, "{%p for s in sasaran %}")
    heading(doc, "{{ loop.index }}. {{ s.nama }}")
    data_table(
        doc,
        [("Kantor", 4.0, "L"), ("Capaian Rata-rata (%)", 1.6, "R")],
        ["{{ b.kantor }}", "{{ b.capaian }}"],
        None,
        "for b in s.baris",
        size=9,
    )
    paragraph(doc, "{{ s.grafik }}", align=WD_ALIGN_PARAGRAPH.CENTER, before=3)
    paragraph(doc, "{%p endfor %}")
    return doc


TEMPLATES = {
    "pengukuran-kinerja.docx": pengukuran_kinerja,
    "laporan-kinerja.docx": laporan_kinerja,
    "format-isian.docx": lambda: format_isian(pengukuran=False),
    "format-pengukuran.docx": lambda: format_isian(pengukuran=True),
    "lembar-verifikasi.docx": lembar_verifikasi,
    "lembar-kendali-sop.docx": lembar_kendali_sop,
    "sop.docx": sop_document,
    "nota-dinas.docx": nota_dinas,
    "perjanjian-kinerja.docx": perjanjian_kinerja,
    "rekap-kabupaten.docx": rekap_kabupaten,
}


def main() -> None:
    import datetime as dt
    import io

    OUT.mkdir(parents=True, exist_ok=True)
    for name, build in TEMPLATES.items():
        buffer = io.BytesIO()
        doc = build()
        doc.core_properties.author = "kinerja"
        doc.core_properties.title = name.removesuffix(".docx")
        doc.save(buffer)
        write_atomic(OUT / name, stable_package(buffer.getvalue(), dt.date(2024, 1, 1)))
        print(OUT / name)


if __name__ == "__main__":
    main()
