"""Tests for pipeline.cli: exit statuses, the exact one-line error messages, show, rules check and eval."""
from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from minutes_texts import LAHAT
from pipeline import batch  # imported at collection, as in any process that imports notulen before running it
from pipeline.cli import main

WAJO = """Rapat koordinasi Musrenbang dilaksanakan pada hari Selasa, 14 Maret 2023 pukul 10.00 WITA bertempat \
di Ruang Rapat Bappeda Kabupaten Wajo. Rapat dipimpin oleh Sekretaris Daerah Kabupaten Wajo.
"""
EMPTY_MESSAGE = "empty: file is empty (0 bytes); check that the right file was exported"


@pytest.fixture
def minutes(tmp_path) -> Path:
    """A folder with two good minutes."""
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "lahat.txt").write_text(LAHAT, encoding="utf-8")
    (folder / "wajo.txt").write_text(WAJO, encoding="utf-8")
    return folder


def test_extract_all_good_exits_0_with_a_summary_line(minutes, tmp_path, capsys):
    out = tmp_path / "out"
    assert main(["extract", str(minutes), "--out", str(out), "--jobs", "1"]) == 0
    captured = capsys.readouterr()
    assert captured.out == ""
    assert re.fullmatch(rf"notulen: 2 files: 2 done, 0 unchanged, 0 skipped, 0 failed in \d+\.\d s "
                        rf"\(\d+\.\d documents/s\); output in {re.escape(str(out))}\n", captured.err), captured.err
    assert sorted(p.name for p in (out / "json").iterdir()) == ["lahat.json", "wajo.json"]


def test_extract_with_a_failed_file_exits_1_and_names_it(minutes, tmp_path, capsys):
    assert batch.run.__kwdefaults__["stderr"] is not sys.stderr, "capsys has replaced sys.stderr"
    (minutes / "kosong.txt").write_bytes(b"")
    out = tmp_path / "out"
    assert main(["extract", str(minutes), "--out", str(out), "--jobs", "1"]) == 1
    lines = capsys.readouterr().err.splitlines()
    assert lines[0] == f"notulen: {minutes / 'kosong.txt'}: {EMPTY_MESSAGE}"
    assert lines[1].startswith("notulen: 3 files: 2 done, 0 unchanged, 0 skipped, 1 failed in ")
    assert len(lines) == 2


def test_extract_with_a_failed_file_exits_1_and_names_it_in_a_process(minutes, tmp_path):
    (minutes / "kosong.txt").write_bytes(b"")
    command = [sys.executable, "-m", "pipeline", "extract", str(minutes), "--out", str(tmp_path / "out"),
               "--jobs", "1", "--quiet"]
    result = subprocess.run(command, capture_output=True, text=True, timeout=120)
    assert result.returncode == 1, result.stderr
    assert result.stderr == f"notulen: {minutes / 'kosong.txt'}: {EMPTY_MESSAGE}\n"
    assert sorted(p.name for p in (tmp_path / "out" / "json").iterdir()) == ["lahat.json", "wajo.json"]


def test_the_command_flushes_its_output_and_exit_code_in_a_process(minutes):
    """``notulen`` ends without tearing the interpreter down: what it printed must all be there."""
    def notulen(*argv):
        return subprocess.run([sys.executable, "-m", "pipeline", *argv], capture_output=True, text=True, timeout=120)

    shown = notulen("show", str(minutes / "lahat.txt"), "--json")
    assert shown.returncode == 0, shown.stderr
    assert json.loads(shown.stdout)["meeting"]["date"]
    missing = notulen("show", str(minutes / "tidak-ada.txt"))
    assert missing.returncode == 2 and missing.stderr.startswith("notulen: ") and missing.stdout == ""
    helped = notulen("--help")
    assert helped.returncode == 0 and helped.stdout.startswith("usage: notulen")
    wrong = notulen("frobnicate")
    assert wrong.returncode == 2 and "invalid choice" in wrong.stderr


@pytest.mark.parametrize("argv", [
    [],
    ["frobnicate"],
    ["extract", "in"],
    ["extract", "in", "--out", "out", "--jobs", "dua"],
    ["rules"],
    ["show"],
    ["eval", "--gold", "gold", "--min", "bogus=1"],
    ["eval", "--gold", "gold", "--min", "overall=tinggi"],
], ids=["no_command", "unknown_command", "no_out", "jobs_not_a_number", "rules_no_action", "show_no_file",
        "eval_unknown_field", "eval_bound_not_a_number"])
def test_usage_errors_exit_2(argv, tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    with pytest.raises(SystemExit) as exit_info:
        main(argv)
    assert exit_info.value.code == 2
    err = capsys.readouterr().err
    assert err.startswith("usage: notulen")
    assert "notulen" in err.splitlines()[-1] and "error: " in err.splitlines()[-1]
    assert list(tmp_path.iterdir()) == []


def test_missing_input_path_exits_2(tmp_path, capsys):
    missing, out = tmp_path / "tidak_ada", tmp_path / "out"
    assert main(["extract", str(missing), "--out", str(out)]) == 2
    assert capsys.readouterr().err == f"notulen: {missing}: no such file or folder\n"
    assert not out.exists()


@pytest.mark.parametrize("option, message", [
    (["--jobs", "0"], "--jobs must be at least 1"),
    (["--csv-sep", ";;"], "--csv-sep must be one character other than a quote or a newline, e.g. ';'"),
], ids=["jobs_0", "csv_sep_two_characters"])
def test_bad_option_values_exit_2(minutes, tmp_path, capsys, option, message):
    out = tmp_path / "out"
    assert main(["extract", str(minutes), "--out", str(out), *option]) == 2
    assert capsys.readouterr().err == f"notulen: {message}\n"
    assert not out.exists()


@pytest.fixture
def broken_rules(tmp_path, rules_dir) -> tuple[Path, list[str]]:
    """A copy of rules/ with an unknown token attribute and a duplicate id; returns it and the expected lines."""
    folder = tmp_path / "rules"
    shutil.copytree(rules_dir, folder)

    attendees = yaml.safe_load((folder / "attendees.yaml").read_text(encoding="utf-8"))
    index = next(i for i, r in enumerate(attendees["rules"]) if r["id"] == "dihadiri_oleh")
    tokens = attendees["rules"][index]["tokens"]
    token = next(t for t, spec in enumerate(tokens) if "LOWER" in spec)
    tokens[token]["LOWR"] = tokens[token].pop("LOWER")
    (folder / "attendees.yaml").write_text(yaml.safe_dump(attendees, allow_unicode=True), encoding="utf-8")

    venue = yaml.safe_load((folder / "venue.yaml").read_text(encoding="utf-8"))
    duplicate = len(venue["rules"])
    venue["rules"].append({"id": "dihadiri_oleh", "label": "VENUE_CUE", "phrase": "hadir di"})
    (folder / "venue.yaml").write_text(yaml.safe_dump(venue, allow_unicode=True), encoding="utf-8")

    return folder, [
        f"notulen: rules/attendees.yaml: rules[{index}] (id=dihadiri_oleh).tokens[{token}]: unknown attribute 'LOWR'",
        f"notulen: rules/venue.yaml: rules[{duplicate}] (id=dihadiri_oleh): duplicate id 'dihadiri_oleh' "
        "(first in rules/attendees.yaml)",
    ]


def test_rules_check_reports_every_problem_and_exits_2(broken_rules, capsys):
    folder, expected = broken_rules
    assert main(["rules", "check", "--rules", str(folder)]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.splitlines() == expected
    assert "Traceback" not in captured.err


def test_extract_with_invalid_rules_exits_2_before_reading_anything(broken_rules, minutes, tmp_path, capsys):
    folder, expected = broken_rules
    out = tmp_path / "out"
    assert main(["extract", str(minutes), "--out", str(out), "--rules", str(folder)]) == 2
    assert capsys.readouterr().err.splitlines() == expected
    assert not out.exists()


def test_rules_check_of_the_shipped_rules_exits_0(rules_dir, capsys):
    assert main(["rules", "check", "--rules", str(rules_dir)]) == 0
    captured = capsys.readouterr()
    assert re.fullmatch(rf"notulen: {re.escape(str(rules_dir))}: \d+ rules, \d+ lexicons, \d+ abbreviations, "
                        r"\d+ provinces, \d+ kabupaten/kota: all valid\n", captured.out), captured.out
    assert captured.err == ""


def test_show_prints_a_readable_summary(minutes, capsys):
    assert main(["show", str(minutes / "lahat.txt")]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == "lahat.txt  (txt)"
    assert "  when       2016-02-01 (Senin) 09:00 WIB" in lines
    assert "  where      Aula Bappeda Kabupaten Lahat" in lines
    assert "  opened by  Bupati Lahat" in lines


def test_show_json_prints_the_document_json(minutes, capsys):
    assert main(["show", str(minutes / "wajo.txt"), "--json"]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert (doc["id"], doc["meeting"]["date"], doc["meeting"]["venue"]["text"]) == (
        "wajo", "2023-03-14", "Ruang Rapat Bappeda Kabupaten Wajo")


def test_show_unreadable_file_exits_1_and_names_it(tmp_path, capsys):
    empty = tmp_path / "kosong.txt"
    empty.write_bytes(b"")
    assert main(["show", str(empty)]) == 1
    captured = capsys.readouterr()
    assert (captured.out, captured.err) == ("", f"notulen: {empty}: {EMPTY_MESSAGE}\n")


@pytest.fixture
def gold_dir(tmp_path) -> Path:
    """One document and its gold file, in the format of shared/eval/gold; one gold issue is never extracted."""
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "lahat.txt").write_text(LAHAT, encoding="utf-8")
    gold = tmp_path / "gold"
    gold.mkdir()
    (gold / "lahat.json").write_text(json.dumps({
        "id": "lahat",
        "source": "../docs/lahat.txt",
        "kind": "rapat",
        "gold": {
            "date": "2016-02-01", "time_start": "09:00", "time_end": None, "timezone": "WIB",
            "venue": "Aula Bappeda Kabupaten Lahat", "region": "Kabupaten Lahat", "opened_by": "Bupati Lahat",
            "attendees": ["Kepala Bappeda Kabupaten Lahat", "Para Camat", "staf Bappeda Kabupaten Lahat"],
            "issues": ["masih tingginya persentase penduduk miskin", "kondisi jalan kabupaten yang belum mantap",
                       "angka stunting yang masih tinggi"],
            "programs": [],
        },
    }, ensure_ascii=False, indent=2), encoding="utf-8")
    return gold


def test_eval_below_min_exits_1(gold_dir, capsys):
    assert main(["eval", "--gold", str(gold_dir), "--min", "overall=1.01"]) == 1
    out = capsys.readouterr().out.splitlines()
    assert out[0] == "lahat\tissues\tmissed\tangka stunting yang masih tinggi"
    assert out[2].split() == ["field", "P", "R", "F1", "tp", "fp", "fn"]
    assert out[3].split() == ["date", "1.000", "1.000", "1.000", "1", "0", "0"]
    assert [line.split()[0] for line in out[3:-1]] == [
        "date", "time_start", "time_end", "timezone", "venue", "region", "opened_by", "attendees", "issues",
        "programs", "overall"]
    assert re.fullmatch(r"FAIL: overall F1 0\.\d{3} < 1\.01 \| 1 documents", out[-1]), out[-1]


def test_eval_above_min_exits_0(gold_dir, capsys):
    assert main(["eval", "--gold", str(gold_dir), "--min", "overall=0.5", "--quiet"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0].split()[:4] == ["field", "P", "R", "F1"]
    assert out[-2].split()[0] == "overall" and float(out[-2].split()[3]) >= 0.5
    assert out[-1] == "1 documents"


def test_python_m_pipeline_help():
    result = subprocess.run([sys.executable, "-m", "pipeline", "--help"], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("usage: notulen")
    for command in ("extract", "show", "rules", "eval"):
        assert command in result.stdout
    assert result.stderr == ""


@pytest.mark.parametrize(("option", "message"), [
    (["--csv-sep", '"'], "--csv-sep must be one character other than a quote or a newline, e.g. ';'"),
    (["--csv-sep", "\n"], "--csv-sep must be one character other than a quote or a newline, e.g. ';'"),
    (["--timeout", "-1"], "--timeout must not be negative"),
    (["--max-memory", "-5"], "--max-memory must not be negative"),
    (["--year", "-2024"], "--year must not be negative"),
    (["--max-bytes", "-1"], "--max-bytes must not be negative"),
])
def test_extract_refuses_options_it_cannot_honour(minutes, tmp_path, capsys, option, message):
    out = tmp_path / "out"
    assert main(["extract", str(minutes), "--out", str(out), "--jobs", "1", *option]) == 2
    assert capsys.readouterr().err == f"notulen: {message}\n"
    assert not out.exists()


def test_extract_into_a_file_exits_2_with_one_line(minutes, tmp_path, capsys):
    target = tmp_path / "hasil.txt"
    target.write_text("bukan folder", encoding="utf-8")
    assert main(["extract", str(minutes), "--out", str(target), "--jobs", "1"]) == 2
    assert capsys.readouterr().err == (f"notulen: {target}: --out must be a folder, and this is a file or a device; "
                                       "choose another --out\n")


def test_a_second_run_into_the_same_folder_exits_2_with_one_line(minutes, tmp_path):
    """Two processes at once: the second refuses in one line while the first holds the folder."""
    import fcntl

    out = tmp_path / "out"
    out.mkdir()
    with open(out / batch.LOCK_NAME, "ab") as held:
        fcntl.flock(held, fcntl.LOCK_EX | fcntl.LOCK_NB)
        result = subprocess.run([sys.executable, "-m", "pipeline", "extract", str(minutes), "--out", str(out),
                                 "--jobs", "1"], capture_output=True, text=True, timeout=120)
    assert result.returncode == 2
    assert result.stderr == (f"notulen: {out}: another notulen run is writing to this folder; wait for it to finish "
                             "or choose another --out\n")
