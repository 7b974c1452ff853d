"""The domain: an indicator of the Perjanjian Kinerja, and its measurement in one quarter."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, localcontext
from enum import Enum
from functools import cached_property

DEFAULT_PREDIKAT: tuple[tuple[Decimal, str], ...] = (
    (Decimal(91), "Sangat Baik"),
    (Decimal(76), "Baik"),
    (Decimal(66), "Cukup"),
    (Decimal(51), "Kurang"),
    (Decimal(0), "Sangat Kurang"),
)

# capaian above this counts as this much in an average (common practice in SAKIP evaluations)
DEFAULT_BATAS_CAPAIAN = Decimal(100)

SERATUS = Decimal(100)
# the predikat bands when kinerja.toml sets none (the domain's default; the config reads it)
DEFAULT_PREDIKAT: tuple[tuple[Decimal, str], ...] = (
    (Decimal(91), "Sangat Baik"),
    (Decimal(76), "Baik"),
    (Decimal(66), "Cukup"),
    (Decimal(51), "Kurang"),
    (Decimal(0), "Sangat Kurang"),
)
DUA_DESIMAL = Decimal("0.01")


class Polaritas(Enum):
    """How an indicator's capaian is computed (the PK workbook's Polaritas or Rumus Capaian):
    more is better (R/T), less is better ((2T−R)/T or T/R), or a predicate target whose texts
    are scored by a table (`SKALA`) and compared as R/T of their scores."""

    POSITIF = "positif"
    NEGATIF = "negatif"
    NEGATIF_RASIO = "negatif-rasio"
    OPINI = "opini"
    NILAI = "nilai"

    @property
    def predikat(self) -> bool:
        """Whether targets and realisasi are texts scored by `SKALA` (e.g. WTP, A)."""
        return self in SKALA


# the score of each predicate text; capaian = score(realisasi) ÷ score(target) × 100
SKALA: dict[Polaritas, dict[str, Decimal]] = {
    # opini BPK atas laporan keuangan
    Polaritas.OPINI: {
        "WTP": Decimal(100),
        "WDP": Decimal(75),
        "TW": Decimal(50),
        "TMP": Decimal(25),
    },
    # nilai/kategori (SAKIP, RB, SPIP...): the top of each band of PermenPAN-RB 88/2021
    Polaritas.NILAI: {
        "AA": Decimal(100),
        "A": Decimal(90),
        "BB": Decimal(80),
        "B": Decimal(70),
        "CC": Decimal(60),
        "C": Decimal(50),
        "D": Decimal(30),
        "E": Decimal(10),
    },
}


def skor_predikat(polaritas: Polaritas, value: object) -> Decimal | None:
    """The score of a predicate text (`WTP`, `a`, ` BB `); None when empty. ValueError, naming
    the texts allowed, when the text is not in the indicator's table."""
    if value is None or not str(value).strip():
        return None
    skala = SKALA[polaritas]
    text = str(value).strip().upper()
    if text not in skala:
        allowed = ", ".join(skala)
        raise ValueError(f"'{value}' bukan predikat yang dikenal; tulis salah satu: {allowed}")
    return skala[text]


def label_predikat(polaritas: Polaritas, score: Decimal | None) -> str:
    """The predicate text of a score (the reverse of `skor_predikat`); '-' when none."""
    if score is None:
        return "-"
    found = [label for label, value in SKALA[polaritas].items() if value == score]
    return found[0] if found else str(score)


class Akumulasi(Enum):
    """How quarter realisasi add up over the year: summed (counts), the latest (levels such as
    percentages), or averaged."""

    JUMLAH = "jumlah"
    TERAKHIR = "terakhir"
    RATA_RATA = "rata-rata"


def realisasi_kumulatif(values: list[Decimal | None], cara: Akumulasi) -> Decimal | None:
    """The year-to-date realisasi from quarters I…n; None when a quarter it needs is missing."""
    if not values:
        return None
    if cara is Akumulasi.TERAKHIR:
        return values[-1]
    if any(v is None for v in values):
        return None
    present = [v for v in values if v is not None]
    total = sum(present, Decimal(0))
    return total if cara is Akumulasi.JUMLAH else total / len(present)


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
    akumulasi: Akumulasi = Akumulasi.TERAKHIR
    # the end-of-plan (Renstra) target, when the Perjanjian Kinerja gives one
    target_renstra: Decimal | None = None
    # the quarter from which this version applies (a PK Perubahan: 2–4)
    berlaku_mulai: int = 1
    # the program/kegiatan and its budget, when the PK workbook gives them (for its lampiran)
    program: str = ""
    anggaran: Decimal | None = None

    def target(self, triwulan: int) -> Decimal | None:
        """The target of one quarter."""
        return self.target_tw[triwulan - 1]


def hitung_capaian(
    target: Decimal | None, realisasi: Decimal | None, polaritas: Polaritas
) -> Decimal | None:
    """Capaian in percent, two decimals; None where it cannot be computed (no realisasi, target 0).

    Positive polarity and predicate scores: realisasi ÷ target × 100. Negative polarity:
    (2 × target − realisasi) ÷ target × 100, floored at 0. Negative ratio: target ÷ realisasi ×
    100 (None when realisasi is 0: nothing happened, the best possible, with no finite ratio).
    """
    if target is None or realisasi is None or target == 0:
        return None
    if polaritas is Polaritas.NEGATIF_RASIO and realisasi == 0:
        return None
    # inputs are bounded (pipeline.inputs.numbers); enough digits are kept for the largest quotient
    with localcontext() as context:
        context.prec = 60
        if polaritas is Polaritas.NEGATIF:
            value = max(Decimal(0), (2 * target - realisasi) / target * SERATUS)
        elif polaritas is Polaritas.NEGATIF_RASIO:
            value = target / realisasi * SERATUS
        else:
            value = realisasi / target * SERATUS
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
    # realisasi of the earlier quarters of the year (TW I … TW n-1), None where not known
    sebelumnya: tuple[Decimal | None, ...] = ()
    # the date the unit gave its return: typed in the form, else the file's date
    tanggal_isian: dt.date | None = None
    # the causes behind the number and what the unit will do, as the unit wrote them
    faktor_pendukung: str = ""
    faktor_penghambat: str = ""
    upaya: str = ""

    @property
    def realisasi_tw(self) -> list[Decimal | None]:
        """Realisasi TW I … TW n."""
        return [*self.sebelumnya, self.realisasi]

    # the figures below are computed once per measurement (every document reads them, a row
    # several times): the fields they come from never change
    @cached_property
    def kumulatif(self) -> Decimal | None:
        return realisasi_kumulatif(self.realisasi_tw, self.indikator.akumulasi)

    @cached_property
    def capaian_kumulatif(self) -> Decimal | None:
        """Year-to-date realisasi against the annual target."""
        return hitung_capaian(
            self.indikator.target_tahunan, self.kumulatif, self.indikator.polaritas
        )

    @cached_property
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


def capaian_rata_rata(capaian: Sequence[Decimal | None], batas: Decimal | None) -> Decimal | None:
    """The average capaian of several indicators, each capped at `batas` first (common practice:
    100, so that one indicator far above its target cannot hide another below it); None when no
    indicator has a capaian."""
    values = [min(c, batas) if batas is not None else c for c in capaian if c is not None]
    if not values:
        return None
    return (sum(values, Decimal(0)) / len(values)).quantize(DUA_DESIMAL, rounding=ROUND_HALF_UP)
