"""Golden files and evaluation gates.

samples/ in, outputs/ committed: a run over the samples must reproduce outputs/ byte for byte.
Regenerating them is an explicit command, never a side effect of a test:

    notulen extract samples --out outputs --force
"""
from __future__ import annotations

import difflib
import json
from pathlib import Path

import jsonschema
import pytest

from pipeline import batch
from pipeline.evaluate import FIELDS, Report, load_gold, prediction_fields, resolve_source, score_document
from pipeline.schema import SCHEMA_PATH, schema_text
from pipeline.writers import record_to_dict

ROOT = Path(__file__).resolve().parent.parent
SAMPLES, OUTPUTS, OWN_GOLD = ROOT / "samples", ROOT / "outputs", ROOT / "tests" / "gold"
HOLDOUT_GOLDS = [ROOT / "tests" / name / "gold" for name in ("holdout", "holdout2", "holdout3", "holdout4", "holdout5", "holdout6")]
REGENERATE = "notulen extract samples --out outputs --force"


@pytest.fixture(scope="module")
def fresh_outputs(tmp_path_factory, rules) -> Path:
    out = tmp_path_factory.mktemp("outputs")
    summary = batch.run([SAMPLES], out, rules_dir=rules.folder, rules_digest=rules.digest, jobs=1)
    assert summary.failed == 0
    return out


def _compared_files(folder: Path) -> list[str]:
    return sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*")
                  if p.is_file() and p.parts[len(folder.parts)] in ("json", "csv", "review", "errors.csv"))


def test_samples_reproduce_the_committed_outputs(fresh_outputs):
    expected, got = _compared_files(OUTPUTS), _compared_files(fresh_outputs)
    assert got == expected, f"output files differ; regenerate with: {REGENERATE}"
    for name in expected:
        want = (OUTPUTS / name).read_bytes()
        have = (fresh_outputs / name).read_bytes()
        if want != have:
            diff = "\n".join(difflib.unified_diff(want.decode().splitlines(), have.decode().splitlines(),
                                                  f"outputs/{name}", f"fresh/{name}", lineterm="", n=2))
            pytest.fail(f"{name} changed (if intended, regenerate with: {REGENERATE}):\n{diff[:6000]}")


def test_there_are_enough_samples_in_varied_styles():
    samples = sorted(SAMPLES.glob("*.txt"))
    assert len(samples) >= 12
    assert len({p.read_text(encoding="utf-8")[:40] for p in samples}) == len(samples)


def test_published_schema_is_current():
    assert SCHEMA_PATH.read_text(encoding="utf-8") == schema_text(), "regenerate: python -m pipeline.schema > pipeline/schema/minutes.schema.json"


def test_every_output_validates_against_the_schema():
    schema = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    validator = jsonschema.Draft202012Validator(schema)
    files = sorted((OUTPUTS / "json").rglob("*.json"))
    assert files
    for path in files:
        errors = sorted(validator.iter_errors(json.loads(path.read_text(encoding="utf-8"))), key=str)
        assert not errors, f"{path.name}: {errors[0].message}"


def _evaluate(pipeline, gold_dir: Path) -> Report:
    report = Report()
    for gold_path, gold in load_gold(gold_dir):
        record = pipeline.record_file(resolve_source(gold_path, gold["source"]), doc_id=gold_path.stem)
        score_document(gold_path.stem, gold["gold"], prediction_fields(record_to_dict(record)), report)
    return report


def _f1(report: Report, field: str) -> float:
    return (report.overall() if field == "overall" else report.counts[field]).prf()[2]


def test_seed_scores_one_on_every_field(pipeline, shared):
    gold_dir = shared / "eval" / "gold"
    seed = [p for p in gold_dir.glob("*.json") if json.loads(p.read_text(encoding="utf-8"))["source"].startswith("../seeds/")]
    assert seed
    report = Report()
    for path in seed:
        gold = json.loads(path.read_text(encoding="utf-8"))
        record = pipeline.record_file(resolve_source(path, gold["source"]), doc_id=path.stem)
        score_document(path.stem, gold["gold"], prediction_fields(record_to_dict(record)), report)
    assert report.mistakes == []
    for field in FIELDS:
        c = report.counts[field]
        assert c.fp == 0 and c.fn == 0, field


# floors from the issue on real-world minutes; the measured table is printed with -s
DEV_FLOORS = {"date": 0.95, "venue": 0.85, "attendees": 0.85, "issues": 0.85, "programs": 0.80, "overall": 0.90}


def test_shared_dev_set_meets_its_floors(pipeline, shared):
    report = _evaluate(pipeline, shared / "eval" / "gold")
    print("\n" + report.table())
    below = {f: round(_f1(report, f), 3) for f, floor in DEV_FLOORS.items() if _f1(report, f) < floor}
    assert not below, f"below the floor: {below}; misses: {report.mistakes[:20]}"


def test_own_samples_gold_meets_the_same_floors(pipeline):
    report = _evaluate(pipeline, OWN_GOLD)
    print("\n" + report.table())
    below = {f: round(_f1(report, f), 3) for f, floor in DEV_FLOORS.items() if _f1(report, f) < floor}
    assert not below, f"below the floor: {below}; misses: {report.mistakes[:20]}"


@pytest.mark.parametrize("gold_dir", HOLDOUT_GOLDS, ids=lambda p: p.parent.name)
def test_holdout_sets_meet_the_same_floors(pipeline, gold_dir):
    """Documents written apart from the rules, in the styles of real reports: a check on generalising."""
    report = _evaluate(pipeline, gold_dir)
    print("\n" + report.table())
    below = {f: round(_f1(report, f), 3) for f, floor in DEV_FLOORS.items() if _f1(report, f) < floor}
    assert not below, f"below the floor: {below}; misses: {report.mistakes[:20]}"


# floors of the real-reports issue on 40 published reports; their texts live beside the checkout
# (../real-texts, restored as ../shared/eval/real/README.md says), never in it
REAL_FLOORS = {"date": 0.95, "venue": 0.90, "region": 0.95, "opened_by": 0.85, "attendees": 0.90, "issues": 0.75,
               "programs": 0.70, "overall": 0.90}
REAL_TEXTS = ROOT.parent / "real-texts"


def test_real_reports_meet_their_floors(pipeline, shared):
    gold_dir = shared / "eval" / "real" / "gold"
    if not gold_dir.is_dir() or not REAL_TEXTS.is_dir():
        pytest.skip("../real-texts is not restored beside this checkout")
    report = Report()
    for gold_path, gold in load_gold(gold_dir):
        text = REAL_TEXTS / f"{gold_path.stem}.txt"
        if not text.is_file():
            pytest.skip(f"{text} is not restored")
        record = pipeline.record_file(text, doc_id=gold_path.stem)
        score_document(gold_path.stem, gold["gold"], prediction_fields(record_to_dict(record)), report)
    print("\n" + report.table())
    below = {f: round(_f1(report, f), 3) for f, floor in REAL_FLOORS.items() if _f1(report, f) < floor}
    assert not below, f"below the floor: {below}; misses: {report.mistakes[:20]}"
    # no fishing: every field that predicted anything is right at least 85% of the time
    imprecise = {f: round(c.prf()[0], 3) for f, c in report.counts.items() if c.tp + c.fp and c.prf()[0] < 0.85}
    assert not imprecise, f"precision below .85: {imprecise}"
