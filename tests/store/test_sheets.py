"""The one writer of cells: every spreadsheet and CSV kinerja writes keeps hostile text as text."""

from __future__ import annotations

import csv
import re
import shutil
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from openpyxl import Workbook, load_workbook

from pipeline.store import dataset, ooxml
from pipeline.store.sheets import FORMULA_START, asli, csv_bytes, netral, tulis_sel
from tests.conftest import edit_return

PERIOD = ("--tahun", "2024", "--triwulan", "3")
SEKRETARIAT = "format-isian-sekretariat-2024-TW3.xlsx"
HOSTILE_NAME = "=HYPERLINK(A1) sekretariat.xlsx"
KETERANGAN = '=HYPERLINK("http://contoh.invalid","klik")'
NEGATIVE_NUMBER = re.compile(r"-\d+(,\d+)?")


def ok(result):
    assert result.exit_code == 0, result.output
    return result


def hostile_workspace(sample: Path) -> None:
    """Formulas where people type: the Perjanjian Kinerja's texts, a Keterangan, a file name."""
    pk = sample / "inputs/2024/perjanjian-kinerja.xlsx"
    workbook = load_workbook(pk)
    sheet = workbook.active
    for row in sheet.iter_rows(min_row=4):
        if row[0].value == "Sekretariat":
            row[1].value = "+" + row[1].value
            row[1].data_type = "s"
            row[3].value = "@" + row[3].value
    workbook.save(pk)
    edit_return(sample, SEKRETARIAT, {"H10": KETERANGAN, "H11": "-hujan", "H12": "\tTAB"})
    for cell in ("H10", "H11", "H12"):
        path = sample / "inputs/2024/TW3" / SEKRETARIAT
        workbook = load_workbook(path)
        workbook.active[cell].data_type = "s"
        workbook.save(path)
    folder = sample / "inputs/2024/TW3"
    shutil.move(folder / SEKRETARIAT, folder / HOSTILE_NAME)


def written_sheets(sample: Path) -> list[Path]:
    outputs = sample / "outputs/2024"
    return sorted(p for p in outputs.rglob("*") if p.suffix in (".xlsx", ".csv"))


def test_every_spreadsheet_writer_keeps_hostile_text_as_text(run, sample):
    hostile_workspace(sample)
    w = ("--workspace", sample)
    ok(run("format-isian", *w, *PERIOD))
    ok(run("proses", *w, *PERIOD, "--tanggal", "2024-10-07"))
    ok(
        run(
            "verifikasi",
            *w,
            *PERIOD,
            "--setujui",
            "--catatan",
            "Sudah dicek",
            "--tanggal",
            "2024-10-08",
        )
    )
    ok(run("sahkan", *w, *PERIOD, "--tanggal", "2024-10-10"))
    ok(run("ekspor", *w, *PERIOD, "--tanggal", "2024-10-11"))

    files = written_sheets(sample)
    kinds = {re.sub(r"-(sekretariat|seksi|subbag).*", "", p.stem) + p.suffix for p in files}
    assert {
        "format-isian.xlsx",
        "format-pengukuran.xlsx",
        "data-kinerja-2024-TW3.xlsx",
        "data-kinerja-2024-TW3.csv",
        "e-kino-e-monev-2024-TW3.xlsx",
        "e-kino-e-monev-2024-TW3.csv",
    } <= kinds
    assert any(p.parent.name == "rev-1" and p.suffix == ".xlsx" for p in files)
    hostile_seen = 0
    for path in files:
        if path.suffix == ".csv":
            hostile_seen += check_csv(path)
        else:
            hostile_seen += check_xlsx(path)
    assert hostile_seen >= 20  # the hostile texts did reach every kind of file

    rev = sample / "outputs/2024/TW3/rev-1/data-kinerja-2024-TW3.csv"
    back = {p.indikator.nama: p for p in dataset.read(rev)}  # the round trip loses nothing
    sakip = back["Nilai SAKIP Kecamatan"]
    assert sakip.keterangan == KETERANGAN
    assert sakip.sumber == f"{HOSTILE_NAME} (sheet 'Format Isian')"
    assert sakip.indikator.sasaran.startswith("+Meningkatnya")
    assert sakip.indikator.satuan == "@Nilai"


def check_csv(path: Path) -> int:
    """Every field a spreadsheet would evaluate is a number; returns the neutralised fields."""
    with open(path, encoding="utf-8-sig", newline="") as handle:
        fields = [f for row in csv.reader(handle, delimiter=";") for f in row]
    for field in fields:
        assert not field.startswith(FORMULA_START) or NEGATIVE_NUMBER.fullmatch(field), (
            path.name,
            field,
        )
    return sum(f.startswith("'") for f in fields)


def check_xlsx(path: Path) -> int:
    """No formula but the forms' own Capaian; every risky text is a quote-prefixed text cell."""
    seen = 0
    for sheet in load_workbook(path):
        for row in sheet.iter_rows():
            for cell in row:
                if cell.data_type == "f":
                    assert path.stem.startswith("format-"), (path.name, cell.coordinate)
                    assert cell.value.startswith("=IF(OR("), (path.name, cell.value)
                elif isinstance(cell.value, str) and cell.value.startswith(FORMULA_START):
                    assert cell.data_type == "s" and cell.quotePrefix, (path.name, cell.value)
                    seen += 1
    return seen


@pytest.mark.parametrize(
    "text", ["=1+1", "+62 811", "-hujan", "@SUM(A1)", "\tx", "\rx", "'=x", "''", "'biasa", "biasa"]
)
def test_csv_escape_reads_back_as_it_was(text):
    assert asli(netral(text)) == text
    assert not netral(text).startswith(FORMULA_START)


def test_numbers_stay_numbers_and_negative_text_does_not():
    data = csv_bytes(["a", "b", "c"], [[Decimal("-5.5"), "-5", None]]).decode("utf-8-sig")
    assert data.splitlines()[1] == "-5,5;'-5;"
    sheet = Workbook().active
    number = tulis_sel(sheet, 1, 1, Decimal("-5.5"))
    text = tulis_sel(sheet, 1, 2, "-5")
    assert (number.value, number.data_type) == (-5.5, "n")
    assert (text.value, text.data_type, text.quotePrefix) == ("-5", "s", True)
    assert tulis_sel(sheet, 1, 3, "a\x0bb\x01").value == "a\nb"  # openpyxl would refuse \x01


@pytest.mark.parametrize(
    "text", ["a&b<c>d", 'x"y', "x'y", "x\"y'z", "tab\tnl\nr\r", "Data 'TW'", "", "&amp;"]
)
def test_xml_quoting_is_that_of_the_standard_library(text):
    from xml.sax import saxutils

    assert ooxml.escape(text) == saxutils.escape(text)
    assert ooxml.quoteattr(text) == saxutils.quoteattr(text)


@settings(max_examples=50, deadline=None)
@given(
    st.binary(min_size=1, max_size=60),
    st.integers(1, 4000),  # up to 300 KB: past deflate's 32 KB window, as a long body is
    st.lists(st.floats(0, 1), max_size=4),
    st.sampled_from([1, 6, 9]),
)
def test_a_part_deflated_in_pieces_is_the_part_deflated_whole(word, times, where, level):
    """The zip writer takes a long body in pieces rather than one joined copy: same bytes."""
    import zlib

    data = b"".join(b"<w:t>%s%d</w:t>" % (word, n % 97) for n in range(times))
    cuts = sorted(int(at * len(data)) for at in where)
    pieces = [data[a:b] for a, b in zip([0, *cuts], [*cuts, len(data)], strict=True)]
    assert ooxml.deflate(pieces, level) == ooxml.deflate(data, level)
    packed, crc, size = ooxml.deflate(pieces, level)
    assert zlib.decompress(packed, -15) == data and crc == zlib.crc32(data) and size == len(data)
