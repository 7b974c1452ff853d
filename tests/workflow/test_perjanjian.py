"""The Perjanjian Kinerja document: statement page, lampiran, PK Perubahan, acting officials."""

from __future__ import annotations

from openpyxl import load_workbook

from tests.conftest import docx_text, table_rows

BUPATI = """
[pejabat.bupati]
jabatan = "BUPATI BALANGAN"
nama = "H. ABDUL HADI"
nip = "196501011990031001"
status = "plt"
"""


def _with_program(sample) -> None:
    path = sample / "inputs/2024/perjanjian-kinerja.xlsx"
    workbook = load_workbook(path)
    sheet = workbook.active
    sheet.cell(3, 13, "Program/Kegiatan")
    sheet.cell(3, 14, "Anggaran")
    sheet.cell(4, 13, "Program Penunjang Urusan Pemerintahan Daerah")
    sheet.cell(4, 14, 1250000000)
    sheet.cell(3, 15, "Berlaku Mulai TW")
    values = [c.value for c in sheet[4]][:14]
    values[5], values[8], values[9] = 72, 71, 72
    sheet.append([*values, "III"])
    workbook.save(path)


def test_office_and_unit_pk(sample, run):
    with (sample / "kinerja.toml").open("a", encoding="utf-8") as handle:
        handle.write(BUPATI)
    _with_program(sample)
    result = run("perjanjian", "-w", sample, "--tahun", 2024, "--tanggal", "2024-01-15")
    assert result.exit_code == 0, result.output
    assert "Perjanjian Kinerja 2024 (8 berkas):" in result.output
    folder = sample / "outputs/2024/perjanjian-kinerja"
    office = folder / "perjanjian-kinerja-2024.docx"
    text = docx_text(office)
    assert "PERJANJIAN KINERJA TAHUN 2024" in text
    assert "Plt. BUPATI BALANGAN" in text  # the acting Bupati signs as such
    assert "selaku atasan pihak pertama, selanjutnya disebut pihak kedua." in text
    assert "Awayan, 15 Januari 2024" in text
    rows = table_rows(office, "No", "Indikator Kinerja")
    assert rows[1][1:] == [
        "Meningkatnya akuntabilitas kinerja Kecamatan Awayan",
        "Nilai SAKIP Kecamatan",
        "Nilai",
        "70",
    ]
    program = table_rows(office, "No", "Program/Kegiatan")
    assert program[1] == ["1", "Program Penunjang Urusan Pemerintahan Daerah", "1.250.000.000"]
    assert program[-1][1:] == ["Jumlah", "1.250.000.000"]
    unit = docx_text(folder / "perjanjian-kinerja-2024-seksi-pemerintahan.docx")
    assert "AHMAD FAUZI, S.IP" in unit and "ASWAL SALAHUDIN, S.IP" in unit
    assert "Nilai SAKIP Kecamatan" not in unit

    changed = run("perjanjian", "-w", sample, "--tahun", 2024, "--tanggal", "2024-07-01",
                  "--berlaku-mulai", "III")  # fmt: skip
    assert changed.exit_code == 0, changed.output
    perubahan = folder / "perjanjian-kinerja-2024-perubahan-tw3.docx"
    text = docx_text(perubahan)
    assert "PERJANJIAN KINERJA PERUBAHAN TAHUN 2024" in text
    assert "(berlaku mulai Triwulan III 2024)" in text
    rows = table_rows(perubahan, "No", "Indikator Kinerja")
    assert rows[1][2:] == ["Nilai SAKIP Kecamatan", "Nilai", "72"]


def test_unknown_version_and_bad_status(sample, run):
    result = run("perjanjian", "-w", sample, "--tahun", 2024, "--tanggal", "2024-07-01",
                 "--berlaku-mulai", "2")  # fmt: skip
    assert result.exit_code == 1
    assert result.output.strip() == (
        f"Galat: {sample / 'inputs/2024/perjanjian-kinerja.xlsx'}: tidak ada Perjanjian Kinerja "
        "yang berlaku mulai TW II (kolom Berlaku Mulai TW); versi yang ada: TW I"
    )
    with (sample / "kinerja.toml").open("a", encoding="utf-8") as handle:
        handle.write(BUPATI.replace('"plt"', '"Pj."'))
    result = run("perjanjian", "-w", sample, "--tahun", 2024, "--tanggal", "2024-01-15")
    assert result.exit_code == 1
    assert result.output.strip() == (
        f"Galat: {sample / 'kinerja.toml'}: status 'Pj.' di [pejabat.bupati] tidak dikenal; "
        'tulis "Plt." (Pelaksana Tugas) atau "Plh." (Pelaksana Harian), atau hapus kuncinya '
        "untuk pejabat definitif"
    )


def test_acting_camat_in_pengukuran(sample, run):
    path = sample / "kinerja.toml"
    text = path.read_text(encoding="utf-8")
    old = 'pangkat = "Pembina Tingkat I (IV/b)"'
    path.write_text(text.replace(old, old + '\nstatus = "Plt."', 1), encoding="utf-8")
    result = run("proses", "-w", sample, "--tahun", 2024, "--triwulan", 3)
    assert result.exit_code == 0, result.output
    draft = docx_text(sample / "outputs/2024/TW3/draft/pengukuran-kinerja-2024-TW3.docx")
    assert "Plt. CAMAT AWAYAN" in draft
