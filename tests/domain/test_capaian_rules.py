"""Capaian rules per indicator (Rumus Capaian) and the PK Perubahan (Berlaku Mulai TW)."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook

from pipeline.domain.errors import InputError
from pipeline.domain.model import Polaritas, hitung_capaian, label_predikat, skor_predikat
from pipeline.inputs.perjanjian import load_perjanjian, versi_perjanjian
from tests.conftest import docx_text, pengukuran_table

D = Decimal
HEADER = ["Unit", "Sasaran", "Indikator Kinerja", "Satuan", "Polaritas", "Rumus Capaian",
          "Target Tahunan", "Target TW I", "Target TW II", "Target TW III", "Target TW IV",
          "Berlaku Mulai TW"]  # fmt: skip


def _pk(tmp_path: Path, rows: list[list[object]]) -> Path:
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(HEADER)
    for row in rows:
        sheet.append(row)
    path = tmp_path / "pk.xlsx"
    workbook.save(path)
    return path


@pytest.mark.parametrize(
    ("target", "realisasi", "rule", "expected"),
    [
        (D(10), D(8), Polaritas.NEGATIF_RASIO, D("125.00")),
        (D(10), D(12), Polaritas.NEGATIF_RASIO, D("83.33")),
        (D(10), D(0), Polaritas.NEGATIF_RASIO, None),
        (D(10), D(12), Polaritas.NEGATIF, D("80.00")),
        (D(100), D(75), Polaritas.OPINI, D("75.00")),
        (D(90), D(80), Polaritas.NILAI, D("88.89")),
    ],
)
def test_rules(target, realisasi, rule, expected):
    assert hitung_capaian(target, realisasi, rule) == expected


def test_predicate_scores_both_ways():
    assert skor_predikat(Polaritas.OPINI, " wtp ") == D(100)
    assert skor_predikat(Polaritas.NILAI, "BB") == D(80)
    assert label_predikat(Polaritas.NILAI, D(80)) == "BB"
    with pytest.raises(
        ValueError, match="'X' bukan predikat yang dikenal; tulis salah satu: WTP, WDP, TW, TMP"
    ):
        skor_predikat(Polaritas.OPINI, "X")


def test_rumus_capaian_column_chooses_the_rule(tmp_path):
    path = _pk(tmp_path, [
        ["U", "S", "Kasus", "kasus", "negatif", "T/R", 10, 10, 10, 10, 10, None],
        ["U", "S", "Opini BPK", "opini", "", "opini", "WTP", "WTP", "WTP", "WTP", "WTP", None],
        ["U", "S", "Nilai SAKIP", "nilai", "", "nilai", "A", "B", "BB", "BB", "A", None],
        ["U", "S", "Sampah", "ton", "negatif", "", 5, 5, 5, 5, 5, None],
    ])  # fmt: skip
    items = {i.nama: i for i in load_perjanjian(path)}
    assert items["Kasus"].polaritas is Polaritas.NEGATIF_RASIO
    assert items["Opini BPK"].polaritas is Polaritas.OPINI
    assert items["Opini BPK"].target_tahunan == D(100)
    assert items["Nilai SAKIP"].target_tw == (D(70), D(80), D(80), D(90))
    assert items["Sampah"].polaritas is Polaritas.NEGATIF


def test_unknown_rule_and_predicate_named(tmp_path):
    path = _pk(tmp_path, [
        ["U", "S", "Kasus", "kasus", "", "R-T", 10, 10, 10, 10, 10, None],
        ["U", "S", "Opini", "opini", "", "opini", "WTP", "WTP", "WTP", "Baik", "WTP", None],
    ])  # fmt: skip
    with pytest.raises(InputError) as caught:
        load_perjanjian(path)
    text = "\n".join(caught.value.lines())
    assert ("'R-T' tidak dikenal; tulis R/T, (2T-R)/T, T/R, opini (WTP/WDP/TW/TMP) atau nilai "
            "(AA/A/BB/B/CC/C/D/E)") in text  # fmt: skip
    assert "'Baik' bukan predikat yang dikenal; tulis salah satu: WTP, WDP, TW, TMP" in text


def test_pk_perubahan_applies_from_its_quarter(tmp_path):
    path = _pk(tmp_path, [
        ["U", "S", "Desa", "desa", "", "", 10, 2, 4, 6, 10, None],
        ["U", "S", "Desa", "desa", "", "", 14, 9, 9, 8, 14, "III"],
    ])  # fmt: skip
    assert versi_perjanjian(path) == [1, 3]
    (tw2,) = load_perjanjian(path, 2)
    (tw3,) = load_perjanjian(path, 3)
    assert (tw2.target_tahunan, tw2.target_tw) == (D(10), (D(2), D(4), D(6), D(10)))
    # earlier quarters keep their original targets whatever the new row says
    assert (tw3.target_tahunan, tw3.target_tw) == (D(14), (D(2), D(4), D(8), D(14)))
    assert tw3.berlaku_mulai == 3


def test_pk_perubahan_row_twice_is_named(tmp_path):
    path = _pk(tmp_path, [
        ["U", "S", "Desa", "desa", "", "", 10, 2, 4, 6, 10, None],
        ["U", "S", "Desa", "desa", "", "", 14, 2, 4, 8, 14, 3],
        ["U", "S", "Desa", "desa", "", "", 15, 2, 4, 8, 15, 3],
    ])  # fmt: skip
    with pytest.raises(InputError) as caught:
        load_perjanjian(path)
    assert (
        "indikator 'Desa' unit 'U' dengan Berlaku Mulai TW 3 sudah ada di baris 3; hapus salah "
        "satu, atau isi kolom Berlaku Mulai TW bila baris ini Perjanjian Kinerja Perubahan"
    ) in "\n".join(caught.value.lines())


def _add_perubahan(workspace: Path) -> None:
    """A PK Perubahan from TW III: the first indicator's TW III, TW IV and annual targets."""
    path = workspace / "inputs/2024/perjanjian-kinerja.xlsx"
    workbook = load_workbook(path)
    sheet = workbook.active
    sheet.cell(3, 13, "Berlaku Mulai TW")
    values = [c.value for c in sheet[4]][:12]
    values[5], values[8], values[9] = 72, 71, 72
    sheet.append([*values, 3])
    workbook.save(path)


def _drafts(workspace: Path, run, triwulan: int) -> dict[str, bytes]:
    result = run("proses", "-w", workspace, "--tahun", 2024, "--triwulan", triwulan,
                 "--tanggal", f"2024-{triwulan * 3 + 1:02d}-10")  # fmt: skip
    assert result.exit_code == 0, result.output
    folder = workspace / f"outputs/2024/TW{triwulan}/draft"
    return {p.name: p.read_bytes() for p in sorted(folder.rglob("*.docx"))}


def test_pk_perubahan_from_tw3_leaves_tw1_tw2_identical(sample, run):
    before = {t: _drafts(sample, run, t) for t in (1, 2, 3)}
    _add_perubahan(sample)
    after = {t: _drafts(sample, run, t) for t in (1, 2, 3)}
    assert after[1] == before[1] and after[2] == before[2]
    name = "pengukuran-kinerja-2024-TW3.docx"
    assert after[3][name] != before[3][name]
    path = sample / "outputs/2024/TW3/draft" / name
    row = pengukuran_table(path)["Nilai SAKIP Kecamatan"]
    assert [row["target_tahunan"], row["target_tw2"], row["target_tw3"], row["target_tw4"]] == [
        "72", "67", "71", "72"
    ]  # fmt: skip
    text = docx_text(path)
    assert "Perjanjian Kinerja Perubahan yang berlaku mulai Triwulan III" in text
    laporan = docx_text(sample / "outputs/2024/TW3/draft/laporan-kinerja-2024-TW3.docx")
    assert "Perjanjian Kinerja Perubahan yang berlaku mulai Triwulan III" in laporan
