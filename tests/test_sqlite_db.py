"""Tests for pipeline.sqlite_db: DIR/minutes.sqlite, its types, keys and full-text indexes, in step
with the JSON across incremental runs, and intact whenever a run is killed."""
from __future__ import annotations

import signal
import sqlite3
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from minutes_texts import LAHAT
from processes import kill_when
from pipeline.cli import main
from pipeline.writers import TABLES

ROOT = Path(__file__).resolve().parent.parent
AMBON = ("Musrenbang Kota Ambon dilaksanakan pada hari Selasa, 19 Maret 2024 di Balai Kota Ambon.\n"
         "Isu strategis sebagai berikut:\n1. tingginya angka kemiskinan ekstrem\n2. prevalensi stunting\n")


def extract(src: Path, out: Path, *extra: str) -> int:
    return main(["extract", str(src), "--out", str(out), "--jobs", "1", "--quiet", "--sqlite", *extra])


def documents(db: Path) -> list[str]:
    with sqlite3.connect(db) as conn:
        return [r[0] for r in conn.execute("SELECT document FROM meetings ORDER BY document")]


@pytest.fixture
def out(tmp_path) -> Path:
    src = tmp_path / "in"
    src.mkdir()
    (src / "lahat.txt").write_text(LAHAT, encoding="utf-8")
    (src / "ambon.txt").write_text(AMBON, encoding="utf-8")
    out = tmp_path / "out"
    assert extract(src, out) == 0
    return out


def test_tables_have_the_csv_columns_typed_and_keyed(out):
    conn = sqlite3.connect(out / "minutes.sqlite")
    for table, columns in TABLES.items():
        names = [r[1] for r in conn.execute(f"PRAGMA table_info({table})")]
        assert names == (columns if table == "meetings" else ["id", *columns])
        if table != "meetings":
            (fk,) = conn.execute(f"PRAGMA foreign_key_list({table})").fetchall()
            assert (fk[2], fk[3], fk[4]) == ("meetings", "document", "document")
            assert any(r[1] == f"idx_{table}_document" for r in conn.execute(f"PRAGMA index_list({table})"))
    assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
    assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
    row = conn.execute("SELECT date, typeof(date), plan_year, typeof(issues), weekday_agrees FROM meetings "
                       "WHERE document = 'ambon'").fetchone()
    assert row == ("2024-03-19", "text", None, "integer", 1)
    assert conn.execute("SELECT typeof(start), typeof(urusan_start) FROM issues WHERE document = 'ambon' "
                        "AND number = 1").fetchone() == ("integer", "integer")


def test_full_text_search_finds_issues_programs_attendees_and_texts(out):
    conn = sqlite3.connect(out / "minutes.sqlite")
    hits = conn.execute("SELECT i.document, i.text, i.urusan_code FROM issues_fts JOIN issues i "
                        "ON i.id = issues_fts.rowid WHERE issues_fts MATCH 'kemiskinan'").fetchall()
    assert hits == [("ambon", "tingginya angka kemiskinan ekstrem", "1.06")]
    assert conn.execute("SELECT document FROM texts_fts JOIN texts ON texts.rowid = texts_fts.rowid "
                        "WHERE texts_fts MATCH 'balai'").fetchall() == [("ambon",)]
    assert conn.execute("SELECT count(*) FROM attendees_fts WHERE attendees_fts MATCH 'bappeda'").fetchone()[0] > 0
    assert conn.execute("SELECT count(*) FROM programs_fts").fetchone()[0] == \
        conn.execute("SELECT count(*) FROM programs").fetchone()[0]


def test_incremental_runs_replace_changed_and_drop_removed_documents(out, tmp_path):
    src = tmp_path / "in"
    (src / "lahat.txt").unlink()
    (src / "ambon.txt").write_text(AMBON.replace("stunting", "gizi buruk pada balita"), encoding="utf-8")
    (src / "wajo.txt").write_text(AMBON.replace("Kota Ambon", "Kabupaten Wajo"), encoding="utf-8")

    assert extract(src, out) == 0

    db = out / "minutes.sqlite"
    assert documents(db) == ["ambon", "wajo"]
    conn = sqlite3.connect(db)
    assert conn.execute("SELECT text FROM issues WHERE document = 'ambon' ORDER BY number").fetchall() == [
        ("tingginya angka kemiskinan ekstrem",), ("prevalensi gizi buruk pada balita",)]
    assert conn.execute("SELECT i.document FROM issues_fts JOIN issues i ON i.id = issues_fts.rowid "
                        "WHERE issues_fts MATCH 'stunting'").fetchall() == [("wajo",)]
    assert not list(out.glob(".*.tmp"))


@pytest.mark.parametrize("make, message", [
    (lambda out: (out / "minutes.sqlite").mkdir(parents=True), "is a folder; cannot write the SQLite database there"),
    (lambda out: (out.mkdir(), (out / "minutes.sqlite").write_text("not a db")),
     "exists and is not an SQLite database; move it away or choose another --out"),
])
def test_a_database_path_that_cannot_be_written_exits_2_before_any_work(tmp_path, capsys, make, message):
    src, out = tmp_path / "in", tmp_path / "out"
    src.mkdir()
    (src / "lahat.txt").write_text(LAHAT, encoding="utf-8")
    make(out)

    assert extract(src, out) == 2

    assert capsys.readouterr().err == f"notulen: {out / 'minutes.sqlite'}: {message}\n"
    assert not (out / "json").exists(), "nothing was extracted"


def test_a_database_under_a_file_exits_2(tmp_path, capsys):
    src = tmp_path / "in"
    src.mkdir()
    (src / "lahat.txt").write_text(LAHAT, encoding="utf-8")
    (tmp_path / "afile").write_text("x")
    out = tmp_path / "afile" / "out"

    assert extract(src, out) == 2

    err = capsys.readouterr().err
    assert err == f"notulen: {out / 'minutes.sqlite'}: folder {tmp_path / 'afile'} cannot be written; cannot write the SQLite database\n"


KILLER = textwrap.dedent("""
    import json, os, signal, sys
    from pathlib import Path
    from pipeline.sqlite_db import write_sqlite

    out, after = Path(sys.argv[1]), int(sys.argv[2])
    def docs():
        for i, path in enumerate(sorted((out / "json").glob("*.json"))):
            if i == after:
                os.kill(os.getpid(), signal.SIGKILL)  # mid-transaction, the temporary file open
            yield json.loads(path.read_text(encoding="utf-8"))
        os.kill(os.getpid(), signal.SIGKILL) if after < 0 else None
    write_sqlite(out / "minutes.sqlite", docs())
""")


@pytest.mark.parametrize("after", [0, -1])  # before the first document, after the last (before COMMIT)
def test_a_write_killed_mid_transaction_leaves_the_previous_database(out, after):
    before = documents(out / "minutes.sqlite")
    (out / "json" / "lahat.json").unlink()  # the next database would have one document fewer

    proc = subprocess.run([sys.executable, "-c", KILLER, str(out), str(after)], cwd=ROOT, capture_output=True, text=True)

    assert proc.returncode == -signal.SIGKILL, proc.stderr
    assert list(out.glob(".minutes.sqlite.*.tmp")), "the kill landed while the new database was being written"
    conn = sqlite3.connect(out / "minutes.sqlite")
    assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
    assert documents(out / "minutes.sqlite") == before == ["ambon", "lahat"]
    from pipeline.batch import _remove_temporaries

    _remove_temporaries(out)  # what the next run does first: the killed write's file is notulen's own
    assert not list(out.glob(".minutes.sqlite.*.tmp"))


def test_a_killed_sqlite_run_leaves_a_database_and_a_rerun_completes_it(out, tmp_path):
    from test_batch import generated_minutes

    src = tmp_path / "in"
    stems = generated_minutes(src, 30)
    command = [sys.executable, "-m", "pipeline", "extract", str(src), "--out", str(out), "--jobs", "1", "--sqlite"]
    kill_when(command, (out / "json" / "doc00.json").exists, cwd=ROOT)
    assert documents(out / "minutes.sqlite") == ["ambon", "lahat"], "the previous database, intact"

    rerun = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=300)

    assert rerun.returncode == 0, rerun.stderr
    assert documents(out / "minutes.sqlite") == sorted(["ambon", "lahat", *stems])
    assert not list(out.rglob(".*.tmp"))
