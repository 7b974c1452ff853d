"""The template context, built in one place from the domain values, already formatted."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from types import SimpleNamespace
from typing import Any

from pipeline import formatting
from pipeline.config import Config, Pejabat
from pipeline.model import Akumulasi, Pengukuran, predikat
from pipeline.periode import Periode


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
        "jabatan": value.jabatan,
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


def baris(p: Pengukuran, no: int, config: Config, isian_kosong: bool = False) -> SimpleNamespace:
    """One table row of an indicator. Rows are attribute objects, not dicts: a template reads
    `r.no` as an attribute first, and on a dict every such lookup fails once before it works,
    which dominates rendering a long table."""
    i = p.indikator
    return SimpleNamespace(
        **{
            "no": no,
            "unit": i.unit,
            "indikator": teks(i.nama),
            "satuan": i.satuan,
            "target_tahunan": formatting.angka(i.target_tahunan),
            "target": formatting.angka(p.target),
            "target_tw": [formatting.angka(t) for t in i.target_tw],
            "realisasi_tw": [formatting.angka(v) for v in p.realisasi_tw]
            + [""] * (4 - len(p.realisasi_tw)),
            # an average is shown to two decimals; the capaian is computed from the exact value
            "realisasi_kumulatif": formatting.angka(
                p.kumulatif, desimal=2 if i.akumulasi is Akumulasi.RATA_RATA else None
            ),
            "capaian_kumulatif": formatting.persen(p.capaian_kumulatif),
            "realisasi": "" if isian_kosong else formatting.angka(p.realisasi),
            "capaian": "" if isian_kosong else formatting.persen(p.capaian),
            "predikat": predikat(p.capaian, config.predikat),
            "keterangan": "" if isian_kosong else teks(p.keterangan or p.catatan),
        }
    )


def kelompok(
    pengukuran: Sequence[Pengukuran], config: Config, isian_kosong: bool = False
) -> list[SimpleNamespace]:
    """Rows grouped by sasaran (in order of first appearance), numbered straight through."""
    groups: dict[str, list[Pengukuran]] = {}
    for p in pengukuran:
        groups.setdefault(p.indikator.sasaran, []).append(p)
    out = []
    no = 0
    for sasaran, items in groups.items():
        rows = []
        for p in items:
            no += 1
            rows.append(baris(p, no, config, isian_kosong))
        out.append(SimpleNamespace(sasaran=teks(sasaran), baris=rows))
    return out


def urutan_sasaran(pengukuran: Sequence[Pengukuran]) -> list[Pengukuran]:
    """Measurements reordered so that each sasaran's indicators stand together."""
    groups: dict[str, list[Pengukuran]] = {}
    for p in pengukuran:
        groups.setdefault(p.indikator.sasaran, []).append(p)
    return [p for items in groups.values() for p in items]


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
