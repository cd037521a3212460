"""Output documents to an Excel workbook (one sheet per table, plus errors), and CSV-injection guarding.

Every text cell is stored as a string, never as a formula, whatever it begins with; dates are real
Excel dates. The workbook is written atomically and deterministically (fixed zip and document
timestamps), so the same documents always give the same bytes.

Memory does not grow with the number of documents: the documents are read twice, one at a time
(a first pass for the column widths, which openpyxl's write-only mode needs before the first row,
and the meetings rows the other sheets link to), and the rows go straight to openpyxl's temporary
files. What is held is a few numbers per sheet, the documents' ids and one int per linked row.
"""
from __future__ import annotations

import datetime as dt
import io
import re
import shutil
import tempfile
import zipfile
from array import array
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import IO, Any

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE, TYPE_STRING
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet._writer import WorksheetWriter
from openpyxl.worksheet.dimensions import SheetDimension
from openpyxl.worksheet.hyperlink import Hyperlink

from .writers import TABLES, _atomic_file, neutralise_formula, table_rows

DATE_COLUMNS = frozenset({"date", "date_end", "deadline"})
DATE_FORMAT = "yyyy-mm-dd"
ERROR_COLUMNS = ["path", "code", "message"]
MAX_CELL_CHARS = 32767  # Excel's limit for one cell
_FIXED_TIME = dt.datetime(1980, 1, 1)  # the earliest time a zip entry can carry
_SHEETS = {**TABLES, "errors": ERROR_COLUMNS}
_BOLD = Font(bold=True)
_LINK_FONT = Font(color="0563C1", underline="single")


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


def _cell_value(column: str, value: Any) -> Any:
    """What a table field becomes in its cell: a date in a date column, None for empty text, text Excel can hold."""
    if column in DATE_COLUMNS:
        value = _as_date(value)
    if value == "":
        return None  # a blank cell, as Excel reads an empty CSV field
    return _as_text(value) if isinstance(value, str) else value


def _width(value: Any) -> int:
    if value is None:
        return 0
    if isinstance(value, dt.date):
        return 10
    return len(value) if isinstance(value, str) else len(str(value))


def _sheet_rows(docs: Iterable[dict], errors: list[tuple[str, str, str]]) -> Iterator[tuple[str, dict[str, Any]]]:
    """Every row of the workbook as (sheet name, row), a document at a time, then the errors."""
    for doc in docs:
        for name, rows in table_rows(doc).items():
            for row in rows:
                yield name, row
    for p, c, m in errors:
        yield "errors", dict(zip(ERROR_COLUMNS, (str(p), str(c), str(m))))


class _LinkWriter(WorksheetWriter):
    """openpyxl's sheet writer, with the document links kept as one int per row, not a Hyperlink object each.

    openpyxl holds every cell's hyperlink until the sheet's tail is written; here the tail streams
    them from ``targets`` (the meetings row each data row links to, 0 for none). The sheet's size,
    known from the first pass, is written up front as openpyxl's normal mode does. The sheet's XML
    goes to ``out`` in a folder of ours, removed as a whole however the writing ends.
    """

    def __init__(self, ws, out: Path, column: str, dimension: str):
        self.targets = array("I")
        self.column = column
        self.dimension = dimension
        super().__init__(ws, out=str(out))

    def write_dimensions(self):
        self.xf.send(SheetDimension(self.dimension).to_tree())

    def cleanup(self):
        pass  # the folder goes at the end; openpyxl's own cleanup is for its temporary files

    def write_hyperlinks(self):
        if not any(self.targets):
            return
        xf = self.xf.send(True)  # the raw XML stream, as WriteOnlyWorksheet._write_rows takes it
        with xf.element("hyperlinks"):
            for row, target in enumerate(self.targets, start=2):
                if target:
                    xf.write(Hyperlink(ref=f"{self.column}{row}", location=f"'meetings'!A{target}").to_tree())
        self.xf.send(None)


class _Sheet:
    """One write-only sheet: widths, frozen header and autofilter set before the first row, rows appended as they come."""

    def __init__(self, wb: Workbook, name: str, widths: list[int], rows: int, links: dict[str, int] | None,
                 scratch: Path):
        self.columns = _SHEETS[name]
        self.links = links
        self.ws = ws = wb.create_sheet(name)
        for c, width in enumerate(widths, start=1):
            ws.column_dimensions[get_column_letter(c)].width = min(max(width + 2, 8), 60)
        ws.freeze_panes = "A2"
        ws.auto_filter.ref = extent = f"A1:{get_column_letter(len(self.columns))}{rows + 1}"
        self.link_index = self.columns.index("document") if links is not None and "document" in self.columns else None
        writer = _LinkWriter(ws, scratch / f"{name}.xml", get_column_letter((self.link_index or 0) + 1),
                             extent)
        ws._writer = writer  # what WriteOnlyWorksheet._get_writer would make, with streamed links
        writer.write_top()
        self.targets = writer.targets
        ws.append([self._text(c, _BOLD) for c in self.columns])

    def _text(self, value: str, font: Font | None = None) -> WriteOnlyCell:
        cell = WriteOnlyCell(self.ws)
        cell.value = value
        cell.data_type = TYPE_STRING  # text never a formula, whatever it begins with
        if font is not None:
            cell.font = font
        return cell

    def append(self, row: dict[str, Any]) -> None:
        cells: list[Any] = []
        target = 0
        for i, column in enumerate(self.columns):
            value = _cell_value(column, row.get(column))
            if i == self.link_index and value in self.links:
                target = self.links[value]
                cells.append(self._text(value, _LINK_FONT))
            elif isinstance(value, str):
                cells.append(self._text(value))
            elif isinstance(value, dt.date):
                cell = WriteOnlyCell(self.ws, value=value)
                cell.number_format = DATE_FORMAT
                cells.append(cell)
            else:
                cells.append(value)
        if self.link_index is not None:
            self.targets.append(target)
        self.ws.append(cells)


def _save(out: IO[bytes], docs: Iterable[dict], errors: list[tuple[str, str, str]]) -> None:
    """Write the workbook of ``docs`` (read twice, in the order given) and ``errors`` to ``out``."""
    if iter(docs) is docs:
        raise TypeError("docs is read twice: pass a list or another re-iterable, not an iterator")
    widths = {name: [len(c) for c in columns] for name, columns in _SHEETS.items()}
    counts = dict.fromkeys(_SHEETS, 0)
    meeting_row: dict[str, int] = {}
    for name, row in _sheet_rows(docs, errors):
        counts[name] += 1
        if name == "meetings":
            meeting_row[row["document"]] = counts[name] + 1
        for c, column in enumerate(_SHEETS[name]):
            widths[name][c] = max(widths[name][c], _width(_cell_value(column, row.get(column))))
    wb = Workbook(write_only=True)
    wb.properties.creator = "notulen"
    wb.properties.created = _FIXED_TIME
    with tempfile.TemporaryDirectory(prefix="notulen-xlsx-", ignore_cleanup_errors=True) as scratch:
        sheets = {name: _Sheet(wb, name, widths[name], counts[name],
                               meeting_row if name in TABLES and name != "meetings" else None, Path(scratch))
                  for name in _SHEETS}
        for name, row in _sheet_rows(docs, errors):
            sheets[name].append(row)
        with open(Path(scratch) / "openpyxl.xlsx", "w+b") as saved:
            wb.save(saved)
            saved.seek(0)
            _reproducible(saved, out)


def _reproducible(src_file: IO[bytes], out: IO[bytes]) -> None:
    """Copy the .xlsx with fixed entry times and document dates, so equal input gives equal bytes."""
    stamp = _FIXED_TIME.strftime("%Y-%m-%dT%H:%M:%SZ")
    with zipfile.ZipFile(src_file) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            entry = zipfile.ZipInfo(info.filename, date_time=_FIXED_TIME.timetuple()[:6])
            entry.compress_type = zipfile.ZIP_DEFLATED
            # the mode of a sheet's file on disk depends on the umask; the bytes must not (0600, as openpyxl's own have)
            entry.external_attr = info.external_attr & ~(0o777 << 16) | (0o600 << 16)
            if info.filename == "docProps/core.xml":
                payload = re.sub(rb"(<dcterms:(?:created|modified)\b[^>]*>)[^<]*", rb"\g<1>" + stamp.encode(),
                                 src.read(info.filename))
                dst.writestr(entry, payload)
                continue
            entry.file_size = info.file_size  # as writestr would set it, so both give the same bytes
            with src.open(info) as reader, dst.open(entry, "w") as writer:
                shutil.copyfileobj(reader, writer, 1 << 16)


def workbook_bytes(docs: Iterable[dict], errors: list[tuple[str, str, str]]) -> bytes:
    """The workbook of ``docs`` (in the order given; a list or another re-iterable) and ``errors`` as .xlsx bytes."""
    buffer = io.BytesIO()
    _save(buffer, docs, errors)
    return buffer.getvalue()


def write_xlsx(path: Path, docs: Iterable[dict], errors: list[tuple[str, str, str]]) -> None:
    """Write the workbook to ``path`` atomically (a temporary file in the same folder, then a rename).

    ``docs`` is read twice, a document at a time: a list, or a re-iterable that reads them from disk.
    """
    with _atomic_file(Path(path), "wb") as handle:
        _save(handle, docs, errors)


__all__ = ["DATE_COLUMNS", "neutralise_formula", "workbook_bytes", "write_xlsx"]
