"""The quarter's collecting and drafting steps as one library call each, recording the step in
the quarter's history (riwayat.json) and its date in kegiatan.toml, so that the CLI and the batch
get the same files, history and dates from the same call."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pipeline.domain import jadwal
from pipeline.domain.periode import Periode
from pipeline.store import rekaman
from pipeline.store.rekaman import rekam, tanggal_tanpa_tanda_tangan
from pipeline.store.riwayat import catat_riwayat
from pipeline.store.workspace import Workspace


def himpun(workspace: Path, periode: Periode, tanggal: dt.date | None = None) -> Any:
    """Collect the quarter's returns (see `collect.himpun`), log it and record its date.
    Returns (Himpunan, files written)."""
    from pipeline.inputs.returns import himpun as collect

    himpunan, files = collect(workspace, periode, tanggal)
    if himpunan.tanggal_baru and himpunan.tanggal is not None:
        rekam(workspace, periode, "himpun", himpunan.tanggal, "kasubbag")
    catat_riwayat(
        workspace,
        periode,
        "himpun",
        unit_melapor=len(himpunan.returned),
        unit_belum=len(himpunan.missing),
    )
    return himpunan, files


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
    from pipeline.documents.triwulan import olah as render

    returns_dir = Workspace(workspace).returns_dir(periode)
    collected = rekaman.baca(returns_dir).get("himpun")
    earliest = collected.tanggal if collected else None
    if tanggal is not None:
        jadwal.tidak_sebelum(tanggal, earliest, "draft", "tanggal penghimpunan formulir")
    when = tanggal_tanpa_tanda_tangan(workspace, periode, "olah", tanggal, hari_ini, earliest)
    if pelukis is None:
        with PelukisGrafik() as own:
            hasil = render(workspace, periode, when, pdf, own)
    else:
        hasil = render(workspace, periode, when, pdf, pelukis)
    catat_riwayat(workspace, periode, "olah")
    return HasilOlah(hasil.files, hasil.warnings, when)
