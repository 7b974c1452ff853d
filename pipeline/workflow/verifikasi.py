"""Stage `verifikasi`: the checks the Sekretaris makes, the Lembar Verifikasi, and the record of
an accepted verification (verifikasi.json), tied to the exact data verified by its hash."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import asdict, dataclass
from pathlib import Path

from pipeline.documents.lembar_verifikasi import daftar_bukti, render_lembar
from pipeline.domain import jadwal
from pipeline.domain.errors import Refusal, UrutanError
from pipeline.domain.periode import Periode
from pipeline.domain.teks import bermakna
from pipeline.domain.temuan import Temuan, beri_status, kelengkapan, periksa, periksa_bukti
from pipeline.inputs.config import load_config
from pipeline.store import dataset, rekaman
from pipeline.store.catatan_verifikasi import (
    bukti_data,
    sebelumnya,
    temuan_json,
)
from pipeline.store.dataset import serapan_keuangan
from pipeline.store.ooxml import write_all_atomic
from pipeline.store.revisions import sidik_data
from pipeline.store.workspace import Workspace


@dataclass(frozen=True)
class HasilVerifikasi:
    temuan: list[Temuan]
    disetujui: bool
    lembar: Path
    sidik: str
    tanggal: dt.date


def _tanggal_verifikasi(
    ws: Workspace,
    periode: Periode,
    tanggal: dt.date | None,
    setujui: bool,
    sidik: str,
    hari_ini: dt.date,
    paksa: bool,
) -> dt.date:
    """The Sekretaris's date. An approval is signed: given or recorded, never the clock, not
    before the drafts it verifies nor before the revision it corrects. A check without approval
    is a draft and may carry today's date."""
    from pipeline.store.revisions import read_manifest, revisions

    returns_dir = ws.returns_dir(periode)
    drafts = rekaman.baca(returns_dir).get("olah")
    if not setujui:  # a check: the draft sheet takes the day, never one before the drafts
        when, _ = rekaman.tanggal_langkah(
            periode,
            returns_dir,
            "verifikasi",
            tanggal,
            hari_ini=hari_ini,
            paling_awal=drafts.tanggal if drafts else None,
        )
        return when
    when = rekaman.tanggal_tanda_tangan(periode, returns_dir, "verifikasi", tanggal, paksa)
    if drafts is not None:
        jadwal.tidak_sebelum(when, drafts.tanggal, "verifikasi", "tanggal draft dokumen")
    revs = revisions(ws, periode)
    if revs:
        manifest = read_manifest(revs[max(revs)])
        if manifest["data_sha256"] != sidik:
            approved = dt.date.fromisoformat(manifest["disahkan"]["tanggal"])
            jadwal.tidak_sebelum(when, approved, "verifikasi", f"pengesahan rev-{max(revs)}")
    return when


def verifikasi(
    workspace: Path,
    periode: Periode,
    *,
    setujui: bool,
    catatan: str | None,
    tanggal: dt.date | None,
    hari_ini: dt.date,
    paksa: bool = False,
) -> HasilVerifikasi:
    """Check the merged data, write the Lembar Verifikasi dated `tanggal` (the Sekretaris's
    date; when None, the date recorded for the step); with `setujui`, record the approval."""
    ws = Workspace(workspace)
    config = load_config(workspace)
    data_path = ws.data_kinerja(periode)
    data = dataset.read(data_path)
    sidik = sidik_data(data_path)
    tanggal = _tanggal_verifikasi(ws, periode, tanggal, setujui, sidik, hari_ini, paksa)
    keuangan_ada, serapan = serapan_keuangan(ws, periode)
    bukti, bukti_ada = bukti_data(ws, periode)
    found = periksa(data, config.batas_capaian, serapan) + periksa_bukti(data, bukti, bukti_ada)
    blocking = [t for t in found if t.memblokir]
    if catatan is not None and catatan.strip() and not bermakna(catatan):
        raise UrutanError(
            f"--catatan '{catatan.strip()}' tidak berisi keterangan; tulis alasan temuan itu "
            'diterima dengan kata-kata, mis. --catatan "Serapan sudah dicek dengan LRA"'
        )
    refused = setujui and bool(blocking) and not bermakna(catatan)
    disetujui = setujui and not refused
    temuan = beri_status(found, disetujui, sebelumnya(ws, periode))
    lembar = ws.lembar_verifikasi(periode)
    files = {
        lembar: render_lembar(
            ws,
            config,
            periode,
            temuan=temuan,
            daftar=kelengkapan(
                data, config.batas_capaian, keuangan_ada, serapan, bukti if bukti_ada else None
            ),
            sidik=sidik,
            jumlah=len(data),
            catatan=catatan or "",
            disetujui=disetujui,
            tanggal=tanggal,
            draft=True,
            bukti=daftar_bukti(data, bukti) if bukti_ada else (),
        ),
        ws.temuan_terakhir(periode): temuan_json(temuan),
    }
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
            "tanggal": tanggal.isoformat(),
            "catatan": catatan or "",
            "temuan": [asdict(t) for t in temuan],
        }
        text = json.dumps(record, ensure_ascii=False, indent=2, sort_keys=True) + "\n"
        files[ws.catatan_verifikasi(periode)] = text.encode("utf-8")
    write_all_atomic(files)
    if refused:  # the Lembar Verifikasi showing why stays written
        raise Refusal(
            f"verifikasi tidak dapat disetujui: ada {len(blocking)} temuan yang harus "
            f"diselesaikan (lihat {lembar.name}); perbaiki formulirnya lalu jalankan "
            "'kinerja proses' lagi, atau jelaskan mengapa temuan itu diterima dengan "
            '--catatan "alasan temuan itu diterima"'
        )
    return HasilVerifikasi(temuan, disetujui, lembar, sidik, tanggal)
