"""The domain: an indicator of the Perjanjian Kinerja, and its measurement in one quarter."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from enum import Enum

from pipeline.config import DEFAULT_PREDIKAT

SERATUS = Decimal(100)
DUA_DESIMAL = Decimal("0.01")


class Polaritas(Enum):
    """Whether more is better (positif) or less is better (negatif)."""

    POSITIF = "positif"
    NEGATIF = "negatif"


@dataclass(frozen=True)
class Indikator:
    """One indicator as signed in the Perjanjian Kinerja."""

    unit: str
    sasaran: str
    nama: str
    satuan: str
    polaritas: Polaritas
    target_tahunan: Decimal | None
    target_tw: tuple[Decimal | None, Decimal | None, Decimal | None, Decimal | None]

    def target(self, triwulan: int) -> Decimal | None:
        """The target of one quarter."""
        return self.target_tw[triwulan - 1]


def hitung_capaian(
    target: Decimal | None, realisasi: Decimal | None, polaritas: Polaritas
) -> Decimal | None:
    """Capaian in percent, two decimals; None where it cannot be computed (no realisasi, target 0).

    Positive polarity: realisasi ÷ target × 100. Negative polarity: (2 × target − realisasi) ÷
    target × 100, floored at 0.
    """
    if target is None or realisasi is None or target == 0:
        return None
    if polaritas is Polaritas.POSITIF:
        value = realisasi / target * SERATUS
    else:
        value = max(Decimal(0), (2 * target - realisasi) / target * SERATUS)
    return value.quantize(DUA_DESIMAL, rounding=ROUND_HALF_UP)


def predikat(
    capaian: Decimal | None, bands: tuple[tuple[Decimal, str], ...] = DEFAULT_PREDIKAT
) -> str:
    """The predikat of a capaian: the first band (highest first) whose lower bound it reaches."""
    if capaian is None:
        return "-"
    for lower, label in bands:
        if capaian >= lower:
            return label
    return bands[-1][1]


@dataclass(frozen=True)
class Pengukuran:
    """One indicator measured in one quarter: its target, the realisasi reported, and why."""

    indikator: Indikator
    target: Decimal | None
    realisasi: Decimal | None
    keterangan: str = ""
    dilaporkan: bool = True
    sumber: str = ""

    @property
    def capaian(self) -> Decimal | None:
        return hitung_capaian(self.target, self.realisasi, self.indikator.polaritas)

    @property
    def catatan(self) -> str:
        """Why there is no capaian, in the words the documents print."""
        if not self.dilaporkan:
            return "belum dilaporkan"
        if self.realisasi is None:
            return "realisasi belum diisi"
        if self.target is None or self.target == 0:
            return "target triwulan 0, capaian tidak dihitung"
        return ""

    def di_bawah_target(self) -> bool:
        """Whether the indicator fell short of its quarter target."""
        capaian = self.capaian
        return capaian is not None and capaian < SERATUS
