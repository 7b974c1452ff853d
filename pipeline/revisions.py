"""The approved revisions of a quarter: outputs/<tahun>/TW<n>/rev-<k>/ with their manifest."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from pipeline.errors import KinerjaError
from pipeline.periode import Periode
from pipeline.workspace import Workspace

MANIFEST = "manifest.json"
_REV = re.compile(r"^rev-(\d+)$")


def revisions(ws: Workspace, periode: Periode) -> dict[int, Path]:
    """The approved revisions of a quarter (folders holding a manifest), by number."""
    folder = ws.outputs(periode)
    found = {}
    if folder.is_dir():
        for child in folder.iterdir():
            match = _REV.match(child.name)
            if match and (child / MANIFEST).is_file():
                found[int(match.group(1))] = child
    return dict(sorted(found.items()))


def read_manifest(folder: Path) -> dict[str, Any]:
    path = folder / MANIFEST
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (json.JSONDecodeError, UnicodeDecodeError, OSError):
        raise KinerjaError(
            f"{folder.name}/{MANIFEST}: rusak dan tidak dapat dibaca; revisi ini tidak dapat "
            "diperiksa atau dipakai. Pulihkan dari arsip .zip-nya"
        ) from None


def latest_data(ws: Workspace, periode: Periode) -> tuple[Path | None, str]:
    """The quarter's data to build on: the latest approved revision's, else the draft's."""
    revs = revisions(ws, periode)
    name = ws.data_kinerja(periode).name
    if revs:
        return revs[max(revs)] / name, f"rev-{max(revs)}"
    draft = ws.data_kinerja(periode)
    return (draft, "draft") if draft.is_file() else (None, "")
