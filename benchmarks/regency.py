"""A generated regency for the scale benchmark (and a small one for the tests): N offices, each
a workspace with its kinerja.toml, Perjanjian Kinerja and the returns of every quarter."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from openpyxl import Workbook

from pipeline.inputs.perjanjian import COLUMN_TITLES

UNITS = ["Sekretariat", "Subbag Keuangan", "Seksi Pemerintahan", "Seksi Trantib", "Seksi PMD"]
CONFIG = """[instansi]
pemerintah = "PEMERINTAH KABUPATEN CONTOH"
nama = "KECAMATAN {name}"
alamat = "Jalan Utama No. {number}"
kode_pos = "7{number:04d}"
kota = "{city}"

[pejabat.camat]
jabatan = "CAMAT {name}"
nama = "CAMAT KE-{number}"
nip = "19700101199003{number:04d}"
"""


def make_office(root: Path, number: int, indicators: int, quarters: int, tahun: int) -> Path:
    name = f"KANTOR {number:02d}"
    folder = root / f"kecamatan-{number:02d}"
    (folder / "inputs" / str(tahun)).mkdir(parents=True, exist_ok=True)
    (folder / "kinerja.toml").write_text(
        CONFIG.format(name=name, number=number, city=f"Kota {number}"), encoding="utf-8"
    )
    rows = []
    for i in range(indicators):
        unit = UNITS[i % len(UNITS)]
        percent = i % 3 != 0
        target = [100] * 4 if percent else [5 + i % 4] * 4
        rows.append(
            [
                unit,
                f"Sasaran {i // 4 + 1} {unit}",
                f"Indikator {i + 1} {unit}",
                "%" if percent else "Kegiatan",
                "negatif" if i % 7 == 6 else "positif",
                100 if percent else sum(target),
                *target,
                "terakhir" if percent else "jumlah",
            ]
        )
    book = Workbook(write_only=True)
    sheet = book.create_sheet("PK")
    sheet.append(COLUMN_TITLES)
    for row in rows:
        sheet.append(row)
    book.save(folder / "inputs" / str(tahun) / "perjanjian-kinerja.xlsx")
    for triwulan in range(1, quarters + 1):
        returns = folder / "inputs" / str(tahun) / f"TW{triwulan}"
        returns.mkdir(exist_ok=True)
        for unit in UNITS:
            book = Workbook(write_only=True)
            sheet = book.create_sheet("Isian")
            sheet.append(["Unit Kerja", unit])
            # the unit's date: five days after the quarter ends
            sheet.append(["Tanggal", dt.date(tahun, triwulan * 3 % 12 + 1, 5)])
            sheet.append([])
            sheet.append(["No", "Indikator Kinerja", "Target", "Realisasi", "Keterangan"])
            for no, row in enumerate((r for r in rows if r[0] == unit), start=1):
                target = row[5 + triwulan]
                realisasi = round(target * (0.85 + ((no * 7 + triwulan) % 20) / 100), 2)
                sheet.append(
                    [
                        no,
                        row[2],
                        target,
                        realisasi,
                        "" if realisasi >= target else "Kendala lapangan",
                    ]
                )
            book.save(returns / f"isian-{unit.lower().replace(' ', '-')}.xlsx")
    return folder


def make_regency(
    root: Path, offices: int = 40, indicators: int = 25, quarters: int = 4, tahun: int = 2024
) -> list[Path]:
    """Write the regency under `root`; the workspaces, in order."""
    root.mkdir(parents=True, exist_ok=True)
    return [make_office(root, n, indicators, quarters, tahun) for n in range(1, offices + 1)]
