"""A cache on disk of work that only depends on installed libraries and templates (the year's
public holidays, compiled templates), so that a fresh process does not redo it.

Each entry is a file in the user's cache folder (KINERJA_CACHE_DIR when set) whose first line is
the key it was made for and whose second is the SHA-256 of what follows: an entry made for
another key (another library version, another template), damaged or unreadable is ignored and
made again. Entries are written atomically, and a folder that cannot be written leaves kinerja
working, only slower.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

try:  # the built-in SHA-256, without loading OpenSSL for one short name (hashlib's same digest)
    from _sha256 import sha256
except ImportError:  # an interpreter without it (3.12 renamed it)
    from hashlib import sha256


def folder() -> Path:
    """Where the entries live: KINERJA_CACHE_DIR, else the system's cache folder for users."""
    own = os.environ.get("KINERJA_CACHE_DIR")
    if own:
        return Path(own)
    if sys.platform == "win32":
        base = os.environ.get("LOCALAPPDATA") or Path.home() / "AppData" / "Local"
    elif sys.platform == "darwin":
        base = Path.home() / "Library" / "Caches"
    else:
        base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "kinerja"


def _path(name: str) -> Path:
    return folder() / sha256(name.encode("utf-8")).hexdigest()[:32]


def baca(name: str, key: str) -> bytes | None:
    """The bytes stored under `name` for `key`, or None (absent, another key, unreadable, or
    not the bytes that were stored: each entry carries their SHA-256)."""
    try:
        data = _path(name).read_bytes()
    except OSError:
        return None
    head, _, rest = data.partition(b"\n")
    digest, _, body = rest.partition(b"\n")
    if head != key.encode("utf-8") or digest != sha256(body).hexdigest().encode("ascii"):
        return None
    return body


def simpan(name: str, key: str, data: bytes) -> None:
    """Store `data` under `name` for `key`, atomically; silently not when the folder is not
    writable."""
    import tempfile

    target = _path(name)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        handle, temp = tempfile.mkstemp(prefix=".", suffix=".tmp", dir=target.parent)
        with os.fdopen(handle, "wb") as out:
            digest = sha256(data).hexdigest().encode("ascii")
            out.write(key.encode("utf-8") + b"\n" + digest + b"\n" + data)
        os.replace(temp, target)
    except OSError:
        return
