"""Filling Word templates with docxtpl.

A template is read from disk once per process and a fresh `DocxTemplate` is made from its bytes for
every document (a DocxTemplate renders only once). A workspace may hold its own
`templates/docx/<name>` that overrides the bundled one.
"""

from __future__ import annotations

import datetime as dt
import functools
import io
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pipeline.config import Tampilan
from pipeline.errors import TemplateError
from pipeline.ooxml import stable_package

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


@dataclass(frozen=True)
class Gambar:
    """A PNG to put into a document wherever it stands in the context (width and height in cm;
    a height of None keeps the picture's proportions)."""

    png: bytes
    lebar_cm: float
    tinggi_cm: float | None = None


def _inline_images(value: Any, document: Any) -> Any:
    """The context with every Gambar turned into a docxtpl InlineImage of this document."""
    from docx.shared import Cm
    from docxtpl import InlineImage

    if isinstance(value, Gambar):
        height = Cm(value.tinggi_cm) if value.tinggi_cm else None
        return InlineImage(document, io.BytesIO(value.png), width=Cm(value.lebar_cm), height=height)
    if isinstance(value, dict):
        return {k: _inline_images(v, document) for k, v in value.items()}
    if isinstance(value, list):
        return [_inline_images(v, document) for v in value]
    return value


@functools.lru_cache(maxsize=32)
def _template_bytes(path: Path, mtime_ns: int) -> bytes:
    return path.read_bytes()


def render_docx(
    template: Path,
    context: dict[str, Any],
    when: dt.date,
    tampilan: Tampilan | None = None,
    images: dict[str, tuple[bytes, float]] | None = None,
) -> bytes:
    """Render `template` with `context` (text escaped) into deterministic .docx bytes, laid out
    on the office's paper, margins and typeface; `images` are PNGs put in as named variables
    (bytes, width in cm)."""
    from docx.shared import Cm
    from docxtpl import DocxTemplate, InlineImage
    from jinja2 import TemplateError as JinjaError
    from jinja2.sandbox import SandboxedEnvironment

    data = _template_bytes(template, template.stat().st_mtime_ns)
    document = DocxTemplate(io.BytesIO(data))
    context = _inline_images(dict(context), document)
    tampilan = tampilan or Tampilan()
    logo = tampilan.logo
    context["logo"] = InlineImage(document, str(logo), height=Cm(2.2)) if logo else ""
    for name, (png, width_cm) in (images or {}).items():
        context[name] = InlineImage(document, io.BytesIO(png), width=Cm(width_cm))
    try:
        document.render(context, jinja_env=SandboxedEnvironment(), autoescape=True)
    except JinjaError as exc:
        raise TemplateError(f"{template}: templat tidak dapat diisi ({exc})") from None
    apply_layout(document.docx, tampilan)
    buffer = io.BytesIO()
    document.save(buffer)
    return stable_package(buffer.getvalue(), when)


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
    if ratio and abs(ratio - 1) > 1e-6:
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
