"""``notulen bench``: measure notulen against a spaCy baseline in the same run, and print figures.

Generates a corpus of N seed-sized documents from the shipped samples (with dates, times and
names varied so no two are alike), then alternates whole-process runs of

* the baseline: a script that only runs ``spacy.blank("id")`` over the same files, and
* ``notulen extract --jobs 1`` (and ``--jobs 2``) with its default outputs,

and reports documents per second, the ratio, start-up time against ``python -c "import spacy"``,
the peak resident memory and the kernel time per document of each run, and ``Pipeline.record``'s
CPU time per document in one process (with ``--against``, of another checkout too: the two
processes time the corpus a tenth at a time in lockstep, and each tenth's fastest run counts).
When the seed corpus generator of ``../shared/bench`` is beside the checkout, the same runs are
made over its variants of the seed report too. Nothing here is asserted: these machines are
shared and noisy, so the figures are only meaningful side by side.
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
usage = resource.getrusage(resource.RUSAGE_CHILDREN)
print(code, seconds, usage.ru_maxrss, usage.ru_stime)
"""

# Pipeline.record alone, in a process of its own, a part of the corpus at a time as the bench asks
# (a line with the part's number; it answers with the part's CPU milliseconds), after a first pass
# that fills the vocabulary and the look-up caches, as a long batch has them
RECORD = """
import pathlib, sys, time
from pipeline.api import Pipeline
texts = [p.read_text(encoding="utf-8") for p in sorted(pathlib.Path(sys.argv[1]).glob("*.txt"))]
size = int(sys.argv[2])
pipe = Pipeline()
for text in texts[:50]:
    pipe.record(text)
print("ready", flush=True)
for line in sys.stdin:
    part = texts[int(line) * size:(int(line) + 1) * size]
    started = time.process_time()
    for text in part:
        pipe.record(text)
    print((time.process_time() - started) * 1000, flush=True)
"""
PARTS = 10  # the corpus in ten parts, each timed for every version in turn

SEED_CORPUS = Path(__file__).resolve().parents[2] / "shared" / "bench" / "seed_corpus.py"


@dataclass
class Measurement:
    seconds: float
    peak_rss_mb: float
    kernel_seconds: float = 0.0


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
    code, seconds, rss_kb, kernel = out.split()
    if code != "0":
        raise SystemExit(f"command failed ({code}): {' '.join(cmd)}")
    return Measurement(float(seconds), int(rss_kb) / 1024, float(kernel))


def _record_parts(corpus: Path, checkouts: list[Path | None]) -> list[list[float]]:
    """``Pipeline.record``'s CPU milliseconds on each part of ``corpus``, for each checkout (None:
    this one), each in a process of its own. The processes take the parts in lockstep, one part
    each in turn, the first to go changing from part to part: a slow moment of the machine falls on
    a part of every version alike, not on the whole run of one of them."""
    size = -(-len(list(corpus.glob("*.txt"))) // PARTS)
    procs = [subprocess.Popen([sys.executable, "-c", RECORD, str(corpus), str(size)], cwd=checkout,
                              stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)  # -c: cwd first on the path
             for checkout in checkouts]
    try:
        for proc, checkout in zip(procs, checkouts):
            if proc.stdout.readline().strip() != "ready":
                raise SystemExit(f"Pipeline.record could not be timed in {checkout or 'this checkout'}")
        times: list[list[float]] = [[] for _ in procs]
        for part in range(PARTS):
            for k in [(part + i) % len(procs) for i in range(len(procs))]:
                procs[k].stdin.write(f"{part}\n")
                procs[k].stdin.flush()
                times[k].append(float(procs[k].stdout.readline()))
    finally:
        for proc in procs:
            proc.stdin.close()
            proc.wait()
    return times


def _record_ms(runs: list[list[float]], docs: int) -> float:
    """Milliseconds a document from several runs' part times: each part's fastest run, summed.
    Noise on a shared machine only ever adds time."""
    return sum(min(part) for part in zip(*runs)) / docs


def machine() -> str:
    model = ""
    try:
        model = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                      if line.startswith("model name")), "")
    except OSError:
        pass
    return f"{platform.system()} {platform.machine()}, {os.cpu_count()} cores {model}, Python {platform.python_version()}"


def run(count: int = 3000, repeats: int = 2, samples: Path | None = None, keep: Path | None = None,
        against: Path | None = None) -> str:
    """Run the benchmark and return its report; with ``against`` (a checkout of another notulen
    version), ``Pipeline.record`` of both is timed in the same run, alternately, on each corpus."""
    if against is not None and not (Path(against) / "pipeline" / "api.py").is_file():
        raise SystemExit(f"{against}: not a notulen checkout (no pipeline/api.py)")
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
    corpora = {"": corpus}  # the samples' variants; the seed report's too when its generator is beside
    if SEED_CORPUS.is_file():
        seed = work / "seed"
        shutil.rmtree(seed, ignore_errors=True)
        subprocess.run([sys.executable, str(SEED_CORPUS), str(count), str(seed)], check=True)
        corpora["seed: "] = seed
    notulen = [sys.executable, "-m", "pipeline"]
    rows: dict[str, list[Measurement]] = {}
    documents: dict[str, int] = {}
    record_ms: dict[str, list[list[float]]] = {}  # corpus -> each repeat's part times
    other_ms: dict[str, list[list[float]]] = {}

    def record(name: str, cmd: list[str], docs: int = 0) -> None:
        rows.setdefault(name, []).append(_measure(cmd))
        documents[name] = docs

    # every run extracts into a new, empty folder, as a first run does (replacing thousands of
    # existing files costs more on some file systems), and no run's files are deleted until the
    # end: the kernel's work of deleting them would land in the next run's figures. A kept folder's
    # outputs of an earlier bench go before anything is measured.
    for old in work.glob("out*"):
        shutil.rmtree(old, ignore_errors=True)

    def fresh(name: str, repeat: int) -> Path:
        return work / (name if repeat == 0 else f"{name}-{repeat}")

    one_file = next(iter(sorted(corpus.glob("*.txt"))))
    for repeat in range(repeats):  # alternate, so drift in machine load hits all alike
        record("import spacy", [sys.executable, "-c", "import spacy"])
        record("notulen show (start-up)", [*notulen, "show", str(one_file)])
        for tag, folder in corpora.items():
            n = len(list(folder.glob("*.txt")))
            record(f"{tag}baseline spacy.blank('id')", [sys.executable, "-c", BASELINE, str(folder)], n)
            for jobs in ("1", "2"):
                out = fresh(f"out{jobs}{tag.strip(': ')}", repeat)
                record(f"{tag}notulen extract --jobs {jobs}",
                       [*notulen, "extract", str(folder), "--out", str(out), "--jobs", jobs, "--quiet"], n)
            this, *other = _record_parts(folder, [None] + ([Path(against)] if against is not None else []))
            record_ms.setdefault(tag, []).append(this)
            if other:
                other_ms.setdefault(tag, []).append(other[0])
        record(f"notulen extract --jobs 1, {len(list(small.glob('*.txt')))} docs",
               [*notulen, "extract", str(small), "--out", str(fresh("out3", repeat)), "--jobs", "1", "--quiet"],
               len(list(small.glob("*.txt"))))
    median = {name: Measurement(statistics.median(m.seconds for m in ms), max(m.peak_rss_mb for m in ms),
                                statistics.median(m.kernel_seconds for m in ms))
              for name, ms in rows.items()}
    lines = [f"notulen bench: {count} documents ({sum(p.stat().st_size for p in corpus.glob('*.txt')) // count} bytes "
             f"each on average) from the samples" + (", and as many variants of the seed report ('seed:')" if len(corpora) > 1 else "")
             + f"; median of {repeats} alternating runs", f"machine: {machine()}",
             "peak RSS: the largest of the run's processes (with --jobs N, each worker and the parent); "
             "kernel: system CPU time of the run's processes", "",
             f"{'run':<44} {'seconds':>8} {'docs/s':>8} {'peak RSS MB':>12} {'kernel ms/doc':>14}"]
    for name, m in median.items():
        docs = documents[name]
        rate = f"{docs / m.seconds:8.0f}" if docs else f"{'':>8}"
        kernel = f"{m.kernel_seconds / docs * 1000:14.2f}" if docs else f"{'':>14}"
        lines.append(f"{name:<44} {m.seconds:8.2f} {rate} {m.peak_rss_mb:12.0f} {kernel}")
    lines.append("")
    for tag in corpora:
        base = median[f"{tag}baseline spacy.blank('id')"].seconds
        one, two = median[f"{tag}notulen extract --jobs 1"].seconds, median[f"{tag}notulen extract --jobs 2"].seconds
        docs = len(list(corpora[tag].glob("*.txt")))
        this = _record_ms(record_ms[tag], docs)
        lines += [f"{tag}notulen --jobs 1 vs baseline: {base / one:.2f}x",
                  f"{tag}notulen --jobs 2 vs --jobs 1: {one / two:.2f}x",
                  f"{tag}Pipeline.record in one process: {this:.2f} ms a document"]
        if against is not None:
            other = _record_ms(other_ms[tag], docs)
            lines.append(f"{tag}Pipeline.record of {against}: {other:.2f} ms a document "
                         f"(this one {other / this:.2f}x as fast)")
    lines.append(f"start-up vs import spacy:     {median['notulen show (start-up)'].seconds / median['import spacy'].seconds:.2f}x")
    if not keep:
        shutil.rmtree(work, ignore_errors=True)
    return "\n".join(lines)


if __name__ == "__main__":
    print(run(int(sys.argv[1]) if len(sys.argv) > 1 else 300))
