"""The bundled Word templates are exactly what scripts/make_templates.py makes, and the private
steps of docxtpl that documents/render.py relies on are still there."""

from __future__ import annotations

import importlib.util
import inspect
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]


def test_bundled_templates_equal_what_the_script_makes(tmp_path, monkeypatch):
    spec = importlib.util.spec_from_file_location(
        "make_templates", REPO / "scripts/make_templates.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    monkeypatch.setattr(module, "OUT", tmp_path)
    module.main()
    made = {p.name: p.read_bytes() for p in tmp_path.glob("*.docx")}
    bundled = {p.name: p.read_bytes() for p in (REPO / "templates/docx").glob("*.docx")}
    assert sorted(made) == sorted(bundled)
    stale = [name for name in made if made[name] != bundled[name]]
    assert stale == [], "run: python scripts/make_templates.py"


@pytest.mark.parametrize(
    ("name", "parameters"),
    [
        ("patch_xml", ["src_xml"]),
        ("render_xml_part", ["src_xml", "part", "context", "jinja_env"]),
        ("build_xml", ["context", "jinja_env"]),
        ("build_headers_footers_xml", ["context", "uri", "jinja_env"]),
        ("map_headers_footers_xml", ["relKey", "xml"]),
        ("render_properties", ["context", "jinja_env"]),
        ("render_footnotes", ["context", "jinja_env"]),
        ("render_init", []),
        ("resolve_listing", ["xml"]),
        ("pre_processing", []),
        ("init_docx", []),
    ],
)
def test_docxtpl_private_api_that_render_relies_on(name, parameters):
    """documents/render.py overrides or calls these; a docxtpl release that renames one must
    fail here, loudly, not in an office's quarter."""
    from docxtpl import DocxTemplate

    method = getattr(DocxTemplate, name, None)
    assert callable(method), f"docxtpl.DocxTemplate.{name} is gone"
    found = [p for p in inspect.signature(method).parameters if p != "self"]
    assert found[: len(parameters)] == parameters
    assert DocxTemplate.HEADER_URI and DocxTemplate.FOOTER_URI
