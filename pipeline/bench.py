"""``notulen bench``: measure notulen against a spaCy baseline in the same run, and print figures.

Generates a corpus of N seed-sized documents from the shipped samples (with dates, times and
names varied so no two are alike), then alternates whole-process runs of

* the baseline: a script that only runs ``spacy.blank("id")`` over the same files, and
* ``notulen extract --jobs 1`` (and ``--jobs 2``) with its default outputs,

and reports documents per second, the ratio, start-up time against ``python -c "import spacy"``,
and the peak resident memory of each run. Nothing here is asserted: these machines are shared
and noisy, so the figures are only meaningful side by side.
"""
from __future__ import annotations

import compileall
import os
import platform
import random
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

BASELINE = """
import sys, pathlib, spacy
nlp = spacy.blank("id")
for path in sorted(pathlib.Path(sys.argv[1]).rglob("*.txt")):
    nlp(path.read_text(encoding="utf-8"))
"""

MEASURE = """
import resource, subprocess, sys, time
started = time.perf_counter()
code = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL).returncode
seconds = time.perf_counter() - started
print(code, seconds, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
"""


@dataclass
class Measurement:
    seconds: float
    peak_rss_mb: float


def make_corpus(folder: Path, count: int, samples: Path, seed: int = 7) -> None:
    """Write ``count`` documents into ``folder``, each a sample with its numbers and names varied."""
    texts = [p.read_text(encoding="utf-8") for p in sorted(samples.glob("*.txt"))]
    if not texts:
        raise SystemExit(f"no samples in {samples}")
    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    for i in range(count):
        text = texts[i % len(texts)]
        text = re.sub(r"\b([0-2]?\d)\b(?= [A-Z][a-z]+ \d{4})", lambda m: str(rng.randint(1, 28)), text)
        text = re.sub(r"\b(\d{2})\.(\d{2})\b", lambda m: f"{rng.randint(7, 15):02d}.{rng.choice(['00', '15', '30', '45'])}", text)
        (folder / f"doc{i:06d}.txt").write_text(text + f"\n\nDokumen {i}.\n", encoding="utf-8")


def _measure(cmd: list[str]) -> Measurement:
    out = subprocess.run([sys.executable, "-c", MEASURE, *cmd], capture_output=True, text=True, check=True).stdout
    code, seconds, rss_kb = out.split()
    if code != "0":
        raise SystemExit(f"command failed ({code}): {' '.join(cmd)}")
    return Measurement(float(seconds), int(rss_kb) / 1024)


def machine() -> str:
    model = ""
    try:
        model = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                      if line.startswith("model name")), "")
    except OSError:
        pass
    return f"{platform.system()} {platform.machine()}, {os.cpu_count()} cores {model}, Python {platform.python_version()}"


def run(count: int = 3000, repeats: int = 2, samples: Path | None = None, keep: Path | None = None) -> str:
    """Run the benchmark and return its report."""
    samples = samples or Path(__file__).resolve().parent.parent / "samples"
    # start-up is measured as users meet it: with notulen's modules byte-compiled, as pip
    # install or a first run leaves them (a machine with PYTHONDONTWRITEBYTECODE never writes
    # them, and would time compiling ~5,000 lines of source in every process instead)
    compileall.compile_dir(str(Path(__file__).resolve().parent), quiet=1)
    work = Path(keep) if keep else Path(tempfile.mkdtemp(prefix="notulen-bench-"))
    corpus = work / "corpus"
    shutil.rmtree(corpus, ignore_errors=True)
    make_corpus(corpus, count, samples)
    small = work / "small"
    shutil.rmtree(small, ignore_errors=True)
    make_corpus(small, max(1, count // 10), samples)
    notulen = [sys.executable, "-m", "pipeline"]
    rows: dict[str, list[Measurement]] = {}
    documents: dict[str, int] = {}

    def record(name: str, cmd: list[str], docs: int = 0, out: Path | None = None) -> None:
        if out is not None:
            # every run extracts into an empty folder, as a first run does (replacing thousands of
            # existing files costs more on some file systems, and would differ between repeats)
            shutil.rmtree(out, ignore_errors=True)
        rows.setdefault(name, []).append(_measure(cmd))
        documents[name] = docs

    one_file = next(iter(sorted(corpus.glob("*.txt"))))
    for _ in range(repeats):  # alternate, so drift in machine load hits all alike
        record("import spacy", [sys.executable, "-c", "import spacy"])
        record("notulen show (start-up)", [*notulen, "show", str(one_file)])
        record("baseline spacy.blank('id')", [sys.executable, "-c", BASELINE, str(corpus)], count)
        record("notulen extract --jobs 1", [*notulen, "extract", str(corpus), "--out", str(work / "out1"), "--jobs", "1",
                                            "--quiet"], count, work / "out1")
        record("notulen extract --jobs 2", [*notulen, "extract", str(corpus), "--out", str(work / "out2"), "--jobs", "2",
                                            "--quiet"], count, work / "out2")
        record(f"notulen extract --jobs 1, {len(list(small.glob('*.txt')))} docs",
               [*notulen, "extract", str(small), "--out", str(work / "out3"), "--jobs", "1", "--quiet"],
               len(list(small.glob("*.txt"))), work / "out3")
    median = {name: Measurement(statistics.median(m.seconds for m in ms), max(m.peak_rss_mb for m in ms))
              for name, ms in rows.items()}
    lines = [f"notulen bench: {count} documents ({sum(p.stat().st_size for p in corpus.glob('*.txt')) // count} bytes "
             f"each on average), median of {repeats} alternating runs", f"machine: {machine()}",
             "peak RSS: the largest of the run's processes (with --jobs N, each worker and the parent)", "",
             f"{'run':<38} {'seconds':>8} {'docs/s':>8} {'peak RSS MB':>12}"]
    for name, m in median.items():
        docs = documents[name]
        rate = f"{docs / m.seconds:8.0f}" if docs else f"{'':>8}"
        lines.append(f"{name:<38} {m.seconds:8.2f} {rate} {m.peak_rss_mb:12.0f}")
    base = median["baseline spacy.blank('id')"].seconds
    lines += ["",
              f"notulen --jobs 1 vs baseline: {base / median['notulen extract --jobs 1'].seconds:.2f}x",
              f"notulen --jobs 2 vs --jobs 1: {median['notulen extract --jobs 1'].seconds / median['notulen extract --jobs 2'].seconds:.2f}x",
              f"start-up vs import spacy:     {median['notulen show (start-up)'].seconds / median['import spacy'].seconds:.2f}x"]
    if not keep:
        shutil.rmtree(work, ignore_errors=True)
    return "\n".join(lines)


if __name__ == "__main__":
    print(run(int(sys.argv[1]) if len(sys.argv) > 1 else 300))
