"""One run at a time per quarter: a lock file beside the quarter's outputs."""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from pipeline.domain.errors import KinerjaError
from pipeline.domain.periode import Periode
from pipeline.store.workspace import Workspace


class QuarterLocked(KinerjaError):
    """Another run holds the quarter."""


@contextmanager
def quarter_lock(workspace: Path, periode: Periode) -> Iterator[None]:
    """Hold the quarter's lock for the duration of the block, or say who holds it. The block is
    one transaction (`pipeline.store.ooxml.transaksi`): what it writes appears together when it ends
    well, and none of it when it fails, so a failed step leaves the quarter as it was."""
    import socket

    from filelock import FileLock, Timeout

    from pipeline.inputs.config import CONFIG_NAME, load_config
    from pipeline.store.ooxml import transaksi

    if not (workspace / CONFIG_NAME).is_file():
        load_config(workspace)  # says where kinerja.toml is missing; nothing is written
    folder = Workspace(workspace).outputs(periode)
    folder.mkdir(parents=True, exist_ok=True)
    lock = FileLock(folder / ".kinerja.lock", timeout=0)
    holder = folder / ".kinerja.lock.info"
    try:
        lock.acquire()
    except Timeout:
        who = holder.read_text(encoding="utf-8").strip() if holder.is_file() else "proses lain"
        raise QuarterLocked(
            f"{periode.label} sedang diproses oleh {who}; tunggu sampai selesai lalu ulangi"
        ) from None
    try:
        since = dt.datetime.now().strftime("%Y-%m-%d %H:%M:%S")
        holder.write_text(
            f"PID {os.getpid()} di komputer {socket.gethostname()} sejak {since}", encoding="utf-8"
        )
        with transaksi(folder):
            yield
    finally:
        holder.unlink(missing_ok=True)
        lock.release()
