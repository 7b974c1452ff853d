"""`kinerja sop`: the workspace's SOPs as Word documents in the PermenPAN-RB 35/2012 form."""

from __future__ import annotations

import datetime as dt
import itertools
import textwrap
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pipeline.documents import context as ctx
from pipeline.documents.flowchart import FlowRow, FlowStep, draw_page, plan_pages
from pipeline.documents.render import Gambar, apply_layout, render_docx, template_path
from pipeline.domain import formatting
from pipeline.domain.names import slug
from pipeline.domain.periode import Periode
from pipeline.inputs.config import Tampilan, load_config
from pipeline.inputs.sop import Kegiatan, Sop, load_sops
from pipeline.store.ooxml import quoteattr, write_all_atomic
from pipeline.store.workspace import Workspace

PELAKSANA_COLUMNS = 4
# The flowchart table on landscape F4 with 3/2,5 cm margins (27,5 cm of text width), in cm; the
# table is scaled to the office's paper. scripts/make_templates.py builds sop.docx with the same.
FLOW_WIDTHS = (1.0, 5.2, 2.8, 2.8, 2.8, 2.8, 2.9, 1.6, 2.9, 2.7)
TEXT_WIDTH_CM = 27.5
TWIPS_PER_CM = 1440 / 2.54
ROW_MIN_CM = 1.8  # a step row: room for the diamond and the arrows above and below it
LINE_CM = 0.4  # one line of 8 pt text in a cell
# a generous mean width of one 8 pt character (measured 0,132 cm for Arial on the SOP texts)
CHAR_CM = {"Arial": 0.145, "Bookman Old Style": 0.165}
CELL_PADDING_CM = 0.38  # left and right cell margins
TITLE_CM = 1.1  # the SOP's name above the first page table
HEADER_TOP_CM = 0.55  # the "No / Uraian / Pelaksana / Mutu Baku" header row
SAFETY_CM = 0.6  # page-break paragraphs, borders and rounding


@dataclass(frozen=True)
class GambarAlir(Gambar):
    """A flowchart page picture with its description as alternative text (what a screen reader
    says, and what a reviewer can search for)."""

    deskripsi: str = ""

    def __html__(self) -> str:
        return (
            super()
            .__html__()
            .replace("<wp:docPr ", f"<wp:docPr descr={quoteattr(self.deskripsi)} ", 1)
        )

    __str__ = __html__


def _tanggal(text: str) -> str:
    if not text:
        return "-"
    try:
        return formatting.tanggal(dt.date.fromisoformat(text))
    except ValueError:
        return text


def _lines(text: str, column_cm: float, char_cm: float) -> int:
    """How many lines `text` takes in a cell `column_cm` wide (an upper estimate)."""
    if not text:
        return 0
    per_line = max(1, int((column_cm - CELL_PADDING_CM) / char_cm))
    return len(textwrap.wrap(text, per_line, break_long_words=True)) or 1


def _row_cm(k: Kegiatan, keterangan: str, widths: Sequence[float], char_cm: float) -> float:
    """The height of a step row: its longest cell, at least ROW_MIN_CM, rounded to 0,1 cm."""
    cells = [(k.uraian, 1), (k.kelengkapan, 6), (k.waktu, 7), (k.output, 8), (keterangan, 9)]
    lines = max(_lines(text, widths[col], char_cm) for text, col in cells)
    return max(ROW_MIN_CM, round(lines * LINE_CM + 0.3, 1))


def _keterangan(k: Kegiatan, next_no: int | None) -> str:
    """The Keterangan cell; a keputusan's two exits are written out there as well."""
    if k.simbol != "keputusan":
        return k.keterangan
    lanjut = f"lanjut ke {next_no}" if next_no is not None else "selesai"
    exits = f"Ya: {lanjut}; Tidak: kembali ke {k.kembali_ke}"
    return f"{k.keterangan} {exits}".strip()


def _gap_note(sop: Sop) -> list[str]:
    """A note for every gap in the step numbers: the numbering of the signed SOP is kept."""
    missing = []
    numbers = [k.no for k in sop.kegiatan]
    for before, after in itertools.pairwise(numbers):
        if after - before == 2:
            missing.append(str(before + 1))
        elif after - before > 2:
            missing.append(f"{before + 1}\u2013{after - 1}")
    if not missing:
        return []
    listed = ", ".join(missing)
    return [
        f"Catatan: nomor kegiatan mengikuti SOP {sop.nomor} yang disahkan; kegiatan {listed} "
        "tidak terdapat dalam SOP tersebut sehingga tidak dicantumkan dan nomor tidak diubah."
    ]


def _header_cm(pelaksana: Sequence[str], widths: Sequence[float], char_cm: float) -> float:
    names = [_lines(name, widths[2 + i], char_cm * 1.1) for i, name in enumerate(pelaksana)]
    return HEADER_TOP_CM + max(3, *names) * LINE_CM * 0.9 + 0.15


def _describe(rows: Sequence[FlowRow], pelaksana: Sequence[str]) -> str:
    """The page's flowchart in words, for the picture's alternative text."""
    parts = []
    for row in rows:
        step = row.langkah
        if step is None:
            where = (
                "dari halaman sebelumnya"
                if row.penghubung == "masuk"
                else ("ke halaman berikutnya")
            )
            parts.append(f"penghubung antarhalaman {where}: kegiatan {row.nomor}")
            continue
        names = " dan ".join(pelaksana[c] for c in step.kolom)
        text = f"{step.no} {step.simbol} ({names})"
        if step.simbol == "keputusan":
            text += f": Ya lanjut, Tidak kembali ke kegiatan {step.kembali_ke}"
        parts.append(text)
    return "Diagram alir: " + "; ".join(parts)


def _page_rows(rows: Sequence[FlowRow], texts: dict[int, dict[str, Any]]) -> list[dict]:
    out = []
    for row in rows:
        tinggi = str(round(row.tinggi_cm * TWIPS_PER_CM))
        if row.langkah is not None:
            out.append(texts[row.langkah.no] | {"tinggi": tinggi})
            continue
        uraian = (
            "Sambungan dari halaman sebelumnya"
            if row.penghubung == "masuk"
            else f"Bersambung ke halaman berikutnya (kegiatan {row.nomor})"
        )
        blank = dict.fromkeys(("no", "kelengkapan", "waktu", "output", "keterangan"), "")
        out.append(blank | {"uraian": uraian, "tinggi": tinggi})
    return out


def flow_widths(template: Path, tampilan: Tampilan) -> list[float]:
    """The column widths (cm) of the flowchart table as the rendered document will have them:
    the template's last table laid out on the office's paper by the code that renders it, so
    the picture matches the columns whatever the paper, the margins or an edited template."""
    from docx import Document
    from docx.oxml.ns import qn

    document = Document(str(template))
    apply_layout(document, tampilan)
    grid = document.tables[-1]._tbl.tblGrid.findall(qn("w:gridCol")) if document.tables else []
    if len(grid) != len(FLOW_WIDTHS):  # not the bundled layout: assume the bundled widths
        text_w = tampilan.ukuran_mm[1] / 10 - tampilan.margin[1] - tampilan.margin[3]
        return [w * text_w / TEXT_WIDTH_CM for w in FLOW_WIDTHS]
    return [int(col.get(qn("w:w"))) / TWIPS_PER_CM for col in grid]


def sop_context(sop: Sop, tampilan: Tampilan, widths: Sequence[float]) -> dict[str, Any]:
    """The SOP as template values, with the flowchart table (column `widths` in cm) cut into
    pages, one picture per page spanning the Pelaksana columns."""
    text_h = tampilan.ukuran_mm[0] / 10 - tampilan.margin[0] - tampilan.margin[2]
    char_cm = CHAR_CM.get(tampilan.huruf, max(CHAR_CM.values()))
    pelaksana = list(sop.pelaksana)[:PELAKSANA_COLUMNS]
    pelaksana += [""] * (PELAKSANA_COLUMNS - len(pelaksana))
    numbers = [k.no for k in sop.kegiatan]
    texts, steps, heights = {}, [], []
    for index, k in enumerate(sop.kegiatan):
        next_no = numbers[index + 1] if index + 1 < len(numbers) else None
        keterangan = _keterangan(k, next_no)
        columns = tuple(pelaksana.index(p) for p in k.pelaksana if p in pelaksana) or (0,)
        steps.append(FlowStep(k.no, columns, k.simbol, k.kembali_ke))
        heights.append(_row_cm(k, keterangan, widths, char_cm))
        texts[k.no] = {
            "no": str(k.no),
            "uraian": k.uraian,
            "kelengkapan": k.kelengkapan,
            "waktu": k.waktu,
            "output": k.output,
            "keterangan": keterangan,
        }
    notes = _gap_note(sop)
    room = text_h - _header_cm(pelaksana, widths, char_cm) - SAFETY_CM
    pages = plan_pages(steps, heights, room - TITLE_CM, room, len(notes) * 2 * LINE_CM)
    column_cm = widths[2]
    halaman = []
    for index, rows in enumerate(pages):
        png = draw_page(rows, PELAKSANA_COLUMNS, column_cm)
        height = sum(r.tinggi_cm for r in rows)
        halaman.append(
            {
                "gambar": GambarAlir(
                    png, PELAKSANA_COLUMNS * column_cm, height, _describe(rows, pelaksana)
                ),
                "baris": _page_rows(rows, texts),
                "catatan": notes if index == len(pages) - 1 else [],
            }
        )
    return {
        "sop": {
            "nomor": sop.nomor,
            "nama": sop.nama,
            "tanggal_pembuatan": _tanggal(sop.tanggal_pembuatan),
            "tanggal_revisi": _tanggal(sop.tanggal_revisi),
            "tanggal_efektif": _tanggal(sop.tanggal_efektif),
            "dasar_hukum": list(sop.dasar_hukum),
            "kualifikasi": list(sop.kualifikasi),
            "keterkaitan": list(sop.keterkaitan),
            "peralatan": list(sop.peralatan),
            "peringatan": sop.peringatan,
            "pencatatan": sop.pencatatan,
            "pelaksana": pelaksana,
        },
        "halaman": halaman,
    }


def render_sops(workspace: Path) -> list[Path]:
    """Write outputs/sop/sop-<kode>-<nama>.docx for every SOP of the workspace."""
    config = load_config(workspace)
    tampilan = config.tampilan
    template = template_path(workspace, "sop.docx")
    widths = flow_widths(template, tampilan)
    files = {}
    for sop in load_sops(workspace):
        effective = (
            dt.date.fromisoformat(sop.tanggal_efektif)
            if sop.tanggal_efektif
            else (dt.date(2000, 1, 1))
        )
        context = ctx.common(config, Periode(effective.year, 1), None, False, f"SOP {sop.nomor}")
        context |= sop_context(sop, tampilan, widths)
        context["camat"] = ctx.pejabat(config.camat)
        path = Workspace(workspace).sop() / f"sop-{sop.kode}-{slug(sop.nama)}.docx"
        files[path] = render_docx(template, context, effective, tampilan)
    return write_all_atomic(files)
