"""`kinerja status`: where the quarter stands in both SOPs, step by step, against Mutu Baku."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pipeline import formatting, riwayat
from pipeline.periode import Periode
from pipeline.revisions import revisions
from pipeline.sop import Kegiatan, Sop, load_sops
from pipeline.workspace import Workspace

DI_LUAR = "dilakukan di luar aplikasi"


@dataclass(frozen=True)
class LangkahStatus:
    """One SOP step and whether, when and how fast it was done."""

    kegiatan: Kegiatan
    selesai: bool
    kapan: dt.datetime | None
    lama: dt.timedelta | None
    catatan: str

    @property
    def tepat_waktu(self) -> bool | None:
        batas = self.kegiatan.batas_waktu
        if self.lama is None or batas is None:
            return None
        return self.lama <= batas


@dataclass(frozen=True)
class StatusTriwulan:
    periode: Periode
    sop: list[tuple[Sop, list[LangkahStatus]]]
    sudah: list[str]
    belum: list[str]
    dihimpun: bool
    revisi: int | None


def lama_teks(value: dt.timedelta) -> str:
    """A duration in words: `1 hari 2 jam 5 menit`."""
    minutes = int(value.total_seconds() // 60)
    if minutes < 1:
        return "kurang dari 1 menit"
    days, rest = divmod(minutes, 24 * 60)
    hours, mins = divmod(rest, 60)
    parts = [f"{n} {unit}" for n, unit in ((days, "hari"), (hours, "jam"), (mins, "menit")) if n]
    return " ".join(parts)


def _done_at(langkah: str, events: dict[str, dict[str, Any]]) -> dt.datetime | None:
    times = [riwayat.waktu(events, name) for name in langkah.split("+")]
    if not times or any(t is None for t in times):
        return None
    return max(t for t in times if t is not None)


def _steps(sop: Sop, events: dict[str, dict[str, Any]], returns: bool) -> list[LangkahStatus]:
    out: list[LangkahStatus] = []
    previous: dt.datetime | None = None
    any_event = bool(events)
    for kegiatan in sop.kegiatan:
        if kegiatan.langkah == "perintah":
            out.append(LangkahStatus(kegiatan, any_event, None, None, DI_LUAR))
            continue
        if kegiatan.langkah == "sampaikan":
            out.append(LangkahStatus(kegiatan, returns, None, None, DI_LUAR))
            continue
        when = _done_at(kegiatan.langkah, events)
        lama = when - previous if when and previous and when >= previous else None
        out.append(LangkahStatus(kegiatan, when is not None, when, lama, ""))
        if when is not None:
            previous = when
    return out


def status(workspace: Path, periode: Periode) -> StatusTriwulan:
    """The quarter's progress through every SOP of the workspace."""
    from pipeline import dataset

    ws = Workspace(workspace)
    events = riwayat.baca(workspace, periode)
    returns_dir = ws.returns_dir(periode)
    returns = returns_dir.is_dir() and any(
        p.is_file() and not p.name.startswith(("~$", ".")) for p in returns_dir.iterdir()
    )
    sudah: list[str] = []
    belum: list[str] = []
    data_path = ws.data_kinerja(periode)
    if data_path.is_file():
        for p in dataset.read(data_path):
            target = sudah if p.dilaporkan else belum
            if p.indikator.unit not in target:
                target.append(p.indikator.unit)
    revs = revisions(ws, periode)
    return StatusTriwulan(
        periode,
        [(sop, _steps(sop, events, returns)) for sop in load_sops(workspace)],
        sudah,
        belum,
        data_path.is_file(),
        max(revs) if revs else None,
    )


def keterangan(step: LangkahStatus) -> str:
    """What the Keterangan column says about a step."""
    if not step.selesai:
        return "belum"
    if step.catatan:
        return f"selesai ({step.catatan})"
    assert step.kapan is not None
    text = f"selesai {formatting.waktu(step.kapan)}"
    if step.lama is not None:
        verdict = "sesuai Mutu Baku" if step.tepat_waktu else "melebihi Mutu Baku"
        if step.tepat_waktu is None:
            verdict = "Mutu Baku tidak terukur"
        text += f"; lama {lama_teks(step.lama)}, {verdict} {step.kegiatan.waktu}"
    return text


def render_lembar_kendali(workspace: Path, st: StatusTriwulan, tanggal: dt.date) -> bytes:
    """The Lembar Kendali SOP: the seed's SOP tables with the actual progress filled in."""
    from pipeline import context as ctx
    from pipeline.config import load_config
    from pipeline.render import render_docx, template_path

    config = load_config(workspace)
    context = ctx.common(
        config, st.periode, tanggal, False, f"Lembar Kendali SOP {st.periode.kode}"
    )
    context |= {
        "sop": [
            {
                "nama": sop.nama,
                "nomor": sop.nomor,
                "pelaksana": list(sop.pelaksana) + [""] * (4 - len(sop.pelaksana)),
                "kegiatan": [
                    {
                        "no": s.kegiatan.no,
                        "uraian": s.kegiatan.uraian,
                        "tanda": [
                            ("✓" if s.selesai else "○") if name in s.kegiatan.pelaksana else ""
                            for name in list(sop.pelaksana)[:4]
                        ],
                        "kelengkapan": s.kegiatan.kelengkapan,
                        "waktu": s.kegiatan.waktu,
                        "output": s.kegiatan.output,
                        "keterangan": keterangan(s),
                    }
                    for s in steps
                ],
            }
            for sop, steps in st.sop
        ],
        "belum_melapor": ", ".join(st.belum),
        "kasubbag": ctx.pejabat(
            config.kasubbag_perencanaan, "Kepala Subbagian Perencanaan dan Keuangan"
        ),
        "sekretaris": ctx.pejabat(config.sekretaris, "Sekretaris Kecamatan"),
    }
    return render_docx(
        template_path(workspace, "lembar-kendali-sop.docx"), context, tanggal, config.tampilan
    )
