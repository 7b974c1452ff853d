"""The Laporan Kinerja Triwulan: every part of the sistematika, the analysis per sasaran built
from the numbers and the units' own faktor and upaya, and a Daftar Isi that is right in the PDF."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.conftest import docx_text, edit_return

PERIOD = ("--tahun", "2024", "--triwulan", "3")
LAPORAN = Path("outputs/2024/TW3/draft/laporan-kinerja-2024-TW3.docx")
PARTS = (
    "LAPORAN KINERJA TRIWULAN III",
    "KATA PENGANTAR",
    "DAFTAR ISI",
    "IKHTISAR EKSEKUTIF",
    "Peraturan Presiden Nomor 29 Tahun 2014",
    "Reformasi Birokrasi Nomor 53 Tahun 2014",
    "1. Tugas dan Fungsi",
    "2. Struktur Organisasi",
    "3. Sumber Daya Aparatur",
    "4. Wilayah",
    "5. Isu Strategis",
    "PERENCANAAN KINERJA",
    "Pagu Anggaran (Rp)",
    "A. Capaian Kinerja",
    "1) Realisasi dibandingkan target.",
    "2) Dibandingkan triwulan sebelumnya.",
    "3) Dibandingkan triwulan yang sama tahun lalu.",
    "4) Kemajuan menuju target tahunan.",
    "5) Faktor pendukung dan penghambat.",
    "6) Upaya dan tindak lanjut.",
    "B. Realisasi Anggaran",
    "A. Kesimpulan",
    "B. Langkah Perbaikan Triwulan Berikutnya",
    "LAMPIRAN",
)


def proses(run, workspace: Path, *extra: str) -> str:
    result = run("proses", "--workspace", workspace, *PERIOD, "--tanggal", "2024-10-07", *extra)
    assert result.exit_code == 0, result.output
    return docx_text(workspace / LAPORAN)


def sasaran_section(text: str, number: int) -> str:
    """The text of one sasaran's subsection in BAB III (after the Daftar Isi)."""
    body = text[text.index("AKUNTABILITAS KINERJA", text.index("IKHTISAR EKSEKUTIF")) :]
    start = body.index(f"\n{number}. Sasaran ")
    return body[start : body.index(f"\n{number + 1}. Sasaran ", start)]


def test_the_sample_laporan_holds_every_part(run, sample):
    text = proses(run, sample)
    for part in PARTS:
        assert part in text, part
    assert "nilai contoh, bukan data resmi" in text  # the sample profile says what it is
    assert "Kecamatan Awayan didukung oleh 23 orang aparatur sipil negara" in text
    assert "meliputi 15 desa, seluas 476,7 km², dihuni 25.873 jiwa penduduk." in text
    assert "poin" not in text
    # efficiency per sasaran from the Sasaran column of the finance report
    assert (
        "Sasaran Meningkatnya ketentraman dan ketertiban umum: capaian kumulatif rata-rata" in text
    )


def test_a_faktor_penghambat_typed_in_a_return_reaches_its_sasaran(run, sample):
    hambatan = "Jaringan internet kantor terputus selama sepuluh hari"
    edit_return(sample, "format-isian-sekretariat-2024-TW3.xlsx", {"J11": hambatan})
    text = proses(run, sample)
    section = sasaran_section(text, 1)  # the sasaran of row 11's indicator
    assert (
        "Sekretariat mencatat faktor penghambat pada indikator Persentase dokumen perencanaan "
        f"dan pelaporan yang disusun tepat waktu: {hambatan}." in section
    )
    assert hambatan not in sasaran_section(text, 2)


def test_the_previous_quarter_is_quoted_with_both_figures(run, sample):
    text = proses(run, sample)
    # TW II: 66,5 of 67 = 99,25%; TW III: 68,2 of 68 = 100,29%
    assert (
        "Capaian indikator Nilai SAKIP Kecamatan meningkat dari 99,25% pada Triwulan II Tahun "
        "2024 (realisasi 66,5) menjadi 100,29% pada Triwulan III Tahun 2024 (realisasi 68,2)."
        in sasaran_section(text, 1)
    )
    assert "Data Triwulan III Tahun 2023 belum tersedia dalam arsip kinerja" in text
    # the end-of-plan target from the optional PK column
    assert "atau 90,93% dari target akhir Renstra 75." in text


def test_last_year_is_compared_when_the_workspace_holds_it(run, sample):
    assert run("himpun", "--workspace", sample, *PERIOD).exit_code == 0
    last_year = sample / "outputs/2023/TW3"
    last_year.mkdir(parents=True)
    csv = (sample / "outputs/2024/TW3/data-kinerja-2024-TW3.csv").read_text(encoding="utf-8-sig")
    csv = csv.replace(";68,2;", ";64;")  # Nilai SAKIP Kecamatan was 64 of 68 last year
    (last_year / "data-kinerja-2023-TW3.csv").write_text(csv, encoding="utf-8-sig")
    text = proses(run, sample)
    assert (
        "Dibandingkan Triwulan III Tahun 2023 (94,12%), capaian indikator Nilai SAKIP Kecamatan "
        "tahun ini (100,29%) lebih baik daripada tahun lalu." in text
    )
    assert "belum tersedia dalam arsip kinerja" not in text


def test_missing_profile_parts_are_left_out(run, sample):
    config = sample / "kinerja.toml"
    kept = config.read_text(encoding="utf-8").split("[profil]")[0]
    config.write_text(kept + '[profil]\ntugas = "Camat membantu Bupati."\n', encoding="utf-8")
    text = proses(run, sample)
    assert "1. Tugas dan Fungsi" in text and "2. Struktur Organisasi" in text
    for absent in ("Sumber Daya Aparatur", "Wilayah", "Isu Strategis", "nilai contoh", "fungsi:"):
        assert absent not in text, absent
    assert "Bupati Balangan" not in text
    # no sentence with an empty slot
    prose = text.replace("Alamat : ", "")  # the kop's own label
    assert not re.search(r"(\s[,.;:])|(\(\s*\))|sebanyak\s+orang|:\s*\.", prose)


def test_a_bad_profile_value_is_a_config_error(run, sample):
    config = sample / "kinerja.toml"
    config.write_text(
        config.read_text(encoding="utf-8").replace("desa = 15", 'desa = "lima belas"'),
        encoding="utf-8",
    )
    result = run("proses", "--workspace", sample, *PERIOD)
    assert result.exit_code == 1
    assert (
        "kunci 'desa' di [profil.wilayah] harus bilangan bulat tanpa tanda kutip, mis. desa = 12"
        in result.output
    )


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice not installed")
def test_the_daftar_isi_page_numbers_are_right_in_the_pdf(run, sample):
    proses(run, sample, "--pdf")
    pdf = sample / LAPORAN.with_suffix(".pdf")
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True)
    count = int(re.search(r"Pages:\s+(\d+)", info.stdout).group(1))
    pages = [
        subprocess.run(
            ["pdftotext", "-f", str(n), "-l", str(n), str(pdf), "-"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        for n in range(1, count + 1)
    ]
    toc = next(page for page in pages if "DAFTAR ISI" in page)
    entries = re.findall(r"^\s*(.+?)\.{3,}\s*(\d+)\s*$", toc, flags=re.MULTILINE)
    assert len(entries) >= 12
    for title, number in entries:
        first_line = title.strip().split()[0:2]
        found = [
            n
            for n, page in enumerate(pages, start=1)
            if page is not toc and " ".join(first_line) in page
        ]
        assert int(number) == min(found), (title, number, found)
