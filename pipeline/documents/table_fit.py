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
import itertools
import operator
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
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


def fit_body_xml(
    body_xml: str, typeface: str = "Arial", default_size_pt: float = 11, source: str | None = None
) -> str:
    """`fit_tables` on the XML text of a rendered document body; the text itself when no table
    needed a change, so that documents without the problem keep their bytes. The cells are
    measured and the new widths written on the text itself (see `_plan_from_text`); the body
    is parsed and serialised only when some column changes, and then comes out exactly as
    `fit_tables` would have left it.

    `source`: the template text the body was rendered from, when every value put into it was
    escaped text or a `Gambar`'s picture. Markup can then only come from that text, so it is
    looked for there (once: a template is short) instead of in a long body; a text that turns
    escaping off (`safe`, `autoescape`) is not trusted so."""
    if "<w:tbl>" not in body_xml and "<w:tbl " not in body_xml:
        return body_xml
    factor = typeface_factor(typeface)
    known = source is not None and "\r" not in body_xml and _regular_source(source)
    plan = _plan_from_text(body_xml, factor, default_size_pt, known)
    if plan is not None and not any(fitted for _, _, fitted in plan):
        return body_xml
    edited = None if plan is None else _rewritten(body_xml, plan)
    if edited is not None:  # parsed, it is the tree `fit_tables` leaves
        return edited
    from lxml import etree

    body = etree.fromstring(body_xml.encode("utf-8"))
    if not fit_tables(body, typeface, default_size_pt):
        return body_xml
    return etree.tostring(body, encoding="unicode")


Cell = tuple[int, int, int, int, int]  # first grid column, columns spanned, figure, word, line


def _fit_table(table: Any, factor: float, default_size_pt: float) -> bool:
    grid = table.find(f"{W}tblGrid")
    if grid is None:
        return False
    widths = [int(col.get(f"{W}w", "0")) for col in grid.findall(f"{W}gridCol")]
    if not widths or 0 in widths:
        return False
    cells = [
        (start, span, *_measure(tc, factor, default_size_pt, header))
        for start, span, tc, header in _cells(table)
    ]
    new = _layout(widths, _cell_padding(table), cells)
    if new is None:
        return False
    _apply(table, new, [(start, span) for start, span, *_ in cells])
    return True


def _layout(widths: list[int], padding: int, cells: list[Cell]) -> list[int] | None:
    """The new column widths of a table of `widths` holding `cells`; None when they stay."""
    columns = len(widths)
    figures, words, lines = [0] * columns, [0] * columns, [-1] * columns
    spanned: list[Cell] = []
    for cell in cells:
        start, span, figure, word, line = cell
        if span == 1 and start < columns:
            figures[start] = max(figures[start], figure)
            words[start] = max(words[start], word)
            lines[start] = max(lines[start], line)
        else:
            spanned.append(cell)
    return _layout_columns(widths, padding, figures, words, lines, spanned)


def _layout_columns(
    widths: list[int],
    padding: int,
    figures: list[int],
    words: list[int],
    lines: list[int],
    spanned: list[Cell],
) -> list[int] | None:
    """`_layout` given, for each column, the widest figure, word and line of the cells within
    it (-1 for a line: no such cell), and the other cells in the order they come."""
    cap = int(sum(widths) * LONGEST_PROTECTED)
    hard = [min(figure, cap) + padding for figure in figures]
    soft = [min(word, cap) + padding for word in words]
    natural = [0 if line < 0 else line + padding for line in lines]
    spanned = [(start, span, min(figure, cap) + padding) for start, span, figure, *_ in spanned]
    need = _need(sum(widths), hard, soft)
    # a copy: `widths` may come back unchanged, and it is the caller's (kept per kind of table)
    new = list(_balance(_redistribute(widths, need), need, natural))
    for start, span, want in spanned:  # a header over several columns: widen its last one
        short = want - sum(new[start : start + span])
        if short > 0 and start + span <= len(new):
            new[start + span - 1] += short
    return None if new == widths else new


def _apply(table: Any, new: list[int], spans: list[tuple[int, int]]) -> None:
    """Set the grid, the width of every cell (`spans`: first column and columns spanned of each
    of the table's own cells, in order) and the table's width in twips."""
    for col, width in zip(table.find(f"{W}tblGrid").findall(f"{W}gridCol"), new, strict=True):
        col.set(f"{W}w", str(width))
    tcs = (tc for _, _, tc, _ in _cells(table))
    for (start, span), tc in zip(spans, tcs, strict=True):
        props = tc.find(_TC_PR)
        tc_w = None if props is None else props.find(_TC_W)
        if tc_w is not None:
            tc_w.set(_W_ATTR, str(sum(new[start : start + span])))
            tc_w.set(_TYPE_ATTR, "dxa")
    tbl_w = table.find(f"{W}tblPr/{W}tblW")
    if tbl_w is not None and tbl_w.get(f"{W}type") == "dxa":
        tbl_w.set(f"{W}w", str(sum(new)))


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
    paragraphs = [_runs(paragraph, default_size_pt) for paragraph in tc.findall(f"{W}p")]
    return _measure_runs(paragraphs, factor, header)


def _measure_runs(
    paragraphs: Iterable[Iterable[tuple[str, float, bool]]], factor: float, header: bool
) -> tuple[int, int, int]:
    """`_measure` of a cell given as the (text, size, bold) runs of each of its paragraphs."""
    figure = longest = widest = 0
    words: list[tuple[str, int]] = []
    for runs in paragraphs:
        word, text, line = 0, "", 0
        for run_text, size, bold in runs:
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
        if header or short or any(map(str.isdigit, text)):
            figure = max(figure, width)
    return figure, longest, widest


_TR, _TC, _TC_PR, _GRID_SPAN, _VAL = (f"{W}{t}" for t in ("tr", "tc", "tcPr", "gridSpan", "val"))
_TC_W, _W_ATTR, _TYPE_ATTR = f"{W}tcW", f"{W}w", f"{W}type"
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


# Measuring on the text: the rendered body as it comes from Jinja, read with a few patterns
# instead of a parse. Only tables whose text can be read the same way as the tree are read so
# (no nested tables, content controls, tracked changes, ...); any other body falls back to the
# tree, so both ways always give the same widths.
_NAMESPACE = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
# tracked property changes (w:rPrChange, w:tcPrChange, …), content controls, …: one scan for
# all of them, where a string search per marker would read the text a dozen times
_IRREGULAR_TAG = re.compile(
    r"<(?:w:(?:sdt|customXml|ruby|object|ffData|tc/>|tr/>|tblGrid/>|[A-Za-z]+Change\b)"
    r"|mc:|!|\?)"
)


def _element(tag: str) -> re.Pattern[str]:
    """An element `<w:tag …>` with its attributes (group 1) and content (group 2, None when it
    is empty)."""
    return re.compile(rf"<w:{tag}((?:\s[^>]*?)?)(?:/>|>(.*?)</w:{tag}>)", re.DOTALL)


def _start(tag: str) -> re.Pattern[str]:
    """The start tag of `<w:tag …>` with its attributes (group 1)."""
    return re.compile(rf"<w:{tag}(?=[\s/>])([^>]*)>")


_TBL_GRID, _TBL_PR, _CELL_MAR = _element("tblGrid"), _element("tblPr"), _element("tblCellMar")
_TRPR, _TCPR = _element("trPr"), _element("tcPr")
# the start tag of an element that has content (an empty one, <w:r/>, holds no text)
_ROW_START, _CELL_START, _PARAGRAPH_START, _RUN_START = (
    re.compile(rf"<w:{tag}(?:\s[^>]*[^/>])?>") for tag in ("tr", "tc", "p", "r")
)
_GRID_COL, _GRID_BEFORE_TAG, _HEADER_TAG = (
    _start("gridCol"),
    _start("gridBefore"),
    _start("tblHeader"),
)
_SPAN_TAG, _SZ_TAG, _B_TAG = _start("gridSpan"), _start("sz"), _start("b")
_LEFT_TAG, _START_TAG, _RIGHT_TAG, _END_TAG = (_start(t) for t in ("left", "start", "right", "end"))
_RUN_CHILD = re.compile(
    r"<w:rPr((?:\s[^>]*?)?)(?:/>|>(?P<props>.*?)</w:rPr>)"
    r"|<w:t(?:\s[^>]*?)?(?:/>|>(?P<text>[^<]*)</w:t>)"
    r"|(?P<gap><w:(?:tab|br)(?=[\s/>]))",
    re.DOTALL,
)
_ENTITY = re.compile(r"&(lt|gt|amp|quot|apos|#[0-9]+|#x[0-9a-fA-F]+);")
_ENTITIES = {"lt": "<", "gt": ">", "amp": "&", "quot": '"', "apos": "'"}


class _Irregular(Exception):
    """The text holds something only the tree reads right."""


# a table's rows as read: each one's skeleton (its text without its texts), its texts and form;
# then the text after its last row
Rows = tuple[list[tuple[str, list[str], "_Row"]], str]
Plan = list[tuple[int, int, tuple[list[int], Rows] | None]]


def _plan_from_text(
    body_xml: str, factor: float, default_size_pt: float, known: bool = False
) -> Plan | None:
    """For every table of the body in document order, where its inner XML starts and ends and
    its new widths and its rows as read, or None when it keeps its widths; None for the whole
    body when some table must be read as a tree. `known`: the body is known to hold no
    irregular markup."""
    if not _regular_namespace(body_xml):
        return None  # the main namespace under another prefix (a picture's description may)
    plan: Plan = []
    depth, start = 0, 0
    clean = known or not _irregular(body_xml)
    read: dict[Any, Any] = {}
    try:
        for tag_start, tag_end, closing, empty in _table_edges(body_xml):
            if empty:
                raise _Irregular
            if not closing:
                if depth:
                    raise _Irregular  # a table in a table
                depth, start = 1, tag_end
                continue
            depth, end = 0, tag_start
            table = _plan_table(body_xml[start:end], factor, default_size_pt, clean, read)
            plan.append((start, end, table))
    except _Irregular:
        return None
    return None if depth else plan


def _regular_namespace(xml: str) -> bool:
    """Whether the main namespace is used only as the prefix w."""
    return xml.count(f'"{_NAMESPACE}"') == xml.count(f'xmlns:w="{_NAMESPACE}"')


@functools.lru_cache(maxsize=64)
def _regular_source(source: str) -> bool:
    """Whether a template's text holds no irregular markup and leaves every value escaped
    (kept: it is asked for each document)."""
    escaped = "safe" not in source and "autoescape" not in source
    return escaped and not _irregular(source)


_TAG_END = frozenset(" \t\r\n>/")


def _table_edges(xml: str) -> Iterable[tuple[int, int, bool, bool]]:
    r"""(where it starts, where it ends, closing, empty) of every w:tbl tag, in order: what the
    pattern `<(/?)w:tbl(?=[\s>/])[^>]*?(/?)>` finds, by a string search, which reads a long
    body twice as fast."""
    at = xml.find("w:tbl")
    while at != -1:
        after = at + 5
        closing = at >= 2 and xml.startswith("</", at - 2)
        opening = at >= 1 and xml[at - 1] == "<"
        if (closing or opening) and xml[after : after + 1] in _TAG_END:
            end = xml.find(">", after)
            if end == -1:
                return
            yield at - 2 if closing else at - 1, end + 1, closing, xml[end - 1] == "/"
            after = end + 1
        at = xml.find("w:tbl", after)


def _rewritten(body_xml: str, plan: Plan) -> str | None:
    """The body with the planned widths written into its tables' text, as `_apply` sets them
    on the tree; None when some table's text is not written the way the scan expects."""
    pieces, last = [], 0
    try:
        for start, end, fitted in plan:
            if fitted is not None:
                new, rows = fitted
                pieces += [body_xml[last:start], _rewrite_table(rows, new)]
                last = end
    except _Irregular:
        return None
    pieces.append(body_xml[last:])
    return "".join(pieces)


# the start of a cell (group 1: its attributes, "" for none) or a cell width (group 2: its
# attributes); one literal start, which the pattern engine looks for fast
_TC_OR_TC_W = re.compile(r"<w:tc(?:((?:\s[^>]*[^/>])?)>|W(?=[\s/>])([^>]*)>)")
_TBL_W_TAG = _start("tblW")
# a row's skeleton with its new widths, as a format its texts are put into (`%`): the rows of
# one kind share it, so each row of a long table is written by one formatting
_ROW_FORMATS: dict[tuple[str, tuple[int, ...]], str] = {}


def _rewrite_table(rows: Rows, new: list[int]) -> str:
    """`_apply` on a table's inner XML text, given as its rows."""
    read, tail = rows
    if not read or "<w:tc" in tail:
        raise _Irregular  # no row to carry the grid, or a cell outside the rows
    key_new = tuple(new)
    out = []
    for index, (skeleton, texts, row) in enumerate(read):
        key = (skeleton, key_new)
        form = _ROW_FORMATS.get(key)
        if form is None:
            if len(_ROW_FORMATS) > 4096:
                _ROW_FORMATS.clear()
            written = _rewrite_row(skeleton, new, row, first=index == 0)
            form = _ROW_FORMATS[key] = written.replace("%", "%%").replace("></w:t>", ">%s</w:t>")
        out.append(form % tuple(texts))
    out.append(tail)
    return "</w:tr>".join(out)


def _rewrite_row(xml: str, new: list[int], row: _Row, first: bool) -> str:
    """A row's text (the first one's with the table's properties and grid before it) with
    every cell's first width set to the columns it spans, and the grid's new widths."""
    head = ""
    if ("<w:tblGrid" in xml) != first:
        raise _Irregular  # the grid elsewhere than before the first row
    if first:
        grid = _TBL_GRID.search(xml)
        if not xml.startswith("<w:tblPr>"):  # kept only where the properties lead, as usual
            head = _rewrite_head(xml, grid, new)
        else:
            key = (xml[: grid.end(2)], tuple(new))
            head = _NEW_HEADS.get(key)
            if head is None:
                head = _NEW_HEADS[key] = _rewrite_head(xml, grid, new)
                if len(_NEW_HEADS) > 1024:
                    _NEW_HEADS.clear()
        xml = xml[grid.end(2) :]
    # split at every cell start and cell width: (text, start tag, width attributes) × n, text
    parts = _TC_OR_TC_W.split(xml)
    out = [head, parts[0]]
    cells = ((start, span) for start, span, *_ in row.places)
    current: tuple[int, int] | None = None
    for index in range(1, len(parts), 3):
        cell_attrs, attrs = parts[index], parts[index + 1]
        if cell_attrs is not None:  # the start of the next cell
            current = next(cells, None)
            if current is None:
                raise _Irregular
            out.append(f"<w:tc{cell_attrs}>")
        elif current is None:  # not the first width of its cell
            out.append(f"<w:tcW{attrs}>")
        else:
            start, span = current
            current = None
            width = _set(attrs, "w:w", str(sum(new[start : start + span])))
            out.append(f"<w:tcW{_set(width, 'w:type', 'dxa')}>")
        out.append(parts[index + 2])
    if next(cells, None) is not None:
        raise _Irregular
    return "".join(out)


def _rewrite_head(xml: str, grid: re.Match[str], new: list[int]) -> str:
    """A table's text up to the end of its grid's content with the new widths: the grid's
    columns and, in twips, the table's width."""
    widths = iter(new)
    grid_xml = _GRID_COL.sub(
        lambda m: f"<w:gridCol{_set(m.group(1), 'w:w', str(next(widths)))}>", grid.group(2)
    )
    head = xml[: grid.start(2)]
    props = _TBL_PR.search(head)
    if props is None and "<w:tblPr" in xml:
        raise _Irregular  # the table's properties after its grid
    tbl_w = _TBL_W_TAG.search(props.group(2) or "") if props else None
    if tbl_w is not None and _attr(tbl_w.group(1), "w:type") == "dxa":
        at = props.start(2) + tbl_w.start(1)
        attrs = _set(tbl_w.group(1), "w:w", str(sum(new)))
        head = head[:at] + attrs + head[at + len(tbl_w.group(1)) :]
    return head + grid_xml


def _set(attrs: str, name: str, value: str) -> str:
    """A start tag's attribute text with `name` set to `value`: in its place when it is there,
    else added last (as lxml adds a new attribute)."""
    found = _attribute(name).search(attrs)
    if found is not None:
        return attrs[: found.end(1)] + value + attrs[found.start(2) :]
    if f"{name}=" in attrs:
        raise _Irregular
    closing = attrs.endswith("/")
    body = attrs[:-1] if closing else attrs
    return f'{body} {name}="{value}"' + ("/" if closing else "")


def _plan_table(
    xml: str, factor: float, default_size_pt: float, clean: bool, read: dict[Any, Any]
) -> tuple[list[int], Rows] | None:
    """`_fit_table` of one table's inner XML text, without changing anything. `clean`: the
    whole body is known to hold no irregular markup; `read`: the cells measured so far.

    The rows are read one by one (form and texts); the cells are then measured column by
    column over the rows of one form, each different text once. Only cells that span columns
    (or stand outside the grid) are laid out in order, so they are kept in the order they
    first come, as the tree gives them."""
    if "<w:drawing" in xml or "<w:pict" in xml:
        return None
    if not clean and _irregular(xml):
        raise _Irregular
    widths, padding = _head(xml)
    if not widths or 0 in widths:
        return None
    columns = len(widths)
    pieces = xml.split("</w:tr>")
    rows: list[tuple[str, list[str], _Row]] = []
    by_form: dict[int, tuple[_Row, list[list[str]]]] = {}
    ordered: list[Cell] = []  # cells spanning columns, in the order they first come
    for piece in pieces[:-1]:
        parts = _TEXTS.split(piece)  # the row's form and its texts, alternately
        skeleton = "></w:t>".join(parts[0::2])
        row = _row(skeleton, default_size_pt)
        texts = parts[1::2]
        rows.append((skeleton, texts, row))
        group = by_form.get(id(row))
        if group is None:
            group = by_form[id(row)] = (row, [])
        group[1].append(texts)
        outside = row.end > columns
        for col, span, number, shape, at, count in row.places if outside else row.wide:
            if span != 1 or col >= columns:
                measured = _measured(read, number, shape, texts[at : at + count], factor, row)
                ordered.append((col, span, *measured))
    # the cells within a column count by their widest figure, word and line alone
    figures, words, lines = [0] * columns, [0] * columns, [-1] * columns
    for row, texts_of_rows in by_form.values():
        many = len(texts_of_rows) > 1
        for col, span, number, shape, at, count in row.places:
            if span != 1 or col >= columns:
                continue
            if not many:
                different: Iterable[Sequence[str]] = (texts_of_rows[0][at : at + count],)
            elif count == 1:
                different = {(text,) for text in set(map(operator.itemgetter(at), texts_of_rows))}
            else:
                different = {tuple(texts[at : at + count]) for texts in texts_of_rows}
            for texts in different:
                figure, word, line = _measured(read, number, shape, texts, factor, row)
                figures[col] = max(figures[col], figure)
                words[col] = max(words[col], word)
                lines[col] = max(lines[col], line)
    # the same cell twice changes nothing the first did not (widths only grow)
    spanned = list(dict.fromkeys(ordered))
    new = _layout_columns(widths, padding, figures, words, lines, spanned)
    return None if new is None else (new, (rows, pieces[-1]))


def _measured(
    read: dict[Any, Any],
    number: int,
    shape: Shape,
    texts: Sequence[str],
    factor: float,
    row: _Row,
) -> tuple[int, int, int]:
    """`_measure_shape` of a cell, from `read` when a cell of that form and texts (in a row of
    that kind, header or not) was measured before."""
    key = (number, row.header, *texts)
    measured = read.get(key)
    if measured is None:
        measured = read[key] = _measure_shape(shape, texts, factor, row)
    return measured


# The text of a table up to the end of its grid: its properties and columns. The tables of one
# kind share it (the Laporan has one per sasaran), so what is read from it is kept.
_HEADS: dict[str, tuple[list[int], int]] = {}
_NEW_HEADS: dict[tuple[str, tuple[int, ...]], str] = {}


def _head(xml: str) -> tuple[list[int], int]:
    """(the grid's widths, [] without a grid; the cells' padding) of a table's inner XML."""
    end = xml.find("</w:tblGrid>")
    key = xml[:end] if end >= 0 and xml.startswith("<w:tblPr>") else None
    if key is not None and key in _HEADS:
        return _HEADS[key]
    grid = _TBL_GRID.search(xml)
    widths = (
        [int(_attr(m.group(1), "w:w") or "0") for m in _GRID_COL.finditer(grid.group(2))]
        if grid
        else []
    )
    read = (widths, _text_padding(xml))
    if key is not None:
        if len(_HEADS) > 1024:
            _HEADS.clear()
        _HEADS[key] = read
    return read


# A row is read in two parts: its form (tags, properties, how its runs are made) and its texts.
# Rows of one table, and the tables of one kind, share their form: it is read once, from the
# row's text with every text left out (its skeleton), and the texts are then taken in order.
_TEXTS = re.compile(r">([^<]*)</w:t>")  # every closed w:t's text, in order
Shape = tuple[tuple[tuple[int, bool, float, bool], ...], ...]  # paragraphs of runs


Place = tuple[int, int, int, Shape, int, int]


@dataclass(frozen=True)
class _Row:
    header: bool
    # (first grid column, columns spanned, form number, shape, first text, texts) of each cell,
    # in order: cells of one form number are made alike, whatever their texts
    places: tuple[Place, ...]
    wide: tuple[Place, ...]  # the places spanning columns
    end: int  # the grid column after its last cell


_ROWS: dict[tuple[str, float], _Row | None] = {}
_FORMS: dict[Shape, int] = {}
_FORM_NUMBERS = itertools.count()


def _row(skeleton: str, default_size_pt: float) -> _Row:
    """The form of a row, given its skeleton (kept)."""
    key = (skeleton, default_size_pt)
    if key in _ROWS:
        row = _ROWS[key]
    else:
        if len(_ROWS) > 4096:
            _ROWS.clear()
            _FORMS.clear()  # numbers are never given twice: what was measured stays right
        try:
            row = _row_form(skeleton, default_size_pt)
        except _Irregular:
            row = None
        _ROWS[key] = row
    if row is None:
        raise _Irregular
    return row


def _row_form(skeleton: str, default_size_pt: float) -> _Row:
    """`_Row` of a row's skeleton: its cells as `_contents` reads them, each paragraph's runs as
    (closed texts, tab or break, size, bold) as `_run_forms` reads them."""
    (content,) = _contents(skeleton + "</w:tr>", "</w:tr>", _ROW_START)
    first_cell = _CELL_START.search(content)
    props = _TRPR.search(content, 0, first_cell.start() if first_cell else len(content))
    props_xml = (props.group(2) or "") if props else ""
    before = _GRID_BEFORE_TAG.search(props_xml)
    first = int(_attr(before.group(1), "w:val", required=True)) if before else 0
    header = _HEADER_TAG.search(props_xml) is not None
    places: list[Place] = []
    col, at = first, 0
    for cell_xml in _contents(content, "</w:tc>", _CELL_START):
        tc_pr = _TCPR.search(cell_xml)
        span_tag = _SPAN_TAG.search(tc_pr.group(2) or "") if tc_pr else None
        span = int(_attr(span_tag.group(1), "w:val", required=True)) if span_tag else 1
        shape = tuple(
            tuple(_run_forms(paragraph, default_size_pt))
            for paragraph in _contents(cell_xml, "</w:p>", _PARAGRAPH_START)
        )
        if shape not in _FORMS:
            _FORMS[shape] = next(_FORM_NUMBERS)
        count = sum(run[0] for runs in shape for run in runs)
        places.append((col, span, _FORMS[shape], shape, at, count))
        col, at = col + span, at + count
    if at != skeleton.count("</w:t>"):
        raise _Irregular  # a text outside the runs of the cells' paragraphs
    wide = tuple(place for place in places if place[1] != 1)
    return _Row(header, tuple(places), wide, col)


def _run_forms(
    paragraph_xml: str, default_size_pt: float
) -> Iterable[tuple[int, bool, float, bool]]:
    """The runs of a paragraph's skeleton, read as `_runs` reads them on the tree: each run's
    properties (its first w:rPr), whether it holds a tab or a break (read as a space before
    its text), and how many closed w:t it holds (their texts come from the row's text)."""
    for run in _contents(paragraph_xml, "</w:r>", _RUN_START):
        texts, gap, props = 0, False, None
        for child in _RUN_CHILD.finditer(run):
            if child.group("gap"):
                gap = True
            elif child.group(0).startswith("<w:rPr"):
                if props is None:
                    props = child.group("props") or ""
            elif not child.group(0).endswith("/>"):  # <w:t/> holds no text
                texts += 1
        size, bold = _run_format(props, default_size_pt) if props else (default_size_pt, False)
        yield texts, gap, size, bold


def _measure_shape(
    shape: Shape, texts: Sequence[str], factor: float, row: _Row
) -> tuple[int, int, int]:
    """`_measure` of a cell given its shape and its texts."""
    if len(shape) == 1 and len(shape[0]) == 1:  # one paragraph of one run: most cells
        count, gap, size, bold = shape[0][0]
        if count == 1 and not gap:
            return _measure_text(_unescape(texts[0]), size, bold, factor, row.header)
    paragraphs = []
    at = 0
    for runs in shape:
        out = []
        for count, gap, size, bold in runs:
            joined = "".join(_unescape(text) for text in texts[at : at + count])
            at += count
            text = " " + joined if gap else joined
            if text:
                out.append((text, size, bold))
        paragraphs.append(out)
    return _measure_runs(paragraphs, factor, row.header)


def _measure_text(
    text: str, size: float, bold: bool, factor: float, header: bool
) -> tuple[int, int, int]:
    """`_measure_runs` of a cell of one paragraph holding `text` in one run."""
    words = text.split(" ")
    widths = [text_width(word, size, bold, factor) for word in words]
    line = sum(widths) + (len(words) - 1) * text_width(" ", size, bold, factor)
    present = [(word, width) for word, width in zip(words, widths, strict=True) if word]
    longest = max((width for _, width in present), default=0)
    if header or len(present) <= 2:
        return longest, longest, line
    figure = max((w for word, w in present if any(map(str.isdigit, word))), default=0)
    return figure, longest, line


def _irregular(xml: str) -> bool:
    """Whether `xml` holds markup only the tree reads right."""
    return "\r" in xml or _IRREGULAR_TAG.search(xml) is not None


def _contents(xml: str, end: str, start: re.Pattern[str]) -> Iterable[str]:
    """The content of every element of `xml` (elements of one kind that do not nest) closed by
    `end` and opened by a start tag matching `start`."""
    pieces = xml.split(end)
    for piece in pieces[:-1]:
        opened = start.search(piece)
        if opened is None:
            raise _Irregular
        yield piece[opened.end() :]


def _attr(attrs: str, name: str, required: bool = False) -> str | None:
    """The value of attribute `name` in a start tag's attribute text."""
    found = _attribute(name).search(attrs)
    if found is None and (required or f"{name}=" in attrs):
        raise _Irregular  # absent where the tree would fail, or quoted otherwise
    return _unescape(attrs[found.end(1) : found.start(2)]) if found else None


@functools.cache
def _attribute(name: str) -> re.Pattern[str]:
    """An attribute `name="…"` in a start tag's attribute text: group 1 ends where its value
    starts, group 2 starts where it ends."""
    return re.compile(rf'(\s{name}=")[^"]*(")')


def _text_padding(xml: str) -> int:
    """`_cell_padding` of a table's inner XML text."""
    props = _TBL_PR.search(xml)
    margins = _CELL_MAR.search(props.group(2) or "") if props else None
    total = 0
    for side, alias in ((_LEFT_TAG, _START_TAG), (_RIGHT_TAG, _END_TAG)):
        edge = None
        if margins is not None:
            inner = margins.group(2) or ""
            edge = side.search(inner) or alias.search(inner)
        if edge is None:
            total += DEFAULT_CELL_MARGIN
        else:
            total += int(_attr(edge.group(1), "w:w", required=True))
    return total


@functools.lru_cache(maxsize=1024)
def _run_format(props: str, default_size_pt: float) -> tuple[float, bool]:
    """(size in points, bold) of a run's properties' XML text (kept: every cell of a column
    has the same)."""
    size, bold = default_size_pt, False
    sz = _SZ_TAG.search(props)
    if sz is not None:
        size = int(_attr(sz.group(1), "w:val", required=True)) / 2
    b = _B_TAG.search(props)
    bold = b is not None and (_attr(b.group(1), "w:val") or "1") not in ("0", "false")
    return size, bold


def _unescape(text: str) -> str:
    """XML character and entity references replaced by what they stand for."""
    if "&" not in text:
        return text
    return _ENTITY.sub(_entity, text)


def _entity(match: re.Match[str]) -> str:
    name = match.group(1)
    if name.startswith("#x"):
        return chr(int(name[2:], 16))
    if name.startswith("#"):
        return chr(int(name[1:]))
    return _ENTITIES[name]
