"""Writing Office files so that they are deterministic and never half-written.

Word and Excel files are zip packages. python-docx and openpyxl stamp each zip entry with the
current time and openpyxl stamps docProps/core.xml with it too, so the same inputs would give
different bytes on every run. `stable_package` rewrites a package with fixed entry times and the
document's own date in core.xml; `write_atomic` puts bytes in place with a rename, so a crash
leaves the old file or the new one, never a mix, and `transaksi` makes all the files one step
writes appear together or not at all.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import errno
import io
import json
import os
import re
import shutil
import struct
import sys
import tempfile
import zipfile
import zlib
from collections.abc import Iterator, Sequence
from contextvars import ContextVar
from pathlib import Path
from typing import Any

from pipeline.domain import activity
from pipeline.domain.errors import KinerjaError

_ZIP_EPOCH = (1980, 1, 1, 0, 0, 0)
_CORE_DATES = re.compile(
    rb"(<dcterms:(created|modified)\b[^>]*>)[^<]*(</dcterms:(?:created|modified)>)"
)


def escape(text: str) -> str:
    """Text for XML, as `xml.sax.saxutils.escape` gives it (which costs 20 ms to import: it
    loads urllib.request)."""
    return text.replace("&", "&amp;").replace(">", "&gt;").replace("<", "&lt;")


def quoteattr(text: str) -> str:
    """`xml.sax.saxutils.quoteattr`: an attribute value with its quotes."""
    text = escape(text).replace("\n", "&#10;").replace("\r", "&#13;").replace("\t", "&#9;")
    if '"' not in text:
        return f'"{text}"'
    if "'" not in text:
        return f"'{text}'"
    return '"' + text.replace('"', "&quot;") + '"'


def stable_package(data: bytes, when: dt.date) -> bytes:
    """The same package with fixed zip metadata and `when` as its created/modified date."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            content = source.read(info.filename)
            if info.filename == "docProps/core.xml":
                content = _core_dates(content, when)
            entry = zipfile.ZipInfo(info.filename, date_time=_ZIP_EPOCH)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o600 << 16
            target.writestr(entry, content, compresslevel=6)
    return out.getvalue()


def _core_dates(content: bytes, when: dt.date) -> bytes:
    stamp = f"{when.isoformat()}T00:00:00Z".encode()
    return _CORE_DATES.sub(lambda m: m.group(1) + stamp + m.group(3), content)


def zip_parts(parts: dict[str, str | bytes]) -> bytes:
    """A package of `parts` (name to XML text or bytes), stamped as `stable_package` does."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for name, content in parts.items():
            entry = zipfile.ZipInfo(name, date_time=_ZIP_EPOCH)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o600 << 16
            data = content.encode("utf-8") if isinstance(content, str) else content
            target.writestr(entry, data, compresslevel=6)
    return out.getvalue()


def level_for(name: str, main: str = "word/document.xml") -> int:
    """The compression level of a Word package's part: the template's own parts (styles,
    theme, settings: the bulk of a small document) are compressed hard, once, when kept (see
    pipeline.documents.package); the rendered body moderately, as it is compressed for every
    document; pictures lightly, as they hardly shrink."""
    if name == main:
        return 6
    if name.startswith("word/media/"):
        return 1
    return 9


def deflate(blob: bytes | Sequence[bytes], level: int) -> tuple[bytes, int, int]:
    """(raw deflate data, CRC-32, size) of `blob`, as a zip entry holds it. `blob` may come
    in pieces, which are not joined first (a long document's body is megabytes): deflate
    gives the same bytes however its input is cut."""
    pieces = (blob,) if isinstance(blob, bytes | bytearray | memoryview) else blob
    compressor = zlib.compressobj(level, zlib.DEFLATED, -15)
    data, crc, size = [], 0, 0
    for piece in pieces:
        data.append(compressor.compress(piece))
        crc, size = zlib.crc32(piece, crc), size + len(piece)
    data.append(compressor.flush())
    return b"".join(data), crc, size


class StableZipWriter:
    """A zip writer with python-docx's physical-writer interface (`write(pack_uri, blob)`,
    `close()`) that stamps every entry the same way `stable_package` does, so a document can be
    serialised once, deterministically, instead of saved and then rewritten. Entries may come
    compressed already (`write_deflated`): a part every document of a template shares is
    compressed once. Each part's level is `level_for` its name, whoever compressed it."""

    _DOS_DATE = (1 << 5) | 1  # 1 January 1980, the zip epoch; time 00:00:00 is 0

    def __init__(self, stream: io.BytesIO, when: dt.date, main: str = "word/document.xml") -> None:
        self._out = stream
        self._when = when
        self._main = main
        self._central: list[bytes] = []

    def write(self, pack_uri: object, blob: bytes) -> None:
        """python-docx's interface: a part by its PackURI."""
        self.add(pack_uri.membername, blob)  # type: ignore[attr-defined]

    def add(self, name: str, blob: bytes | Sequence[bytes]) -> None:
        """The part `name` (as the zip names it), compressed at its level; `blob` may come in
        pieces (see `deflate`)."""
        if name == "docProps/core.xml":
            blob = b"".join(blob) if isinstance(blob, list | tuple) else bytes(blob)
            blob = _core_dates(blob, self._when)
        self.write_deflated(name, *deflate(blob, level_for(name, self._main)))

    def write_deflated(self, name: str, data: bytes, crc: int, size: int) -> None:
        encoded = name.encode("utf-8")
        flags = 0 if name.isascii() else 0x800  # the name in UTF-8
        offset = self._out.tell()
        fields = (flags, 8, 0, self._DOS_DATE, crc, len(data), size, len(encoded))
        self._out.write(struct.pack("<IHHHHHIIIHH", 0x04034B50, 20, *fields, 0))
        self._out.write(encoded)
        self._out.write(data)
        self._central.append(
            struct.pack(
                "<IHH" + "HHHHIIIH" + "HHHHII",
                0x02014B50,
                (3 << 8) | 20,  # made on Unix by zip 2.0, as zipfile writes
                20,
                *fields,
                0,  # no extra field
                0,  # no comment
                0,  # disk
                0,  # internal attributes
                0o600 << 16,  # rw------- as stable_package's entries
                offset,
            )
            + encoded
        )

    def close(self) -> None:
        start = self._out.tell()
        for entry in self._central:
            self._out.write(entry)
        count, size = len(self._central), self._out.tell() - start
        self._out.write(struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, count, count, size, start, 0))


def write_atomic(path: Path, data: bytes) -> None:
    """Write `data` to `path` through a temporary file in the same folder and a rename; within
    a transaction (see `transaksi`), the file it replaces is kept until the step succeeds."""
    write_all_atomic({path: data})


def write_all_atomic(files: dict[Path, bytes]) -> list[Path]:
    """Write several files all or none: every file is first written in full beside its target
    (same disk), then all are renamed into place; a failure at any point restores them all."""
    with _transaksi_aktif() as tx:
        staged: list[tuple[Path, Path]] = []
        try:
            for path, data in files.items():
                activity.file(path)
                tx.make_folder(path.parent)
                staged.append((_stage(path, data), path))
            for temp, path in staged:
                activity.file(path)
                tx.replace(temp, path)
        except OSError as exc:
            if exc.errno not in (errno.ENOSPC, errno.EDQUOT):
                raise
            raise DiskPenuh(
                f"{activity.current_file()}: disk penuh saat menulis berkas ini; tidak ada "
                "berkas yang diubah. Kosongkan ruang disk lalu ulangi perintahnya"
            ) from None
        finally:
            for temp, _ in staged:
                temp.unlink(missing_ok=True)
    return list(files)


class DiskPenuh(KinerjaError):
    """The disk filled up while a step was writing; the step was undone."""


def _stage(path: Path, data: bytes) -> Path:
    """`data` written in full and synced to a temporary file beside `path`."""
    handle, name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(handle, "wb") as temp:
            temp.write(data)
            temp.flush()
            os.fsync(temp.fileno())
    except BaseException:
        Path(name).unlink(missing_ok=True)
        raise
    return Path(name)


_AKTIF: ContextVar[Transaksi | None] = ContextVar("transaksi", default=None)
JOURNAL = ".kinerja-transaksi.json"
_BACKUP = ".kinerja-lama"


class Transaksi:
    """The files one step has replaced so far and what they replaced (kept beside them under a
    hidden name), so that the step can be undone whole, even after a crash (from `journal`)."""

    def __init__(self, journal: Path | None) -> None:
        self.journal = journal
        self.files: dict[str, str | None] = {}  # target -> its earlier version, or None if new
        self.folders: list[str] = []  # folders this step created
        self.trees: list[str] = []  # whole folders this step put in place (a revision)

    def make_folder(self, folder: Path) -> None:
        missing = [p for p in (folder, *folder.parents) if not p.exists()]
        if missing:  # absolute: a crashed step may be undone from another working folder
            self.folders += [str(p.absolute()) for p in missing]
            self._save()
        folder.mkdir(parents=True, exist_ok=True)

    def replace(self, temp: Path, path: Path) -> None:
        """Put `temp` in place of `path`, keeping the first version of `path` it replaces."""
        path = path.absolute()
        key = str(path)
        if key not in self.files:
            exists = path.exists() or path.is_symlink()
            backup = path.with_name(f".{path.name}{_BACKUP}") if exists else None
            self.files[key] = str(backup) if backup else None
            self._save()  # recorded before it is moved, so that a crash can be undone
            if backup:
                os.replace(path, backup)
        os.replace(temp, path)

    def add_tree(self, folder: Path) -> None:
        """A folder about to be renamed into place whole, removed whole if the step fails."""
        self.trees.append(str(folder.absolute()))
        self._save()

    def commit(self) -> None:
        for backup in self.files.values():
            if backup:
                _remove(Path(backup))
        self._forget()

    def rollback(self) -> None:
        failed = False
        for key, backup in reversed(list(self.files.items())):
            try:
                if backup:
                    os.replace(backup, key)
                else:
                    _remove(Path(key))
            except FileNotFoundError:
                continue
            except OSError:
                failed = True
        for tree in reversed(self.trees):
            _rmtree(Path(tree))
            failed = failed or Path(tree).exists()
        for folder in sorted(self.folders, key=len, reverse=True):
            with contextlib.suppress(OSError):
                Path(folder).rmdir()  # only when empty: someone may have put a file there
        if not failed:  # else the journal stays, and the next step tries again
            self._forget()

    def _save(self) -> None:
        if self.journal is None:
            return
        record = {"berkas": self.files, "folder": self.folders, "pohon": self.trees}
        text = json.dumps(record, indent=1)
        temp = self.journal.with_name(self.journal.name + ".tmp")
        temp.write_text(text, encoding="utf-8")
        os.replace(temp, self.journal)

    def _forget(self) -> None:
        self.files, self.folders, self.trees = {}, [], []
        if self.journal is not None:
            self.journal.unlink(missing_ok=True)


def new_tree(folder: Path) -> None:
    """Tell the step's transaction, if any, that `folder` is about to appear whole (renamed
    into place from a staging folder), so that a failure later in the step removes it."""
    tx = _AKTIF.get()
    if tx is not None:
        tx.add_tree(folder)


def _rmtree(folder: Path) -> None:
    handler = "onexc" if sys.version_info >= (3, 12) else "onerror"
    shutil.rmtree(folder, **{handler: _writable_then_retry})


def _writable_then_retry(function: Any, path: str, _: BaseException) -> None:
    """rmtree's error handler for read-only files (approved files are 0o444)."""
    with contextlib.suppress(OSError):
        os.chmod(path, 0o644)
        os.chmod(os.path.dirname(path), 0o755)
        function(path)


def _remove(path: Path) -> None:
    try:
        path.unlink(missing_ok=True)
    except PermissionError:  # a read-only file on Windows
        path.chmod(0o644)
        path.unlink(missing_ok=True)


@contextlib.contextmanager
def transaksi(folder: Path) -> Iterator[Transaksi]:
    """One step as one transaction: everything written inside the block appears together when
    it ends without an error, and nothing of it when it ends with one (or the disk fills up).
    The journal in `folder` lets the next transaction there undo a step that crashed."""
    journal = folder / JOURNAL
    recover(journal)
    tx = Transaksi(journal)
    token = _AKTIF.set(tx)
    try:
        yield tx
    except BaseException as exc:
        if isinstance(exc, KinerjaError) and exc.keeps_written:
            tx.commit()
        else:
            tx.rollback()
        raise
    else:
        tx.commit()
    finally:
        _AKTIF.reset(token)


def recover(journal: Path) -> bool:
    """Undo the step a journal left behind (the process was killed mid-step); True if one was."""
    try:
        record = json.loads(journal.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return False
    except (OSError, ValueError):
        journal.unlink(missing_ok=True)  # a journal cut short: nothing had been moved yet
        return False
    tx = Transaksi(journal)
    tx.files, tx.folders = dict(record.get("berkas", {})), list(record.get("folder", []))
    tx.trees = list(record.get("pohon", []))
    tx.rollback()
    return True


@contextlib.contextmanager
def _transaksi_aktif() -> Iterator[Transaksi]:
    """The step's transaction, or one for these files alone when no step has opened one."""
    tx = _AKTIF.get()
    if tx is not None:
        yield tx
        return
    own = Transaksi(None)
    try:
        yield own
    except BaseException:
        own.rollback()
        raise
    else:
        own.commit()
