"""The Perjanjian Kinerja document (PermenPAN-RB 53/2014): the statement page signed by Pihak
Pertama and Pihak Kedua, and its lampiran (sasaran, indikator, target tahunan; program/kegiatan
with anggaran when the PK workbook gives them). One for the office (the Camat with the Bupati)
and one for each unit (its head with the Camat); a PK Perubahan is the version in force from a
later quarter (`Berlaku Mulai TW`)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

from pipeline.documents import context as ctx
from pipeline.domain import formatting
from pipeline.domain.errors import BerkasError
from pipeline.domain.model import Indikator, label_predikat
from pipeline.domain.names import slug
from pipeline.domain.periode import ROMAWI, Periode
from pipeline.inputs.config import Config, Pejabat, load_config
from pipeline.store.workspace import Workspace

TEMPLATE = "perjanjian-kinerja.docx"


@dataclass(frozen=True)
class HasilPerjanjian:
    """The PK documents written, and the version (quarter it applies from) they show."""

    berlaku_mulai: int
    files: list[Path]


def folder(workspace: Path, tahun: int) -> Path:
    """outputs/<tahun>/perjanjian-kinerja/"""
    return workspace / "outputs" / str(tahun) / "perjanjian-kinerja"


def _target(i: Indikator) -> str:
    if i.polaritas.predikat:
        return label_predikat(i.polaritas, i.target_tahunan)
    return formatting.angka(i.target_tahunan)


def _lampiran(items: Sequence[Indikator]) -> dict[str, Any]:
    rows = []
    groups: dict[str, list[Indikator]] = {}
    for i in items:
        groups.setdefault(i.sasaran, []).append(i)
    for no, (sasaran, members) in enumerate(groups.items(), start=1):
        for index, i in enumerate(members):
            rows.append(
                {
                    "no": str(no) if index == 0 else "",
                    "sasaran": ctx.teks(sasaran) if index == 0 else "",
                    "indikator": ctx.teks(i.nama),
                    "satuan": i.satuan,
                    "target": _target(i),
                }
            )
    programs: dict[str, Decimal | None] = {}
    for i in items:
        if i.program and programs.get(i.program) is None:
            programs[i.program] = i.anggaran
    program_rows = [
        {"no": n, "program": ctx.teks(name), "anggaran": formatting.angka(value)}
        for n, (name, value) in enumerate(programs.items(), start=1)
    ]
    total = sum((v for v in programs.values() if v is not None), Decimal(0))
    return {
        "indikator": rows,
        "program": program_rows,
        "anggaran_total": formatting.angka(total) if program_rows else "",
    }


def _bupati_jabatan(config: Config) -> str:
    pemerintah = config.instansi.pemerintah.upper()
    for prefix in ("PEMERINTAH KABUPATEN ", "PEMERINTAH KOTA "):
        if pemerintah.startswith(prefix):
            return ("BUPATI " if "KABUPATEN" in prefix else "WALI KOTA ") + pemerintah.removeprefix(
                prefix
            )
    return "BUPATI"


def _context(
    config: Config,
    tahun: int,
    versi: int,
    tanggal: dt.date,
    pertama: dict[str, str],
    kedua: dict[str, str],
    unit: str,
    items: Sequence[Indikator],
) -> dict[str, Any]:
    periode = Periode(tahun, versi)
    judul = "PERJANJIAN KINERJA PERUBAHAN" if versi > 1 else "PERJANJIAN KINERJA"
    context = ctx.common(config, periode, tanggal, False, f"{judul.title()} {tahun}")
    return context | {
        "judul": f"{judul} TAHUN {tahun}",
        "berlaku": f"berlaku mulai Triwulan {ROMAWI[versi]} {tahun}" if versi > 1 else "",
        "unit": unit.upper(),
        "pihak_pertama": pertama,
        "pihak_kedua": kedua,
        **_lampiran(items),
    }


def perjanjian(
    workspace: Path, tahun: int, tanggal: dt.date, berlaku_mulai: int = 1
) -> HasilPerjanjian:
    """Write the office's PK and each unit's PK of the version in force from `berlaku_mulai`
    (1: the original PK), dated `tanggal` (the signing date, never the clock)."""
    from pipeline.documents.render import render_docx, template_path
    from pipeline.inputs.perjanjian import load_perjanjian, versi_perjanjian
    from pipeline.store.ooxml import write_all_atomic

    ws = Workspace(workspace)
    config = load_config(workspace)
    path = ws.perjanjian_path(tahun)
    versions = versi_perjanjian(path)
    if berlaku_mulai not in versions:
        shown = ", ".join(f"TW {ROMAWI[v]}" for v in versions)
        raise BerkasError(
            f"{path}: tidak ada Perjanjian Kinerja yang berlaku mulai TW {ROMAWI[berlaku_mulai]} "
            f"(kolom Berlaku Mulai TW); versi yang ada: {shown}"
        )
    items = load_perjanjian(path, berlaku_mulai)
    template = template_path(workspace, TEMPLATE)
    kecamatan = ctx.pejabat(config.camat)
    bupati = ctx.pejabat(config.bupati, _bupati_jabatan(config))
    suffix = f"{tahun}-perubahan-tw{berlaku_mulai}" if berlaku_mulai > 1 else str(tahun)
    out = folder(workspace, tahun)
    documents = {
        out / f"perjanjian-kinerja-{suffix}.docx": _context(
            config, tahun, berlaku_mulai, tanggal, kecamatan, bupati, config.instansi.nama, items
        )
    }
    for unit in dict.fromkeys(i.unit for i in items):
        head: Pejabat | None = found.kepala if (found := config.unit(unit)) else None
        pertama = ctx.pejabat(head, f"Kepala {unit}")
        own = [i for i in items if i.unit == unit]
        documents[out / f"perjanjian-kinerja-{suffix}-{slug(unit)}.docx"] = _context(
            config, tahun, berlaku_mulai, tanggal, pertama, kecamatan, unit, own
        )
    files = {
        target: render_docx(template, context, tanggal, config.tampilan)
        for target, context in documents.items()
    }
    return HasilPerjanjian(berlaku_mulai, write_all_atomic(files))
