"""The bar chart of capaian per indicator against 100%, for the Laporan Kinerja Triwulan.

Drawn with Pillow (already loaded to place pictures in documents) and the scalable font that
Pillow itself carries, so the picture costs a few milliseconds, needs no font of the system and
has the same bytes on every machine with the same Pillow. The chart is 15,5 cm wide in the
Laporan and never taller than a page: more indicators than fit become one bar per sasaran (the
mean capaian of its indicators), then one per unit.
"""

from __future__ import annotations

import functools
import io
import textwrap
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from pipeline.domain import formatting
from pipeline.domain.model import Pengukuran

MET = "#2e7d32"
BELOW = "#e08e0b"
TARGET_LINE = "#c62828"
INK = "#222222"
GRID = "#dddddd"
LABEL_CHARACTERS = 44  # at most, per line of a label left of the bars

WIDTH = 1200  # px for 15,5 cm: about 197 dpi, sharp in print
PX_PER_PT = WIDTH / (15.5 / 2.54 * 72)
MARGIN = 16
LABEL_WIDTH = 470  # px left of the bars
LINE_HEIGHT = round(8.6 * PX_PER_PT)
ROW_PADDING = 10
MAX_PLOT_HEIGHT = 1500  # px of bars (19 cm): with title and axis, under a page of the Laporan


@dataclass(frozen=True)
class _Bar:
    label: str
    value: float
    text: str


def grafik_capaian(data: Sequence[Pengukuran], title: str) -> bytes:
    """A horizontal bar per indicator (numbered as in the tables), a line at 100%; PNG bytes
    that are the same for the same data. Too many indicators for a page give one bar per
    sasaran (or per unit), named as such in the title."""
    bars, title = _bars(data, title)
    return _draw(bars, title)


def label(no: int, nama: str, width: int = LABEL_CHARACTERS) -> str:
    """An indicator's whole name, numbered as in the tables, wrapped to the room at the left of
    the bars (never shortened: a reader must be able to tell every bar apart)."""
    return textwrap.fill(
        f"{no}. {nama}", width=width, subsequent_indent="    ", break_long_words=False
    )


def _bars(data: Sequence[Pengukuran], title: str) -> tuple[list[_Bar], str]:
    single = [
        _Bar(label(no, p.indikator.nama), _value(p.capaian), _text(p.capaian))
        for no, p in enumerate(data, start=1)
    ]
    if _plot_height(single) <= MAX_PLOT_HEIGHT:
        return single, title
    by_sasaran: Callable[[Pengukuran], str] = lambda p: p.indikator.sasaran  # noqa: E731
    by_unit: Callable[[Pengukuran], str] = lambda p: p.indikator.unit  # noqa: E731
    name, grouped = "sasaran", _grouped(data, by_sasaran)
    if _plot_height(grouped) > MAX_PLOT_HEIGHT:
        name, grouped = "unit", _grouped(data, by_unit)
    return grouped, f"{title} (rata-rata per {name})"


def _grouped(data: Sequence[Pengukuran], key: Callable[[Pengukuran], str]) -> list[_Bar]:
    groups: dict[str, list[Decimal]] = {}
    counts: dict[str, int] = {}
    for p in data:
        counts[key(p)] = counts.get(key(p), 0) + 1
        values = groups.setdefault(key(p), [])
        if p.capaian is not None:
            values.append(p.capaian)
    bars = []
    for no, (name, values) in enumerate(groups.items(), start=1):
        mean = sum(values, Decimal(0)) / len(values) if values else None
        text = f"{name} ({counts[name]} indikator)"
        bars.append(_Bar(label(no, text), _value(mean), _text(mean)))
    return bars


def _value(capaian: Decimal | None) -> float:
    return max(float(capaian), 0.0) if capaian is not None else 0.0


def _text(capaian: Decimal | None) -> str:
    return formatting.persen(capaian) if capaian is not None else "-"


def _rows(bars: Sequence[_Bar]) -> list[list[str]]:
    return [_fit(bar.label, _font(7), LABEL_WIDTH - MARGIN) for bar in bars]


def _plot_height(bars: Sequence[_Bar]) -> int:
    if len(bars) * (LINE_HEIGHT + ROW_PADDING) > MAX_PLOT_HEIGHT:
        return MAX_PLOT_HEIGHT + 1  # too tall already at a line each: no need to measure
    return sum(len(lines) * LINE_HEIGHT + ROW_PADDING for lines in _rows(bars))


@functools.cache
def _font(points: float) -> Any:
    from PIL import ImageFont

    return ImageFont.load_default(size=round(points * PX_PER_PT))


@functools.cache
def _palette() -> Any:
    """White to INK in 16 steps, then the solid colours of the chart."""
    from PIL import Image

    def rgb(color: str) -> tuple[int, ...]:
        return tuple(int(color[i : i + 2], 16) for i in (1, 3, 5))

    ink = rgb(INK)
    colours = [tuple(round(255 + (c - 255) * i / 15) for c in ink) for i in range(16)]
    colours += [rgb(c) for c in (MET, BELOW, TARGET_LINE, GRID)]
    flat = [v for colour in colours for v in colour]
    palette = Image.new("P", (1, 1))
    palette.putpalette(flat + [255] * (768 - len(flat)))
    return palette


@functools.lru_cache(maxsize=4096)
def _fit(text: str, font: Any, room: float) -> list[str]:
    """The lines of a label, rewrapped where the font makes a line wider than the room."""
    lines: list[str] = []
    for line in text.splitlines():
        indent = line[: len(line) - len(line.lstrip())]
        current = ""
        for word in line.split():
            trial = f"{current} {word}" if current else f"{indent}{word}"
            if current and font.getlength(trial) > room:
                lines.append(current)
                current = f"    {word}"
            else:
                current = trial
        lines.append(current)
    return lines


def _ticks(upper: float) -> list[int]:
    step = next(s for s in (10, 20, 25, 50, 100, 200, 250, 500, 1000, 10**9) if upper / s <= 8)
    return list(range(0, int(upper) + 1, step))


def _draw(bars: Sequence[_Bar], title: str) -> bytes:
    from PIL import Image, ImageDraw

    label_font, value_font, title_font = _font(7), _font(6.5), _font(9)
    rows = _rows(bars)
    heights = [len(lines) * LINE_HEIGHT + ROW_PADDING for lines in rows]
    title_lines = _fit(title, title_font, WIDTH - 2 * MARGIN)
    top = MARGIN + len(title_lines) * round(11 * PX_PER_PT) + 8
    plot_bottom = top + sum(heights)
    height = plot_bottom + round(30 * PX_PER_PT)
    image = Image.new("RGB", (WIDTH, height), "white")
    draw = ImageDraw.Draw(image)
    for index, line in enumerate(title_lines):
        y = MARGIN + index * round(11 * PX_PER_PT)
        draw.text(
            (WIDTH / 2, y),
            line,
            font=title_font,
            fill=INK,
            anchor="ma",
            stroke_width=1,
            stroke_fill=INK,
        )
    left, right = LABEL_WIDTH + 10, WIDTH - MARGIN - round(30 * PX_PER_PT)
    upper = max([bar.value for bar in bars] + [100.0]) * 1.12

    def x(value: float) -> float:
        return left + (right - left) * value / upper

    for tick in _ticks(upper):
        draw.line([(x(tick), top), (x(tick), plot_bottom)], fill=GRID, width=1)
        draw.line([(x(tick), plot_bottom), (x(tick), plot_bottom + 6)], fill=INK, width=2)
        draw.text((x(tick), plot_bottom + 9), str(tick), font=value_font, fill=INK, anchor="ma")
    for start in range(top, plot_bottom, 14):  # the 100% line, dashed
        draw.line(
            [(x(100), start), (x(100), min(start + 8, plot_bottom))], fill=TARGET_LINE, width=3
        )
    y = top
    for bar, lines, row in zip(bars, rows, heights, strict=True):
        middle = y + row / 2
        draw.multiline_text(
            (MARGIN, middle),
            "\n".join(lines),
            font=label_font,
            fill=INK,
            anchor="lm",
            spacing=LINE_HEIGHT - label_font.size,
        )
        thickness = min(row * 0.65, 3 * LINE_HEIGHT) / 2
        color = MET if bar.value >= 100 else BELOW
        if bar.value > 0:
            draw.rectangle(
                [(left, middle - thickness), (x(bar.value), middle + thickness)], fill=color
            )
        where = (x(bar.value) + 6, middle)
        draw.rectangle(draw.textbbox(where, bar.text, font=value_font, anchor="lm"), fill="white")
        draw.text(where, bar.text, font=value_font, fill=INK, anchor="lm")
        y += row
    draw.line([(left, top), (left, plot_bottom)], fill=INK, width=2)
    draw.line([(left, plot_bottom), (right, plot_bottom)], fill=INK, width=2)
    draw.text(
        ((left + right) / 2, height - MARGIN), "Capaian (%)", font=label_font, fill=INK, anchor="md"
    )
    buffer = io.BytesIO()
    # the chart's own few colours (with the greys of smoothed text): a third of the bytes
    image.quantize(palette=_palette(), dither=Image.Dither.NONE).save(
        buffer, format="PNG", compress_level=6
    )
    return buffer.getvalue()


class PelukisGrafik:
    """Draws the chart for `olah` (the interface of the former forked drawer, kept for its
    callers). The chart costs a few milliseconds now, so it is drawn in place, when asked for:
    a child process would cost more than the drawing."""

    def __enter__(self) -> PelukisGrafik:
        return self

    def __exit__(self, *exc: object) -> None:
        return None

    def gambar(self, data: Sequence[Pengukuran], title: str) -> Callable[[], bytes]:
        """The chart of `data`, drawn when the returned function is called."""
        items = list(data)
        return lambda: grafik_capaian(items, title)
