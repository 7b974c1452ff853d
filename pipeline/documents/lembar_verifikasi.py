"""The Lembar Verifikasi: its context and rendering."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from pipeline.documents import context as ctx
from pipeline.documents.render import render_docx, template_path
from pipeline.domain.errors import ConfigError
from pipeline.domain.model import Pengukuran
from pipeline.domain.periode import Periode
from pipeline.domain.temuan import HARUS, Kelengkapan, Temuan
from pipeline.inputs.config import Config
from pipeline.store.workspace import Workspace


def daftar_bukti(
    data: Sequence[Pengukuran], bukti: dict[tuple[str, str], list[str]]
) -> list[dict[str, Any]]:
    """The Lembar Verifikasi's list of evidence: every reported indicator and its files."""
    return [
        {
            "unit": p.indikator.unit,
            "indikator": ctx.teks(p.indikator.nama),
            "berkas": ctx.teks("\n".join(bukti.get((p.indikator.unit, p.indikator.nama), [])))
            or "(tidak ada)",
        }
        for p in data
        if p.dilaporkan
    ]


def render_lembar(
    ws: Workspace,
    config: Config,
    periode: Periode,
    *,
    temuan: Sequence[Temuan],
    daftar: Sequence[Kelengkapan],
    sidik: str,
    jumlah: int,
    catatan: str,
    disetujui: bool,
    tanggal: dt.date,
    draft: bool,
    bukti: Sequence[dict[str, Any]] = (),
) -> bytes:
    """The Lembar Verifikasi, signed by the Sekretaris: findings with their status, the
    completeness checklist, the Sekretaris's note; the data's fingerprint in the footer."""
    if config.sekretaris is None:
        raise ConfigError(
            f"{config.path}: bagian [pejabat.sekretaris] belum diisi; Sekretaris menandatangani "
            "Lembar Verifikasi"
        )
    context = ctx.common(config, periode, tanggal, draft, f"Lembar Verifikasi {periode.kode}")
    open_ = [t for t in temuan if t.status == HARUS]
    context |= {
        "berkas_data": f"data-kinerja-{periode.stem}.csv",
        "sidik": sidik,
        "jumlah_indikator": jumlah,
        "jumlah_temuan": len(temuan),
        "jumlah_memblokir": len(open_),
        "temuan": [
            {
                "unit": t.unit,
                "indikator": ctx.teks(t.indikator),
                "uraian": t.uraian,
                "sifat": t.status,
                "status": t.status,
            }
            for t in temuan
        ],
        "kelengkapan": [
            {"uraian": k.uraian, "hasil": k.hasil, "keterangan": k.keterangan} for k in daftar
        ],
        "catatan_verifikasi": ctx.teks(catatan) if catatan else "-",
        "hasil": "DISETUJUI untuk diajukan kepada Camat" if disetujui else "BELUM DISETUJUI",
        "sekretaris": ctx.pejabat(config.sekretaris),
        "bukti_dukung": list(bukti),
    }
    return render_docx(
        template_path(ws.root, "lembar-verifikasi.docx"), context, tanggal, config.tampilan
    )
