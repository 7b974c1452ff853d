"""One cleaner for every text that enters a document or a spreadsheet.

Word writes a line break typed with Shift+Enter as the control character U+000B, and copied text
brings others (U+0001, U+001F…). XML, and so .docx and .xlsx, cannot hold them: a signed document
holding one does not open in Word or LibreOffice. U+000B becomes a line break; every other
character XML forbids is dropped, and the reader that found it reports where.
"""

from __future__ import annotations

import re

_LINE_BREAK = "\x0b"
# what XML 1.0 forbids (tab, line feed and carriage return are allowed) and U+000B
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


def bersihkan(text: str) -> tuple[str, list[str]]:
    """`text` fit for XML, and the code points dropped from it (e.g. ['U+0001'])."""
    if not _NOT_XML.search(text):
        return text, []
    dropped: list[str] = []

    def replace(match: re.Match[str]) -> str:
        char = match.group()
        if char == _LINE_BREAK:
            return "\n"
        code = f"U+{ord(char):04X}"
        if code not in dropped:
            dropped.append(code)
        return ""

    return _NOT_XML.sub(replace, text), dropped


def bersih(text: str) -> str:
    """`text` fit for XML, without saying what was dropped (for text already checked once)."""
    return bersihkan(text)[0]


def pesan_dibuang(dropped: list[str]) -> str:
    """The warning for characters dropped from a text."""
    return (
        f"karakter kendali {', '.join(dropped)} (tidak terlihat, tidak boleh ada di dokumen) "
        "dibuang dari teks; periksa teksnya"
    )


def bersihkan_baris(rows: list[list[object]]) -> list[tuple[int, str, list[str]]]:
    """Clean every text cell of a sheet in place; (row 1-based, column letter, dropped) for each
    cell that lost characters."""
    found = []
    for r, row in enumerate(rows, start=1):
        for c, value in enumerate(row):
            if isinstance(value, str) and _NOT_XML.search(value):
                row[c], dropped = bersihkan(value)
                if dropped:
                    found.append((r, huruf_kolom(c + 1), dropped))
    return found


def huruf_kolom(number: int) -> str:
    """The spreadsheet letter of a 1-based column: 1 → A, 28 → AB."""
    letters = ""
    while number:
        number, rest = divmod(number - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def bermakna(text: str | None) -> bool:
    """Whether a text says something: letters or digits, not an empty string or a copied
    placeholder such as "..."."""
    return bool(text) and re.search(r"\w", text) is not None
