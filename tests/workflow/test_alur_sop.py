"""One quarter through the whole SOP: verification, approval, a correction, archive and checks."""

from __future__ import annotations

import csv
import hashlib
import json
import time
from pathlib import Path

from docx import Document
from openpyxl import load_workbook

from tests.conftest import docx_text, row_of, table_rows

PERIOD = ("--tahun", "2024", "--triwulan", "3")
TW3 = Path("outputs/2024/TW3")
PERENCANAAN = Path("inputs/2024/TW3/format-isian-subbag-perencanaan-dan-keuangan-2024-TW3.xlsx")
CATATAN = "Temuan lebih sedikit dari target sudah dikonfirmasi Inspektorat"
VERIFIED = ("--tanggal", "2024-10-08")
ALASAN = "Subbag Perencanaan dan Keuangan membetulkan realisasi serapan anggaran"


def ok(result):
    assert result.exit_code == 0, result.output
    return result


def hashes(folder: Path) -> dict[str, str]:
    return {
        p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def approve_rev1(run, sample: Path) -> None:
    w = ("--workspace", sample)
    ok(run("format-isian", *w, *PERIOD))
    ok(run("proses", *w, *PERIOD, "--tanggal", "2024-10-07"))
    ok(run("verifikasi", *w, *PERIOD, "--setujui", "--catatan", CATATAN, *VERIFIED))
    ok(run("sahkan", *w, *PERIOD, "--tanggal", "2024-10-10"))


def test_whole_sop_with_a_correction(run, sample):
    w = ("--workspace", sample)
    ok(run("format-isian", *w, *PERIOD))
    ok(run("proses", *w, *PERIOD, "--tanggal", "2024-10-07"))

    # sahkan before verification is refused
    refused = run("sahkan", *w, *PERIOD)
    assert refused.exit_code == 1
    assert "belum diverifikasi" in refused.output

    # the sample has three blocking findings: a serapan anggaran that disagrees with the
    # Laporan Realisasi Keuangan, 150% capaian without Keterangan, and an indicator without
    # bukti dukung
    result = run("verifikasi", *w, *PERIOD, "--setujui", *VERIFIED)
    assert result.exit_code == 1
    assert "ada 3 temuan yang harus diselesaikan (lihat lembar-verifikasi-2024-TW3.docx)" in (
        result.output
    )
    lembar = sample / TW3 / "draft/lembar-verifikasi-2024-TW3.docx"
    rows = table_rows(lembar, "No", "Status")
    assert rows[1][1:] == [
        "Subbag Perencanaan dan Keuangan",
        "Persentase serapan anggaran",
        "realisasi 66,3% berbeda dengan serapan anggaran pada Laporan Realisasi Keuangan "
        "(68,40%); samakan angkanya atau jelaskan perbedaannya",
        "harus diselesaikan",
    ]
    assert rows[2][1:] == [
        "Subbag Perencanaan dan Keuangan",
        "Jumlah temuan pemeriksaan atas pengelolaan keuangan",
        "capaian 150,00% di atas 120%; periksa target dan realisasi, lalu beri keterangan",
        "harus diselesaikan",
    ]
    checklist = table_rows(lembar, "No", "Pemeriksaan")
    assert [r[1:3] for r in checklist[1:]] == [
        ["Semua unit kerja telah menyampaikan formulir", "Ya"],
        ["Realisasi setiap indikator telah diisi", "Ya"],
        ["Setiap capaian di bawah 100% atau di atas 100% diberi keterangan", "Tidak"],
        ["Laporan Realisasi Keuangan triwulan ini tersedia", "Ya"],
        ["Indikator serapan anggaran sesuai Laporan Realisasi Keuangan", "Tidak"],
        ["Bukti dukung setiap indikator yang dilaporkan tersedia", "Tidak"],
    ]
    footer = Document(lembar).sections[0].footer.paragraphs[-1].text
    assert footer.startswith("Sidik data data-kinerja-2024-TW3.csv (SHA-256): ")
    assert "Sidik data" not in "\n".join(p.text for p in Document(lembar).paragraphs)
    assert "BELUM DISETUJUI" in docx_text(lembar)
    assert not (sample / TW3 / "verifikasi.json").exists()

    result = ok(run("verifikasi", *w, *PERIOD, "--setujui", "--catatan", CATATAN, *VERIFIED))
    assert "Disetujui dan dicatat dengan tanggal 8 Oktober 2024." in result.output
    text = docx_text(lembar)
    assert CATATAN in text and "DISETUJUI untuk diajukan kepada Camat" in text
    assert "HJ. NORHAYATI, S.Sos" in text and "NIP. 19750512 200003 2 004" in text

    ok(run("sahkan", *w, *PERIOD, "--tanggal", "2024-10-10"))
    rev1 = sample / TW3 / "rev-1"
    laporan = docx_text(rev1 / "laporan-kinerja-2024-TW3.docx")
    assert "DRAFT" not in laporan
    assert "Awayan, 10 Oktober 2024" in laporan
    manifest = json.loads((rev1 / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["revisi"] == 1
    assert manifest["disahkan"]["oleh"]["nama"] == "ASWAL SALAHUDIN, S.IP"
    assert manifest["disahkan"]["tanggal"] == "2024-10-10"
    assert manifest["diverifikasi"]["catatan"] == CATATAN
    assert PERENCANAAN.as_posix() in manifest["masukan"]
    assert set(manifest["keluaran"]) == set(hashes(rev1)) - {"manifest.json"}
    rev1_before = hashes(rev1)

    # approving the same data again writes nothing
    again = ok(run("sahkan", *w, *PERIOD, "--tanggal", "2024-10-11"))
    assert "sudah disahkan sebagai rev-1" in again.output

    # a section corrects a figure: new drafts, a new verification, rev-2 with its changes
    workbook = load_workbook(sample / PERENCANAAN)
    workbook.active["F10"] = 70.5
    workbook.save(sample / PERENCANAAN)
    ok(run("proses", *w, *PERIOD, "--tanggal", "2024-10-14"))
    stale = run("sahkan", *w, *PERIOD)
    assert stale.exit_code == 1
    assert "data kinerja berubah sejak diverifikasi" in stale.output
    ok(run("verifikasi", *w, *PERIOD, "--setujui", "--catatan", CATATAN, "--tanggal", "2024-10-14"))
    result = ok(run("sahkan", *w, *PERIOD, "--tanggal", "2024-10-15", "--alasan", ALASAN))
    change = "Subbag Perencanaan dan Keuangan – Persentase serapan anggaran: Realisasi 66,3 → 70,5"
    assert change in result.output
    rev2 = sample / TW3 / "rev-2"
    changes = table_rows(rev2 / "laporan-kinerja-2024-TW3.docx", "No", "Menjadi")
    assert row_of(changes, "Persentase serapan anggaran")[3:] == ["Realisasi", "66,3", "70,5"]
    assert changes[2][3:] == ["Capaian (%)", "94,71", "100,71"]
    assert "REVISI 2 TERHADAP REVISI 1" in docx_text(rev2 / "pengukuran-kinerja-2024-TW3.docx")
    assert hashes(rev1) == rev1_before  # rev-1 untouched, byte for byte

    # archive, check, then detect tampering
    result = ok(run("arsip", *w, *PERIOD))
    assert "outputs/2024/arsip/2024-TW3-rev2.zip" in result.output
    result = ok(run("arsip", *w, *PERIOD, "--periksa"))
    assert "utuh: 65 berkas cocok" in result.output  # 25 documents + 2 × 20 bukti dukung
    target = rev1 / "pengukuran-kinerja-2024-TW3.docx"
    target.chmod(0o644)
    target.write_bytes(target.read_bytes() + b"x")
    tampered = run("arsip", *w, *PERIOD, "--periksa")
    assert tampered.exit_code == 1
    assert "  - rev-1/pengukuran-kinerja-2024-TW3.docx: isinya berubah sejak disahkan" in (
        tampered.output.splitlines()
    )


def test_ekspor_neutralises_formulas(run, sample):
    path = sample / PERENCANAAN
    workbook = load_workbook(path)
    workbook.active["H10"] = '=HYPERLINK("http://contoh","klik")'
    workbook.active["H10"].data_type = "s"  # typed as text (e.g. after a leading apostrophe)
    workbook.active["H11"] = "@SUM(1)"
    workbook.save(path)
    approve_rev1(run, sample)
    result = ok(run("ekspor", "--workspace", sample, *PERIOD))
    assert "dari rev-1" in result.output
    folder = sample / TW3 / "ekspor"
    with open(folder / "e-kino-e-monev-2024-TW3.csv", encoding="utf-8-sig") as handle:
        rows = {r["Indikator Kinerja"]: r for r in csv.DictReader(handle, delimiter=";")}
    assert (
        rows["Persentase serapan anggaran"]["Keterangan"] == '\'=HYPERLINK("http://contoh","klik")'
    )
    assert rows["Persentase serapan anggaran"]["Capaian (%)"] == "94,71"
    sheet = load_workbook(folder / "e-kino-e-monev-2024-TW3.xlsx").active
    cells = {r[2].value: r for r in sheet.iter_rows(min_row=2)}
    keterangan = cells["Persentase laporan keuangan yang disampaikan tepat waktu"][7]
    assert keterangan.value == "@SUM(1)" and keterangan.data_type == "s"  # text, never a formula
    assert [c.value for c in sheet[1]] == [
        "Unit",
        "Sasaran",
        "Indikator Kinerja",
        "Satuan",
        "Target",
        "Realisasi",
        "Capaian (%)",
        "Keterangan",
    ]


def test_status_follows_the_sop_and_writes_lembar_kendali(run, sample):
    w = ("--workspace", sample)
    before = ok(run("status", *w, *PERIOD))
    # the office recorded making and sending the forms; nothing was collected yet
    assert "[v] 2. Membuat Format Isian Data Kinerja Triwulan" in before.output
    assert "[ ] 4. Menghimpun Isian Data Kinerja dari Kasi dan Kasubbag" in before.output
    assert "Formulir belum dihimpun" in before.output
    (sample / "inputs/2024/TW3/kesos-tw3.csv").unlink()
    ok(run("format-isian", *w, *PERIOD))
    ok(run("proses", *w, *PERIOD))
    result = ok(run("status", *w, *PERIOD, "--docx"))
    assert "[v] 4. Menghimpun Isian Data Kinerja dari Kasi dan Kasubbag" in result.output
    assert "[ ] 6. Memverifikasi Laporan Kinerja Triwulan" in result.output
    assert "belum: Seksi Kesejahteraan Sosial" in result.output
    lembar = sample / TW3 / "lembar-kendali-sop-2024-TW3.docx"
    rows = table_rows(lembar, "No", "Keterangan")
    assert rows[1][2:6] == ["Camat", "Sekretaris", "Kasubbag Perencanaan dan Keuangan", "Pelaksana"]
    step2 = next(r for r in rows if r[0] == "2")
    assert step2[1] == "Membuat Format Pengukuran Kinerja Triwulan"
    assert step2[2:6] == ["", "", "✓", ""]
    assert step2[6:9] == [
        "Konsep Format Pengukuran Kinerja Triwulan",
        "1 Jam",
        "Format Pengukuran Kinerja Triwulan",
    ]
    # the dates the office recorded, never the time the command ran
    assert step2[9] == (
        "selesai 1 Oktober 2024 oleh MUHAMMAD RIDHANI, S.E; pada hari yang sama (jam tidak dicatat)"
    )
    step4 = next(r for r in rows if r[0] == "4")
    assert step4[9] == (
        "selesai 3 Oktober 2024 oleh MUHAMMAD RIDHANI, S.E; 2 hari kerja, sesuai Mutu Baku 2 Hari"
    )
    verify_row = next(r for r in rows if r[0] == "5")
    assert verify_row[3] == "○" and verify_row[9] == "belum"
    text = docx_text(lembar)
    assert "Seksi Kesejahteraan Sosial" in text
    assert "Awayan, 3 Oktober 2024" in text  # the latest recorded step, not today


def test_documents_are_byte_identical_when_made_again(run, sample, tmp_path):
    approve_rev1(run, sample)
    first = hashes(sample / TW3 / "rev-1")
    zip_first = ok(run("arsip", "--workspace", sample, *PERIOD))
    archive = sample / "outputs/2024/arsip/2024-TW3-rev1.zip"
    zip_bytes = archive.read_bytes()

    time.sleep(1.1)  # seconds apart: nothing may depend on the clock
    other = tmp_path / "again"
    other.mkdir()
    for name in ("kinerja.toml", "inputs", "templates"):
        source = sample / name
        if source.is_dir():
            import shutil

            shutil.copytree(source, other / name)
        else:
            (other / name).write_bytes(source.read_bytes())
    approve_rev1(run, other)
    second = hashes(other / TW3 / "rev-1")
    documents = [n for n in first if n.endswith((".docx", ".xlsx", ".csv"))]
    assert len(documents) == 12
    assert {n: first[n] for n in documents} == {n: second[n] for n in documents}
    # the archive of one revision is rebuilt to the same bytes
    archive.chmod(0o644)
    archive.unlink()
    ok(run("arsip", "--workspace", sample, *PERIOD))
    assert archive.read_bytes() == zip_bytes
    assert "dibuat" in zip_first.output
