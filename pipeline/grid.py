"""Spreadsheets as grids of cell values, and tables found in them by their headers.

A return may have title rows, blank rows, merged cells, a renamed sheet or an extra column; what
identifies the table is its header row, so that is what this module looks for.
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
import zipfile
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from pipeline.errors import Lokasi, Masalah

SPREADSHEET_SUFFIXES = (".xlsx", ".xlsm", ".xls", ".ods", ".csv")
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


class GridError(Exception):
    """A file that cannot be read as a spreadsheet; carries the problem to report."""

    def __init__(self, masalah: Masalah) -> None:
        super().__init__(str(masalah))
        self.masalah = masalah


@dataclass
class Grid:
    """One sheet: rows of raw cell values (1-based row numbers are index + 1)."""

    file: Path
    sheet: str | None
    rows: list[list[object]]
    percent_cells: set[tuple[int, int]] = field(default_factory=set)
    hidden: bool = False

    def lokasi(self, row: int | None = None, column: str | None = None) -> Lokasi:
        return Lokasi(self.file.name, self.sheet, row, column)


@dataclass(frozen=True)
class Table:
    """A table found in a grid: where its header is and which column holds which field."""

    grid: Grid
    header_row: int  # 0-based index into grid.rows
    columns: Mapping[str, int]  # field -> 0-based column index
    headers: Mapping[str, str]  # field -> header text as written

    def records(self) -> Iterator[tuple[int, dict[str, object]]]:
        """(1-based row number, {field: value}) for every non-blank row below the header."""
        for index in range(self.header_row + 1, len(self.grid.rows)):
            row = self.grid.rows[index]
            values = {name: _cell(row, col) for name, col in self.columns.items()}
            if all(_blank(v) for v in values.values()):
                continue
            yield index + 1, values

    def is_percent(self, row_number: int, name: str) -> bool:
        return (row_number - 1, self.columns[name]) in self.grid.percent_cells

    def lokasi(self, row: int | None, name: str | None) -> Lokasi:
        return self.grid.lokasi(row, self.headers.get(name, name) if name else None)


def normalise(text: object) -> str:
    """Text compared loosely: case, accents, spaces and punctuation do not matter."""
    value = unicodedata.normalize("NFKD", str(text)).encode("ascii", "ignore").decode()
    return " ".join(re.sub(r"[^0-9a-z]+", " ", value.lower()).split())


def find_table(
    grid: Grid, aliases: Mapping[str, tuple[str, ...]], required: tuple[str, ...]
) -> Table | None:
    """The first row holding every required header; None if the sheet has no such row."""
    wanted = {normalise(alias): name for name, names in aliases.items() for alias in names}
    for index, row in enumerate(grid.rows):
        columns: dict[str, int] = {}
        headers: dict[str, str] = {}
        for col, value in enumerate(row):
            name = wanted.get(normalise(value)) if not _blank(value) else None
            if name and name not in columns:
                columns[name] = col
                headers[name] = str(value).strip()
        if all(name in columns for name in required):
            return Table(grid, index, columns, headers)
    return None


def read_grids(path: Path) -> list[Grid]:
    """Every sheet of a workbook, or the one sheet of a CSV."""
    suffix = path.suffix.lower()
    if suffix == ".csv":
        return [_read_csv(path)]
    if not path.stat().st_size:
        raise GridError(
            Masalah(Lokasi(path.name), "berkas kosong (0 byte); minta unit mengirim ulang")
        )
    if suffix in (".xlsx", ".xlsm"):
        with path.open("rb") as handle:
            if handle.read(8) == _OLE_MAGIC:
                raise GridError(
                    Masalah(
                        Lokasi(path.name),
                        "buku kerja dilindungi kata sandi; buka di Excel, hapus kata sandinya "
                        "(File > Info > Protect Workbook), lalu simpan ulang",
                    )
                )
        return _read_xlsx(path)
    if suffix in (".xls", ".ods"):
        return _read_calamine(path)
    raise GridError(
        Masalah(Lokasi(path.name), "bukan lembar kerja; simpan sebagai .xlsx, .ods atau .csv")
    )


def _read_calamine(path: Path) -> list[Grid]:
    """.xls (old Excel) and .ods (LibreOffice) through python-calamine."""
    from python_calamine import CalamineError, CalamineWorkbook, PasswordError

    try:
        workbook = CalamineWorkbook.from_path(str(path))
        grids = []
        for meta in workbook.sheets_metadata:
            sheet = workbook.get_sheet_by_name(meta.name)
            rows = [list(r) for r in sheet.to_python(skip_empty_area=False)]
            hidden = "Visible" not in str(meta.visible)
            grids.append(Grid(path, meta.name, rows, hidden=hidden))
    except PasswordError:
        raise GridError(
            Masalah(
                Lokasi(path.name),
                "buku kerja dilindungi kata sandi; hapus kata sandinya lalu simpan ulang",
            )
        ) from None
    except (CalamineError, OSError, ValueError):
        raise GridError(
            Masalah(
                Lokasi(path.name),
                "berkas rusak atau bukan lembar kerja; buka di Excel atau "
                "LibreOffice dan simpan ulang sebagai .xlsx",
            )
        ) from None
    return grids


def _read_xlsx(path: Path) -> list[Grid]:
    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        workbook = load_workbook(path, read_only=True, data_only=True)
    except (zipfile.BadZipFile, InvalidFileException, KeyError, OSError, ValueError):
        raise GridError(
            Masalah(
                Lokasi(path.name),
                "berkas rusak atau bukan berkas Excel .xlsx; buka di Excel dan simpan ulang "
                "sebagai Buku Kerja Excel (.xlsx)",
            )
        ) from None
    grids = []
    try:
        for sheet in workbook.worksheets:
            grid = Grid(path, sheet.title, [], hidden=sheet.sheet_state != "visible")
            for r, row in enumerate(sheet.iter_rows()):
                values: list[object] = []
                for c, cell in enumerate(row):
                    value = getattr(cell, "value", None)
                    values.append(value)
                    number_format = getattr(cell, "number_format", "") or ""
                    if isinstance(value, int | float) and "%" in number_format:
                        grid.percent_cells.add((r, c))
                grid.rows.append(values)
            grids.append(grid)
    finally:
        workbook.close()
    return grids


def _read_csv(path: Path) -> Grid:
    raw = path.read_bytes()
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            text = raw.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    if "\x00" in text:
        raise GridError(
            Masalah(Lokasi(path.name), "bukan berkas CSV teks; simpan ulang sebagai CSV")
        )
    delimiter = _delimiter(text)
    rows: list[list[object]] = [list(r) for r in csv.reader(io.StringIO(text), delimiter=delimiter)]
    return Grid(path, None, rows)


def _delimiter(text: str) -> str:
    """`;` (Indonesian Excel) or `,`, judged on the header line, where no value has a comma."""
    lines = [line for line in text.splitlines() if line.strip()]
    header = next(
        (line for line in lines if "indikator" in line.lower()), lines[0] if lines else ""
    )
    return ";" if header.count(";") > header.count(",") else ","


def _cell(row: list[object], col: int) -> object:
    value = row[col] if col < len(row) else None
    if isinstance(value, str):
        value = value.strip()
        return value or None
    return value


def _blank(value: object) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())
