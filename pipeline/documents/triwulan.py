"""Stage `olah`: from the merged data to the draft Pengukuran, Laporan and Format Isian terisi."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pipeline.documents import context as ctx
from pipeline.documents.chart import grafik_capaian
from pipeline.documents.render import Gambar, render_docx, template_path
from pipeline.domain import formatting
from pipeline.domain.model import Pengukuran, capaian_rata_rata, predikat
from pipeline.domain.periode import ROMAWI, Periode
from pipeline.domain.revisi import Revisi
from pipeline.inputs.config import Config
from pipeline.inputs.keuangan import Keuangan, total
from pipeline.inputs.rencana_aksi import Aksi
from pipeline.store import dataset
from pipeline.store.workspace import Workspace

JUDUL_PENGUKURAN = "Pengukuran Kinerja Triwulan"
JUDUL_LAPORAN = "Laporan Kinerja Triwulan"


@dataclass(frozen=True)
class Hasil:
    """What a stage wrote, and the warnings to show the operator."""

    files: list[Path]
    warnings: list[str]


def render_pengukuran(
    ws: Workspace,
    config: Config,
    periode: Periode,
    data: Sequence[Pengukuran],
    tanggal: dt.date,
    *options: Any,
    **named: Any,
) -> bytes:
    """The Pengukuran Kinerja Triwulan of the whole office, signed by the Camat (`options` as
    for `pengukuran_context`)."""
    context = pengukuran_context(config, periode, data, tanggal, *options, **named)
    return render_docx(
        template_path(ws.root, "pengukuran-kinerja.docx"), context, tanggal, config.tampilan
    )


def pengukuran_context(
    config: Config,
    periode: Periode,
    data: Sequence[Pengukuran],
    tanggal: dt.date,
    draft: bool = True,
    revisi: Revisi | None = None,
    catatan_lain: Sequence[str] = (),
    keuangan: Sequence[Keuangan] = (),
) -> dict[str, Any]:
    """What the Pengukuran template is filled with."""
    context = ctx.common(config, periode, tanggal, draft, _judul(JUDUL_PENGUKURAN, periode, revisi))
    context |= _revisi_context(revisi)
    context |= {
        "kelompok": ctx.kelompok(data, config, juta=True),
        "catatan": ctx.catatan(data) + ctx.catatan_juta(data) + list(catatan_lain),
        "camat": ctx.pejabat(config.camat),
    }
    return context | keuangan_context(keuangan)


def render_isian(
    ws: Workspace,
    config: Config,
    periode: Periode,
    unit: str,
    data: Sequence[Pengukuran],
    tanggal: dt.date | None,
    draft: bool,
    pengukuran: bool = False,
    kosong: bool = False,
    aksi: Sequence[Aksi] = (),
) -> bytes:
    """A unit's Format Isian (or Format Pengukuran), blank for filling or filled, for signing;
    with the quarter's planned actions (`aksi`) below the table, to tick or as reported."""
    name = "format-pengukuran.docx" if pengukuran else "format-isian.docx"
    judul = "Format Pengukuran Kinerja" if pengukuran else "Format Isian Data Kinerja"
    unit_config = config.unit(unit)
    context = ctx.common(config, periode, tanggal, draft, f"{judul} {periode.kode} – {unit}")
    context |= {
        "unit": unit,
        "kelompok": ctx.kelompok(data, config, isian_kosong=kosong),
        "catatan": [] if kosong else ctx.catatan(data),
        "kepala": ctx.pejabat(unit_config.kepala if unit_config else None, f"Kepala {unit}"),
        "rencana_aksi": rencana_aksi_context(aksi, kosong),
    }
    when = tanggal or dt.date(periode.tahun, 1, 1)
    return render_docx(template_path(ws.root, name), context, when, config.tampilan)


def rencana_aksi_context(aksi: Sequence[Aksi], kosong: bool) -> list[dict[str, Any]]:
    """The planned actions as the Format Isian prints them: boxes to tick on a blank form."""
    from pipeline.inputs.rencana_aksi import PELAKSANAAN

    boxes = "   ".join(f"\u2610 {p}" for p in PELAKSANAAN)
    return [
        {
            "no": no,
            "indikator": ctx.teks(a.indikator),
            "uraian": ctx.teks(a.uraian),
            "target": a.target or "-",
            "pelaksanaan": boxes if kosong else (a.pelaksanaan or "belum diisi"),
            "catatan": "" if kosong else ctx.teks(a.catatan or "-"),
        }
        for no, a in enumerate(aksi, start=1)
    ]


def aksi_unit(
    tambahan: dict[tuple[str, str], list[str]], items: Sequence[Pengukuran], triwulan: int
) -> list[Aksi]:
    """A unit's planned actions of the quarter, read back from the merged data's columns."""
    from pipeline.inputs.rencana_aksi import dari_kolom

    out = []
    for p in items:
        values = tambahan.get((p.indikator.unit, p.indikator.nama))
        if values:
            out += dari_kolom(p.indikator.unit, p.indikator.nama, triwulan, values[:4])
    return out


def render_laporan(
    ws: Workspace,
    config: Config,
    periode: Periode,
    data: Sequence[Pengukuran],
    tanggal: dt.date,
    draft: bool = True,
    revisi: Revisi | None = None,
    catatan_lain: Sequence[str] = (),
    keuangan: Sequence[Keuangan] = (),
    grafik: Callable[[], bytes] | None = None,
    aksi: Sequence[Aksi] = (),
) -> bytes:
    """The Laporan Kinerja Triwulan: BAB I–IV with the PK table and capaian per sasaran, and
    the Rencana Aksi of each sasaran (`aksi`) in its analysis."""
    data = ctx.urutan_sasaran(data)
    context = ctx.common(config, periode, tanggal, draft, _judul(JUDUL_LAPORAN, periode, revisi))
    context |= _revisi_context(revisi)
    below = [p for p in data if p.di_bawah_target()]
    context |= {
        "kelompok": ctx.kelompok(data, config),
        "sasaran": _per_sasaran(data, config),
        "di_bawah_target": [
            {
                "indikator": ctx.teks(p.indikator.nama),
                "unit": p.indikator.unit,
                "capaian": formatting.persen(p.capaian),
                "keterangan": ctx.teks(p.keterangan or "(tidak ada keterangan)"),
            }
            for p in below
        ],
        "catatan": ctx.catatan(data) + list(catatan_lain),
        "teks": _narasi(config, periode, data, below, keuangan),
        "camat": ctx.pejabat(config.camat),
    }
    context |= keuangan_context(keuangan)
    context |= _laporan_context(ws, config, periode, data, keuangan, aksi)
    title = f"Capaian Kinerja {periode.label}"
    chart = grafik() if grafik else grafik_capaian(data, title)
    context["grafik_capaian"] = Gambar(chart, 15.5)
    return render_docx(
        template_path(ws.root, "laporan-kinerja.docx"), context, tanggal, config.tampilan
    )


def _judul(judul: str, periode: Periode, revisi: Revisi | None) -> str:
    """The document's short title; the first signed version is the document itself, later
    ones say which revision they are."""
    text = f"{judul} {periode.romawi} {periode.tahun}"
    return f"{text} – Revisi {revisi.nomor}" if revisi and revisi.nomor > 1 else text


def _revisi_context(revisi: Revisi | None) -> dict[str, Any]:
    if revisi is None:
        return {"revisi": 0, "perubahan": [], "alasan_revisi": ""}
    return {
        "revisi": revisi.nomor,
        "alasan_revisi": ctx.teks(revisi.alasan),
        "perubahan": [
            {
                "unit": c.unit,
                "indikator": ctx.teks(c.indikator),
                "kolom": c.kolom,
                "lama": c.lama,
                "baru": c.baru,
            }
            for c in revisi.perubahan
        ],
    }


def _per_sasaran(data: Sequence[Pengukuran], config: Config) -> list[dict[str, Any]]:
    groups: dict[str, list[Pengukuran]] = {}
    for p in data:
        groups.setdefault(p.indikator.sasaran, []).append(p)
    out = []
    for no, (sasaran, items) in enumerate(groups.items(), start=1):
        average = capaian_rata_rata([p.capaian for p in items], config.batas_capaian)
        out.append(
            {
                "no": no,
                "sasaran": ctx.teks(sasaran),
                "jumlah": len(items),
                "capaian": formatting.persen(average),
                "predikat": predikat(average, config.predikat),
            }
        )
    return out


def _laporan_context(
    ws: Workspace,
    config: Config,
    periode: Periode,
    data: Sequence[Pengukuran],
    keuangan: Sequence[Keuangan],
    aksi: Sequence[Aksi] = (),
) -> dict[str, Any]:
    """The parts of the Laporan beyond the tables: cover, Kata Pengantar, Daftar Isi, Ikhtisar,
    BAB I–IV in words (pipeline.documents.laporan), the analysis per sasaran and the Lampiran."""
    from pipeline.documents import laporan as lap
    from pipeline.documents.render import logo_kop

    sasaran = lap.kelompok_sasaran(data)
    previous = _tahun_lalu(ws, periode)
    lalu = lap.data_tahun_lalu(previous) if previous is not None else None
    headings = lap._judul_sasaran(sasaran)
    logo = logo_kop(config.tampilan)
    return {
        "logo_sampul": Gambar(logo.png, tinggi_cm=4.5) if isinstance(logo, Gambar) else "",
        "kata_pengantar": lap.kata_pengantar(config, periode),
        "daftar_isi": lap.daftar_isi(sasaran),
        "ikhtisar": lap.ikhtisar(data, sasaran, periode, config, keuangan),
        "dasar_hukum": lap.dasar_hukum(config),
        "gambaran_umum": lap.gambaran_umum(config),
        "profil_contoh": config.profil.contoh,
        "analisis": [
            {
                **head,
                "kelompok": ctx.kelompok(s.items, config),
                "paragraf": lap.analisis_sasaran(s, periode, config, lalu)
                + _paragraf_aksi(lap.paragraf_rencana_aksi(s, aksi, periode)),
            }
            for head, s in zip(headings, sasaran, strict=True)
        ],
        "efisiensi": lap.efisiensi(sasaran, keuangan, config),
        "kesimpulan": lap.kesimpulan(data, sasaran, periode, config, keuangan),
        "langkah": lap.langkah_perbaikan(data),
        "lampiran": ctx.kelompok(data, config, juta=True),
        "catatan_lampiran": ctx.catatan_juta(data),
    }


def _paragraf_aksi(isi: str) -> list[dict[str, str]]:
    return [{"judul": "Rencana aksi", "isi": isi}] if isi else []


def _tahun_lalu(ws: Workspace, periode: Periode) -> list[Pengukuran] | None:
    """The merged data of the same quarter last year, when the workspace holds it."""
    from pipeline.store.revisions import latest_data

    path, _ = latest_data(ws, Periode(periode.tahun - 1, periode.triwulan))
    return dataset.read(path) if path is not None else None


def keuangan_context(rows: Sequence[Keuangan]) -> dict[str, Any]:
    """The finance table: anggaran, realisasi and serapan per Program/Kegiatan and in total."""

    def line(no: int | str, item: Keuangan) -> dict[str, Any]:
        return {
            "no": no,
            "program": ctx.teks(item.program),
            "anggaran": formatting.angka(item.anggaran, desimal=0),
            "realisasi": formatting.angka(item.realisasi, desimal=0),
            "serapan": formatting.persen(item.serapan),
        }

    if not rows:
        return {"keuangan": [], "keuangan_total": {}}
    return {
        "keuangan": [line(no, item) for no, item in enumerate(rows, start=1)],
        "keuangan_total": line("", total(list(rows))),
    }


def _narasi(
    config: Config,
    periode: Periode,
    data: Sequence[Pengukuran],
    below: Sequence[Pengukuran],
    keuangan: Sequence[Keuangan] = (),
) -> dict[str, str]:
    """The report's sentences, generated from the data."""
    nama = formatting.judul(config.instansi.nama)
    measured = [p for p in data if p.capaian is not None]
    met = [p for p in measured if not p.di_bawah_target()]
    average = capaian_rata_rata([p.capaian for p in measured], config.batas_capaian)
    sasaran_count = len({p.indikator.sasaran for p in data})
    ringkasan = (
        f"Pada {periode.label}, {nama} mengukur {len(data)} indikator kinerja dari "
        f"{sasaran_count} sasaran. Sebanyak {len(met)} dari {len(measured)} indikator yang dapat "
        f"diukur mencapai atau melampaui target triwulan, dengan rata-rata capaian "
        f"{formatting.persen(average)}% (predikat {predikat(average, config.predikat)})."
    )
    unmeasured = len(data) - len(measured)
    if not measured:
        ringkasan = (
            f"Pada {periode.label}, belum satu pun dari {len(data)} indikator kinerja {nama} "
            "dapat diukur, karena realisasinya belum dilaporkan (lihat catatan)."
        )
    elif unmeasured:
        ringkasan += f" Sebanyak {unmeasured} indikator belum dapat diukur (lihat catatan)."
    if not measured:
        di_bawah = "Capaian belum dapat dinilai karena belum ada realisasi yang dilaporkan."
    elif below:
        names = "; ".join(f"{p.indikator.nama} ({formatting.persen(p.capaian)}%)" for p in below)
        di_bawah = (
            f"Sebanyak {len(below)} indikator belum mencapai target triwulan, yaitu: {names}. "
            "Penjelasan dari unit kerja masing-masing disajikan pada tabel berikut."
        )
    else:
        di_bawah = "Seluruh indikator yang dapat diukur telah mencapai target triwulan."
    keuangan_text = "Laporan Realisasi Keuangan triwulan ini belum disampaikan."
    if keuangan:
        jumlah = total(list(keuangan))
        serapan = jumlah.serapan
        keuangan_text = (
            f"Sampai dengan akhir {periode.label}, realisasi keuangan sebesar Rp "
            f"{formatting.angka(jumlah.realisasi, desimal=0)} dari anggaran Rp "
            f"{formatting.angka(jumlah.anggaran, desimal=0)} (serapan "
            f"{formatting.persen(serapan)}%)."
        )
        if measured and average is not None and serapan is not None:
            arah = "lebih tinggi daripada" if average >= serapan else "lebih rendah daripada"
            keuangan_text += (
                f" Rata-rata capaian kinerja triwulan ini ({formatting.persen(average)}%) {arah} "
                "persentase serapan anggaran tersebut."
            )
    return {
        "keuangan": keuangan_text,
        "latar_belakang": (
            f"Laporan Kinerja {periode.label} disusun sebagai wujud akuntabilitas kinerja "
            f"{nama} sesuai Peraturan Presiden Nomor 29 Tahun 2014 tentang Sistem "
            "Akuntabilitas Kinerja Instansi Pemerintah. Data kinerja dihimpun dari Format Isian "
            "Data Kinerja Triwulan yang diisi oleh setiap Kepala Seksi dan Kepala Subbagian, "
            "berdasarkan Perjanjian Kinerja dan Laporan Realisasi Keuangan."
        ),
        "tujuan": (
            "Laporan ini bertujuan menyajikan capaian kinerja triwulan berupa indikator kinerja, "
            "target, realisasi dan persentase capaian kinerja, sebagai bahan evaluasi dan "
            "perbaikan kinerja pada triwulan berikutnya."
        ),
        "sistematika": (
            "Laporan ini terdiri atas Bab I Pendahuluan, Bab II Perencanaan Kinerja, Bab III "
            "Akuntabilitas Kinerja, dan Bab IV Penutup."
        ),
        "perencanaan": (
            f"Perjanjian Kinerja {nama} Tahun {periode.tahun} memuat {len(data)} indikator kinerja "
            f"dari {sasaran_count} sasaran dengan target tahunan dan target per triwulan sebagai "
            "berikut."
        ),
        "ringkasan": ringkasan,
        "di_bawah_target": di_bawah,
        "penutup": (
            f"Demikian Laporan Kinerja {periode.label} {nama} ini disusun. Indikator yang belum "
            "mencapai target menjadi perhatian unit kerja terkait untuk ditindaklanjuti pada "
            "triwulan berikutnya."
        ),
    }


def tanggal_unit(items: Sequence[Pengukuran]) -> dt.date | None:
    """The date of a unit's return (the unit head signs its Format Isian terisi that day)."""
    return max((p.tanggal_isian for p in items if p.tanggal_isian), default=None)


def versi_pk(ws: Workspace, periode: Periode) -> list[str]:
    """The note that says the quarter is measured against a PK Perubahan; none against the
    original PK (so adding a later version leaves the earlier quarters' documents unchanged)."""
    from pipeline.domain.errors import KinerjaError
    from pipeline.inputs.perjanjian import versi_perjanjian

    try:
        versi = [v for v in versi_perjanjian(ws.perjanjian_path(periode.tahun)) if v > 1]
    except KinerjaError:
        return []
    berlaku = [v for v in versi if v <= periode.triwulan]
    if not berlaku:
        return []
    return [
        f"Target diukur terhadap Perjanjian Kinerja Perubahan yang berlaku mulai Triwulan "
        f"{ROMAWI[berlaku[-1]]} {periode.tahun}; target triwulan sebelumnya tetap target "
        "Perjanjian Kinerja awal."
    ]
