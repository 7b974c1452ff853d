"""The bar chart of capaian per indicator against 100%, for the Laporan Kinerja Triwulan.

matplotlib is imported here only, when a chart is drawn, so commands that draw none stay quick.
"""

from __future__ import annotations

import io
import textwrap
from collections.abc import Callable, Sequence

from pipeline.domain import formatting
from pipeline.domain.model import Pengukuran

MET = "#2e7d32"
BELOW = "#e08e0b"
LABEL_CHARACTERS = 44  # of 6.5-point text in the 2.8 inches left of the bars


def grafik_capaian(data: Sequence[Pengukuran], title: str) -> bytes:
    """A horizontal bar per indicator (numbered as in the tables), a line at 100%; PNG bytes
    that are the same for the same data."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    labels = [label(no, p.indikator.nama) for no, p in enumerate(data, start=1)]
    lines = max((text.count("\n") + 1 for text in labels), default=1)
    values = [float(p.capaian) if p.capaian is not None else 0.0 for p in data]
    colors = [MET if v >= 100 else BELOW for v in values]
    height = 1.2 + (0.14 + 0.1 * lines) * len(data)
    figure = Figure(figsize=(7.2, height), dpi=150)
    FigureCanvasAgg(figure)
    axes = figure.add_subplot()
    positions = list(range(len(data)))[::-1]
    axes.barh(positions, values, color=colors, height=0.65)
    axes.axvline(100, color="#c62828", linewidth=1.2, linestyle="--")
    axes.set_yticks(positions, labels, fontsize=6.5)
    for tick in axes.get_yticklabels():  # a wrapped name reads from its number, left-aligned
        tick.set_multialignment("left")
    axes.set_xlabel("Capaian (%)", fontsize=7)
    axes.tick_params(axis="x", labelsize=7)
    axes.set_title(title, fontsize=8.5, fontweight="bold")
    upper = max([*values, 100.0]) * 1.12
    axes.set_xlim(0, upper)
    for position, p, value in zip(positions, data, values, strict=True):
        text = formatting.persen(p.capaian) if p.capaian is not None else "-"
        axes.text(value + upper * 0.01, position, text, va="center", fontsize=6)
    for side in ("top", "right"):
        axes.spines[side].set_visible(False)
    # fixed margins (room for the labels at the left): tight_layout would draw the chart twice
    figure.subplots_adjust(left=2.9 / 7.2, right=0.97, top=1 - 0.45 / height, bottom=0.55 / height)
    buffer = io.BytesIO()
    figure.savefig(
        buffer, format="png", metadata={"Software": None}, pil_kwargs={"compress_level": 3}
    )
    return buffer.getvalue()


def label(no: int, nama: str) -> str:
    """An indicator's whole name, numbered as in the tables, wrapped to the room at the left of
    the bars (never shortened: a reader must be able to tell every bar apart)."""
    return textwrap.fill(
        f"{no}. {nama}", width=LABEL_CHARACTERS, subsequent_indent="    ", break_long_words=False
    )


def _warm_up() -> None:
    from matplotlib.backends.backend_agg import FigureCanvasAgg  # noqa: F401
    from matplotlib.figure import Figure  # noqa: F401


class PelukisGrafik:
    """Draws the chart in a forked process, so that importing matplotlib and drawing (most of a
    quarter's time) overlap with collecting the returns and rendering the other documents on
    the second core. Enter it early, ask for the picture late (`gambar`). In a worker process of
    a batch, on one core, or where processes cannot fork (Windows), it draws in place."""

    def __init__(self) -> None:
        self._pool = None

    def __enter__(self) -> PelukisGrafik:
        import multiprocessing
        import os

        can_fork = "fork" in multiprocessing.get_all_start_methods()  # not on Windows
        if can_fork and multiprocessing.parent_process() is None and (os.cpu_count() or 1) > 1:
            from concurrent.futures import ProcessPoolExecutor

            self._pool = ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("fork"))
            self._pool.submit(_warm_up)
        return self

    def __exit__(self, *exc: object) -> None:
        if self._pool is not None:
            self._pool.shutdown(cancel_futures=True)

    def gambar(self, data: Sequence[Pengukuran], title: str) -> Callable[[], bytes]:
        """Start drawing; the returned function waits for the PNG."""
        if self._pool is None:
            png = grafik_capaian(data, title)
            return lambda: png
        future = self._pool.submit(grafik_capaian, list(data), title)
        return future.result
