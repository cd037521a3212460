"""The government affair (urusan pemerintahan) of an issue or a program, from the cue words of
``rules/urusan.yaml``; pure functions, the table passed in.

A cue matches whole words, case-insensitively, across any run of spaces or a line break; a cue
ending in ``*`` matches any word it begins. Where cues of several urusan occur in one item the
longest cue decides (``pendidikan politik`` is 8.01, not the 1.01 of ``pendidikan``), then the
earliest; an item with no cue gets none, because a guess would look like a fact in the tables.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from .rules import Urusan


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
    words = cue.rstrip("*").split()
    body = r"[\s\-/]+".join(re.escape(w) for w in words)
    return body + (r"\w*" if prefix else "")


@lru_cache(maxsize=8)
def _matcher(table: tuple[Urusan, ...]) -> tuple[re.Pattern, tuple[tuple[Urusan, str], ...]]:
    """One alternation over every cue, longest first (so the longest cue at a place wins); group
    ``c<i>`` is the i-th (urusan, cue)."""
    owner: dict[str, Urusan] = {}
    for u in table:
        for cue in u.cues:
            owner.setdefault(cue, u)
    cues = tuple(sorted(owner, key=lambda c: (-len(c.rstrip("*")), c)))
    if not cues:
        return re.compile(r"(?!)"), ()
    groups = "|".join(f"(?P<c{i}>{_cue_regex(c)})" for i, c in enumerate(cues))
    return re.compile(rf"(?<!\w)(?:{groups})(?!\w)", re.IGNORECASE), tuple((owner[c], c) for c in cues)


def classify(text: str, table: tuple[Urusan, ...]) -> UrusanMatch | None:
    """The urusan of one item's text, or None when no cue of ``table`` occurs in it."""
    pattern, entries = _matcher(table)
    best: UrusanMatch | None = None
    for m in pattern.finditer(text):
        u, cue = entries[int(m.lastgroup[1:])]
        if best is None or m.end() - m.start() > best.end - best.start:
            best = UrusanMatch(u.code, u.name, m.start(), m.end(), cue)
    return best


def rule_id(code: str) -> str:
    """The rule id a classification carries: ``urusan_1_02`` for the cues of 1.02."""
    return "urusan_" + code.replace(".", "_")
