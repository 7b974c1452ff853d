"""The quarter's history: when kinerja did each SOP step (outputs/<tahun>/TW<n>/riwayat.json).

It is a log, not a document: it records wall-clock times for `kinerja status` and is rewritten
on every step (atomically), unlike the approved revisions.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

from pipeline.domain.periode import Periode
from pipeline.store.workspace import Workspace

NAME = "riwayat.json"


def path_of(workspace: Path, periode: Periode) -> Path:
    return Workspace(workspace).riwayat(periode)


def baca(workspace: Path, periode: Periode) -> dict[str, dict[str, Any]]:
    """step -> {"pertama": iso, "terakhir": iso, ...detail} for every step done so far."""
    path = path_of(workspace, periode)
    if not path.is_file():
        return {}
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (json.JSONDecodeError, UnicodeDecodeError):
        return {}


def catat(
    workspace: Path, periode: Periode, langkah: str, waktu: dt.datetime, **detail: Any
) -> None:
    """Record that `langkah` was done at `waktu` (keeping when it was first done)."""
    events = baca(workspace, periode)
    stamp = waktu.isoformat(timespec="seconds")
    entry = events.get(langkah, {"pertama": stamp})
    entry.update(detail, terakhir=stamp)
    events[langkah] = entry
    text = json.dumps(events, ensure_ascii=False, indent=2, sort_keys=True)
    from pipeline.store.ooxml import write_atomic  # not for `status`, which only reads

    write_atomic(path_of(workspace, periode), (text + "\n").encode("utf-8"))


def waktu(
    events: dict[str, dict[str, Any]], langkah: str, key: str = "terakhir"
) -> dt.datetime | None:
    entry = events.get(langkah)
    return dt.datetime.fromisoformat(entry[key]) if entry and key in entry else None


def catat_riwayat(workspace: Path, periode: Periode, langkah: str, **detail: Any) -> None:
    """Log that kinerja ran a step (the command log; its times are never an activity's date)."""
    catat(workspace, periode, langkah, dt.datetime.now(), **detail)
