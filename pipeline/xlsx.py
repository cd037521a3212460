"""Output documents to an Excel workbook (one sheet per table, plus errors), and CSV-injection guarding.

Every text cell is stored as a string, never as a formula, whatever it begins with; dates are real
Excel dates. The workbook is written atomically and deterministically (fixed zip and document
timestamps), so the same documents always give the same bytes.
"""
from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.cell.cell import TYPE_STRING
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.hyperlink import Hyperlink

from .writers import TABLES, neutralise_formula, table_rows, write_atomic

DATE_COLUMNS = frozenset({"date", "date_end", "deadline"})
DATE_FORMAT = "yyyy-mm-dd"
ERROR_COLUMNS = ["path", "code", "message"]
MAX_CELL_CHARS = 32767  # Excel's limit for one cell
_FIXED_TIME = dt.datetime(1980, 1, 1)  # the earliest time a zip entry can carry


def _as_date(value: Any) -> Any:
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            return value
    return value


def _as_text(value: str) -> str:
    # openpyxl refuses control characters that XML 1.0 cannot hold (a PDF's form feed, say).
    value = ILLEGAL_CHARACTERS_RE.sub("\ufffd", value)
    return value if len(value) <= MAX_CELL_CHARS else value[: MAX_CELL_CHARS - 1] + "…"


def _fill_sheet(ws, columns: list[str], rows: list[dict[str, Any]], links: dict[str, int] | None = None) -> None:
    """Header, rows, frozen header, autofilter and column widths; ``links`` maps a document to its meetings row."""
    bold = Font(bold=True)
    ws.append(columns)
    for cell in ws[1]:
        cell.font = bold
        cell.data_type = TYPE_STRING
    widths = [len(c) for c in columns]
    link_font = Font(color="0563C1", underline="single")
    for r, row in enumerate(rows, start=2):
        for c, column in enumerate(columns, start=1):
            value = row.get(column)
            if column in DATE_COLUMNS:
                value = _as_date(value)
            if value == "":
                value = None  # a blank cell, as Excel reads an empty CSV field
            cell = ws.cell(row=r, column=c)
            if isinstance(value, str):
                cell.value = _as_text(value)
                cell.data_type = TYPE_STRING
                widths[c - 1] = max(widths[c - 1], len(cell.value))
            elif isinstance(value, dt.date):
                cell.value = value
                cell.number_format = DATE_FORMAT
                widths[c - 1] = max(widths[c - 1], 10)
            else:
                cell.value = value
                widths[c - 1] = max(widths[c - 1], len(str(value)) if value is not None else 0)
            if column == "document" and links and value in links:
                cell.hyperlink = Hyperlink(ref=cell.coordinate, location=f"'meetings'!A{links[value]}")
                cell.font = link_font
    for c, width in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(c)].width = min(max(width + 2, 8), 60)
    ws.freeze_panes = "A2"
    ws.auto_filter.ref = f"A1:{get_column_letter(len(columns))}{max(len(rows) + 1, 1)}"


def workbook_bytes(docs: list[dict], errors: list[tuple[str, str, str]]) -> bytes:
    """The workbook of ``docs`` (in the order given) and ``errors`` as .xlsx bytes."""
    collected: dict[str, list[dict[str, Any]]] = {name: [] for name in TABLES}
    for doc in docs:
        for name, rows in table_rows(doc).items():
            collected[name].extend(rows)
    meeting_row = {row["document"]: i for i, row in enumerate(collected["meetings"], start=2)}
    wb = Workbook()
    wb.remove(wb.active)
    wb.properties.creator = "notulen"
    wb.properties.created = _FIXED_TIME
    for name, columns in TABLES.items():
        _fill_sheet(wb.create_sheet(name), columns, collected[name], None if name == "meetings" else meeting_row)
    _fill_sheet(wb.create_sheet("errors"), ERROR_COLUMNS,
                [dict(zip(ERROR_COLUMNS, (str(p), str(c), str(m)))) for p, c, m in errors])
    buffer = io.BytesIO()
    wb.save(buffer)
    return _reproducible(buffer.getvalue())


def _reproducible(data: bytes) -> bytes:
    """The same .xlsx with fixed entry times and document dates, so equal input gives equal bytes."""
    stamp = _FIXED_TIME.strftime("%Y-%m-%dT%H:%M:%SZ")
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            payload = src.read(info.filename)
            if info.filename == "docProps/core.xml":
                payload = re.sub(rb"(<dcterms:(?:created|modified)\b[^>]*>)[^<]*", rb"\g<1>" + stamp.encode(), payload)
            entry = zipfile.ZipInfo(info.filename, date_time=_FIXED_TIME.timetuple()[:6])
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = info.external_attr
            dst.writestr(entry, payload)
    return out.getvalue()


def write_xlsx(path: Path, docs: list[dict], errors: list[tuple[str, str, str]]) -> None:
    """Write the workbook to ``path`` atomically (a temporary file in the same folder, then a rename)."""
    write_atomic(Path(path), workbook_bytes(docs, errors))


__all__ = ["DATE_COLUMNS", "neutralise_formula", "workbook_bytes", "write_xlsx"]
