"""Tests for pipeline.batch: bad inputs beside good ones, incremental and interrupted runs, workers, CSV options.

Every input is written by the test under ``tmp_path``. Runs with one worker reuse the session's
pipeline (``reuse_pipeline``) instead of building a new one each time, to keep the file fast;
the ``jobs=2`` and interrupted-run tests build their pipelines in real worker processes.
"""
from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import docx
import pandas as pd
import pytest

from minutes_texts import LAHAT
from processes import kill_when
from pipeline import batch
from pipeline.rules import RuleSet

WAJO = """Rapat koordinasi Musrenbang dilaksanakan pada hari Selasa, 14 Maret 2023 pukul 10.00 WITA bertempat \
di Ruang Rapat Bappeda Kabupaten Wajo. Rapat dipimpin oleh Sekretaris Daerah Kabupaten Wajo dan dihadiri oleh \
Kepala Dinas Pertanian, Kepala Dinas Kesehatan dan para Camat se-Kabupaten Wajo.
"""
AMBON = """BERITA ACARA MUSRENBANG

Pada hari Kamis, 7 Maret 2024 pukul 08.30 WIT bertempat di Aula Kantor Wali Kota Ambon telah dilaksanakan \
Musrenbang RKPD Kota Ambon Tahun 2025. Musrenbang dibuka oleh Wali Kota Ambon.
"""


@pytest.fixture
def reuse_pipeline(monkeypatch, pipeline):
    """Single-worker runs use the session pipeline rather than building one per run."""

    def init(rules_dir: str) -> None:
        assert Path(rules_dir) == pipeline.rules_dir
        batch._PIPELINE = pipeline

    monkeypatch.setattr(batch, "_init_worker", init)


def run(rules: RuleSet, paths, out: Path, **options) -> batch.Summary:
    options.setdefault("rules_digest", rules.digest)
    options.setdefault("stderr", _Lines())
    return batch.run([Path(p) for p in paths], out, rules_dir=rules.folder, **options)


def tree(folder: Path) -> dict[str, bytes]:
    """Every file under ``folder`` by its relative path, with its bytes."""
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def outputs(out: Path) -> dict[str, bytes]:
    """The files a user reads: json/, csv/ and errors.csv (not the manifest)."""
    files = {f"json/{k}": v for k, v in tree(out / "json").items()} if (out / "json").is_dir() else {}
    files.update({f"csv/{k}": v for k, v in tree(out / "csv").items()})
    files["errors.csv"] = (out / "errors.csv").read_bytes()
    return files


def write_minutes(folder: Path) -> dict[str, str]:
    """Three good minutes, one in a subfolder; returns their relative paths and texts."""
    docs = {"lahat.txt": LAHAT, "sulsel/wajo.md": WAJO, "ambon.txt": AMBON}
    for rel, text in docs.items():
        (folder / rel).parent.mkdir(parents=True, exist_ok=True)
        (folder / rel).write_text(text, encoding="utf-8")
    return docs


def generated_minutes(folder: Path, count: int) -> list[str]:
    """``count`` distinct minutes named doc00.txt, doc01.txt, ...; returns their stems."""
    folder.mkdir(parents=True, exist_ok=True)
    stems = []
    for i in range(count):
        stem = f"doc{i:02d}"
        text = LAHAT.replace("KOORDINASI", f"KOORDINASI KE-{i + 1}") + "\n" + WAJO * 3
        (folder / f"{stem}.txt").write_text(text, encoding="utf-8")
        stems.append(stem)
    return stems


def meetings(out: Path, sep: str = ",") -> pd.DataFrame:
    return pd.read_csv(out / "csv" / "meetings.csv", sep=sep, dtype=str, keep_default_na=False)


# -- bad inputs beside good ones

MAX_BYTES = 100_000
BAD_INPUTS = {  # relative path -> errors.csv code
    "kosong.txt": "empty",
    "spasi.txt": "empty",
    "biner.txt": "binary",
    "rusak_kodean.txt": "undecodable",
    "rusak.docx": "corrupt",
    "hancur.pdf": "corrupt",
    "besar.txt": "too_large",
}


def write_bad_corpus(folder: Path) -> None:
    (folder / "kosong.txt").write_bytes(b"")
    (folder / "spasi.txt").write_bytes(b"  \n\t \r\n   \n")
    (folder / "biner.txt").write_bytes(b"\x00\x01\x02\x03PK\x00\xff" * 64)
    (folder / "rusak_kodean.txt").write_bytes(bytes(range(0x80, 0x100)) * 8)
    (folder / "rusak.docx").write_bytes(b"PK\x03\x04 this is not a zip archive at all")
    (folder / "hancur.pdf").write_bytes(b"%PDF-1.4\n1 0 obj << /Type /Catalog")
    (folder / "besar.txt").write_text(LAHAT * (MAX_BYTES // len(LAHAT) + 1), encoding="utf-8")
    (folder / "catatan.xyz").write_text("bukan notulen", encoding="utf-8")
    (folder / ".tersembunyi.txt").write_text(LAHAT, encoding="utf-8")
    word = docx.Document()
    word.add_paragraph("NOTULEN RAPAT FORUM PERANGKAT DAERAH")
    word.add_paragraph("Rapat dilaksanakan pada hari Rabu, 3 Februari 2016 pukul 08.30 WIB bertempat di Ruang "
                       "Pertemuan Pemda Kabupaten Lahat. Rapat dibuka oleh Bupati Lahat.")
    word.save(folder / "forum.docx")


def test_bad_inputs_are_reported_once_and_good_ones_extracted(tmp_path, monkeypatch, rules, reuse_pipeline):
    monkeypatch.chdir(tmp_path)
    src, out = tmp_path / "in", tmp_path / "out"
    good = write_minutes(src)
    write_bad_corpus(src)
    before = tree(src)
    stderr = _Lines()

    summary = run(rules, [src], out, max_bytes=MAX_BYTES, stderr=stderr)

    good_json = {"lahat.json", "sulsel/wajo.json", "ambon.json", "forum.json"}
    assert set(tree(out / "json")) == good_json
    lahat = json.loads((out / "json" / "lahat.json").read_text(encoding="utf-8"))
    assert (lahat["source"]["path"], lahat["meeting"]["date"]) == ("lahat.txt", "2016-02-01")
    wajo = json.loads((out / "json" / "sulsel" / "wajo.json").read_text(encoding="utf-8"))
    assert (wajo["id"], wajo["source"]["path"], wajo["source"]["format"]) == ("wajo", "sulsel/wajo.md", "md")
    forum = json.loads((out / "json" / "forum.json").read_text(encoding="utf-8"))
    assert (forum["source"]["format"], forum["meeting"]["date"]) == ("docx", "2016-02-03")

    errors = pd.read_csv(out / "errors.csv", dtype=str, keep_default_na=False)
    assert list(errors.columns) == ["path", "code", "message"]
    by_name = {Path(p).name: code for p, code in zip(errors["path"], errors["code"])}
    assert len(by_name) == len(errors) == len(BAD_INPUTS) + 1
    assert by_name == {**BAD_INPUTS, "catatan.xyz": "skipped"}
    assert all(errors["message"]), "every error row explains itself"
    assert sorted(line.split(": ")[1] for line in stderr) == sorted(str(src / rel) for rel in BAD_INPUTS)

    assert (summary.files, summary.done, summary.unchanged, summary.failed, summary.skipped) == (
        len(good) + 1 + len(BAD_INPUTS) + 1, len(good) + 1, 0, len(BAD_INPUTS), 1)
    assert sorted(e.relative for e in summary.errors) == sorted(BAD_INPUTS)
    assert set(meetings(out)["document"]) == {"lahat", "wajo", "ambon", "forum"}

    assert tree(src) == before, "inputs are never modified"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["in", "out"], "nothing is written outside out"


def test_errors_csv_paths_are_relative_for_skipped_files_too(tmp_path, rules, reuse_pipeline):
    src = tmp_path / "in"
    src.mkdir()
    (src / "kosong.txt").write_bytes(b"")
    (src / "catatan.xyz").write_text("bukan notulen", encoding="utf-8")
    run(rules, [src], tmp_path / "out")
    errors = pd.read_csv(tmp_path / "out" / "errors.csv", dtype=str, keep_default_na=False)
    assert sorted(errors["path"]) == ["catatan.xyz", "kosong.txt"]


def _suffix_twins(tmp_path: Path) -> tuple[Path, Path]:
    """An input folder with rapat.txt and rapat.docx (two documents, one name), and an output folder."""
    src, out = tmp_path / "in", tmp_path / "out"
    src.mkdir()
    (src / "rapat.txt").write_text(LAHAT, encoding="utf-8")
    word = docx.Document()
    word.add_paragraph(WAJO)
    word.save(src / "rapat.docx")
    return src, out


def test_inputs_differing_only_in_suffix_are_not_lost(tmp_path, rules, reuse_pipeline):
    src, out = _suffix_twins(tmp_path)
    summary = run(rules, [src], out)
    errors = pd.read_csv(out / "errors.csv", dtype=str, keep_default_na=False)
    assert summary.done + summary.failed == 2
    assert len(tree(out / "json")) + len(errors) == 2



def test_discovery_lists_each_file_once_however_it_is_reached(tmp_path):
    src = tmp_path / "in"
    (src / "2016" / ".draft").mkdir(parents=True)
    (src / "2016" / "lahat.txt").write_text(LAHAT, encoding="utf-8")
    (src / "2016" / ".draft" / "x.txt").write_text(LAHAT, encoding="utf-8")
    (src / "2016" / "foto.jpg").write_bytes(b"\xff\xd8")
    (src / "salinan.txt").symlink_to(src / "2016" / "lahat.txt")  # a second name for the same file
    (src / "tautan").symlink_to(src / "2016", target_is_directory=True)
    (src / "putus.txt").symlink_to(src / "hilang.txt")  # broken: listed, fails alone when read
    files, skipped = batch.discover([src, src / "2016" / "lahat.txt"])
    assert [f.name for f in files] == ["putus.txt", "salinan.txt"]  # the first name met walking the folder
    assert [p.as_posix() for p in skipped] == ["2016/foto.jpg"]
    only, skipped = batch.discover([src], include=["*.txt", "2016/*"], exclude=["putus*", "salinan.txt"])
    assert [f.name for f in only] == ["2016/lahat.txt"] and [p.as_posix() for p in skipped] == ["2016/foto.jpg"]

# -- incremental runs


def test_second_run_reports_every_file_unchanged(tmp_path, rules, reuse_pipeline):
    src, out = tmp_path / "in", tmp_path / "out"
    write_minutes(src)
    first = run(rules, [src], out)
    written = outputs(out)
    second = run(rules, [src], out)
    assert (first.done, first.unchanged) == (3, 0)
    assert (second.files, second.done, second.unchanged, second.failed) == (3, 0, 3, 0)
    assert outputs(out) == written


def test_changed_content_redoes_only_that_file(tmp_path, rules, reuse_pipeline):
    src, out = tmp_path / "in", tmp_path / "out"
    write_minutes(src)
    run(rules, [src], out)
    os.utime(src / "ambon.txt", (1_000_000_000, 1_000_000_000))  # a new time alone changes nothing
    touched = run(rules, [src], out)
    assert (touched.done, touched.unchanged) == (0, 3)
    (src / "lahat.txt").write_text(LAHAT.replace("Aula Bappeda", "Ruang Rapat Bappeda"), encoding="utf-8")

    summary = run(rules, [src], out)

    assert (summary.done, summary.unchanged) == (1, 2)
    lahat = json.loads((out / "json" / "lahat.json").read_text(encoding="utf-8"))
    assert lahat["meeting"]["venue"]["text"] == "Ruang Rapat Bappeda Kabupaten Lahat"
    assert meetings(out).set_index("document").loc["lahat", "venue"] == "Ruang Rapat Bappeda Kabupaten Lahat"


def test_a_run_that_redoes_one_file_writes_what_a_fresh_run_writes(tmp_path, rules, reuse_pipeline):
    """Unchanged documents are read back in input order around the one redone: tables, pages and
    index come out the same bytes as extracting everything anew."""
    src = tmp_path / "in"
    write_minutes(src)
    run(rules, [src], tmp_path / "again")
    (src / "lahat.txt").write_text(LAHAT.replace("Aula Bappeda", "Ruang Rapat Bappeda"), encoding="utf-8")
    summary = run(rules, [src], tmp_path / "again")
    run(rules, [src], tmp_path / "fresh")
    assert (summary.done, summary.unchanged) == (1, 2)
    assert outputs(tmp_path / "again") == outputs(tmp_path / "fresh")
    assert tree(tmp_path / "again" / "review") == tree(tmp_path / "fresh" / "review")


def test_a_failed_file_whose_id_clashed_leaves_the_other_page_its_plain_name(tmp_path, rules, reuse_pipeline):
    """Page names avoid ids that differ only in case; when one of the two fails, the other's page
    ends up under its plain name, and the index links to it."""
    src, out = tmp_path / "in", tmp_path / "out"
    src.mkdir()
    (src / "Rapat.txt").write_text(LAHAT, encoding="utf-8")
    (src / "rapat.pdf").write_bytes(b"%PDF-1.4 not really a pdf")
    summary = run(rules, [src], out)
    assert (summary.done, summary.failed) == (1, 1)
    assert sorted(p.name for p in (out / "review" / "docs").iterdir()) == ["Rapat.html"]
    assert 'href="docs/Rapat.html"' in (out / "review" / "index.html").read_text(encoding="utf-8")


@pytest.mark.parametrize("change", [{"force": True}, {"rules_digest": "0" * 64}], ids=["force", "new_rules"])
def test_force_or_changed_rules_redo_every_file(tmp_path, rules, reuse_pipeline, change):
    src, out = tmp_path / "in", tmp_path / "out"
    write_minutes(src)
    run(rules, [src], out)
    summary = run(rules, [src], out, **change)
    assert (summary.done, summary.unchanged) == (3, 0)


def test_removed_input_drops_out_of_the_tables(tmp_path, rules, reuse_pipeline):
    src, out = tmp_path / "in", tmp_path / "out"
    write_minutes(src)
    run(rules, [src], out)
    assert sorted(meetings(out)["document"]) == ["ambon", "lahat", "wajo"]
    (src / "ambon.txt").unlink()

    summary = run(rules, [src], out)

    assert (summary.files, summary.unchanged) == (2, 2)
    assert sorted(meetings(out)["document"]) == ["lahat", "wajo"]
    for name in ("issues", "attendees"):
        table = pd.read_csv(out / "csv" / f"{name}.csv", dtype=str, keep_default_na=False)
        assert "ambon" not in set(table["document"])


# -- an interrupted run resumes


def test_killed_run_resumes_without_duplicates_or_temporaries(tmp_path):
    src, out = tmp_path / "in", tmp_path / "out"
    stems = generated_minutes(src, 40)
    command = [sys.executable, "-m", "pipeline", "extract", str(src), "--out", str(out), "--jobs", "1"]
    kill_when(command, lambda: any((out / "json").glob("*.json")))
    assert 0 < len(list((out / "json").glob("*.json"))) < len(stems), "the kill landed mid-run"

    rerun = subprocess.run(command, capture_output=True, text=True, timeout=120)

    assert rerun.returncode == 0, rerun.stderr
    assert sorted(p.relative_to(out / "json").as_posix() for p in (out / "json").rglob("*") if p.is_file()) == [
        f"{stem}.json" for stem in stems]
    table = meetings(out)
    assert sorted(table["document"]) == stems, "exactly one meetings row per document"
    assert not [p for p in out.rglob(".*.tmp")], "no temporary files are left behind"
    assert json.loads((out / "manifest.json").read_text(encoding="utf-8"))["complete"] is True


def test_a_killed_run_keeps_every_journalled_document_and_redoes_only_the_rest(tmp_path):
    """Documents are journalled as they land, a group one worker ran in one write: after a kill,
    every journalled document has its JSON and the next run keeps it (does not write it again); the
    others are done again, and the folder ends as a run that was never killed leaves it."""
    src = tmp_path / "in"
    stems = generated_minutes(src, 40)

    def command(out: Path) -> list[str]:
        return [sys.executable, "-m", "pipeline", "extract", str(src), "--out", str(out), "--jobs", "1"]

    out = tmp_path / "out"
    journal = out / ".journal.jsonl"
    kill_when(command(out), lambda: journal.is_file() and journal.stat().st_size > 0)
    journalled = [json.loads(line)["path"] for line in journal.read_bytes().splitlines()]
    assert 0 < len(journalled) < len(stems), "the kill landed mid-run"
    assert journalled == [f"{stem}.txt" for stem in stems[:len(journalled)]], "in input order, each once"
    kept = {name: os.stat(out / "json" / f"{Path(name).stem}.json").st_ino for name in journalled}

    rerun = subprocess.run(command(out), capture_output=True, text=True, timeout=120)

    assert rerun.returncode == 0, rerun.stderr
    assert f"{len(stems) - len(journalled)} done, {len(journalled)} unchanged" in rerun.stderr + rerun.stdout
    assert {name: os.stat(out / "json" / f"{Path(name).stem}.json").st_ino for name in journalled} == kept
    whole = tmp_path / "whole"
    assert subprocess.run(command(whole), capture_output=True, timeout=120).returncode == 0
    assert outputs(out) == outputs(whole) and tree(out / "review") == tree(whole / "review")
    assert not journal.exists() and not [p for p in out.rglob(".*.tmp")]


def test_rerun_removes_temporaries_left_by_a_killed_write(tmp_path, rules, reuse_pipeline):
    src, out = tmp_path / "in", tmp_path / "out"
    write_minutes(src)
    run(rules, [src], out)
    leftover = out / "json" / ".lahat.json.notulen-k1ll3d.tmp"
    leftover.write_text('{"id": "lah', encoding="utf-8")
    run(rules, [src], out)
    assert not [p for p in out.rglob(".*.tmp")]


# -- workers, determinism and CSV options


def test_two_workers_write_the_same_bytes_as_one(tmp_path, rules, reuse_pipeline, monkeypatch):
    src = tmp_path / "in"
    write_minutes(src)
    generated_minutes(src / "generated", 4)
    (src / "kosong.txt").write_bytes(b"")
    serial = tmp_path / "serial"
    run(rules, [src], serial, jobs=1)
    monkeypatch.undo()  # the workers build their own pipelines

    summary = run(rules, [src], tmp_path / "parallel", jobs=2)

    assert (summary.done, summary.failed) == (7, 1)
    assert outputs(tmp_path / "parallel") == outputs(serial)


def test_two_runs_into_two_folders_are_byte_identical(tmp_path, rules, reuse_pipeline):
    src = tmp_path / "in"
    write_minutes(src)
    run(rules, [src], tmp_path / "a")
    run(rules, [src], tmp_path / "b")
    a, b = outputs(tmp_path / "a"), outputs(tmp_path / "b")
    assert len([k for k in a if k.startswith("json/")]) == 3
    assert a == b


def test_csv_separator_semicolon(tmp_path, rules, reuse_pipeline):
    src, out = tmp_path / "in", tmp_path / "out"
    write_minutes(src)
    run(rules, [src], out, csv_sep=";")
    text = (out / "csv" / "meetings.csv").read_text(encoding="utf-8")
    assert text.startswith("document;source_path;format;title;date;")
    assert not text.startswith("\ufeff")
    table = meetings(out, sep=";")
    assert table.set_index("document").loc["wajo", "date"] == "2023-03-14"
    assert (out / "errors.csv").read_text(encoding="utf-8") == "path;code;message\n"


def test_csv_for_excel_starts_with_a_utf8_bom(tmp_path, rules, reuse_pipeline):
    src, out = tmp_path / "in", tmp_path / "out"
    write_minutes(src)
    run(rules, [src], out, excel=True)
    for table in ("meetings", "attendees", "issues", "programs", "follow_ups"):
        data = (out / "csv" / f"{table}.csv").read_bytes()
        assert data.startswith(b"\xef\xbb\xbfdocument,"), table
        assert not data[3:].startswith(b"\xef\xbb\xbf")
    assert (out / "errors.csv").read_bytes().startswith(b"\xef\xbb\xbfpath,code,message\n")
    assert not (out / "json" / "lahat.json").read_bytes().startswith(b"\xef\xbb\xbf"), "JSON never has a BOM"


class _Lines(list):
    """A stand-in for stderr that keeps each printed line."""

    def write(self, text: str) -> None:
        self.extend(line for line in text.splitlines() if line)

    def flush(self) -> None:
        pass


# -- hung and dying workers


_ORIGINAL_PROCESS = batch._process


def _treacherous_process(job):
    """Hang on "macet.txt", die on "mati.txt" and grab memory on "rakus.txt", as pathological files would."""
    if job.relative.endswith("macet.txt"):
        time.sleep(60)
    if job.relative.endswith("mati.txt"):
        os._exit(9)
    if job.relative.endswith("rakus.txt"):
        pipeline = batch._PIPELINE

        class Greedy:
            def record_file(self, *args, **kwargs):
                return [bytearray(256 * 1024 * 1024) for _ in range(64)]  # 16 GB: over any sane limit

        batch._PIPELINE = Greedy()
        try:
            return _ORIGINAL_PROCESS(job)
        finally:
            batch._PIPELINE = pipeline
    return _ORIGINAL_PROCESS(job)


@pytest.fixture
def treacherous_worker(monkeypatch):
    monkeypatch.setattr(batch, "_process", _treacherous_process)


def test_a_hung_file_times_out_and_the_batch_goes_on(tmp_path, rules, reuse_pipeline, treacherous_worker):
    src, out = tmp_path / "in", tmp_path / "out"
    write_minutes(src)
    (src / "macet.txt").write_text(LAHAT, encoding="utf-8")
    started = time.monotonic()
    summary = run(rules, [src], out, timeout=3, jobs=1)
    assert time.monotonic() - started < 45
    assert (summary.done, summary.failed) == (3, 1)
    errors = pd.read_csv(out / "errors.csv", dtype=str, keep_default_na=False)
    assert list(zip(errors["path"], errors["code"])) == [("macet.txt", "timeout")]
    assert "--timeout" in errors["message"][0]


def test_a_dying_worker_is_replaced_and_the_batch_goes_on(tmp_path, rules, reuse_pipeline, treacherous_worker):
    src, out = tmp_path / "in", tmp_path / "out"
    write_minutes(src)
    (src / "mati.txt").write_text(LAHAT, encoding="utf-8")
    summary = run(rules, [src], out, jobs=2)
    assert (summary.done, summary.failed) == (3, 1)
    errors = pd.read_csv(out / "errors.csv", dtype=str, keep_default_na=False)
    assert list(zip(errors["path"], errors["code"])) == [("mati.txt", "worker_died")]
    assert len(tree(out / "json")) == 3


def test_a_file_that_exhausts_memory_fails_alone(tmp_path, rules, reuse_pipeline, treacherous_worker):
    src, out = tmp_path / "in", tmp_path / "out"
    write_minutes(src)
    (src / "rakus.txt").write_text(LAHAT, encoding="utf-8")
    summary = run(rules, [src], out, jobs=1, max_memory_mb=1024)
    assert (summary.done, summary.failed) == (3, 1)
    errors = pd.read_csv(out / "errors.csv", dtype=str, keep_default_na=False)
    assert list(zip(errors["path"], errors["code"])) == [("rakus.txt", "out_of_memory")]
    assert "--max-memory" in errors["message"][0]


def test_small_text_files_go_to_workers_in_groups_and_anything_else_alone(tmp_path):
    src = tmp_path / "in"
    generated_minutes(src, 11)
    (src / "doc05.pdf").write_bytes(b"%PDF-1.4\n")
    (src / "doc08.txt").write_text("x" * (batch.GROUP_MAX_BYTES + 1), encoding="utf-8")
    files, _ = batch.discover([src])
    groups = [[f.name for f, _ in group] for group in batch._groups(files, [None] * len(files))]
    assert [name for group in groups for name in group] == [f.name for f in files], "every file once, in order"
    assert groups[:3] == [["doc00.txt", "doc01.txt", "doc02.txt", "doc03.txt", "doc04.txt"], ["doc05.pdf"],
                          ["doc05.txt", "doc06.txt", "doc07.txt"]]
    assert groups[3] == ["doc08.txt"] and all(len(g) <= batch.GROUP_MAX_DOCS for g in groups)


def test_a_hung_file_in_a_group_fails_alone_and_its_group_is_kept(tmp_path, rules, reuse_pipeline, treacherous_worker):
    src, out = tmp_path / "in", tmp_path / "out"
    stems = generated_minutes(src, 5)
    (src / "macet.txt").write_text(LAHAT, encoding="utf-8")  # between doc04 and the rest: one group
    summary = run(rules, [src], out, timeout=2, jobs=2)
    assert (summary.done, summary.failed) == (5, 1)
    assert sorted(tree(out / "json")) == sorted(f"{s}.json" for s in stems)


# -- hostile and unlucky output folders (issue 13)


def test_a_second_run_into_a_locked_folder_refuses_before_any_work(tmp_path, rules, reuse_pipeline):
    import fcntl

    src, out = tmp_path / "in", tmp_path / "out"
    write_minutes(src)
    out.mkdir()
    with open(out / batch.LOCK_NAME, "ab") as held:  # as a run in progress holds it
        fcntl.flock(held, fcntl.LOCK_EX | fcntl.LOCK_NB)
        with pytest.raises(batch.NotulenError, match="another notulen run is writing to this folder"):
            run(rules, [src], out)
    assert sorted(p.name for p in out.iterdir()) == [batch.LOCK_NAME], "nothing was written or deleted"
    run(rules, [src], out)  # once the other run is over
    assert not (out / batch.LOCK_NAME).exists()


def _a_file(tmp: Path) -> Path:
    (tmp / "a_file.txt").write_text("x", encoding="utf-8")
    return tmp / "a_file.txt"


def _json_is_a_file(tmp: Path) -> Path:
    (tmp / "out").mkdir()
    (tmp / "out" / "json").write_text("x", encoding="utf-8")
    return tmp / "out"


@pytest.mark.parametrize("make", [_a_file, lambda tmp: Path("/dev/null"), _json_is_a_file])
def test_an_unusable_out_is_refused_before_any_input_is_read(tmp_path, rules, reuse_pipeline, make):
    src = tmp_path / "in"
    write_minutes(src)
    out = make(tmp_path)
    with pytest.raises(batch.NotulenError) as refused:
        run(rules, [src], out)
    assert "\n" not in str(refused.value) and "choose another --out" in str(refused.value)


def test_out_inside_the_input_folder_is_never_read_as_input(tmp_path, rules, reuse_pipeline):
    for name, where in (("in", "hasil"), ("in2", "")):
        src = tmp_path / name
        write_minutes(src)
        for _ in range(3):
            summary = run(rules, [src], src / where, force=True)
            assert (summary.files, summary.done, summary.skipped) == (3, 3, 0)
        assert sorted(meetings(src / where)["document"]) == ["ambon", "lahat", "wajo"]


def test_only_temporaries_notulen_named_are_deleted(tmp_path, rules, reuse_pipeline):
    src = tmp_path / "in"
    write_minutes(src)
    mine = [src / "draft.tmp", src / ".catatan.tmp", src / "json" / ".lahat.json.k1ll3d.tmp"]
    for path in mine:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("milik pengguna", encoding="utf-8")
    run(rules, [src], src)
    assert all(p.read_text(encoding="utf-8") == "milik pengguna" for p in mine)


@pytest.mark.parametrize("where", ["manifest", "journal"])
@pytest.mark.parametrize("name", ["ABSOLUTE", "../../korban.json", "sub/../../korban.json", "link/korban.json"])
def test_paths_read_from_the_output_folder_stay_inside_it(tmp_path, rules, reuse_pipeline, where, name):
    src, out, outside = tmp_path / "in", tmp_path / "out", tmp_path / "elsewhere"
    write_minutes(src)
    outside.mkdir()
    victim = outside / "korban.json"
    victim.write_text("{}", encoding="utf-8")
    (tmp_path / "korban.json").write_text("{}", encoding="utf-8")
    run(rules, [src], out)
    (out / "json" / "link").symlink_to(outside)
    name = str(victim) if name == "ABSOLUTE" else name
    entry = {"status": "done", "sha256": "0", "json": name}
    if where == "manifest":
        manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
        manifest["documents"]["gone.txt"] = entry
        (out / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    else:
        digest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))["rules_digest"]
        (out / ".journal.jsonl").write_text(json.dumps({"rules_digest": digest, "path": "gone.txt", **entry}) + "\n")
    run(rules, [src], out)
    assert victim.exists() and (tmp_path / "korban.json").exists()


def test_a_removed_suffix_twin_leaves_no_json_behind(tmp_path, rules, reuse_pipeline):
    src, out = _suffix_twins(tmp_path)
    run(rules, [src], out)
    assert sorted(p.name for p in (out / "json").iterdir()) == ["rapat.json", "rapat.txt.json"]
    (src / "rapat.docx").unlink()
    run(rules, [src], out)
    assert sorted(p.name for p in (out / "json").iterdir()) == ["rapat.json"]
    assert batch.rebuild_review(out) == 1, "the review lists what the batch does"


def test_the_same_name_in_two_folders_gets_two_document_keys(tmp_path, rules, reuse_pipeline):
    src, out = tmp_path / "in", tmp_path / "out"
    for year, text in (("2023", LAHAT), ("2024", WAJO)):
        (src / year).mkdir(parents=True)
        (src / year / "rapat.txt").write_text(text, encoding="utf-8")
    (src / "ambon.txt").write_text(AMBON, encoding="utf-8")
    run(rules, [src], out)
    table = meetings(out)
    assert list(table["document"]) == ["2023/rapat", "2024/rapat", "ambon"]
    assert list(table["source_path"]) == ["2023/rapat.txt", "2024/rapat.txt", "ambon.txt"]
    attendees = pd.read_csv(out / "csv" / "attendees.csv", dtype=str, keep_default_na=False)
    assert set(attendees["document"]) <= {"ambon", "2023/rapat", "2024/rapat"}
    assert json.loads((out / "json" / "2024" / "rapat.json").read_text(encoding="utf-8"))["id"] == "2024/rapat"


@pytest.mark.parametrize("names", [["a/b/rapat.txt", "c/rapat.txt"], ["x/rapat.txt", "x/rapat.md", "y/rapat.txt"],
                                   ["rapat.txt", "rapat.md", "lain/rapat.md"]])
def test_document_keys_are_unique(tmp_path, names):
    for name in names:
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("rapat", encoding="utf-8")
    files, _ = batch.discover([tmp_path])
    assert len({f.doc_id for f in files}) == len(files) == len(names)


def test_a_newline_in_a_file_name_keeps_its_error_on_one_line(tmp_path, rules, reuse_pipeline):
    src, out = tmp_path / "in", tmp_path / "out"
    src.mkdir()
    (src / "kosong\nbaru.txt").write_bytes(b"")
    stderr = _Lines()
    run(rules, [src], out, stderr=stderr)
    assert len(stderr) == 1 and "kosong\\nbaru.txt" in stderr[0], list(stderr)


def test_a_multi_line_library_message_is_one_line_in_every_table(tmp_path, rules, reuse_pipeline, monkeypatch, pipeline):
    src, out = tmp_path / "in", tmp_path / "out"
    write_minutes(src)

    def explode(*args, **kwargs):
        raise ValueError("first line\n  second line\n  third\n  fourth\n  fifth")

    monkeypatch.setattr(pipeline, "record_file", explode)
    stderr = _Lines()
    run(rules, [src], out, stderr=stderr)
    errors = pd.read_csv(out / "errors.csv", dtype=str)
    assert all("\n" not in m for m in errors["message"])
    assert "second line" not in (out / "review" / "index.html").read_text(encoding="utf-8")


def test_the_index_counts_skipped_files_apart_from_failed_ones(tmp_path, rules, reuse_pipeline):
    src, out = tmp_path / "in", tmp_path / "out"
    write_minutes(src)
    (src / "catatan.xyz").write_text("bukan notulen", encoding="utf-8")
    run(rules, [src], out)
    index = (out / "review" / "index.html").read_text(encoding="utf-8")
    assert "3 documents, 0 failed files, 1 skipped" in index


def test_a_run_with_nothing_to_do_says_why_and_how_to_redo(tmp_path, rules, reuse_pipeline):
    src, out = tmp_path / "in", tmp_path / "out"
    write_minutes(src)
    run(rules, [src], out)
    assert "--force" in run(rules, [src], out).line()
    assert "--force" not in run(rules, [src], out, force=True).line()
