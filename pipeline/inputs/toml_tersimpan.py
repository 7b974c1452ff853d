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
# what marshal cannot hold, as tagged text: datetime first, a datetime being a date too
_TAGGED = ((dt.datetime, "\0waktu-tanggal"), (dt.date, "\0tanggal"), (dt.time, "\0waktu"))
_PARSE = {tag: kind.fromisoformat for kind, tag in _TAGGED}


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


def _walked(value: Any, leaf: Any) -> Any:
    """`value` with `leaf` applied to everything in it that is not a table or an array."""
    if isinstance(value, dict):
        return {key: _walked(item, leaf) for key, item in value.items()}
    if isinstance(value, list):
        return [_walked(item, leaf) for item in value]
    return leaf(value)


def _encoded(value: Any) -> Any:
    """`value` with its dates, times and datetimes as tagged tuples that marshal can hold."""

    def tagged(leaf: Any) -> Any:
        for kind, tag in _TAGGED:
            if isinstance(leaf, kind):
                return (tag, leaf.isoformat())
        return leaf

    return _walked(value, tagged)


def _decoded(value: Any) -> Any:
    def parsed(leaf: Any) -> Any:
        if not isinstance(leaf, tuple):
            return leaf
        tag, text = leaf
        if tag not in _PARSE:
            raise ValueError(tag)
        return _PARSE[tag](text)

    return _walked(value, parsed)
