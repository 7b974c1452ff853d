"""`kinerja proses` over many workspaces and quarters at once, in worker processes.

For the regency's planning office, which collects every office's documents: each task is one
workspace and one quarter (himpun then olah, under that quarter's lock). A task that fails is
reported with its workspace and quarter; the others go on.
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from pipeline.domain import activity
from pipeline.domain.errors import KinerjaError
from pipeline.domain.periode import Periode


@dataclass(frozen=True)
class Tugas:
    """One workspace and one quarter to process."""

    workspace: Path
    periode: Periode
    tanggal: dt.date | None
    pdf: bool = False


@dataclass(frozen=True)
class HasilTugas:
    tugas: Tugas
    berhasil: bool
    pesan: str
    detik: float
    puncak_memori_mb: float
    belum_melapor: tuple[str, ...] = ()


def proses_satu(tugas: Tugas) -> HasilTugas:
    """himpun then olah for one workspace and quarter, as one transaction; never raises (but
    for an interrupt): a failure, foreseen or not, is the task's result, so the others go on."""
    from pipeline.store.lock import quarter_lock
    from pipeline.workflow.himpun import himpun
    from pipeline.workflow.olah import olah

    start = time.perf_counter()
    activity.step("proses")
    try:
        with quarter_lock(tugas.workspace, tugas.periode):
            himpunan, _ = himpun(tugas.workspace, tugas.periode)
            hasil = olah(
                tugas.workspace,
                tugas.periode,
                tanggal=tugas.tanggal,
                hari_ini=dt.date.today(),
                pdf=tugas.pdf,
            )
        ok, pesan = True, f"{len(hasil.files)} dokumen, {len(himpunan.missing)} unit belum melapor"
        missing = tuple(himpunan.missing)
    except KinerjaError as exc:
        ok, pesan = False, " ".join(line.strip() for line in exc.lines())
        missing = ()
    except Exception as exc:  # one office's bug must not stop the others
        ok, pesan, missing = False, _unexpected(tugas.workspace, exc), ()
    peak = _peak_memory_mb()
    return HasilTugas(tugas, ok, pesan, time.perf_counter() - start, peak, missing)


def _unexpected(workspace: Path, exc: Exception) -> str:
    """The one line reporting an unforeseen error, its traceback kept in the office's log."""
    import traceback

    where = activity.where(workspace)
    log = workspace / "outputs" / "kinerja-galat.log"
    try:
        log.parent.mkdir(parents=True, exist_ok=True)
        log.write_text(traceback.format_exc(), encoding="utf-8")
        detail = f" Rincian ditulis ke {log}"
    except OSError:
        detail = ""
    return (
        f"galat tak terduga pada {where}: {type(exc).__name__}: {exc}. Tidak ada berkas yang "
        f"diubah.{detail}"
    )


def _peak_memory_mb() -> float:
    """This process's peak resident memory; 0 where the system does not say (Windows)."""
    try:
        import resource
    except ImportError:
        return 0.0
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # kB on Linux


def proses_banyak(
    tasks: list[Tugas], jobs: int, on_done: Callable[[HasilTugas], None] | None = None
) -> list[HasilTugas]:
    """Run every task, `jobs` at a time in worker processes (1: in this process)."""
    results = []
    for result in _run(tasks, jobs):
        results.append(result)
        if on_done:
            on_done(result)
    order = {id(t): i for i, t in enumerate(tasks)}
    return sorted(results, key=lambda r: order.get(id(r.tugas), 0))


def _run(tasks: list[Tugas], jobs: int) -> Iterator[HasilTugas]:
    if jobs <= 1 or len(tasks) <= 1:
        yield from map(proses_satu, tasks)
        return
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor, as_completed

    # fork where the system has it: the workers start with everything imported already;
    # elsewhere (Windows) spawn, which imports afresh in each worker
    method = "fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn"
    if method == "fork":
        _prepare_for_workers(tasks[0].workspace)
    context = multiprocessing.get_context(method)
    with ProcessPoolExecutor(max_workers=jobs, mp_context=context) as pool:
        futures = {pool.submit(proses_satu, task): task for task in tasks}
        for future in as_completed(futures):
            try:
                yield future.result()
            except Exception as exc:  # the worker itself died (killed, or a native crash)
                pesan = f"proses kerja berhenti mendadak ({type(exc).__name__}: {exc})"
                yield HasilTugas(futures[future], False, pesan, 0.0, 0.0)


def _prepare_for_workers(workspace: Path) -> None:
    """Import, once in the parent, what every task needs, so that each forked worker starts with
    it instead of importing it again on its first task (the measured cost of `--jobs 2`).
    Laid-out templates and compiled Jinja come from the disk cache (pipeline.documents.render):
    python-docx and docxtpl are imported only by a worker that has to make one."""
    from PIL import Image, ImageDraw, ImageFont, PngImagePlugin  # noqa: F401

    import pipeline.documents.chart
    import pipeline.documents.triwulan
    import pipeline.inputs.returns
    import pipeline.workflow.himpun
    import pipeline.workflow.olah  # noqa: F401
    from pipeline.documents.render import warm_up

    warm_up(workspace, ("pengukuran-kinerja.docx", "laporan-kinerja.docx", "format-isian.docx"))
