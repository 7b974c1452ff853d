"""The reporting period: a year and a quarter (triwulan)."""

from __future__ import annotations

from dataclasses import dataclass

ROMAWI = {1: "I", 2: "II", 3: "III", 4: "IV"}


def parse_triwulan(text: str | int) -> int:
    """Read a quarter given as 1–4 or I–IV (any case, optional 'TW' prefix)."""
    value = str(text).strip().upper().removeprefix("TW").strip()
    for number, roman in ROMAWI.items():
        if value in (str(number), roman):
            return number
    raise ValueError(f"triwulan '{text}' tidak dikenal: tulis 1–4 atau I–IV")


@dataclass(frozen=True, order=True)
class Periode:
    """One quarter of one year."""

    tahun: int
    triwulan: int

    def __post_init__(self) -> None:
        if self.triwulan not in ROMAWI:
            raise ValueError(f"triwulan harus 1–4, bukan {self.triwulan}")

    @property
    def romawi(self) -> str:
        """The quarter as a Roman numeral, as written in official titles (III)."""
        return ROMAWI[self.triwulan]

    @property
    def kode(self) -> str:
        """The folder name of the quarter (TW3)."""
        return f"TW{self.triwulan}"

    @property
    def stem(self) -> str:
        """How the quarter ends every file name (2024-TW3)."""
        return f"{self.tahun}-{self.kode}"

    @property
    def label(self) -> str:
        """How the period is named in documents (Triwulan III Tahun 2024)."""
        return f"Triwulan {self.romawi} Tahun {self.tahun}"
