"""Writers: deterministic JSON and CSV, the streamed tables equal the whole-batch ones, Excel safety."""
from __future__ import annotations

import io
import json
import os
import stat
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.writers import TABLES, TableWriter, neutralise_formula, record_to_json, table_rows, tables_to_csv, write_atomic

ROOT = Path(__file__).resolve().parent.parent
DOCS = [json.loads(p.read_text(encoding="utf-8")) for p in sorted((ROOT / "outputs" / "json").glob("*.json"))]


def test_json_is_deterministic_utf8_with_a_final_newline(pipeline):
    text = (ROOT / "samples" / "s01_okutimur_roadshow_2017.txt").read_text(encoding="utf-8")
    first, second = record_to_json(pipeline.record(text)), record_to_json(pipeline.record(text))
    assert first == second and first.endswith("}\n") and "\\u" not in first


@pytest.mark.parametrize("sep,bom", [(",", False), (";", True)])
def test_streamed_tables_equal_the_whole_batch_tables(tmp_path, monkeypatch, sep, bom):
    writer = TableWriter(tmp_path, sep=sep, bom=bom)
    for doc in DOCS:
        writer.add(doc)
    writer.close()
    whole = tables_to_csv(DOCS, sep=sep, bom=bom)
    for name in TABLES:
        assert (tmp_path / f"{name}.csv").read_text(encoding="utf-8") == whole[name]
    assert not list(tmp_path.glob(".*.tmp"))


def test_csv_read_back_with_pandas_equals_the_json():
    tables = tables_to_csv(DOCS)
    for name, columns in TABLES.items():
        frame = pd.read_csv(io.StringIO(tables[name]), dtype=str, keep_default_na=False)
        assert list(frame.columns) == columns
        expected = [row for doc in DOCS for row in table_rows(doc)[name]]
        assert len(frame) == len(expected)
        for got, want in zip(frame.to_dict("records"), expected):
            assert got == {k: "" if v is None else str(v) for k, v in want.items()}, name


def test_excel_csv_neutralises_formulas_but_plain_csv_keeps_text():
    doc = json.loads(json.dumps(DOCS[0]))
    doc["issues"][0]["text"] = "=HYPERLINK(\"http://x\")"
    plain, excel = tables_to_csv([doc])["issues"], tables_to_csv([doc], bom=True)["issues"]
    assert '"=HYPERLINK(""http://x"")"' in plain
    assert excel.startswith("\ufeff") and '"\'=HYPERLINK(""http://x"")"' in excel


@pytest.mark.parametrize("value,expected", [("=1+1", "'=1+1"), ("+62", "'+62"), ("-", "'-"), ("@SUM", "'@SUM"),
                                            ("Kepala Bappeda", "Kepala Bappeda"), (3, 3), (None, None)])
def test_neutralise_formula(value, expected):
    assert neutralise_formula(value) == expected


def test_write_atomic_replaces_whole_files_readable_by_others(tmp_path):
    target = tmp_path / "a" / "b.json"
    write_atomic(target, "satu\n")
    write_atomic(target, "dua\n")
    assert target.read_text(encoding="utf-8") == "dua\n"
    mask = os.umask(0)
    os.umask(mask)
    assert stat.S_IMODE(target.stat().st_mode) == 0o666 & ~mask
    assert [p.name for p in target.parent.iterdir()] == ["b.json"]


def test_write_atomic_never_touches_a_file_that_has_its_temporary_name(tmp_path, monkeypatch):
    import random

    from pipeline import writers

    target = tmp_path / "b.json"
    monkeypatch.setattr(writers, "_NAMES", random.Random(16))
    taken = tmp_path / f".b.json{writers.TEMPORARY_MARK}{''.join(random.Random(16).choices(writers._NAME_CHARACTERS, k=8))}.tmp"
    taken.write_text("a user's file", encoding="utf-8")
    write_atomic(target, b"dua\n")
    assert target.read_bytes() == b"dua\n"
    assert taken.read_text(encoding="utf-8") == "a user's file"
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(["b.json", taken.name])


def test_a_failed_write_leaves_the_old_file_and_no_temporary(tmp_path, monkeypatch):
    from pipeline import writers

    target = tmp_path / "b.json"
    write_atomic(target, "satu\n")
    seen = []

    def full_disk(fd, data):
        seen.extend(p.name for p in tmp_path.iterdir() if p.name != "b.json")
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(writers.os, "write", full_disk)
    with pytest.raises(OSError):
        write_atomic(target, "dua\n")
    monkeypatch.undo()
    assert target.read_text(encoding="utf-8") == "satu\n"
    assert [p.name for p in tmp_path.iterdir()] == ["b.json"]
    # the temporary it had made carries the name a re-run's clean-up recognises as notulen's
    assert len(seen) == 1 and seen[0].startswith(".b.json" + writers.TEMPORARY_MARK) and seen[0].endswith(".tmp")


def test_forked_processes_draw_other_temporary_names():
    import multiprocessing

    with multiprocessing.get_context("fork").Pool(2) as pool:
        children = pool.map(_temporary_names, range(2))
    assert len({tuple(names) for names in children + [_temporary_names(0)]}) == 3


def _temporary_names(_) -> list[str]:
    from pipeline import writers

    return [writers._NAMES.choice(writers._NAME_CHARACTERS) for _ in range(16)]


@pytest.mark.parametrize("text", [
    "Rapat dibuka oleh Bupati Lahat pada hari Senin, 4 Maret 2019.",
    "Kontrol \x01\x1f\x7f, tab\t, \"kutip\" \\ miring, é, 🎉, \u2028 pemisah baris.",
])
def test_fast_json_is_byte_for_byte_the_standard_librarys(pipeline, text):
    from dataclasses import asdict

    record = pipeline.record(text)
    assert record_to_json(record) == json.dumps(asdict(record), ensure_ascii=False, indent=2) + "\n"


def test_json_with_a_lone_surrogate_stays_valid():
    data = record_to_json({"text": "Rapat \udc80 dibuka."})
    assert json.loads(data) == {"text": "Rapat \udc80 dibuka."}


_CELL = st.one_of(st.none(), st.booleans(), st.integers(-5, 10**6),
                  st.text(alphabet=st.sampled_from(list('ab ,;"\'\n\r\t=+-@é')), max_size=12))


@given(st.lists(st.fixed_dictionaries({"a": _CELL, "b": _CELL, "c": _CELL}), max_size=5), st.sampled_from([",", ";"]))
@settings(max_examples=200, deadline=None)
def test_csv_lines_equal_what_pandas_writes(rows, sep):
    from pipeline.writers import _frame_csv, csv_lines

    assert csv_lines(rows, ["a", "b", "c"], sep) == _frame_csv(rows, ["a", "b", "c"], sep, header=False)


@given(st.lists(st.tuples(*[st.text(alphabet=st.sampled_from(list('ab ,;"\n/é')), max_size=10)] * 3), max_size=4),
       st.sampled_from([",", ";"]))
@settings(max_examples=100, deadline=None)
def test_errors_csv_equals_what_pandas_writes(rows, sep):
    from pipeline.writers import errors_csv

    frame = pd.DataFrame(rows, columns=["path", "code", "message"])
    assert errors_csv(rows, sep=sep) == frame.to_csv(index=False, sep=sep, lineterminator="\n")
