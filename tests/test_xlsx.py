"""The Excel workbook: one sheet per table equal to table_rows, real dates, text never a formula; and
neutralise_formula for the CSV variant."""
from __future__ import annotations

import datetime as dt
import io
import json
import re
import tracemalloc
import zipfile

import pytest
from openpyxl import load_workbook

from minutes_texts import ROADSHOW
from pipeline import batch
from pipeline.writers import TABLES, table_rows
from pipeline.xlsx import DATE_COLUMNS, neutralise_formula, workbook_bytes, write_xlsx

FORMULAS = """=HYPERLINK("http://contoh.invalid","klik") NOTULEN RAPAT

Hari/Tanggal    : Selasa, 14 Maret 2023
Tempat          : Aula Bappeda Kabupaten Gowa
Pimpinan Rapat  : Sekretaris Bappeda Kabupaten Gowa
Peserta         : 1. Kepala Dinas Kesehatan Kabupaten Gowa
                  2. Camat se-Kabupaten Gowa

Hasil Pembahasan :
a. =1+1 data sasaran belum terintegrasi.
b. @SUM(A1:A9) anggaran pemeliharaan jalan masih terbatas.

Tindak Lanjut :
1. -Bappeda menghimpun data sasaran paling lambat tanggal 24 Maret 2023.
2. +Dinas PUPR menyusun daftar ruas jalan prioritas.
"""


UNDATED = "Rapat membahas usulan RKPD di Aula Bappeda Kota Bitung.\n"

ERRORS = [("rusak.pdf", "read_error", "=cmd|' /C calc'!A0"), ("besar.txt", "too_large", "@over the limit")]


@pytest.fixture(scope="module")
def docs(extract) -> list[dict]:
    return [dict(extract(FORMULAS), id="gowa"), dict(extract(ROADSHOW), id="muara_enim"),
            dict(extract(UNDATED), id="bitung")]


@pytest.fixture(scope="module")
def workbook(docs, tmp_path_factory):
    path = tmp_path_factory.mktemp("xlsx") / "tables.xlsx"
    write_xlsx(path, docs, ERRORS)
    return path, load_workbook(path)


def _expected(value, column):
    if value == "":
        return None
    if column in DATE_COLUMNS and value is not None:
        return dt.datetime.combine(dt.date.fromisoformat(value), dt.time())
    return value


def test_the_documents_cover_what_is_checked(docs):
    rows = {name: [r for d in docs for r in table_rows(d)[name]] for name in TABLES}
    assert rows["meetings"][0]["title"].startswith("=HYPERLINK(")
    assert {r["text"][:5] for r in rows["issues"]} >= {"=1+1 ", "@SUM("}
    assert any(r["deadline"] for r in rows["follow_ups"]) and any(r["deadline"] is None for r in rows["follow_ups"])
    assert rows["meetings"][2]["date"] is None and rows["programs"]


def test_sheets_equal_table_rows(workbook, docs):
    _, wb = workbook
    assert wb.sheetnames == [*TABLES, "errors"]
    for name, columns in TABLES.items():
        ws = wb[name]
        expected = [r for d in docs for r in table_rows(d)[name]]
        got = list(ws.iter_rows(values_only=True))
        assert list(got[0]) == columns
        assert len(got) == len(expected) + 1
        for row, want in zip(got[1:], expected):
            assert list(row) == [_expected(want[c], c) for c in columns], name
    errors = list(wb["errors"].iter_rows(values_only=True))
    assert errors == [("path", "code", "message"), *ERRORS]


def test_text_is_stored_as_text_never_a_formula(workbook):
    path, wb = workbook
    formula_like = []
    for ws in wb.worksheets:
        for row in ws.iter_rows(min_row=2):
            for cell in row:
                if isinstance(cell.value, str):
                    assert cell.data_type == "s", (ws.title, cell.coordinate, cell.value)
                    if cell.value[:1] in "=+-@":
                        formula_like.append(cell.value[:11])
    assert {"=HYPERLINK(", "=1+1 data s", "@SUM(A1:A9)", "=cmd|' /C c", "@over the l"} <= set(formula_like)
    with zipfile.ZipFile(path) as archive:
        sheets = [n for n in archive.namelist() if n.startswith("xl/worksheets/sheet")]
        assert len(sheets) == 6
        for name in sheets:
            assert not re.search(rb"<f[ >]", archive.read(name)), name


def test_dates_are_excel_dates(workbook):
    _, wb = workbook
    for name, column in (("meetings", "date"), ("follow_ups", "deadline")):
        ws = wb[name]
        index = TABLES[name].index(column) + 1
        cells = [ws.cell(row=r, column=index) for r in range(2, ws.max_row + 1)]
        dated = [c for c in cells if c.value is not None]
        assert dated
        for cell in dated:
            assert isinstance(cell.value, dt.datetime) and cell.is_date and cell.number_format == "yyyy-mm-dd"
    assert wb["meetings"]["E2"].value == dt.datetime(2023, 3, 14)


def test_header_frozen_filtered_and_sized(workbook):
    _, wb = workbook
    for ws in wb.worksheets:
        assert ws.freeze_panes == "A2"
        assert ws.auto_filter.ref == f"A1:{ws.cell(row=1, column=ws.max_column).column_letter}{ws.max_row}"
        assert all(cell.font.bold for cell in ws[1])
        widths = [ws.column_dimensions[cell.column_letter].width for cell in ws[1]]
        assert all(8 <= w <= 60 for w in widths), (ws.title, widths)


def test_document_cells_link_to_the_meeting_row(workbook):
    _, wb = workbook
    meetings = {wb["meetings"].cell(row=r, column=1).value: r for r in range(2, wb["meetings"].max_row + 1)}
    for name in ("attendees", "issues", "programs", "follow_ups"):
        ws = wb[name]
        for r in range(2, ws.max_row + 1):
            cell = ws.cell(row=r, column=1)
            assert cell.hyperlink is not None and cell.hyperlink.location == f"'meetings'!A{meetings[cell.value]}"


def test_written_atomically_and_deterministically(docs, tmp_path):
    path = tmp_path / "out" / "tables.xlsx"
    path.parent.mkdir()
    path.write_bytes(b"old")
    write_xlsx(path, docs, ERRORS)
    first = path.read_bytes()
    write_xlsx(path, docs, ERRORS)
    assert path.read_bytes() == first == workbook_bytes(docs, ERRORS)
    assert [p.name for p in path.parent.iterdir()] == ["tables.xlsx"]
    with zipfile.ZipFile(path) as archive:  # nothing from the clock, so a later run gives the same bytes
        assert {info.date_time for info in archive.infolist()} == {(1980, 1, 1, 0, 0, 0)}
        core = archive.read("docProps/core.xml").decode()
        assert re.findall(r"<dcterms:(?:created|modified)[^>]*>([^<]*)<", core) == ["1980-01-01T00:00:00Z"] * 2


def test_control_characters_do_not_break_the_workbook(docs, tmp_path):
    doc = dict(docs[1], title=dict(docs[1]["title"], text="RAPAT\x0cHALAMAN\x00DUA"))
    write_xlsx(tmp_path / "t.xlsx", [doc], [])
    assert load_workbook(tmp_path / "t.xlsx")["meetings"]["D2"].value == "RAPAT\ufffdHALAMAN\ufffdDUA"


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("=1+1", "'=1+1"),
        ('=HYPERLINK("http://x","y")', '\'=HYPERLINK("http://x","y")'),
        ("+62 812", "'+62 812"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1:A9)", "'@SUM(A1:A9)"),
        ("\t=1+1", "'\t=1+1"),
        ("\r=1+1", "'\r=1+1"),
        ("Kepala Bappeda", "Kepala Bappeda"),
        ("a=b", "a=b"),
        (" =1", " =1"),
        ("", ""),
        ("'=1", "'=1"),
    ],
)
def test_neutralise_formula(value, expected):
    assert neutralise_formula(value) == expected


def test_neutralise_formula_leaves_non_text_alone():
    assert neutralise_formula(None) is None and neutralise_formula(-5) == -5


class _Copies:
    """``count`` copies of a document under their own ids, made as they are read, like the JSON files batch passes."""

    def __init__(self, doc: dict, count: int):
        self.doc, self.count = doc, count

    def __iter__(self):
        return (dict(self.doc, id=f"{self.doc['id']}-{i:05d}") for i in range(self.count))


def _peak_bytes(path, docs) -> int:
    tracemalloc.start()
    try:
        write_xlsx(path, docs, ERRORS)
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def test_memory_does_not_grow_with_the_number_of_documents(docs, tmp_path):
    """The rows stream from the documents to openpyxl's files; only the ids and an int per linked row stay."""
    doc = docs[1]
    assert sum(len(rows) for rows in table_rows(doc).values()) >= 10
    small, large = _peak_bytes(tmp_path / "small.xlsx", _Copies(doc, 50)), _peak_bytes(tmp_path / "large.xlsx", _Copies(doc, 200))
    assert len(load_workbook(tmp_path / "large.xlsx", read_only=True)["meetings"]["A201"].value) > 0
    assert large < 1.5 * small, (small, large)


def test_documents_are_read_twice_so_an_iterator_is_refused(docs):
    with pytest.raises(TypeError, match="read twice"):
        workbook_bytes(iter(docs), ERRORS)
    assert workbook_bytes(_Copies(docs[1], 2), []) == workbook_bytes(list(_Copies(docs[1], 2)), [])


def test_a_run_with_xlsx_writes_the_workbook_of_its_json(tmp_path, monkeypatch, rules, pipeline):
    """batch hands the workbook its JSON files to read twice, one at a time, and its error rows."""
    monkeypatch.setattr(batch, "_init_worker", lambda rules_dir: setattr(batch, "_PIPELINE", pipeline))
    src = tmp_path / "in"
    src.mkdir()
    (src / "gowa.txt").write_text(FORMULAS, encoding="utf-8")
    (src / "muara_enim.txt").write_text(ROADSHOW, encoding="utf-8")
    (src / "rusak.pdf").write_bytes(b"%PDF-1.4 cut short")
    out = tmp_path / "out"
    batch.run([src], out, rules_dir=rules.folder, rules_digest=rules.digest, timeout=None, xlsx=True,
              stderr=io.StringIO())
    wb = load_workbook(out / "minutes.xlsx")
    stored = [json.loads(p.read_text(encoding="utf-8")) for p in sorted((out / "json").rglob("*.json"))]
    assert [r[0] for r in wb["meetings"].iter_rows(min_row=2, values_only=True)] == [d["id"] for d in stored]
    assert wb["issues"].max_row - 1 == sum(len(d["issues"]) for d in stored) > 0
    assert [r[:2] for r in wb["errors"].iter_rows(min_row=2, values_only=True)] == [("rusak.pdf", "corrupt")]
