"""Column widths that fit what the table holds, once it is filled.

A template sets its column widths for typical content on one paper size; the figures of an office
(a budget of 18.500.000.000) and the paper and margins of `kinerja.toml` are only known when a
document is rendered. Word and LibreOffice break a word that is wider than its column anywhere,
so "18.500.000.000" printed as "18.500.00" over "0.000". After rendering, every column is made at
least as wide as its longest unbreakable word (a number, a unit, a header word) at its font size,
and the width it needs is taken from columns with room to spare; the table keeps its width.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable
from typing import Any

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
TWIPS_PER_PT = 20
DEFAULT_CELL_MARGIN = 108  # twips each side: Word's and LibreOffice's default for a table
# Advance widths (thousandths of an em) of ASCII 32–126 in Liberation Sans, which has Arial's
# metrics; Arial is the office's default typeface.
_REGULAR = (
    "278 278 355 556 556 889 667 191 333 333 389 584 278 333 278 278 556 556 556 556 556 556 "
    "556 556 556 556 278 278 584 584 584 556 1015 667 667 722 722 667 611 778 722 278 500 667 "
    "556 833 722 778 667 778 722 667 611 722 667 944 667 667 611 278 278 278 469 556 333 556 "
    "556 500 556 556 278 556 556 222 222 500 222 833 556 556 556 556 333 500 278 556 500 722 "
    "500 500 500 334 260 334 584"
)
_BOLD = (
    "278 333 474 556 556 889 722 238 333 333 389 584 278 333 278 278 556 556 556 556 556 556 "
    "556 556 556 556 333 333 584 584 584 611 975 722 722 722 722 667 611 778 722 278 556 722 "
    "611 833 722 778 667 778 722 667 611 722 667 944 667 667 611 333 278 333 584 556 333 556 "
    "611 556 611 556 333 611 611 278 278 556 278 889 611 611 611 611 389 556 333 611 556 778 "
    "556 556 500 389 280 389 584"
)
ADVANCE = {
    False: dict(zip(map(chr, range(32, 127)), map(int, _REGULAR.split()), strict=True)),
    True: dict(zip(map(chr, range(32, 127)), map(int, _BOLD.split()), strict=True)),
}
OTHER_CHARACTER = 1000  # an em: wider than any letter, so a rare character never overflows
# How much wider (or narrower) than Arial a typeface sets the same text; a typeface not listed is
# assumed wide, as is the font LibreOffice substitutes when the named one is not installed.
TYPEFACE_FACTOR = {
    "arial": 1.0,
    "liberation sans": 1.0,
    "helvetica": 1.0,
    "tahoma": 1.0,
    "calibri": 0.95,
    "carlito": 0.95,
    "times new roman": 0.95,
    "liberation serif": 0.95,
    "cambria": 1.0,
    "caladea": 1.0,
}
UNKNOWN_TYPEFACE_FACTOR = 1.15
SAFETY = 1.04  # rounding in the layout engines, kerning of bold digits
LONGEST_PROTECTED = 0.45  # a "word" longer than this share of the table (a URL) may still break


@functools.lru_cache(maxsize=65536)
def text_width(text: str, size_pt: float, bold: bool, factor: float = 1.0) -> int:
    """Width of `text` in twips, set in Arial (scaled by `factor`) at `size_pt` points (kept:
    the same words come back in every row of a long table)."""
    advance = ADVANCE[bold]
    em = sum(advance.get(ch, OTHER_CHARACTER) for ch in text)
    return round(em / 1000 * size_pt * TWIPS_PER_PT * factor * SAFETY)


def typeface_factor(name: str) -> float:
    """How wide `name` sets text compared with Arial."""
    return TYPEFACE_FACTOR.get(name.strip().lower(), UNKNOWN_TYPEFACE_FACTOR)


def fit_tables(body: Any, typeface: str = "Arial", default_size_pt: float = 11) -> bool:
    """Widen every too-narrow column of every table under `body` (an lxml element); True when
    something changed. Tables that hold pictures (drawn flowcharts, the kop's emblem) are left
    as their template made them."""
    factor = typeface_factor(typeface)
    changed = False
    for table in body.iter(f"{W}tbl"):
        if next(table.iter(f"{W}drawing", f"{W}pict"), None) is not None:
            continue
        changed |= _fit_table(table, factor, default_size_pt)
    return changed


def fit_body_xml(body_xml: str, typeface: str = "Arial", default_size_pt: float = 11) -> str:
    """`fit_tables` on the XML text of a rendered document body; the text itself when no table
    needed a change, so that documents without the problem keep their bytes."""
    if "<w:tbl>" not in body_xml and "<w:tbl " not in body_xml:
        return body_xml
    from lxml import etree

    body = etree.fromstring(body_xml.encode("utf-8"))
    if not fit_tables(body, typeface, default_size_pt):
        return body_xml
    return etree.tostring(body, encoding="unicode")


def _fit_table(table: Any, factor: float, default_size_pt: float) -> bool:
    grid = table.find(f"{W}tblGrid")
    if grid is None:
        return False
    cols = grid.findall(f"{W}gridCol")
    widths = [int(col.get(f"{W}w", "0")) for col in cols]
    if not widths or 0 in widths:
        return False
    padding = _cell_padding(table)
    cap = int(sum(widths) * LONGEST_PROTECTED)
    hard = [padding] * len(widths)
    soft = [padding] * len(widths)
    natural = [0] * len(widths)
    spanned: list[tuple[int, int, int]] = []
    for start, span, tc, header in _cells(table):
        figure, word, line = _measure(tc, factor, default_size_pt, header)
        if span == 1 and start < len(widths):
            hard[start] = max(hard[start], min(figure, cap) + padding)
            soft[start] = max(soft[start], min(word, cap) + padding)
            natural[start] = max(natural[start], line + padding)
        else:
            spanned.append((start, span, min(figure, cap) + padding))
    need = _need(sum(widths), hard, soft)
    new = _balance(_redistribute(widths, need), need, natural)
    for start, span, want in spanned:  # a header over several columns: widen its last one
        short = want - sum(new[start : start + span])
        if short > 0 and start + span <= len(new):
            new[start + span - 1] += short
    if new == widths:
        return False
    for col, width in zip(cols, new, strict=True):
        col.set(f"{W}w", str(width))
    for start, span, tc, _ in _cells(table):
        tc_w = tc.find(f"{W}tcPr/{W}tcW")
        if tc_w is not None:
            tc_w.set(f"{W}w", str(sum(new[start : start + span])))
            tc_w.set(f"{W}type", "dxa")
    tbl_w = table.find(f"{W}tblPr/{W}tblW")
    if tbl_w is not None and tbl_w.get(f"{W}type") == "dxa":
        tbl_w.set(f"{W}w", str(sum(new)))
    return True


def _need(total: int, hard: list[int], soft: list[int]) -> list[int]:
    """What each column needs: every word whole when the table has room for that, else every
    figure and header word whole (`hard`) and the other words of running text (an indicator's
    name) as whole as the remaining room allows."""
    if sum(soft) <= total or sum(hard) >= total:
        return soft if sum(soft) <= total else hard
    share = (total - sum(hard)) / (sum(soft) - sum(hard))
    return [h + int((s - h) * share) for h, s in zip(hard, soft, strict=True)]


def _redistribute(widths: list[int], need: list[int]) -> list[int]:
    """Columns below their need get it; the others give up their room above their own need, in
    proportion to that room. When there is not room enough, the table grows: a number printed
    whole in the margin is better than a number split."""
    deficit = sum(max(n - w, 0) for w, n in zip(widths, need, strict=True))
    if deficit == 0:
        return widths
    spare = [max(w - n, 0) for w, n in zip(widths, need, strict=True)]
    room = sum(spare)
    share = min(1.0, deficit / room) if room else 0.0
    return [max(w, n) - int(s * share) for w, n, s in zip(widths, need, spare, strict=True)]


def _balance(widths: list[int], need: list[int], natural: list[int]) -> list[int]:
    """Room a column does not use even on one line (a column of short figures) goes to the
    columns whose text wraps, in proportion to how much more they would take; the table keeps
    its width, and no column goes below its need."""
    surplus = [max(w - max(n, t), 0) for w, n, t in zip(widths, need, natural, strict=True)]
    hunger = [max(t - w, 0) for w, t in zip(widths, natural, strict=True)]
    moved = min(sum(surplus), sum(hunger))
    if moved <= 0:
        return widths
    give = [int(s * moved / sum(surplus)) for s in surplus]
    moved = sum(give)
    take = [int(h * moved / sum(hunger)) for h in hunger]
    take[max(range(len(take)), key=lambda k: hunger[k])] += moved - sum(take)
    return [w - g + t for w, g, t in zip(widths, give, take, strict=True)]


def _cell_padding(table: Any) -> int:
    margins = table.find(f"{W}tblPr/{W}tblCellMar")
    total = 0
    for side, alias in (("left", "start"), ("right", "end")):
        edge = None if margins is None else margins.find(f"{W}{side}")
        if edge is None and margins is not None:
            edge = margins.find(f"{W}{alias}")
        total += int(edge.get(f"{W}w")) if edge is not None else DEFAULT_CELL_MARGIN
    return total


def _cells(table: Any) -> Iterable[tuple[int, int, Any, bool]]:
    """(first grid column, columns spanned, w:tc, in a header row) of every cell of the table's
    own rows."""
    for tr in table.iterchildren(_TR):
        before = tr.find(_GRID_BEFORE)
        header = tr.find(_TBL_HEADER) is not None
        col = int(before.get(_VAL)) if before is not None else 0
        for tc in tr.iterchildren(_TC):
            span = 1
            props = tc.find(_TC_PR)
            if props is not None:
                span_el = props.find(_GRID_SPAN)
                span = int(span_el.get(_VAL)) if span_el is not None else 1
            yield col, span, tc, header
            col += span


def _measure(tc: Any, factor: float, default_size_pt: float, header: bool) -> tuple[int, int, int]:
    """Widths (twips) of the cell's widest word that must never break (a figure, a word of a
    header, a unit or predikat of one or two words), of its widest word of any kind, and of its
    widest paragraph set on one line."""
    figure = longest = widest = 0
    words: list[tuple[str, int]] = []
    for paragraph in tc.findall(f"{W}p"):
        word, text, line = 0, "", 0
        for run_text, size, bold in _runs(paragraph, default_size_pt):
            for piece_index, piece in enumerate(run_text.split(" ")):
                if piece_index:  # a space: the word before it ends
                    words.append((text, word))
                    word, text = 0, ""
                    line += text_width(" ", size, bold, factor)
                piece_width = text_width(piece, size, bold, factor)
                word, text, line = word + piece_width, text + piece, line + piece_width
        words.append((text, word))
        widest = max(widest, line)
    words = [(text, width) for text, width in words if text]
    short = len(words) <= 2
    for text, width in words:
        longest = max(longest, width)
        if header or short or any(ch.isdigit() for ch in text):
            figure = max(figure, width)
    return figure, longest, widest


_TR, _TC, _TC_PR, _GRID_SPAN, _VAL = (f"{W}{t}" for t in ("tr", "tc", "tcPr", "gridSpan", "val"))
_GRID_BEFORE, _TBL_HEADER = f"{W}trPr/{W}gridBefore", f"{W}trPr/{W}tblHeader"
_R, _T, _TAB, _BR, _RPR = (f"{W}{tag}" for tag in ("r", "t", "tab", "br", "rPr"))


def _runs(paragraph: Any, default_size_pt: float) -> Iterable[tuple[str, float, bool]]:
    for run in paragraph.iter(_R):
        parts, gap, props = [], False, None
        for child in run:  # one pass over the run instead of four searches
            tag = child.tag
            if tag == _T:
                parts.append(child.text or "")
            elif tag in (_TAB, _BR):
                gap = True
            elif tag == _RPR and props is None:
                props = child
        text = " " + "".join(parts) if gap else "".join(parts)
        if not text:
            continue
        size, bold = default_size_pt, False
        if props is not None:
            sz = props.find(f"{W}sz")
            if sz is not None:
                size = int(sz.get(f"{W}val")) / 2
            b = props.find(f"{W}b")
            bold = b is not None and b.get(f"{W}val", "1") not in ("0", "false")
        yield text, size, bold
