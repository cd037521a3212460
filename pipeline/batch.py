"""Run extraction over files and folders: discover inputs, extract, write outputs, never lose work.

Layout of an output folder::

    DIR/json/<relative path>.json   one document each, written atomically
    DIR/csv/<table>.csv             rebuilt from every JSON of the run's inputs
    DIR/errors.csv                  one row per file that could not be read
    DIR/manifest.json               input hashes, rules digest and run figures (incremental runs)

A file that cannot be read gets one line in ``errors.csv`` and on stderr; the rest goes on.
"""
from __future__ import annotations

import concurrent.futures as cf
import fnmatch
import hashlib
import json
import os
import re
import sys
import tempfile
import time
from collections import deque
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from functools import cached_property
from pathlib import Path
from typing import Callable, Iterable, Iterator

import orjson

from .errors import NotulenError, ReadError, first_line
from .readers import DEFAULT_MAX_BYTES, SUPPORTED_SUFFIXES
from .writers import (TEMPORARY_MARK, TableWriter, document_csv, errors_csv, record_to_json_bytes, table_rows,
                      write_atomic)

MANIFEST_VERSION = 1
DEFAULT_TIMEOUT = 120.0  # seconds per file
DEFAULT_MAX_MEMORY_MB = 2048  # address space per worker
LOCK_NAME = ".notulen.lock"
# what a run writes at the top of its output folder: never read as input when --out is an input folder
OUTPUT_NAMES = frozenset({"json", "csv", "review", "manifest.json", "errors.csv", "minutes.xlsx"})


@dataclass(frozen=True)
class InputFile:
    """A document to process: where it is, and the name of its JSON relative to the output folder."""

    path: Path
    relative: Path  # e.g. "2016/lahat.txt"; its JSON is json/2016/lahat.json
    suffixed: bool = False  # keep the suffix in the JSON's name: another input took the plain one
    qualified: bool = False  # another input in another folder has the same name: the id says where
    size: int | None = field(default=None, compare=False)  # bytes when found (None: unknown), for _groups

    @property
    def json_relative(self) -> Path:
        if self.suffixed:
            return self.relative.with_name(self.relative.name + ".json")
        return self.relative.with_suffix(".json")

    @property
    def doc_id(self) -> str:
        """The ``document`` key of every table: the file name without its extension ("rapat"), or,
        when two inputs would share it, the JSON's relative path without ".json" ("2024/rapat")."""
        if self.qualified:
            return self.json_name[: -len(".json")]
        return self.relative.name if self.suffixed else self.relative.stem

    @cached_property
    def name(self) -> str:
        """``relative`` as text ("2016/lahat.txt"): how manifests, errors and tables name the input."""
        return self.relative.as_posix()

    @cached_property
    def json_name(self) -> str:
        return self.json_relative.as_posix()


@dataclass
class Outcome:
    """What a worker reports of one document; its JSON and review page are already written."""

    relative: str
    status: str  # "done", "unchanged", "failed", "skipped"
    code: str | None = None
    message: str | None = None
    sha256: str | None = None
    lines: dict | None = None  # its lines of every CSV table
    summary: dict | None = None  # what the review index shows of it


@dataclass(frozen=True)
class Job:
    """One document for a worker: where to read it and where its JSON and review page go."""

    path: str
    relative: str
    doc_id: str
    json_path: str
    page_path: str
    year: int | None = None
    max_bytes: int = DEFAULT_MAX_BYTES
    max_memory_mb: int | None = None
    csv_sep: str = ","
    excel: bool = False


@dataclass
class Summary:
    files: int = 0
    done: int = 0
    unchanged: int = 0
    failed: int = 0
    skipped: int = 0
    seconds: float = 0.0
    errors: list[Outcome] = field(default_factory=list)

    def line(self) -> str:
        rate = (self.done / self.seconds) if self.seconds > 0 else 0.0
        line = (f"{self.files} files: {self.done} done, {self.unchanged} unchanged, {self.skipped} skipped, "
                f"{self.failed} failed in {self.seconds:.1f} s ({rate:.1f} documents/s)")
        if self.unchanged and not self.done and not self.failed:
            line += " (every file is unchanged since the last run into this folder; --force redoes them)"
        return line


def discover(paths: Iterable[Path], include: Iterable[str] = (), exclude: Iterable[str] = (),
             out: Path | None = None) -> tuple[list[InputFile], list[Path]]:
    """Input files under ``paths`` (recursive, sorted, hidden files and symlink loops skipped), and skipped files.

    The output folder ``out`` is never read as input: inside an input folder it is left out whole;
    as the input folder itself, what a run writes there (``OUTPUT_NAMES``) is.
    """
    include, exclude = list(include), list(exclude)
    out_key = _dir_key(out) if out is not None else None
    found: dict[tuple, InputFile] = {}
    skipped: list[Path] = []

    def wanted(rel: str, name: str) -> bool:
        if include and not any(fnmatch.fnmatch(rel, p) or fnmatch.fnmatch(name, p) for p in include):
            return False
        return not any(fnmatch.fnmatch(rel, p) or fnmatch.fnmatch(name, p) for p in exclude)

    for root in paths:
        root = Path(root)
        if root.is_file():
            rel = Path(root.name)
            if root.suffix.lower() in SUPPORTED_SUFFIXES:
                key, size = _identity(root)
                found.setdefault(key, InputFile(root, rel, size=size))
            else:
                skipped.append(rel)
            continue
        if not root.is_dir():
            raise NotulenError(f"{root}: no such file or folder")
        seen_dirs: set[tuple[int, int]] = set()
        for dirpath, dirnames, filenames in os.walk(root, followlinks=True):
            st = os.stat(dirpath)
            key = (st.st_dev, st.st_ino)
            if key in seen_dirs:
                dirnames[:] = []
                continue
            seen_dirs.add(key)
            # plain strings here: a folder of thousands of files would spend more time in pathlib
            # than in the file system
            folder = os.path.relpath(dirpath, root)
            if key == out_key:
                if folder != os.curdir:
                    dirnames[:] = []
                    continue
                dirnames[:] = [d for d in dirnames if d not in OUTPUT_NAMES]
                filenames = [n for n in filenames if n not in OUTPUT_NAMES]
            dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
            prefix = "" if folder == os.curdir else folder.replace(os.sep, "/") + "/"
            for name in sorted(filenames):
                if name.startswith("."):
                    continue
                rel = prefix + name
                if not wanted(rel, name):
                    continue
                if os.path.splitext(name)[1].lower() not in SUPPORTED_SUFFIXES:
                    skipped.append(Path(rel))
                    continue
                path = os.path.join(dirpath, name)
                key, size = _identity(path)
                found.setdefault(key, InputFile(Path(path), Path(rel), size=size))
    files = sorted(found.values(), key=lambda f: (f.name, str(f.path)))
    # "rapat.txt" and "rapat.docx" would share json/rapat.json: the later one keeps its suffix
    # ("rapat.docx.json"); the same relative path from two roots is one input
    out: list[InputFile] = []
    taken: set[str] = set()
    for f in files:
        name = f.json_name
        if name in taken:
            if f.name in {g.name for g in out}:
                continue
            f = replace(f, suffixed=True)
            name = f.json_name
        taken.add(name)
        out.append(f)
    # "2023/rapat.txt" and "2024/rapat.txt" would share the document key "rapat" in every table
    ids: dict[str, int] = {}
    for f in out:
        ids[f.doc_id] = ids.get(f.doc_id, 0) + 1
    out = [replace(f, qualified=True) if ids[f.doc_id] > 1 else f for f in out]
    return out, sorted(skipped)


def _dir_key(path: Path) -> tuple[int, int] | None:
    try:
        st = os.stat(path)
    except OSError:
        return None
    return (st.st_dev, st.st_ino)


def _identity(path: Path | str) -> tuple[tuple, int | None]:
    """What makes two paths one input: the same file (device and inode), however it is reached;
    and the file's size, from the same look-up."""
    try:
        st = os.stat(path)
    except OSError:  # a broken link: it fails alone when read, with its own error
        return ("path", os.path.realpath(path)), None
    return (st.st_dev, st.st_ino), st.st_size


# -- workers: each process builds the pipeline once
_PIPELINE = None


def _init_worker(rules_dir: str) -> None:
    global _PIPELINE
    from .api import Pipeline

    _PIPELINE = Pipeline(rules_dir)


def _process(job: Job) -> Outcome:
    """Read and extract one document, write its JSON and review page, and report its table rows.

    Everything that depends on one document only happens here, in the worker, so the parent
    process only settles results in order and the work spreads over the cores.
    """
    relative = job.relative
    if job.max_memory_mb:
        _limit_memory(job.max_memory_mb)
    try:
        record = _PIPELINE.record_file(job.path, doc_id=job.doc_id, shown_path=relative, year=job.year,
                                       max_bytes=job.max_bytes)
        data = record_to_json_bytes(record)
        write_atomic(Path(job.json_path), data)
        # the page and rows are made from what the JSON says, as for a document read back later
        return _written(orjson.loads(data), job, record.source.sha256)
    except ReadError as exc:
        return Outcome(relative, "failed", code=exc.code, message=exc.message)
    except OSError as exc:
        return Outcome(relative, "failed", code="unreadable", message=f"cannot read the file ({exc.strerror}); check its permissions")
    except MemoryError:
        return Outcome(relative, "failed", code="out_of_memory",
                       message=f"extraction needed more than {job.max_memory_mb} MB; check the file or raise --max-memory")
    except Exception as exc:  # noqa: BLE001 - one bad document must never stop the batch
        return Outcome(relative, "failed", code="internal",
                       message=f"extraction failed ({type(exc).__name__}: {first_line(exc)}); please report this file")


_MEMORY_LIMIT_MB: int | None = None  # the address-space limit this process has set itself


def _limit_memory(mb: int) -> None:
    """Limit this worker's address space to ``mb`` MB, so a document that would exhaust the
    machine fails alone with MemoryError; set once a process, not again (two system calls) for
    every document."""
    global _MEMORY_LIMIT_MB
    if mb == _MEMORY_LIMIT_MB:
        return
    import resource

    limit = mb * 1024 * 1024
    resource.setrlimit(resource.RLIMIT_AS, (limit, resource.getrlimit(resource.RLIMIT_AS)[1]))
    _MEMORY_LIMIT_MB = mb


def _written(doc: dict, job: Job, sha256: str | None) -> Outcome:
    """Write a document's review page; its outcome, with its CSV lines and index summary."""
    from .review import document_page, summarise

    write_atomic(Path(job.page_path), document_page(doc))
    return Outcome(job.relative, "done", sha256=sha256, lines=document_csv(table_rows(doc), job.csv_sep, job.excel),
                   summary=summarise(doc))


def _sha256(path: Path) -> str | None:
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return None


def run(paths: list[Path], out: Path, *, rules_dir: Path, rules_digest: str, jobs: int = 1,
        include: Iterable[str] = (), exclude: Iterable[str] = (), force: bool = False, year: int | None = None,
        max_bytes: int = DEFAULT_MAX_BYTES, csv_sep: str = ",", excel: bool = False,
        timeout: float | None = DEFAULT_TIMEOUT, max_memory_mb: int | None = DEFAULT_MAX_MEMORY_MB,
        xlsx: bool = False, progress: Callable[[int, int], None] | None = None, stderr=None,
        sqlite: bool = False) -> Summary:
    """Extract every input under ``paths`` into ``out``; returns the run's summary.

    With a ``timeout`` (seconds per file) documents are processed in worker processes, so a file
    that hangs a reader or kills its worker (out of memory) becomes one error and the worker is
    replaced; ``timeout=None`` with ``jobs=1`` runs in this process.
    """
    stderr = sys.stderr if stderr is None else stderr
    started = time.perf_counter()
    for path in paths:  # before the output folder is made
        if not (Path(path).is_file() or Path(path).is_dir()):
            raise NotulenError(f"{path}: no such file or folder")
    # workers start first: they import spaCy and build the pipeline while this process looks
    # for the inputs and reads the manifest
    with _claim(out), _workers(rules_dir, jobs, needed=timeout is not None or jobs > 1) as pool:
        files, skipped = discover(paths, include, exclude, out=out)
        summary = Summary(files=len(files) + len(skipped), skipped=len(skipped))
        _remove_temporaries(out)
        manifest_path = out / "manifest.json"
        journal_path = out / ".journal.jsonl"
        manifest = _load_manifest(manifest_path, journal_path)
        same_rules = manifest.get("rules_digest") == rules_digest and not force
        previous = manifest.get("documents", {}) if same_rules else {}
        # an input that disappeared, or whose JSON is named otherwise now (its suffix twin went),
        # leaves no stale JSON behind (its rows leave the tables too)
        wanted = {f.json_name for f in files}
        for entry in manifest.get("documents", {}).values():
            name = entry.get("json")
            if isinstance(name, str) and name not in wanted and (stale := _confined(out / "json", name)) is not None:
                stale.unlink(missing_ok=True)
        documents: dict[str, dict] = {}
        todo: list[InputFile] = []
        unchanged: set[str] = set()
        for f in files:
            rel = f.name
            entry = previous.get(rel)
            json_path = out / "json" / f.json_relative
            if entry and entry.get("status") == "done" and json_path.is_file() and entry.get("sha256") == _sha256(f.path):
                documents[rel] = entry
                unchanged.add(rel)
                summary.unchanged += 1
            else:
                todo.append(f)
        if pool is not None and not todo:
            pool.stop()  # nothing to extract: the workers need not finish starting
        errors: list[Outcome] = []
        outputs = _Outputs(out, files, csv_sep, excel)

        def settle(landed: list[tuple[Outcome, InputFile]]) -> None:
            """Take in documents that landed together (a group one worker ran, or one document), in
            input order, and journal them in one write, so a killed run resumes where it stopped.
            A worker writes a group's files before the group lands: a run killed before that write
            does the group again, as one killed before the group landed always did."""
            lines = []
            for outcome, f in landed:
                rel = f.name
                outputs.reach(f, unchanged)
                if outcome.status == "done":
                    outputs.add(f, outcome)
                    documents[rel] = {"status": "done", "sha256": outcome.sha256, "json": f.json_name}
                    summary.done += 1
                else:
                    outcome.message = " ".join((outcome.message or "").split())  # one line in every table
                    errors.append(outcome)
                    documents[rel] = {"status": "failed", "code": outcome.code}
                    summary.failed += 1
                    print(f"notulen: {_escaped(str(f.path))}: {outcome.code}: {_escaped(outcome.message or '')}",
                          file=stderr)
                lines.append(orjson.dumps({"rules_digest": rules_digest, "path": rel, **documents[rel]}) + b"\n")
            journal.write(b"".join(lines))
            journal.flush()
            if progress:
                progress(summary.done + summary.failed, len(todo))

        jobs_of = [outputs.job(f, year, max_bytes, max_memory_mb) for f in todo]
        journal = open(journal_path, "ab")
        try:
            if not todo:
                pass
            elif pool is None:
                _init_worker(str(rules_dir))
                for f, job in zip(todo, jobs_of):
                    settle([(_process(job), f)])
            else:
                _run_pool(pool, todo, jobs_of, settle, timeout, ahead=32 * jobs)
        finally:
            journal.close()
            outputs.reach(None, unchanged)
            _finish(out, files, documents, errors, skipped, rules_digest, manifest_path, outputs, xlsx, sqlite)
            journal_path.unlink(missing_ok=True)
        summary.errors = errors
        summary.seconds = time.perf_counter() - started
        return summary


@contextmanager
def _workers(rules_dir: Path, jobs: int, needed: bool) -> Iterator:
    """A pool of ``jobs`` worker processes, started at once (None if not ``needed``)."""
    if not needed:
        yield None
        return
    from pebble import ProcessPool

    pool = ProcessPool(max_workers=max(1, jobs), initializer=_init_worker, initargs=(str(rules_dir),))
    pool.schedule(_ready)  # the pool starts its workers on the first task
    try:
        yield pool
    except BaseException:
        pool.stop()
        raise
    finally:
        pool.close()
        pool.join()


def _ready() -> None:
    """A first task, which makes the pool start its workers."""


# small plain-text inputs go to the workers in groups: handing a document over costs the parent
# ~0.3 ms of CPU (pebble's threads, pickling), as much as a tenth of extracting it
GROUP_SUFFIXES = frozenset({".txt", ".md"})
GROUP_MAX_BYTES = 64 * 1024
GROUP_MAX_DOCS = 8


def _groups(todo: list[InputFile], jobs_of: list[Job]) -> Iterator[list[tuple[InputFile, Job]]]:
    """``todo`` with its jobs, in order, in groups for one task each: runs of up to
    ``GROUP_MAX_DOCS`` small plain-text files, anything else (a PDF, a Word file, a large file:
    what could hang a reader) alone."""
    group: list[tuple[InputFile, Job]] = []
    for f, job in zip(todo, jobs_of):
        # the size discover() saw: a file changed since is read with --max-bytes all the same
        small = f.path.suffix.lower() in GROUP_SUFFIXES and f.size is not None and f.size <= GROUP_MAX_BYTES
        if not small:
            if group:
                yield group
                group = []
            yield [(f, job)]
            continue
        group.append((f, job))
        if len(group) == GROUP_MAX_DOCS:
            yield group
            group = []
    if group:
        yield group


def _process_group(jobs: list[Job]) -> list[Outcome]:
    return [_process(job) for job in jobs]


def _run_pool(pool, todo: list[InputFile], jobs_of: list[Job],
              settle: Callable[[list[tuple[Outcome, InputFile]]], None], timeout: float | None, ahead: int) -> None:
    """Process ``todo`` in the pool's workers, settling results in input order (so any ``jobs`` gives
    the same output), a group's together; a file past ``timeout`` or whose worker dies becomes an error.

    A group of small files shares one file's ``timeout``, far more than they need; a group that
    times out or kills its worker is done again one file at a time, each with the whole
    ``timeout``, so the failure lands on the file that caused it and the others are kept.
    """
    from pebble import ProcessExpired

    def submit(jobs: list[Job]):
        return pool.schedule(_process_group, args=(jobs,), timeout=timeout)

    def outcomes(future, jobs: list[Job]) -> list[Outcome]:
        try:
            return future.result()
        except (cf.TimeoutError, ProcessExpired) as exc:
            if len(jobs) > 1:
                retries = [submit([job]) for job in jobs]
                return [outcome for retry, job in zip(retries, jobs) for outcome in outcomes(retry, [job])]
            if isinstance(exc, ProcessExpired):
                return [Outcome(jobs[0].relative, "failed", code="worker_died",
                                message=f"the worker died on this file (exit code {exc.exitcode}), e.g. out of "
                                        "memory; check the file, the rest of the batch went on")]
            return [Outcome(jobs[0].relative, "failed", code="timeout",
                            message=f"reading and extracting took longer than {timeout:g} s; check the file "
                                    "(a damaged PDF?) or raise --timeout")]

    # a few documents scheduled ahead keep the workers busy; never all of them, so memory does
    # not grow with the number of documents (a settled result is dropped at once)
    waiting: deque = deque()
    queued = 0
    groups = _groups(todo, jobs_of)
    while True:
        while queued < ahead and (group := next(groups, None)) is not None:
            waiting.append((submit([job for _, job in group]), group))
            queued += len(group)
        if not waiting:
            break
        future, group = waiting.popleft()
        queued -= len(group)
        settle([(outcome, f) for (f, _), outcome in zip(group, outcomes(future, [job for _, job in group]))])


def _remove_temporaries(out: Path) -> None:
    """Delete temporary files a killed run left behind, only those notulen names itself
    (".<name>.notulen-<random>.tmp", and the review's index rows and renames), only where it writes."""
    found = [p for p in out.glob(f".*{TEMPORARY_MARK}*.tmp") if p.is_file()]
    for sub in ("json", "csv", "review"):
        if (out / sub).is_dir():
            found += (out / sub).rglob(f".*{TEMPORARY_MARK}*.tmp")
    found += (out / "review").glob(".index-rows.*.tmp")
    found += (out / "review" / "docs").glob(".rename-*.tmp")
    for tmp in found:
        try:
            tmp.unlink()
        except OSError:
            pass


@contextmanager
def _claim(out: Path) -> Iterator[None]:
    """Make ``out`` ready and hold its lock for the run, or refuse in one line before any work:
    ``out`` is a file or a device, cannot be created or written to, or another run holds it."""
    import fcntl

    if out.exists() and not out.is_dir():
        raise NotulenError(f"{out}: --out must be a folder, and this is a file or a device; choose another --out")
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise NotulenError(f"{out}: cannot create the output folder ({exc.strerror}); choose another --out") from exc
    lock_path = out / LOCK_NAME
    for _ in range(3):
        try:
            handle = open(lock_path, "ab")
        except OSError as exc:
            raise NotulenError(f"{out}: cannot write in the output folder ({exc.strerror}); check its permissions "
                               "or choose another --out") from exc
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            handle.close()
            raise NotulenError(f"{out}: another notulen run is writing to this folder; wait for it to finish "
                               "or choose another --out") from None
        if _dir_key(lock_path) == (os.fstat(handle.fileno()).st_dev, os.fstat(handle.fileno()).st_ino):
            break
        handle.close()  # the run before removed the lock file as we opened it: take the new one
    else:
        raise NotulenError(f"{out}: another notulen run is writing to this folder; wait for it to finish "
                           "or choose another --out")
    try:
        for sub in ("json", "csv", "review"):
            folder = out / sub
            try:
                folder.mkdir(exist_ok=True)
                fd, probe = tempfile.mkstemp(prefix=f".probe{TEMPORARY_MARK}", suffix=".tmp", dir=folder)
                os.close(fd)
                os.unlink(probe)
            except OSError as exc:
                raise NotulenError(f"{folder}: cannot write here ({exc.strerror or type(exc).__name__}); check its "
                                   "permissions or choose another --out") from exc
        yield
    finally:
        lock_path.unlink(missing_ok=True)  # while still held: a run waiting on it sees it gone and retries
        handle.close()


def _confined(folder: Path, name: str) -> Path | None:
    """``folder / name`` if it stays inside ``folder`` (no absolute path, no "..", no link out of
    it), else None: manifests and journals come from a folder that may have been shared."""
    candidate = Path(name)
    if not name or candidate.is_absolute() or ".." in candidate.parts:
        return None
    path = folder / candidate
    try:
        Path(os.path.realpath(path.parent)).relative_to(os.path.realpath(folder))
    except ValueError:
        return None
    return path


_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


def _escaped(text: str) -> str:
    """``text`` with control characters escaped (a newline in a file name as \\n): one error, one line."""
    return _CONTROL.sub(lambda m: repr(m.group())[1:-1], text)


class _Outputs:
    """The run's tables and review site, filled in input order as documents settle: a document
    extracted now comes with its CSV lines and summary, its page already written by the worker;
    one unchanged since the last run is read back from its JSON when the run reaches it."""

    def __init__(self, out: Path, files: list[InputFile], csv_sep: str, excel: bool):
        from .review import ReviewWriter, page_names

        self.out = out
        self.files = files
        self.position = 0
        self.done: list[InputFile] = []
        # a page's name depends on the other documents' ids (case clashes); the names of every
        # input serve while the run goes, and pages are renamed at the end if a failed file changed one
        self.names = dict(zip((f.name for f in files), page_names([f.doc_id for f in files])))
        self.review = ReviewWriter(out)
        self.json_dir = str(out / "json")
        self.pages_dir = str(self.review.docs)
        self.tables = TableWriter(out / "csv", sep=csv_sep, bom=excel)

    def job(self, f: InputFile, year: int | None, max_bytes: int, max_memory_mb: int | None) -> Job:
        return Job(str(f.path), f.name, f.doc_id, os.path.join(self.json_dir, f.json_name),
                   os.path.join(self.pages_dir, self.names[f.name] + ".html"), year, max_bytes, max_memory_mb,
                   self.tables.sep, self.tables.bom)

    def add(self, f: InputFile, outcome: Outcome) -> None:
        """A document done: its page is written, its CSV lines and summary come with the outcome."""
        self.tables.add_lines(outcome.lines or {})
        self.review.added(self.names[f.name], outcome.summary or {})
        self.done.append(f)

    def reach(self, f: InputFile | None, unchanged: set[str]) -> None:
        """Take in the unchanged documents before ``f`` in input order (all that are left: None)."""
        while self.position < len(self.files) and self.files[self.position] is not f:
            g = self.files[self.position]
            self.position += 1
            if g.name not in unchanged:
                continue
            doc = _stored(self.out / "json" / g.json_relative)
            if doc is None:
                continue
            job = self.job(g, None, DEFAULT_MAX_BYTES, None)
            self.add(g, _written(doc, job, None))
        if f is not None:
            self.position += 1

    def close(self, errors: list[tuple[str, str, str]]) -> None:
        from .review import page_names

        self.tables.close()
        self.review.close(errors, names=page_names([f.doc_id for f in self.done]))

    def abort(self) -> None:
        self.tables.abort()
        self.review.abort()


def _finish(out: Path, files: list[InputFile], documents: dict, errors: list[Outcome], skipped: list[Path],
            rules_digest: str, manifest_path: Path, outputs: _Outputs, xlsx: bool = False, sqlite: bool = False) -> None:
    """Close the tables and the review site, write the optional workbook, errors.csv and the manifest."""
    error_rows = [(e.relative, e.code or "", e.message or "") for e in errors] + \
        [(p.as_posix(), "skipped", "unsupported file type; not processed") for p in skipped]
    try:
        outputs.close(error_rows)
    finally:
        outputs.abort()
    if xlsx:
        from .xlsx import write_xlsx

        write_xlsx(out / "minutes.xlsx", _StoredDocuments([out / "json" / f.json_relative for f in outputs.done]), error_rows)
    if sqlite:  # built whole from the JSON, so it is in step with it; renamed into place when complete
        from .sqlite_db import write_sqlite

        write_sqlite(out / "minutes.sqlite", (doc for f in outputs.done
                                               if (doc := _stored(out / "json" / f.json_relative)) is not None), error_rows)
    write_atomic(out / "errors.csv", errors_csv(error_rows, sep=outputs.tables.sep, bom=outputs.tables.bom))
    current = {f.name for f in files}
    _save_manifest(manifest_path, rules_digest, {k: v for k, v in documents.items() if k in current}, final=True)


class _StoredDocuments:
    """The documents' JSON, read from disk one at a time on every pass (the workbook makes two), never held."""

    def __init__(self, paths: list[Path]) -> None:
        self.paths = paths

    def __iter__(self) -> Iterator[dict]:
        return (doc for path in self.paths if (doc := _stored(path)) is not None)


def _stored(path: Path) -> dict | None:
    """A document's JSON as written by a run, or None if it cannot be read or is not one."""
    try:
        doc = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return doc if isinstance(doc, dict) and "id" in doc else None


def rebuild_review(out: Path) -> int:
    """Write ``out/review`` again from ``out/json`` and ``out/errors.csv``; returns the number of documents."""
    import csv

    from .review import write_review

    paths = sorted((out / "json").rglob("*.json")) if (out / "json").is_dir() else []
    # small enough to hold: only the pages' ids are needed up front
    docs = [doc["id"] for path in paths if (doc := _stored(path)) is not None]

    def stored() -> Iterator[dict]:
        for path in paths:
            doc = _stored(path)
            if doc is not None:
                yield doc
    errors: list[tuple[str, str, str]] = []
    try:
        with open(out / "errors.csv", encoding="utf-8-sig", newline="") as handle:
            sample = handle.read(2048)
            handle.seek(0)
            dialect = csv.Sniffer().sniff(sample, delimiters=",;") if sample.strip() else csv.excel
            errors = [(r.get("path", ""), r.get("code", ""), r.get("message", "")) for r in csv.DictReader(handle, dialect=dialect)]
    except (OSError, csv.Error):
        pass
    if not docs and not errors:
        raise NotulenError(f"{out}: no json/ or errors.csv here; run 'notulen extract ... --out {out}' first")
    write_review(out, stored(), errors, ids=docs)
    return len(docs)


def _load_manifest(path: Path, journal: Path) -> dict:
    """The last run's manifest, with the journal of an interrupted run applied on top."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        if data.get("version") != MANIFEST_VERSION or not isinstance(data.get("documents", {}), dict):
            data = {}
    except (OSError, ValueError, AttributeError):
        data = {}
    data["documents"] = {k: v for k, v in data.get("documents", {}).items() if isinstance(v, dict)}
    try:
        lines = journal.read_text(encoding="utf-8").splitlines()
    except OSError:
        lines = []
    for line in lines:
        try:
            entry = json.loads(line)
        except ValueError:
            continue  # a line cut short by a kill
        if not isinstance(entry, dict):
            continue
        if entry.get("rules_digest") != data.get("rules_digest"):
            data = {"version": MANIFEST_VERSION, "rules_digest": entry.get("rules_digest"), "documents": {}}
        rel = entry.pop("path", None)
        entry.pop("rules_digest", None)
        if rel and isinstance(rel, str):
            data.setdefault("documents", {})[rel] = entry
    return data


def _save_manifest(path: Path, rules_digest: str, documents: dict, final: bool) -> None:
    data = {"version": MANIFEST_VERSION, "rules_digest": rules_digest, "complete": final,
            "documents": dict(sorted(documents.items()))}
    write_atomic(path, orjson.dumps(data, option=orjson.OPT_INDENT_2) + b"\n")
