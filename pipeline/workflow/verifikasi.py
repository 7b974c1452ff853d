"""Stage `verifikasi`: the checks the Sekretaris makes, the Lembar Verifikasi, and the record of
an accepted verification (verifikasi.json), tied to the exact data verified by its hash."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Sequence
from dataclasses import asdict, dataclass, replace
from decimal import Decimal
from pathlib import Path
from typing import Any

from pipeline.documents import context as ctx
from pipeline.documents.render import render_docx, template_path
from pipeline.domain import formatting, jadwal
from pipeline.domain.errors import KinerjaError, Refusal
from pipeline.domain.model import DEFAULT_BATAS_CAPAIAN, Pengukuran
from pipeline.domain.names import normalise, persen_satuan, slug
from pipeline.domain.periode import Periode
from pipeline.inputs.config import Config, load_config
from pipeline.store import dataset, rekaman
from pipeline.store.ooxml import write_all_atomic
from pipeline.store.revisions import sidik_data
from pipeline.store.workspace import Workspace

RECORD = "verifikasi.json"
TEMUAN_TERAKHIR = "temuan-verifikasi.json"  # the findings of the last check, to see what was fixed
BATAS_ATAS = Decimal(120)
BATAS_BAWAH = Decimal(50)
HARUS = "harus diselesaikan"
DITERIMA = "diterima dengan catatan"
DIPERBAIKI = "sudah diperbaiki"
SERAPAN_NAMES = ("serapan anggaran", "penyerapan anggaran", "realisasi anggaran")
# rounding of the two figures may differ in the last decimal; more than this is a disagreement
SERAPAN_TOLERANSI = Decimal("0.05")


@dataclass(frozen=True)
class Temuan:
    """One finding of the verification. `jenis` names the check, so that a finding of an earlier
    check that no longer occurs can be shown as fixed."""

    unit: str
    indikator: str
    uraian: str
    memblokir: bool
    jenis: str = ""
    status: str = ""

    @property
    def kunci(self) -> tuple[str, str, str]:
        return (self.unit, self.indikator, self.jenis)


@dataclass(frozen=True)
class Kelengkapan:
    """One line of the completeness checklist: what was checked, and whether it holds."""

    uraian: str
    terpenuhi: bool | None  # None: does not apply
    keterangan: str = ""

    @property
    def hasil(self) -> str:
        return {True: "Ya", False: "Tidak", None: "Tidak berlaku"}[self.terpenuhi]


@dataclass(frozen=True)
class HasilVerifikasi:
    temuan: list[Temuan]
    disetujui: bool
    lembar: Path
    sidik: str
    tanggal: dt.date


def is_serapan(p: Pengukuran) -> bool:
    """Whether an indicator measures budget absorption (compared with the finance report)."""
    name = normalise(p.indikator.nama)
    return persen_satuan(p.indikator.satuan) and any(n in name for n in SERAPAN_NAMES)


def periksa(
    data: Sequence[Pengukuran],
    batas: Decimal = DEFAULT_BATAS_CAPAIAN,
    serapan: Decimal | None = None,
) -> list[Temuan]:
    """Every finding, in the order of the data; unit-wide findings once per unit. `serapan` is
    the budget absorption of the quarter's Laporan Realisasi Keuangan, when there is one."""
    found: list[Temuan] = []
    missing_units: set[str] = set()
    for p in data:
        i = p.indikator
        if not p.dilaporkan:
            if i.unit not in missing_units:
                missing_units.add(i.unit)
                found.append(
                    Temuan(
                        i.unit,
                        "(semua indikator unit)",
                        "unit belum menyampaikan formulir",
                        True,
                        "belum-melapor",
                    )
                )
            continue
        found.extend(_periksa_indikator(p, batas, serapan))
    return found


def _periksa_indikator(p: Pengukuran, batas: Decimal, serapan: Decimal | None) -> list[Temuan]:
    i = p.indikator
    out: list[Temuan] = []

    def temuan(uraian: str, memblokir: bool, jenis: str) -> None:
        out.append(Temuan(i.unit, i.nama, uraian, memblokir, jenis))

    if p.realisasi is None:
        temuan("realisasi kosong", True, "realisasi-kosong")
        return out
    shown_real = formatting.angka(p.realisasi)
    if persen_satuan(i.satuan) and p.realisasi > 100:
        temuan(f"realisasi {shown_real}% melebihi 100% untuk satuan persen", True, "persen")
    if serapan is not None and is_serapan(p) and abs(p.realisasi - serapan) > SERAPAN_TOLERANSI:
        temuan(
            f"realisasi {shown_real}% berbeda dengan serapan anggaran pada Laporan Realisasi "
            f"Keuangan ({formatting.persen(serapan)}%); samakan angkanya atau jelaskan "
            "perbedaannya",
            True,
            "serapan",
        )
    if not p.target:
        temuan("target triwulan 0; capaian tidak dihitung", False, "target-nol")
        return out
    capaian = p.capaian
    assert capaian is not None
    shown = formatting.persen(capaian)
    explained = bool(p.keterangan.strip())
    if capaian > BATAS_ATAS:
        temuan(
            f"capaian {shown}% di atas 120%; periksa target dan realisasi"
            + ("" if explained else ", lalu beri keterangan"),
            not explained,
            "di-atas-120",
        )
    elif capaian > batas and not explained:
        temuan(
            f"capaian {shown}% di atas batas {formatting.angka(batas)}% tanpa keterangan "
            "penyebabnya",
            True,
            "di-atas-batas",
        )
    elif capaian < BATAS_BAWAH:
        temuan(
            f"capaian {shown}% di bawah 50%" + ("" if explained else " dan tanpa keterangan"),
            not explained,
            "di-bawah-50",
        )
    elif capaian < 100 and not explained:
        temuan(f"capaian {shown}% di bawah target tanpa keterangan", True, "di-bawah-target")
    return out


def periksa_bukti(
    data: Sequence[Pengukuran], bukti: dict[tuple[str, str], list[str]], ada: bool
) -> list[Temuan]:
    """A finding for every reported indicator without evidence, once the quarter keeps a bukti/
    folder (an office that does not collect evidence yet is not flooded with findings). It must
    be resolved, or accepted by the Sekretaris with a note, like any blocking finding."""
    if not ada:
        return []
    return [
        Temuan(
            p.indikator.unit,
            p.indikator.nama,
            f"bukti dukung tidak ada; simpan berkasnya di bukti/{slug(p.indikator.unit)}/ atau "
            "sebut namanya di kolom Bukti Dukung formulir",
            True,
            "bukti-dukung",
        )
        for p in data
        if p.dilaporkan
        and p.realisasi is not None
        and not bukti.get((p.indikator.unit, p.indikator.nama))
    ]


def bukti_data(ws: Workspace, periode: Periode) -> tuple[dict[tuple[str, str], list[str]], bool]:
    """The evidence of each indicator as merged by `himpun`, and whether the quarter keeps a
    bukti/ folder at all."""
    from pipeline.inputs.bukti import FOLDER, pisah

    tambahan = dataset.read_tambahan(ws.data_kinerja(periode))
    bukti = {key: pisah(values[-1]) for key, values in tambahan.items() if pisah(values[-1])}
    return bukti, bool(bukti) or (ws.returns_dir(periode) / FOLDER).is_dir()


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


def beri_status(
    temuan: Sequence[Temuan], diterima: bool, sebelumnya: Sequence[Temuan] = ()
) -> list[Temuan]:
    """Each finding with its status: to be resolved, accepted with a note (the unit's
    Keterangan, or the Sekretaris's catatan when `diterima`), or fixed since the last check."""
    now = {t.kunci for t in temuan}
    out = [replace(t, status=HARUS if t.memblokir and not diterima else DITERIMA) for t in temuan]
    out += [
        replace(t, memblokir=False, status=DIPERBAIKI)
        for t in sebelumnya
        if t.kunci not in now and t.status != DIPERBAIKI
    ]
    return out


def kelengkapan(
    data: Sequence[Pengukuran],
    batas: Decimal,
    keuangan_ada: bool,
    serapan: Decimal | None,
    bukti: dict[tuple[str, str], list[str]] | None = None,
) -> list[Kelengkapan]:
    """The completeness checklist of the Lembar Verifikasi (the evidence line when `bukti` is
    given: the quarter keeps a bukti/ folder)."""
    units = list(dict.fromkeys(p.indikator.unit for p in data))
    missing = list(dict.fromkeys(p.indikator.unit for p in data if not p.dilaporkan))
    empty = [p for p in data if p.dilaporkan and p.realisasi is None]
    needing = [p for p in data if p.capaian is not None and (p.capaian < 100 or p.capaian > batas)]
    unexplained = [p for p in needing if not p.keterangan.strip()]
    serapan_rows = [p for p in data if is_serapan(p) and p.realisasi is not None]
    serapan_ok: bool | None = None
    if serapan_rows and serapan is not None:
        serapan_ok = all(abs(p.realisasi - serapan) <= SERAPAN_TOLERANSI for p in serapan_rows)  # type: ignore[operator]
    return [
        Kelengkapan(
            "Semua unit kerja telah menyampaikan formulir",
            not missing,
            f"{len(units) - len(missing)} dari {len(units)} unit"
            + (f"; belum: {', '.join(missing)}" if missing else ""),
        ),
        Kelengkapan(
            "Realisasi setiap indikator telah diisi",
            not empty,
            f"{len(empty)} indikator kosong" if empty else f"{len(data)} indikator",
        ),
        Kelengkapan(
            f"Setiap capaian di bawah 100% atau di atas {formatting.angka(batas)}% diberi "
            "keterangan",
            not unexplained if needing else None,
            f"{len(needing) - len(unexplained)} dari {len(needing)} diberi keterangan"
            if needing
            else "tidak ada",
        ),
        Kelengkapan(
            "Laporan Realisasi Keuangan triwulan ini tersedia",
            keuangan_ada,
            "" if keuangan_ada else "simpan realisasi-keuangan.xlsx di folder formulir",
        ),
        Kelengkapan(
            "Indikator serapan anggaran sesuai Laporan Realisasi Keuangan",
            serapan_ok,
            f"serapan {formatting.persen(serapan)}%" if serapan_ok is not None else "",
        ),
        *([_kelengkapan_bukti(data, bukti)] if bukti is not None else []),
    ]


def _kelengkapan_bukti(
    data: Sequence[Pengukuran], bukti: dict[tuple[str, str], list[str]]
) -> Kelengkapan:
    reported = [p for p in data if p.dilaporkan and p.realisasi is not None]
    lacking = [p for p in reported if not bukti.get((p.indikator.unit, p.indikator.nama))]
    return Kelengkapan(
        "Bukti dukung setiap indikator yang dilaporkan tersedia",
        not lacking if reported else None,
        f"{len(reported) - len(lacking)} dari {len(reported)} indikator"
        + (f"; belum: {', '.join(p.indikator.nama for p in lacking)}" if lacking else ""),
    )


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
        raise KinerjaError(
            f"{config.path}: bagian [pejabat.sekretaris] belum diisi; Sekretaris menandatangani "
            "Lembar Verifikasi"
        )
    context = ctx.common(config, periode, tanggal, draft, f"Lembar Verifikasi {periode.kode}")
    open_ = [t for t in temuan if t.status == HARUS]
    context |= {
        "berkas_data": f"data-kinerja-{periode.tahun}-{periode.kode}.csv",
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


def serapan_keuangan(ws: Workspace, periode: Periode) -> tuple[bool, Decimal | None]:
    """Whether the quarter has a Laporan Realisasi Keuangan, and its overall absorption."""
    from pipeline.documents.triwulan import load_optional_keuangan
    from pipeline.inputs.keuangan import total

    rows = load_optional_keuangan(ws, periode)
    return bool(rows), (total(rows).serapan if rows else None)


def _sebelumnya(ws: Workspace, periode: Periode) -> list[Temuan]:
    path = ws.outputs(periode) / TEMUAN_TERAKHIR
    try:
        return [Temuan(**item) for item in json.loads(path.read_text(encoding="utf-8"))]
    except (OSError, ValueError, TypeError):
        return []


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
    if not setujui:
        when, _ = rekaman.tanggal_langkah(
            periode, returns_dir, "verifikasi", tanggal, hari_ini=hari_ini
        )
        return when
    when = rekaman.tanggal_tanda_tangan(periode, returns_dir, "verifikasi", tanggal, paksa)
    drafts = rekaman.baca(returns_dir).get("olah")
    if drafts is not None:
        jadwal.tidak_sebelum(when, drafts.tanggal, "verifikasi", "tanggal draft dokumen")
    revs = revisions(ws, periode)
    if revs:
        manifest = read_manifest(revs[max(revs)])
        if manifest["data_sha256"] != sidik:
            approved = dt.date.fromisoformat(manifest["disahkan"]["tanggal"])
            jadwal.tidak_sebelum(when, approved, "verifikasi", f"pengesahan rev-{max(revs)}")
    return when


def temuan_json(temuan: Sequence[Temuan]) -> bytes:
    text = json.dumps([asdict(t) for t in temuan], ensure_ascii=False, indent=2, sort_keys=True)
    return (text + "\n").encode("utf-8")


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
    refused = setujui and bool(blocking) and not (catatan and catatan.strip())
    disetujui = setujui and not refused
    temuan = beri_status(found, disetujui, _sebelumnya(ws, periode))
    lembar = (
        ws.outputs(periode) / "draft" / f"lembar-verifikasi-{periode.tahun}-{periode.kode}.docx"
    )
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
        ws.outputs(periode) / TEMUAN_TERAKHIR: temuan_json(temuan),
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
        files[ws.outputs(periode) / RECORD] = text.encode("utf-8")
    write_all_atomic(files)
    if refused:  # the Lembar Verifikasi showing why stays written
        raise Refusal(
            f"verifikasi tidak dapat disetujui: ada {len(blocking)} temuan yang harus "
            f"diselesaikan (lihat {lembar.name}); perbaiki formulirnya lalu jalankan "
            "'kinerja proses' lagi, atau jelaskan mengapa temuan itu diterima dengan "
            '--catatan "..."'
        )
    return HasilVerifikasi(temuan, disetujui, lembar, sidik, tanggal)
