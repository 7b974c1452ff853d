"""The Laporan Kinerja Triwulan's own words: the PermenPAN-RB 53/2014 sistematika scaled to a
quarter, every sentence built from the numbers, the office profile and what the units reported.

A sentence whose data is missing is either left out or says plainly that the data is not yet
there; no sentence is printed with an empty slot.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from pipeline.domain import formatting
from pipeline.domain.model import Pengukuran, capaian_rata_rata, hitung_capaian, predikat
from pipeline.domain.names import normalise
from pipeline.domain.periode import Periode
from pipeline.inputs.config import Config, Profil
from pipeline.inputs.keuangan import Keuangan, total
from pipeline.inputs.rencana_aksi import PELAKSANAAN, Aksi

# satuan whose figures read as bare numbers ("nilai 68,2"), not "68,2 nilai"
_TANPA_SATUAN = {"nilai", "indeks", "skor", "angka"}
_PERSEN = {"%", "persen"}
_RUPIAH = {"rupiah", "rp", "rp."}
NBSP = "\u00a0"


@dataclass(frozen=True)
class Sasaran:
    """One sasaran and its indicators, in the order of the Perjanjian Kinerja."""

    nama: str
    items: tuple[Pengukuran, ...]

    def rata_rata(self, batas: Decimal | None) -> Decimal | None:
        return capaian_rata_rata([p.capaian for p in self.items], batas)

    def rata_rata_kumulatif(self, batas: Decimal | None) -> Decimal | None:
        return capaian_rata_rata([p.capaian_kumulatif for p in self.items], batas)


def kelompok_sasaran(data: Sequence[Pengukuran]) -> list[Sasaran]:
    """The measurements grouped by sasaran, in order of first appearance."""
    groups: dict[str, list[Pengukuran]] = {}
    for p in data:
        groups.setdefault(p.indikator.sasaran, []).append(p)
    return [Sasaran(nama, tuple(items)) for nama, items in groups.items()]


def nilai(value: Decimal | None, satuan: str) -> str:
    """A figure with its unit as a sentence says it: `95%`, `Rp 1.250.000`, `3 kejadian`,
    `68,2` (a score has no unit to say)."""
    text = formatting.angka(value)
    unit = satuan.strip()
    if unit.lower() in _PERSEN:
        return f"{text}%"
    if unit.lower() in _RUPIAH:
        return f"Rp{NBSP}{text}"
    if not unit or unit.lower() in _TANPA_SATUAN:
        return text
    return f"{text} {unit.lower()}"


def persen(value: Decimal | None) -> str:
    return f"{formatting.persen(value)}%"


def kalimat(text: str) -> str:
    """Text typed by a unit, as one sentence: trimmed, ending in a full stop."""
    text = " ".join(text.split())
    return text if text.endswith((".", "!", "?")) else f"{text}."


def data_tahun_lalu(previous: Sequence[Pengukuran] | None) -> dict[tuple[str, str], Pengukuran]:
    """Last year's measurements of the same quarter, by unit and indicator name."""
    return {(normalise(p.indikator.unit), normalise(p.indikator.nama)): p for p in previous or ()}


def paragraf_target(s: Sasaran, periode: Periode, config: Config) -> str:
    """(1) Realisasi against this quarter's target, indicator by indicator."""
    forms = (
        "Indikator {nama} ditargetkan {target} pada {label} dan terealisasi {real}, "
        "sehingga capaiannya {cap} dengan predikat {pred}.",
        "Untuk indikator {nama}, realisasi sebesar {real} dibandingkan target {target} "
        "menghasilkan capaian {cap} ({pred}).",
        "Realisasi indikator {nama} tercatat {real} dari target {target}, atau capaian {cap} "
        "yang berpredikat {pred}.",
    )
    sentences = []
    for index, p in enumerate(s.items):
        i = p.indikator
        if p.capaian is None:
            sentences.append(
                f"Capaian indikator {i.nama} belum dapat dihitung ({p.catatan or 'belum diukur'})."
            )
            continue
        sentences.append(
            forms[index % len(forms)].format(
                nama=i.nama,
                target=nilai(p.target, i.satuan),
                real=nilai(p.realisasi, i.satuan),
                cap=persen(p.capaian),
                pred=predikat(p.capaian, config.predikat),
                label=periode.label,
            )
        )
    average = s.rata_rata(config.batas_capaian)
    if average is not None and len(s.items) > 1:
        sentences.append(
            f"Secara keseluruhan, rata-rata capaian sasaran ini sebesar {persen(average)} "
            f"dengan predikat {predikat(average, config.predikat)}."
        )
    return " ".join(sentences)


def paragraf_triwulan_lalu(s: Sasaran, periode: Periode) -> str:
    """(2) Against the previous quarter of the same year, with both figures."""
    if periode.triwulan == 1:
        return (
            f"{periode.label} merupakan triwulan pertama tahun {periode.tahun}, sehingga belum "
            "ada triwulan sebelumnya sebagai pembanding."
        )
    before = Periode(periode.tahun, periode.triwulan - 1)
    sentences = []
    for p in s.items:
        i = p.indikator
        previous = p.sebelumnya[-1] if p.sebelumnya else None
        lama = hitung_capaian(i.target(before.triwulan), previous, i.polaritas)
        if lama is None or p.capaian is None:
            sentences.append(
                f"Perbandingan indikator {i.nama} dengan {before.label} belum dapat disajikan "
                "karena capaian salah satu triwulan belum tersedia."
            )
            continue
        if p.capaian > lama:
            arah = "meningkat"
        elif p.capaian < lama:
            arah = "menurun"
        else:
            sentences.append(
                f"Capaian indikator {i.nama} stabil pada {persen(p.capaian)}, sama dengan "
                f"{before.label}."
            )
            continue
        sentences.append(
            f"Capaian indikator {i.nama} {arah} dari {persen(lama)} pada {before.label} "
            f"(realisasi {nilai(previous, i.satuan)}) menjadi {persen(p.capaian)} pada "
            f"{periode.label} (realisasi {nilai(p.realisasi, i.satuan)})."
        )
    return " ".join(sentences)


def paragraf_tahun_lalu(
    s: Sasaran, periode: Periode, lalu: dict[tuple[str, str], Pengukuran] | None
) -> str:
    """(3) Against the same quarter of last year, when the workspace holds its data."""
    label = f"{Periode(periode.tahun - 1, periode.triwulan).label}"
    if lalu is None:
        return (
            f"Data {label} belum tersedia dalam arsip kinerja, sehingga perbandingan dengan "
            "triwulan yang sama tahun lalu belum dapat disajikan."
        )
    sentences = []
    for p in s.items:
        i = p.indikator
        old = lalu.get((normalise(i.unit), normalise(i.nama)))
        if old is None or old.capaian is None:
            sentences.append(f"Indikator {i.nama} belum diukur pada {label}.")
            continue
        if p.capaian is None:
            sentences.append(
                f"Pada {label} capaian indikator {i.nama} sebesar {persen(old.capaian)}; "
                "capaian triwulan ini belum dapat dibandingkan."
            )
            continue
        arah = "lebih baik" if p.capaian > old.capaian else "lebih rendah"
        if p.capaian == old.capaian:
            arah = "sama"
        sentences.append(
            f"Dibandingkan {label} ({persen(old.capaian)}), capaian indikator {i.nama} tahun "
            f"ini ({persen(p.capaian)}) {arah}"
            + (" dengan tahun lalu." if arah == "sama" else " daripada tahun lalu.")
        )
    return " ".join(sentences)


def paragraf_kumulatif(s: Sasaran, periode: Periode) -> str:
    """(4) Year-to-date progress toward the annual target and, when given, the Renstra."""
    sentences = []
    for p in s.items:
        i = p.indikator
        if p.kumulatif is None or p.capaian_kumulatif is None:
            sentences.append(
                f"Realisasi kumulatif indikator {i.nama} belum dapat dihitung karena realisasi "
                "salah satu triwulan belum tersedia."
            )
            continue
        text = (
            f"Sampai dengan {periode.label}, realisasi kumulatif indikator {i.nama} sebesar "
            f"{nilai(p.kumulatif, i.satuan)} terhadap target tahunan "
            f"{nilai(i.target_tahunan, i.satuan)} ({persen(p.capaian_kumulatif)})"
        )
        renstra = hitung_capaian(i.target_renstra, p.kumulatif, i.polaritas)
        if renstra is not None:
            text += (
                f", atau {persen(renstra)} dari target akhir Renstra "
                f"{nilai(i.target_renstra, i.satuan)}"
            )
        sentences.append(text + ".")
    return " ".join(sentences)


def paragraf_faktor(s: Sasaran) -> str:
    """(5) Faktor pendukung and penghambat, as the units reported them."""
    sentences = []
    for p in s.items:
        i = p.indikator
        if p.faktor_pendukung:
            sentences.append(
                f"Faktor pendukung indikator {i.nama} menurut {i.unit}: "
                f"{kalimat(p.faktor_pendukung)}"
            )
        if p.faktor_penghambat:
            sentences.append(
                f"{i.unit} mencatat faktor penghambat pada indikator {i.nama}: "
                f"{kalimat(p.faktor_penghambat)}"
            )
    if not sentences:
        return (
            "Unit kerja belum melaporkan faktor pendukung maupun faktor penghambat untuk "
            "sasaran ini."
        )
    return " ".join(sentences)


def paragraf_upaya(s: Sasaran) -> str:
    """(6) The upaya/tindak lanjut the units propose."""
    sentences = [
        f"Untuk indikator {p.indikator.nama}, {p.indikator.unit} menetapkan upaya berikut: "
        f"{kalimat(p.upaya)}"
        for p in s.items
        if p.upaya
    ]
    if not sentences:
        return "Upaya dan tindak lanjut untuk sasaran ini belum dilaporkan oleh unit kerja."
    return " ".join(sentences)


def paragraf_rencana_aksi(s: Sasaran, aksi: Sequence[Aksi], periode: Periode) -> str:
    """(7) The Rencana Aksi of the sasaran's indicators this quarter and how far each was
    carried out; "" when the sasaran has no planned action (the paragraph is left out)."""
    names = {(p.indikator.unit, p.indikator.nama) for p in s.items}
    own = [a for a in aksi if a.kunci in names]
    if not own:
        return ""
    counts = {label: sum(a.pelaksanaan == label for a in own) for label in PELAKSANAAN}
    unreported = sum(not a.pelaksanaan for a in own)
    parts = [f"{n} {label.lower()}" for label, n in counts.items() if n]
    parts += [f"{unreported} belum dilaporkan"] if unreported else []
    sentences = [
        f"Pada {periode.label} direncanakan {len(own)} aksi untuk sasaran ini: "
        + ", ".join(parts)
        + "."
    ]
    for a in own:
        status = a.pelaksanaan.lower() if a.pelaksanaan else "belum dilaporkan pelaksanaannya"
        target = f" (target {a.target})" if a.target else ""
        text = (
            f"Aksi {kalimat(a.uraian).rstrip('.')}{target} pada indikator {a.indikator}: {status}"
        )
        sentences.append(text + (f"; {kalimat(a.catatan)}" if a.catatan else "."))
    return " ".join(sentences)


def analisis_sasaran(
    s: Sasaran,
    periode: Periode,
    config: Config,
    lalu: dict[tuple[str, str], Pengukuran] | None,
) -> list[dict[str, str]]:
    """The six analysis paragraphs of one sasaran, each with its short heading."""
    return [
        {"judul": "Realisasi dibandingkan target", "isi": paragraf_target(s, periode, config)},
        {"judul": "Dibandingkan triwulan sebelumnya", "isi": paragraf_triwulan_lalu(s, periode)},
        {
            "judul": "Dibandingkan triwulan yang sama tahun lalu",
            "isi": paragraf_tahun_lalu(s, periode, lalu),
        },
        {"judul": "Kemajuan menuju target tahunan", "isi": paragraf_kumulatif(s, periode)},
        {"judul": "Faktor pendukung dan penghambat", "isi": paragraf_faktor(s)},
        {"judul": "Upaya dan tindak lanjut", "isi": paragraf_upaya(s)},
    ]


def _jumlah_orang(counts: Sequence[tuple[str, int]], prefix: str) -> str:
    return ", ".join(f"{prefix}{name} sebanyak {n} orang" for name, n in counts)


def gambaran_umum(config: Config) -> list[dict[str, Any]]:
    """BAB I's gambaran umum: only the parts the profile gives (and the structure, which the
    configured units and officials always give)."""
    profil, nama = config.profil, formatting.judul(config.instansi.nama)
    parts: list[dict[str, Any]] = []
    if profil.tugas or profil.fungsi:
        isi = [profil.tugas] if profil.tugas else []
        if profil.fungsi:
            isi.append(f"Dalam melaksanakan tugas tersebut, {nama} menyelenggarakan fungsi:")
        parts.append({"judul": "Tugas dan Fungsi", "isi": isi, "butir": list(profil.fungsi)})
    parts.append(
        {
            "judul": "Struktur Organisasi",
            "isi": [
                f"{nama} dipimpin oleh Camat dan terdiri atas unit kerja berikut beserta "
                "pejabat yang memimpinnya:"
            ],
            "butir": _struktur(config),
        }
    )
    aparatur = _aparatur(profil, nama)
    if aparatur:
        parts.append({"judul": "Sumber Daya Aparatur", "isi": aparatur, "butir": []})
    wilayah = _wilayah(profil, nama)
    if wilayah:
        parts.append({"judul": "Wilayah", "isi": [wilayah], "butir": []})
    if profil.isu_strategis:
        parts.append(
            {
                "judul": "Isu Strategis",
                "isi": [f"Isu strategis yang dihadapi {nama} antara lain:"],
                "butir": list(profil.isu_strategis),
            }
        )
    for number, part in enumerate(parts, start=1):
        part["judul"] = f"{number}. {part['judul']}"
    return parts


def _struktur(config: Config) -> list[str]:
    lines = [f"{formatting.judul(config.camat.jabatan)}: {config.camat.nama}"]
    for unit in config.units:
        head = unit.kepala
        lines.append(f"{head.jabatan}: {head.nama}" if head else f"{unit.nama}")
    return lines


def _aparatur(profil: Profil, nama: str) -> list[str]:
    out = []
    if profil.golongan:
        jumlah = sum(n for _, n in profil.golongan)
        out.append(
            f"{nama} didukung oleh {jumlah} orang aparatur sipil negara, terdiri atas "
            f"{_jumlah_orang(profil.golongan, 'golongan ')}."
        )
    if profil.pendidikan:
        out.append(
            f"Menurut tingkat pendidikan, aparatur tersebut terdiri atas "
            f"{_jumlah_orang(profil.pendidikan, '')}."
        )
    return out


def _wilayah(profil: Profil, nama: str) -> str:
    parts = []
    if profil.desa is not None or profil.kelurahan is not None:
        units = []
        if profil.desa:
            units.append(f"{profil.desa} desa")
        if profil.kelurahan:
            units.append(f"{profil.kelurahan} kelurahan")
        if units:
            parts.append(f"meliputi {' dan '.join(units)}")
    if profil.luas_km2 is not None:
        parts.append(f"seluas {formatting.angka(profil.luas_km2)} km²")
    if profil.penduduk is not None:
        parts.append(f"dihuni {formatting.angka(Decimal(profil.penduduk))} jiwa penduduk")
    if not parts:
        return ""
    return f"Wilayah {nama} " + ", ".join(parts) + "."


def dasar_hukum(config: Config) -> list[str]:
    """The legal basis of the report."""
    laws = [
        "Peraturan Presiden Nomor 29 Tahun 2014 tentang Sistem Akuntabilitas Kinerja Instansi "
        "Pemerintah;",
        "Peraturan Menteri Pendayagunaan Aparatur Negara dan Reformasi Birokrasi Nomor 53 Tahun "
        "2014 tentang Petunjuk Teknis Perjanjian Kinerja, Pelaporan Kinerja dan Tata Cara Reviu "
        "atas Laporan Kinerja Instansi Pemerintah;",
        "Peraturan Menteri Pendayagunaan Aparatur Negara dan Reformasi Birokrasi Nomor 88 Tahun "
        "2021 tentang Evaluasi Akuntabilitas Kinerja Instansi Pemerintah;",
    ]
    if config.profil.peraturan_bupati:
        laws.append(kalimat(config.profil.peraturan_bupati).removesuffix(".") + ".")
    else:
        laws[-1] = laws[-1].removesuffix(";") + "."
    return laws


def efisiensi(
    sasaran: Sequence[Sasaran], keuangan: Sequence[Keuangan], config: Config
) -> list[str]:
    """Per sasaran: cumulative capaian against the absorption of the programs mapped to it."""
    if not keuangan:
        return []
    mapped = [k for k in keuangan if k.sasaran]
    if not mapped:
        return [
            "Program dalam Laporan Realisasi Keuangan belum dipetakan ke sasaran (kolom "
            "Sasaran), sehingga efisiensi per sasaran belum dapat dinilai."
        ]
    out = []
    for s in sasaran:
        programs = [k for k in mapped if normalise(k.sasaran) == normalise(s.nama)]
        kinerja = s.rata_rata_kumulatif(config.batas_capaian)
        serapan = total(programs).serapan if programs else None
        if serapan is None or kinerja is None:
            continue
        if kinerja >= serapan:
            nilai_ = "efisien: hasil yang dicapai lebih cepat daripada penggunaan anggarannya"
        else:
            nilai_ = (
                "kurang efisien: penggunaan anggaran mendahului hasil yang dicapai, sehingga "
                "perlu dicermati pada triwulan berikutnya"
            )
        out.append(
            f"Sasaran {s.nama}: capaian kumulatif rata-rata {persen(kinerja)} dengan serapan "
            f"anggaran programnya {persen(serapan)}; penggunaan sumber daya dinilai {nilai_}."
        )
    return out


def _utama(data: Sequence[Pengukuran], attr: str) -> Pengukuran | None:
    """The indicator furthest below target that reported `attr` (else any that did)."""
    with_text = [p for p in data if getattr(p, attr)]
    below = sorted(
        (p for p in with_text if p.di_bawah_target()), key=lambda p: p.capaian or Decimal(0)
    )
    return below[0] if below else (with_text[0] if with_text else None)


def ikhtisar(
    data: Sequence[Pengukuran],
    sasaran: Sequence[Sasaran],
    periode: Periode,
    config: Config,
    keuangan: Sequence[Keuangan],
) -> list[str]:
    """The Ikhtisar Eksekutif: targets met, best and worst sasaran, the main obstacle and next
    step, the budget absorption."""
    nama = formatting.judul(config.instansi.nama)
    measured = [p for p in data if p.capaian is not None]
    met = [p for p in measured if not p.di_bawah_target()]
    out = [
        f"Laporan ini menyajikan capaian kinerja {nama} pada {periode.label} atas {len(data)} "
        f"indikator dari {len(sasaran)} sasaran Perjanjian Kinerja Tahun {periode.tahun}."
    ]
    if not measured:
        out.append("Belum ada realisasi yang dilaporkan, sehingga capaian belum dapat dinilai.")
        return out
    average = capaian_rata_rata([p.capaian for p in measured], config.batas_capaian)
    out.append(
        f"Sebanyak {len(met)} dari {len(measured)} indikator yang dapat diukur mencapai atau "
        f"melampaui target triwulan, dengan rata-rata capaian {persen(average)} (predikat "
        f"{predikat(average, config.predikat)})."
    )
    ranked = [(s, s.rata_rata(config.batas_capaian)) for s in sasaran]
    ranked = [(s, a) for s, a in ranked if a is not None]
    if len(ranked) > 1:
        best = max(ranked, key=lambda x: x[1])
        worst = min(ranked, key=lambda x: x[1])
        if best[1] != worst[1]:
            out.append(
                f"Capaian tertinggi diraih sasaran {best[0].nama} ({persen(best[1])}), sedangkan "
                f"yang terendah adalah sasaran {worst[0].nama} ({persen(worst[1])})."
            )
    hambatan = _utama(data, "faktor_penghambat")
    if hambatan:
        out.append(
            f"Hambatan utama yang dilaporkan {hambatan.indikator.unit} pada indikator "
            f"{hambatan.indikator.nama}: {kalimat(hambatan.faktor_penghambat)}"
        )
    langkah = _utama(data, "upaya")
    if langkah:
        out.append(
            f"Langkah utama triwulan berikutnya ({langkah.indikator.unit}): "
            f"{kalimat(langkah.upaya)}"
        )
    if keuangan:
        jumlah = total(list(keuangan))
        out.append(
            f"Serapan anggaran sampai dengan {periode.label} mencapai {persen(jumlah.serapan)} "
            f"(Rp{NBSP}{formatting.angka(jumlah.realisasi, desimal=0)} dari "
            f"Rp{NBSP}{formatting.angka(jumlah.anggaran, desimal=0)})."
        )
    return out


def kesimpulan(
    data: Sequence[Pengukuran],
    sasaran: Sequence[Sasaran],
    periode: Periode,
    config: Config,
    keuangan: Sequence[Keuangan],
) -> list[str]:
    """BAB IV's conclusions, each drawn from a figure of the report."""
    measured = [p for p in data if p.capaian is not None]
    if not measured:
        return ["Capaian belum dapat dinilai karena belum ada realisasi yang dilaporkan."]
    average = capaian_rata_rata([p.capaian for p in measured], config.batas_capaian)
    below = [p for p in measured if p.di_bawah_target()]
    out = [
        f"Kinerja {periode.label} secara umum berpredikat {predikat(average, config.predikat)} "
        f"dengan rata-rata capaian {persen(average)}; {len(measured) - len(below)} dari "
        f"{len(measured)} indikator mencapai target."
    ]
    if below:
        names = ", ".join(f"{p.indikator.nama} ({persen(p.capaian)})" for p in below)
        out.append(f"Indikator yang belum mencapai target triwulan: {names}.")
    lagging = [
        s.nama
        for s in sasaran
        if (a := s.rata_rata(config.batas_capaian)) is not None and a < Decimal(100)
    ]
    if lagging:
        out.append(f"Sasaran yang memerlukan perhatian: {'; '.join(lagging)}.")
    kumulatif = capaian_rata_rata([p.capaian_kumulatif for p in data], config.batas_capaian)
    if kumulatif is not None:
        out.append(
            f"Sampai dengan {periode.label}, rata-rata capaian kumulatif terhadap target tahunan "
            f"sebesar {persen(kumulatif)}."
        )
    if keuangan:
        serapan = total(list(keuangan)).serapan
        if kumulatif is not None and serapan is not None:
            banding = "lebih tinggi daripada" if kumulatif >= serapan else "lebih rendah daripada"
            out.append(
                f"Capaian kumulatif tersebut {banding} serapan anggaran ({persen(serapan)})."
            )
    return out


def langkah_perbaikan(data: Sequence[Pengukuran]) -> list[str]:
    """The next quarter's steps: the units' upaya, those of indicators below target first."""
    ordered = sorted(
        (p for p in data if p.upaya), key=lambda p: (not p.di_bawah_target(), p.capaian or 0)
    )
    return [f"{p.indikator.unit} ({p.indikator.nama}): {kalimat(p.upaya)}" for p in ordered]


def kata_pengantar(config: Config, periode: Periode) -> list[str]:
    nama = formatting.judul(config.instansi.nama)
    return [
        "Puji syukur kami panjatkan ke hadirat Tuhan Yang Maha Esa, karena atas rahmat-Nya "
        f"Laporan Kinerja {periode.label} {nama} dapat diselesaikan.",
        "Laporan ini disusun sebagai wujud pertanggungjawaban atas pelaksanaan Perjanjian "
        f"Kinerja Tahun {periode.tahun}, sesuai Peraturan Presiden Nomor 29 Tahun 2014 dan "
        "Peraturan Menteri PANRB Nomor 53 Tahun 2014. Di dalamnya disajikan capaian setiap "
        "sasaran, perbandingannya dengan periode sebelumnya, faktor yang memengaruhinya, upaya "
        "tindak lanjut, serta realisasi anggaran.",
        "Kami menyampaikan terima kasih kepada seluruh unit kerja yang telah menyampaikan data "
        "kinerjanya. Semoga laporan ini bermanfaat sebagai bahan evaluasi dan perbaikan kinerja "
        "pada triwulan berikutnya.",
    ]


def daftar_isi(sasaran: Sequence[Sasaran]) -> list[dict[str, Any]]:
    """The entries of the Daftar Isi, each with the bookmark of its heading (the page number
    is a PAGEREF field, filled when Word or LibreOffice lays out the pages)."""
    indent = NBSP * 4
    entries = [
        ("KATA PENGANTAR", "kata_pengantar"),
        ("IKHTISAR EKSEKUTIF", "ikhtisar"),
        ("BAB I PENDAHULUAN", "bab1"),
        ("BAB II PERENCANAAN KINERJA", "bab2"),
        ("BAB III AKUNTABILITAS KINERJA", "bab3"),
        (f"{indent}A. Capaian Kinerja", "bab3a"),
    ]
    entries += [(f"{indent * 2}{s['judul']}", s["bookmark"]) for s in _judul_sasaran(sasaran)]
    entries += [
        (f"{indent}B. Realisasi Anggaran", "bab3b"),
        ("BAB IV PENUTUP", "bab4"),
        ("LAMPIRAN", "lampiran"),
    ]
    return [{"judul": judul, "bookmark": f"_Kinerja_{mark}"} for judul, mark in entries]


def _judul_sasaran(sasaran: Sequence[Sasaran]) -> list[dict[str, Any]]:
    return [
        {"judul": f"{no}. Sasaran {s.nama}", "bookmark": f"sasaran_{no}", "id": 100 + no}
        for no, s in enumerate(sasaran, start=1)
    ]
