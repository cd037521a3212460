"""One SQLite database of a whole output folder, for analysts: ``DIR/minutes.sqlite``.

The same tables and columns as the CSV files (``meetings``, ``attendees``, ``issues``,
``programs``, ``follow_ups``, ``errors``), typed (dates as ISO text, numbers and yes/no as
integers), every item keyed to its document by a foreign key with an index, plus ``texts`` (each
document's text) and SQLite FTS5 full-text indexes ``texts_fts``, ``issues_fts``, ``programs_fts``
and ``attendees_fts`` over them (external-content tables, the shape Datasette's search box uses):

    SELECT m.region, i.text FROM issues_fts JOIN issues i ON i.id = issues_fts.rowid
    JOIN meetings m USING (document) WHERE issues_fts MATCH 'kemiskinan';

The database is built whole from the documents, in a temporary file beside the target, in one
transaction, flushed to disk and renamed over the old one: a run killed at any moment leaves the
previous database as it was (or none, before the first), and the next run writes it afresh, in
step with the JSON. Standard library only: FTS5 is part of the SQLite that Python ships.
"""
from __future__ import annotations

import os
import sqlite3
from pathlib import Path
from typing import Any, Iterable

from .errors import NotulenError
from .writers import TABLES, create_temporary, table_rows

INTEGER_COLUMNS = frozenset({
    "number", "start", "end", "venue_start", "venue_end", "urusan_start", "urusan_end", "plan_year",
    "attendees", "issues", "programs", "follow_ups", "weekday_agrees", "date_year_inferred", "venue_online",
    "plural",
})
# table -> the columns its full-text index covers
FTS_COLUMNS = {
    "issues": ["text", "heading", "urusan_name"],
    "programs": ["text", "activities", "heading", "urusan_name"],
    "attendees": ["text", "role", "unit", "organization", "name"],
    "texts": ["title", "text"],
}
INDEXES = {
    "meetings": ["date", "region_code", "province", "plan_year"],
    "attendees": ["document"],
    "issues": ["document", "urusan_code"],
    "programs": ["document", "urusan_code"],
    "follow_ups": ["document"],
}
SQLITE_HEADER = b"SQLite format 3\x00"


def _q(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def schema() -> list[str]:
    """The CREATE statements of the database, in order."""
    out = []
    for table, columns in TABLES.items():
        cols = []
        for c in columns:
            kind = "INTEGER" if c in INTEGER_COLUMNS else "TEXT"
            if table == "meetings" and c == "document":
                cols.append(f"{_q(c)} TEXT PRIMARY KEY")
            elif c == "document":
                cols.append(f"{_q(c)} TEXT NOT NULL REFERENCES meetings(document) ON DELETE CASCADE")
            else:
                cols.append(f"{_q(c)} {kind}")
        if table != "meetings":
            cols.insert(0, "id INTEGER PRIMARY KEY")
        out.append(f"CREATE TABLE {_q(table)} ({', '.join(cols)})")
    out.append('CREATE TABLE texts (document TEXT PRIMARY KEY REFERENCES meetings(document) ON DELETE CASCADE, '
               'title TEXT, text TEXT NOT NULL)')
    out.append("CREATE TABLE errors (path TEXT PRIMARY KEY, code TEXT NOT NULL, message TEXT)")
    for table, columns in INDEXES.items():
        for c in columns:
            out.append(f"CREATE INDEX {_q(f'idx_{table}_{c}')} ON {_q(table)} ({_q(c)})")
    for table, columns in FTS_COLUMNS.items():
        rowid = "rowid" if table == "texts" else "id"
        out.append(f"CREATE VIRTUAL TABLE {_q(table + '_fts')} USING fts5({', '.join(map(_q, columns))}, "
                   f"content={_q(table)}, content_rowid={_q(rowid)}, tokenize='unicode61 remove_diacritics 2')")
    return out


def check_target(path: Path) -> None:
    """Raise NotulenError when ``path`` cannot become the database: its folder cannot be written,
    or something that is not an SQLite database (a folder, another file) is in its place."""
    if path.is_dir():
        raise NotulenError(f"{path}: is a folder; cannot write the SQLite database there")
    if path.exists():
        try:
            with open(path, "rb") as fh:
                head = fh.read(len(SQLITE_HEADER))
        except OSError as exc:
            raise NotulenError(f"{path}: cannot be read ({exc.strerror}); cannot replace the SQLite database") from exc
        if head and head != SQLITE_HEADER:
            raise NotulenError(f"{path}: exists and is not an SQLite database; move it away or choose another --out")
    folder = path.parent
    probe = folder
    while not probe.exists():
        probe = probe.parent
    if not probe.is_dir() or not os.access(probe, os.W_OK | os.X_OK):
        raise NotulenError(f"{path}: folder {probe} cannot be written; cannot write the SQLite database")


def _row(columns: list[str], row: dict[str, Any]) -> tuple:
    return tuple(int(row[c]) if c in INTEGER_COLUMNS and isinstance(row[c], bool) else row[c] for c in columns)


def fill(conn: sqlite3.Connection, docs: Iterable[dict], errors: Iterable[tuple[str, str, str]] = ()) -> int:
    """Create the tables in an empty database and insert ``docs``; returns the number of documents."""
    for statement in schema():
        conn.execute(statement)
    inserts = {t: f"INSERT INTO {_q(t)} ({', '.join(map(_q, cols))}) VALUES ({', '.join('?' * len(cols))})"
               for t, cols in TABLES.items()}
    count = 0
    for doc in docs:
        rows = table_rows(doc)
        for table, columns in TABLES.items():
            conn.executemany(inserts[table], [_row(columns, r) for r in rows[table]])
        title = (doc.get("title") or {}).get("text") if isinstance(doc.get("title"), dict) else None
        conn.execute("INSERT INTO texts (document, title, text) VALUES (?, ?, ?)", (doc["id"], title, doc.get("text") or ""))
        count += 1
    conn.executemany("INSERT OR REPLACE INTO errors (path, code, message) VALUES (?, ?, ?)", list(errors))
    for table in FTS_COLUMNS:
        conn.execute(f"INSERT INTO {_q(table + '_fts')}({_q(table + '_fts')}) VALUES ('rebuild')")
    return count


def write_sqlite(path: Path, docs: Iterable[dict], errors: Iterable[tuple[str, str, str]] = ()) -> int:
    """Build the database of ``docs`` in a temporary file and rename it to ``path`` when complete."""
    path = Path(path)
    # named as notulen's other temporaries, so a rerun's clean-up removes one a killed run left;
    # created with the mode of the other outputs
    fd, tmp_name = create_temporary(path)
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        conn = sqlite3.connect(tmp, isolation_level=None)
        try:
            conn.execute("PRAGMA foreign_keys = ON")
            conn.execute("PRAGMA journal_mode = MEMORY")  # the file is ours alone until the rename
            conn.execute("BEGIN")
            count = fill(conn, docs, errors)
            conn.execute("COMMIT")
        finally:
            conn.close()
        with open(tmp, "rb+") as fh:
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return count
