"""Build the sample workspace's inputs for Kecamatan Awayan, 2024 (the repository root).

Writes inputs/2024/perjanjian-kinerja.xlsx and the filled returns of TW I–III the way section heads
send them: the distributed Format Isian filled in Excel, one as text with a decimal comma and a
percent sign, and one as a CSV saved by an Indonesian Excel (`;`, decimal comma). Deterministic.

    python scripts/make_sample_workspace.py
"""

from __future__ import annotations

import datetime as dt
import io
import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from openpyxl import Workbook, load_workbook  # noqa: E402
from openpyxl.styles import Font  # noqa: E402

from pipeline.domain.names import slug  # noqa: E402
from pipeline.domain.periode import Periode  # noqa: E402
from pipeline.inputs.config import load_config  # noqa: E402
from pipeline.inputs.perjanjian import COLUMN_TITLES, load_perjanjian  # noqa: E402
from pipeline.inputs.rencana_aksi import load_rencana  # noqa: E402
from pipeline.store.ooxml import stable_package, write_atomic  # noqa: E402
from pipeline.workflow.format_isian import CAUSE_HEADERS, ISIAN, PENGUKURAN, form_xlsx  # noqa: E402

TAHUN = 2024
# unit, sasaran, indikator, satuan, polaritas, tahunan, TW I–IV, realisasi TW I–III, ket. TW III
PK = [
    (
        "Sekretariat",
        "Meningkatnya akuntabilitas kinerja Kecamatan Awayan",
        "Nilai SAKIP Kecamatan",
        "Nilai",
        "positif",
        70,
        65,
        67,
        68,
        70,
        (65, 66.5, 68.2),
        "Nilai evaluasi internal naik setelah perbaikan dokumen Renja dan Renstra",
    ),
    (
        "Sekretariat",
        "Meningkatnya akuntabilitas kinerja Kecamatan Awayan",
        "Persentase dokumen perencanaan dan pelaporan yang disusun tepat waktu",
        "%",
        "positif",
        100,
        100,
        100,
        100,
        100,
        (100, 100, 100),
        "",
    ),
    (
        "Sekretariat",
        "Meningkatnya kualitas pelayanan publik kecamatan",
        "Indeks Kepuasan Masyarakat terhadap pelayanan kecamatan",
        "Nilai",
        "positif",
        82,
        80,
        81,
        81,
        82,
        (80.5, 81.2, 79.4),
        "Survei TW III menunjukkan antrean pelayanan KTP-el masih panjang",
    ),
    (
        "Subbag Perencanaan dan Keuangan",
        "Meningkatnya kualitas perencanaan dan keuangan",
        "Persentase serapan anggaran",
        "%",
        "positif",
        95,
        20,
        45,
        70,
        95,
        (18.4, 41.75, 66.3),
        "Pengadaan sarana kantor bergeser ke Oktober",
    ),
    (
        "Subbag Perencanaan dan Keuangan",
        "Meningkatnya kualitas perencanaan dan keuangan",
        "Persentase laporan keuangan yang disampaikan tepat waktu",
        "%",
        "positif",
        100,
        100,
        100,
        100,
        100,
        (100, 100, 100),
        "",
    ),
    (
        "Subbag Perencanaan dan Keuangan",
        "Meningkatnya kualitas perencanaan dan keuangan",
        "Jumlah temuan pemeriksaan atas pengelolaan keuangan",
        "Temuan",
        "negatif",
        2,
        1,
        1,
        2,
        2,
        (0, 1, 1),
        "",
    ),
    (
        "Subbag Umum dan Kepegawaian",
        "Meningkatnya kualitas administrasi umum dan kepegawaian",
        "Persentase ASN yang mengikuti pengembangan kompetensi",
        "%",
        "positif",
        100,
        25,
        50,
        75,
        100,
        (25, 46, 75),
        "",
    ),
    (
        "Subbag Umum dan Kepegawaian",
        "Meningkatnya kualitas administrasi umum dan kepegawaian",
        "Persentase surat masuk yang terdisposisi dalam 1 hari kerja",
        "%",
        "positif",
        95,
        95,
        95,
        95,
        95,
        (96.2, 97, 97.5),
        "Aplikasi surat elektronik mulai dipakai semua seksi",
    ),
    (
        "Subbag Umum dan Kepegawaian",
        "Meningkatnya kualitas administrasi umum dan kepegawaian",
        "Persentase sarana dan prasarana kantor dalam kondisi baik",
        "%",
        "positif",
        90,
        85,
        85,
        88,
        90,
        (85, 86, 88),
        "",
    ),
    (
        "Seksi Pemerintahan",
        "Meningkatnya kualitas penyelenggaraan pemerintahan desa",
        "Persentase desa yang menyampaikan laporan penyelenggaraan pemerintahan desa tepat waktu",
        "%",
        "positif",
        100,
        100,
        100,
        100,
        100,
        (88.89, 94.44, 100),
        "",
    ),
    (
        "Seksi Pemerintahan",
        "Meningkatnya kualitas penyelenggaraan pemerintahan desa",
        "Jumlah desa yang dibina administrasi pemerintahannya",
        "Desa",
        "positif",
        18,
        4,
        5,
        5,
        4,
        (4, 5, 5),
        "",
    ),
    (
        "Seksi Pemerintahan",
        "Meningkatnya kualitas penyelenggaraan pemerintahan desa",
        "Persentase sengketa batas desa yang terselesaikan",
        "%",
        "positif",
        100,
        100,
        100,
        100,
        100,
        (100, 50, 50),
        "Sengketa batas Desa Awayan Hilir dan Badalungga menunggu penegasan Bagian Pemerintahan",
    ),
    (
        "Seksi Ketentraman dan Ketertiban Umum",
        "Meningkatnya ketentraman dan ketertiban umum",
        "Jumlah gangguan ketentraman dan ketertiban umum",
        "Kejadian",
        "negatif",
        12,
        3,
        3,
        3,
        3,
        (2, 4, 3),
        "",
    ),
    (
        "Seksi Ketentraman dan Ketertiban Umum",
        "Meningkatnya ketentraman dan ketertiban umum",
        "Persentase pelanggaran Peraturan Daerah yang ditindaklanjuti",
        "%",
        "positif",
        100,
        100,
        100,
        100,
        100,
        (100, 100, 100),
        "",
    ),
    (
        "Seksi Ketentraman dan Ketertiban Umum",
        "Meningkatnya ketentraman dan ketertiban umum",
        "Jumlah patroli ketentraman dan ketertiban",
        "Kali",
        "positif",
        48,
        12,
        12,
        12,
        12,
        (12, 13, 12),
        "",
    ),
    (
        "Seksi Pemberdayaan Masyarakat Desa",
        "Meningkatnya keberdayaan masyarakat desa",
        "Persentase desa yang menyalurkan Dana Desa tepat waktu",
        "%",
        "positif",
        100,
        100,
        100,
        100,
        100,
        (83.33, 100, 94.44),
        "Satu desa terlambat karena pergantian bendahara",
    ),
    (
        "Seksi Pemberdayaan Masyarakat Desa",
        "Meningkatnya keberdayaan masyarakat desa",
        "Jumlah kelompok masyarakat yang dibina",
        "Kelompok",
        "positif",
        24,
        6,
        6,
        6,
        6,
        (6, 7, 6),
        "",
    ),
    (
        "Seksi Pemberdayaan Masyarakat Desa",
        "Meningkatnya keberdayaan masyarakat desa",
        "Jumlah anggaran Dana Desa yang dipantau",
        "Rupiah",
        "positif",
        18500000000,
        4625000000,
        4625000000,
        4625000000,
        4625000000,
        (4625000000, 4410500000, 4700250000.5),
        "Pencairan tahap II Dana Desa lebih cepat dari jadwal",
    ),
    (
        "Seksi Kesejahteraan Sosial",
        "Meningkatnya kesejahteraan sosial masyarakat",
        "Persentase bantuan sosial yang tersalurkan tepat sasaran",
        "%",
        "positif",
        100,
        100,
        100,
        100,
        100,
        (98.5, 99, 100),
        "",
    ),
    (
        "Seksi Kesejahteraan Sosial",
        "Meningkatnya kesejahteraan sosial masyarakat",
        "Jumlah penyandang masalah kesejahteraan sosial yang difasilitasi",
        "Orang",
        "positif",
        120,
        30,
        30,
        30,
        30,
        (28, 31, 31),
        "Ada tambahan fasilitasi dari program Dinas Sosial kabupaten",
    ),
    (
        "Seksi Kesejahteraan Sosial",
        "Meningkatnya kesejahteraan sosial masyarakat",
        "Persentase rumah ibadah yang dibina",
        "%",
        "positif",
        80,
        20,
        40,
        60,
        80,
        (20, 40, 55),
        "Dua pembinaan dijadwalkan ulang ke TW IV",
    ),
]


# counts that add up over the year; every other indicator is a level (the latest quarter counts)
AKUMULASI = {
    "Jumlah desa yang dibina administrasi pemerintahannya": "jumlah",
    "Jumlah gangguan ketentraman dan ketertiban umum": "jumlah",
    "Jumlah patroli ketentraman dan ketertiban": "jumlah",
    "Jumlah kelompok masyarakat yang dibina": "jumlah",
    "Jumlah anggaran Dana Desa yang dipantau": "jumlah",
    "Jumlah penyandang masalah kesejahteraan sosial yang difasilitasi": "jumlah",
    "Indeks Kepuasan Masyarakat terhadap pelayanan kecamatan": "rata-rata",
}


# end-of-plan (Renstra 2021–2026) targets of some indicators
RENSTRA = {
    "Nilai SAKIP Kecamatan": 75,
    "Indeks Kepuasan Masyarakat terhadap pelayanan kecamatan": 85,
    "Persentase rumah ibadah yang dibina": 100,
}

# faktor pendukung, faktor penghambat, upaya / tindak lanjut, as the units typed them
PENYEBAB: dict[tuple[str, int], tuple[str, str, str]] = {
    ("Nilai SAKIP Kecamatan", 3): (
        "Dokumen Renja dan Renstra telah direviu bersama Bagian Organisasi",
        "",
        "Menyusun rencana aksi perbaikan atas rekomendasi evaluasi SAKIP tahun lalu",
    ),
    ("Indeks Kepuasan Masyarakat terhadap pelayanan kecamatan", 2): (
        "Petugas loket pelayanan bertambah satu orang",
        "",
        "",
    ),
    ("Indeks Kepuasan Masyarakat terhadap pelayanan kecamatan", 3): (
        "",
        "Antrean perekaman KTP-el panjang karena alat perekaman sempat rusak selama dua minggu",
        "Mengajukan perbaikan alat perekaman ke Disdukcapil dan membuka layanan jemput bola "
        "di desa terjauh",
    ),
    ("Persentase serapan anggaran", 1): (
        "",
        "Dokumen pelaksanaan anggaran baru disahkan pada pertengahan Februari",
        "Mempercepat proses pengadaan barang dan jasa pada triwulan II",
    ),
    ("Persentase serapan anggaran", 3): (
        "Belanja pegawai dan operasional kantor terealisasi sesuai jadwal",
        "Pengadaan sarana kantor bergeser ke bulan Oktober karena penyesuaian spesifikasi",
        "Menuntaskan pengadaan sarana kantor paling lambat pertengahan November",
    ),
    ("Persentase ASN yang mengikuti pengembangan kompetensi", 2): (
        "",
        "Dua pegawai batal mengikuti bimbingan teknis karena bertugas pada pemilihan umum",
        "Menjadwalkan ulang keikutsertaan pada bimbingan teknis triwulan III",
    ),
    ("Persentase ASN yang mengikuti pengembangan kompetensi", 3): (
        "Tersedia pelatihan daring gratis dari BPSDM Provinsi Kalimantan Selatan",
        "",
        "",
    ),
    (
        "Persentase desa yang menyampaikan laporan penyelenggaraan pemerintahan desa tepat waktu",
        3,
    ): (
        "Pendampingan penyusunan laporan oleh Seksi Pemerintahan di setiap desa",
        "",
        "",
    ),
    ("Persentase sengketa batas desa yang terselesaikan", 3): (
        "",
        "Sengketa batas Desa Awayan Hilir dan Badalungga masih menunggu penegasan batas oleh "
        "Bagian Pemerintahan Setda",
        "Memfasilitasi rapat penegasan batas bersama kedua desa dan Bagian Pemerintahan pada "
        "bulan November",
    ),
    ("Jumlah gangguan ketentraman dan ketertiban umum", 3): (
        "Patroli rutin bersama Polsek dan Koramil berjalan setiap pekan",
        "",
        "Menambah patroli malam menjelang akhir tahun",
    ),
    ("Persentase desa yang menyalurkan Dana Desa tepat waktu", 3): (
        "",
        "Satu desa terlambat menyalurkan Dana Desa tahap III karena pergantian bendahara desa",
        "Mendampingi desa yang terlambat menyelesaikan administrasi pencairan tahap III",
    ),
    ("Persentase rumah ibadah yang dibina", 3): (
        "Kerja sama dengan Kantor Urusan Agama dalam pembinaan pengurus rumah ibadah",
        "Jarak ke beberapa desa cukup jauh dan kendaraan dinas terbatas",
        "Menggabungkan pembinaan rumah ibadah dengan jadwal kunjungan kerja Camat ke desa",
    ),
}

# the day the units began returning their forms, each quarter (a unit returns 0–2 days later)
TANGGAL_ISIAN = {1: dt.date(2024, 4, 2), 2: dt.date(2024, 7, 2), 3: dt.date(2024, 10, 1)}


# the Rencana Aksi sheet of the PK: (unit, indikator, triwulan, rencana aksi, target)
RENCANA_AKSI = [
    (
        "Sekretariat",
        "Nilai SAKIP Kecamatan",
        "III",
        "Menyusun Laporan Kinerja Triwulan II",
        "1 dokumen",
    ),
    (
        "Sekretariat",
        "Nilai SAKIP Kecamatan",
        "III",
        "Reviu Rencana Aksi bersama Inspektorat",
        "1 kali",
    ),
    (
        "Seksi Pemerintahan",
        "Jumlah desa yang dibina administrasi pemerintahannya",
        "III",
        "Kunjungan pembinaan administrasi ke desa",
        5,
    ),
    (
        "Seksi Ketentraman dan Ketertiban Umum",
        "Jumlah patroli ketentraman dan ketertiban",
        "III",
        "Patroli gabungan bersama Polsek dan Koramil",
        12,
    ),
    (
        "Seksi Ketentraman dan Ketertiban Umum",
        "Jumlah patroli ketentraman dan ketertiban",
        "IV",
        "Patroli menjelang pergantian tahun",
        12,
    ),
    (
        "Seksi Kesejahteraan Sosial",
        "Persentase rumah ibadah yang dibina",
        "III",
        "Pembinaan pengurus rumah ibadah",
        "60%",
    ),
]
# how the units report them in TW III: (unit, rencana aksi) -> (pelaksanaan, catatan)
PELAKSANAAN_AKSI = {
    ("Sekretariat", "Menyusun Laporan Kinerja Triwulan II"): ("Terlaksana", ""),
    ("Sekretariat", "Reviu Rencana Aksi bersama Inspektorat"): (
        "Sebagian",
        "Reviu baru mencakup dua dari tiga sasaran; dilanjutkan Oktober",
    ),
    ("Seksi Pemerintahan", "Kunjungan pembinaan administrasi ke desa"): ("Terlaksana", ""),
    (
        "Seksi Ketentraman dan Ketertiban Umum",
        "Patroli gabungan bersama Polsek dan Koramil",
    ): ("Tidak terlaksana", "Personel Polsek dialihkan ke pengamanan Pilkada"),
}
# the TW III evidence missing on purpose: the Lembar Verifikasi shows it as a finding
BUKTI_HILANG = ("Subbag Umum dan Kepegawaian", "Persentase sarana dan prasarana kantor")


def write_perjanjian() -> Path:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "PK 2024"
    sheet.append(["PERJANJIAN KINERJA KECAMATAN AWAYAN TAHUN 2024"])
    sheet.append([])
    sheet.append(COLUMN_TITLES)
    for cell in sheet[3]:
        cell.font = Font(bold=True)
    for row in PK:
        sheet.append([*row[:10], AKUMULASI.get(row[2], "terakhir"), RENSTRA.get(row[2])])
    for index, width in enumerate([34, 44, 60, 10, 10, 16, 14, 14, 14, 14, 12, 14], start=1):
        sheet.column_dimensions[sheet.cell(3, index).column_letter].width = width
    aksi = workbook.create_sheet("Rencana Aksi")
    aksi.append(["RENCANA AKSI KECAMATAN AWAYAN TAHUN 2024"])
    aksi.append([])
    aksi.append(["Unit", "Indikator Kinerja", "Triwulan", "Rencana Aksi", "Target"])
    for row in RENCANA_AKSI:
        aksi.append(list(row))
    path = ROOT / "inputs" / str(TAHUN) / "perjanjian-kinerja.xlsx"
    _save(workbook, path)
    return path


def _save(workbook: Workbook, path: Path) -> None:
    buffer = io.BytesIO()
    workbook.save(buffer)
    write_atomic(path, stable_package(buffer.getvalue(), dt.date(TAHUN, 1, 2)))


def write_returns() -> list[Path]:
    config = load_config(ROOT)
    indikator = load_perjanjian(ROOT / "inputs" / str(TAHUN) / "perjanjian-kinerja.xlsx")
    rencana = load_rencana(ROOT / "inputs" / str(TAHUN) / "perjanjian-kinerja.xlsx", indikator)
    shutil.rmtree(ROOT / "inputs" / str(TAHUN) / "TW3" / "bukti", ignore_errors=True)
    realisasi = {(r[0], r[2]): (r[10], r[11]) for r in PK}
    written = []
    for triwulan in (1, 2, 3):
        periode = Periode(TAHUN, triwulan)
        folder = ROOT / "inputs" / str(TAHUN) / periode.kode
        units = list(dict.fromkeys(i.unit for i in indikator))
        for unit in units:
            items = [i for i in indikator if i.unit == unit]
            if unit == "Seksi Kesejahteraan Sosial" and triwulan == 3:
                written.append(_csv_return(folder, periode, items, realisasi))
                _bukti(folder, unit, items, None, 0, {})
                continue
            jenis = PENGUKURAN if unit == "Seksi Pemerintahan" else ISIAN
            planned = [a for a in rencana if a.unit == unit and a.triwulan == triwulan]
            data = form_xlsx(config, periode, unit, items, jenis, dt.date(TAHUN, 1, 1), planned)
            workbook = load_workbook(io.BytesIO(data))
            sheet = workbook.active
            header = next(r for r in range(1, 20) if sheet.cell(r, 1).value == "No")
            columns = {sheet.cell(header, c).value: c for c in range(1, sheet.max_column + 1)}
            real_col = next(c for name, c in columns.items() if name.startswith("Realisasi"))
            for offset, item in enumerate(items, start=1):
                values, note = realisasi[(unit, item.nama)]
                value: object = values[triwulan - 1]
                if unit == "Subbag Umum dan Kepegawaian" and triwulan == 3 and offset == 2:
                    value = "97,5"  # typed as text with a decimal comma
                if unit == "Subbag Umum dan Kepegawaian" and triwulan == 3 and offset == 3:
                    value = "88 %"
                sheet.cell(header + offset, real_col, value)
                if triwulan == 3 and note:
                    sheet.cell(header + offset, columns["Keterangan"], note)
                causes = PENYEBAB.get((item.nama, triwulan), ("", "", ""))
                for name, text in zip(CAUSE_HEADERS, causes, strict=True):
                    if text:
                        sheet.cell(header + offset, columns[name], text)
            sheet["C7"] = TANGGAL_ISIAN[triwulan] + dt.timedelta(days=units.index(unit) % 3)
            if triwulan == 3:
                _fill_aksi(workbook, unit)
                _bukti(folder, unit, items, sheet, header, columns)
            if unit == "Seksi Ketentraman dan Ketertiban Umum":
                sheet.title = "TW " + periode.romawi  # renamed sheet, as people do
            path = folder / f"{jenis}-{slug(unit)}-{TAHUN}-{periode.kode}.xlsx"
            _save(workbook, path)
            written.append(path)
    return written


def _fill_aksi(workbook, unit: str) -> None:
    """The unit's answers on the form's Rencana Aksi sheet (some units leave it blank)."""
    if "Rencana Aksi" not in workbook.sheetnames:
        return
    sheet = workbook["Rencana Aksi"]
    for row in range(6, sheet.max_row + 1):
        answer = PELAKSANAAN_AKSI.get((unit, sheet.cell(row, 3).value))
        if answer:
            sheet.cell(row, 5, answer[0])
            sheet.cell(row, 6, answer[1] or None)


def _bukti(folder: Path, unit: str, items, sheet, header: int, columns) -> None:
    """Evidence files: a subfolder per indicator, or a file named in the Bukti Dukung column;
    one indicator is left without (BUKTI_HILANG)."""
    root = folder / "bukti" / slug(unit)
    for offset, item in enumerate(items, start=1):
        if unit == BUKTI_HILANG[0] and item.nama.startswith(BUKTI_HILANG[1]):
            continue
        text = f"Bukti dukung {item.nama}\n{unit}, Triwulan III 2024\n"
        if offset == 1 and sheet is not None:
            name = f"laporan-{slug(item.nama)[:24]}.pdf"
            data = _pdf(text)
            write_atomic(root / name, data)
            sheet.cell(header + offset, columns["Bukti Dukung"], name)
        else:
            write_atomic(root / slug(item.nama) / "notulen.txt", text.encode())


def _pdf(text: str) -> bytes:
    """A one-page PDF holding `text` (a scanned report stands in for it in the sample)."""
    lines = " ".join(f"({t}) Tj 0 -16 Td" for t in text.strip().split("\n"))
    stream = f"BT /F1 11 Tf 72 760 Td {lines} ET".encode("latin-1", "replace")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
        b"/Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = b"%PDF-1.4\n"
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return out


def _csv_return(folder: Path, periode: Periode, items, realisasi) -> Path:
    """A return re-typed into a CSV by an Indonesian Excel: `;` and a decimal comma."""
    when = TANGGAL_ISIAN[periode.triwulan] + dt.timedelta(days=2)
    lines = [f"Tanggal;{when:%d/%m/%Y}", ""]
    lines.append(
        "Unit;No;Sasaran;Indikator Kinerja;Satuan;Target;Realisasi;Keterangan;"
        "faktor pendukung;FAKTOR PENGHAMBAT;Upaya/Tindak Lanjut"  # typed loosely, as people do
    )
    for no, item in enumerate(items, start=1):
        values, note = realisasi[(item.unit, item.nama)]
        value = str(values[periode.triwulan - 1]).replace(".", ",")
        target = str(item.target(periode.triwulan)).replace(".", ",")
        causes = PENYEBAB.get((item.nama, periode.triwulan), ("", "", ""))
        fields = [item.unit, str(no), item.sasaran, item.nama, item.satuan, target, value, note]
        lines.append(";".join([*fields, *causes]))
    path = folder / f"kesos-{periode.kode.lower()}.csv"
    write_atomic(path, ("\r\n".join(lines) + "\r\n").encode("utf-8-sig"))
    return path


def write_logo() -> Path:
    """A neutral placeholder emblem (a plain shield), standing in for the regency's own."""
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib import pyplot as plt
    from matplotlib.patches import Polygon

    figure = plt.figure(figsize=(1.6, 1.9), dpi=150)
    axes = figure.add_axes((0, 0, 1, 1))
    axes.set_xlim(0, 16)
    axes.set_ylim(0, 19)
    axes.axis("off")
    shield = [(1, 18), (15, 18), (15, 8), (8, 1), (1, 8)]
    axes.add_patch(Polygon(shield, closed=True, facecolor="#1f5f8b", edgecolor="#0b2e45", lw=3))
    axes.add_patch(
        Polygon(
            [(3, 16), (13, 16), (13, 9), (8, 3.5), (3, 9)],
            closed=True,
            facecolor="#f2c94c",
            edgecolor="none",
        )
    )
    axes.text(
        8,
        11.5,
        "LAMBANG\nDAERAH",
        ha="center",
        va="center",
        fontsize=8,
        fontweight="bold",
        color="#0b2e45",
    )
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", transparent=True, metadata={"Software": None})
    plt.close(figure)
    path = ROOT / "templates" / "logo-contoh.png"
    write_atomic(path, buffer.getvalue())
    return path


# Program/Kegiatan, anggaran, realisasi to the end of TW I, II, III (cumulative, as in the LRA)
KEUANGAN = [
    (
        "Program Penunjang Urusan Pemerintahan Daerah Kabupaten/Kota",
        2_150_000_000,
        (410_250_000, 968_400_000, 1_502_735_500),
    ),
    (
        "Program Penyelenggaraan Pemerintahan dan Pelayanan Publik",
        385_000_000,
        (61_500_000, 158_200_000, 241_875_000),
    ),
    (
        "Program Pemberdayaan Masyarakat Desa dan Kelurahan",
        412_500_000,
        (45_000_000, 172_350_000, 268_900_000),
    ),
    (
        "Program Koordinasi Ketentraman dan Ketertiban Umum",
        198_000_000,
        (39_600_000, 92_400_000, 141_570_000),
    ),
    (
        "Program Penyelenggaraan Urusan Pemerintahan Umum",
        154_000_000,
        (18_480_000, 66_220_000, 101_640_000),
    ),
]


# the sasaran each program serves (the optional Sasaran column of the finance report)
SASARAN_PROGRAM = {
    "Program Penunjang Urusan Pemerintahan Daerah Kabupaten/Kota": (
        "Meningkatnya kualitas perencanaan dan keuangan"
    ),
    "Program Penyelenggaraan Pemerintahan dan Pelayanan Publik": (
        "Meningkatnya kualitas pelayanan publik kecamatan"
    ),
    "Program Pemberdayaan Masyarakat Desa dan Kelurahan": (
        "Meningkatnya keberdayaan masyarakat desa"
    ),
    "Program Koordinasi Ketentraman dan Ketertiban Umum": (
        "Meningkatnya ketentraman dan ketertiban umum"
    ),
}


def write_keuangan() -> list[Path]:
    """The Laporan Realisasi Keuangan of each quarter, as the finance section keeps it."""
    written = []
    for triwulan in (1, 2, 3):
        workbook = Workbook()
        sheet = workbook.active
        sheet.title = "LRA"
        sheet.append([f"LAPORAN REALISASI KEUANGAN TRIWULAN {'I' * triwulan} TAHUN {TAHUN}"])
        sheet.append([])
        sheet.append(["No", "Program/Kegiatan", "Sasaran", "Anggaran", "Realisasi"])
        for no, (program, anggaran, realisasi) in enumerate(KEUANGAN, start=1):
            sasaran = SASARAN_PROGRAM.get(program, "")
            sheet.append([no, program, sasaran, anggaran, realisasi[triwulan - 1]])
        path = ROOT / "inputs" / str(TAHUN) / f"TW{triwulan}" / "realisasi-keuangan.xlsx"
        _save(workbook, path)
        written.append(path)
    return written


# what the office recorded of each quarter's SOP steps before the returns came back (kinerja
# catat); himpun and olah record their own dates, the Sekretaris's and the Camat's dates are
# given when they sign (verifikasi/sahkan --tanggal)
KEGIATAN = {
    1: {"perintah": "2024-04-01", "format-isian": "2024-04-01", "sampaikan": "2024-04-01"},
    2: {"perintah": "2024-07-01", "format-isian": "2024-07-01", "sampaikan": "2024-07-01"},
    3: {"perintah": "2024-10-01", "format-isian": "2024-10-01", "sampaikan": "2024-10-01"},
}  # fmt: skip
PELAKU = {"perintah": "ASWAL SALAHUDIN, S.IP", "sampaikan": "MUHAMMAD RIDHANI, S.E"}


def write_kegiatan() -> list[Path]:
    """Each quarter's kegiatan.toml, as `kinerja catat` writes it."""
    from pipeline.domain.jadwal import Tercatat
    from pipeline.store.rekaman import catat

    written = []
    for triwulan, steps in KEGIATAN.items():
        folder = ROOT / "inputs" / str(TAHUN) / f"TW{triwulan}"
        (folder / "kegiatan.toml").unlink(missing_ok=True)
        for langkah, tanggal in steps.items():
            oleh = PELAKU.get(langkah, "MUHAMMAD RIDHANI, S.E")
            path = catat(folder, Tercatat(langkah, dt.date.fromisoformat(tanggal), None, oleh))
        written.append(path)
    return written


if __name__ == "__main__":
    write_keuangan()
    print(write_logo())
    print(write_perjanjian())
    for written in write_returns():
        print(written)
    for written in write_kegiatan():
        print(written)
