"""Step `himpun` (SOP 071/03 and 071/02 step 4): the returned forms read and merged with the
Perjanjian Kinerja, the merged data written, the step's date recorded."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from pipeline.domain.errors import Masalah
from pipeline.domain.periode import Periode
from pipeline.inputs.returns import Himpunan, collect_returns, tambahan, tanggal_berkas
from pipeline.store import rekaman
from pipeline.store.rekaman import rekam
from pipeline.store.riwayat import catat_riwayat


def himpun_data(
    workspace: Path, periode: Periode, tanggal: dt.date | None = None
) -> tuple[Himpunan, list[Path]]:
    """Stage `himpun`: collect the quarter's returns and write the merged data (.csv and .xlsx).

    The collection is dated `tanggal` when given, else by the date recorded for it, else by the
    day the last return came in (a return newer than the record moves the date on)."""
    from pipeline.inputs.config import load_config
    from pipeline.inputs.perjanjian import load_perjanjian
    from pipeline.store import dataset
    from pipeline.store.ooxml import write_all_atomic
    from pipeline.store.workspace import Workspace

    ws = Workspace(workspace)
    config = load_config(workspace)
    from pipeline.inputs.rencana_aksi import load_rencana, periksa_target

    pk_path = ws.perjanjian_path(periode.tahun)
    indikator = load_perjanjian(pk_path, periode.triwulan)
    rencana = [a for a in load_rencana(pk_path, indikator) if a.triwulan == periode.triwulan]
    arrivals = ws.berkas_masuk(periode)
    dates = _BerkasMasuk(arrivals)
    himpunan = collect_returns(ws.returns_dir(periode), periode, indikator, dates, rencana)
    last = max((p.tanggal_isian for p in himpunan.pengukuran if p.tanggal_isian), default=None)
    recorded = rekaman.baca(ws.returns_dir(periode)).get("himpun")
    if tanggal is not None:
        himpunan.tanggal, himpunan.tanggal_baru = tanggal, True
    elif recorded is not None and (last is None or recorded.tanggal >= last):
        himpunan.tanggal = recorded.tanggal
    else:
        himpunan.tanggal, himpunan.tanggal_baru = last, last is not None
    himpunan.warnings[:0] = [Masalah(None, line) for line in config.peringatan]
    himpunan.warnings += periksa_target(pk_path, indikator)
    table = dataset.rows(himpunan.pengukuran, config, tambahan(himpunan))
    csv_path = ws.data_kinerja(periode)
    files = {
        csv_path: dataset.to_csv(table),
        csv_path.with_suffix(".xlsx"): dataset.to_xlsx(
            table, f"Data Kinerja {periode.label}", himpunan.tanggal or dt.date(periode.tahun, 1, 1)
        ),
        arrivals: dates.to_json(),
    }
    return himpunan, write_all_atomic(files)


BERKAS_MASUK = "berkas-masuk.json"


class _BerkasMasuk:
    """The date each return file was first seen with its present content, kept in
    berkas-masuk.json so that copying or touching a file does not change a unit's date."""

    def __init__(self, path: Path) -> None:
        import json

        self._known: dict[str, dict[str, str]] = {}
        if path.is_file():
            try:
                self._known = json.loads(path.read_text(encoding="utf-8"))
            except (ValueError, UnicodeDecodeError):
                self._known = {}
        self._seen: dict[str, dict[str, str]] = {}

    def __call__(self, path: Path) -> dt.date:
        import hashlib

        digest = hashlib.sha256(path.read_bytes()).hexdigest()
        known = self._known.get(path.name)
        if known and known.get("sha256") == digest:
            entry = known
        else:
            entry = {"sha256": digest, "tanggal": tanggal_berkas(path).isoformat()}
        self._seen[path.name] = entry
        return dt.date.fromisoformat(entry["tanggal"])

    def to_json(self) -> bytes:
        import json

        text = json.dumps(self._seen, ensure_ascii=False, indent=2, sort_keys=True)
        return (text + "\n").encode("utf-8")


def himpun(workspace: Path, periode: Periode, tanggal: dt.date | None = None) -> Any:
    """Collect the quarter's returns (see `collect.himpun`), log it and record its date.
    Returns (Himpunan, files written)."""

    himpunan, files = himpun_data(workspace, periode, tanggal)
    if himpunan.tanggal_baru and himpunan.tanggal is not None:
        rekam(workspace, periode, "himpun", himpunan.tanggal, "kasubbag")
    catat_riwayat(
        workspace,
        periode,
        "himpun",
        unit_melapor=len(himpunan.returned),
        unit_belum=len(himpunan.missing),
    )
    return himpunan, files
