"""Reading one input file safely: regular files only, and never more than a set bound.

A returns folder is filled by hand, so it may hold anything: a folder named like a form, a named
pipe (FIFO) that would block a plain `open` forever, a device such as /dev/zero that never ends, a
symlink to nothing, or a workbook crafted (or broken) so that a few kilobytes on disk unpack to
gigabytes. Every input spreadsheet goes through `read_input`, which opens without blocking,
accepts only a regular file and reads at most `MAX_BYTES`; `check_package` then looks into a
workbook's zip cheaply (member sizes and cell references, streamed) before a reader such as
python-calamine materialises a sheet as a dense range, which for one cell at XFD1048576 would be
17 billion cells.
"""

from __future__ import annotations

import errno
import os
import re
import stat
import zipfile
from collections.abc import Iterator
from io import BytesIO
from pathlib import Path

from pipeline.domain import activity
from pipeline.domain.errors import Lokasi, Masalah

MAX_BYTES = 32 * 2**20  # a file on disk, and the unpacked XML of one workbook
MAX_CELLS = 1_000_000  # rows × columns of the range a sheet uses, counted from A1
MAX_CHARS = 32_767  # characters in one cell: Excel's own limit
_CHUNK = 2**20


class InputFileError(Exception):
    """A file that is not read, with the problem to report."""

    def __init__(self, masalah: Masalah) -> None:
        super().__init__(str(masalah))
        self.masalah = masalah


def not_regular(path: Path) -> str | None:
    """What `path` is, in words, when it is not a regular file (symlinks followed); else None."""
    try:
        mode = path.stat().st_mode
    except FileNotFoundError:
        return "tautan (symlink) ke berkas yang tidak ada" if path.is_symlink() else "hilang"
    except OSError as exc:
        return _os_problem(exc)
    return _kind(mode)


def _os_problem(exc: OSError) -> str:
    if exc.errno == errno.ELOOP:
        return "tautan (symlink) yang berputar tanpa ujung"
    if exc.errno in (errno.EACCES, errno.EPERM):
        return "tidak ada izin membaca berkas ini; periksa hak aksesnya atau salin ulang berkasnya"
    return f"tidak dapat dibuka (galat sistem {errno.errorcode.get(exc.errno or 0, exc.errno)})"


def _kind(mode: int) -> str | None:
    if stat.S_ISREG(mode):
        return None
    if stat.S_ISDIR(mode):
        return "folder (berkas di dalam folder tidak dibaca)"
    if stat.S_ISFIFO(mode):
        return "pipa bernama (FIFO), bukan berkas biasa"
    if stat.S_ISSOCK(mode):
        return "soket, bukan berkas biasa"
    return "berkas perangkat, bukan berkas biasa"


def read_input(path: Path) -> bytes:
    """The bytes of a regular file of at most `MAX_BYTES`; `InputFileError` otherwise.

    Opened with O_NONBLOCK, so that a FIFO cannot block, and checked on the open descriptor,
    so that what is read is what was checked."""
    activity.file(path)
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
    try:
        fd = os.open(path, flags)
    except OSError as exc:
        kind = not_regular(path) or _os_problem(exc)
        raise InputFileError(_problem(path, f"{kind}; berkas ini tidak dibaca")) from None
    with os.fdopen(fd, "rb") as handle:
        info = os.fstat(fd)
        kind = _kind(info.st_mode)
        if kind:
            raise InputFileError(_problem(path, f"{kind}; berkas ini tidak dibaca"))
        data = handle.read(MAX_BYTES + 1)
    if len(data) > MAX_BYTES:
        raise InputFileError(_problem(path, _too_big(MAX_BYTES)))
    return data


def _too_big(limit: int, what: str = "berkas") -> str:
    return (
        f"{what} lebih dari {limit // 2**20} MB, terlalu besar untuk sebuah formulir; simpan ulang "
        "hanya tabel formulirnya (hapus sheet, gambar dan isi lain di luar tabel)"
    )


def _problem(path: Path, pesan: str, sheet: str | None = None) -> Masalah:
    return Masalah(Lokasi(path.name, sheet), pesan)


def check_package(path: Path, data: bytes) -> None:
    """Refuse a workbook (.xlsx/.xlsm/.ods zip) whose XML unpacks past `MAX_BYTES` or whose
    sheets use more than `MAX_CELLS` cells, streaming each member without keeping it."""
    try:
        package = zipfile.ZipFile(BytesIO(data))
    except (zipfile.BadZipFile, OSError, ValueError):
        return  # not a zip: the reader says the file is broken
    with package:
        too_big = InputFileError(_problem(path, _too_big(MAX_BYTES, "isi buku kerja")))
        if sum(i.file_size for i in package.infolist()) > MAX_BYTES:
            raise too_big
        sheets = _sheet_names(package)
        members = [
            i
            for i in package.infolist()
            if i.filename.endswith((".xml", ".rels")) or i.filename in sheets
        ]
        unpacked = 0
        for info in members:  # the sizes in the zip may lie: count what really unpacks
            scanner = _scanner(path, info.filename, info.filename in sheets)
            if scanner and info.filename in sheets:
                scanner.sheet = sheets[info.filename]
            for chunk in _stream(package, info):
                unpacked += len(chunk)
                if unpacked > MAX_BYTES:
                    raise too_big
                if scanner:
                    scanner.feed(chunk)


def _stream(package: zipfile.ZipFile, info: zipfile.ZipInfo) -> Iterator[bytes]:
    try:
        with package.open(info) as member:
            while chunk := member.read(_CHUNK):
                yield chunk
    except (zipfile.BadZipFile, OSError, ValueError, EOFError, NotImplementedError):
        return  # a broken member: the reader says the file is broken


# a start tag up to its >, which a quoted value may hold
_SHEET = re.compile(rb"""<(?:\w+:)?sheet\s(?:[^>"']++|"[^"]*+"|'[^']*+')*+>""")
_RELATIONSHIP = re.compile(rb"""<(?:\w+:)?Relationship\s(?:[^>"']++|"[^"]*+"|'[^']*+')*+>""")


def _sheet_names(package: zipfile.ZipFile) -> dict[str, str]:
    """Worksheet part name -> sheet name as shown in Excel, from workbook.xml and its rels."""
    workbook = _head(package, "xl/workbook.xml")
    rels = _head(package, "xl/_rels/workbook.xml.rels")
    targets = {}
    for match in _RELATIONSHIP.finditer(rels):
        attrs = _attrs(match.group(0))
        target = attrs.get(b"Target", b"").decode("utf-8", "replace")
        target = target.lstrip("/") if target.startswith("/") else f"xl/{target}"
        targets[attrs.get(b"Id", b"")] = target
    names = {}
    for match in _SHEET.finditer(workbook):
        attrs = _attrs(match.group(0))
        name = _unescape(attrs.get(b"name", b"").decode("utf-8", "replace"))
        if attrs.get(b"id") in targets:
            names[targets[attrs[b"id"]]] = name
    return names


def _head(package: zipfile.ZipFile, name: str) -> bytes:
    """The start of a small member (at most 4 MB), or nothing."""
    try:
        with package.open(name) as member:
            return member.read(4 * _CHUNK)
    except (KeyError, zipfile.BadZipFile, OSError, ValueError, EOFError, NotImplementedError):
        return b""


def _scanner(path: Path, name: str, is_sheet: bool) -> _Extent | None:
    if is_sheet or (name.startswith("xl/worksheets/") and name.endswith(".xml")):
        return _XlsxExtent(path)
    if name == "content.xml":
        return _OdsExtent(path)
    return None


class _Extent:
    """The rows and columns a sheet's cells with content reach, read as the XML streams in by
    expat (which reads quotes, comments and references as the sheet's own reader does, in
    linear time whatever the text); refused as soon as that range passes `MAX_CELLS`. A cell
    counts once an element stands inside it (a value, an inline text, a formula), as
    python-calamine skips a cell without one."""

    def __init__(self, path: Path) -> None:
        import pyexpat

        self.path = path
        self.sheet: str | None = None
        self.rows = self.columns = 0
        self.row = self.column = 0
        self.pending = False  # a cell has begun and nothing stands in it yet
        self._parser = pyexpat.ParserCreate(namespace_separator=" ")
        self._parser.StartElementHandler = self.start
        self._parser.StartDoctypeDeclHandler = self._doctype
        self._error = pyexpat.ExpatError

    def feed(self, chunk: bytes) -> None:
        try:
            self._parser.Parse(chunk, False)
        except self._error as exc:
            self._refuse(
                f"sheet bukan XML yang utuh (rusak di baris {exc.lineno}, kolom {exc.offset} "
                "isi XML-nya)"
            )

    def start(self, name: str, attrs: dict[str, str]) -> None:
        raise NotImplementedError

    def wait(self, pending: bool) -> None:
        """A cell has begun with nothing in it yet (True), or that is settled (False): only
        then is the end of an element worth a call (most cells end after their value)."""
        self.pending = pending
        self._parser.EndElementHandler = self.end if pending else None

    def end(self, _name: str) -> None:
        self.wait(False)  # the cell ended empty

    def _doctype(self, *_: object) -> None:
        # a sheet has no document type; one could define entities that expand without end
        self._refuse("sheet memuat deklarasi DOCTYPE, yang tidak pernah ditulis Excel")

    def _refuse(self, what: str) -> None:
        how = f"buka di Excel atau LibreOffice lalu simpan ulang sebagai {self.path.suffix}"
        raise InputFileError(_problem(self.path, f"{what}; {how}", self.sheet)) from None

    def reach(self, rows: int, columns: int) -> None:
        self.rows, self.columns = max(self.rows, rows), max(self.columns, columns)
        check_extent(self.path, self.sheet, self.rows, self.columns)


def check_extent(path: Path, sheet: str | None, rows: int, columns: int) -> None:
    """Refuse a sheet whose cells reach row `rows` and column `columns` (counted from A1)
    when that range is more than `MAX_CELLS` cells."""
    if rows * columns <= MAX_CELLS:
        return
    raise InputFileError(
        _problem(
            path,
            f"sel terpakai sampai {_letters(columns)}{rows} ({_titik(rows * columns)} sel), "
            f"lebih dari {_titik(MAX_CELLS)} sel untuk sebuah formulir; hapus isi sel di luar "
            "tabel (Ctrl+End menunjukkan sel terakhir yang terpakai) lalu simpan ulang",
            sheet,
        )
    )


def _titik(number: int) -> str:
    return f"{number:,}".replace(",", ".")


# an attribute as XML writes it: either quote, whitespace around =
_ATTR = re.compile(rb"""\s(?:[A-Za-z_][\w.-]*:)?([\w.-]+)\s*=\s*(?:"([^"]*)"|'([^']*)')""")


def _attrs(raw: bytes | None) -> dict[bytes, bytes]:
    return {key: double or single for key, double, single in _ATTR.findall(raw or b"")}


class _XlsxExtent(_Extent):
    """SpreadsheetML: <row r="n"> and <c r="A1">, where both `r` may be left out (then the
    next row or column), under any namespace prefix."""

    def start(self, name: str, attrs: dict[str, str]) -> None:
        local = _local_name(name)
        if local == "c":
            ref = attrs.get("r", "")  # the cell's own r, as python-calamine reads it
            letters = ref.rstrip("0123456789")
            self.column = _column(letters) if letters else self.column + 1
            if _digits(ref[len(letters) :]):
                self.row = int(ref[len(letters) :])
            self.wait(True)
        elif local == "row":
            ref = attrs.get("r", "")
            self.row = int(ref) if _digits(ref) else self.row + 1
            self.column = 0
        elif self.pending:
            self.wait(False)
            if self.row > self.rows or self.column > self.columns:
                self.reach(self.row, self.column)


class _OdsExtent(_Extent):
    """OpenDocument: rows and cells repeat by attribute; a cell with content is one with a
    value type or with an element inside. Each table is a sheet."""

    def start(self, name: str, attrs: dict[str, str]) -> None:
        local = _local_name(name)
        if local in ("table-cell", "covered-table-cell"):
            own = _local(attrs)
            self.column += _count(own.get("number-columns-repeated"))
            if "value-type" in own:
                self.reach(self.row, self.column)
            else:
                self.wait(True)
        elif local == "table-row":
            self.row += _count(_local(attrs).get("number-rows-repeated"))
            self.column = 0
        elif local == "table":
            self.row = self.column = self.rows = self.columns = 0
            self.sheet = _local(attrs).get("name") or None
        elif self.pending:
            self.wait(False)
            self.reach(self.row, self.column)


def _local_name(name: str) -> str:
    """An element's or attribute's name without the namespace expat puts before it."""
    return name[name.rfind(" ") + 1 :]


def _local(attrs: dict[str, str]) -> dict[str, str]:
    """Attributes by their local names."""
    return {_local_name(key): value for key, value in attrs.items()}


def _count(raw: str | None) -> int:
    return int(raw) if raw and _digits(raw) else 1


def _column(letters: str) -> int:
    number = 0
    for letter in letters.upper():
        number = number * 26 + ord(letter) - 64
    return number


def _digits(text: str) -> bool:
    """Whether `text` is a number in ASCII digits (str.isdigit also takes ² and ٣)."""
    return text.isascii() and text.isdigit()


def _letters(column: int) -> str:
    text = ""
    while column > 0:
        column, rest = divmod(column - 1, 26)
        text = chr(65 + rest) + text
    return text


def check_cells(path: Path, sheet: str | None, rows: list[list[object]]) -> None:
    """Refuse a sheet, read whole, that is larger than `MAX_CELLS` or has a cell longer than
    `MAX_CHARS` characters (what Excel itself allows)."""
    check_extent(path, sheet, len(rows), max((len(r) for r in rows), default=0))
    for r, row in enumerate(rows, start=1):
        for c, value in enumerate(row, start=1):
            if isinstance(value, str) and len(value) > MAX_CHARS:
                raise InputFileError(_long_cell(path, sheet, r, _letters(c), len(value)))


def _long_cell(path: Path, sheet: str | None, row: int, column: str, length: int) -> Masalah:
    """The problem of a cell holding more text than Excel allows in one cell."""
    return Masalah(
        Lokasi(path.name, sheet, row, column),
        f"sel berisi {_titik(length)} karakter, lebih dari {_titik(MAX_CHARS)} karakter yang "
        "dapat ditampung satu sel Excel; persingkat isinya",
    )


def _unescape(text: str) -> str:
    """html.unescape, loaded only when a workbook's sheet names are read."""
    import html

    return html.unescape(text)
