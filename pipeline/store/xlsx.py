"""A plain writer for the one-sheet tables kinerja writes on every run (the merged data): the
SpreadsheetML written directly, every cell through `store.sheets.isi_sel`, without importing
openpyxl."""

from __future__ import annotations

from pipeline.store.ooxml import escape, quoteattr
from pipeline.store.sheets import isi_sel

_CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" '
    'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
    '<Override PartName="/xl/worksheets/sheet1.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
    '<Override PartName="/xl/styles.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>'
    '<Override PartName="/docProps/core.xml" '
    'ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>'
    '<Override PartName="/docProps/app.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.extended-properties+xml"/>'
    "</Types>"
)
_R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PACKAGE_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    f'<Relationship Id="rId1" Type="{_R}/officeDocument" Target="xl/workbook.xml"/>'
    '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/'
    'metadata/core-properties" Target="docProps/core.xml"/>'
    f'<Relationship Id="rId3" Type="{_R}/extended-properties" Target="docProps/app.xml"/>'
    "</Relationships>"
)
_WORKBOOK_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    f'<Relationship Id="rId1" Type="{_R}/worksheet" Target="worksheets/sheet1.xml"/>'
    f'<Relationship Id="rId2" Type="{_R}/styles" Target="styles.xml"/>'
    "</Relationships>"
)
_APP = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties">'
    "<Application>kinerja</Application></Properties>"
)
_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
# cell styles: 0 plain, 1 header, 2 "#,##0", 3 "#,##0.##", 4 quote-prefixed text, 5 header
# with a quote prefix
_STYLES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    f'<styleSheet xmlns="{_MAIN}">'
    '<numFmts count="1"><numFmt numFmtId="164" formatCode="#,##0.##"/></numFmts>'
    '<fonts count="2"><font><sz val="11"/><name val="Calibri"/><family val="2"/></font>'
    '<font><b/><sz val="11"/><name val="Calibri"/><family val="2"/></font></fonts>'
    '<fills count="3"><fill><patternFill patternType="none"/></fill>'
    '<fill><patternFill patternType="gray125"/></fill>'
    '<fill><patternFill patternType="solid"><fgColor rgb="FFD9D9D9"/><bgColor indexed="64"/>'
    "</patternFill></fill></fills>"
    '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>'
    '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
    '<cellXfs count="6"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'
    '<xf numFmtId="0" fontId="1" fillId="2" borderId="0" xfId="0" applyFont="1" applyFill="1" '
    'applyAlignment="1"><alignment vertical="center" wrapText="1"/></xf>'
    '<xf numFmtId="3" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
    '<xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
    '<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0" quotePrefix="1"/>'
    '<xf numFmtId="0" fontId="1" fillId="2" borderId="0" xfId="0" applyFont="1" applyFill="1" '
    'applyAlignment="1" quotePrefix="1"><alignment vertical="center" wrapText="1"/></xf>'
    "</cellXfs>"
    '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>'
    "</styleSheet>"
)


def kolom(index: int) -> str:
    """The letters of a 1-based column number: 1 → A, 28 → AB."""
    letters = ""
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def _number(value: float | int) -> str:
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        return str(int(value))
    return repr(value)


def _cell(ref: str, value: object, header: bool, formatted: bool) -> str:
    kind, content = isi_sel(value)
    if kind == "":
        return f'<c r="{ref}" s="1"/>' if header else ""
    if kind == "n":
        style = 0
        if header:
            style = 1
        elif formatted:
            style = 2 if float(content).is_integer() else 3
        # "#,##0.##" would show a whole number as "70," in Excel: whole numbers get "#,##0"
        attribute = f' s="{style}"' if style else ""
        return f'<c r="{ref}"{attribute}><v>{_number(content)}</v></c>'
    if kind == "f":
        return f'<c r="{ref}"><f>{escape(content.removeprefix("="))}</f></c>'
    style = {("s", False): 0, ("q", False): 4, ("s", True): 1, ("q", True): 5}[kind, header]
    space = ' xml:space="preserve"' if content != content.strip() else ""
    attribute = f' s="{style}"' if style else ""
    return f'<c r="{ref}"{attribute} t="inlineStr"><is><t{space}>{escape(content)}</t></is></c>'


def lembar_sederhana(
    rows: list[list[object]],
    *,
    sheet_name: str,
    title: str,
    widths: list[float],
    formatted_columns: range,
    when: object,
) -> bytes:
    """A one-sheet workbook written as plain XML, without importing openpyxl: the first row a
    frozen header with a filter, `widths` per column, numbers in `formatted_columns` (0-based)
    with thousands separators, every cell through `pipeline.store.sheets.isi_sel` (the same escaping
    as every other writer). Deterministic: fixed zip times, `when` as the document date."""
    from pipeline.store.ooxml import zip_parts

    count = max((len(r) for r in rows), default=1)
    last = f"{kolom(count)}{max(len(rows), 1)}"
    cols = "".join(
        f'<col min="{i}" max="{i}" width="{w}" customWidth="1"/>'
        for i, w in enumerate(widths, start=1)
    )
    body = []
    letters = [kolom(c) for c in range(1, count + 1)]
    formatted = [c in formatted_columns for c in range(count)]
    for r, row in enumerate(rows, start=1):
        cells = "".join(
            _cell(f"{letters[c]}{r}", v, r == 1, formatted[c]) for c, v in enumerate(row)
        )
        body.append(f'<row r="{r}">{cells}</row>')
    sheet = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        f'<worksheet xmlns="{_MAIN}"><dimension ref="A1:{last}"/>'
        '<sheetViews><sheetView workbookViewId="0"><pane ySplit="1" topLeftCell="A2" '
        'activePane="bottomLeft" state="frozen"/><selection pane="bottomLeft" activeCell="A2" '
        'sqref="A2"/></sheetView></sheetViews><sheetFormatPr defaultRowHeight="15"/>'
        f"<cols>{cols}</cols><sheetData>{''.join(body)}</sheetData>"
        f'<autoFilter ref="A1:{last}"/>'
        '<pageMargins left="0.75" right="0.75" top="1" bottom="1" header="0.5" footer="0.5"/>'
        "</worksheet>"
    )
    quoted = "'" + sheet_name.replace("'", "''") + "'"
    absolute = f"${kolom(count)}${max(len(rows), 1)}"
    workbook = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        f'<workbook xmlns="{_MAIN}" xmlns:r="{_R}"><bookViews><workbookView activeTab="0"/>'
        f'</bookViews><sheets><sheet name={quoteattr(sheet_name)} sheetId="1" r:id="rId1"/>'
        '</sheets><definedNames><definedName name="_xlnm._FilterDatabase" localSheetId="0" '
        f'hidden="1">{escape(quoted)}!$A$1:{absolute}</definedName></definedNames>'
        '<calcPr calcId="124519" fullCalcOnLoad="1"/></workbook>'
    )
    stamp = f"{when.isoformat()}T00:00:00Z"  # type: ignore[attr-defined]
    core = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/'
        'core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" '
        'xmlns:dcterms="http://purl.org/dc/terms/" '
        'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
        f"<dc:title>{escape(title)}</dc:title><dc:creator>kinerja</dc:creator>"
        f'<dcterms:created xsi:type="dcterms:W3CDTF">{stamp}</dcterms:created>'
        f'<dcterms:modified xsi:type="dcterms:W3CDTF">{stamp}</dcterms:modified>'
        "</cp:coreProperties>"
    )
    return zip_parts(
        {
            "[Content_Types].xml": _CONTENT_TYPES,
            "_rels/.rels": _PACKAGE_RELS,
            "docProps/app.xml": _APP,
            "docProps/core.xml": core,
            "xl/workbook.xml": workbook,
            "xl/_rels/workbook.xml.rels": _WORKBOOK_RELS,
            "xl/styles.xml": _STYLES,
            "xl/worksheets/sheet1.xml": sheet,
        }
    )
