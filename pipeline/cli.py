"""The ``notulen`` command line: parse options, call one library function, report in one line.

Exit status: 0 when everything succeeded, 1 when some files failed (or an evaluation fell
below its ``--min``), 2 for usage errors and invalid rules.
"""
from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from .errors import NotulenError, ReadError, RulesError
from .batch import DEFAULT_MAX_MEMORY_MB, DEFAULT_TIMEOUT
from .readers import DEFAULT_MAX_BYTES

EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="notulen",
        description="Structured, source-grounded data from Indonesian planning-meeting minutes.",
        epilog="Exit status: 0 all files done, 1 some files failed, 2 usage error or invalid rules.",
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    ex = sub.add_parser("extract", help="extract files or folders into JSON and CSV tables",
                        description="Extract minutes (.txt .md .html .docx .pdf) into DIR/json and DIR/csv.")
    ex.add_argument("paths", nargs="+", type=Path, metavar="PATH", help="files or folders (searched recursively)")
    ex.add_argument("--out", "-o", type=Path, required=True, metavar="DIR", help="output folder")
    _rules_option(ex)
    ex.add_argument("--jobs", "-j", type=int, default=os.cpu_count() or 1, metavar="N",
                    help="worker processes (default: all cores)")
    ex.add_argument("--include", action="append", default=[], metavar="GLOB", help="only files matching GLOB")
    ex.add_argument("--exclude", action="append", default=[], metavar="GLOB", help="skip files matching GLOB")
    ex.add_argument("--force", action="store_true", help="redo every file, even unchanged ones")
    ex.add_argument("--year", type=int, metavar="YYYY", help="year for dates written without one, e.g. 'Senin (14/3)'")
    ex.add_argument("--max-bytes", type=int, default=DEFAULT_MAX_BYTES, metavar="N",
                    help=f"skip files larger than N bytes (default {DEFAULT_MAX_BYTES})")
    ex.add_argument("--timeout", type=float, default=DEFAULT_TIMEOUT, metavar="SECONDS",
                    help=f"give up on a file after this long (default {DEFAULT_TIMEOUT:g}; 0 = no limit, in-process with --jobs 1)")
    ex.add_argument("--max-memory", type=int, default=DEFAULT_MAX_MEMORY_MB, metavar="MB",
                    help=f"memory a worker may use for one file (default {DEFAULT_MAX_MEMORY_MB}; 0 = no limit)")
    ex.add_argument("--csv-sep", default=",", metavar="SEP", help="CSV field separator (';' for Excel in Indonesian settings)")
    ex.add_argument("--excel", action="store_true",
                    help="CSV as UTF-8 with a BOM for Excel, text that looks like a formula neutralised")
    ex.add_argument("--xlsx", action="store_true", help="also write DIR/minutes.xlsx, one sheet per table")
    ex.add_argument("--sqlite", action="store_true",
                    help="also write DIR/minutes.sqlite: the tables, typed and keyed, with full-text indexes")
    ex.add_argument("--quiet", "-q", action="store_true", help="no progress bar or summary")

    review = sub.add_parser("review", help="rebuild DIR/review (the HTML review pages) from DIR/json")
    review.add_argument("out", type=Path, metavar="DIR", help="an output folder of 'notulen extract'")

    show = sub.add_parser("show", help="print a readable summary of one file")
    show.add_argument("file", type=Path, metavar="FILE")
    _rules_option(show)
    show.add_argument("--year", type=int, metavar="YYYY", help="year for dates written without one")
    show.add_argument("--json", action="store_true", help="print the full JSON instead")

    rules = sub.add_parser("rules", help="work with rule files")
    rules_sub = rules.add_subparsers(dest="rules_command", required=True, metavar="ACTION")
    check = rules_sub.add_parser("check", help="validate the rule files and report every problem")
    _rules_option(check)

    ev = sub.add_parser("eval", help="score extraction against a gold folder",
                        description="Extract the documents gold files name (or those under PATH) and score them.")
    ev.add_argument("--gold", type=Path, metavar="DIR", help="folder of gold <id>.json files")
    ev.add_argument("--urusan", type=Path, metavar="FILE",
                    help="instead, score the urusan of labelled items (a YAML file like tests/urusan/labelled.yaml)")
    ev.add_argument("paths", nargs="*", type=Path, metavar="PATH",
                    help="documents or folders to extract (default: each gold file's source)")
    _rules_option(ev)
    ev.add_argument("--min", action="append", default=[], metavar="FIELD=F1",
                    help="exit 1 when FIELD's F1 (or 'overall') is below F1")
    ev.add_argument("--quiet", "-q", action="store_true", help="only the table, not each miss")
    bench = sub.add_parser("bench", help="measure speed and memory against a spaCy baseline in the same run")
    bench.add_argument("--docs", type=int, default=3000, metavar="N", help="documents in the generated corpus (default 3000)")
    bench.add_argument("--repeats", type=int, default=2, metavar="R", help="alternating runs of each command (default 2)")
    bench.add_argument("--keep", type=Path, metavar="DIR", help="generate and keep the corpus and outputs in DIR")
    bench.add_argument("--against", type=Path, metavar="CHECKOUT",
                       help="also time Pipeline.record of another notulen checkout (e.g. a git worktree of an older commit), alternately")
    return parser


def _rules_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--rules", type=Path, metavar="DIR", help="rules folder (default: the rules shipped with notulen)")


def run() -> None:
    """The ``notulen`` command: :func:`main`, then exit without tearing the interpreter down.

    Freeing spaCy's vocabulary, tables and modules one object at a time takes about 0.2 s at
    exit, as long as a short extraction; nothing notulen writes needs it (every file is closed
    and renamed into place before :func:`main` returns), so the output streams are flushed and
    the process ends at once.
    """
    try:
        code = main()
    except SystemExit as exc:  # argparse: --help, or a usage error it has already explained
        code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else EXIT_USAGE)
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except (OSError, ValueError):  # a closed pipe ("notulen show x | head")
        code = code or EXIT_FAILED
    os._exit(code)


def main(argv: list[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    try:
        if args.command == "extract":
            return _extract(args)
        if args.command == "show":
            return _show(args)
        if args.command == "rules":
            return _rules_check(args)
        if args.command == "review":
            from .batch import rebuild_review

            count = rebuild_review(args.out)
            print(f"notulen: {args.out / 'review' / 'index.html'}: {count} documents")
            return EXIT_OK
        if args.command == "bench":
            from .bench import run as bench

            print(bench(args.docs, args.repeats, keep=args.keep, against=args.against))
            return EXIT_OK
        return _eval(args, parser)
    except RulesError as exc:
        for problem in exc.problems:
            print(f"notulen: {problem}", file=sys.stderr)
        return EXIT_USAGE
    except ReadError as exc:
        print(f"notulen: {getattr(args, 'file', '')}: {exc.code}: {exc.message}", file=sys.stderr)
        return EXIT_FAILED
    except NotulenError as exc:
        print(f"notulen: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        print("notulen: interrupted; finished documents are kept, run again to continue", file=sys.stderr)
        return 130


def _rules(args):
    """The validated rules of ``--rules`` (or the shipped ones), loaded once per process."""
    from .rules import rules_for

    return rules_for(str(args.rules) if args.rules else None)


def _extract(args) -> int:
    from . import batch

    if args.jobs < 1:
        raise NotulenError("--jobs must be at least 1")
    if len(args.csv_sep) != 1 or args.csv_sep in "\"\r\n":
        raise NotulenError("--csv-sep must be one character other than a quote or a newline, e.g. ';'")
    for option, value in (("--timeout", args.timeout), ("--max-memory", args.max_memory),
                          ("--max-bytes", args.max_bytes), ("--year", args.year)):
        if value is not None and value < 0:
            raise NotulenError(f"{option} must not be negative")
    rules = _rules(args)
    if args.sqlite:
        from .sqlite_db import check_target

        check_target(args.out / "minutes.sqlite")  # before any work, not after an hour of extraction
    bar = None
    if not args.quiet and sys.stderr.isatty():
        from tqdm import tqdm

        bar = tqdm(unit="doc", file=sys.stderr, leave=False)

    def progress(done: int, total: int) -> None:
        if bar is not None:
            bar.total = total
            bar.n = done
            bar.refresh()

    try:
        summary = batch.run(args.paths, args.out, rules_dir=rules.folder, rules_digest=rules.digest,
                            jobs=args.jobs, include=args.include, exclude=args.exclude, force=args.force,
                            year=args.year, max_bytes=args.max_bytes, csv_sep=args.csv_sep, excel=args.excel,
                            timeout=args.timeout or None, max_memory_mb=args.max_memory or None, xlsx=args.xlsx,
                            progress=progress, sqlite=args.sqlite)
    finally:
        if bar is not None:
            bar.close()
    if not args.quiet:
        print(f"notulen: {summary.line()}; output in {args.out}", file=sys.stderr)
    return EXIT_FAILED if summary.failed else EXIT_OK


def _show(args) -> int:
    from .api import Pipeline
    from .writers import record_to_dict, record_to_json

    if not args.file.is_file():
        raise NotulenError(f"{args.file}: no such file")
    rules = _rules(args)
    record = Pipeline(rules.folder).record_file(args.file, year=args.year)
    if args.json:
        sys.stdout.write(record_to_json(record))
        return EXIT_OK
    sys.stdout.write(render_summary(record_to_dict(record)))
    return EXIT_OK


def render_summary(doc: dict) -> str:
    """A short, readable account of one document's extraction, for a person at a terminal."""
    m = doc["meeting"]
    lines = [f"{doc['source']['path']}  ({doc['source']['format']})"]
    if doc.get("title"):
        lines.append(f"  title      {' '.join(doc['title']['text'].split())}")
    when = m["date"] or "?"
    if m["weekday"]:
        when += f" ({m['weekday']}{'' if m['weekday_agrees'] is not False else ', does not match the date'})"
    if m["time_start"]:
        when += f" {m['time_start']}" + (f"-{m['time_end']}" if m["time_end"] else "") + (f" {m['timezone']}" if m["timezone"] else "")
    lines.append(f"  when       {when}")
    if m["venue"]:
        lines.append(f"  where      {m['venue']['text']}" + (" (online)" if m["venue"]["online"] else ""))
    if m["region"]:
        lines.append(f"  region     {m['region']['name']} ({m['region']['code']}, {m['region']['province']})")
    if m["opened_by"]:
        behalf = m["opened_by"].get("on_behalf_of")
        lines.append(f"  opened by  {m['opened_by']['text']}" + (f" (for {behalf['text']})" if behalf else ""))
    if m["plan_year"]:
        lines.append(f"  plan year  {m['plan_year']}")
    for title, key, fmt in (("attendees", "attendees", lambda a: a["text"] + (f"  [{a['side']}]" if a["side"] else "")),
                            ("agenda", "agenda", lambda a: a["text"]),
                            ("stages", "planning_stages", lambda a: a["name"]),
                            ("issues", "issues", lambda a: a["text"]),
                            ("challenges", "challenges", lambda a: a["text"]),
                            ("programs", "programs", lambda a: f"[{a['kind']}] {a['text']}"
                             + (f" (activities: {'; '.join(x['text'] for x in a['activities'])})" if a["activities"] else "")),
                            ("follow-ups", "follow_ups", lambda a: a["text"] + (f" (by {a['deadline']})" if a["deadline"] else "")),
                            ("commodities", "commodities", lambda a: a["name"])):
        items = doc.get(key) or []
        if items:
            lines.append(f"  {title} ({len(items)})")
            lines += [f"    {i}. {' '.join(fmt(item).split())}" for i, item in enumerate(items, 1)]
    for w in doc["warnings"]:
        lines.append(f"  warning    {w['code']}: {w['message']}")
    return "\n".join(lines) + "\n"


def _rules_check(args) -> int:
    rules = _rules(args)
    from .nlp import build_nlp

    build_nlp(rules.folder)  # spaCy validates every token pattern again as it builds the matcher
    print(f"notulen: {rules.folder}: {len(rules.matchers)} rules, {len(rules.lexicon)} lexicons, "
          f"{len(rules.abbreviations)} abbreviations, {len(rules.provinces)} provinces, "
          f"{len(rules.regencies)} kabupaten/kota: all valid")
    return EXIT_OK


def _eval_urusan(args, parser) -> int:
    """Score the urusan classifier on labelled items; --min takes precision=, recall= or f1=."""
    from .evaluate import load_urusan_items, score_urusan

    bounds = {}
    for rule in args.min:
        name, _, value = rule.partition("=")
        try:
            bounds[name] = float(value)
        except ValueError:
            parser.error(f"--min needs NAME=NUMBER, got {rule}")
        if name not in ("precision", "recall", "f1"):
            parser.error(f"with --urusan, --min takes precision, recall or f1, not {name}")
    try:
        items = load_urusan_items(args.urusan)
    except (OSError, ValueError) as exc:
        raise NotulenError(str(exc)) from exc
    rules = _rules(args)
    counts, mistakes = score_urusan(items, rules.urusan, rules.words("urusan_tail_words"))
    if not args.quiet:
        for text, gold, pred in mistakes:
            print(f"gold {gold}\tfound {pred}\t{text}")
        print()
    p, r, f = counts.prf()
    print(f"{'field':<11} {'P':>6} {'R':>6} {'F1':>6}   tp  fp  fn")
    print(f"{'urusan':<11} {p:6.3f} {r:6.3f} {f:6.3f} {counts.tp:4d}{counts.fp:4d}{counts.fn:4d}")
    failed = [f"{name} {value:.3f} < {bounds[name]}" for name, value in (("precision", p), ("recall", r), ("f1", f))
              if name in bounds and value < bounds[name]]
    print(("FAIL: " + "; ".join(failed) + " | " if failed else "") + f"{len(items)} items")
    return EXIT_FAILED if failed else EXIT_OK


def _eval(args, parser) -> int:
    if args.urusan:
        return _eval_urusan(args, parser)
    if not args.gold:
        parser.error("eval needs --gold DIR or --urusan FILE")
    from .api import Pipeline
    from .evaluate import FIELDS, Report, load_gold, prediction_fields, resolve_source, score_document
    from .writers import record_to_dict

    bounds = {}
    for rule in args.min:
        name, _, value = rule.partition("=")
        if name not in (*FIELDS, "overall"):
            parser.error(f"unknown field in --min: {name}")
        try:
            bounds[name] = float(value)
        except ValueError:
            parser.error(f"--min needs FIELD=NUMBER, got {rule}")
    golds = load_gold(args.gold)
    if not golds:
        raise NotulenError(f"{args.gold}: no gold *.json files found")
    pipeline = Pipeline(_rules(args).folder)
    by_stem: dict[str, Path] = {}
    if args.paths:
        from .batch import discover

        for f in discover(args.paths)[0]:
            by_stem.setdefault(f.path.stem, f.path)
    report = Report()
    for gold_path, gold in golds:
        doc_id = gold.get("id") or gold_path.stem
        source = by_stem.get(doc_id) if args.paths else resolve_source(gold_path, gold["source"]) if gold.get("source") else None
        pred = {f: None for f in FIELDS}
        if source is not None and Path(source).is_file():
            try:
                pred = prediction_fields(record_to_dict(pipeline.record_file(source, doc_id=doc_id)))
            except ReadError as exc:
                print(f"notulen: {source}: {exc.code}: {exc.message}", file=sys.stderr)
        else:
            print(f"notulen: {doc_id}: document not found; scored as empty", file=sys.stderr)
        score_document(doc_id, gold["gold"], pred, report)
    if not args.quiet:
        for doc_id, field, kind, text in report.mistakes:
            print(f"{doc_id}\t{field}\t{kind}\t{text}")
        print()
    print(report.table())
    failed = []
    table = {f: c.prf()[2] for f, c in report.counts.items()}
    table["overall"] = report.overall().prf()[2]
    for name, bound in bounds.items():
        if table[name] < bound:
            failed.append(f"{name} F1 {table[name]:.3f} < {bound}")
    print(("FAIL: " + "; ".join(failed) + " | " if failed else "") + f"{report.documents} documents")
    return EXIT_FAILED if failed else EXIT_OK
