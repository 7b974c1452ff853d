"""Stage `verifikasi`: the checks the Sekretaris makes, the Lembar Verifikasi, and the record of
an accepted verification (verifikasi.json), tied to the exact data verified by its hash."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

from pipeline import context as ctx
from pipeline import dataset, formatting
from pipeline.config import Config, load_config
from pipeline.errors import KinerjaError, Refusal
from pipeline.model import Pengukuran
from pipeline.ooxml import write_atomic
from pipeline.periode import Periode
from pipeline.render import render_docx, template_path
from pipeline.workspace import Workspace

RECORD = "verifikasi.json"
BATAS_ATAS = Decimal(120)
BATAS_BAWAH = Decimal(50)
MEMBLOKIR = "Harus diselesaikan"
PERHATIAN = "Perhatian"


@dataclass(frozen=True)
class Temuan:
    """One finding of the verification."""

    unit: str
    indikator: str
    uraian: str
    memblokir: bool

    @property
    def sifat(self) -> str:
        return MEMBLOKIR if self.memblokir else PERHATIAN


@dataclass(frozen=True)
class HasilVerifikasi:
    temuan: list[Temuan]
    disetujui: bool
    lembar: Path
    sidik: str


def sidik_data(path: Path) -> str:
    """The sha256 of the merged data file: what a verification and an approval refer to."""
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _persen_satuan(satuan: str) -> bool:
    return satuan.strip().lower() in ("%", "persen", "persentase")


def periksa(data: Sequence[Pengukuran]) -> list[Temuan]:
    """Every finding, in the order of the data; unit-wide findings once per unit."""
    found: list[Temuan] = []
    missing_units: set[str] = set()
    for p in data:
        i = p.indikator
        if not p.dilaporkan:
            if i.unit not in missing_units:
                missing_units.add(i.unit)
                found.append(
                    Temuan(
                        i.unit, "(semua indikator unit)", "unit belum menyampaikan formulir", True
                    )
                )
            continue
        if p.realisasi is None:
            found.append(Temuan(i.unit, i.nama, "realisasi kosong", True))
            continue
        if _persen_satuan(i.satuan) and p.realisasi > 100:
            found.append(
                Temuan(
                    i.unit,
                    i.nama,
                    f"realisasi {formatting.angka(p.realisasi)}% melebihi 100% untuk satuan persen",
                    True,
                )
            )
        if not p.target:
            found.append(Temuan(i.unit, i.nama, "target triwulan 0; capaian tidak dihitung", False))
            continue
        capaian = p.capaian
        assert capaian is not None
        shown = formatting.persen(capaian)
        explained = bool(p.keterangan.strip())
        if capaian > BATAS_ATAS:
            found.append(
                Temuan(
                    i.unit,
                    i.nama,
                    f"capaian {shown}% di atas 120%; periksa target dan realisasi"
                    + ("" if explained else ", lalu beri keterangan"),
                    not explained,
                )
            )
        elif capaian < BATAS_BAWAH:
            found.append(
                Temuan(
                    i.unit,
                    i.nama,
                    f"capaian {shown}% di bawah 50%"
                    + ("" if explained else " dan tanpa keterangan"),
                    not explained,
                )
            )
        elif capaian < 100 and not explained:
            found.append(
                Temuan(i.unit, i.nama, f"capaian {shown}% di bawah target tanpa keterangan", True)
            )
    return found


def render_lembar(
    ws: Workspace,
    config: Config,
    periode: Periode,
    temuan: Sequence[Temuan],
    sidik: str,
    jumlah: int,
    catatan: str,
    disetujui: bool,
    tanggal: dt.date,
    draft: bool,
) -> bytes:
    """The Lembar Verifikasi, signed by the Sekretaris."""
    if config.sekretaris is None:
        raise KinerjaError(
            f"{config.path}: bagian [pejabat.sekretaris] belum diisi; Sekretaris menandatangani "
            "Lembar Verifikasi"
        )
    context = ctx.common(config, periode, tanggal, draft, f"Lembar Verifikasi {periode.kode}")
    context |= {
        "berkas_data": f"data-kinerja-{periode.tahun}-{periode.kode}.csv",
        "sidik": sidik,
        "jumlah_indikator": jumlah,
        "jumlah_temuan": len(temuan),
        "jumlah_memblokir": sum(t.memblokir for t in temuan),
        "temuan": [
            {
                "unit": t.unit,
                "indikator": ctx.teks(t.indikator),
                "uraian": t.uraian,
                "sifat": t.sifat,
            }
            for t in temuan
        ],
        "catatan_verifikasi": ctx.teks(catatan) if catatan else "-",
        "hasil": "DISETUJUI untuk diajukan kepada Camat" if disetujui else "BELUM DISETUJUI",
        "sekretaris": ctx.pejabat(config.sekretaris),
    }
    return render_docx(
        template_path(ws.root, "lembar-verifikasi.docx"), context, tanggal, config.tampilan
    )


def read_record(ws: Workspace, periode: Periode) -> dict[str, Any] | None:
    path = ws.outputs(periode) / RECORD
    if not path.is_file():
        return None
    try:
        record = json.loads(path.read_text(encoding="utf-8"))
    except (ValueError, OSError):
        record = None
    if not isinstance(record, dict) or not isinstance(record.get("data_sha256"), str):
        raise KinerjaError(
            f"{path}: rusak dan tidak dapat dibaca; jalankan 'kinerja verifikasi --setujui' lagi"
        )
    return record


def verifikasi(
    workspace: Path,
    periode: Periode,
    sekarang: dt.datetime,
    setujui: bool,
    catatan: str | None,
    tanggal: dt.date | None = None,
) -> HasilVerifikasi:
    """Check the merged data, write the Lembar Verifikasi; with `setujui`, record the approval."""
    ws = Workspace(workspace)
    config = load_config(workspace)
    data_path = ws.data_kinerja(periode)
    data = dataset.read(data_path)
    sidik = sidik_data(data_path)
    temuan = periksa(data)
    blocking = [t for t in temuan if t.memblokir]
    refused = setujui and bool(blocking) and not (catatan and catatan.strip())
    disetujui = setujui and not refused
    lembar = (
        ws.outputs(periode) / "draft" / f"lembar-verifikasi-{periode.tahun}-{periode.kode}.docx"
    )
    write_atomic(
        lembar,
        render_lembar(
            ws,
            config,
            periode,
            temuan,
            sidik,
            len(data),
            catatan or "",
            disetujui,
            tanggal or sekarang.date(),
            draft=True,
        ),
    )
    if refused:
        raise Refusal(
            f"verifikasi tidak dapat disetujui: ada {len(blocking)} temuan yang harus "
            f"diselesaikan (lihat {lembar.name}); perbaiki formulirnya lalu jalankan "
            "'kinerja proses' lagi, atau jelaskan mengapa temuan itu diterima dengan "
            '--catatan "..."'
        )
    if disetujui:
        sekretaris = config.sekretaris
        assert sekretaris is not None  # render_lembar checked
        record = {
            "data_sha256": sidik,
            "diverifikasi_oleh": {
                "nama": sekretaris.nama,
                "nip": sekretaris.nip,
                "jabatan": sekretaris.jabatan,
            },
            "waktu": sekarang.isoformat(timespec="seconds"),
            "tanggal": (tanggal or sekarang.date()).isoformat(),
            "catatan": catatan or "",
            "temuan": [asdict(t) for t in temuan],
        }
        text = json.dumps(record, ensure_ascii=False, indent=2, sort_keys=True) + "\n"
        write_atomic(ws.outputs(periode) / RECORD, text.encode("utf-8"))
    return HasilVerifikasi(temuan, disetujui, lembar, sidik)
