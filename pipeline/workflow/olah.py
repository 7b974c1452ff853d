"""Step `olah` (SOP 071/03 step 5): the drafts of the quarter from its merged data, dated as the
step's record says."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pipeline.documents import context as ctx
from pipeline.documents.chart import PelukisGrafik
from pipeline.documents.triwulan import (
    Hasil,
    aksi_unit,
    render_isian,
    render_laporan,
    render_pengukuran,
    tanggal_unit,
    versi_pk,
)
from pipeline.domain import jadwal
from pipeline.domain.model import Pengukuran
from pipeline.domain.names import slug
from pipeline.domain.periode import Periode
from pipeline.inputs.config import load_config
from pipeline.store import dataset, rekaman
from pipeline.store.dataset import load_optional_keuangan
from pipeline.store.ooxml import write_all_atomic
from pipeline.store.rekaman import tanggal_tanpa_tanda_tangan
from pipeline.store.riwayat import catat_riwayat
from pipeline.store.workspace import Workspace


def draft_dir(ws: Workspace, periode: Periode) -> Path:
    return ws.draft(periode)


def tulis_draft(
    workspace: Path,
    periode: Periode,
    tanggal: dt.date,
    pdf: bool = False,
    pelukis: PelukisGrafik | None = None,
) -> Hasil:
    """Write the drafts of the quarter from the merged data of `himpun` (the chart drawn by
    `pelukis` when given, see PelukisGrafik)."""
    ws = Workspace(workspace)
    config = load_config(workspace)
    data, notes = dataset.with_earlier_quarters(ws, periode, dataset.read(ws.data_kinerja(periode)))
    notes = [*versi_pk(ws, periode), *notes]
    tambahan = dataset.read_tambahan(ws.data_kinerja(periode))
    keuangan = load_optional_keuangan(ws, periode)
    folder = draft_dir(ws, periode)
    suffix = periode.stem
    title = f"Capaian Kinerja {periode.label}"
    ordered = ctx.urutan_sasaran(data)
    grafik = pelukis.gambar(ordered, title) if pelukis else None
    files = {
        folder / f"pengukuran-kinerja-{suffix}.docx": render_pengukuran(
            ws, config, periode, data, tanggal, catatan_lain=notes, keuangan=keuangan
        ),
    }
    units: dict[str, list[Pengukuran]] = {}
    for p in data:
        units.setdefault(p.indikator.unit, []).append(p)
    for unit, items in units.items():
        if not any(p.dilaporkan for p in items):
            continue
        path = folder / "format-isian-terisi" / f"format-isian-terisi-{slug(unit)}-{suffix}.docx"
        when = tanggal_unit(items) or tanggal
        aksi = aksi_unit(tambahan, items, periode.triwulan)
        files[path] = render_isian(ws, config, periode, unit, items, when, draft=True, aksi=aksi)
    files[folder / f"laporan-kinerja-{suffix}.docx"] = render_laporan(
        ws,
        config,
        periode,
        data,
        tanggal,
        catatan_lain=notes,
        keuangan=keuangan,
        grafik=grafik,
        aksi=aksi_unit(tambahan, data, periode.triwulan),
    )
    if pdf:
        from pipeline.documents.pdf import to_pdf

        converted = to_pdf({str(path): data for path, data in files.items()})
        files |= {Path(name): data for name, data in converted.items()}
    return Hasil(write_all_atomic(files), [*config.peringatan, *ctx.catatan(data), *notes])


@dataclass(frozen=True)
class HasilOlah:
    """The drafts written, the warnings to show, and the date the drafts carry."""

    files: list[Path]
    warnings: list[str]
    tanggal: dt.date


def olah(
    workspace: Path,
    periode: Periode,
    *,
    tanggal: dt.date | None,
    hari_ini: dt.date,
    pdf: bool = False,
    pelukis: Any = None,
) -> HasilOlah:
    """Write the quarter's drafts, dated `tanggal` (else the recorded date, else today when it
    can belong to the quarter), never before the collection they are made from."""
    from pipeline.documents.chart import PelukisGrafik

    dataset.pastikan_ada(Workspace(workspace).data_kinerja(periode))
    returns_dir = Workspace(workspace).returns_dir(periode)
    collected = rekaman.baca(returns_dir).get("himpun")
    earliest = collected.tanggal if collected else None
    if tanggal is not None:
        jadwal.tidak_sebelum(tanggal, earliest, "draft", "tanggal penghimpunan formulir")
    when = tanggal_tanpa_tanda_tangan(workspace, periode, "olah", tanggal, hari_ini, earliest)
    if pelukis is None:
        with PelukisGrafik() as own:
            hasil = tulis_draft(workspace, periode, when, pdf, own)
    else:
        hasil = tulis_draft(workspace, periode, when, pdf, pelukis)
    catat_riwayat(workspace, periode, "olah")
    return HasilOlah(hasil.files, hasil.warnings, when)
