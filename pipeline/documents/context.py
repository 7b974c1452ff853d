"""The template context, built in one place from the domain values, already formatted."""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Sequence
from dataclasses import replace
from decimal import Decimal
from types import SimpleNamespace
from typing import Any

from pipeline.domain import formatting
from pipeline.domain.model import Akumulasi, Pengukuran, Polaritas, label_predikat, predikat
from pipeline.domain.periode import Periode
from pipeline.inputs.config import Config, Pejabat


def teks(value: str) -> Any:
    """Text typed by a person, shown literally; line breaks kept (docxtpl Listing)."""
    if "\n" in value or "\r" in value:
        from docxtpl import Listing

        return Listing(value.replace("\r\n", "\n").replace("\r", "\n"))
    return value


def pejabat(value: Pejabat | None, jabatan: str = "") -> dict[str, str]:
    """A signature block's lines; dotted lines where the official is not known."""
    if value is None:
        return {
            "jabatan": jabatan,
            "nama": "(.................................)",
            "pangkat": "",
            "nip": "NIP. .................................",
        }
    return {
        # an acting official: "Plt. CAMAT AWAYAN"
        "jabatan": f"{value.status} {value.jabatan}" if value.status else value.jabatan,
        "nama": value.nama,
        "pangkat": value.pangkat,
        "nip": f"NIP. {formatting.nip(value.nip)}" if value.nip else "",
    }


def common(
    config: Config, periode: Periode, tanggal: dt.date | None, draft: bool, judul: str
) -> dict[str, Any]:
    """What every document shows: kop surat, period, place and date, the DRAFT mark."""
    instansi = config.instansi
    kontak = [
        f"Telepon {instansi.telepon}" if instansi.telepon else "",
        f"Pos-el {instansi.email}" if instansi.email else "",
        f"Laman {instansi.website}" if instansi.website else "",
    ]
    date_text = formatting.tanggal(tanggal) if tanggal else f"................ {periode.tahun}"
    return {
        "instansi": {
            "pemerintah": instansi.pemerintah.upper(),
            "nama": instansi.nama.upper(),
        },
        "alamat_kop": f"Alamat : {instansi.alamat} Kode Pos {instansi.kode_pos}",
        "kontak_kop": " · ".join(k for k in kontak if k),
        "periode": {"romawi": periode.romawi, "tahun": periode.tahun},
        "periode_label": periode.label,
        "tempat_tanggal": f"{instansi.kota}, {date_text}",
        "draft": draft,
        "judul_singkat": judul,
    }


RUPIAH = frozenset({"rupiah", "rp", "rp."})
JUTA = Decimal(1_000_000)
SATUAN_JUTA = "Juta Rupiah"


def dalam_juta(p: Pengukuran) -> bool:
    """Whether an indicator counts rupiah of a juta or more: a table with a column for every
    quarter has no room for "18.500.000.000" ten times over, so it shows such an indicator in
    juta rupiah (with a note that gives the full figures)."""
    i = p.indikator
    if i.satuan.strip().lower() not in RUPIAH:
        return False
    values = [i.target_tahunan, *i.target_tw, *p.realisasi_tw, p.kumulatif]
    return any(v is not None and abs(v) >= JUTA for v in values)


def _angka_juta(value: Decimal | None) -> str:
    if value is None:
        return formatting.angka(None)
    return formatting.angka((value / JUTA).quantize(Decimal("0.01")))


def baris(
    p: Pengukuran, no: int, config: Config, isian_kosong: bool = False, juta: bool = False
) -> SimpleNamespace:
    """One table row of an indicator; with `juta`, a rupiah indicator of a juta or more is
    written in juta rupiah (`dalam_juta`). Rows are attribute objects, not dicts: a template
    reads `r.no` as an attribute first, and on a dict every such lookup fails once before it
    works, which dominates rendering a long table."""
    i = p.indikator
    juta = juta and dalam_juta(p)
    angka = _angka_juta if juta else formatting.angka
    if i.polaritas.predikat:  # WTP, A...: the text, not its score
        return _baris_predikat(p, no, config, isian_kosong)
    return SimpleNamespace(
        **{
            "no": no,
            "unit": i.unit,
            "indikator": teks(i.nama),
            "satuan": SATUAN_JUTA if juta else i.satuan,
            "target_tahunan": angka(i.target_tahunan),
            "target": formatting.angka(p.target),
            "target_tw": [angka(t) for t in i.target_tw],
            "realisasi_tw": [angka(v) for v in p.realisasi_tw] + [""] * (4 - len(p.realisasi_tw)),
            # an average is shown to two decimals; the capaian is computed from the exact value
            "realisasi_kumulatif": angka(p.kumulatif)
            if juta
            else formatting.angka(
                p.kumulatif, desimal=2 if i.akumulasi is Akumulasi.RATA_RATA else None
            ),
            "capaian_kumulatif": formatting.persen(p.capaian_kumulatif),
            "realisasi": "" if isian_kosong else formatting.angka(p.realisasi),
            "capaian": "" if isian_kosong else formatting.persen(p.capaian),
            "predikat": predikat(p.capaian, config.predikat),
            "keterangan": "" if isian_kosong else teks(p.keterangan or p.catatan),
            "faktor_pendukung": teks(p.faktor_pendukung),
            "faktor_penghambat": teks(p.faktor_penghambat),
            "upaya": teks(p.upaya),
        }
    )


def _baris_predikat(p: Pengukuran, no: int, config: Config, isian_kosong: bool) -> SimpleNamespace:
    """The row of a predicate indicator: targets and realisasi as their texts (`WTP`, `A`)."""
    row = baris(replace(p, indikator=replace(p.indikator, polaritas=Polaritas.POSITIF)), no, config)
    label = functools.partial(label_predikat, p.indikator.polaritas)
    i = p.indikator
    row.target_tahunan = label(i.target_tahunan)
    row.target = label(p.target)
    row.target_tw = [label(t) for t in i.target_tw]
    row.realisasi_tw = [label(v) for v in p.realisasi_tw] + [""] * (4 - len(p.realisasi_tw))
    row.realisasi_kumulatif = label(p.kumulatif)
    if isian_kosong:
        row.realisasi = row.capaian = row.keterangan = ""
    else:
        row.realisasi = label(p.realisasi)
    return row


def kelompok(
    pengukuran: Sequence[Pengukuran],
    config: Config,
    isian_kosong: bool = False,
    juta: bool = False,
) -> list[SimpleNamespace]:
    """Rows grouped by sasaran (in order of first appearance), numbered straight through; `juta`
    as for `baris`."""
    groups: dict[str, list[Pengukuran]] = {}
    for p in pengukuran:
        groups.setdefault(p.indikator.sasaran, []).append(p)
    out = []
    no = 0
    for sasaran, items in groups.items():
        rows = []
        for p in items:
            no += 1
            rows.append(baris(p, no, config, isian_kosong, juta))
        out.append(SimpleNamespace(sasaran=teks(sasaran), baris=rows))
    return out


def urutan_sasaran(pengukuran: Sequence[Pengukuran]) -> list[Pengukuran]:
    """Measurements reordered so that each sasaran's indicators stand together."""
    groups: dict[str, list[Pengukuran]] = {}
    for p in pengukuran:
        groups.setdefault(p.indikator.sasaran, []).append(p)
    return [p for items in groups.values() for p in items]


def catatan_juta(pengukuran: Sequence[Pengukuran]) -> list[str]:
    """The note under a table that shows rupiah indicators in juta: which ones, and their full
    annual target and cumulative realisasi."""
    notes = []
    for no, p in enumerate(urutan_sasaran(pengukuran), start=1):  # numbered as in the table
        if dalam_juta(p):
            i = p.indikator
            notes.append(
                f"Indikator nomor {no} ({i.nama}) ditulis dalam juta rupiah; nilai lengkapnya: "
                f"target tahunan Rp {formatting.angka(i.target_tahunan)}, realisasi kumulatif "
                f"Rp {formatting.angka(p.kumulatif)}."
            )
    return notes


def catatan(pengukuran: Sequence[Pengukuran]) -> list[str]:
    """The notes under a table: why some indicators show '-'."""
    notes: list[str] = []
    missing_units = list(dict.fromkeys(p.indikator.unit for p in pengukuran if not p.dilaporkan))
    for unit in missing_units:
        notes.append(
            f"{unit} belum menyampaikan formulir; indikatornya ditandai '-' (belum dilaporkan)."
        )
    for p in pengukuran:
        if p.dilaporkan and p.catatan:
            notes.append(f"{p.indikator.nama} ({p.indikator.unit}): {p.catatan}.")
    return notes
