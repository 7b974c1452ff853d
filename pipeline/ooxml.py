"""Writing Office files so that they are deterministic and never half-written.

Word and Excel files are zip packages. python-docx and openpyxl stamp each zip entry with the
current time and openpyxl stamps docProps/core.xml with it too, so the same inputs would give
different bytes on every run. `stable_package` rewrites a package with fixed entry times and the
document's own date in core.xml; `write_atomic` puts bytes in place with a rename, so a crash
leaves the old file or the new one, never a mix.
"""

from __future__ import annotations

import datetime as dt
import io
import os
import re
import tempfile
import zipfile
from pathlib import Path

_ZIP_EPOCH = (1980, 1, 1, 0, 0, 0)
_CORE_DATES = re.compile(
    rb"(<dcterms:(created|modified)\b[^>]*>)[^<]*(</dcterms:(?:created|modified)>)"
)


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


class StableZipWriter:
    """A zip writer with python-docx's physical-writer interface (`write(pack_uri, blob)`,
    `close()`) that stamps every entry the same way `stable_package` does, so a document can be
    serialised once, deterministically, instead of saved and then rewritten."""

    def __init__(self, stream: io.BytesIO, when: dt.date) -> None:
        self._zip = zipfile.ZipFile(stream, "w", zipfile.ZIP_DEFLATED)
        self._when = when

    def write(self, pack_uri: object, blob: bytes) -> None:
        name = pack_uri.membername  # type: ignore[attr-defined]
        if name == "docProps/core.xml":
            blob = _core_dates(blob, self._when)
        entry = zipfile.ZipInfo(name, date_time=_ZIP_EPOCH)
        entry.compress_type = zipfile.ZIP_DEFLATED
        entry.external_attr = 0o600 << 16
        # level 1: repetitive XML compresses nearly as well, several times faster
        self._zip.writestr(entry, blob, compresslevel=1)

    def close(self) -> None:
        self._zip.close()


def write_atomic(path: Path, data: bytes) -> None:
    """Write `data` to `path` through a temporary file in the same folder and a rename."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(handle, "wb") as temp:
            temp.write(data)
            temp.flush()
            os.fsync(temp.fileno())
        os.replace(temp_name, path)
    except BaseException:
        Path(temp_name).unlink(missing_ok=True)
        raise


def write_all_atomic(files: dict[Path, bytes]) -> list[Path]:
    """Write several files, each atomically, only after all of them were produced in memory."""
    for path, data in files.items():
        write_atomic(path, data)
    return list(files)
