"""The Nota Dinas sending the Format Isian, its deadline in working days, and the reminder."""

from __future__ import annotations

import datetime as dt

from pipeline.store.kalender import tambah_hari_kerja
from pipeline.store.rekaman import baca
from tests.conftest import docx_text


def test_deadline_skips_weekend_and_holiday():
    # Friday 8 March 2024; Monday 11 March is Nyepi: two working days end on Wednesday
    assert tambah_hari_kerja(dt.date(2024, 3, 8), 2) == dt.date(2024, 3, 13)
    assert tambah_hari_kerja(dt.date(2024, 3, 6), 2) == dt.date(2024, 3, 8)


def test_nota_dinas_document(sample, run):
    result = run("nota-dinas", "-w", sample, "--tahun", 2024, "--triwulan", 1,
                 "--tanggal", "2024-03-08", "--nomor", "005/12/Kec.Awy")  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "batas pengembalian 13 Maret 2024" in result.output
    path = sample / "outputs/2024/TW1/nota-dinas/nota-dinas-format-isian-2024-TW1.docx"
    text = docx_text(path)
    assert "NOTA DINAS" in text
    assert "1. Sekretaris Kecamatan" in text
    assert "7. Kepala Seksi Kesejahteraan Sosial" in text
    assert "KEPALA SUBBAGIAN PERENCANAAN DAN KEUANGAN" in text
    assert "005/12/Kec.Awy" in text
    assert "8 Maret 2024" in text
    assert "Lampiran\n:\n7 berkas" in text
    assert "paling lambat Rabu, 13 Maret 2024 (2 hari kerja sejak Nota Dinas ini)" in text
    assert baca(sample / "inputs/2024/TW1")["sampaikan"].tanggal == dt.date(2024, 3, 8)


def test_nota_dinas_needs_a_date(sample, run):
    result = run("nota-dinas", "-w", sample, "--tahun", 2024, "--triwulan", 4)
    assert result.exit_code == 1
    assert result.output.strip() == (
        "Galat: tanggal penyampaian Format Isian kepada Kasi dan Kasubbag belum dicatat; beri "
        "--tanggal YYYY-MM-DD (tanggal Nota Dinas)"
    )


def test_pengingat_names_the_missing_units(sample, run):
    (sample / "inputs/2024/TW3/kesos-tw3.csv").unlink()
    sent = run("nota-dinas", "-w", sample, "--tahun", 2024, "--triwulan", 3,
               "--tanggal", "2024-10-04")  # fmt: skip
    assert sent.exit_code == 0, sent.output
    early = run("pengingat", "-w", sample, "--tahun", 2024, "--triwulan", 3,
                "--tanggal", "2024-10-08")  # fmt: skip
    assert early.exit_code == 1
    assert "batas pengembalian Format Isian Selasa, 8 Oktober 2024 belum lewat" in early.output
    result = run("pengingat", "-w", sample, "--tahun", 2024, "--triwulan", 3,
                 "--tanggal", "2024-10-09")  # fmt: skip
    assert result.exit_code == 0, result.output
    folder = sample / "outputs/2024/TW3/nota-dinas"
    text = docx_text(folder / "pengingat-2024-TW3.docx")
    assert "1. Kepala Seksi Kesejahteraan Sosial" in text
    assert "Sekretaris Kecamatan" not in text.split("Dari")[0]
    assert "Format Isian unit kerja Saudara belum kami terima" in text
    assert "Lampiran\n:\n-" in text
    wa = (folder / "pengingat-2024-TW3-whatsapp.txt").read_text(encoding="utf-8")
    assert "- Seksi Kesejahteraan Sosial\n" in wa
    assert "batas Selasa, 8 Oktober 2024" in wa
    assert "Mohon dikirim paling lambat Kamis, 10 Oktober 2024" in wa
    assert wa in result.output
