"""Stage `sahkan`: the approved documents of a quarter, as a new revision that is never changed.

Each approval writes outputs/<tahun>/TW<n>/rev-<k>/ (k = 1, 2, …) through a temporary folder and
one rename, with a manifest.json of every input and output hash. A later correction makes rev-<k+1>
with its Daftar Perubahan; rev-<k> stays byte for byte as it was.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import shutil
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from pipeline import __version__, dataset, formatting
from pipeline.config import load_config
from pipeline.documents import (
    Perubahan,
    Revisi,
    load_optional_keuangan,
    render_isian,
    render_laporan,
    render_pengukuran,
)
from pipeline.errors import KinerjaError
from pipeline.model import Pengukuran
from pipeline.names import slug
from pipeline.ooxml import new_tree
from pipeline.periode import Periode
from pipeline.render import TEMPLATE_DIR
from pipeline.revisions import MANIFEST, read_manifest, revisions
from pipeline.verify import periksa, read_record, render_lembar, sidik_data
from pipeline.workspace import Workspace


@dataclass(frozen=True)
class HasilSahkan:
    revisi: int
    folder: Path
    files: list[Path]
    perubahan: tuple[Perubahan, ...]
    baru: bool


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def daftar_perubahan(lama: Sequence[Pengukuran], baru: Sequence[Pengukuran]) -> list[Perubahan]:
    """Each indicator whose target, realisasi or capaian changed, old → new."""
    before = {(p.indikator.unit, p.indikator.nama): p for p in lama}
    changes: list[Perubahan] = []
    for p in baru:
        key = (p.indikator.unit, p.indikator.nama)
        old = before.pop(key, None)
        if old is None:
            changes.append(Perubahan(*key, "Indikator", "-", "ditambahkan"))
            continue
        for kolom, a, b in (
            ("Target", old.target, p.target),
            ("Realisasi", old.realisasi, p.realisasi),
            ("Capaian (%)", old.capaian, p.capaian),
        ):
            if a != b:
                fmt = formatting.persen if kolom.startswith("Capaian") else formatting.angka
                changes.append(Perubahan(*key, kolom, fmt(a), fmt(b)))
    for key in before:
        changes.append(Perubahan(*key, "Indikator", "ada", "dihapus"))
    return changes


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
    return {p.relative_to(ws.root).as_posix(): sha256(p.read_bytes()) for p in paths}


def sahkan(workspace: Path, periode: Periode, tanggal: dt.date, pdf: bool = False) -> HasilSahkan:
    """Approve the verified data of the quarter as a new revision."""
    ws = Workspace(workspace)
    config = load_config(workspace)
    data_path = ws.data_kinerja(periode)
    data = dataset.read(data_path)
    sidik = sidik_data(data_path)
    record = read_record(ws, periode)
    if record is None:
        raise KinerjaError(
            f"{periode.label} belum diverifikasi; Sekretaris menjalankan "
            "'kinerja verifikasi --setujui' dahulu"
        )
    if record["data_sha256"] != sidik:
        raise KinerjaError(
            "data kinerja berubah sejak diverifikasi; jalankan 'kinerja verifikasi --setujui' "
            "lagi untuk data yang sekarang"
        )
    existing = revisions(ws, periode)
    if existing:
        last = max(existing)
        if read_manifest(existing[last])["data_sha256"] == sidik:
            folder = existing[last]
            return HasilSahkan(last, folder, sorted(folder.rglob("*.*")), (), baru=False)
    nomor = max(existing, default=0) + 1
    changes: tuple[Perubahan, ...] = ()
    if existing:
        previous = existing[max(existing)]
        old = dataset.read(previous / data_path.name)
        changes = tuple(daftar_perubahan(old, data))
    revisi = Revisi(nomor, changes)
    data, notes = dataset.with_earlier_quarters(ws, periode, data)
    keuangan = load_optional_keuangan(ws, periode)
    suffix = f"{periode.tahun}-{periode.kode}"
    files: dict[str, bytes] = {
        f"pengukuran-kinerja-{suffix}.docx": render_pengukuran(
            ws, config, periode, data, tanggal, False, revisi, notes, keuangan
        ),
        f"laporan-kinerja-{suffix}.docx": render_laporan(
            ws, config, periode, data, tanggal, False, revisi, notes, keuangan
        ),
        f"lembar-verifikasi-{suffix}.docx": render_lembar(
            ws,
            config,
            periode,
            periksa(data),
            sidik,
            len(data),
            record["catatan"],
            True,
            dt.date.fromisoformat(record.get("tanggal") or record["waktu"][:10]),
            draft=False,
        ),
        data_path.name: data_path.read_bytes(),
        data_path.with_suffix(".xlsx").name: dataset.to_xlsx(
            dataset.rows(data, config), f"Data Kinerja {periode.label}", tanggal
        ),
    }
    units: dict[str, list[Pengukuran]] = {}
    for p in data:
        units.setdefault(p.indikator.unit, []).append(p)
    for unit, items in units.items():
        if any(p.dilaporkan for p in items):
            name = f"format-isian-terisi/format-isian-terisi-{slug(unit)}-{suffix}.docx"
            files[name] = render_isian(ws, config, periode, unit, items, tanggal, draft=False)
    if pdf:
        from pipeline.pdf import to_pdf

        files |= to_pdf({name: data for name, data in files.items() if name.endswith(".docx")})
    manifest = {
        "tahun": periode.tahun,
        "triwulan": periode.triwulan,
        "revisi": nomor,
        "versi_kinerja": __version__,
        "data_sha256": sidik,
        "diverifikasi": {k: record[k] for k in ("diverifikasi_oleh", "waktu", "catatan")},
        "disahkan": {
            "oleh": {
                "nama": config.camat.nama,
                "nip": config.camat.nip,
                "jabatan": config.camat.jabatan,
            },
            "tanggal": tanggal.isoformat(),
        },
        "masukan": _inputs(ws, periode),
        "keluaran": {name: sha256(content) for name, content in sorted(files.items())},
        "perubahan": [c.__dict__ for c in changes],
    }
    files[MANIFEST] = (
        json.dumps(manifest, ensure_ascii=False, indent=2, sort_keys=True) + "\n"
    ).encode("utf-8")
    folder = ws.outputs(periode) / f"rev-{nomor}"
    _write_revision(folder, files)
    return HasilSahkan(nomor, folder, [folder / n for n in sorted(files)], changes, baru=True)


def _write_revision(folder: Path, files: dict[str, bytes]) -> None:
    """All files into a temporary folder, made read-only, then renamed into place at once."""
    if folder.exists():
        raise KinerjaError(f"{folder}: revisi ini sudah ada dan tidak boleh ditimpa")
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
