"""The SOP flowchart, drawn cell by cell.

Each step row of the SOP table has a fixed height and the Pelaksana columns a fixed width, so the
flowchart is drawn one row at a time across the Pelaksana columns (symbol, the arrow coming in,
the line going on to the next step's column) and cut into one picture per cell. In Word the
pictures meet at the cell borders and read as one chart: a capsule for the start and the end, a
box for a process, a diamond for a decision, arrows from each step to the next.
"""

from __future__ import annotations

import io
from collections.abc import Sequence

LINE = "#000000"
FILL = "#ffffff"
DPI = 200


def _row_png(
    columns: int,
    col: int,
    simbol: str,
    prev_col: int | None,
    next_col: int | None,
    width_cm: float,
    height_cm: float,
) -> bytes:
    """One step row across all Pelaksana columns, drawn in centimetres (equal aspect)."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure
    from matplotlib.patches import FancyArrowPatch, FancyBboxPatch, Polygon

    total = columns * width_cm
    figure = Figure(figsize=(total / 2.54, height_cm / 2.54), dpi=DPI)
    FigureCanvasAgg(figure)
    axes = figure.add_axes((0, 0, 1, 1))
    axes.set_xlim(0, total)
    axes.set_ylim(height_cm, 0)  # y grows downwards, 0 at the top edge of the row
    axes.axis("off")
    x = (col + 0.5) * width_cm
    w, h = min(1.9, width_cm * 0.72), 0.75
    middle = height_cm / 2
    top, bottom = middle - h / 2, middle + h / 2
    style = {"facecolor": FILL, "edgecolor": LINE, "linewidth": 1.1}
    if simbol in ("mulai", "selesai"):
        shape = f"round,pad=0,rounding_size={h / 2:.3f}"
        axes.add_patch(FancyBboxPatch((x - w / 2, top), w, h, boxstyle=shape, **style))
    elif simbol == "keputusan":
        top, bottom = middle - h * 0.65, middle + h * 0.65
        corners = [(x, top), (x + w / 2, middle), (x, bottom), (x - w / 2, middle)]
        axes.add_patch(Polygon(corners, closed=True, **style))
    else:
        axes.add_patch(FancyBboxPatch((x - w / 2, top), w, h, boxstyle="square,pad=0", **style))
    arrow = {"arrowstyle": "-|>", "mutation_scale": 8, "color": LINE, "linewidth": 1.0}
    if prev_col is not None:
        axes.add_patch(FancyArrowPatch((x, 0), (x, top), shrinkA=0, shrinkB=0, **arrow))
    if next_col is not None:
        band = height_cm - 0.18
        target = (next_col + 0.5) * width_cm
        xs, ys = (
            ([x, x], [bottom, height_cm])
            if next_col == col
            else ([x, x, target, target], [bottom, band, band, height_cm])
        )
        axes.plot(xs, ys, color=LINE, linewidth=1.0, solid_capstyle="butt")
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=DPI, transparent=True, metadata={"Software": None})
    return buffer.getvalue()


def flow_cells(
    steps: Sequence[tuple[int, str]], columns: int, width_cm: float, height_cm: float
) -> list[list[bytes]]:
    """For each step (column of its first Pelaksana, simbol), one PNG per Pelaksana column."""
    from PIL import Image

    out = []
    for index, (col, simbol) in enumerate(steps):
        prev_col = steps[index - 1][0] if index else None
        next_col = steps[index + 1][0] if index + 1 < len(steps) else None
        row = Image.open(
            io.BytesIO(_row_png(columns, col, simbol, prev_col, next_col, width_cm, height_cm))
        )
        cell_width = row.width / columns
        cells = []
        for c in range(columns):
            box = (round(c * cell_width), 0, round((c + 1) * cell_width), row.height)
            buffer = io.BytesIO()
            row.crop(box).save(buffer, format="PNG")
            cells.append(buffer.getvalue())
        out.append(cells)
    return out
