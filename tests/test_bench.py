"""Tests for pipeline.bench: it measures, it does not assert speed (these machines are shared)."""
from __future__ import annotations

from pathlib import Path

from pipeline import bench

SAMPLES = Path(__file__).resolve().parent.parent / "samples"


def test_corpus_documents_are_all_different_and_seed_sized(tmp_path):
    bench.make_corpus(tmp_path, 30, SAMPLES)
    texts = [p.read_text(encoding="utf-8") for p in sorted(tmp_path.glob("*.txt"))]
    assert len(texts) == 30 and len(set(texts)) == 30
    assert all(500 < len(t) < 20_000 for t in texts)


def test_bench_report_has_every_run_and_the_ratios(tmp_path):
    report = bench.run(count=4, repeats=1, keep=tmp_path)
    for row in ("import spacy", "notulen show (start-up)", "baseline spacy.blank('id')",
                "notulen extract --jobs 1", "notulen extract --jobs 2"):
        assert row in report
    for ratio in ("vs baseline:", "--jobs 2 vs --jobs 1:", "start-up vs import spacy:"):
        line = next(line for line in report.splitlines() if ratio in line)
        assert float(line.rsplit(" ", 1)[1].rstrip("x")) > 0
    assert len(list((tmp_path / "out1" / "json").glob("*.json"))) == 4
    assert "kernel ms/doc" in report
    record = next(line for line in report.splitlines() if line.startswith("Pipeline.record in one process:"))
    assert float(record.split(":")[1].split()[0]) > 0
    if bench.SEED_CORPUS.is_file():  # the seed report's variants, when ../shared is beside the checkout
        assert "seed: notulen extract --jobs 1" in report and "seed: notulen --jobs 1 vs baseline:" in report
        assert len(list((tmp_path / "seed").glob("*.txt"))) == 4


def test_bench_times_another_checkout_beside_this_one(tmp_path):
    """--against: Pipeline.record of another checkout, in the same run (here this very checkout)."""
    checkout = Path(__file__).resolve().parent.parent
    report = bench.run(count=3, repeats=1, keep=tmp_path, against=checkout)
    line = next(line for line in report.splitlines() if line.startswith(f"Pipeline.record of {checkout}:"))
    assert float(line.split(":")[1].split()[0]) > 0 and "as fast)" in line


def test_bench_refuses_a_folder_that_is_no_checkout(tmp_path):
    import pytest

    with pytest.raises(SystemExit, match="not a notulen checkout"):
        bench.run(count=2, repeats=1, keep=tmp_path, against=tmp_path)


def test_record_is_timed_part_by_part_for_every_checkout_in_lockstep(tmp_path):
    """--against times both versions a tenth of the corpus at a time, in turn: every part, every version."""
    bench.make_corpus(tmp_path, 20, SAMPLES)
    checkout = Path(__file__).resolve().parent.parent
    times = bench._record_parts(tmp_path, [None, checkout])
    assert len(times) == 2 and all(len(parts) == bench.PARTS for parts in times)
    assert all(ms > 0 for parts in times for ms in parts)  # two documents a part


def test_each_parts_fastest_run_counts():
    """Noise on a shared machine only adds time: of several runs, each part's fastest is kept."""
    assert bench._record_ms([[3.0, 1.0, 2.0], [1.0, 5.0, 2.0]], docs=4) == (1.0 + 1.0 + 2.0) / 4
