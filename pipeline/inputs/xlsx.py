"""Importing openpyxl without numpy.

openpyxl imports numpy, when it is installed, only so that it can accept numpy scalars as cell
values. kinerja never reads or writes numpy values, and numpy's import costs more than openpyxl's
own. So openpyxl is imported once with numpy hidden, when numpy is not already loaded; numpy stays
importable for whoever needs it afterwards (matplotlib).
"""

from __future__ import annotations

import sys


def tanpa_numpy() -> None:
    """Make sure openpyxl is imported, without pulling numpy in with it."""
    if "openpyxl" in sys.modules or "numpy" in sys.modules:
        return
    sys.modules["numpy"] = None  # type: ignore[assignment]  # "import numpy" fails inside
    try:
        import openpyxl  # noqa: F401
    finally:
        del sys.modules["numpy"]
