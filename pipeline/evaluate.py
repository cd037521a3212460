"""Score extracted minutes against gold annotations, field by field, and list every miss.

Gold files are JSON with ``{"id", "source", "gold": {date, time_start, time_end, timezone,
venue, region, opened_by, attendees, issues, programs}}``; ``source`` is the document's path
relative to the gold file. Exact fields must be equal; text fields match when their word F1
is at least 0.7, comparing lower-cased words without titles and honorifics; list items are
paired best-first. Whether the opener is also listed as an attendee is a matter of policy,
so such a mention neither counts for nor against.
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

THRESHOLD = 0.7
EXACT_FIELDS = ("date", "time_start", "time_end", "timezone")
TEXT_FIELDS = ("venue", "region", "opened_by")
LIST_FIELDS = ("attendees", "issues", "programs")
FIELDS = EXACT_FIELDS + TEXT_FIELDS + LIST_FIELDS

_IGNORED = frozenset(
    "dr drs dra ir prof h hj kh sh se mm mh mt msi si sos ip pd kom ag lc ph phd st sp ak acc mpa msc eng "
    "mba ma mkes mpd kes ba bsc akbp kompol akp iptu para bapak bpk ibu sdr sdri".split()
)


def _words(text: str | None) -> list[str]:
    return [w for w in re.findall(r"\w+", (text or "").lower()) if len(w) > 1 and w not in _IGNORED]


def similarity(a: str | None, b: str | None) -> float:
    """Word-level F1 of two texts; "Wali Kota" and "Walikota" count as the same."""
    wa, wb = _words(a), _words(b)
    if not wa or not wb:
        return 0.0
    if "".join(wa) == "".join(wb):
        return 1.0
    remaining = list(wb)
    shared = 0
    for w in wa:
        if w in remaining:
            remaining.remove(w)
            shared += 1
    if not shared:
        return 0.0
    precision, recall = shared / len(wa), shared / len(wb)
    return 2 * precision * recall / (precision + recall)


def _text(value, keys=("text", "name", "value")) -> str | None:
    if isinstance(value, dict):
        return next((value[k] for k in keys if isinstance(value.get(k), str)), None)
    return value if isinstance(value, str) else None


def prediction_fields(output: dict) -> dict:
    """The scored fields of one notulen JSON output."""
    meeting = output.get("meeting") or {}
    fields = {f: meeting.get(f) for f in EXACT_FIELDS}
    fields["venue"] = _text(meeting.get("venue"))
    fields["region"] = _text(meeting.get("region"), ("name", "text"))
    fields["opened_by"] = _text(meeting.get("opened_by"))
    for f in LIST_FIELDS:
        fields[f] = [t for t in (_text(i) for i in output.get(f) or []) if t]
    return fields


@dataclass
class Counts:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    def prf(self) -> tuple[float, float, float]:
        p = self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0
        r = self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0
        f = 2 * p * r / (p + r) if p + r else 0.0
        return p, r, f


@dataclass
class Report:
    counts: dict[str, Counts] = field(default_factory=lambda: {f: Counts() for f in FIELDS})
    mistakes: list[tuple[str, str, str, str]] = field(default_factory=list)  # doc, field, kind, text
    documents: int = 0

    def overall(self) -> Counts:
        total = Counts()
        for c in self.counts.values():
            total.tp, total.fp, total.fn = total.tp + c.tp, total.fp + c.fp, total.fn + c.fn
        return total

    def table(self) -> str:
        lines = [f"{'field':<11} {'P':>6} {'R':>6} {'F1':>6}   tp  fp  fn"]
        for name, c in [*self.counts.items(), ("overall", self.overall())]:
            p, r, f = c.prf()
            lines.append(f"{name:<11} {p:6.3f} {r:6.3f} {f:6.3f} {c.tp:4d}{c.fp:4d}{c.fn:4d}")
        return "\n".join(lines)


def _pairs(gold: list[str], pred: list[str]) -> tuple[set[int], set[int]]:
    ranked = sorted(((similarity(g, p), i, j) for i, g in enumerate(gold) for j, p in enumerate(pred)), reverse=True)
    used_g: set[int] = set()
    used_p: set[int] = set()
    for score, i, j in ranked:
        if score < THRESHOLD:
            break
        if i not in used_g and j not in used_p:
            used_g.add(i)
            used_p.add(j)
    return used_g, used_p


def score_document(doc_id: str, gold: dict, pred: dict, report: Report) -> None:
    """Add one document's true and false hits to ``report``."""
    report.documents += 1
    for f in EXACT_FIELDS + TEXT_FIELDS:
        g, p = gold.get(f), pred.get(f)
        c = report.counts[f]
        ok = bool(g and p) and (str(g).strip().upper() == str(p).strip().upper() if f in EXACT_FIELDS
                                else similarity(g, p) >= THRESHOLD)
        if ok:
            c.tp += 1
            continue
        if p:
            c.fp += 1
            report.mistakes.append((doc_id, f, "false", str(p)))
        if g:
            c.fn += 1
            report.mistakes.append((doc_id, f, "missed", str(g)))
    opener = gold.get("opened_by")
    is_opener: Callable[[str], bool] = (lambda t: similarity(t, opener) >= THRESHOLD) if opener else (lambda t: False)
    for f in LIST_FIELDS:
        g_items, p_items = list(gold.get(f) or []), list(pred.get(f) or [])
        optional = [g for g in g_items if f == "attendees" and is_opener(g)]
        required = [g for g in g_items if g not in optional]
        used_g, used_p = _pairs(required, p_items)
        rest = [p for j, p in enumerate(p_items) if j not in used_p]
        extra_g, extra_p = _pairs(optional, rest)
        rest = [p for j, p in enumerate(rest) if j not in extra_p]
        if f == "attendees":
            rest = [p for p in rest if not is_opener(p)]
        c = report.counts[f]
        c.tp += len(used_g) + len(extra_g)
        c.fp += len(rest)
        c.fn += len(required) - len(used_g)
        report.mistakes += [(doc_id, f, "missed", g) for i, g in enumerate(required) if i not in used_g]
        report.mistakes += [(doc_id, f, "false", p) for p in rest]


def resolve_source(gold_path: Path, source: str) -> Path:
    """The document a gold file names: ``source`` is relative to the gold folder's parent
    (``eval/gold/x.json`` names ``docs/x.txt``), or else to the gold folder itself."""
    for base in (gold_path.parent.parent, gold_path.parent):
        candidate = (base / source).resolve()
        if candidate.is_file():
            return candidate
    return (gold_path.parent.parent / source).resolve()


def load_gold(gold_dir: Path) -> list[tuple[Path, dict]]:
    """Every gold file of a folder, sorted by name."""
    return [(path, json.loads(path.read_text(encoding="utf-8"))) for path in sorted(Path(gold_dir).glob("*.json"))]


def score_urusan(items: list[dict], table, tail_words: tuple[str, ...] = ()) -> tuple[Counts, list[tuple[str, str, str]]]:
    """Score :func:`pipeline.urusan.classify` against labelled items (``{text, urusan}``, urusan a
    code or null): a right code is a true hit, a wrong one both a false and a missed hit, a code
    where the label says none a false hit, none where it gives one a missed hit. Returns the
    counts and each mistake as (text, gold, predicted)."""
    from .urusan import classify

    counts = Counts()
    mistakes = []
    for item in items:
        gold = item.get("urusan")
        found = classify(item["text"], table, tail_words)
        pred = found.code if found else None
        if pred == gold:
            counts.tp += pred is not None
            continue
        if pred is not None:
            counts.fp += 1
        if gold is not None:
            counts.fn += 1
        mistakes.append((item["text"], gold or "-", f"{pred} ({found.cue})" if found else "-"))
    return counts, mistakes


def load_urusan_items(path: Path) -> list[dict]:
    """The labelled items of a YAML file ``{items: [{kind, urusan, text}, ...]}``."""
    import yaml

    data = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    items = data.get("items") if isinstance(data, dict) else None
    if not isinstance(items, list) or not all(isinstance(i, dict) and isinstance(i.get("text"), str) for i in items):
        raise ValueError(f"{path}: expected 'items:', a list of {{kind, urusan, text}}")
    return items
