"""The one writer of cells: every spreadsheet and CSV kinerja writes puts its values here.

Text that a spreadsheet could take for a formula (it starts with =, +, -, @, tab or carriage
return) is neutralised: in a CSV with a leading apostrophe, which `asli` takes off again when
kinerja reads its own CSV back; in an .xlsx by storing it as a text cell with Excel's quote prefix,
so it stays text even when edited. Numbers stay numbers, negative ones too; only formulas that
kinerja itself builds (`Rumus`) are written as formulas. Text is cleaned of characters XML
cannot hold (pipeline.domain.teks).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from decimal import Decimal
from typing import Any

from pipeline.domain.teks import bersih

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


class Rumus(str):
    """A formula that kinerja writes itself (never text that came from a person)."""


def berbahaya(text: str) -> bool:
    """Whether a spreadsheet could evaluate `text` (after any apostrophes already in front)."""
    return text.lstrip("'").startswith(FORMULA_START)


def netral(text: str) -> str:
    """A CSV field that no spreadsheet evaluates: a leading apostrophe where needed."""
    text = bersih(text)
    return "'" + text if berbahaya(text) else text


def asli(text: str) -> str:
    """The text `netral` was given (for reading kinerja's own CSV back)."""
    return text[1:] if text.startswith("'") and berbahaya(text) else text


def angka_csv(value: Decimal | None) -> str:
    """A number without thousands separators and with a decimal comma: 1250,75."""
    if value is None:
        return ""
    return format(value.normalize(), "f").replace(".", ",")


def csv_bytes(header: Sequence[str], rows: Iterable[Sequence[object]]) -> bytes:
    """A CSV the way an Indonesian Excel opens it directly: UTF-8 with BOM, `;` between fields,
    decimal comma; numbers (Decimal) as numbers, every other value as neutral text."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow([netral(h) for h in header])
    for row in rows:
        writer.writerow([_csv_field(v) for v in row])
    return buffer.getvalue().encode("utf-8-sig")


def _csv_field(value: object) -> str:
    if value is None or isinstance(value, Decimal):
        return angka_csv(value)
    if isinstance(value, int | float) and not isinstance(value, bool):
        return angka_csv(Decimal(repr(value)) if isinstance(value, float) else Decimal(value))
    return netral(str(value))


def isi_sel(value: object) -> tuple[str, Any]:
    """What a cell holds for `value`: ("", None) empty, ("f", text) a formula of kinerja's own,
    ("n", number), ("s", text) a text never evaluated, ("q", text) a text that needs Excel's
    quote prefix to stay text. Every writer of cells (openpyxl or plain XML) goes by this."""
    if value is None:
        return "", None
    if isinstance(value, Rumus):
        return "f", str(value)
    if isinstance(value, Decimal):
        return "n", float(value)
    if isinstance(value, int | float) and not isinstance(value, bool):
        return "n", value
    text = bersih(str(value))
    return ("q" if berbahaya(text) else "s"), text


def tulis_sel(sheet: Any, row: int, col: int, value: object) -> Any:
    """Put `value` into an openpyxl cell (1-based) and return the cell: numbers numeric, `Rumus`
    as a formula, anything else as a text cell that is never evaluated."""
    cell = sheet.cell(row, col)
    kind, content = isi_sel(value)
    cell.value = content
    if kind in ("s", "q"):
        cell.data_type = "s"
        if kind == "q":
            cell.quotePrefix = True
    return cell


def tulis_baris(sheet: Any, row: int, values: Sequence[object]) -> list[Any]:
    """A whole row through `tulis_sel`, from column A."""
    return [tulis_sel(sheet, row, col, v) for col, v in enumerate(values, start=1)]
