"""Issue 16: the Pillow chart, the plain data workbook, the disk cache of compiled templates and
holidays, untagged document properties; each keeps the documents' bytes for the same inputs."""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from decimal import Decimal
from pathlib import Path

import pytest
from openpyxl import load_workbook
from PIL import Image

from pipeline.documents import chart, render
from pipeline.documents.triwulan import pengukuran_context
from pipeline.domain.model import Akumulasi, Indikator, Pengukuran, Polaritas
from pipeline.domain.periode import Periode
from pipeline.inputs import cache
from pipeline.inputs.config import load_config
from pipeline.store import kalender
from pipeline.store.dataset import COLUMNS, to_xlsx

REPO = Path(__file__).resolve().parents[1]


def measurements(n: int, sasaran_per: int = 5) -> list[Pengukuran]:
    return [
        Pengukuran(
            Indikator(
                f"Unit {i % 3}",
                f"Sasaran {i // sasaran_per}",
                f"Persentase desa yang menyampaikan laporan tepat waktu nomor {i}",
                "%",
                Polaritas.POSITIF,
                Decimal(100),
                (Decimal(25), Decimal(50), Decimal(75), Decimal(100)),
                Akumulasi.TERAKHIR,
            ),
            Decimal(75),
            Decimal(60 + i % 30),
            "",
        )
        for i in range(n)
    ]


def test_chart_is_a_deterministic_png_of_the_laporan_width():
    data = measurements(12)
    png = chart.grafik_capaian(data, "Capaian Kinerja Triwulan III Tahun 2024")
    assert png == chart.grafik_capaian(data, "Capaian Kinerja Triwulan III Tahun 2024")
    image = Image.open(io.BytesIO(png))
    assert image.format == "PNG" and image.width == chart.WIDTH
    assert image.height < image.width  # 12 bars need less than the width


def test_chart_of_many_indicators_stays_within_a_page_one_bar_per_sasaran():
    bars, title = chart._bars(measurements(60), "Capaian")
    assert title == "Capaian (rata-rata per sasaran)"
    assert [b.label for b in bars][:2] == [
        "1. Sasaran 0 (5 indikator)",
        "2. Sasaran 1 (5 indikator)",
    ]
    assert bars[0].text == "82,67"  # realisasi 60 … 64 against 75: the mean capaian
    image = Image.open(io.BytesIO(chart.grafik_capaian(measurements(500), "Capaian")))
    assert image.height <= chart.MAX_PLOT_HEIGHT + 300


def test_pelukis_grafik_gives_the_same_picture_as_the_function():
    data = measurements(5)
    with chart.PelukisGrafik() as pelukis:
        assert pelukis.gambar(data, "x")() == chart.grafik_capaian(data, "x")


def test_plain_data_workbook_opens_with_escaping_and_number_formats():
    table = [
        ['=HYPERLINK("x")', "+62 811", "-hujan", "S", "positif", Decimal("1250.5"), 65, 67]
        + [Decimal(70)] * 5
        + ["Baik", "a\x0bb", "dilaporkan", "@isian.xlsx", "terakhir", "2024-10-01"]
    ]
    data = to_xlsx(table, "Data Kinerja Triwulan III Tahun 2024", dt.date(2024, 10, 3))
    assert data == to_xlsx(table, "Data Kinerja Triwulan III Tahun 2024", dt.date(2024, 10, 3))
    assert {i.date_time for i in zipfile.ZipFile(io.BytesIO(data)).infolist()} == {
        (1980, 1, 1, 0, 0, 0)
    }
    book = load_workbook(io.BytesIO(data))
    sheet = book.active
    assert sheet.title == "Data Kinerja" and sheet.freeze_panes == "A2"
    from openpyxl.utils import get_column_letter

    assert sheet.auto_filter.ref == f"A1:{get_column_letter(len(COLUMNS))}2"
    assert [c.value for c in sheet[1]] == COLUMNS and sheet["A1"].font.b
    risky = [sheet[ref] for ref in ("A2", "B2", "C2", "Q2")]
    assert [(c.value, c.data_type, c.quotePrefix) for c in risky] == [
        ('=HYPERLINK("x")', "s", True),
        ("+62 811", "s", True),
        ("-hujan", "s", True),
        ("@isian.xlsx", "s", True),
    ]
    assert (sheet["O2"].value, sheet["O2"].quotePrefix) == ("a\nb", False)
    assert (sheet["F2"].value, sheet["F2"].number_format) == (1250.5, "#,##0.##")
    assert (sheet["G2"].value, sheet["G2"].number_format) == (65, "#,##0")
    assert book.properties.title == "Data Kinerja Triwulan III Tahun 2024"
    assert book.properties.created == dt.datetime(2024, 10, 3)


def test_a_damaged_or_foreign_cache_entry_is_ignored(tmp_path, monkeypatch):
    monkeypatch.setenv("KINERJA_CACHE_DIR", str(tmp_path))
    cache.simpan("x", "kunci-1", b"isi")
    assert cache.baca("x", "kunci-1") == b"isi"
    assert cache.baca("x", "kunci-2") is None  # another library version
    config = load_config(REPO)
    template = render.bundled_dir() / "pengukuran-kinerja.docx"
    context = pengukuran_context(config, Periode(2024, 3), [], dt.date(2024, 10, 7))
    render._COMPILED.clear()
    render._PATCHED.clear()
    first = render.render_docx(template, context, dt.date(2024, 10, 7), config.tampilan)
    entries = [p for p in tmp_path.iterdir() if p.name != cache._path("x").name]
    assert entries  # compiled templates and patched parts were kept
    for entry in entries:  # damage every entry, keeping its key line
        head = entry.read_bytes().split(b"\n", 1)[0]
        entry.write_bytes(head + b"\n\xff\x00garbage")
    render._COMPILED.clear()
    render._PATCHED.clear()
    assert render.render_docx(template, context, dt.date(2024, 10, 7), config.tampilan) == first


def test_holidays_come_back_the_same_from_the_cache(tmp_path, monkeypatch):
    monkeypatch.setenv("KINERJA_CACHE_DIR", str(tmp_path))
    kalender._libur.cache_clear()
    made = kalender._libur(2024)
    kalender._libur.cache_clear()
    assert kalender._libur(2024) == made and dt.date(2024, 8, 17) in made
    kalender._libur.cache_clear()


@pytest.mark.parametrize("title", ["Laporan", "Laporan {{ judul }}", "dua\nbaris\n", ""])
def test_untagged_properties_keep_the_bytes_docxtpl_gives(title, tmp_path):
    from docx import Document

    source = Document(render.bundled_dir() / "pengukuran-kinerja.docx")
    source.core_properties.title = title
    path = tmp_path / "t.docx"
    source.save(path)
    document = render._fast_template_class()(path)
    document.init_docx()
    document.render_properties({"judul": "TW III"}, render._environment())
    plain = render._fast_template_class().__mro__[1](path)
    plain.init_docx()
    plain.render_properties({"judul": "TW III"}, render._environment())
    from lxml import etree

    ours, theirs = (d.docx.core_properties._element for d in (document, plain))
    assert etree.tostring(ours) == etree.tostring(theirs)
