"""The working-day calendar: weekends and Indonesia's national holidays (the `holidays`
package, its list for a year kept in the disk cache), for Mutu Baku and deadlines."""

from __future__ import annotations

import datetime as dt
import functools
from pathlib import Path


@functools.cache
def _libur(tahun: int) -> frozenset[dt.date]:
    """Indonesia's public holidays of the year, from the disk cache when the installed holidays
    library made them (importing it costs more than the rest of `status`)."""
    from pipeline.inputs import cache

    name, key = f"libur-ID-{tahun}", _holidays_version()
    stored = cache.baca(name, key) if key else None
    if stored is not None:
        try:
            return frozenset(dt.date.fromisoformat(d) for d in stored.decode().split())
        except ValueError:
            pass  # a damaged entry: made again below
    import holidays

    found = frozenset(holidays.country_holidays("ID", years=tahun))
    if key:
        cache.simpan(name, key, " ".join(sorted(d.isoformat() for d in found)).encode())
    return found


def _holidays_version() -> str | None:
    """The installed holidays library's version line, read without importing it."""
    import importlib.util

    spec = importlib.util.find_spec("holidays")
    if spec is None or spec.origin is None:
        return None
    try:
        text = (Path(spec.origin).parent / "version.py").read_text(encoding="utf-8")
    except OSError:
        return None
    lines = [line for line in text.splitlines() if line.startswith("__version__")]
    return f"holidays {lines[0]} {spec.origin}" if lines else None


def hari_kerja(tanggal: dt.date) -> bool:
    """Monday to Friday, not a national holiday."""
    return tanggal.weekday() < 5 and tanggal not in _libur(tanggal.year)


def selisih_hari_kerja(awal: dt.date, akhir: dt.date) -> int:
    """Working days after `awal` up to and including `akhir` (0 on the same day)."""
    count = 0
    day = awal
    while day < akhir:
        day += dt.timedelta(days=1)
        count += hari_kerja(day)
    return count


def tambah_hari_kerja(awal: dt.date, jumlah: int) -> dt.date:
    """The `jumlah`-th working day after `awal` (weekends and national holidays skipped): a
    Mutu Baku of "2 Hari" from a Friday before a holiday Monday ends on Wednesday."""
    day = awal
    left = jumlah
    while left > 0:
        day += dt.timedelta(days=1)
        left -= hari_kerja(day)
    return day
