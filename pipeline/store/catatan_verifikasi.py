"""The record of an accepted verification (verifikasi.json, tied to the data by its hash) and the
findings of the last check (to show what was fixed since)."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import asdict
from typing import Any

from pipeline.domain.errors import ArsipError
from pipeline.domain.periode import Periode
from pipeline.domain.temuan import Temuan
from pipeline.store import dataset
from pipeline.store.workspace import Workspace

RECORD = "verifikasi.json"


TEMUAN_TERAKHIR = "temuan-verifikasi.json"  # the findings of the last check, to see what was fixed


def bukti_data(ws: Workspace, periode: Periode) -> tuple[dict[tuple[str, str], list[str]], bool]:
    """The evidence of each indicator as merged by `himpun`, and whether the quarter keeps a
    bukti/ folder at all."""
    from pipeline.inputs.bukti import FOLDER, pisah

    tambahan = dataset.read_tambahan(ws.data_kinerja(periode))
    bukti = {key: pisah(values[-1]) for key, values in tambahan.items() if pisah(values[-1])}
    return bukti, bool(bukti) or (ws.returns_dir(periode) / FOLDER).is_dir()


def read_record(ws: Workspace, periode: Periode) -> dict[str, Any] | None:
    path = ws.catatan_verifikasi(periode)
    if not path.is_file():
        return None
    try:
        record = json.loads(path.read_text(encoding="utf-8"))
    except (ValueError, OSError):
        record = None
    if not isinstance(record, dict) or not isinstance(record.get("data_sha256"), str):
        raise ArsipError(
            f"{path}: rusak dan tidak dapat dibaca; jalankan 'kinerja verifikasi --setujui' lagi"
        )
    return record


def sebelumnya(ws: Workspace, periode: Periode) -> list[Temuan]:
    path = ws.temuan_terakhir(periode)
    try:
        return [Temuan(**item) for item in json.loads(path.read_text(encoding="utf-8"))]
    except (OSError, ValueError, TypeError):
        return []


def temuan_json(temuan: Sequence[Temuan]) -> bytes:
    text = json.dumps([asdict(t) for t in temuan], ensure_ascii=False, indent=2, sort_keys=True)
    return (text + "\n").encode("utf-8")
