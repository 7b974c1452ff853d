"""What the library's steps return (pipeline.api), each in a type of its own. Kept apart from
the api module, which `kinerja status` and `--help` import: making a dataclass costs half a
millisecond, and these are needed only by the steps that build them."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Any


@dataclass(frozen=True)
class HasilHimpun:
    """What `himpun` found: the units that returned their form (unit → file), those that did
    not, the warnings, the files written and the date of the collection."""

    returned: dict[str, str]
    missing: list[str]
    warnings: list[str]
    files: list[Path]
    tanggal: dt.date | None
    jumlah_indikator: int


@dataclass(frozen=True)
class HasilProses:
    himpun: HasilHimpun
    olah: Any  # olah.HasilOlah


@dataclass(frozen=True)
class HasilFormulir:
    """One returned form checked as `himpun` reads it: the units it holds, how many indicators
    they reported, its warnings and, when refused, its problems (empty when accepted); whether
    a different file of that name is already in the folder, and whether it was saved."""

    nama: str
    units: list[str]
    jumlah_indikator: int
    warnings: list[str]
    masalah: list[str]
    ada_berbeda: bool
    sama: bool
    disimpan: bool = False

    @property
    def diterima(self) -> bool:
        return not self.masalah
