"""Rencana Aksi (planned actions per quarter) and bukti dukung (evidence files) in a quarter."""

from __future__ import annotations

import json
import zipfile

from openpyxl import load_workbook

from tests.conftest import docx_text, table_rows, terisi

W = ("--tahun", "2024", "--triwulan", "3")
TW3 = "outputs/2024/TW3"
SEKRETARIAT_FORM = "format-isian/format-isian-sekretariat-2024-TW3.xlsx"


def proses(run, sample, *extra):
    result = run("proses", "--workspace", str(sample), *W, *extra)
    assert result.exit_code == 0, result.output
    return result


def test_format_isian_shows_the_quarters_planned_actions(run, sample):
    result = run("format-isian", "--workspace", str(sample), *W)
    assert result.exit_code == 0, result.output
    workbook = load_workbook(sample / TW3 / SEKRETARIAT_FORM)
    main, aksi = workbook["Format Isian"], workbook["Rencana Aksi"]
    assert main["A7"].value == "Tanggal" and main["A9"].value == "No"
    assert aksi["C2"].value == "Sekretariat"
    assert [c.value for c in aksi[5]] == [
        "No",
        "Indikator Kinerja",
        "Rencana Aksi",
        "Target",
        "Pelaksanaan",
        "Catatan",
    ]
    assert [c.value for c in aksi[7]][:4] == [
        2,
        "Nilai SAKIP Kecamatan",
        "Reviu Rencana Aksi bersama Inspektorat",
        "1 kali",
    ]
    assert aksi["E7"].protection.locked is False and aksi["C7"].protection.locked is True
    # a unit without planned actions this quarter gets no second sheet
    other = load_workbook(
        sample / TW3 / "format-isian/format-isian-subbag-umum-dan-kepegawaian-2024-TW3.xlsx"
    )
    assert other.sheetnames == ["Format Isian"]
    printed = sample / TW3 / "format-isian/format-isian-sekretariat-2024-TW3.docx"
    rows = table_rows(printed, "No", "Rencana Aksi")
    assert rows[1][2] == "Menyusun Laporan Kinerja Triwulan II"
    assert rows[1][4] == "\u2610 Terlaksana   \u2610 Sebagian   \u2610 Tidak terlaksana"
    assert "Rencana Aksi Triwulan III" in docx_text(printed)
    assert "Rencana Aksi" not in docx_text(
        sample / TW3 / "format-isian/format-isian-subbag-umum-dan-kepegawaian-2024-TW3.docx"
    )


def test_realisation_is_collected_kept_and_reported_per_sasaran(run, sample):
    proses(run, sample)
    data = load_workbook(sample / TW3 / "data-kinerja-2024-TW3.xlsx").active
    header = [c.value for c in data[1]]
    assert header[-5:] == [
        "Rencana Aksi",
        "Target Rencana Aksi",
        "Pelaksanaan Rencana Aksi",
        "Catatan Rencana Aksi",
        "Bukti Dukung",
    ]
    sakip = next(
        r for r in data.iter_rows(min_row=2, values_only=True) if r[2] == "Nilai SAKIP Kecamatan"
    )
    assert sakip[-3] == "Terlaksana\nSebagian"
    assert sakip[-2] == "-\nReviu baru mencakup dua dari tiga sasaran; dilanjutkan Oktober"
    rows = table_rows(terisi(sample, "seksi-ketentraman-dan-ketertiban-umum"), "No", "Rencana Aksi")
    assert rows[1][4:] == ["Tidak terlaksana", "Personel Polsek dialihkan ke pengamanan Pilkada"]
    laporan = docx_text(sample / TW3 / "draft/laporan-kinerja-2024-TW3.docx")
    assert (
        "Pada Triwulan III Tahun 2024 direncanakan 2 aksi untuk sasaran ini: 1 terlaksana, "
        "1 sebagian." in laporan
    )
    assert (
        "Aksi Reviu Rencana Aksi bersama Inspektorat (target 1 kali) pada indikator Nilai SAKIP "
        "Kecamatan: sebagian; Reviu baru mencakup dua dari tiga sasaran; dilanjutkan Oktober."
        in laporan
    )
    # the CSV return of Kesejahteraan Sosial has no Rencana Aksi sheet: still read, action open
    assert (
        "Pembinaan pengurus rumah ibadah (target 60%) pada indikator Persentase rumah "
        "ibadah yang dibina: belum dilaporkan pelaksanaannya." in laporan
    )


def test_unknown_pelaksanaan_is_an_error_naming_the_cell(run, sample):
    path = sample / "inputs/2024/TW3/format-isian-sekretariat-2024-TW3.xlsx"
    workbook = load_workbook(path)
    workbook["Rencana Aksi"]["E6"] = "hampir"
    workbook.save(path)
    result = run("himpun", "--workspace", str(sample), *W)
    assert result.exit_code == 1
    assert (
        "format-isian-sekretariat-2024-TW3.xlsx, sheet 'Rencana Aksi', baris 6, kolom "
        "'Pelaksanaan': 'hampir' tidak dikenal; tulis Terlaksana, Sebagian atau Tidak "
        "terlaksana" in result.output
    )


def test_inconsistent_quarterly_targets_warn_naming_the_pk_row(run, sample):
    path = sample / "inputs/2024/perjanjian-kinerja.xlsx"
    workbook = load_workbook(path)
    sheet = workbook["PK 2024"]
    row = next(
        r
        for r in range(4, sheet.max_row + 1)
        if sheet.cell(r, 3).value == "Jumlah patroli ketentraman dan ketertiban"
    )
    sheet.cell(row, 10, 10)  # TW IV: 12 + 12 + 12 + 10 is not the annual 48
    sakip = next(
        r for r in range(4, sheet.max_row + 1) if sheet.cell(r, 3).value == "Nilai SAKIP Kecamatan"
    )
    sheet.cell(sakip, 9, 60)  # TW III 60 after TW II 67: a level indicator falling
    workbook.save(path)
    expected = [
        f"perjanjian-kinerja.xlsx, sheet 'PK 2024', baris {row}, kolom 'Target Tahunan': "
        "indikator 'Jumlah patroli ketentraman dan ketertiban' (Seksi Ketentraman dan "
        "Ketertiban Umum): jumlah target TW I–IV (46) tidak sama dengan Target Tahunan (48) "
        "untuk Akumulasi jumlah; samakan targetnya",
        f"perjanjian-kinerja.xlsx, sheet 'PK 2024', baris {sakip}, kolom 'Target Tahunan': "
        "indikator 'Nilai SAKIP Kecamatan' (Sekretariat): target TW III (60) turun dari TW II "
        "(67), padahal indikator ini tingkat (Akumulasi terakhir) dengan polaritas positif; "
        "periksa targetnya",
    ]
    forms = run("format-isian", "--workspace", str(sample), *W)
    himpun = run("himpun", "--workspace", str(sample), *W)
    for result in (forms, himpun):
        assert result.exit_code == 0, result.output
        flat = " ".join(result.output.split())
        for line in expected:
            assert line in flat


def test_missing_evidence_is_a_finding_and_evidence_is_listed(run, sample):
    proses(run, sample)
    result = run(
        "verifikasi", "--workspace", str(sample), *W, "--setujui", "--tanggal", "2024-10-08"
    )
    assert result.exit_code == 1
    lembar = sample / TW3 / "draft/lembar-verifikasi-2024-TW3.docx"
    temuan = table_rows(lembar, "No", "Temuan")
    missing = [r for r in temuan if r[3].startswith("bukti dukung tidak ada")]
    assert [(r[1], r[2], r[4]) for r in missing] == [
        (
            "Subbag Umum dan Kepegawaian",
            "Persentase sarana dan prasarana kantor dalam kondisi baik",
            "harus diselesaikan",
        )
    ]
    checks = table_rows(lembar, "No", "Pemeriksaan")
    assert checks[-1][1:] == [
        "Bukti dukung setiap indikator yang dilaporkan tersedia",
        "Tidak",
        "20 dari 21 indikator; belum: Persentase sarana dan prasarana kantor dalam kondisi baik",
    ]
    listed = table_rows(lembar, "No", "Berkas Bukti Dukung")
    assert listed[1][1:] == [
        "Sekretariat",
        "Nilai SAKIP Kecamatan",
        "sekretariat/laporan-nilai-sakip-kecamatan.pdf",
    ]
    assert [
        "Subbag Umum dan Kepegawaian",
        "Persentase sarana dan prasarana kantor dalam kondisi baik",
        "(tidak ada)",
    ] in [r[1:] for r in listed]
    accepted = run(
        "verifikasi",
        "--workspace",
        str(sample),
        *W,
        "--setujui",
        "--tanggal",
        "2024-10-08",
        "--catatan",
        "Foto sarana prasarana menyusul",
    )
    assert accepted.exit_code == 0, accepted.output
    temuan = table_rows(lembar, "No", "Temuan")
    assert [r[4] for r in temuan if r[3].startswith("bukti dukung")] == ["diterima dengan catatan"]


def test_bukti_folder_is_skipped_quietly_and_hashed_copied_and_archived(run, sample):
    result = proses(run, sample)
    assert "bukti" not in result.output  # no warning about the folder among the returns
    ok = run(
        "verifikasi",
        "--workspace",
        str(sample),
        *W,
        "--setujui",
        "--tanggal",
        "2024-10-08",
        "--catatan",
        "Foto sarana prasarana menyusul",
    )
    assert ok.exit_code == 0, ok.output
    assert run("sahkan", "--workspace", str(sample), *W, "--tanggal", "2024-10-10").exit_code == 0
    assert run("arsip", "--workspace", str(sample), *W).exit_code == 0
    source = sample / "inputs/2024/TW3/bukti/sekretariat/laporan-nilai-sakip-kecamatan.pdf"
    manifest = json.loads((sample / TW3 / "rev-1/manifest.json").read_text(encoding="utf-8"))
    import hashlib

    digest = hashlib.sha256(source.read_bytes()).hexdigest()
    assert (
        manifest["masukan"]["inputs/2024/TW3/bukti/sekretariat/laporan-nilai-sakip-kecamatan.pdf"]
        == digest
    )
    assert manifest["keluaran"]["bukti/sekretariat/laporan-nilai-sakip-kecamatan.pdf"] == digest
    assert (
        sample / TW3 / "rev-1/bukti/sekretariat/laporan-nilai-sakip-kecamatan.pdf"
    ).read_bytes() == source.read_bytes()
    with zipfile.ZipFile(sample / "outputs/2024/arsip/2024-TW3-rev1.zip") as archive:
        member = "rev-1/bukti/sekretariat/laporan-nilai-sakip-kecamatan.pdf"
        assert archive.read(member) == source.read_bytes()
        assert sum(n.startswith("rev-1/bukti/") for n in archive.namelist()) == 20
    check = run("arsip", "--workspace", str(sample), *W, "--periksa")
    assert check.exit_code == 0, check.output
