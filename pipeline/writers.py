"""Records to text, deterministically: JSON per document and CSV tables; files written atomically.

Key and column order are fixed, text is UTF-8 without ASCII escaping, and every file ends with a
newline, so the same inputs and rules always give byte-identical outputs.
"""
from __future__ import annotations

import csv
import io
import json
import os
import random
from contextlib import contextmanager
from dataclasses import asdict
from pathlib import Path
from typing import Any, Iterable

from .records import MinutesRecord

URUSAN_COLUMNS = ["urusan_code", "urusan_name", "urusan_text", "urusan_rule", "urusan_start", "urusan_end"]
TABLES = {
    "meetings": ["document", "source_path", "format", "title", "date", "date_end", "weekday", "weekday_agrees",
                 "date_year_inferred", "time_start", "time_end", "timezone", "utc_offset", "start", "end",
                 "venue", "venue_online", "venue_start", "venue_end", "region", "region_type", "region_code",
                 "province", "subregion", "subregion_code", "opened_by", "opened_by_role", "opened_on_behalf_of", "plan_year",
                 "attendees", "issues", "programs", "follow_ups", "warnings"],
    "attendees": ["document", "number", "text", "role", "role_expanded", "unit", "organization",
                  "organization_expanded", "region", "region_code", "name", "titles", "acting", "plural", "side",
                  "rule", "start", "end"],
    "issues": ["document", "number", "marker", "text", "heading", "rule", "start", "end", *URUSAN_COLUMNS],
    "programs": ["document", "number", "kind", "marker", "text", "activities", "heading", "rule", "start", "end",
                 *URUSAN_COLUMNS],
    "follow_ups": ["document", "number", "text", "responsible", "deadline", "rule", "start", "end"],
}


_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
# every temporary file notulen writes is named ".<name>.notulen-<random>.tmp": a re-run deletes
# those a killed run left behind, and never a user's own "*.tmp" (the output folder may be theirs)
TEMPORARY_MARK = ".notulen-"


def neutralise_formula(value):
    """Text that a spreadsheet will not run as a formula (OWASP's advice on CSV injection).

    Text starting with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return gets a leading ``'``;
    anything else, and any value that is not text, is returned unchanged.
    """
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def record_to_dict(record: MinutesRecord) -> dict:
    """The JSON structure of a record (dataclass field order is the key order)."""
    return asdict(record)


def record_to_json_bytes(record: MinutesRecord | dict) -> bytes:
    """The document's JSON as UTF-8: two-space indent, keys in field order, text unescaped.

    orjson writes dataclasses directly and byte for byte what ``json.dumps(asdict(record),
    ensure_ascii=False, indent=2)`` writes (``tests/test_writers.py`` checks), about ten times
    faster; the standard library remains the fallback for text orjson refuses (lone surrogates).
    """
    import orjson

    try:
        return orjson.dumps(record, option=orjson.OPT_INDENT_2) + b"\n"
    except TypeError:
        data = record if isinstance(record, dict) else record_to_dict(record)
        # a lone surrogate becomes its JSON escape ("\\udc80"), so the file stays valid UTF-8 JSON
        return (json.dumps(data, ensure_ascii=False, indent=2) + "\n").encode("utf-8", "backslashreplace")


def record_to_json(record: MinutesRecord | dict) -> str:
    return record_to_json_bytes(record).decode("utf-8")


def _text(g: dict | None) -> str | None:
    return g.get("text") if isinstance(g, dict) else None


def _urusan_cells(u: dict | None) -> dict[str, Any]:
    """An item's urusan as CSV cells: code, name and the cue that says so (empty when none does)."""
    if not u:
        return dict.fromkeys(URUSAN_COLUMNS)
    return {"urusan_code": u["code"], "urusan_name": u["name"], "urusan_text": u["text"], "urusan_rule": u["rule"],
            "urusan_start": u["span"][0], "urusan_end": u["span"][1]}


def table_rows(doc: dict) -> dict[str, list[dict[str, Any]]]:
    """One document's rows for every CSV table, from its JSON structure."""
    m = doc["meeting"]
    did = doc["id"]
    venue, region, opener = m.get("venue") or {}, m.get("region") or {}, m.get("opened_by") or {}
    rows: dict[str, list[dict[str, Any]]] = {name: [] for name in TABLES}
    rows["meetings"].append({
        "document": did, "source_path": doc["source"]["path"], "format": doc["source"]["format"],
        "title": _text(doc.get("title")), "date": m["date"], "date_end": m["date_end"], "weekday": m["weekday"],
        "weekday_agrees": m["weekday_agrees"], "date_year_inferred": m["date_year_inferred"],
        "time_start": m["time_start"], "time_end": m["time_end"], "timezone": m["timezone"],
        "utc_offset": m["utc_offset"], "start": m["start"], "end": m["end"],
        "venue": venue.get("text"), "venue_online": venue.get("online"),
        "venue_start": (venue.get("span") or [None])[0], "venue_end": (venue.get("span") or [None, None])[1],
        "region": region.get("name"), "region_type": region.get("type"), "region_code": region.get("code"),
        "province": region.get("province"), "subregion": (m.get("subregion") or {}).get("name"),
        "subregion_code": (m.get("subregion") or {}).get("code"), "opened_by": opener.get("text"), "opened_by_role": opener.get("role"),
        "opened_on_behalf_of": _text(opener.get("on_behalf_of")), "plan_year": m["plan_year"],
        "attendees": len(doc["attendees"]), "issues": len(doc["issues"]), "programs": len(doc["programs"]),
        "follow_ups": len(doc["follow_ups"]), "warnings": "; ".join(w["code"] for w in doc["warnings"]),
    })
    for i, a in enumerate(doc["attendees"], 1):
        rows["attendees"].append({
            "document": did, "number": i, "text": a["text"], "role": a["role"], "role_expanded": a["role_expanded"],
            "unit": a["unit"], "organization": a["organization"], "organization_expanded": a["organization_expanded"],
            "region": a["region"], "region_code": a["region_code"], "name": a["name"], "titles": " ".join(a["titles"]),
            "acting": a["acting"], "plural": a["plural"], "side": a["side"], "rule": a["rule"],
            "start": a["span"][0], "end": a["span"][1],
        })
    for it in doc["issues"]:
        rows["issues"].append({
            "document": did, "number": it["number"], "marker": it["marker"], "text": it["text"],
            "heading": _text(it["heading"]), "rule": it["rule"], "start": it["span"][0], "end": it["span"][1],
            **_urusan_cells(it["urusan"]),
        })
    for p in doc["programs"]:
        rows["programs"].append({
            "document": did, "number": p["number"], "kind": p["kind"], "marker": p["marker"], "text": p["text"],
            "activities": "; ".join(a["text"] for a in p["activities"]), "heading": _text(p["heading"]),
            "rule": p["rule"], "start": p["span"][0], "end": p["span"][1], **_urusan_cells(p["urusan"]),
        })
    for f in doc["follow_ups"]:
        rows["follow_ups"].append({
            "document": did, "number": f["number"], "text": f["text"], "responsible": f["responsible"],
            "deadline": f["deadline"], "rule": f["rule"], "start": f["span"][0], "end": f["span"][1],
        })
    return rows


def tables_to_csv(docs: Iterable[dict], sep: str = ",", bom: bool = False) -> dict[str, str]:
    """Every CSV table's text for ``docs`` (in the order given), with fixed columns.

    ``bom`` makes the Excel variant: UTF-8 with a byte-order mark, and text cells that would
    start a formula neutralised; the plain variant keeps the exact text.
    """
    collected: dict[str, list[dict[str, Any]]] = {name: [] for name in TABLES}
    for doc in docs:
        for name, rows in table_rows(doc).items():
            collected[name].extend(_excel_safe(rows) if bom else rows)
    return {name: ("\ufeff" if bom else "") + _frame_csv(collected[name], columns, sep, header=True)
            for name, columns in TABLES.items()}


def _excel_safe(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [{k: neutralise_formula(v) for k, v in row.items()} for row in rows]


def _frame_csv(rows: list[dict[str, Any]], columns: list[str], sep: str, header: bool) -> str:
    """Rows as CSV text through pandas, every value kept as written (no int-to-float for empty cells)."""
    import pandas as pd  # imported here: it takes longer to import than notulen needs to start

    frame = pd.DataFrame(rows, columns=columns, dtype=object)
    buffer = io.StringIO()
    frame.to_csv(buffer, index=False, header=header, sep=sep, lineterminator="\n", quoting=csv.QUOTE_MINIMAL)
    return buffer.getvalue()


def csv_lines(rows: Iterable[dict[str, Any]], columns: list[str], sep: str = ",", header: bool = False) -> str:
    """Rows as CSV lines with the csv module (``header``: the column names first): byte for byte
    what :func:`_frame_csv` (pandas) writes for them (None as an empty cell, True as "True",
    minimal quoting), at a fraction of the cost for the few rows of one document.
    ``tests/test_writers.py`` compares the two."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=sep, lineterminator="\n", quoting=csv.QUOTE_MINIMAL)
    if header:
        writer.writerow(columns)
    writer.writerows([row.get(c) for c in columns] for row in rows)
    return buffer.getvalue()


def document_csv(tables: dict[str, list[dict[str, Any]]], sep: str = ",", excel: bool = False) -> dict[str, str]:
    """One document's lines of every CSV table (no header), from :func:`table_rows`."""
    return {name: csv_lines(_excel_safe(rows) if excel else rows, TABLES[name], sep) for name, rows in tables.items()}


# the tables grow by a few kB a document (attendees the most): written out in pieces of 256 kB
# rather than 8 kB, a few writes a hundred documents instead of one or two a document
TABLE_BUFFER = 256 * 1024


class TableWriter:
    """The CSV tables written a document at a time, so memory stays flat however many there are;
    each table goes to a temporary file renamed into place by :meth:`close`. The bytes equal
    :func:`tables_to_csv` for the same documents."""

    def __init__(self, folder: Path, sep: str = ",", bom: bool = False):
        self.folder, self.sep, self.bom = Path(folder), sep, bom
        self.folder.mkdir(parents=True, exist_ok=True)
        self.files: dict[str, tuple[str, Any]] = {}
        for name, columns in TABLES.items():
            fd, tmp = create_temporary(self.folder / f"{name}.csv")
            handle = os.fdopen(fd, "w", encoding="utf-8", newline="", buffering=TABLE_BUFFER)
            handle.write(("\ufeff" if bom else "") + csv_lines([], columns, sep, header=True))
            self.files[name] = (tmp, handle)

    def add(self, doc: dict) -> None:
        self.add_rows(table_rows(doc))

    def add_rows(self, tables: dict[str, list[dict[str, Any]]]) -> None:
        """Add one document's rows, as :func:`table_rows` gives them."""
        self.add_lines(document_csv(tables, self.sep, self.bom))

    def add_lines(self, lines: dict[str, str]) -> None:
        """Add one document's lines, as :func:`document_csv` (with this writer's ``sep`` and ``bom``) gives them."""
        for name, text in lines.items():
            if text:
                self.files[name][1].write(text)

    def close(self) -> None:
        for name, (tmp, handle) in self.files.items():
            handle.close()
            os.replace(tmp, self.folder / f"{name}.csv")
        self.files = {}

    def abort(self) -> None:
        for tmp, handle in self.files.values():
            handle.close()
            _unlink_quietly(tmp)
        self.files = {}


def errors_csv(rows: list[tuple[str, str, str]], sep: str = ",", bom: bool = False) -> str:
    """errors.csv: one row per file that failed or was skipped (path, code, message)."""
    columns = ["path", "code", "message"]
    return ("\ufeff" if bom else "") + csv_lines((dict(zip(columns, row)) for row in rows), columns, sep, header=True)


def write_atomic(path: Path, data: str | bytes) -> None:
    """Write ``data`` to ``path`` through a temporary file in the same folder, then rename it.

    A run killed at any moment leaves either the previous file or the new one. There is no fsync
    per file: that protects against power loss, not against a killed run, and costs a disk flush
    for every document. The bytes go to the file descriptor as they are, with no file object
    around it (which would look the file up and ask whether it is a terminal): four system calls
    a file, create, write, close and rename.
    """
    data = data.encode("utf-8") if isinstance(data, str) else data
    fd, tmp = create_temporary(path)
    try:
        try:
            view = memoryview(data)
            while view:
                view = view[os.write(fd, view):]
        finally:
            os.close(fd)
        os.replace(tmp, path)  # atomic: readers see the old file or the new one, never a part
    except BaseException:
        _unlink_quietly(tmp)
        raise


def write_atomic_chunks(path: Path, chunks: Iterable[str]) -> None:
    """:func:`write_atomic` for text made a piece at a time (never all in memory)."""
    with _atomic_file(path, "w") as handle:
        for chunk in chunks:
            handle.write(chunk)


@contextmanager
def _atomic_file(path: Path, mode: str):
    """A file object on a new temporary file beside ``path``, renamed over ``path`` when the block ends."""
    fd, tmp = create_temporary(path)
    try:
        with os.fdopen(fd, mode, **({} if "b" in mode else {"encoding": "utf-8", "newline": ""})) as handle:
            yield handle
        os.replace(tmp, path)
    except BaseException:
        _unlink_quietly(tmp)
        raise


# O_EXCL: a new file or none (never one a user or another run has there, nor a link's target)
_CREATE = os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_CLOEXEC | getattr(os, "O_NOFOLLOW", 0)
_NAME_CHARACTERS = "abcdefghijklmnopqrstuvwxyz0123456789_"
# the random part of temporary names: a stream of its own (a caller's random.seed() neither fixes
# it nor is disturbed by it), drawn afresh in every forked worker
_NAMES = random.Random()
if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=_NAMES.seed)


def create_temporary(path: Path) -> tuple[int, str]:
    """Create and open ``.<name>.notulen-<random>.tmp`` beside ``path``: its descriptor and its name.

    One system call where it took five (making and looking up the folder, ``tempfile``'s
    process-id check, the open, a chmod), and a run creates two files for every document: the
    file is created with the mode of any new file (0666 less the umask, which the output should
    have) instead of mkstemp's private 0600 widened afterwards; the random part comes from
    ``_NAMES``; the folder is made only when the file cannot be created without it (a nested
    input's subfolder of json/).
    """
    folder = os.fspath(path.parent)
    prefix = os.path.join(folder, f".{path.name}{TEMPORARY_MARK}")
    for _ in range(100):
        tmp = f"{prefix}{''.join(_NAMES.choices(_NAME_CHARACTERS, k=8))}.tmp"
        try:
            return os.open(tmp, _CREATE, 0o666), tmp
        except FileExistsError:
            continue  # the name is taken: draw another
        except FileNotFoundError:
            if os.path.isdir(folder):
                raise
            os.makedirs(folder, exist_ok=True)
    raise FileExistsError(f"{folder}: no free temporary name for {path.name}")


def _unlink_quietly(path: str) -> None:
    try:
        os.unlink(path)
    except OSError:
        pass


__all__ = ["TABLES", "TEMPORARY_MARK", "TableWriter", "create_temporary", "csv_lines", "document_csv", "errors_csv", "neutralise_formula", "record_to_dict", "record_to_json", "record_to_json_bytes", "table_rows", "tables_to_csv", "write_atomic", "write_atomic_chunks"]
