"""The memos of SOP 071/03: the Nota Dinas that sends the Format Isian to the Kasi and Kasubbag
with its return deadline (step 3), and the reminder to the units that have not returned by it.

A memo is signed, so its date is never the clock: the date given, else the date recorded for
step 3 (`sampaikan`). The deadline is step 4's Mutu Baku ("2 Hari") counted in working days
after the sending date (`kalender.tambah_hari_kerja`).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pipeline.documents import context as ctx
from pipeline.domain import formatting, jadwal
from pipeline.domain.errors import TanggalError
from pipeline.domain.periode import Periode
from pipeline.inputs.config import Config, load_config
from pipeline.store import kalender, rekaman
from pipeline.store.workspace import Workspace

BATAS_BAWAAN = 2  # hari kerja, SOP 071/03 langkah 4


@dataclass(frozen=True)
class HasilNotaDinas:
    """A memo written: its date, the return deadline, the units it goes to, the files."""

    tanggal: dt.date
    batas: dt.date
    unit: list[str]
    files: list[Path]
    pesan: str = ""  # the WhatsApp text of a reminder


def batas_hari(workspace: Path) -> int:
    """The working days allowed for the returns: the Mutu Baku of the step `himpun`."""
    from pipeline.inputs.sop import load_sops

    for sop in load_sops(workspace):
        for kegiatan in sop.kegiatan:
            if kegiatan.langkah == "himpun" and kegiatan.batas_waktu is not None:
                return max(1, kegiatan.batas_waktu.days)
    return BATAS_BAWAAN


def tanggal_kirim(ws: Workspace, periode: Periode, diberikan: dt.date | None) -> dt.date:
    """The sending date: given, else recorded for step `sampaikan`; never the clock."""
    if diberikan is not None:
        return diberikan
    recorded = rekaman.baca(ws.returns_dir(periode)).get("sampaikan")
    if recorded is None:
        raise TanggalError(
            f"tanggal {jadwal.LANGKAH['sampaikan']} belum dicatat; beri --tanggal YYYY-MM-DD "
            "(tanggal Nota Dinas)"
        )
    return recorded.tanggal


def _units(ws: Workspace, periode: Periode) -> list[str]:
    from pipeline.inputs.perjanjian import load_perjanjian

    items = load_perjanjian(ws.perjanjian_path(periode.tahun), periode.triwulan)
    return list(dict.fromkeys(i.unit for i in items))


def _kepada(config: Config, units: list[str]) -> list[str]:
    out = []
    for unit in units:
        found = config.unit(unit)
        kepala = found.kepala if found else None
        out.append(ctx.pejabat(kepala, f"Kepala {unit}")["jabatan"] if kepala else f"Kepala {unit}")
    return out


def _context(
    config: Config,
    periode: Periode,
    tanggal: dt.date,
    units: list[str],
    hal: str,
    isi: list[str],
    nomor: str,
    lampiran: str = "-",
) -> dict[str, Any]:
    context = ctx.common(config, periode, tanggal, False, f"Nota Dinas {periode.kode}")
    pengirim = ctx.pejabat(config.kasubbag_perencanaan, "Kepala Subbagian Perencanaan dan Keuangan")
    return context | {
        "kepada": ctx.teks(
            "\n".join(f"{n}. {k}" for n, k in enumerate(_kepada(config, units), start=1))
        ),
        "dari": pengirim["jabatan"],
        "tembusan": ctx.pejabat(config.camat)["jabatan"],
        "tanggal_surat": formatting.tanggal(tanggal),
        "nomor": nomor or "........................",
        "sifat": "Segera",
        "lampiran": lampiran,
        "hal": hal,
        "isi": isi,
        "pengirim": pengirim,
    }


def _render(ws: Workspace, config: Config, context: dict[str, Any], when: dt.date) -> bytes:
    from pipeline.documents.render import render_docx, template_path

    return render_docx(template_path(ws.root, "nota-dinas.docx"), context, when, config.tampilan)


def nota_dinas(
    workspace: Path, periode: Periode, tanggal: dt.date | None, nomor: str = ""
) -> HasilNotaDinas:
    """SOP 071/03 step 3: the Nota Dinas sending the Format Isian, with the return deadline;
    the sending date is recorded for step `sampaikan`."""
    from pipeline.store.ooxml import write_atomic

    ws = Workspace(workspace)
    config = load_config(workspace)
    when = tanggal_kirim(ws, periode, tanggal)
    hari = batas_hari(workspace)
    batas = kalender.tambah_hari_kerja(when, hari)
    units = _units(ws, periode)
    isi = [
        f"Dalam rangka penyusunan Pengukuran dan Laporan Kinerja {periode.label} "
        f"{config.instansi.nama.title()}, bersama ini kami sampaikan Format Isian "
        "Data Kinerja dan Format Pengukuran Kinerja untuk setiap unit kerja.",
        "Mohon Format Isian diisi realisasi, keterangan, faktor pendukung, faktor penghambat dan "
        f"upaya tindak lanjut, lalu dikembalikan paling lambat {_hari(batas)} "
        f"({hari} hari kerja sejak Nota Dinas ini).",
        "Demikian disampaikan, atas perhatian dan kerja samanya diucapkan terima kasih.",
    ]
    hal = f"Penyampaian Format Isian Data Kinerja {periode.label}"
    context = _context(config, periode, when, units, hal, isi, nomor, f"{len(units)} berkas")
    name = f"nota-dinas-format-isian-{periode.stem}.docx"
    path = ws.nota_dinas(periode) / name
    write_atomic(path, _render(ws, config, context, when))
    if tanggal is not None:
        rekaman.catat(ws.returns_dir(periode), jadwal.Tercatat("sampaikan", tanggal, None, ""))
    return HasilNotaDinas(when, batas, units, [path])


def pengingat(
    workspace: Path, periode: Periode, tanggal: dt.date, nomor: str = ""
) -> HasilNotaDinas:
    """The reminder to the units with no return in inputs/<tahun>/TW<n>/ once the deadline
    has passed: a Nota Dinas and a short WhatsApp text."""
    from pipeline.inputs.perjanjian import load_perjanjian
    from pipeline.inputs.returns import collect_returns
    from pipeline.store.ooxml import write_all_atomic

    ws = Workspace(workspace)
    config = load_config(workspace)
    kirim = tanggal_kirim(ws, periode, None)
    batas = kalender.tambah_hari_kerja(kirim, batas_hari(workspace))
    if tanggal <= batas:
        raise TanggalError(
            f"batas pengembalian Format Isian {_hari(batas)} belum lewat pada "
            f"{formatting.tanggal(tanggal)}; pengingat dibuat sesudah batas itu (--tanggal)"
        )
    indikator = load_perjanjian(ws.perjanjian_path(periode.tahun), periode.triwulan)
    folder = ws.returns_dir(periode)
    missing = collect_returns(folder, periode, indikator).missing if folder.is_dir() else []
    if not missing:
        raise TanggalError(
            f"semua unit sudah mengembalikan Format Isian {periode.label} di {folder}; "
            "pengingat tidak diperlukan"
        )
    isi = [
        f"Menindaklanjuti Nota Dinas tanggal {formatting.tanggal(kirim)} tentang Penyampaian "
        f"Format Isian Data Kinerja {periode.label}, sampai dengan batas "
        f"waktu {_hari(batas)} Format Isian unit kerja Saudara belum kami terima.",
        "Mohon Format Isian yang telah diisi segera disampaikan paling lambat "
        f"{_hari(kalender.tambah_hari_kerja(tanggal, 1))}.",
        "Demikian disampaikan, atas perhatian dan kerja samanya diucapkan terima kasih.",
    ]
    hal = f"Pengingat Pengembalian Format Isian Data Kinerja {periode.label}"
    context = _context(config, periode, tanggal, missing, hal, isi, nomor)
    stem = ws.nota_dinas(periode) / f"pengingat-{periode.stem}"
    pesan = pesan_wa(config, periode, missing, batas, kalender.tambah_hari_kerja(tanggal, 1))
    files = write_all_atomic(
        {
            stem.with_suffix(".docx"): _render(ws, config, context, tanggal),
            stem.with_name(stem.name + "-whatsapp.txt"): pesan.encode("utf-8"),
        }
    )
    return HasilNotaDinas(tanggal, batas, missing, files, pesan)


def pesan_wa(
    config: Config, periode: Periode, units: list[str], batas: dt.date, baru: dt.date
) -> str:
    """The short reminder to paste into WhatsApp."""
    lines = [
        "Assalamu'alaikum Wr. Wb. / Selamat pagi Bapak/Ibu,",
        f"Mengingatkan: Format Isian Data Kinerja {periode.label} "
        f"dari unit berikut belum kami terima (batas {_hari(batas)}):",
        *[f"- {unit}" for unit in units],
        f"Mohon dikirim paling lambat {_hari(baru)}. Terima kasih.",
        f"— Subbag Perencanaan dan Keuangan {config.instansi.nama.title()}",
    ]
    return "\n".join(lines) + "\n"


_HARI = ("Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu", "Minggu")


def _hari(tanggal: dt.date) -> str:
    """`Rabu, 9 Oktober 2024`."""
    return f"{_HARI[tanggal.weekday()]}, {formatting.tanggal(tanggal)}"
