"""What the tool is doing right now: the step (command) and the file last read or written.

Readers and writers note the file they open, and a command notes its step, so that an error
nobody foresaw can still tell the operator where it happened.
"""

from __future__ import annotations

from contextvars import ContextVar
from pathlib import Path

_STEP: ContextVar[str | None] = ContextVar("step", default=None)
_FILE: ContextVar[Path | None] = ContextVar("file", default=None)


def step(name: str) -> None:
    """A new step begins (a command, or one office's quarter in a batch)."""
    _STEP.set(name)
    _FILE.set(None)


def file(path: Path) -> None:
    """A file is being read or written."""
    _FILE.set(path)


def current_file() -> Path | None:
    """The file last read or written in this step."""
    return _FILE.get()


def where(workspace: Path | None = None) -> str:
    """The step and the file, in words: "langkah 'himpun', berkas inputs/2024/TW3/x.xlsx"."""
    parts = []
    if _STEP.get():
        parts.append(f"langkah '{_STEP.get()}'")
    path = _FILE.get()
    if path is not None:
        try:
            shown = path.relative_to(workspace) if workspace else path
        except ValueError:
            shown = path
        parts.append(f"berkas {shown.as_posix()}")
    return ", ".join(parts)
