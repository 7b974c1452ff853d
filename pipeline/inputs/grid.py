"""Spreadsheets as grids of cell values, and tables found in them by their headers.

A return may have title rows, blank rows, merged cells, a renamed sheet or an extra column; what
identifies the table is its header row, so that is what this module looks for.
"""

from __future__ import annotations

import codecs
import csv
import functools
import io
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from pipeline.domain.errors import Lokasi, Masalah
from pipeline.domain.names import normalise, persen_satuan
from pipeline.inputs.input_file import InputFileError as GridError
from pipeline.inputs.input_file import check_cells, check_extent, check_package
from pipeline.inputs.input_file import read_input as _read_input

SPREADSHEET_SUFFIXES = (".xlsx", ".xlsm", ".xls", ".ods", ".csv")
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


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
    # characters XML cannot hold, dropped from text cells when the grid was made (domain.teks)
    peringatan: list[Masalah] = field(default_factory=list)

    def __post_init__(self) -> None:
        from pipeline.domain.teks import bersihkan_baris, pesan_dibuang

        self.peringatan += [
            Masalah(self.lokasi(row, column), pesan_dibuang(dropped))
            for row, column, dropped in bersihkan_baris(self.rows)
        ]

    # the workbook's bytes as read, for looking up number formats without opening it again
    data: bytes | None = field(default=None, repr=False)

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
            self.percent_cells = _percent_cells(self.data or b"", self.sheet)
        elif self.formats_unknowable:
            value = self.rows[row][col] if col < len(self.rows[row]) else None
            number = isinstance(value, int | float) and not isinstance(value, bool)
            if number and (0 < abs(value) < 1 or (persen and abs(value) == 1)):
                from pipeline.inputs.numbers import NumberError

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


def boleh_persen(satuan: str) -> bool:
    """Whether a cell of this indicator may be a percentage written as a fraction (0,9 shown as
    90%): its unit says percent, or it has none, and then the cell's own format decides."""
    return persen_satuan(satuan) or not satuan.strip()


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


def visible_tables(
    grids: list[Grid], aliases: Mapping[str, tuple[str, ...]], required: tuple[str, ...]
) -> Iterator[Table]:
    """The table of each sheet Excel shows (hidden sheets left out) that holds every required
    header, in sheet order."""
    for grid in grids:
        if not grid.hidden and (table := find_table(grid, aliases, required)):
            yield table


def read_grids_kept(path: Path) -> list[Grid]:
    """`read_grids`, kept while the file is unchanged: one step reads the Perjanjian Kinerja
    for its indicators, its Rencana Aksi and its target check."""
    try:
        stat = path.stat()
    except OSError:
        return read_grids(path)  # says what is wrong with it
    return list(_kept_grids(path, stat.st_mtime_ns, stat.st_size, stat.st_ino))


@functools.lru_cache(maxsize=4)
def _kept_grids(path: Path, mtime_ns: int, size: int, inode: int) -> tuple[Grid, ...]:
    return tuple(read_grids(path))


def read_grids(path: Path) -> list[Grid]:
    """Every sheet of a workbook, or the one sheet of a CSV. Only a regular file is read, and
    only within the bounds of `pipeline.inputs.input_file`; anything else is a `GridError`."""
    suffix = path.suffix.lower()
    if suffix not in SPREADSHEET_SUFFIXES:
        raise GridError(
            Masalah(Lokasi(path.name), "bukan lembar kerja; simpan sebagai .xlsx, .ods atau .csv")
        )
    data = _read_input(path)
    if suffix == ".csv":
        return [_read_csv(path, data)]
    if not data:
        raise GridError(
            Masalah(Lokasi(path.name), "berkas kosong (0 byte); minta unit mengirim ulang")
        )
    if suffix in (".xlsx", ".xlsm"):
        if data[:8] == _OLE_MAGIC:
            raise GridError(
                Masalah(
                    Lokasi(path.name),
                    "buku kerja dilindungi kata sandi; buka di Excel, hapus kata sandinya "
                    "(File > Info > Protect Workbook), lalu simpan ulang",
                )
            )
        check_package(path, data)
        return _read_calamine(path, data, _XLSX_BROKEN, percent_known=False)
    if suffix == ".ods":
        check_package(path, data)
    return _read_calamine(path, data, _BROKEN)


_XLSX_BROKEN = (
    "berkas rusak atau bukan berkas Excel .xlsx; buka di Excel dan simpan ulang "
    "sebagai Buku Kerja Excel (.xlsx)"
)
_BROKEN = (
    "berkas rusak atau bukan lembar kerja; buka di Excel atau LibreOffice dan simpan ulang "
    "sebagai .xlsx"
)


def _read_calamine(path: Path, data: bytes, broken: str, percent_known: bool = True) -> list[Grid]:
    """Workbooks (.xlsx, .xls, .ods) through python-calamine, which reads values only, and
    fast. Number formats matter for percentages alone; for .xlsx they are looked up when a
    cell needs them (`Grid.is_percent`)."""
    import python_calamine
    from python_calamine import CalamineWorkbook, PasswordError

    try:
        workbook = CalamineWorkbook.from_filelike(io.BytesIO(data))
        grids = []
        for meta in workbook.sheets_metadata:
            sheet = workbook.get_sheet_by_name(meta.name)
            # the range counts from A1 (skip_empty_area=False): bound it before Python lists
            # are made of it (.xls is not scanned beforehand; its format caps it at 65536 × 256)
            if sheet.end:
                check_extent(path, meta.name, sheet.end[0] + 1, sheet.end[1] + 1)
            rows = [list(r) for r in sheet.to_python(skip_empty_area=False)]
            check_cells(path, meta.name, rows)
            hidden = "Visible" not in str(meta.visible)
            percent: set[tuple[int, int]] | None = set() if percent_known else None
            grids.append(
                Grid(
                    path,
                    meta.name,
                    rows,
                    percent,
                    hidden=hidden,
                    formats_unknowable=percent_known,
                    data=data,
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


def _percent_cells(data: bytes, sheet_name: str | None) -> set[tuple[int, int]]:
    """(row, column), 0-based, of the numeric cells of one sheet that Excel shows as percent."""
    from pipeline.inputs.xlsx import tanpa_numpy

    tanpa_numpy()
    from openpyxl import load_workbook

    found: set[tuple[int, int]] = set()
    workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
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


_SAVE_AS_UTF8 = "simpan ulang dari Excel dengan Simpan Sebagai (Save As) jenis 'CSV UTF-8 (*.csv)'"


def _read_csv(path: Path, raw: bytes) -> Grid:
    """A CSV as Excel saves it: `;` or `,` (or tab, for Unicode Text), in UTF-8, UTF-16 with a
    byte order mark, or Windows-1252 (Indonesian Excel's 'CSV (dipisahkan koma)')."""
    text = _decode_csv(path, raw)
    delimiter = _delimiter(text)
    rows: list[list[object]] = []
    width = 0
    # a field longer than the csv module's default limit is then reported as a long cell
    csv.field_size_limit(max(csv.field_size_limit(), len(text)))
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    try:
        for row in reader:  # bounded while reading: a CSV has no extent to look up first
            rows.append(list(row))
            width = max(width, len(row))
            check_extent(path, None, len(rows), width)
    except csv.Error as exc:
        raise GridError(
            Masalah(
                Lokasi(path.name, None, reader.line_num),
                f"CSV tidak terbaca ({exc}); {_SAVE_AS_UTF8}",
            )
        ) from None
    check_cells(path, None, rows)
    return Grid(path, None, rows)


def _decode_csv(path: Path, raw: bytes) -> str:
    """The text of a CSV, or a `GridError` saying which encoding to save it in."""
    if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        encodings = ["utf-16"]
    else:
        encodings = ["utf-8-sig"] + ([] if b"\x00" in raw else ["cp1252"])
    for encoding in encodings:
        try:
            text = raw.decode(encoding)
        except UnicodeDecodeError as exc:
            error = exc
            continue
        if "\x00" not in text:
            return text
        error = None
    if error is None or b"\x00" in raw:
        pesan = "bukan berkas CSV teks (berisi byte 0: data biner atau UTF-16 tanpa BOM)"
    else:
        line = raw[: error.start].count(b"\n") + 1
        byte = raw[error.start : error.start + 1].hex().upper()
        pesan = (
            f"pengodean teks tidak dikenali (byte 0x{byte} di baris {line} bukan UTF-8, "
            "UTF-16 maupun Windows-1252)"
        )
    raise GridError(Masalah(Lokasi(path.name), f"{pesan}; {_SAVE_AS_UTF8}"))


def _delimiter(text: str) -> str:
    """`;` (Indonesian Excel), `,` or tab (Excel's Unicode Text), judged on the header line,
    where no value holds a separator."""
    lines = [line for line in text.splitlines() if line.strip()]
    header = next(
        (line for line in lines if "indikator" in line.lower()), lines[0] if lines else ""
    )
    counts = {sep: header.count(sep) for sep in (",", ";", "\t")}
    return max(counts, key=lambda sep: (counts[sep], sep == ";"))


def _cell(row: list[object], col: int) -> object:
    value = row[col] if col < len(row) else None
    if isinstance(value, str):
        value = value.strip()
        return value or None
    return value


def _blank(value: object) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())
