"""A signature block never stands alone at the top of a page.

A template keeps its signature block on the page of what comes before it with paragraphs set to
"keep with next": an empty one right before the block, and the notes above it. When what comes
before them is a table, Word and LibreOffice keep nothing of the table with them: a table that
ends near the foot of a page leaves the date, the jabatan and the name (and perhaps a note) alone
on the next one, a page a reviewer will not sign. After rendering, the last row of such a table
(and its header rows, so that a heading row is never left behind without a row under it) is
kept with the next paragraph too: the block carries at least one row of the table over with it.

The chain of kept paragraphs after the table must hold an empty one (the template's spacer): a
heading kept with the table it introduces is text only, and the table before it is left as it
falls.
"""

from __future__ import annotations

import itertools
import re
from typing import Any

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_TABLE_END = "</w:tbl>"
_ON = ("1", "true", "on")
# tables within tables deeper than this are left as they fall: the search for where such a
# table starts would cost the square of the depth (a real document nests two or three)
_DEEPEST = 32
# an on/off element that is on: no value, or one of _ON
_SWITCHED_ON = r'(?:\s+w:val="(?:1|true|on)")?\s*/>'
# a paragraph's start (group 1: its tag) and its properties, when these keep it with the next
# (a tracked change of the properties, `w:pPrChange`, is the old ones: not read)
_KEPT_START = re.compile(
    r"\s*(<w:p(?:\s[^>]*)?>)\s*<w:pPr>(?:(?!</w:pPr>|<w:pPrChange\b).)*?"
    rf"<w:keepNext{_SWITCHED_ON}"
    r"(?:(?!</w:pPr>|<w:pPrChange\b).)*(?:<w:pPrChange\b.*?</w:pPrChange>\s*)?</w:pPr>",
    re.S,
)
_PARAGRAPH = re.compile(r"<w:p(?=[\s>/])[^>]*?(/?)>")
_PROPERTIES = re.compile(r"\s*<w:pPr(/?)>(\s*<w:pStyle\b[^>]*?(?:/>|>\s*</w:pStyle>))?")
_KEPT = "<w:pPr><w:keepNext/></w:pPr>"
_KEEP = re.compile(f"<w:keepNext{_SWITCHED_ON}")
_OFF = re.compile(r'<w:keepNext\s+w:val="(?:0|false|off)"\s*/>')
_HEADER = re.compile(f"<w:tblHeader{_SWITCHED_ON}")


def keep_with_signature(body: str) -> str:
    """`body` (a rendered document body's XML text) with the rows that go with a signature
    block kept with it; the text itself when there is no such block after a table."""
    spans = []
    at = body.find(_TABLE_END)
    while at != -1:
        end = at + len(_TABLE_END)
        if _leads_to_signature(body, end):
            spans += _rows_to_keep(body, at)
        at = body.find(_TABLE_END, end)
    if not spans:
        return body
    pieces, last = [], 0
    for start, stop in sorted(set(spans)):
        if start < last:  # a row of a table inside a row already kept whole
            continue
        pieces += [body[last:start], _kept(body[start:stop])]
        last = stop
    pieces.append(body[last:])
    return "".join(pieces)


def keep_with_signature_tree(body: Any) -> None:
    """The same on a body parsed by python-docx (the path of templates that reshape rows)."""
    for table in body.iter(f"{W}tbl"):
        if not _leads_to_signature_tree(table.getnext()):
            continue
        rows = [row for row in table.findall(f"{W}tr") if row.find(f"{W}tc") is not None]
        for row in [*itertools.takewhile(_is_header_row, rows), *rows[-1:]]:
            for paragraph in row.iter(f"{W}p"):
                paragraph.get_or_add_pPr().keepNext_val = True


def _leads_to_signature(body: str, at: int) -> bool:
    """Whether the paragraphs from `at` are kept with the next, one of them empty: the
    paragraphs a template keeps with its signature block."""
    empty = False
    while match := _KEPT_START.match(body, at):
        end = _closing(body, match.start(1), "p", len(body))
        if end == -1:
            return False
        empty |= not body[match.end() : end - len("</w:p>")].strip()
        at = end
    return empty


def _leads_to_signature_tree(element: Any) -> bool:
    """`_leads_to_signature` on python-docx's tree, from `element` on."""
    empty = False
    while element is not None and element.tag == f"{W}p":
        if not _switched_on(element, "pPr", "keepNext"):
            break
        empty |= len(element) == 1
        element = element.getnext()
    return empty


def _is_header_row(row: Any) -> bool:
    return _switched_on(row, "trPr", "tblHeader")


def _switched_on(element: Any, properties: str, name: str) -> bool:
    """Whether the on/off property `name` among `element`'s `properties` is on (the tree's
    own reading would raise on a value Word never writes)."""
    found = element.find(f"{W}{properties}/{W}{name}")
    return found is not None and found.get(f"{W}val", "1") in _ON


def _rows_to_keep(body: str, table_end: int) -> list[tuple[int, int]]:
    """The spans of the header rows and the last row of the table whose `</w:tbl>` is at
    `table_end`."""
    table = _opening(body, table_end, "tbl")
    if table == -1:
        return []
    last_end, last = table_end, table_end
    while True:  # the last row with a cell (docxtpl's {%tc %} can leave an empty <w:tr/>)
        last_end = body.rfind("</w:tr>", table, last)
        last = _opening(body, last_end, "tr") if last_end != -1 else -1
        if last == -1:
            return []
        if body.find("<w:tc", last, last_end) != -1:
            break
    spans = [(last, last_end + len("</w:tr>"))]
    row = _next_open(body, table + 1, "tr", last)
    while row != -1:
        stop = _closing(body, row, "tr", last)
        cell = body.find("<w:tc", row, stop)
        if stop == -1 or not _HEADER.search(body, row, cell if cell != -1 else stop):
            break
        spans.append((row, stop))
        row = _next_open(body, stop, "tr", last)
    return spans


def _is_open(body: str, at: int, opening: str) -> bool:
    """Whether the `<w:name` at `at` opens an element with content: not `<w:namePr>` and the
    like, and not an element that closes itself (`<w:tr/>`)."""
    after = body[at + len(opening) : at + len(opening) + 1]
    if after not in (" ", "\t", "\r", "\n", ">", "/"):
        return False
    return body[body.find(">", at) - 1] != "/"


def _next_open(body: str, at: int, tag: str, limit: int) -> int:
    """Where the next `<w:{tag}>` starts from `at`, before `limit`; -1 when there is none."""
    opening = f"<w:{tag}"
    at = body.find(opening, at, limit)
    while at != -1 and not _is_open(body, at, opening):
        at = body.find(opening, at + 1, limit)
    return at


def _opening(body: str, close: int, tag: str) -> int:
    """Where the element whose `</w:{tag}>` is at `close` starts (the same-named elements
    inside it counted as they nest); -1 when the text does not say."""
    opening, closing = f"<w:{tag}", f"</w:{tag}>"
    depth, at = 0, close
    while True:
        start = body.rfind(opening, 0, at)
        while start != -1 and not _is_open(body, start, opening):
            start = body.rfind(opening, 0, start)
        inner = body.rfind(closing, 0, at)
        if start == -1:
            return -1
        if inner > start:
            depth, at = depth + 1, inner
            if depth > _DEEPEST:
                return -1
        elif depth:
            depth, at = depth - 1, start
        else:
            return start


def _closing(body: str, start: int, tag: str, limit: int) -> int:
    """Where the element starting at `start` ends (after its `</w:{tag}>`), looking no further
    than `limit`; -1 when it does not end there."""
    opening, closing = f"<w:{tag}", f"</w:{tag}>"
    depth, at = 1, start + 1
    while True:
        inner = _next_open(body, at, tag, limit)
        end = body.find(closing, at, limit)
        if end == -1:
            return -1
        if inner != -1 and inner < end:
            depth, at = depth + 1, inner + len(opening)
            if depth > _DEEPEST:
                return -1
            continue
        depth, at = depth - 1, end + len(closing)
        if not depth:
            return at


def _kept(row: str) -> str:
    """Every paragraph of `row` kept with the next."""
    pieces, last = [], 0
    for match in _PARAGRAPH.finditer(row):
        if match.group(1):  # <w:p/>, an empty paragraph
            pieces += [row[last : match.start()], match.group(0)[:-2], ">", _KEPT, "</w:p>"]
            last = match.end()
            continue
        properties = _PROPERTIES.match(row, match.end())
        if properties is None:
            pieces += [row[last : match.end()], _KEPT]
            last = match.end()
        elif properties.group(1):  # <w:pPr/>
            pieces += [row[last : properties.start()], _KEPT]
            last = properties.end()
        else:
            close = row.find("</w:pPr>", properties.end())
            change = row.find("<w:pPrChange", properties.end(), close)
            current = close if change == -1 else change  # the old properties stay as they were
            inside = row[properties.end() : current]
            if not _KEEP.search(inside):
                # after the style, where the schema puts it; an explicit "off" goes
                pieces += [row[last : properties.end()], "<w:keepNext/>", _OFF.sub("", inside)]
                last = current
    pieces.append(row[last:])
    return "".join(pieces)
