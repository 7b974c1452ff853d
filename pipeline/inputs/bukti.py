"""Bukti dukung: the evidence files behind each reported indicator.

A unit keeps its evidence in `inputs/<tahun>/TW<n>/bukti/<unit-slug>/`: in a subfolder named
after the indicator (`bukti/seksi-pemerintahan/<indikator-slug>/…`), in a file whose name begins
with the indicator's slug, or anywhere in its folder when the return names the file in its
`Bukti Dukung` column. Paths are kept relative to `bukti/`, with `/`.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from pipeline.domain.errors import Lokasi, Masalah
from pipeline.domain.names import slug
from pipeline.inputs.input_file import not_regular

FOLDER = "bukti"
KOLOM = "Bukti Dukung"
# an evidence file is kept in the approved revision and its archive: bound what one can add
BATAS_BERKAS = 32 * 2**20
BATAS_JUMLAH = 256 * 2**20
_PEMISAH = re.compile(r"[\n;,]+")


@dataclass
class Bukti:
    """The evidence files of a quarter, and what was noticed reading the folder."""

    ada: bool  # the quarter has a bukti/ folder: evidence is expected of every reported indicator
    berkas: dict[str, Path] = field(default_factory=dict)  # relative path -> file
    peringatan: list[Masalah] = field(default_factory=list)

    def cocokkan(self, unit: str, indikator: str, disebut: str) -> tuple[list[str], list[str]]:
        """The evidence of one indicator, and the names its return gave that are not found."""
        folder = slug(unit) + "/"
        own = {rel: rel[len(folder) :] for rel in self.berkas if rel.startswith(folder)}
        names = [n.strip().replace("\\", "/") for n in _PEMISAH.split(disebut) if n.strip()]
        if names:
            found, missing = [], []
            for name in names:
                match = [r for r, inner in own.items() if name in (inner, inner.rsplit("/", 1)[-1])]
                (found if match else missing).append(match[0] if match else name)
            return sorted(set(found)), missing
        key = slug(indikator)
        return sorted(r for r, inner in own.items() if slug(inner).startswith(key)), []


def baca_bukti(returns_dir: Path) -> Bukti:
    """Every regular evidence file under the quarter's bukti/ folder, sorted; files that are not
    regular, hidden, or past the size bounds are left out with a warning."""
    root = returns_dir / FOLDER
    if not root.is_dir():
        return Bukti(False)
    bukti = Bukti(True)
    total = 0
    for path in sorted(root.rglob("*")):
        rel = path.relative_to(root).as_posix()
        if any(part.startswith((".", "~$")) for part in path.relative_to(root).parts):
            continue
        if path.is_dir() and not path.is_symlink():
            continue
        lokasi = Lokasi(f"{FOLDER}/{rel}")
        kind = not_regular(path)
        if kind:
            bukti.peringatan.append(Masalah(lokasi, f"{kind}; dilewati"))
            continue
        size = path.stat().st_size
        if size > BATAS_BERKAS or total + size > BATAS_JUMLAH:
            batas = "32 MB per berkas" if size > BATAS_BERKAS else "256 MB per triwulan"
            bukti.peringatan.append(
                Masalah(
                    lokasi,
                    f"bukti dukung melebihi {batas}; dilewati. Perkecil berkasnya (mis. pindai "
                    "ulang dengan resolusi lebih rendah) atau simpan sebagian saja",
                )
            )
            continue
        total += size
        bukti.berkas[rel] = path
    return bukti


def sha256_berkas(path: Path) -> str:
    """The sha256 of a file read in pieces (an evidence scan need not fit in memory twice)."""
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(2**20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def gabung(paths: Iterable[str]) -> str:
    """The evidence of one indicator as one cell of the merged data, one path per line."""
    return "\n".join(paths)


def pisah(text: object) -> list[str]:
    """The evidence of one indicator read back from its cell."""
    return [line.strip() for line in str(text or "").split("\n") if line.strip()]
