"""The quarter end to end on the sample workspace: forms, himpun, olah, through the real files."""

from __future__ import annotations

import csv
from pathlib import Path

from docx import Document
from docx.oxml.ns import qn
from openpyxl import load_workbook

from tests.conftest import docx_text, pengukuran_table, quarter, row_of, table_rows, terisi

PERIOD = ("--tahun", "2024", "--triwulan", "3")
DATE = ("--tanggal", "2024-10-07")


def proses(run, workspace: Path):
    result = run("proses", "--workspace", workspace, *PERIOD, *DATE)
    assert result.exit_code == 0, result.output
    return result


def draft(workspace: Path, name: str) -> Path:
    return workspace / "outputs/2024/TW3/draft" / f"{name}-2024-TW3.docx"


def test_proses_reports_every_unit_returned(run, sample):
    output = proses(run, sample).output
    assert "7 unit sudah menyampaikan formulir, 0 belum" in output
    assert "[v] Seksi Kesejahteraan Sosial: kesos-tw3.csv" in output
    assert "sheet 'TW III'" in output  # the renamed sheet was still found


def test_pengukuran_has_kop_table_and_signature(run, sample):
    proses(run, sample)
    path = draft(sample, "pengukuran-kinerja")
    text = docx_text(path)
    for line in (
        "PEMERINTAH KABUPATEN BALANGAN",
        "KECAMATAN AWAYAN",
        "Alamat : Jalan Ciputat No. 05 Kec. Awayan Kode Pos 71664",
        "PENGUKURAN KINERJA TRIWULAN III",
        "TAHUN 2024",
        "Awayan, 7 Oktober 2024",
        "CAMAT AWAYAN",
        "ASWAL SALAHUDIN, S.IP",
        "Pembina Tingkat I (IV/b)",
        "NIP. 19701208 199203 1 007",
        "DRAFT – BELUM DISAHKAN",
    ):
        assert line in text, line
    rows = pengukuran_table(path)
    assert len(rows) == 21
    # positive polarity, text '97,5' in the return, 97,5 / 95
    assert quarter(rows["Persentase surat masuk yang terdisposisi dalam 1 hari kerja"]) == [
        "95",
        "97,5",
        "102,63",
    ]
    # negative polarity: (2 × 2 − 1) ÷ 2
    assert quarter(rows["Jumlah temuan pemeriksaan atas pengelolaan keuangan"]) == [
        "2",
        "1",
        "150,00",
    ]
    # rupiah of a juta or more in juta rupiah, so that ten figure columns fit on the page
    dana_desa = rows["Jumlah anggaran Dana Desa yang dipantau"]
    assert quarter(dana_desa) == ["4.625", "4.700,25", "101,63"]
    assert (dana_desa["satuan"], dana_desa["target_tahunan"]) == ("Juta Rupiah", "18.500")
    # the note keeps the full figures: Indonesian thousands and a decimal comma
    assert (
        "Indikator nomor 18 (Jumlah anggaran Dana Desa yang dipantau) ditulis dalam juta "
        "rupiah; nilai lengkapnya: target tahunan Rp 18.500.000.000, realisasi kumulatif "
        "Rp 13.735.750.000,5." in text
    )
    # the CSV return of an Indonesian Excel (';' and decimal comma)
    assert quarter(rows["Persentase rumah ibadah yang dibina"]) == ["60", "55", "91,67"]


def test_pengukuran_has_every_quarter_and_the_cumulative_capaian(run, sample):
    proses(run, sample)
    rows = pengukuran_table(draft(sample, "pengukuran-kinerja"))
    # a count (Akumulasi = jumlah): 4 + 5 + 5 desa against 18 in the year
    desa = rows["Jumlah desa yang dibina administrasi pemerintahannya"]
    assert [
        desa[k] for k in ("target_tahunan", "target_tw1", "target_tw2", "target_tw3", "target_tw4")
    ] == ["18", "4", "5", "5", "4"]
    assert [desa[f"realisasi_tw{k}"] for k in (1, 2, 3, 4)] == ["4", "5", "5", ""]
    assert (desa["kumulatif"], desa["capaian"], desa["capaian_kumulatif"]) == (
        "14",
        "100,00",
        "77,78",
    )
    # a level (terakhir): the latest quarter against the annual target, 66,3 / 95
    serapan = rows["Persentase serapan anggaran"]
    assert [serapan[f"realisasi_tw{k}"] for k in (1, 2, 3)] == ["18,4", "41,75", "66,3"]
    assert (serapan["kumulatif"], serapan["capaian_kumulatif"]) == ("66,3", "69,79")
    # an average (rata-rata) of 80,5, 81,2 and 79,4 against 82
    ikm = rows["Indeks Kepuasan Masyarakat terhadap pelayanan kecamatan"]
    assert (ikm["kumulatif"], ikm["capaian_kumulatif"]) == ("80,37", "98,01")
    # negative polarity, summed: 2 + 4 + 3 = 9 against 12, (2 × 12 − 9) ÷ 12
    gangguan = rows["Jumlah gangguan ketentraman dan ketertiban umum"]
    assert (gangguan["kumulatif"], gangguan["capaian_kumulatif"]) == ("9", "125,00")


def test_tables_repeat_headers_keep_rows_whole_and_print_every_sasaran(run, sample):
    proses(run, sample)
    for name, header_rows in (("pengukuran-kinerja", 2), ("laporan-kinerja", 1)):
        document = Document(draft(sample, name))
        tables = [t for t in document.tables if len(t.rows) > 10]
        assert tables, name
        for table in tables:
            for header in table._tbl.tr_lst[:header_rows]:  # repeated on every page
                assert header.trPr.find(qn("w:tblHeader")) is not None
            for row in table._tbl.tr_lst:  # and no row splits across a page
                assert row.trPr.find(qn("w:cantSplit")) is not None
            # no merged sasaran cell, whose text would stay behind on the page before
            assert not [tr for tr in table._tbl.tr_lst[header_rows:] if tr.xpath(".//w:vMerge")]
    rows = pengukuran_table(draft(sample, "pengukuran-kinerja"))
    sasaran = "Meningkatnya ketentraman dan ketertiban umum"
    assert [r["no"] for r in rows.values() if r["sasaran"] == sasaran] == ["13", "14", "15"]


def test_pengukuran_has_predikat_and_the_keterangan_of_the_return(run, sample):
    proses(run, sample)
    rows = pengukuran_table(draft(sample, "pengukuran-kinerja"))
    sengketa = rows["Persentase sengketa batas desa yang terselesaikan"]
    assert (sengketa["capaian"], sengketa["predikat"], sengketa["keterangan"]) == (
        "50,00",
        "Sangat Kurang",
        "Sengketa batas Desa Awayan Hilir dan Badalungga menunggu penegasan Bagian Pemerintahan",
    )
    sakip = rows["Nilai SAKIP Kecamatan"]
    assert (sakip["capaian"], sakip["predikat"], sakip["keterangan"]) == (
        "100,29",
        "Sangat Baik",
        "Nilai evaluasi internal naik setelah perbaikan dokumen Renja dan Renstra",
    )
    ikm = rows["Indeks Kepuasan Masyarakat terhadap pelayanan kecamatan"]
    assert (ikm["predikat"], ikm["keterangan"]) == (
        "Sangat Baik",
        "Survei TW III menunjukkan antrean pelayanan KTP-el masih panjang",
    )


def test_laporan_has_the_four_chapters_and_under_target_keterangan(run, sample):
    proses(run, sample)
    path = draft(sample, "laporan-kinerja")
    text = docx_text(path)
    for heading in (
        "BAB I",
        "PENDAHULUAN",
        "BAB II",
        "PERENCANAAN KINERJA",
        "BAB III",
        "AKUNTABILITAS KINERJA",
        "BAB IV",
        "PENUTUP",
    ):
        assert heading in text
    assert "Sebanyak 16 dari 21 indikator yang dapat diukur mencapai" in text
    pk = table_rows(path, "No", "Target Tahunan")
    assert row_of(pk, "Persentase serapan anggaran")[3:] == ["%", "95", "70"]
    capaian = table_rows(path, "No", "Capaian TW (%)")  # the Lampiran
    assert row_of(capaian, "Persentase sengketa batas desa yang terselesaikan")[3:] == [
        "100",
        "50",
        "50,00",
        "50,00",
        "Sangat Kurang",
    ]
    below = table_rows(path, "No", "Keterangan")
    assert row_of(below, "Persentase serapan anggaran") == [
        "2",
        "Persentase serapan anggaran",
        "Subbag Perencanaan dan Keuangan",
        "94,71",
        "Pengadaan sarana kantor bergeser ke Oktober",
    ]
    assert len(below) == 1 + 5


def test_format_isian_terisi_is_signed_by_the_unit_head(run, sample):
    proses(run, sample)
    path = terisi(sample, "seksi-pemerintahan")
    text = docx_text(path)
    assert ": Seksi Pemerintahan" in text
    assert "Kepala Seksi Pemerintahan" in text
    assert "AHMAD FAUZI, S.IP" in text
    assert "NIP. 19791104 200501 1 008" in text
    rows = table_rows(path, "No", "Keterangan")
    assert len(rows) == 1 + 3
    assert row_of(rows, "Persentase sengketa batas desa yang terselesaikan")[5:8] == [
        "50",
        "50,00",
        "Sengketa batas Desa Awayan Hilir dan Badalungga menunggu penegasan Bagian Pemerintahan",
    ]


def test_merged_data_csv_and_xlsx(run, sample):
    proses(run, sample)
    folder = sample / "outputs/2024/TW3"
    with open(folder / "data-kinerja-2024-TW3.csv", encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle, delimiter=";"))
    assert len(rows) == 21
    row = next(r for r in rows if r["Indikator Kinerja"] == "Persentase serapan anggaran")
    assert (row["Target"], row["Realisasi"], row["Capaian (%)"], row["Predikat"]) == (
        "70",
        "66,3",
        "94,71",
        "Sangat Baik",
    )
    sheet = load_workbook(folder / "data-kinerja-2024-TW3.xlsx").active
    assert sheet["A1"].value == "Unit"
    values = {r[2]: r for r in sheet.iter_rows(min_row=2, values_only=True)}
    assert values["Persentase serapan anggaran"][11] == 66.3


def test_same_inputs_give_the_same_bytes(run, sample):
    proses(run, sample)
    files = sorted(
        p
        for p in (sample / "outputs").rglob("*.*")
        if not p.name.startswith(".") and p.name != "riwayat.json"  # the log of when steps ran
    )
    first = {p: p.read_bytes() for p in files}
    proses(run, sample)
    assert {p: p.read_bytes() for p in files} == first
    assert len(files) == 12


def test_a_quarter_without_returns_claims_nothing(run, sample):
    # no return and a clock long past the quarter: the drafts ask for their date
    refused = run("proses", "--workspace", sample, "--tahun", "2024", "--triwulan", "4")
    assert refused.exit_code == 1
    assert "di luar masa triwulan itu; beri --tanggal YYYY-MM-DD" in refused.output
    assert not (sample / "outputs/2024/TW4/draft").exists()
    result = run(
        "proses",
        "--workspace",
        sample,
        "--tahun",
        "2024",
        "--triwulan",
        "4",
        "--tanggal",
        "2025-01-08",
    )
    assert result.exit_code == 0, result.output
    text = docx_text(sample / "outputs/2024/TW4/draft/laporan-kinerja-2024-TW4.docx")
    assert "belum satu pun dari 21 indikator kinerja Kecamatan Awayan dapat diukur" in text
    assert "Capaian belum dapat dinilai karena belum ada realisasi yang dilaporkan." in text
    assert "telah mencapai target" not in text and "-%" not in text


def test_merged_xlsx_shows_whole_numbers_without_a_trailing_separator(run, sample):
    assert run("himpun", "--workspace", sample, *PERIOD).exit_code == 0
    sheet = load_workbook(sample / "outputs/2024/TW3/data-kinerja-2024-TW3.xlsx").active
    target, realisasi = sheet["K2"], sheet["L2"]  # Nilai SAKIP: target 68, realisasi 68,2
    assert (target.value, target.number_format) == (68, "#,##0")
    assert (realisasi.value, realisasi.number_format) == (68.2, "#,##0.##")
