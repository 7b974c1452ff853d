"""Documents written from a template's Kemasan are, byte for byte, those python-docx writes."""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import struct
import zipfile
import zlib

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.documents import package, render
from pipeline.documents.render import Gambar
from pipeline.inputs.config import Tampilan
from tests.conftest import REPO

WHEN = dt.date(2024, 10, 7)


@pytest.fixture
def compared(monkeypatch):
    """Every document written from a Kemasan is also written with python-docx and compared;
    the names of the templates compared."""
    names: list[str] = []
    templates: dict[int, bytes] = {}
    real_kemasan, real_from = render._kemasan, render._render_from

    def kemasan(data, tampilan):
        made = real_kemasan(data, tampilan)
        templates[id(made)] = data
        return made

    def written(kemasan, context, env, when, tampilan):
        ours = real_from(kemasan, context, env, when, tampilan)
        data = templates[id(kemasan)]
        theirs = render._render_with_docx(data, context, env, when, tampilan)
        assert ours == theirs
        names.append(hashlib.sha256(data).hexdigest())
        return ours

    monkeypatch.setattr(render, "_kemasan", kemasan)
    monkeypatch.setattr(render, "_render_from", written)
    return names


def test_the_sample_quarter_comes_out_as_python_docx_writes_it(run, sample, compared):
    period = ("--workspace", sample, "--tahun", "2024", "--triwulan", "3")
    steps = [
        ("format-isian", *period),
        ("proses", *period),
        (
            "verifikasi",
            *period,
            "--setujui",
            "--catatan",
            "Serapan dicek",
            "--tanggal",
            "2024-10-08",
        ),
        ("sahkan", *period, "--tanggal", "2024-10-09"),
        ("status", *period, "--docx"),
        ("sop", "--workspace", sample),
    ]
    for step in steps:
        result = run(*step)
        assert result.exit_code == 0, result.output
    assert len(compared) >= 30  # Format Isian per unit, drafts, rev-1, Lembar Kendali, SOP
    # Format Isian, Format Pengukuran, Pengukuran, Laporan, Lembar Verifikasi, Kendali, SOP
    assert len(set(compared)) == 7


def png(width: int, height: int, phys: tuple[int, int, int] | None = None) -> bytes:
    """A real PNG of one colour, with a pHYs chunk when `phys` (x, y, unit) is given."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        crc = zlib.crc32(kind + data)
        return struct.pack(">L", len(data)) + kind + data + struct.pack(">L", crc)

    header = struct.pack(">LLBBBBB", width, height, 8, 2, 0, 0, 0)
    rows = b"".join(b"\x00" + b"\x80\x20\x20" * width for _ in range(height))
    body = chunk(b"IHDR", header)
    if phys:
        body += chunk(b"pHYs", struct.pack(">LLB", *phys))
    body += chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b"")
    return b"\x89PNG\r\n\x1a\n" + body


def template_with(body: str, header: str = "") -> bytes:
    """python-docx's own blank document with a paragraph `body`, and `header` in its header."""
    from docx import Document

    document = Document()
    document.add_paragraph(body)
    if header:
        document.sections[0].header.add_paragraph(header)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


@pytest.mark.parametrize(
    "pictures",
    [
        [Gambar(png(40, 20), lebar_cm=3.0)],  # 72 dpi
        [Gambar(png(300, 100, (11811, 11811, 1)), tinggi_cm=1.5)],  # 300 dpi
        [Gambar(png(30, 30, (5000, 2000, 0))), Gambar(png(30, 30, (5000, 2000, 0)))],  # same
        [Gambar(png(10, 50), 1.0, 4.0), Gambar(png(64, 8, (2835, 2835, 1)), tinggi_cm=0.4)],
    ],
)
@pytest.mark.parametrize("in_header", [False, True])
def test_pictures_are_added_as_python_docx_adds_them(compared, pictures, in_header):
    """Sizes from the pixels and the pHYs chunk, one part for a picture used twice, the
    next free relationship id and image number, in the body and in a header."""
    loop = "{% for g in lampiran %}{{ g }}{% endfor %}"
    data = template_with(loop, header=loop if in_header else "")
    tampilan = Tampilan()
    kemasan = render._kemasan(data, tampilan)
    context = {"logo": "", "lampiran": pictures}
    out = render._render_from(kemasan, context, render._environment(), WHEN, tampilan)
    media = [n for n in zipfile.ZipFile(io.BytesIO(out)).namelist() if "media/" in n]
    assert len(media) == len({g.png for g in pictures})
    assert compared  # and python-docx wrote the same bytes


def test_a_picture_that_is_not_a_png_is_written_by_python_docx(tmp_path):
    jpeg = (REPO / "templates/logo-contoh.png").read_bytes()
    with pytest.raises(package.TidakDidukung):
        package.png_size(b"\xff\xd8\xff\xe0" + jpeg[4:])
    with pytest.raises(package.TidakDidukung):
        package.png_size(jpeg[:20])  # cut short


def test_a_damaged_kemasan_on_disk_is_made_again(tmp_path, monkeypatch):
    from pipeline.inputs import cache

    monkeypatch.setenv("KINERJA_CACHE_DIR", str(tmp_path))
    data = (REPO / "templates/docx/lembar-verifikasi.docx").read_bytes()
    render._KEMASAN.clear()
    made = render._kemasan(data, Tampilan())
    for entry in tmp_path.iterdir():
        head = entry.read_bytes().split(b"\n", 1)[0]
        entry.write_bytes(head + b"\nK\x00garbage")
    render._KEMASAN.clear()
    again = render._kemasan(data, Tampilan())
    assert again is not None and again.simpan() == made.simpan()
    assert cache.folder() == tmp_path
    render._KEMASAN.clear()


def test_a_flipped_bit_in_a_kept_entry_is_noticed(tmp_path, monkeypatch):
    monkeypatch.setenv("KINERJA_CACHE_DIR", str(tmp_path))
    data = (REPO / "templates/docx/lembar-verifikasi.docx").read_bytes()
    render._KEMASAN.clear()
    made = render._kemasan(data, Tampilan()).simpan()
    for entry in tmp_path.iterdir():
        raw = bytearray(entry.read_bytes())
        raw[len(raw) // 2] ^= 0x10  # in the stored bytes, past the key and digest lines
        entry.write_bytes(bytes(raw))
    render._KEMASAN.clear()
    assert render._kemasan(data, Tampilan()).simpan() == made
    render._KEMASAN.clear()


def test_kept_entries_belong_to_this_kinerja(tmp_path, monkeypatch):
    """A new kinerja (its layout or package writer changed) does not read what an older one
    kept: the key holds a digest of the code that makes the entries."""
    key = render._cache_key()
    assert render._own_code() in key and render._own_code() != "-"
    changed = tmp_path / "render.py"
    changed.write_text((REPO / "pipeline/documents/render.py").read_text() + "\n# baru\n")
    monkeypatch.setattr(package, "__file__", str(changed))
    render._cache_key.cache_clear()
    try:
        assert render._cache_key() != key
    finally:
        monkeypatch.undo()
        render._cache_key.cache_clear()


def test_a_footer_without_tags_but_with_a_typed_tab_renders(tmp_path, any_template):
    from docx import Document
    from docx.oxml import OxmlElement

    document = Document()
    document.add_paragraph("Halo {{ nama }}")
    run = document.sections[0].footer.paragraphs[0].add_run()
    text = OxmlElement("w:t")
    text.text = "KECAMATAN\tAWAYAN"
    run._r.append(text)
    template = tmp_path / "nota-dinas.docx"
    document.save(template)
    render._KEMASAN.clear()
    out = render.render_docx(template, {"nama": "Awayan"}, WHEN, Tampilan())
    reopened = Document(io.BytesIO(out))
    assert reopened.paragraphs[-1].text == "Halo Awayan"
    footer = reopened.sections[0].footer.paragraphs[0]._p.xml
    assert "KECAMATAN" in footer and "AWAYAN" in footer and "<w:tab/>" in footer


def test_a_jpeg_emblem_goes_to_python_docx_at_once(tmp_path, monkeypatch, any_template):
    from docx import Document
    from PIL import Image

    logo = tmp_path / "logo.jpg"
    Image.new("RGB", (60, 80), (200, 30, 30)).save(logo, format="JPEG", dpi=(150, 150))

    def never(*_):
        raise AssertionError("a JPEG emblem must not be written from the Kemasan")

    monkeypatch.setattr(render, "_render_from", never)
    document = Document()
    document.add_paragraph("{{ logo }} Kecamatan")
    template = tmp_path / "nota-dinas.docx"
    document.save(template)
    out = render.render_docx(template, {}, WHEN, Tampilan(logo=logo))
    names = zipfile.ZipFile(io.BytesIO(out)).namelist()
    assert any(name.startswith("word/media/") and name.endswith(".jpg") for name in names)
    assert Document(io.BytesIO(out)).inline_shapes


def test_cells_made_by_a_tc_loop_get_a_grid_to_match(tmp_path, any_template):
    """{%tc %} changes the number of cells of a row: docxtpl's own render fixes the grid."""
    from docx import Document
    from lxml import etree

    document = Document()
    table = document.add_table(rows=1, cols=3)
    for cell, text in zip(
        table.rows[0].cells, ("{%tc for k in kolom %}", "{{ k }}", "{%tc endfor %}"), strict=True
    ):
        cell.text = text
    template = tmp_path / "nota-dinas.docx"
    document.save(template)
    out = render.render_docx(template, {"kolom": list("abcde")}, WHEN, Tampilan())
    xml = zipfile.ZipFile(io.BytesIO(out)).read("word/document.xml")
    tree = etree.fromstring(xml)
    ns = {"w": "http://schemas.openxmlformats.org/wordprocessingml/2006/main"}
    assert len(tree.findall(".//w:tr/w:tc", ns)) == 5
    assert len(tree.findall(".//w:tblGrid/w:gridCol", ns)) == 5


HEADER_PARTS = [
    "<w:p><w:r><w:t>{}</w:t></w:r></w:p>",
    '<w:p><w:r><w:t xml:space="preserve">{} </w:t></w:r></w:p>',
    "<w:p><w:r><w:t></w:t></w:r></w:p>",  # an emptied text: lxml writes <w:t/>
    "<w:p>\n<w:r><w:t>{}</w:t></w:r>\n</w:p>",  # what a removed tag leaves
    '<w:p><w:pPr><w:jc w:val="right"/></w:pPr><w:r><w:t>{}</w:t></w:r></w:p>',
    "<w:p><w:r><w:t> </w:t></w:r></w:p>",
    "<w:p/>",
]


@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.sampled_from(HEADER_PARTS), min_size=1, max_size=4),
    st.text(st.characters(blacklist_categories=("Cs", "Cc")), max_size=12),
)
def test_a_header_taken_as_rendered_is_what_lxml_writes(parts, value):
    """A rendered header or footer is stored as lxml would write it back, whether it is taken
    as it is or passed through lxml; one that is not well formed is still refused."""
    from lxml import etree
    from markupsafe import escape

    main = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
    body = "".join(part.format(escape(value)) for part in parts)
    xml = f'<w:hdr xmlns:w="{main}">{body}</w:hdr>'
    parser = etree.XMLParser(remove_blank_text=True, resolve_entities=False)
    try:
        root = etree.fromstring(xml.encode("utf-8"), parser)
    except etree.XMLSyntaxError:  # a character XML does not allow (\ufffe)
        with pytest.raises(etree.XMLSyntaxError):
            render._as_part(xml)
        return
    assert render._as_part(xml) == etree.tostring(root, encoding="UTF-8", standalone=True)
    with pytest.raises(etree.XMLSyntaxError):  # not well formed: refused as lxml refuses it
        render._as_part(xml.replace("</w:hdr>", ""))


W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'


@pytest.mark.parametrize(
    "xml",
    [
        f'<w:hdr {W}><w:p w:x="a>b"/></w:hdr>',  # a > in an attribute: lxml writes &gt;
        f"<w:hdr {W}><w:p><w:r><w:t>a>b</w:t></w:r></w:p></w:hdr>",
        f"<w:hdr {W}><w:p><w:r><w:br /></w:r></w:p></w:hdr>",  # whitespace inside tags
        f'<w:hdr {W}><w:p  w:rsidR="1"/></w:hdr>',
        f'<w:hdr {W}><w:p w:rsidR = "1"/></w:hdr>',
        f"<w:hdr {W}><w:p/></w:hdr> ",  # and around the root
        f" <w:hdr {W}><w:p/></w:hdr>",
        f"\ufeff<w:hdr {W}><w:p/></w:hdr>",
        "<w:hdr><w:p/></w:hdr>",  # an undeclared prefix: refused
        f"<w:hdr {W}><w:p><wp:inline/></w:p></w:hdr>",
        f'<w:hdr {W} xmlns:x=""><w:p/></w:hdr>',
        f'<w:hdr {W} xmlns:v="{W[9:-1]}"><w:p w:a="1" v:a="2"/></w:hdr>',  # the same attribute
        f'<w:hdr {W} xmlns:xml="http://www.w3.org/XML/1998/namespace"><w:p/></w:hdr>',
        f'<w:hdr {W} xmlns:xml="urn:x"><w:p/></w:hdr>',
        f'<w:hdr {W}><w:p w:x="&gt;"/></w:hdr>',
        f"<w:hdr {W}><w:p><w:r><w:t>&amp;&lt;&gt;\"'</w:t></w:r></w:p></w:hdr>",
        f"<w:hdr {W}><w:p><w:r><w:t>é中😀 \u3000</w:t></w:r></w:p></w:hdr>",
        f'<w:hdr {W}><w:p xml:lang="id"/></w:hdr>',
        f'<w:hdr {W}><w:p w:x="a&#10;b"/></w:hdr>',
        f"<w:hdr {W}/><!-- x -->",
    ],
)
def test_a_header_lxml_would_write_otherwise_or_refuse_goes_through_lxml(xml):
    """What the header check lets through as it is must be what lxml writes, and what lxml
    refuses stays refused (hand-made XML, or text let through unescaped by |safe)."""
    from lxml import etree

    parser = etree.XMLParser(remove_blank_text=True, resolve_entities=False)
    try:
        root = etree.fromstring(xml.encode("utf-8"), parser)
    except etree.XMLSyntaxError:
        with pytest.raises(etree.XMLSyntaxError):
            render._as_part(xml)
        return
    assert render._as_part(xml) == etree.tostring(root, encoding="UTF-8", standalone=True)
