"""A workspace for another office, made with `kinerja init`: nothing of Awayan is hard-coded."""

from __future__ import annotations

import io
from pathlib import Path

from docx import Document
from openpyxl import load_workbook

from tests.conftest import docx_text, row_of, table_rows

CONFIG = """
[instansi]
pemerintah = "Pemerintah Kabupaten Tabalong"
nama = "Kecamatan Murung Pudak"
alamat = "Jalan Tanjung Raya No. 3"
kode_pos = "71571"
kota = "Mabuun"
telepon = "(0526) 202020"

[pejabat.camat]
jabatan = "CAMAT MURUNG PUDAK"
nama = "Dra. SITI AMINAH"
nip = "196805051990032011"

[[unit]]
nama = "Seksi Trantib"
kepala = "YUSUF"
nip = "198001012005011001"

[predikat]
"Memuaskan" = 100
"Belum Memuaskan" = 0
"""
PK_ROWS = [
    ["Seksi Trantib", "Wilayah yang tertib", "Jumlah razia", "Kali", "", 8, 2, 2, 2, 2],
    [
        "Seksi Trantib",
        "Wilayah yang tertib",
        "Jumlah konflik sosial",
        "Kejadian",
        "negatif",
        4,
        1,
        1,
        1,
        1,
    ],
    [
        "Seksi Pelayanan",
        "Pelayanan yang cepat",
        "Persentase izin terbit tepat waktu",
        "%",
        "positif",
        100,
        100,
        100,
        100,
        100,
    ],
]


def make_workspace(run, tmp_path: Path) -> Path:
    folder = tmp_path / "murung-pudak"
    result = run("init", folder)
    assert result.exit_code == 0, result.output
    assert (folder / "kinerja.toml").read_text(encoding="utf-8").startswith("# Konfigurasi")
    (folder / "kinerja.toml").write_text(CONFIG, encoding="utf-8")
    pk_path = next((folder / "inputs").glob("*/perjanjian-kinerja.xlsx"))
    target = folder / "inputs/2025/perjanjian-kinerja.xlsx"
    target.parent.mkdir(parents=True, exist_ok=True)
    workbook = load_workbook(pk_path)
    for row in PK_ROWS:
        workbook.active.append(row)
    workbook.save(target)
    return folder


def test_init_refuses_to_overwrite(run, tmp_path):
    make_workspace(run, tmp_path)
    result = run("init", tmp_path / "murung-pudak")
    assert result.exit_code == 1
    assert "sudah ada; pilih folder lain agar isinya tidak tertimpa" in result.output


def test_another_office_end_to_end(run, tmp_path):
    folder = make_workspace(run, tmp_path)
    period = ("--workspace", folder, "--tahun", "2025", "--triwulan", "II")
    assert run("format-isian", *period).exit_code == 0
    form = folder / "outputs/2025/TW2/format-isian/format-isian-seksi-trantib-2025-TW2.xlsx"
    workbook = load_workbook(form)
    workbook.active["F10"] = 2
    workbook.active["F11"] = 2
    workbook.active["H11"] = "Dua konflik lahan"
    returns = folder / "inputs/2025/TW2"
    returns.mkdir(parents=True)
    buffer = io.BytesIO()
    workbook.save(buffer)
    (returns / "trantib.xlsx").write_bytes(buffer.getvalue())

    result = run("proses", *period, "--tanggal", "2025-07-03")
    assert result.exit_code == 0, result.output
    assert "1 unit sudah menyampaikan formulir, 1 belum" in result.output
    path = folder / "outputs/2025/TW2/draft/laporan-kinerja-2025-TW2.docx"
    text = docx_text(path)
    assert "PEMERINTAH KABUPATEN TABALONG" in text
    assert "KECAMATAN MURUNG PUDAK" in text
    assert "Telepon (0526) 202020" in text
    assert "Mabuun, 3 Juli 2025" in text
    assert "NIP. 19680505 199003 2 011" in text
    capaian = table_rows(path, "No", "Capaian TW (%)")  # the Lampiran
    assert row_of(capaian, "Jumlah razia")[3:] == ["2", "2", "100,00", "25,00", "Memuaskan"]
    assert row_of(capaian, "Jumlah konflik sosial")[3:6] == ["1", "2", "0,00"]
    assert row_of(capaian, "Jumlah konflik sosial")[-1] == "Belum Memuaskan"
    assert row_of(capaian, "Persentase izin terbit tepat waktu")[3:6] == ["100", "-", "-"]
    for produced in (folder / "outputs").rglob("*.docx"):
        document = docx_text(produced)
        assert "Awayan" not in document and "AWAYAN" not in document, produced.name
        assert "Balangan" not in document.title()
    assert Document(path).sections[0].page_height is not None
