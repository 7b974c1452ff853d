"""The SOP flowchart (PermenPAN-RB 35/2012), one picture per page of the flowchart table.

The flowchart table is cut into page tables: `plan_pages` decides which steps share a page
(rows of known height, a page of known height), adds an off-page connector row (a pentagon with
the number of the step that continues) at the bottom of every page but the last and at the top of
every page but the first. On each page the Pelaksana columns of all rows are one merged cell
holding one picture, so connectors never cross a cell border. `layout_page` places the shapes in
centimetres (the picture draws the column and row lines of the merged cell itself) and
`draw_page` paints them with matplotlib:

- a capsule for mulai/selesai, a box for proses, a diamond for keputusan, in the column of the
  step's first Pelaksana; a twin symbol joined by a line in the column of every other Pelaksana;
- an arrow from each step to the next; a keputusan has two labelled exits, "Ya" to the next
  step and "Tidak" along the outer edge back to the step it names (`kembali_ke`).
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass

LINE = "#000000"
FILL = "#ffffff"
DPI = 200
CONNECTOR_ROW_CM = 1.0  # height of an off-page connector row
SYMBOL_H = 0.7  # box and capsule height, cm
DIAMOND_H = 1.0
PENTAGON = (0.7, 0.6)  # off-page connector width, height
LANE = 0.22  # distance of a "Tidak" return line from the outer edge of the Pelaksana columns
ARROW = (0.18, 0.13)  # arrowhead length, width


@dataclass(frozen=True)
class FlowStep:
    """One SOP step as the flowchart sees it: its number, the Pelaksana columns (the first is
    where the symbol stands), the symbol, and for a keputusan the step "Tidak" returns to."""

    no: int
    kolom: tuple[int, ...]
    simbol: str
    kembali_ke: int | None = None


@dataclass(frozen=True)
class FlowRow:
    """One row of a page table: a step, or an off-page connector ("masuk" at the top of a page,
    "keluar" at the bottom) naming the step that continues the flow."""

    tinggi_cm: float
    langkah: FlowStep | None = None
    penghubung: str = ""
    nomor: int = 0


@dataclass(frozen=True)
class Shape:
    """One thing on the picture: a symbol (`kind` mulai/selesai/proses/keputusan/penghubung,
    centre `x`,`y`, size `w`,`h`, `text` inside), a line (`kind` garis or panah, `points`), a
    grid line (`kind` pemisah) or a label (`kind` teks at `x`,`y`)."""

    kind: str
    x: float = 0.0
    y: float = 0.0
    w: float = 0.0
    h: float = 0.0
    text: str = ""
    points: tuple[tuple[float, float], ...] = ()
    kolom: int = -1
    no: int = 0
    ha: str = "left"
    va: str = "bottom"


def plan_pages(
    steps: Sequence[FlowStep],
    heights: Sequence[float],
    first_cm: float,
    other_cm: float,
    last_reserve_cm: float = 0.0,
) -> list[list[FlowRow]]:
    """The steps cut into pages of rows. `first_cm`/`other_cm` is the room for rows on the first
    and on later pages, `last_reserve_cm` what the last page keeps free (a note). When a
    keputusan would land on a later page than the step it returns to, the page breaks before
    that step instead (unless the step opens the page: then "Tidak" ends in an off-page
    connector)."""
    bounds: list[tuple[int, int]] = []
    start = 0
    while start < len(steps):
        room = (first_cm if not bounds else other_cm) - (CONNECTOR_ROW_CM if bounds else 0)
        end = _fill(heights, start, room, last_reserve_cm)
        end = _keep_returns_together(steps, start, end)
        bounds.append((start, end))
        start = end
    pages = []
    for index, (start, end) in enumerate(bounds):
        rows = [FlowRow(heights[i], langkah=steps[i]) for i in range(start, end)]
        if index:
            rows.insert(0, FlowRow(CONNECTOR_ROW_CM, penghubung="masuk", nomor=steps[start].no))
        if end < len(steps):
            rows.append(FlowRow(CONNECTOR_ROW_CM, penghubung="keluar", nomor=steps[end].no))
        pages.append(rows)
    return pages


def _fill(heights: Sequence[float], start: int, room: float, last_reserve: float) -> int:
    """The end of the page that starts at `start`: as many rows as fit, at least one."""
    used, end = 0.0, start
    while end < len(heights):
        closing = last_reserve if end + 1 == len(heights) else CONNECTOR_ROW_CM
        if end > start and used + heights[end] + closing > room:
            break
        used += heights[end]
        end += 1
    return end


def _keep_returns_together(steps: Sequence[FlowStep], start: int, end: int) -> int:
    """Move the page break before a step that a keputusan beyond `end` returns to."""
    index = {s.no: i for i, s in enumerate(steps)}
    for later in steps[end:]:
        target = index.get(later.kembali_ke or -1)
        if target is not None and start < target < end:
            end = target
    return end


def layout_page(rows: Sequence[FlowRow], columns: int, width_cm: float) -> list[Shape]:
    """The shapes of one page picture, in cm from its top left corner."""
    tops = [sum(r.tinggi_cm for r in rows[:i]) for i in range(len(rows))]
    total_w, total_h = columns * width_cm, sum(r.tinggi_cm for r in rows)
    shapes = [
        Shape("pemisah", points=((c * width_cm, 0), (c * width_cm, total_h)))
        for c in range(1, columns)
    ]
    shapes += [Shape("pemisah", points=((0, y), (total_w, y))) for y in tops[1:]]
    symbols = [_main_symbol(rows, i, tops[i], width_cm) for i in range(len(rows))]
    shapes += symbols
    for row, symbol in zip(rows, symbols, strict=True):
        shapes += _twins(row, symbol, width_cm)
    for i in range(len(rows) - 1):
        row_bottom = tops[i] + rows[i].tinggi_cm
        shapes += _connector(rows[i], symbols[i], symbols[i + 1], row_bottom)
    for i, row in enumerate(rows):
        if row.langkah and row.langkah.simbol == "keputusan":
            shapes += _return(i, rows, symbols, tops, total_w, width_cm)
    return shapes


def _main_symbol(rows: Sequence[FlowRow], i: int, top: float, width_cm: float) -> Shape:
    """The symbol of row `i`: the step's, or the pentagon of a connector row, which stands in
    the column of the step it leads to or comes from."""
    row = rows[i]
    middle = top + row.tinggi_cm / 2
    if row.langkah is not None:
        step = row.langkah
        return _symbol(step.simbol, step.kolom[0], middle, width_cm, "", step.no)
    neighbour = rows[i + 1] if row.penghubung == "masuk" else rows[i - 1]
    column = neighbour.langkah.kolom[0] if neighbour.langkah else 0
    return _symbol("penghubung", column, middle, width_cm, str(row.nomor), row.nomor)


def _twins(row: FlowRow, symbol: Shape, width_cm: float) -> list[Shape]:
    """A twin symbol in the column of every other Pelaksana of the step, joined by a line."""
    if row.langkah is None:
        return []
    shapes = []
    kind = "proses" if symbol.kind == "keputusan" else symbol.kind
    for column in row.langkah.kolom[1:]:
        twin = _symbol(kind, column, symbol.y, width_cm, "", symbol.no)
        near, far = sorted((symbol, twin), key=lambda s: s.x)
        join = ((near.x + near.w / 2, symbol.y), (far.x - far.w / 2, symbol.y))
        shapes += [twin, Shape("garis", points=join)]
    return shapes


def _symbol(kind: str, column: int, y: float, width_cm: float, text: str, no: int) -> Shape:
    w = min(1.9, width_cm * 0.68)
    h = DIAMOND_H if kind == "keputusan" else SYMBOL_H
    if kind == "penghubung":
        w, h = PENTAGON
    elif kind not in ("mulai", "selesai", "proses", "keputusan"):
        kind = "proses"
    return Shape(kind, (column + 0.5) * width_cm, y, w, h, text, kolom=column, no=no)


def _ya_side(a: Shape, b: Shape) -> int:
    """Where the flow leaves `a` for `b`: 0 from the bottom, -1/+1 from the left/right side."""
    if b.kind == "penghubung" or b.kolom == a.kolom:
        return 0
    return 1 if b.kolom > a.kolom else -1


def _connector(row: FlowRow, a: Shape, b: Shape, row_bottom: float) -> list[Shape]:
    """The arrow from the symbol of one row to the symbol of the next."""
    b_top = b.y - b.h / 2
    side = _ya_side(a, b)
    twins = row.langkah.kolom[1:] if row.langkah else ()
    blocked = any(min(a.kolom, b.kolom) < c <= max(a.kolom, b.kolom) for c in twins)
    if side == 0:
        points = ((a.x, a.y + a.h / 2), (b.x, b_top))
    elif blocked:  # a twin stands in the way at mid-height: go round below it
        elbow = row_bottom - 0.2
        points = ((a.x, a.y + a.h / 2), (a.x, elbow), (b.x, elbow), (b.x, b_top))
    else:
        points = ((a.x + side * a.w / 2, a.y), (b.x, a.y), (b.x, b_top))
    shapes = [Shape("panah", points=points, no=a.no)]
    if a.kind == "keputusan":
        shapes.append(_exit_label("Ya", a, side))
    return shapes


def _exit_label(text: str, a: Shape, side: int) -> Shape:
    """ "Ya" or "Tidak" beside the exit of a diamond."""
    if side == 0:
        y = a.y + a.h / 2 + 0.04
        return Shape("teks", a.x + 0.08, y, text=text, kolom=a.kolom, no=a.no, va="top")
    x = a.x + side * (a.w / 2 + 0.06)
    ha = "left" if side > 0 else "right"
    return Shape("teks", x, a.y - 0.05, text=text, kolom=a.kolom, no=a.no, ha=ha)


def _return(
    i: int,
    rows: Sequence[FlowRow],
    symbols: Sequence[Shape],
    tops: Sequence[float],
    total_w: float,
    width_cm: float,
) -> list[Shape]:
    """The "Tidak" exit of the keputusan in row `i`: along the outer edge of the Pelaksana
    columns and into the top of the step it returns to; to an off-page connector naming that
    step when it is on an earlier page."""
    a, step = symbols[i], rows[i].langkah
    assert step is not None and step.kembali_ke is not None
    target = next(
        (j for j, r in enumerate(rows) if r.langkah and r.langkah.no == step.kembali_ke), None
    )
    ya = _ya_side(a, symbols[i + 1]) if i + 1 < len(rows) else 0
    if ya:
        side = -ya
    else:
        goal = symbols[target].kolom if target is not None else a.kolom
        side = 1 if goal >= a.kolom else -1
    start = (a.x + side * a.w / 2, a.y)
    label = _exit_label("Tidak", a, side)
    if target is None:
        away = _symbol(
            "penghubung", a.kolom + side, a.y, width_cm, str(step.kembali_ke), step.kembali_ke
        )
        end = (away.x - side * away.w / 2, a.y)
        return [label, away, Shape("panah", points=(start, end), no=a.no)]
    t = symbols[target]
    lane = total_w - LANE if side > 0 else LANE
    join = (tops[target] + t.y - t.h / 2) / 2
    points = (start, (lane, a.y), (lane, join), (t.x, join), (t.x, t.y - t.h / 2))
    return [label, Shape("panah", points=points, no=a.no, text="kembali")]


def draw_page(rows: Sequence[FlowRow], columns: int, width_cm: float) -> bytes:
    """The page picture as PNG bytes, exactly `columns * width_cm` by the rows' height."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    total_w, total_h = columns * width_cm, sum(r.tinggi_cm for r in rows)
    figure = Figure(figsize=(total_w / 2.54, total_h / 2.54), dpi=DPI)
    FigureCanvasAgg(figure)
    axes = figure.add_axes((0, 0, 1, 1))
    axes.set_xlim(0, total_w)
    axes.set_ylim(total_h, 0)  # y grows downwards, 0 at the top edge of the picture
    axes.axis("off")
    for shape in layout_page(rows, columns, width_cm):
        _paint(axes, shape)
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=DPI, transparent=True, metadata={"Software": None})
    return buffer.getvalue()


def _paint(axes, shape: Shape) -> None:
    from matplotlib.patches import FancyBboxPatch, Polygon

    style = {"facecolor": FILL, "edgecolor": LINE, "linewidth": 1.1, "zorder": 3}
    left, top = shape.x - shape.w / 2, shape.y - shape.h / 2
    if shape.kind == "pemisah":
        xs, ys = zip(*shape.points, strict=True)
        axes.plot(xs, ys, color=LINE, linewidth=0.5, solid_capstyle="butt", zorder=1)
    elif shape.kind in ("garis", "panah"):
        _paint_line(axes, shape.points, arrow=shape.kind == "panah")
    elif shape.kind == "teks":
        axes.text(
            shape.x,
            shape.y,
            shape.text,
            fontsize=7,
            ha=shape.ha,
            va=shape.va,
            zorder=4,
        )
    elif shape.kind in ("mulai", "selesai"):
        box = f"round,pad=0,rounding_size={shape.h / 2:.3f}"
        axes.add_patch(FancyBboxPatch((left, top), shape.w, shape.h, boxstyle=box, **style))
    elif shape.kind == "keputusan":
        x, y, w, h = shape.x, shape.y, shape.w / 2, shape.h / 2
        corners = [(x, y - h), (x + w, y), (x, y + h), (x - w, y)]
        axes.add_patch(Polygon(corners, closed=True, **style))
    elif shape.kind == "penghubung":
        tip = shape.h * 0.35
        bottom = top + shape.h
        corners = [
            (left, top),
            (left + shape.w, top),
            (left + shape.w, bottom - tip),
            (shape.x, bottom),
            (left, bottom - tip),
        ]
        axes.add_patch(Polygon(corners, closed=True, **style))
        axes.text(
            shape.x, shape.y - tip / 3, shape.text, fontsize=7, ha="center", va="center", zorder=4
        )
    else:
        axes.add_patch(
            FancyBboxPatch((left, top), shape.w, shape.h, boxstyle="square,pad=0", **style)
        )


def _paint_line(axes, points, arrow: bool) -> None:
    """A polyline; with `arrow`, ending in a filled arrowhead whose tip is the last point."""
    from matplotlib.patches import Polygon

    xs, ys = [p[0] for p in points], [p[1] for p in points]
    if arrow:
        (x0, y0), (x1, y1) = points[-2], points[-1]
        length = max(abs(x1 - x0), abs(y1 - y0)) or 1.0
        dx, dy = (x1 - x0) / length, (y1 - y0) / length  # the segments are axis-parallel
        size, half = ARROW[0], ARROW[1] / 2
        xs[-1], ys[-1] = x1 - dx * size * 0.6, y1 - dy * size * 0.6
        base = (x1 - dx * size, y1 - dy * size)
        head = [
            (x1, y1),
            (base[0] - dy * half, base[1] + dx * half),
            (base[0] + dy * half, base[1] - dx * half),
        ]
        axes.add_patch(
            Polygon(head, closed=True, facecolor=LINE, edgecolor=LINE, linewidth=0.5, zorder=2)
        )
    axes.plot(
        xs, ys, color=LINE, linewidth=1.0, solid_capstyle="butt", solid_joinstyle="miter", zorder=2
    )
