"""Filling Word templates with docxtpl.

A template is read from disk once per process and a fresh `DocxTemplate` is made from its bytes for
every document (a DocxTemplate renders only once). A workspace may hold its own
`templates/docx/<name>` that overrides the bundled one.
"""

from __future__ import annotations

import datetime as dt
import functools
import io
from pathlib import Path
from typing import Any

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


@functools.lru_cache(maxsize=32)
def _template_bytes(path: Path, mtime_ns: int) -> bytes:
    return path.read_bytes()


def render_docx(
    template: Path, context: dict[str, Any], when: dt.date, logo: Path | None = None
) -> bytes:
    """Render `template` with `context` (text escaped) into deterministic .docx bytes."""
    from docx.shared import Cm
    from docxtpl import DocxTemplate, InlineImage
    from jinja2 import TemplateError as JinjaError
    from jinja2.sandbox import SandboxedEnvironment

    data = _template_bytes(template, template.stat().st_mtime_ns)
    document = DocxTemplate(io.BytesIO(data))
    context = dict(context)
    context["logo"] = InlineImage(document, str(logo), height=Cm(2.2)) if logo else ""
    try:
        document.render(context, jinja_env=SandboxedEnvironment(), autoescape=True)
    except JinjaError as exc:
        raise TemplateError(f"{template}: templat tidak dapat diisi ({exc})") from None
    buffer = io.BytesIO()
    document.save(buffer)
    return stable_package(buffer.getvalue(), when)
