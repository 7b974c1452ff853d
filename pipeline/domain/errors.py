"""One error hierarchy for the whole package.

Every message is meant for the operator, in Bahasa Indonesia: it names where the problem is (file,
sheet, row, column when known), what is wrong, and how to fix it. The CLI turns a `KinerjaError`
into one line per problem and a non-zero exit code; no traceback reaches the user.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Lokasi:
    """Where a problem is: a file, and optionally the sheet, row (1-based) and column header."""

    file: str
    sheet: str | None = None
    row: int | None = None
    column: str | None = None

    def __str__(self) -> str:
        parts = [self.file]
        if self.sheet:
            parts.append(f"sheet '{self.sheet}'")
        if self.row is not None:
            parts.append(f"baris {self.row}")
        if self.column:
            parts.append(f"kolom '{self.column}'")
        return ", ".join(parts)


@dataclass(frozen=True)
class Masalah:
    """One problem found in the inputs: where it is and what to do. A step stops on the problems
    it raises (InputError) and carries on with the ones it lists as warnings."""

    lokasi: Lokasi | None
    pesan: str

    def __str__(self) -> str:
        if self.lokasi is None:
            return self.pesan
        return f"{self.lokasi}: {self.pesan}"


class KinerjaError(Exception):
    """Base of every error the operator can cause and fix. Exit code 1."""

    exit_code = 1
    # a failed step is undone (see pipeline.store.ooxml.transaksi), unless the error is the step's
    # answer and what it wrote explains it
    keeps_written = False

    def lines(self) -> list[str]:
        """The message as lines to print."""
        return [str(self)]


class ConfigError(KinerjaError):
    """kinerja.toml is missing, unreadable, or lacks a key."""


class InputError(KinerjaError):
    """One or more problems in the input files; nothing was written."""

    def __init__(self, masalah: list[Masalah], judul: str = "Masukan bermasalah") -> None:
        self.masalah = masalah
        self.judul = judul
        super().__init__(f"{judul}: {len(masalah)} masalah")

    def lines(self) -> list[str]:
        return [f"{self.judul} ({len(self.masalah)} masalah, tidak ada dokumen yang ditulis):"] + [
            f"  - {m}" for m in self.masalah
        ]


class Refusal(KinerjaError):
    """A step that refuses after writing its explanation (the Lembar Verifikasi listing the
    findings that block approval): what it wrote stays."""

    keeps_written = True


class TemplateError(KinerjaError):
    """A Word template is missing or cannot be rendered."""


class TanggalError(KinerjaError):
    """A date that cannot be right: outside the quarter's window, before the step it follows, or
    not recorded where a signed paper needs one."""


class UrutanError(KinerjaError):
    """A step asked for before the step it needs (sahkan before verifikasi, ekspor of a damaged
    revision), or a change to what must not change."""


class ArsipError(KinerjaError):
    """An approved revision, its manifest or its archive is damaged or missing."""


class BerkasError(KinerjaError):
    """A file kinerja needs is missing, or one it would write is already there."""


class AksesError(KinerjaError):
    """The web page refuses an action: a role without the right, a bad form token, a path
    outside the workspace."""
