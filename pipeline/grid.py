"""Spreadsheets as grids of cell values, and tables found in them by their headers.

A return may have title rows, blank rows, merged cells, a renamed sheet or an extra column; what
identifies the table is its header row, so that is what this module looks for.
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
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
    # cells formatted as a percentage in Excel; None while not looked up (see is_percent)
    percent_cells: set[tuple[int, int]] | None = field(default_factory=set)
    hidden: bool = False
    # .xls and .ods: calamine gives no number formats, so a stored fraction cannot be told apart
    formats_unknowable: bool = False
    # characters XML cannot hold, dropped from text cells as the grid was made (pipeline.teks)
    peringatan: list[Masalah] = field(default_factory=list)

    def __post_init__(self) -> None:
        from pipeline.teks import bersihkan_baris, pesan_dibuang

        self.peringatan += [
            Masalah(self.lokasi(row, column), pesan_dibuang(dropped), fatal=False)
            for row, column, dropped in bersihkan_baris(self.rows)
        ]

    def is_percent(self, row: int, col: int, persen: bool = True) -> bool:
        """Whether the cell (0-based) is shown as a percentage. Formats are read from the file
        only when a cell could need them: a stored fraction such as 0.9 shown as 90%, or 1
        shown as 100% where the indicator is measured in percent (`persen`); a count of 1 is
        just 1."""
        if self.percent_cells is None:
            value = self.rows[row][col] if col < len(self.rows[row]) else None
            number = isinstance(value, int | float) and not isinstance(value, bool)
            if not (number and (0 < abs(value) < 1 or (persen and abs(value) == 1))):
                return False
            self.percent_cells = _percent_cells(self.file, self.sheet)
        elif self.formats_unknowable:
            value = self.rows[row][col] if col < len(self.rows[row]) else None
            number = isinstance(value, int | float) and not isinstance(value, bool)
            if number and (0 < abs(value) < 1 or (persen and abs(value) == 1)):
                from pipeline.numbers import NumberError

                shown = str(value).replace(".", ",")
                raise NumberError(
                    f"angka {shown} mungkin persen yang disimpan sebagai pecahan; format persen "
                    f"tidak terbaca dari berkas {self.file.suffix}: tulis angkanya langsung "
                    "(mis. 90, bukan 90%) atau simpan ulang sebagai .xlsx"
                )
        return (row, col) in self.percent_cells

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

    def is_percent(self, row_number: int, name: str, persen: bool = True) -> bool:
        return self.grid.is_percent(row_number - 1, self.columns[name], persen)

    def lokasi(self, row: int | None, name: str | None) -> Lokasi:
        return self.grid.lokasi(row, self.headers.get(name, name) if name else None)


def persen_satuan(satuan: str) -> bool:
    """Whether an indicator is measured in percent."""
    return normalise(satuan) in ("", "persen", "persentase") or "%" in satuan


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
        return _read_calamine(path, _XLSX_BROKEN, percent_known=False)
    if suffix in (".xls", ".ods"):
        return _read_calamine(path, _BROKEN)
    raise GridError(
        Masalah(Lokasi(path.name), "bukan lembar kerja; simpan sebagai .xlsx, .ods atau .csv")
    )


_XLSX_BROKEN = (
    "berkas rusak atau bukan berkas Excel .xlsx; buka di Excel dan simpan ulang "
    "sebagai Buku Kerja Excel (.xlsx)"
)
_BROKEN = (
    "berkas rusak atau bukan lembar kerja; buka di Excel atau LibreOffice dan simpan ulang "
    "sebagai .xlsx"
)


def _read_calamine(path: Path, broken: str, percent_known: bool = True) -> list[Grid]:
    """Workbooks (.xlsx, .xls, .ods) through python-calamine, which reads values only, and
    fast. Number formats matter for percentages alone; for .xlsx they are looked up when a
    cell needs them (`Grid.is_percent`)."""
    import python_calamine
    from python_calamine import CalamineWorkbook, PasswordError

    try:
        workbook = CalamineWorkbook.from_path(str(path))
        grids = []
        for meta in workbook.sheets_metadata:
            sheet = workbook.get_sheet_by_name(meta.name)
            rows = [list(r) for r in sheet.to_python(skip_empty_area=False)]
            hidden = "Visible" not in str(meta.visible)
            percent: set[tuple[int, int]] | None = set() if percent_known else None
            grids.append(
                Grid(
                    path, meta.name, rows, percent, hidden=hidden, formats_unknowable=percent_known
                )
            )
    except PasswordError:
        raise GridError(
            Masalah(
                Lokasi(path.name),
                "buku kerja dilindungi kata sandi; hapus kata sandinya lalu simpan ulang",
            )
        ) from None
    except (
        python_calamine.CalamineError,
        python_calamine.ZipError,
        python_calamine.XmlError,
        OSError,
        ValueError,
    ):
        raise GridError(Masalah(Lokasi(path.name), broken)) from None
    return grids


def _percent_cells(path: Path, sheet_name: str | None) -> set[tuple[int, int]]:
    """(row, column), 0-based, of the numeric cells of one sheet that Excel shows as percent."""
    from pipeline.xlsx import tanpa_numpy

    tanpa_numpy()
    from openpyxl import load_workbook

    found: set[tuple[int, int]] = set()
    workbook = load_workbook(path, read_only=True, data_only=True)
    try:
        sheet = workbook[sheet_name] if sheet_name else workbook.worksheets[0]
        for r, row in enumerate(sheet.iter_rows()):
            for c, cell in enumerate(row):
                value = getattr(cell, "value", None)
                if isinstance(value, int | float) and "%" in (
                    getattr(cell, "number_format", "") or ""
                ):
                    found.add((r, c))
    finally:
        workbook.close()
    return found


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
