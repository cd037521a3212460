"""The government affair (urusan pemerintahan) of an issue or a program, from the cue words of
``rules/urusan.yaml``; pure functions, the table passed in.

A cue matches whole words, case-insensitively, across any run of spaces, hyphens or slashes; a cue
ending in ``*`` matches any word it begins. The urusan with the most cues in an item wins, then the
one with the longest cue, then the earliest (so "limbah B3 fasilitas kesehatan" is 2.11, with two
cues, not 1.02). A weak cue ("kecamatan", mostly a place) decides only when no other cue occurs.
When no cue occurs, a word of six letters or more one dropped, doubled or swapped letter away
from a one-word cue counts ("kemiskian", "irgasi"). An item with no cue gets none: a guess would look like a fact in the tables.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

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


def classify(text: str, table: tuple[Urusan, ...]) -> UrusanMatch | None:
    """The urusan of one item's text, or None when no cue of ``table`` occurs in it."""
    pattern, entries = _matcher(table)
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
        return (len({m.cue for m in ms}), max(m.end - m.start for m in ms), -ms[0].start)

    best = max(by_code.values(), key=strength)
    return max(best, key=lambda m: (m.end - m.start, -m.start))


def rule_id(code: str) -> str:
    """The rule id a classification carries: ``urusan_1_02`` for the cues of 1.02."""
    return "urusan_" + code.replace(".", "_")
