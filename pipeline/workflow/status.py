"""`kinerja status`: where the quarter stands in both SOPs, step by step, against Mutu Baku."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from pipeline.domain import jadwal
from pipeline.domain.periode import Periode
from pipeline.inputs.sop import Kegiatan, Sop, load_sops, parse_waktu
from pipeline.store import kalender, rekaman, riwayat
from pipeline.store.revisions import revisions
from pipeline.store.workspace import Workspace

BELUM_DICATAT = "tanggal belum dicatat"


@dataclass(frozen=True)
class LangkahStatus:
    """One SOP step: whether it was done, when and by whom as recorded, against Mutu Baku."""

    kegiatan: Kegiatan
    selesai: bool
    tercatat: jadwal.Tercatat | None
    mutu_baku: str  # the comparison with Mutu Baku waktu, in words; "" when not measurable


@dataclass(frozen=True)
class StatusTriwulan:
    periode: Periode
    sop: list[tuple[Sop, list[LangkahStatus]]]
    sudah: list[str]
    belum: list[str]
    dihimpun: bool
    revisi: int | None
    terakhir: dt.date | None  # the latest recorded activity of the quarter


def banding_mutu_baku(waktu: str, awal: jadwal.Tercatat, akhir: jadwal.Tercatat) -> str:
    """How long a step took after the step before it, against its Mutu Baku: working days for
    a Mutu Baku in days, hours and minutes when both times are recorded on the same day."""
    batas = parse_waktu(waktu)
    if batas is None:
        return ""
    days = kalender.selisih_hari_kerja(awal.tanggal, akhir.tanggal)
    if batas >= dt.timedelta(days=1):
        allowed = batas.days
        verdict = "sesuai" if days <= allowed else "melebihi"
        return f"{days} hari kerja, {verdict} Mutu Baku {waktu}"
    if days > 0:
        return f"{days} hari kerja, melebihi Mutu Baku {waktu}"
    if awal.jam is None or akhir.jam is None or awal.tanggal != akhir.tanggal:
        return "pada hari yang sama (jam tidak dicatat)"
    start = dt.datetime.combine(awal.tanggal, awal.jam)
    took = dt.datetime.combine(akhir.tanggal, akhir.jam) - start
    verdict = "sesuai" if took <= batas else "melebihi"
    return f"{lama_teks(took)}, {verdict} Mutu Baku {waktu}"


def lama_teks(value: dt.timedelta) -> str:
    """A duration in words: `1 hari 2 jam 5 menit`."""
    minutes = int(value.total_seconds() // 60)
    if minutes < 1:
        return "kurang dari 1 menit"
    days, rest = divmod(minutes, 24 * 60)
    hours, mins = divmod(rest, 60)
    parts = [f"{n} {unit}" for n, unit in ((days, "hari"), (hours, "jam"), (mins, "menit")) if n]
    return " ".join(parts)


def _tercatat(langkah: str, recorded: dict[str, jadwal.Tercatat]) -> jadwal.Tercatat | None:
    """A step's record; a step made of two (`ekspor+arsip`) is dated by the later one."""
    parts = [recorded.get(name) for name in langkah.split("+")]
    if not parts or any(p is None for p in parts):
        return None
    return max((p for p in parts if p is not None), key=lambda p: (p.tanggal, p.jam or dt.time()))


def _steps(sop: Sop, recorded: dict[str, jadwal.Tercatat], done: set[str]) -> list[LangkahStatus]:
    out: list[LangkahStatus] = []
    previous: jadwal.Tercatat | None = None
    for kegiatan in sop.kegiatan:
        when = _tercatat(kegiatan.langkah, recorded)
        # a step is done when kinerja did it or when the office recorded it
        selesai = all(name in done or name in recorded for name in kegiatan.langkah.split("+"))
        mutu = ""
        if when is not None and previous is not None:
            mutu = banding_mutu_baku(kegiatan.waktu, previous, when)
        out.append(LangkahStatus(kegiatan, selesai, when, mutu))
        if when is not None:
            previous = when
    return out


def status(workspace: Path, periode: Periode) -> StatusTriwulan:
    """The quarter's progress through every SOP of the workspace."""
    from pipeline.store.penyampaian import unit_melapor

    ws = Workspace(workspace)
    recorded = rekaman.baca(ws.returns_dir(periode))
    done = set(riwayat.baca(workspace, periode))  # the steps kinerja ran
    returns_dir = ws.returns_dir(periode)
    if returns_dir.is_dir() and any(
        p.is_file() and not p.name.startswith(("~$", ".")) and not jadwal.is_record(p)
        for p in returns_dir.iterdir()
    ):
        done.add("sampaikan")  # forms came back, so they were sent
    data_path = ws.data_kinerja(periode)
    sudah, belum = unit_melapor(data_path) if data_path.is_file() else ([], [])
    revs = revisions(ws, periode)
    return StatusTriwulan(
        periode,
        [(sop, _steps(sop, recorded, done)) for sop in load_sops(workspace)],
        sudah,
        belum,
        data_path.is_file(),
        max(revs) if revs else None,
        max((r.tanggal for r in recorded.values()), default=None),
    )


def keterangan(step: LangkahStatus) -> str:
    """What the Keterangan column says about a step."""
    if not step.selesai:
        return "belum"
    if step.tercatat is None:
        return f"selesai; {BELUM_DICATAT}"
    text = f"selesai {step.tercatat.teks}"
    return f"{text}; {step.mutu_baku}" if step.mutu_baku else text


def render_lembar_kendali(workspace: Path, st: StatusTriwulan, tanggal: dt.date) -> bytes:
    """The Lembar Kendali SOP: the seed's SOP tables with the actual progress filled in."""
    from pipeline.documents import context as ctx
    from pipeline.documents.render import render_docx, template_path
    from pipeline.inputs.config import load_config

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
