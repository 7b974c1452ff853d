"""The template sandbox: a context of inert values, and calls only from a short allow-list."""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from decimal import Decimal
from pathlib import Path
from types import SimpleNamespace

import pytest
from docxtpl import DocxTemplate, Listing
from hypothesis import given
from hypothesis import strategies as st
from jinja2.sandbox import SecurityError
from markupsafe import Markup
from markupsafe import escape as markup_escape

from pipeline.documents import render
from pipeline.documents import triwulan as documents
from pipeline.documents.render import Gambar
from pipeline.inputs.config import Tampilan, load_config
from tests.conftest import REPO

INERT = (str, int, float, bool, type(None), Decimal, SimpleNamespace, dict, list, tuple)


def inert(value: object, where: str = "context") -> None:
    """Every value reachable from a context is plain data: nothing with methods to call."""
    if isinstance(value, Gambar):
        assert isinstance(value.png, bytes), where
        assert all(
            isinstance(v, float | int | type(None)) for v in (value.lebar_cm, value.tinggi_cm)
        )
        return
    if isinstance(value, Listing):
        assert isinstance(value.xml, str), where
        return
    assert isinstance(value, INERT), f"{where}: {type(value).__name__}"
    children = (
        value.items()
        if isinstance(value, dict)
        else vars(value).items()
        if isinstance(value, SimpleNamespace)
        else enumerate(value)
        if isinstance(value, list | tuple)
        else ()
    )
    for key, child in children:
        inert(child, f"{where}.{key}")


def test_every_document_context_is_inert(run, sample, monkeypatch):
    contexts = []
    real = render.render_docx

    def capture(template, context, *args):
        contexts.append((template.name, context))
        return real(template, context, *args)

    monkeypatch.setattr(documents, "render_docx", capture)
    result = run("proses", "--workspace", sample, "--tahun", "2024", "--triwulan", "3")
    assert result.exit_code == 0, result.output
    assert {name for name, _ in contexts} == {
        "pengukuran-kinerja.docx",
        "laporan-kinerja.docx",
        "format-isian.docx",
    }
    for name, context in contexts:
        inert(context, name)
    logo = render.logo_kop(load_config(sample).tampilan)
    assert isinstance(logo, Gambar) and logo.tinggi_cm == 2.2
    inert(logo, "logo")


def test_sandbox_refuses_calls_outside_the_allow_list(tmp_path):
    env = render._environment()
    document = DocxTemplate(str(REPO / "templates/docx/pengukuran-kinerja.docx"))
    target = tmp_path / "ditulis.docx"
    for source in (
        "{{ x.save(path) }}",
        "{{ x.docx.save(path) }}",
        "{{ (x|attr('save'))(path) }}",
        "{{ s.format(x) }}",
        "{{ s.__class__ }}{{ s.encode() }}",
    ):
        with pytest.raises(SecurityError):
            env.from_string(source).render(x=document, s="teks", path=str(target))
    assert not target.exists()
    # attributes of objects that are not context values are not even read
    assert env.from_string("[{{ x.docx }}]").render(x=document) == "[]"


def test_sandbox_allows_what_templates_use():
    env = render._environment()
    source = (
        "{% for k, v in d.items() %}{{ k.upper() }}={{ v.strip() }};{% endfor %}"
        "{% for r in rows %}{{ loop.cycle('a', 'b') }}{{ r.no }}{% endfor %}"
        "{{ d.get('x', '-') }} {{ range(2)|list|length }} {{ 'a-b'.split('-')|join('+') }}"
        "{% macro m(v) %}<{{ v }}>{% endmacro %}{{ m(1) }}"
    )
    rows = [SimpleNamespace(no=1), SimpleNamespace(no=2)]
    out = env.from_string(source).render(d={"nama": " Awayan "}, rows=rows)
    assert out == "NAMA=Awayan;a1b2- 2 a+b<1>"


def test_a_row_read_directly_still_refuses_what_the_sandbox_refuses(tmp_path):
    """The fast read of SimpleNamespace fields gives what the full checks give."""
    env = render._environment()
    target = tmp_path / "ditulis.docx"
    document = DocxTemplate(str(REPO / "templates/docx/pengukuran-kinerja.docx"))
    row = SimpleNamespace(no=3, simpan=document.save, _rahasia="x", __dict_copy__="y")
    source = "{{ r.no }}|{{ r.tidak_ada }}|{{ r._rahasia }}|{{ r.__dict_copy__ }}|{{ r.simpan }}"
    assert env.from_string(source).render(r=row) == "3||||"
    with pytest.raises(SecurityError):
        env.from_string("{{ r.simpan(path) }}").render(r=row, path=str(target))
    assert not target.exists()


def test_gambar_reaches_no_document(tmp_path):
    picture = Gambar(Path(REPO / "templates/logo-contoh.png").read_bytes(), tinggi_cm=2.2)
    env = render._environment()
    assert env.from_string("{{ g.lebar_cm }}|{{ g.tinggi_cm }}").render(g=picture) == "None|2.2"
    with pytest.raises(SecurityError):
        env.from_string("{{ g.__html__() }}").render(g=picture)
    with pytest.raises(SecurityError):
        env.from_string("{{ g.png.decode() }}").render(g=picture)


def test_render_docx_uses_the_sandbox_for_bundled_templates_too(sample):
    # the sandbox costs nothing measurable: one environment for every template
    assert isinstance(render._environment(), render._sandbox_class())
    config = load_config(sample)
    data = documents.render_isian(
        documents.Workspace(sample),
        config,
        documents.Periode(2024, 3),
        "Sekretariat",
        [],
        dt.date(2024, 10, 7),
        draft=True,
    )
    assert data[:2] == b"PK"


@given(
    st.lists(
        st.sampled_from(
            ['<w:t xml:space="preserve">', "<w:t>", "</w:t>", "<w:tab/>", "<w:tbl>", "<wp:x>"]
            + ["\n", "\t", "\a", "\f", " ", "a", "<", ">", "\n  <a:b/>"]
        ),
        max_size=30,
    ).map("".join)
)
def test_listing_characters_are_found_where_the_pattern_finds_them(xml):
    assert render._needs_listing(xml) == (render._CONTROL_IN_TEXT.search(xml) is not None)


def test_a_mapping_read_by_attribute_gives_what_jinja_gives():
    env = render._environment()
    source = "{{ d.judul }}|{{ d.items is defined }}|{{ d.tidak_ada }}|{{ d.get('judul') }}"
    assert env.from_string(source).render(d={"judul": "A", "items": "x"}) == "A|True||A"


@given(
    st.lists(
        st.sampled_from(
            ['<wp:docPr id="5" name="a"/>', '<wp:docPr name="x" id="77"/>', '<wp:docPrX id="3"/>']
            + ['<wp:docPr id="">', "<w:t>x</w:t>", 'id="9"', '<wp:docPr\nid="2"/>', "<wp:docPr"]
        ),
        max_size=10,
    ).map("".join)
)
def test_pictures_are_numbered_as_the_pattern_numbers_them(body):
    import itertools

    ids = itertools.count(1001)
    expected = render._DOCPR_ID.sub(lambda m: f"{m.group(1)}{next(ids)}{m.group(2)}", body)
    assert render._numbered_pictures(body) == expected


@pytest.mark.parametrize(
    "kop",
    [
        "{% set kop %}{{ logo }}{% endset %}",  # a captured block
        "{% macro k() %}{{ logo }}{% endmacro %}{% set kop = k() %}",  # a macro's result kept
        "{% set kop = logo|string|safe %}",  # the picture's XML kept as text
        "{% set kop = logo %}",  # the picture itself: made again where it is printed
    ],
)
def test_a_picture_printed_twice_gets_two_numbers(tmp_path, kop):
    """A picture's XML made once and printed more than once is numbered where it stands each
    time, as docxtpl numbers it, and the document from the Kemasan is the one python-docx
    writes."""
    from docx import Document

    template = tmp_path / "nota-dinas.docx"
    document = Document()
    document.add_paragraph(kop + "{{ kop }}")
    document.add_paragraph("{% for _ in [1, 2] %}{{ kop }}{% endfor %}")
    document.save(template)
    tampilan = Tampilan(logo=REPO / "templates/logo-contoh.png")
    data = template.read_bytes()
    context = {"logo": render.logo_kop(tampilan)}
    env = render._environment()
    when = dt.date(2024, 10, 7)
    ours = render._render_from(render._kemasan(data, tampilan), dict(context), env, when, tampilan)
    theirs = render._render_with_docx(data, dict(context), env, when, tampilan)
    body = zipfile.ZipFile(io.BytesIO(ours)).read("word/document.xml").decode()
    assert re.findall(r'<wp:docPr id="(\d+)"', body) == ["1001", "1002", "1003"]
    assert ours == theirs


@given(st.one_of(st.text(), st.integers(), st.builds(Markup, st.text())))
def test_values_are_escaped_as_markupsafe_escapes_them(value):
    fast = render._fast_escape()
    if fast is None:
        pytest.skip("this markupsafe escapes otherwise")
    escaped = fast(value)
    assert type(escaped) is Markup and escaped == markup_escape(value)


def test_compiled_templates_escape_with_the_fast_escape():
    template = render._compiled(render._environment(), "<w:t>{{ a }}{{ b }}</w:t>")
    assert template.root_render_func.__globals__["escape"] is render._fast_escape()
    picture = SimpleNamespace(__html__=lambda: "<pic/>")
    assert template.render(a='<"&>', b=picture) == "<w:t>&lt;&#34;&amp;&gt;<pic/></w:t>"


def test_a_syntax_error_quotes_its_paragraph_not_the_whole_part():
    from jinja2 import TemplateSyntaxError

    paragraphs = "".join(f"<w:p><w:r><w:t>paragraf {n}</w:t></w:r></w:p>" for n in range(50))
    broken = "<w:p><w:r><w:t>{{ nama }</w:t></w:r></w:p>"
    with pytest.raises(TemplateSyntaxError) as caught:
        render._compiled(render._environment(), f"<w:body>{paragraphs}{broken}</w:body>")
    assert caught.value.lineno == 52 and "paragraf 3" not in str(caught.value)
