"""Which units have returned their form, read from the merged data's Unit and Status columns
alone: what `kinerja status` shows, without the data model the rest of the data needs."""

from __future__ import annotations

from pathlib import Path

from pipeline.store.sheets import asli

STATUS_BELUM = "belum dilaporkan"  # the Status of a row whose unit has not returned its form


def unit_melapor(path: Path) -> tuple[list[str], list[str]]:
    """The units that did and did not return their form, from the merged CSV's Unit and Status
    columns only."""
    import csv

    sudah: list[str] = []
    belum: list[str] = []
    with open(path, encoding="utf-8-sig", newline="") as handle:
        for row in csv.DictReader(handle, delimiter=";"):
            unit = asli(row.get("Unit") or "")
            target = belum if row.get("Status") == STATUS_BELUM else sudah
            if unit and unit not in target:
                target.append(unit)
    return sudah, belum
