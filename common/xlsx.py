"""A streaming .xlsx writer for large, plain tables (the case ledger).

openpyxl builds a cell object, a style lookup and an XML element per cell even
in write-only mode: about 25 s of a 100,000-row ledger. A ledger needs none of
that: one header row in bold, then rows of text, whole numbers and dates. This
module writes the sheet's XML text directly into the zip member as the rows
come, in a fixed, small amount of memory, and the five other parts of the
package once.

Text is always written as an inline string, so nothing a user typed ("=HYPERLINK(…)")
can become a formula, and the characters XML 1.0 forbids (control characters)
are removed. The result opens in Excel, WPS and LibreOffice, and openpyxl reads it
back (the tests do).
"""

import datetime
import re
import zipfile
from collections.abc import Iterable, Sequence
from typing import IO
from xml.sax.saxutils import escape, quoteattr

# Control characters XML 1.0 does not allow (tab, newline and return are allowed).
_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
_EXCEL_EPOCH = datetime.date(1899, 12, 30)
# Style indexes in styles.xml below.
_HEADER_STYLE = 1
_DATE_STYLE = 2

_CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" '
    'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" ContentType="application/'
    'vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
    '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/'
    'vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
    '<Override PartName="/xl/styles.xml" ContentType="application/'
    'vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>'
    '<Override PartName="/docProps/core.xml" '
    'ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>'
    '<Override PartName="/docProps/app.xml" ContentType="application/'
    'vnd.openxmlformats-officedocument.extended-properties+xml"/>'
    "</Types>"
)
_ROOT_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/'
    'relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/'
    'officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>'
    '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/'
    'relationships/metadata/core-properties" Target="docProps/core.xml"/>'
    '<Relationship Id="rId3" Type="http://schemas.openxmlformats.org/'
    'officeDocument/2006/relationships/extended-properties" '
    'Target="docProps/app.xml"/>'
    "</Relationships>"
)
_WORKBOOK_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/'
    'relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/'
    'officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>'
    '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/'
    'officeDocument/2006/relationships/styles" Target="styles.xml"/>'
    "</Relationships>"
)
# 0: default; 1: the header (bold, centred, wrapped); 2: a date (yyyy-mm-dd).
_STYLES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
    '<numFmts count="1"><numFmt numFmtId="164" formatCode="yyyy\\-mm\\-dd"/>'
    "</numFmts>"
    '<fonts count="2"><font><sz val="11"/><name val="Calibri"/></font>'
    '<font><b/><sz val="11"/><name val="Calibri"/></font></fonts>'
    '<fills count="2"><fill><patternFill patternType="none"/></fill>'
    '<fill><patternFill patternType="gray125"/></fill></fills>'
    '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border>'
    "</borders>"
    '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/>'
    "</cellStyleXfs>"
    '<cellXfs count="3">'
    '<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'
    '<xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1" '
    'applyAlignment="1"><alignment horizontal="center" vertical="center" '
    'wrapText="1"/></xf>'
    '<xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" '
    'applyNumberFormat="1"/>'
    "</cellXfs>"
    '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/>'
    "</cellStyles>"
    "</styleSheet>"
)
_APP = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/'
    'extended-properties"><Application>xinfang</Application></Properties>'
)


def _text(value: str) -> str:
    if not value.isprintable():  # only then can it hold a control character
        value = _ILLEGAL.sub("", value)
    return escape(value)


def _cells(values: Sequence) -> str:
    """One row's cells (no references: each cell follows the one before)."""
    parts = []
    for value in values:
        if value is None or value == "":
            parts.append("<c/>")
        elif isinstance(value, str):
            parts.append(
                f'<c t="inlineStr"><is><t xml:space="preserve">{_text(value)}</t>'
                "</is></c>"
            )
        elif isinstance(value, bool):
            parts.append(f'<c t="b"><v>{int(value)}</v></c>')
        elif isinstance(value, datetime.datetime):
            raise TypeError("write dates, not datetimes, to the sheet")
        elif isinstance(value, datetime.date):
            parts.append(
                f'<c s="{_DATE_STYLE}"><v>{(value - _EXCEL_EPOCH).days}</v></c>'
            )
        elif isinstance(value, int | float):
            parts.append(f"<c><v>{value}</v></c>")
        else:
            raise TypeError(f"cannot write {type(value).__name__} to the sheet")
    return "".join(parts)


def write_table(
    output: IO[bytes],
    *,
    sheet_name: str,
    columns: Sequence[tuple[str, float]],
    rows: Iterable[Sequence],
) -> int:
    """Write a one-sheet workbook to `output`: a bold header row of `columns`
    (label, width), frozen and repeated on every printed page, then `rows`.
    Returns the number of rows written (the header not counted)."""
    # Sheet names: at most 31 characters, none of []:*?/\ .
    sheet_name = re.sub(r"[\[\]:*?/\\]", "", sheet_name)[:31] or "Sheet1"
    written = 0
    with zipfile.ZipFile(
        output, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=1
    ) as package:
        package.writestr("[Content_Types].xml", _CONTENT_TYPES)
        package.writestr("_rels/.rels", _ROOT_RELS)
        package.writestr("docProps/app.xml", _APP)
        package.writestr("docProps/core.xml", _core())
        package.writestr("xl/_rels/workbook.xml.rels", _WORKBOOK_RELS)
        package.writestr("xl/styles.xml", _STYLES)
        package.writestr("xl/workbook.xml", _workbook(sheet_name))
        with package.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as sheet:
            sheet.write(_sheet_start(columns).encode())
            buffer = []
            for values in rows:
                buffer.append(f"<row>{_cells(values)}</row>")
                written += 1
                if len(buffer) == 500:
                    sheet.write("".join(buffer).encode())
                    buffer.clear()
            sheet.write("".join(buffer).encode())
            sheet.write(b"</sheetData>" + _SHEET_END)
    return written


def _sheet_start(columns) -> str:
    cols = "".join(
        f'<col min="{i}" max="{i}" width="{width}" customWidth="1"/>'
        for i, (_label, width) in enumerate(columns, start=1)
    )
    header = "".join(
        f'<c s="{_HEADER_STYLE}" t="inlineStr"><is><t>{_text(label)}</t></is></c>'
        for label, _width in columns
    )
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        '<sheetViews><sheetView workbookViewId="0">'
        '<pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/>'
        '<selection pane="bottomLeft" activeCell="A2" sqref="A2"/>'
        "</sheetView></sheetViews>"
        f'<sheetFormatPr defaultRowHeight="15"/><cols>{cols}</cols>'
        f"<sheetData><row>{header}</row>"
    )


_SHEET_END = (
    b'<pageMargins left="0.5" right="0.5" top="0.75" bottom="0.75" header="0.3" '
    b'footer="0.3"/><pageSetup orientation="landscape" paperSize="9"/></worksheet>'
)


def _workbook(sheet_name: str) -> str:
    name = quoteattr(sheet_name)
    # The print titles name the sheet in quotes ('台账'!$1:$1), apostrophes doubled.
    quoted = "'" + sheet_name.replace("'", "''") + "'"
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
        'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
        f'<sheets><sheet name={name} sheetId="1" r:id="rId1"/></sheets>'
        '<definedNames><definedName name="_xlnm.Print_Titles" localSheetId="0">'
        f"{escape(quoted)}!$1:$1</definedName></definedNames>"
        "</workbook>"
    )


def _core() -> str:
    now = datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/'
        'metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" '
        'xmlns:dcterms="http://purl.org/dc/terms/" '
        'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
        '<dcterms:created xsi:type="dcterms:W3CDTF">'
        f"{now}</dcterms:created></cp:coreProperties>"
    )
