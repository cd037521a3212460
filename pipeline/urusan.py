"""The government affair (urusan pemerintahan) of an issue or a program, from the cue words of
``rules/urusan.yaml``; pure functions, the table passed in.

A cue matches whole words, case-insensitively, across any run of spaces, hyphens or slashes; a cue
ending in ``*`` matches any word it begins, and at one place the longest cue wins ("pendidikan
politik" is 8.01, not the 1.01 of "pendidikan"). The urusan with the most cues in an item wins
("limbah B3 fasilitas kesehatan" is 2.11, with two cues, not 1.02), then one named in the item's
head clause, before the words that start its cause, place or beneficiary ("kerusakan jalan
kabupaten akibat truk dari kawasan industri" is 1.03), then the one with the longest cue. A weak cue ("kecamatan", mostly a place) decides only when no other cue occurs.
When no cue occurs, a word of six letters or more one dropped, doubled or swapped letter away
from a one-word cue counts ("kemiskian", "irgasi"). An item with no cue gets none: a guess would look like a fact in the tables.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from .records import MinutesRecord, UrusanRef
from .rules import Urusan

FUZZY_MIN = 6  # letters a word and a cue need before one typo is forgiven


@dataclass(frozen=True)
class UrusanMatch:
    """The urusan an item is filed under and the cue that says so, with offsets into the item text."""

    code: str
    name: str
    start: int
    end: int
    cue: str


def _cue_regex(cue: str) -> str:
    prefix = cue.endswith("*")
    body = r"[\s\-/]+".join(re.escape(w) for w in cue.rstrip("*").split())
    return body + (r"\w*" if prefix else "")


@lru_cache(maxsize=8)
def _matcher(table: tuple[Urusan, ...]) -> tuple[re.Pattern, tuple[tuple[Urusan, str, bool], ...]]:
    """One alternation over every cue, longest first (so the longest cue at a place wins); group
    ``c<i>`` is the i-th (urusan, cue, weak)."""
    owner: dict[str, tuple[Urusan, bool]] = {}
    for u in table:
        for cue in u.cues:
            owner.setdefault(cue, (u, False))
        for cue in u.weak:
            owner.setdefault(cue, (u, True))
    cues = tuple(sorted(owner, key=lambda c: (-len(c.rstrip("*")), c)))
    if not cues:
        return re.compile(r"(?!)"), ()
    groups = "|".join(f"(?P<c{i}>{_cue_regex(c)})" for i, c in enumerate(cues))
    return re.compile(rf"(?<!\w)(?:{groups})(?!\w)", re.IGNORECASE), tuple((*owner[c][:1], c, owner[c][1]) for c in cues)


@lru_cache(maxsize=8)
def _fuzzy_cues(table: tuple[Urusan, ...]) -> tuple[tuple[str, Urusan], ...]:
    return tuple((c, u) for u in table for c in u.cues if " " not in c and "*" not in c and len(c) >= FUZZY_MIN)


def one_edit_apart(a: str, b: str) -> bool:
    """Whether ``a`` becomes ``b`` by one dropped or doubled letter or two swapped neighbours, the
    slips of fast typing; not one changed letter, which turns real words into others ("lintas",
    "linmas"; "perubahan", "perumahan")."""
    if a == b or abs(len(a) - len(b)) > 1:
        return False
    if len(a) == len(b):
        diff = [i for i, (x, y) in enumerate(zip(a, b)) if x != y]
        return len(diff) == 2 and diff[1] == diff[0] + 1 and a[diff[0]] == b[diff[1]] and a[diff[1]] == b[diff[0]]
    short, long_ = (a, b) if len(a) < len(b) else (b, a)
    i = next((k for k, (x, y) in enumerate(zip(short, long_)) if x != y), len(short))
    return short[i:] == long_[i + 1:]


@lru_cache(maxsize=8)
def _tail_regex(tail_words: tuple[str, ...]) -> re.Pattern:
    words = "|".join(re.escape(w) for w in sorted(tail_words, key=len, reverse=True))
    return re.compile(rf"(?<!\w)(?:{words})(?!\w)", re.IGNORECASE) if words else re.compile(r"(?!)")


def head_end(text: str, tail_words: tuple[str, ...]) -> int:
    """Where an item's head clause ends: at the first word that starts its cause, place or
    beneficiary ("akibat", "di", "bagi", ...); the text's end when there is none."""
    m = _tail_regex(tail_words).search(text)
    return m.start() if m else len(text)


def classify(text: str, table: tuple[Urusan, ...], tail_words: tuple[str, ...] = ()) -> UrusanMatch | None:
    """The urusan of one item's text, or None when no cue of ``table`` occurs in it."""
    pattern, entries = _matcher(table)
    head_end_ = head_end(text, tail_words)
    found = []
    for m in pattern.finditer(text):
        u, cue, weak = entries[int(m.lastgroup[1:])]
        found.append((weak, UrusanMatch(u.code, u.name, m.start(), m.end(), cue)))
    strong = [m for weak, m in found if not weak]
    candidates = strong or [m for _, m in found]
    if not candidates:
        candidates = [UrusanMatch(u.code, u.name, w.start(), w.end(), cue)
                      for w in re.finditer(r"\w{%d,}" % FUZZY_MIN, text)
                      for cue, u in _fuzzy_cues(table) if one_edit_apart(w.group().lower(), cue)][:1]
    if not candidates:
        return None
    by_code: dict[str, list[UrusanMatch]] = {}
    for m in candidates:
        by_code.setdefault(m.code, []).append(m)

    def strength(ms: list[UrusanMatch]) -> tuple:
        return (len({m.cue for m in ms}), ms[0].start < head_end_, max(m.end - m.start for m in ms), -ms[0].start)

    best = max(by_code.values(), key=strength)
    return max(best, key=lambda m: (m.end - m.start, -m.start))


def rule_id(code: str) -> str:
    """The rule id a classification carries: ``urusan_1_02`` for the cues of 1.02."""
    return "urusan_" + code.replace(".", "_")


def file_items(record: MinutesRecord, table: tuple[Urusan, ...], tail_words: tuple[str, ...] = ()) -> MinutesRecord:
    """Give each issue and program of ``record`` its urusan (or None), grounded in the document text."""
    for item in [*record.issues, *record.programs]:
        found = classify(item.text, table, tail_words)
        if found is not None:
            start = item.span[0] + found.start
            item.urusan = UrusanRef(found.code, found.name, item.text[found.start:found.end],
                                    [start, start + found.end - found.start], rule_id(found.code))
    return record
