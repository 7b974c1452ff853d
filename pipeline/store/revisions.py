"""The approved revisions of a quarter: outputs/<tahun>/TW<n>/rev-<k>/ with their manifest."""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path
from typing import Any

from pipeline.domain.errors import ArsipError
from pipeline.domain.periode import Periode
from pipeline.store.workspace import Workspace

MANIFEST = "manifest.json"
_REV = re.compile(r"^rev-(\d+)$")


def revision_folders(ws: Workspace, periode: Periode) -> dict[int, Path]:
    """Every rev-<k> folder of a quarter, by number, whether or not its manifest is intact."""
    folder = ws.outputs(periode)
    found = {}
    if folder.is_dir():
        for child in folder.iterdir():
            match = _REV.match(child.name)
            if match and child.is_dir():
                found[int(match.group(1))] = child
    return dict(sorted(found.items()))


def revisions(ws: Workspace, periode: Periode) -> dict[int, Path]:
    """The approved revisions of a quarter (folders holding a manifest), by number."""
    return {k: p for k, p in revision_folders(ws, periode).items() if (p / MANIFEST).is_file()}


def read_manifest(folder: Path) -> dict[str, Any]:
    """A revision's manifest, or a `KinerjaError` naming the revision when it is missing,
    cut short or lacks what a manifest holds."""
    path = folder / MANIFEST
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise ArsipError(
            f"{folder.name}/{MANIFEST}: hilang; revisi ini tidak dapat diperiksa atau dipakai. "
            f"{_RESTORE}"
        ) from None
    except OSError:
        raw = b""
    return parse_manifest(raw, f"{folder.name}/{MANIFEST}")


_RESTORE = "Pulihkan dari arsip .zip-nya"


def parse_manifest(raw: bytes, label: str) -> dict[str, Any]:
    """The manifest in `raw`, checked for the fields every step relies on."""
    try:
        manifest = json.loads(raw.decode("utf-8"))
        well_formed = (
            isinstance(manifest, dict)
            and isinstance(manifest.get("revisi"), int)
            and isinstance(manifest.get("data_sha256"), str)
            and isinstance(manifest.get("keluaran"), dict)
            and all(isinstance(v, str) for v in manifest["keluaran"].values())
            and isinstance(manifest.get("disahkan"), dict)
            and isinstance(manifest["disahkan"].get("tanggal"), str)
        )
        if well_formed:
            dt.date.fromisoformat(manifest["disahkan"]["tanggal"])
    except (ValueError, UnicodeDecodeError):
        well_formed = False
    if not well_formed:
        raise ArsipError(
            f"{label}: rusak dan tidak dapat dibaca; revisi ini tidak dapat diperiksa atau "
            f"dipakai. {_RESTORE}"
        )
    return manifest


def latest_data(ws: Workspace, periode: Periode) -> tuple[Path | None, str]:
    """The quarter's data to build on: the latest approved revision's, else the draft's. A
    latest revision whose manifest is missing or broken is refused, not skipped: falling back
    to an older revision or the draft would pass off unapproved data as approved."""
    folders = revision_folders(ws, periode)
    name = ws.data_kinerja(periode).name
    if folders:
        latest = max(folders)
        read_manifest(folders[latest])
        return folders[latest] / name, f"rev-{latest}"
    draft = ws.data_kinerja(periode)
    return (draft, "draft") if draft.is_file() else (None, "")


def sha256(data: bytes) -> str:
    """The sha256 of `data` in hex (hashlib loaded here: `kinerja status` needs none)."""
    import hashlib

    return hashlib.sha256(data).hexdigest()


def sidik_data(path: Path) -> str:
    """The sha256 of the merged data file: what a verification and an approval refer to."""
    return sha256(path.read_bytes())


def check_folder(folder: Path) -> list[str]:
    """Every difference between an approved folder and its manifest, by file name."""
    manifest = read_manifest(folder)
    expected = manifest["keluaran"]
    problems = []
    present = {p.relative_to(folder).as_posix(): p for p in folder.rglob("*") if p.is_file()}
    for name, digest in sorted(expected.items()):
        path = present.get(name)
        if path is None:
            problems.append(f"{folder.name}/{name}: hilang")
            continue
        try:
            same = sha256(path.read_bytes()) == digest
        except OSError as exc:
            problems.append(f"{folder.name}/{name}: tidak dapat dibaca ({exc.strerror})")
            continue
        if not same:
            problems.append(f"{folder.name}/{name}: isinya berubah sejak disahkan")
    for name in sorted(set(present) - set(expected) - {MANIFEST}):
        problems.append(f"{folder.name}/{name}: berkas tambahan yang tidak ada di manifest")
    return problems
