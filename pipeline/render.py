"""Filling Word templates with docxtpl.

A template is read from disk once per process and a fresh `DocxTemplate` is made from its bytes for
every document (a DocxTemplate renders only once). A workspace may hold its own
`templates/docx/<name>` that overrides the bundled one.
"""

from __future__ import annotations

import contextvars
import datetime as dt
import functools
import io
import itertools
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pipeline.config import Tampilan
from pipeline.errors import TemplateError
from pipeline.ooxml import StableZipWriter
from pipeline.table_fit import fit_body_xml, fit_tables

TEMPLATE_DIR = Path("templates") / "docx"
_PACKAGE_DIR = Path(__file__).resolve().parent


_SOURCE_PATHS = {"docx": TEMPLATE_DIR, "sop": Path("sop")}


def bundled_dir(kind: str = "docx") -> Path:
    """What kinerja ships (templates, SOPs): in the installed package, or the source checkout."""
    installed = _PACKAGE_DIR / "_bundled" / kind
    if installed.is_dir():
        return installed
    return _PACKAGE_DIR.parent / _SOURCE_PATHS[kind]


def template_path(workspace: Path, name: str) -> Path:
    """The workspace's own template if it has one, else the bundled one."""
    for folder in (workspace / TEMPLATE_DIR, bundled_dir()):
        candidate = folder / name
        if candidate.is_file():
            return candidate
    raise TemplateError(f"templat '{name}' tidak ditemukan di {workspace / TEMPLATE_DIR}")


_DOCUMENT: contextvars.ContextVar[Any] = contextvars.ContextVar("kinerja_document")


@dataclass(frozen=True)
class Gambar:
    """A PNG standing anywhere in a template context (width and height in cm; a height of None
    keeps the picture's proportions). It becomes a picture of the document being rendered when
    the template prints it, so contexts need no walking to find pictures."""

    png: bytes
    lebar_cm: float
    tinggi_cm: float | None = None

    def __html__(self) -> str:
        from docx.shared import Cm
        from docxtpl import InlineImage

        height = Cm(self.tinggi_cm) if self.tinggi_cm else None
        image = InlineImage(
            _DOCUMENT.get(), io.BytesIO(self.png), width=Cm(self.lebar_cm), height=height
        )
        return image.__html__()

    __str__ = __html__


@functools.lru_cache(maxsize=32)
def _template_bytes(path: Path, mtime_ns: int) -> bytes:
    return path.read_bytes()


_CONTROL_IN_TEXT = re.compile(r"<w:t[ >][^<]*[\t\n\a\f]")
_PATCHED: dict[str, str] = {}
_COMPILED: dict[tuple[int, str], Any] = {}


def _fast_template_class() -> type:
    """docxtpl's DocxTemplate, with the work that does not change between documents of the same
    template done once per process: the XML clean-up (patch_xml) and the Jinja compilation of
    each part. Listing post-processing and the table fix-up, which docxtpl runs on every
    render, are skipped when the rendered XML cannot need them."""
    from docxtpl import DocxTemplate

    class FastTemplate(DocxTemplate):  # type: ignore[misc]
        def patch_xml(self, src_xml: str) -> str:
            patched = _PATCHED.get(src_xml)
            if patched is None:
                patched = _PATCHED[src_xml] = super().patch_xml(src_xml)
            return patched

        def render_xml_part(
            self, src_xml: str, part: Any, context: Any, jinja_env: Any = None
        ) -> str:
            key = (id(jinja_env), src_xml)
            template = _COMPILED.get(key)
            if template is None:
                source = re.sub(r"<w:p([ >])", r"\n<w:p\1", src_xml)
                template = _COMPILED[key] = jinja_env.from_string(source)
            self.current_rendering_part = part
            dst_xml = template.render(context)
            dst_xml = dst_xml.replace("\n<w:p", "<w:p")  # only the newlines added above
            dst_xml = (
                dst_xml.replace("{_{", "{{")
                .replace("}_}", "}}")
                .replace("{_%", "{%")
                .replace("%_}", "%}")
            )
            if _CONTROL_IN_TEXT.search(dst_xml):
                dst_xml = self.resolve_listing(dst_xml)
            return dst_xml

    return FastTemplate


@functools.cache
def _environment(trusted: bool) -> Any:
    """One Jinja environment per process, so compiled templates can be reused: the plain one for
    kinerja's own templates, the sandboxed one for templates a workspace brings."""
    from jinja2 import Environment
    from jinja2.sandbox import SandboxedEnvironment

    return Environment(autoescape=True) if trusted else SandboxedEnvironment(autoescape=True)


def render_docx(
    template: Path,
    context: dict[str, Any],
    when: dt.date,
    tampilan: Tampilan | None = None,
) -> bytes:
    """Render `template` with `context` (text escaped, Gambar values as pictures) into
    deterministic .docx bytes, laid out on the office's paper, margins and typeface."""
    from docx.shared import Cm
    from docxtpl import InlineImage
    from jinja2 import TemplateError as JinjaError

    data = _template_bytes(template, template.stat().st_mtime_ns)
    document = _fast_template_class()(io.BytesIO(data))
    tampilan = tampilan or Tampilan()
    # the layout goes on the template, so the rendered body comes out laid out already
    document.init_docx()
    apply_layout(document.docx, tampilan)
    logo = tampilan.logo
    context = dict(context)
    context["logo"] = InlineImage(document, str(logo), height=Cm(2.2)) if logo else ""
    env = _environment(template.parent == bundled_dir())
    token = _DOCUMENT.set(document)
    try:
        # {%tc %} and hm change the number of cells in a row: docxtpl's own path fixes tables
        if b"{%tc" in data or b"hm %}" in data or b"hm%}" in data:
            document.render(context, jinja_env=env, autoescape=True)
            body = None
            fit_tables(document.docx.element.body, tampilan.huruf)
        else:
            body = fit_body_xml(_render_body(document, context, env), tampilan.huruf)
    except JinjaError as exc:
        raise TemplateError(f"{template}: templat tidak dapat diisi ({exc})") from None
    finally:
        _DOCUMENT.reset(token)
    return _package(document, body, when)


_DOCPR_ID = re.compile(r'(<wp:docPr\b[^>]*?\bid=")\d+(")')


def _render_body(document: Any, context: dict[str, Any], env: Any) -> str:
    """docxtpl's render, but the body stays the rendered XML text: it is spliced into the
    package as it is, instead of being parsed into python-docx and serialised again."""
    document.render_init()
    env.autoescape = True
    body = document.build_xml(context, env)
    ids = itertools.count(1001)  # every picture needs its own drawing id
    body = _DOCPR_ID.sub(lambda m: f"{m.group(1)}{next(ids)}{m.group(2)}", body)
    for uri in (document.HEADER_URI, document.FOOTER_URI):
        for rel_key, xml in document.build_headers_footers_xml(context, uri, env):
            document.map_headers_footers_xml(rel_key, xml)
    document.render_properties(context, env)
    document.render_footnotes(context, env)
    document.is_rendered = True
    return body


def _package(document: Any, body: str | None, when: dt.date) -> bytes:
    """The .docx bytes, written once with fixed zip metadata; `body` replaces the template's."""
    from docx.opc.oxml import serialize_part_xml
    from docx.opc.pkgwriter import PackageWriter

    document.pre_processing()
    package = document.docx.part.package
    main = document.docx.part
    for part in package.parts:
        part.before_marshal()
    main_blob = None
    if body is not None:
        element = main._element
        old_body = element.body
        marker = old_body.makeelement(old_body.tag, {})
        element.replace(old_body, marker)
        shell = serialize_part_xml(element).decode("utf-8")
        element.replace(marker, old_body)
        empty = shell.rindex("<w:body/>")
        main_blob = (shell[:empty] + body + shell[empty + len("<w:body/>") :]).encode("utf-8")
    buffer = io.BytesIO()
    writer = StableZipWriter(buffer, when)
    PackageWriter._write_content_types_stream(writer, package.parts)
    PackageWriter._write_pkg_rels(writer, package.rels)
    for part in package.parts:
        blob = main_blob if part is main and main_blob is not None else part.blob
        writer.write(part.partname, blob)
        if len(part.rels):
            writer.write(part.partname.rels_uri, part.rels.xml)
    writer.close()
    return buffer.getvalue()


def apply_layout(doc: Any, tampilan: Tampilan) -> None:
    """Paper size and margins on every section (keeping its orientation), tables scaled to the
    new text width, and the typeface of the Normal style."""
    from docx.oxml.ns import qn
    from docx.shared import Mm

    ratio = None
    for section in doc.sections:
        old_width = section.page_width - section.left_margin - section.right_margin
        short, long = (Mm(v) for v in tampilan.ukuran_mm)
        landscape = section.page_width > section.page_height
        section.page_width, section.page_height = (long, short) if landscape else (short, long)
        top, right, bottom, left = (Mm(v * 10) for v in tampilan.margin)
        section.top_margin, section.right_margin = top, right
        section.bottom_margin, section.left_margin = bottom, left
        new_width = section.page_width - left - right
        ratio = ratio or new_width / old_width
    if ratio and abs(ratio - 1) > 0.005:  # twips rounding is not a new paper size
        body = doc.element.body
        for element in body.iter(qn("w:gridCol"), qn("w:tcW"), qn("w:tblW")):
            width = element.get(qn("w:w"))
            if width and element.get(qn("w:type"), "dxa") == "dxa":
                element.set(qn("w:w"), str(int(int(width) * ratio)))
    normal = doc.styles["Normal"]
    normal.font.name = tampilan.huruf
    fonts = normal.element.get_or_add_rPr().get_or_add_rFonts()
    for attribute in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(attribute), tampilan.huruf)
