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
from pipeline.inputs.config import load_config
from pipeline.store import rekaman, riwayat
from pipeline.store.workspace import Workspace

_ROLE_DEFAULT = {
    "kasubbag": "Kasubbag Perencanaan dan Keuangan",
    "sekretaris": "Sekretaris",
    "camat": "Camat",
}


def pelaksana(workspace: Path, role: str) -> str:
    """Who does a step, by the official's name from kinerja.toml, else by the role."""
    config = load_config(workspace)
    pejabat = {
        "kasubbag": config.kasubbag_perencanaan,
        "sekretaris": config.sekretaris,
        "camat": config.camat,
    }[role]
    return pejabat.nama if pejabat else _ROLE_DEFAULT[role]


def rekam(workspace: Path, periode: Periode, langkah: str, tanggal: dt.date, role: str) -> None:
    """Record the date of a step kinerja just did, and who does that step."""
    tercatat = jadwal.Tercatat(langkah, tanggal, None, pelaksana(workspace, role))
    rekaman.catat(Workspace(workspace).returns_dir(periode), tercatat)


def catat_riwayat(workspace: Path, periode: Periode, langkah: str, **detail: Any) -> None:
    """Log that kinerja ran a step (the command log; its times are never an activity's date)."""
    riwayat.catat(workspace, periode, langkah, dt.datetime.now(), **detail)


def tanggal_tanpa_tanda_tangan(
    workspace: Path,
    periode: Periode,
    langkah: str,
    diberikan: dt.date | None,
    hari_ini: dt.date,
    paling_awal: dt.date | None = None,
) -> dt.date:
    """The date of a step that signs nothing (see `rekaman.tanggal_langkah`), recorded when it
    was given or newly chosen."""
    returns_dir = Workspace(workspace).returns_dir(periode)
    when, record = rekaman.tanggal_langkah(
        periode, returns_dir, langkah, diberikan, paling_awal=paling_awal, hari_ini=hari_ini
    )
    if record:
        rekam(workspace, periode, langkah, when, "kasubbag")
    return when


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
