"""An approved revision of a quarter's documents: its number, what changed since the previous
one, and why."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from pipeline.domain import formatting
from pipeline.domain.model import DEFAULT_PREDIKAT, Pengukuran, predikat


@dataclass(frozen=True)
class Perubahan:
    """One figure that changed between two approved revisions."""

    unit: str
    indikator: str
    kolom: str
    lama: str
    baru: str


@dataclass(frozen=True)
class Revisi:
    """Which approved revision a document is, what changed since the one before, and why."""

    nomor: int
    perubahan: tuple[Perubahan, ...] = ()
    alasan: str = ""


def daftar_perubahan(
    lama: Sequence[Pengukuran],
    baru: Sequence[Pengukuran],
    bands: tuple[tuple[Decimal, str], ...] = DEFAULT_PREDIKAT,
) -> list[Perubahan]:
    """Every field that changed between two approved revisions, old → new: Target, Realisasi,
    Capaian, Predikat and Keterangan of each indicator, and units or indicators added or
    removed."""
    before = {(p.indikator.unit, p.indikator.nama): p for p in lama}
    units_before = {p.indikator.unit for p in lama}
    units_after = {p.indikator.unit for p in baru}
    changes: list[Perubahan] = []
    for unit in sorted(units_after - units_before):
        changes.append(Perubahan(unit, "(unit kerja)", "Unit", "-", "ditambahkan"))
    for p in baru:
        key = (p.indikator.unit, p.indikator.nama)
        old = before.pop(key, None)
        if old is None:
            if p.indikator.unit in units_before:
                changes.append(Perubahan(*key, "Indikator", "-", "ditambahkan"))
            continue
        for kolom, a, b in (
            ("Target", formatting.angka(old.target), formatting.angka(p.target)),
            ("Realisasi", formatting.angka(old.realisasi), formatting.angka(p.realisasi)),
            ("Capaian (%)", formatting.persen(old.capaian), formatting.persen(p.capaian)),
            (
                "Predikat",
                predikat(old.capaian, bands),
                predikat(p.capaian, bands),
            ),
            ("Keterangan", old.keterangan or "-", p.keterangan or "-"),
        ):
            if a != b:
                changes.append(Perubahan(*key, kolom, a, b))
    for key in before:
        if key[0] in units_after:
            changes.append(Perubahan(*key, "Indikator", "ada", "dihapus"))
    for unit in sorted(units_before - units_after):
        changes.append(Perubahan(unit, "(unit kerja)", "Unit", "ada", "dihapus"))
    return changes
