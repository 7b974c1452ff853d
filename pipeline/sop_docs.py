"""`kinerja sop`: the workspace's SOPs as Word documents in the PermenPAN-RB 35/2012 form."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from pipeline import context as ctx
from pipeline import formatting
from pipeline.config import load_config
from pipeline.flowchart import flow_cells
from pipeline.names import slug
from pipeline.ooxml import write_all_atomic
from pipeline.periode import Periode
from pipeline.render import Gambar, render_docx, template_path
from pipeline.sop import Sop, load_sops

PELAKSANA_COLUMNS = 4
COLUMN_CM = 2.8  # a Pelaksana column of the flowchart table on landscape F4 with 3/2,5 cm margins
ROW_CM = 2.0
TEXT_WIDTH_CM = 27.5


def _tanggal(text: str) -> str:
    if not text:
        return "-"
    try:
        return formatting.tanggal(dt.date.fromisoformat(text))
    except ValueError:
        return text


def sop_context(sop: Sop, column_cm: float) -> dict[str, Any]:
    """The SOP as template values, with the flowchart cut into one picture per cell."""
    pelaksana = list(sop.pelaksana)[:PELAKSANA_COLUMNS]
    pelaksana += [""] * (PELAKSANA_COLUMNS - len(pelaksana))
    steps = []
    for k in sop.kegiatan:
        first = next((pelaksana.index(p) for p in k.pelaksana if p in pelaksana), 0)
        steps.append((first, k.simbol))
    cells = flow_cells(steps, PELAKSANA_COLUMNS, column_cm, ROW_CM)
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
        "kegiatan": [
            {
                "no": k.no,
                "uraian": k.uraian,
                "gambar": [Gambar(png, column_cm, ROW_CM - 0.05) for png in row],
                "kelengkapan": k.kelengkapan,
                "waktu": k.waktu,
                "output": k.output,
                "keterangan": k.keterangan,
            }
            for k, row in zip(sop.kegiatan, cells, strict=True)
        ],
    }


def render_sops(workspace: Path) -> list[Path]:
    """Write outputs/sop/sop-<kode>-<nama>.docx for every SOP of the workspace."""
    config = load_config(workspace)
    tampilan = config.tampilan
    long_mm = tampilan.ukuran_mm[1]
    text_cm = long_mm / 10 - tampilan.margin[1] - tampilan.margin[3]
    column_cm = COLUMN_CM * text_cm / TEXT_WIDTH_CM  # the table is scaled to the paper
    files = {}
    for sop in load_sops(workspace):
        effective = (
            dt.date.fromisoformat(sop.tanggal_efektif)
            if sop.tanggal_efektif
            else (dt.date(2000, 1, 1))
        )
        context = ctx.common(config, Periode(effective.year, 1), None, False, f"SOP {sop.nomor}")
        context |= sop_context(sop, column_cm)
        context["camat"] = ctx.pejabat(config.camat)
        path = workspace / "outputs" / "sop" / f"sop-{sop.kode}-{slug(sop.nama)}.docx"
        files[path] = render_docx(
            template_path(workspace, "sop.docx"), context, effective, tampilan
        )
    return write_all_atomic(files)
