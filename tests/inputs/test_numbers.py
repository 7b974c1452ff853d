from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pipeline.domain import formatting
from pipeline.inputs.numbers import NumberError, parse_angka


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("85,5", "85.5"),
        ("85.5", "85.5"),
        ("90%", "90"),
        ("90 %", "90"),
        ("1.250", "1250"),
        ("1.250.000", "1250000"),
        ("1.250,75", "1250.75"),
        (" 12 ", "12"),
        ("\u00a012\u00a0", "12"),
        ("0,500", "0.500"),
        (85.5, "85.5"),
        (1250, "1250"),
    ],
)
def test_unambiguous_numbers_are_read(raw, expected):
    assert parse_angka(raw) == Decimal(expected)


def test_excel_percent_format_reads_fraction_as_percent():
    assert parse_angka(0.9, persen_format=True) == Decimal("90.0")


@pytest.mark.parametrize("blank", [None, "", "   ", "\u00a0"])
def test_blank_is_none(blank):
    assert parse_angka(blank) is None


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ("abc", "'abc' bukan angka; tulis angka saja, mis. 85,5 atau 1.250"),
        ("85,5,3", "'85,5,3' bukan angka; tulis angka saja, mis. 85,5 atau 1.250"),
        (
            "1,250.5",
            "'1,250.5' memakai titik sebagai desimal dan koma sebagai ribuan; "
            "tulis dengan cara Indonesia, mis. 1.250,5",
        ),
        (
            "1,250",
            "'1,250' bisa dibaca dua cara (ribuan atau desimal); tulis 1250 untuk seribu dua "
            "ratus lima puluh atau 1,25 untuk desimal",
        ),
    ],
)
def test_ambiguous_or_wrong_text_is_rejected_with_a_fix(raw, message):
    with pytest.raises(NumberError) as caught:
        parse_angka(raw)
    assert str(caught.value) == message


@given(st.decimals(min_value=0, max_value=10**12, places=2, allow_nan=False))
def test_indonesian_formatting_reads_back(value):
    """Whatever the documents print (1.234,56) a section head may type back, and it is read."""
    assert parse_angka(formatting.angka(value, desimal=2)) == value


@given(st.integers(min_value=0, max_value=10**12))
def test_plain_integers_read_back(value):
    assert parse_angka(str(value)) == value


@pytest.mark.parametrize(
    ("value", "message"),
    [
        (1e30, "angka 1E+30 terlalu besar (paling banyak 15 digit sebelum koma)"),
        (1e15, "angka 1E+15 terlalu besar (paling banyak 15 digit sebelum koma)"),
        ("1" * 40, f"angka {'1' * 40} terlalu besar (paling banyak 15 digit sebelum koma)"),
        ("-1.000.000.000.000.000", "angka -1.000.000.000.000.000 terlalu besar"),
        (1e-300, "angka 1E-300 terlalu kecil (paling kecil 0,000001)"),
        ("#DIV/0!", "sel berisi galat Excel #DIV/0! (rumusnya gagal dihitung)"),
        ("#n/a", "sel berisi galat Excel #N/A (rumusnya gagal dihitung)"),
    ],
)
def test_out_of_range_numbers_and_excel_errors_are_rejected(value, message):
    with pytest.raises(NumberError) as caught:
        parse_angka(value)
    assert str(caught.value).startswith(message)


def test_largest_and_smallest_numbers_are_read():
    assert parse_angka(999_999_999_999_999) == Decimal(999_999_999_999_999)
    assert parse_angka("0,000001") == Decimal("0.000001")
    assert parse_angka(0) == 0


@given(
    st.decimals(min_value=Decimal("0.000001"), max_value=Decimal("999999999999999"), places=6),
    st.decimals(min_value=Decimal("0.000001"), max_value=Decimal("999999999999999"), places=6),
)
def test_capaian_of_any_accepted_numbers_is_computed(target, realisasi):
    from pipeline.domain.model import Polaritas, hitung_capaian

    for polaritas in Polaritas:
        assert hitung_capaian(target, realisasi, polaritas) is not None


@pytest.mark.parametrize(
    "day", ["2024-01-01", "2024-02-29", "2024-10-31", "2025-12-09", "0999-06-05", "2024-03-10"]
)
def test_dates_are_written_as_babel_writes_them_without_loading_it(day):
    import datetime as dt

    from babel.dates import format_date

    value = dt.date.fromisoformat(day)
    for month in range(1, 13):
        moved = value.replace(month=month, day=min(value.day, 28))
        assert formatting.tanggal(moved) == format_date(moved, "d MMMM y", locale="id")
    assert formatting.tanggal(dt.date(2024, 10, 31)) == "31 Oktober 2024"


def test_status_loads_neither_babel_nor_the_document_libraries(run, sample):
    import subprocess
    import sys

    code = (
        "import sys; from pipeline.cli import cli\n"
        "try: cli(['status', '--workspace', sys.argv[1], '--tahun', '2024', '--triwulan', '3'])\n"
        "except SystemExit: pass\n"
        "print(sorted(m for m in ('babel', 'docx', 'docxtpl', 'lxml', 'jinja2', 'openpyxl')"
        " if m in sys.modules))"
    )
    run("himpun", "--workspace", sample, "--tahun", "2024", "--triwulan", "3")
    out = subprocess.run(
        [sys.executable, "-c", code, str(sample)], capture_output=True, text=True, check=True
    )
    lines = out.stdout.strip().splitlines()
    assert lines[0] == "Status Triwulan III Tahun 2024 (revisi disahkan terakhir: belum ada)"
    assert any("Unit sudah melapor:" in line for line in lines)  # the data was read
    assert lines[-1] == "[]"
