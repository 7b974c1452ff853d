"""TOML read once per content: what tomllib made of a text is kept in the disk cache (with its
dates), so that a quick command such as `kinerja status` reads the SOPs and the quarter's
record without importing tomllib or parsing them again. A text tomllib refuses is never kept:
its error comes from tomllib, every time."""

from __future__ import annotations

import datetime as dt
import marshal
import sys
from typing import Any

from pipeline.inputs import cache

_KEY = f"toml-1 {sys.version}"
_DATE, _DATETIME, _TIME = "\0tanggal", "\0waktu-tanggal", "\0waktu"


def loads(text: str) -> dict[str, Any]:
    """`tomllib.loads(text)`, from the cache when this text was read before."""
    name = f"toml-{cache.sha256(text.encode('utf-8')).hexdigest()}"
    stored = cache.baca(name, _KEY)
    if stored is not None:
        try:
            return _decoded(marshal.loads(stored))
        except (EOFError, ValueError, TypeError):
            pass  # made again below
    import tomllib

    data = tomllib.loads(text)  # TOMLDecodeError (a ValueError) goes to the caller
    cache.simpan(name, _KEY, marshal.dumps(_encoded(data)))
    return data


def _encoded(value: Any) -> Any:
    """`value` with its dates, times and datetimes as tagged tuples that marshal can hold."""
    if isinstance(value, dict):
        return {key: _encoded(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_encoded(item) for item in value]
    if isinstance(value, dt.datetime):
        return (_DATETIME, value.isoformat())
    if isinstance(value, dt.date):
        return (_DATE, value.isoformat())
    if isinstance(value, dt.time):
        return (_TIME, value.isoformat())
    return value


def _decoded(value: Any) -> Any:
    if isinstance(value, dict):
        return {key: _decoded(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_decoded(item) for item in value]
    if isinstance(value, tuple):
        kind, text = value
        if kind == _DATETIME:
            return dt.datetime.fromisoformat(text)
        if kind == _DATE:
            return dt.date.fromisoformat(text)
        if kind == _TIME:
            return dt.time.fromisoformat(text)
        raise ValueError(kind)
    return value
