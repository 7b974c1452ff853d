"""Stage `sahkan`: the approved documents of a quarter, as a new revision that is never changed.

Each approval writes outputs/<tahun>/TW<n>/rev-<k>/ (k = 1, 2, …) through a temporary folder and
one rename, with a manifest.json of every input and output hash. A later correction makes rev-<k+1>
with its Daftar Perubahan; rev-<k> stays byte for byte as it was.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pipeline import __version__
from pipeline.documents.lembar_verifikasi import daftar_bukti, render_lembar
from pipeline.documents.triwulan import (
    aksi_unit,
    render_isian,
    render_laporan,
    render_pengukuran,
    tanggal_unit,
)
from pipeline.domain import jadwal
from pipeline.domain.errors import UrutanError
from pipeline.domain.model import Pengukuran
from pipeline.domain.names import slug
from pipeline.domain.periode import Periode
from pipeline.domain.revisi import Perubahan, Revisi, daftar_perubahan
from pipeline.domain.teks import bermakna
from pipeline.domain.temuan import Temuan, kelengkapan
from pipeline.inputs.bukti import BATAS_BERKAS, FOLDER, baca_bukti, sha256_berkas
from pipeline.inputs.bundled import TEMPLATE_DIR
from pipeline.inputs.config import Config, load_config
from pipeline.inputs.input_file import not_regular
from pipeline.store import dataset, rekaman
from pipeline.store.catatan_verifikasi import bukti_data, read_record
from pipeline.store.dataset import load_optional_keuangan, serapan_keuangan
from pipeline.store.ooxml import new_tree
from pipeline.store.revisions import MANIFEST, read_manifest, revisions, sha256, sidik_data
from pipeline.store.workspace import Workspace


@dataclass(frozen=True)
class HasilSahkan:
    revisi: int
    folder: Path
    files: list[Path]
    perubahan: tuple[Perubahan, ...]
    baru: bool
    tanggal: dt.date | None = None


def _inputs(ws: Workspace, periode: Periode) -> dict[str, str]:
    """sha256 of everything the documents were made from, by path in the workspace."""
    paths = [ws.root / "kinerja.toml", ws.perjanjian_path(periode.tahun)]
    returns = ws.returns_dir(periode)
    if returns.is_dir():
        paths += [
            p
            for p in sorted(returns.iterdir())
            if p.is_file() and not p.name.startswith(("~$", "."))
        ]
    own_templates = ws.root / TEMPLATE_DIR
    if own_templates.is_dir():
        paths += sorted(own_templates.glob("*.docx"))
    found = {p.relative_to(ws.root).as_posix(): sha256(p.read_bytes()) for p in paths}
    # the evidence files, recursively, within the bounds pipeline.inputs.bukti keeps
    found |= {
        path.relative_to(ws.root).as_posix(): sha256_berkas(path)
        for path in baca_bukti(returns).berkas.values()
    }
    return dict(sorted(found.items()))


def _bukti_files(
    ws: Workspace, periode: Periode, bukti: dict[tuple[str, str], list[str]]
) -> dict[str, bytes]:
    """The evidence files of the approved data, copied into the revision under bukti/ so that
    the revision and its archive carry them; the data names them, so a file named there that
    has since gone is refused rather than silently left out."""
    root = ws.returns_dir(periode) / FOLDER
    files: dict[str, bytes] = {}
    for rel in sorted({r for paths in bukti.values() for r in paths}):
        path = root / rel
        if not_regular(path) or path.stat().st_size > BATAS_BERKAS:
            raise UrutanError(
                f"{path}: bukti dukung yang dihimpun tidak ada lagi atau berubah; jalankan "
                "'kinerja proses' dan 'kinerja verifikasi --setujui' lagi"
            )
        files[f"{FOLDER}/{rel}"] = path.read_bytes()
    return files


def sahkan(
    workspace: Path,
    periode: Periode,
    *,
    tanggal: dt.date | None,
    alasan: str = "",
    pdf: bool = False,
    paksa: bool = False,
) -> HasilSahkan:
    """Approve the verified data of the quarter as a new revision, dated `tanggal` (the Camat's
    date; when None, the date recorded for the step). From rev-2 on, `alasan` says why."""
    ws = Workspace(workspace)
    config = load_config(workspace)
    data_path = ws.data_kinerja(periode)
    data = dataset.read(data_path)
    sidik = sidik_data(data_path)
    record = _verified_record(ws, periode, sidik)
    existing = revisions(ws, periode)
    if existing and read_manifest(existing[max(existing)])["data_sha256"] == sidik:
        folder = existing[max(existing)]
        return HasilSahkan(max(existing), folder, sorted(folder.rglob("*.*")), (), baru=False)
    nomor = max(existing, default=0) + 1
    tanggal = _tanggal_pengesahan(ws, periode, tanggal, record, existing, paksa)
    if nomor > 1 and not bermakna(alasan):
        raise UrutanError(
            f"rev-{nomor} mengubah dokumen yang sudah disahkan (rev-{nomor - 1}); tulis alasan "
            'perubahannya dengan --alasan "apa yang dibetulkan dan mengapa" (dicetak pada Daftar '
            "Perubahan)"
        )
    previous_data: list[Pengukuran] = []
    if existing:
        previous_data = dataset.read(existing[max(existing)] / data_path.name)
    changes = tuple(daftar_perubahan(previous_data, data, config.predikat)) if existing else ()
    revisi = Revisi(nomor, changes, alasan.strip())
    files = _documents(ws, config, periode, data, revisi, record, tanggal, sidik)
    files |= _isian_terisi(
        ws, config, periode, data, previous_data, existing, dataset.read_tambahan(data_path)
    )
    files |= _bukti_files(ws, periode, bukti_data(ws, periode)[0])
    if pdf:
        from pipeline.documents.pdf import to_pdf

        files |= to_pdf({name: data for name, data in files.items() if name.endswith(".docx")})
    files[MANIFEST] = _manifest(ws, config, periode, revisi, record, tanggal, sidik, files)
    folder = ws.revisi(periode, nomor)
    _write_revision(folder, files)
    return HasilSahkan(
        nomor, folder, [folder / n for n in sorted(files)], changes, baru=True, tanggal=tanggal
    )


def _verified_record(ws: Workspace, periode: Periode, sidik: str) -> dict[str, Any]:
    """The Sekretaris's approval of exactly this data, or why there is none."""
    record = read_record(ws, periode)
    if record is None:
        raise UrutanError(
            f"{periode.label} belum diverifikasi; Sekretaris menjalankan "
            "'kinerja verifikasi --setujui' dahulu"
        )
    if record["data_sha256"] != sidik:
        raise UrutanError(
            "data kinerja berubah sejak diverifikasi; jalankan 'kinerja verifikasi --setujui' "
            "lagi untuk data yang sekarang"
        )
    return record


def _documents(
    ws: Workspace,
    config: Config,
    periode: Periode,
    data: list[Pengukuran],
    revisi: Revisi,
    record: dict[str, Any],
    tanggal: dt.date,
    sidik: str,
) -> dict[str, bytes]:
    """The signed Pengukuran, Laporan and Lembar Verifikasi, and the data they were made from."""
    data_path = ws.data_kinerja(periode)
    tambahan = dataset.read_tambahan(data_path)
    bukti, bukti_ada = bukti_data(ws, periode)
    data, notes = dataset.with_earlier_quarters(ws, periode, data)
    keuangan = load_optional_keuangan(ws, periode)
    _, serapan = serapan_keuangan(ws, periode)
    suffix = periode.stem
    return {
        f"pengukuran-kinerja-{suffix}.docx": render_pengukuran(
            ws, config, periode, data, tanggal, False, revisi, notes, keuangan
        ),
        f"laporan-kinerja-{suffix}.docx": render_laporan(
            ws,
            config,
            periode,
            data,
            tanggal,
            False,
            revisi,
            notes,
            keuangan,
            aksi=aksi_unit(tambahan, data, periode.triwulan),
        ),
        f"lembar-verifikasi-{suffix}.docx": render_lembar(
            ws,
            config,
            periode,
            temuan=[Temuan(**t) for t in record["temuan"]],
            daftar=kelengkapan(
                data, config.batas_capaian, bool(keuangan), serapan, bukti if bukti_ada else None
            ),
            sidik=sidik,
            jumlah=len(data),
            catatan=record["catatan"],
            disetujui=True,
            tanggal=dt.date.fromisoformat(record["tanggal"]),
            draft=False,
            bukti=daftar_bukti(data, bukti) if bukti_ada else (),
        ),
        data_path.name: data_path.read_bytes(),
        data_path.with_suffix(".xlsx").name: dataset.to_xlsx(
            dataset.rows(data, config, tambahan), f"Data Kinerja {periode.label}", tanggal
        ),
    }


def _manifest(
    ws: Workspace,
    config: Config,
    periode: Periode,
    revisi: Revisi,
    record: dict[str, Any],
    tanggal: dt.date,
    sidik: str,
    files: dict[str, bytes],
) -> bytes:
    """Who verified and approved what, when, from which inputs, into which outputs (sha256)."""
    manifest = {
        "tahun": periode.tahun,
        "triwulan": periode.triwulan,
        "revisi": revisi.nomor,
        "versi_kinerja": __version__,
        "data_sha256": sidik,
        "diverifikasi": {k: record[k] for k in ("diverifikasi_oleh", "tanggal", "catatan")},
        "disahkan": {
            "oleh": {
                "nama": config.camat.nama,
                "nip": config.camat.nip,
                "jabatan": config.camat.jabatan,
            },
            "tanggal": tanggal.isoformat(),
        },
        "alasan": revisi.alasan,
        "masukan": _inputs(ws, periode),
        "keluaran": {name: sha256(content) for name, content in sorted(files.items())},
        "perubahan": [c.__dict__ for c in revisi.perubahan],
    }
    text = json.dumps(manifest, ensure_ascii=False, indent=2, sort_keys=True) + "\n"
    return text.encode("utf-8")


def _tanggal_pengesahan(
    ws: Workspace,
    periode: Periode,
    tanggal: dt.date | None,
    record: dict[str, Any],
    existing: dict[int, Path],
    paksa: bool,
) -> dt.date:
    """The Camat's date: given, else recorded; never before the verification or the previous
    revision's approval, never outside the quarter's plausible window (unless `paksa`)."""
    tanggal = rekaman.tanggal_tanda_tangan(
        periode, ws.returns_dir(periode), "sahkan", tanggal, paksa
    )
    verified = dt.date.fromisoformat(record["tanggal"])
    jadwal.tidak_sebelum(tanggal, verified, "pengesahan", "tanggal verifikasi Sekretaris")
    if existing:
        last = max(existing)
        before = dt.date.fromisoformat(read_manifest(existing[last])["disahkan"]["tanggal"])
        jadwal.tidak_sebelum(tanggal, before, "pengesahan", f"pengesahan rev-{last}")
    return tanggal


def _isian_terisi(
    ws: Workspace,
    config: Config,
    periode: Periode,
    data: Sequence[Pengukuran],
    previous_data: Sequence[Pengukuran],
    existing: dict[int, Path],
    tambahan: dict[tuple[str, str], list[str]],
) -> dict[str, bytes]:
    """Each reporting unit's signed Format Isian terisi, dated the unit's own date. A unit whose
    data did not change since the previous revision keeps that revision's page, byte for byte."""
    suffix = periode.stem
    before = _by_unit(previous_data)
    tambahan_lama = (
        dataset.read_tambahan(existing[max(existing)] / f"data-kinerja-{suffix}.csv")
        if existing
        else {}
    )
    files = {}
    for unit, items in _by_unit(data).items():
        if not any(p.dilaporkan for p in items):
            continue
        name = f"format-isian-terisi/format-isian-terisi-{slug(unit)}-{suffix}.docx"
        old = existing[max(existing)] / name if existing else None
        unchanged = dataset.rows(items, config, tambahan) == dataset.rows(
            before.get(unit, []), config, tambahan_lama
        )
        if old is not None and unchanged and old.is_file():
            files[name] = old.read_bytes()
            continue
        aksi = aksi_unit(tambahan, items, periode.triwulan)
        files[name] = render_isian(
            ws, config, periode, unit, items, tanggal_unit(items), draft=False, aksi=aksi
        )
    return files


def _by_unit(data: Sequence[Pengukuran]) -> dict[str, list[Pengukuran]]:
    units: dict[str, list[Pengukuran]] = {}
    for p in data:
        units.setdefault(p.indikator.unit, []).append(p)
    return units


def _write_revision(folder: Path, files: dict[str, bytes]) -> None:
    """All files into a temporary folder, made read-only, then renamed into place at once."""
    if folder.exists():
        raise UrutanError(f"{folder}: revisi ini sudah ada dan tidak boleh ditimpa")
    temp = Path(tempfile.mkdtemp(prefix=f".{folder.name}.", dir=folder.parent))
    try:
        for name, content in files.items():
            path = temp / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(content)
            path.chmod(0o444)
        new_tree(folder)  # undone with the rest of the step should a later write fail
        os.rename(temp, folder)
    except BaseException:
        shutil.rmtree(temp, ignore_errors=True)
        raise
