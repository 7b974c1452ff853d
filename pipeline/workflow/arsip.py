"""Stage `arsip`: the latest approved revision packed into a zip, and a check of every approved
file against its manifest."""

from __future__ import annotations

import datetime as dt
import io
import json
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path

from pipeline.domain.errors import ArsipError, KinerjaError
from pipeline.domain.periode import Periode
from pipeline.store.ooxml import write_atomic
from pipeline.store.revisions import (
    MANIFEST,
    check_folder,
    parse_manifest,
    read_manifest,
    revision_folders,
    revisions,
    sha256,
)
from pipeline.store.workspace import Workspace


@dataclass(frozen=True)
class HasilArsip:
    path: Path
    revisi: int
    baru: bool


def pack(folder: Path, when: dt.date) -> bytes:
    """The revision folder as a zip with sorted entries and fixed times: same files, same bytes."""
    out = io.BytesIO()
    stamp = (when.year, when.month, when.day, 0, 0, 0)
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for path in sorted(p for p in folder.rglob("*") if p.is_file()):
            entry = zipfile.ZipInfo(f"{folder.name}/{path.relative_to(folder).as_posix()}", stamp)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o444 << 16
            target.writestr(entry, path.read_bytes(), compresslevel=6)
    return out.getvalue()


def arsip(workspace: Path, periode: Periode) -> HasilArsip:
    """Pack the latest approved revision into outputs/<tahun>/arsip/<tahun>-TW<n>-rev<k>.zip."""
    ws = Workspace(workspace)
    revs = revisions(ws, periode)
    if not revs:
        raise ArsipError(f"{periode.label} belum disahkan; jalankan 'kinerja sahkan' dahulu")
    nomor = max(revs)
    folder = revs[nomor]
    problems = check_folder(folder)
    if problems:
        raise ArsipError(
            f"{folder.name} tidak cocok dengan manifest-nya dan tidak diarsipkan: "
            + "; ".join(problems)
        )
    when = dt.date.fromisoformat(read_manifest(folder)["disahkan"]["tanggal"])
    data = pack(folder, when)
    path = ws.arsip(periode, nomor)
    if path.exists():
        if path.read_bytes() == data:
            return HasilArsip(path, nomor, baru=False)
        raise ArsipError(
            f"{path}: arsip sudah ada dengan isi lain; periksa dengan 'kinerja arsip --periksa'"
        )
    write_atomic(path, data)
    path.chmod(0o444)
    return HasilArsip(path, nomor, baru=True)


_ZIP_ERRORS = (zipfile.BadZipFile, zlib.error, EOFError, OSError, NotImplementedError, ValueError)


def check_zip(path: Path, revs: dict[int, Path]) -> list[str]:
    """Every difference between an archive zip and the manifest it carries (and its folder's);
    a damaged archive is one more problem, never a crash."""
    try:
        archive = zipfile.ZipFile(path)
    except _ZIP_ERRORS:
        return [f"{path.name}: arsip rusak, tidak dapat dibuka"]
    with archive:
        names = {i.filename for i in archive.infolist()}
        manifest_names = [n for n in names if n.endswith("/" + MANIFEST)]
        if len(manifest_names) != 1:
            return [f"{path.name}: manifest.json tidak ada di arsip"]
        prefix = manifest_names[0][: -len(MANIFEST)]
        try:
            raw = archive.read(manifest_names[0])
            manifest = parse_manifest(raw, f"{path.name}: {manifest_names[0]}")
        except _ZIP_ERRORS:
            return [f"{path.name}: {manifest_names[0]} rusak, tidak dapat dibaca dari arsip"]
        except KinerjaError as exc:
            return [str(exc)]
        problems = []
        revision = revs.get(manifest["revisi"])
        if revision is not None and (revision / MANIFEST).read_bytes() != raw:
            problems.append(f"{path.name}: manifest.json berbeda dengan {revision.name}")
        for name, digest in sorted(manifest["keluaran"].items()):
            problems += _check_member(archive, path.name, prefix + name, digest, names)
        extra = names - {prefix + n for n in manifest["keluaran"]} - {manifest_names[0]}
        problems += [f"{path.name}: {n} berkas tambahan" for n in sorted(extra)]
        return problems


def _check_member(
    archive: zipfile.ZipFile, zip_name: str, member: str, digest: str, names: set[str]
) -> list[str]:
    if member not in names:
        return [f"{zip_name}: {member} hilang"]
    try:
        content = archive.read(member)
    except _ZIP_ERRORS:
        return [f"{zip_name}: {member} rusak, tidak dapat dibaca dari arsip"]
    if sha256(content) != digest:
        return [f"{zip_name}: {member} isinya berubah sejak disahkan"]
    return []


def periksa_arsip(workspace: Path, periode: Periode) -> tuple[int, list[str]]:
    """Re-hash every approved revision and archive of the quarter, and read its verification
    record; (files checked, every problem found)."""
    ws = Workspace(workspace)
    revs = revisions(ws, periode)
    problems: list[str] = []
    checked = 0
    for folder in revision_folders(ws, periode).values():
        try:
            checked += len(read_manifest(folder)["keluaran"])
            problems += check_folder(folder)
        except KinerjaError as exc:
            problems.append(str(exc))
    problems += _check_record(ws, periode) if revs else []
    folder = ws.arsip_dir(periode.tahun)
    for path in sorted(folder.glob(f"{periode.stem}-rev*.zip")):
        checked += 1
        problems += check_zip(path, revs)
    return checked, problems


def _check_record(ws: Workspace, periode: Periode) -> list[str]:
    """The verification record beside the revisions, which `sahkan` reads."""
    from pipeline.store.catatan_verifikasi import RECORD

    path = ws.catatan_verifikasi(periode)
    try:
        record = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return []
    except (OSError, ValueError):
        record = None
    if isinstance(record, dict) and isinstance(record.get("data_sha256"), str):
        return []
    return [
        f"{RECORD}: rusak dan tidak dapat dibaca; jalankan 'kinerja verifikasi --setujui' lagi "
        "sebelum mengesahkan revisi berikutnya"
    ]
