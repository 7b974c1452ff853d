"""Reading numbers the way section heads type them.

Accepted, because they mean one thing only: Excel numbers; `85,5` and `85.5`; `1.250` and
`1.250.000` (Indonesian thousands); `1.250,75`; `90%`, `90 %`; surrounding and non-breaking spaces.
Rejected, because a reader could take them two ways: `1,250` (1,25 or 1250?), `1,250.5` (English
form), `85,5,3`, and anything that is not a number at all. Rejected too, because no indicator
is measured so: numbers of 10^15 and more (more digits than Excel keeps) or nonzero and smaller
than 0,000001, and Excel's error values (`#DIV/0!`, `#REF!`…) left by a formula that failed.
"""

from __future__ import annotations

import functools
import re
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

_SPACES = re.compile(r"[\s\u00a0\u202f\u2007]+")
_PLAIN = re.compile(r"^[+-]?\d+$")
_DECIMAL_COMMA = re.compile(r"^[+-]?\d+,\d+$")
_DECIMAL_POINT = re.compile(r"^[+-]?\d+\.\d+$")
_THOUSANDS_DOT = re.compile(r"^[+-]?\d{1,3}(\.\d{3})+$")
_ID_FULL = re.compile(r"^[+-]?\d{1,3}(\.\d{3})+,\d+$")
_COMMA_THOUSANDS = re.compile(r"^[+-]?\d{1,3}(,\d{3})+$")
_EN_FULL = re.compile(r"^[+-]?\d{1,3}(,\d{3})+\.\d+$")


ANGKA_MAKS = Decimal(10) ** 15
ANGKA_MIN = Decimal("0.000001")
EXCEL_ERRORS = (
    "#DIV/0!",
    "#REF!",
    "#N/A",
    "#VALUE!",
    "#NAME?",
    "#NUM!",
    "#NULL!",
    "#SPILL!",
    "#CALC!",
    "#GETTING_DATA",
)


class NumberError(ValueError):
    """A value that is not an unambiguous number; the message says how to write it."""


def angka_sel(table: Any, row: int, values: dict[str, object], name: str, persen: bool) -> Any:
    """The number of field `name` in a table row (pipeline.inputs.grid.Table, 1-based row): as
    `parse_angka`, and a blank that is really an Excel error value is rejected as one."""
    value, col = values.get(name), table.columns.get(name)
    if value is None and col is not None:
        error = excel_error(table.grid.file, table.grid.sheet, row - 1, col)
        if error:
            raise NumberError(_pesan_galat(error))
    return parse_angka(value, table.is_percent(row, name, persen))


def _pesan_galat(error: str) -> str:
    return (
        f"sel berisi galat Excel {error} (rumusnya gagal dihitung); ketik angkanya langsung "
        "tanpa rumus, atau perbaiki rumusnya sampai menampilkan angka"
    )


def excel_error(file: Path, sheet: str | None, row: int, col: int) -> str | None:
    """The error value cached in a cell (0-based) of an .xlsx, which python-calamine reads as a
    blank; None for other cells and other kinds of file."""
    if file.suffix.lower() not in (".xlsx", ".xlsm"):
        return None
    try:
        stat = file.stat()
    except OSError:
        return None
    return _error_cells(file, stat.st_mtime_ns, stat.st_size, sheet).get((row, col))


@functools.lru_cache(maxsize=16)
def _error_cells(
    file: Path, mtime_ns: int, size: int, sheet_name: str | None
) -> dict[tuple[int, int], str]:
    found: dict[tuple[int, int], str] = {}
    if not _may_hold_errors(file):
        return found  # the common case, without importing openpyxl and parsing the sheet again
    from pipeline.inputs.xlsx import tanpa_numpy

    tanpa_numpy()
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(file, read_only=True, data_only=True)
    except Exception:  # calamine read it; openpyxl may not, and then nothing more is known
        return found
    try:
        sheet = workbook[sheet_name] if sheet_name else workbook.worksheets[0]
        for r, cells in enumerate(sheet.iter_rows()):
            for c, cell in enumerate(cells):
                if getattr(cell, "data_type", None) == "e":
                    found[(r, c)] = str(cell.value)
    finally:
        workbook.close()
    return found


def _may_hold_errors(file: Path) -> bool:
    """Whether any worksheet of the .xlsx has a cell typed as an error (t="e"); True when the
    package cannot be scanned, so that openpyxl decides."""
    import re
    import zipfile

    typed_error = re.compile(rb"""\st\s*=\s*["']e["']""")
    try:
        with zipfile.ZipFile(file) as package:
            return any(
                typed_error.search(package.read(name))
                for name in package.namelist()
                if name.startswith("xl/worksheets/") and name.endswith(".xml")
            )
    except Exception:  # not readable as a package: openpyxl's reading decides
        return True


def parse_angka(value: object, persen_format: bool = False) -> Decimal | None:
    """Return the number in a cell, or None for a blank cell.

    `persen_format` says the cell is formatted as a percentage in Excel, so the stored fraction
    0.9 (shown as 90%) means 90.
    """
    if value is None or isinstance(value, bool):
        if value is None:
            return None
        raise NumberError(f"'{value}' bukan angka")
    if isinstance(value, int | float | Decimal):
        number = _from_number(value)
        return _in_range(number * 100 if persen_format else number, value)
    number = _from_text(str(value))
    return None if number is None else _in_range(number, value)


def _in_range(number: Decimal, typed: object) -> Decimal:
    # a number cell is shown as Excel shows it (1E+30), a text as it was typed
    shown = typed.strip() if isinstance(typed, str) else f"{typed:.6G}".replace(".", ",")
    if abs(number) >= ANGKA_MAKS:
        raise NumberError(
            f"angka {shown} terlalu besar (paling banyak 15 digit sebelum koma); ketik angka "
            "yang sebenarnya, mis. 1.250"
        )
    if number and abs(number) < ANGKA_MIN:
        raise NumberError(
            f"angka {shown} terlalu kecil (paling kecil 0,000001); ketik 0 atau angka yang "
            "sebenarnya, mis. 0,5"
        )
    return number


def _from_number(value: int | float | Decimal) -> Decimal:
    if isinstance(value, float):
        if value != value or value in (float("inf"), float("-inf")):
            raise NumberError("nilai bukan angka yang sah")
        # repr gives the shortest text that reads back as the same float: 85.5, not 85.4999…
        return Decimal(repr(value))
    return Decimal(value)


def _from_text(raw: str) -> Decimal | None:
    text = _SPACES.sub("", raw)
    if not text:
        return None
    if text.upper() in EXCEL_ERRORS:
        raise NumberError(_pesan_galat(text.upper()))
    percent = text.endswith("%")
    if percent:
        text = text[:-1]
    normalised = _normalise(text, raw)
    try:
        return Decimal(normalised)
    except InvalidOperation:
        raise NumberError(f"'{raw.strip()}' bukan angka; tulis angka saja, mis. 85,5") from None


def _normalise(text: str, raw: str) -> str:
    shown = raw.strip()
    # A leading 0 cannot open a group of thousands: 0,500 and 0.500 are a half.
    leading_zero = text.lstrip("+-").startswith("0")
    if _PLAIN.match(text):
        return text
    if _THOUSANDS_DOT.match(text) and not leading_zero:
        return text.replace(".", "")
    if _DECIMAL_POINT.match(text):
        return text
    if _DECIMAL_COMMA.match(text) and (leading_zero or not _COMMA_THOUSANDS.match(text)):
        return text.replace(",", ".")
    if _ID_FULL.match(text):
        return text.replace(".", "").replace(",", ".")
    if _COMMA_THOUSANDS.match(text):
        raise NumberError(
            f"'{shown}' bisa dibaca dua cara (ribuan atau desimal); "
            "tulis 1250 untuk seribu dua ratus lima puluh atau 1,25 untuk desimal"
        )
    if _EN_FULL.match(text):
        raise NumberError(
            f"'{shown}' memakai titik sebagai desimal dan koma sebagai ribuan; "
            "tulis dengan cara Indonesia, mis. 1.250,5"
        )
    raise NumberError(f"'{shown}' bukan angka; tulis angka saja, mis. 85,5 atau 1.250")
