"""What kinerja ships beside its code: the Word templates and the SOPs, found in the installed
package or, in a source checkout, at the repository root where the office can see them."""

from __future__ import annotations

from pathlib import Path

TEMPLATE_DIR = Path("templates") / "docx"
_PACKAGE_DIR = Path(__file__).resolve().parents[1]
_SOURCE_PATHS = {"docx": TEMPLATE_DIR, "sop": Path("sop")}


def bundled_dir(kind: str = "docx") -> Path:
    """What kinerja ships (templates, SOPs): in the installed package, or the source checkout."""
    installed = _PACKAGE_DIR / "_bundled" / kind
    if installed.is_dir():
        return installed
    return _PACKAGE_DIR.parent / _SOURCE_PATHS[kind]
