"""Matching names typed by people, and turning names into safe file names."""

from __future__ import annotations

import difflib
import functools
import re
import unicodedata
from collections.abc import Iterable


def normalise(text: object) -> str:
    """Text compared loosely: case, accents, spaces and punctuation do not matter."""
    return _normalised(text if type(text) is str else str(text))


_NOT_WORD = re.compile(r"[^0-9a-z]+")


@functools.lru_cache(maxsize=16384)
def _normalised(text: str) -> str:
    """(kept: the same headers, units and indicator names are compared again and again)"""
    value = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return " ".join(_NOT_WORD.sub(" ", value.lower()).split())


def persen_satuan(satuan: str) -> bool:
    """Whether an indicator's unit says percent (`%`, `Persen (%)`, `persentase`); an empty unit
    says nothing, and each caller decides what that means for it."""
    return "%" in satuan or normalise(satuan) in ("persen", "persentase")


def closest(name: str, candidates: Iterable[str], n: int = 3) -> list[str]:
    """The candidates closest to `name`, best first, compared loosely."""
    by_key = {normalise(c): c for c in candidates}
    keys = difflib.get_close_matches(normalise(name), list(by_key), n=n, cutoff=0.5)
    return [by_key[k] for k in keys]


def saran(name: str, candidates: Iterable[str]) -> str:
    """`; maksud Anda: 'A' atau 'B'?` or nothing."""
    found = closest(name, candidates)
    if not found:
        return ""
    return "; maksud Anda: " + " atau ".join(f"'{c}'" for c in found) + "?"


def slug(name: str) -> str:
    """A file-name-safe form of a unit name: `Seksi Sosial/Budaya` → `seksi-sosial-budaya`."""
    return normalise(name).replace(" ", "-") or "unit"


def pembeda(name: str) -> str:
    """How to make a unit's name give a file name of its own."""
    if not normalise(name):
        return (
            "tambahkan huruf Latin atau angka pada nama unitnya (nama berkas hanya memakai "
            "huruf Latin dan angka)"
        )
    return (
        "tulis nama unit yang sama persis bila unitnya sama, atau bedakan namanya dengan huruf "
        "atau angka"
    )


def slug_collision(names: Iterable[str]) -> tuple[str, str, str] | None:
    """The first two different names that make the same file name, and that file name."""
    seen: dict[str, str] = {}
    for name in names:
        stem = slug(name)
        other = seen.setdefault(stem, name)
        if other != name:
            return other, name, stem
    return None
