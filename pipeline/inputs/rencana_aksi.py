"""The Rencana Aksi: per indicator, the actions planned for each quarter (an optional sheet of
the Perjanjian Kinerja workbook), the units' account of carrying them out, and the check that
the quarterly targets of the Perjanjian Kinerja agree with its annual target."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from itertools import pairwise
from pathlib import Path

from pipeline.domain.errors import InputError, Lokasi, Masalah
from pipeline.domain.formatting import angka
from pipeline.domain.model import Akumulasi, Indikator, Polaritas
from pipeline.domain.periode import ROMAWI, parse_triwulan
from pipeline.inputs.grid import GridError, Table, normalise, read_grids_kept, visible_tables

HEADERS: dict[str, tuple[str, ...]] = {
    "unit": ("Unit", "Unit Kerja"),
    "indikator": ("Indikator Kinerja", "Indikator"),
    "triwulan": ("Triwulan", "TW"),
    "uraian": ("Rencana Aksi", "Aksi", "Kegiatan"),
    "target": ("Target", "Target Aksi", "Target Triwulan"),
}
REQUIRED = ("unit", "indikator", "triwulan", "uraian")
# the Format Isian's sheet where a unit reports each planned action
SHEET = "Rencana Aksi"
PELAKSANAAN = ("Terlaksana", "Sebagian", "Tidak terlaksana")
RETURN_HEADERS: dict[str, tuple[str, ...]] = {
    "unit": ("Unit", "Unit Kerja"),
    "indikator": ("Indikator Kinerja", "Indikator"),
    "uraian": ("Rencana Aksi", "Aksi"),
    "pelaksanaan": ("Pelaksanaan", "Status Pelaksanaan", "Realisasi Aksi"),
    "catatan": ("Catatan Pelaksanaan", "Catatan"),
}
RETURN_REQUIRED = ("indikator", "uraian", "pelaksanaan")
_PELAKSANAAN = {normalise(p): p for p in PELAKSANAAN} | {
    "sebagian terlaksana": "Sebagian",
    "belum terlaksana": "Tidak terlaksana",
    "tidak": "Tidak terlaksana",
    "ya": "Terlaksana",
}


@dataclass(frozen=True)
class Aksi:
    """One planned action of an indicator in one quarter, and how it was carried out."""

    unit: str
    indikator: str
    triwulan: int
    uraian: str
    target: str = ""
    pelaksanaan: str = ""  # one of PELAKSANAAN, or "" when not reported
    catatan: str = ""

    @property
    def kunci(self) -> tuple[str, str]:
        return (self.unit, self.indikator)


def load_rencana(path: Path, indikator: Sequence[Indikator]) -> list[Aksi]:
    """The planned actions of the year; [] when the workbook has no Rencana Aksi sheet. Every
    problem (unknown unit or indicator, unreadable quarter, empty action) is reported at once."""
    table = _table(path, HEADERS, REQUIRED)
    if table is None:
        return []
    known = {(normalise(i.unit), normalise(i.nama)): i for i in indikator}
    problems: list[Masalah] = []
    out: list[Aksi] = []
    for row, values in table.records():
        item = known.get(
            (normalise(values.get("unit") or ""), normalise(values["indikator"] or ""))
        )
        if item is None:
            problems.append(
                Masalah(
                    table.lokasi(row, "indikator"),
                    f"indikator '{values['indikator']}' unit '{values.get('unit')}' tidak ada di "
                    "sheet Perjanjian Kinerja; tulis unit dan indikator persis seperti di sana",
                )
            )
            continue
        try:
            triwulan = parse_triwulan(values["triwulan"] if values["triwulan"] is not None else "")
        except ValueError as exc:
            problems.append(Masalah(table.lokasi(row, "triwulan"), str(exc)))
            continue
        uraian = _teks(values["uraian"])
        if not uraian:
            problems.append(Masalah(table.lokasi(row, "uraian"), "kosong; isi rencana aksinya"))
            continue
        out.append(Aksi(item.unit, item.nama, triwulan, uraian, _target(values.get("target"))))
    if problems:
        raise InputError(problems, "Rencana Aksi di Perjanjian Kinerja bermasalah")
    return out


def _table(
    path: Path, headers: Mapping[str, tuple[str, ...]], required: tuple[str, ...]
) -> Table | None:
    try:
        grids = read_grids_kept(path)
    except GridError as exc:
        raise InputError([exc.masalah], "Perjanjian Kinerja tidak dapat dibaca") from None
    return next(visible_tables(grids, headers, required), None)


def _teks(value: object) -> str:
    """One line of text (a Shift+Enter inside a cell becomes a space: the merged data keeps one
    action per line)."""
    return " ".join(str(value or "").split())


def _target(value: object) -> str:
    if isinstance(value, bool) or value is None:
        return _teks(value)
    if isinstance(value, int | float):
        return angka(Decimal(str(value)))
    return _teks(value)


def per_indikator(aksi: Iterable[Aksi], triwulan: int) -> dict[tuple[str, str], list[Aksi]]:
    """The actions of one quarter, by (unit, indikator)."""
    out: dict[tuple[str, str], list[Aksi]] = {}
    for a in aksi:
        if a.triwulan == triwulan:
            out.setdefault(a.kunci, []).append(a)
    return out


def pelaksanaan(value: object) -> str | None:
    """A unit's answer read loosely (`sebagian`, `TERLAKSANA`…); "" when blank, None when it is
    none of the three."""
    text = normalise(value or "")
    if not text:
        return ""
    return _PELAKSANAAN.get(text)


def periksa_target(path: Path, indikator: Sequence[Indikator]) -> list[Masalah]:
    """Warnings, by row of the Perjanjian Kinerja, where the quarterly targets disagree with the
    annual target: a summed (`jumlah`) indicator whose quarters do not add up to it, or a level
    indicator where more is better whose targets fall."""
    from pipeline.inputs.perjanjian import HEADERS as PK_HEADERS
    from pipeline.inputs.perjanjian import REQUIRED as PK_REQUIRED

    table = _table(path, PK_HEADERS, PK_REQUIRED)
    rows = {}
    if table is not None:
        for row, values in table.records():
            key = (normalise(values.get("unit") or ""), normalise(values.get("indikator") or ""))
            rows.setdefault(key, row)
    out = []
    for item in indikator:
        pesan = _selisih_target(item)
        if pesan:
            row = rows.get((normalise(item.unit), normalise(item.nama)))
            lokasi = table.lokasi(row, "target_tahunan") if table else Lokasi(path.name)
            out.append(Masalah(lokasi, pesan))
    return out


def _selisih_target(item: Indikator) -> str:
    targets = item.target_tw
    label = f"indikator '{item.nama}' ({item.unit}): "
    if item.akumulasi is Akumulasi.JUMLAH:
        if item.target_tahunan is None or any(t is None for t in targets):
            return ""
        total = sum((t for t in targets if t is not None), Decimal(0))
        if total != item.target_tahunan:
            return (
                label + f"jumlah target TW I–IV ({angka(total)}) tidak sama dengan Target "
                f"Tahunan ({angka(item.target_tahunan)}) untuk Akumulasi jumlah; samakan "
                "targetnya"
            )
        return ""
    if item.akumulasi is not Akumulasi.TERAKHIR or item.polaritas is not Polaritas.POSITIF:
        # a negative level (a count of findings to date, say) may rightly rise through the year
        return ""
    known = [(k, t) for k, t in enumerate(targets, start=1) if t is not None]
    for (k1, a), (k2, b) in pairwise(known):
        if b < a:
            return (
                label + f"target TW {ROMAWI[k2]} ({angka(b)}) turun dari TW {ROMAWI[k1]} "
                f"({angka(a)}), padahal indikator ini tingkat (Akumulasi terakhir) dengan "
                "polaritas positif; periksa targetnya"
            )
    return ""


# columns of the merged data (pipeline.store.dataset), one action per line in each
KOLOM = (
    "Rencana Aksi",
    "Target Rencana Aksi",
    "Pelaksanaan Rencana Aksi",
    "Catatan Rencana Aksi",
)


def ke_kolom(aksi: Sequence[Aksi]) -> list[str]:
    """The actions of one indicator as the four columns of KOLOM; an empty entry is written
    `-`, so that the lines stay aligned when a reader trims a cell."""
    return [
        "\n".join(a.uraian for a in aksi),
        *("\n".join(getattr(a, name) or KOSONG for a in aksi) for name in _RINCIAN),
    ]


def dari_kolom(unit: str, indikator: str, triwulan: int, values: Sequence[str]) -> list[Aksi]:
    """The actions of one indicator read back from the four columns of KOLOM."""
    uraian = str(values[0] or "").strip().split("\n")
    if not any(u.strip() for u in uraian):
        return []
    rest = [str(v or "").strip().split("\n") for v in values[1:4]]
    out = []
    for index, text in enumerate(uraian):
        parts = [p[index].strip() if index < len(p) else "" for p in rest]
        fields = {name: "" if v == KOSONG else v for name, v in zip(_RINCIAN, parts, strict=True)}
        out.append(Aksi(unit, indikator, triwulan, text.strip(), **fields))
    return out


KOSONG = "-"
_RINCIAN = ("target", "pelaksanaan", "catatan")
