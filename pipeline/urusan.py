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
from typing import Callable

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


class _CueIndex:
    """Every cue of a table by its first word, for a scan of an item's words with dictionary look-ups
    rather than one alternation of ~600 cues tried at every character. It finds what that
    alternation finds: at each word the longest cue that matches there, then the next match starts
    after it.

    A cue is a run of words; a word may hold hyphens ("rata-rata", "e-ktp"), which the text must
    have as written, while between the cue's words any run of spaces, hyphens or slashes will do. A
    cue ending in ``*`` takes any word that its last word begins.
    """

    def __init__(self, table: tuple[Urusan, ...]):
        owner: dict[str, tuple[Urusan, bool]] = {}
        for u in table:
            for cue in u.cues:
                owner.setdefault(cue, (u, False))
            for cue in u.weak:
                owner.setdefault(cue, (u, True))
        cues = sorted(owner, key=lambda c: (-len(c.rstrip("*")), c))  # the longest first
        self.entries = tuple((*owner[c][:1], c, owner[c][1]) for c in cues)
        self.by_first: dict[str, list[tuple[int, tuple[str, ...], tuple[str, ...], bool]]] = {}
        self.by_stem: dict[str, list[tuple[int, tuple[str, ...], tuple[str, ...], bool]]] = {}
        for i, cue in enumerate(cues):
            prefix = cue.endswith("*")
            parts: list[str] = []
            joins: list[str] = []  # "-" inside a cue's word, " " between its words
            for word in cue.rstrip("*").lower().split():
                for k, piece in enumerate(word.split("-")):
                    if parts:
                        joins.append("-" if k else " ")
                    parts.append(piece)
            entry = (i, tuple(parts), tuple(joins), prefix)
            (self.by_stem if prefix and len(parts) == 1 else self.by_first).setdefault(parts[0], []).append(entry)
        self.longest_stem = max((len(k) for k in self.by_stem), default=0)

    def matches(self, text: str):
        """(entry, start, end) of every cue in ``text``, left to right, not overlapping."""
        words = [(m.start(), m.end(), m.group().lower()) for m in _WORD.finditer(text)]
        i = 0
        while i < len(words):
            word = words[i][2]
            found = list(self.by_first.get(word, ()))  # the first word as written
            for k in range(1, min(len(word), self.longest_stem) + 1):
                found += self.by_stem.get(word[:k], ())  # a one-word cue that the word begins
            hit = next((entry for entry in sorted(found) if self._goes_on(text, words, i, *entry[1:])), None)
            if hit is None:
                i += 1
                continue
            last = i + len(hit[1]) - 1
            yield self.entries[hit[0]], words[i][0], words[last][1]
            i = last + 1

    def _goes_on(self, text: str, words: list, i: int, parts: tuple[str, ...], joins: tuple[str, ...],
                 prefix: bool) -> bool:
        """Whether the words after ``words[i]`` (which matches ``parts[0]``) go on with the cue's."""
        if i + len(parts) > len(words):
            return False
        for j in range(1, len(parts)):
            if not self._joined(text, words[i + j - 1][1], words[i + j][0], joins[j - 1]):
                return False
            word = words[i + j][2]
            if not (word.startswith(parts[j]) if prefix and j == len(parts) - 1 else word == parts[j]):
                return False
        return True

    @staticmethod
    def _joined(text: str, end: int, start: int, join: str) -> bool:
        gap = text[end:start]
        return gap == "-" if join == "-" else _BETWEEN.fullmatch(gap) is not None


_WORD = re.compile(r"\w+")
_BETWEEN = re.compile(r"[\s\-/]+")


@lru_cache(maxsize=8)
def _cue_index(table: tuple[Urusan, ...]) -> _CueIndex:
    return _CueIndex(table)


@lru_cache(maxsize=8)
def _fuzzy_cues(table: tuple[Urusan, ...]) -> tuple[tuple[str, Urusan], ...]:
    return tuple((c, u) for u in table for c in u.cues if " " not in c and "*" not in c and len(c) >= FUZZY_MIN)


@lru_cache(maxsize=8)
def _fuzzy_index(table: tuple[Urusan, ...]) -> tuple[dict[str, int], dict[str, list[int]]]:
    """The one-word cues of :func:`_fuzzy_cues` by their text, and by each text one letter shorter:
    the look-ups that find every cue :func:`one_edit_apart` from a word without trying each."""
    exact: dict[str, int] = {}
    shorter: dict[str, list[int]] = {}
    for k, (cue, _) in enumerate(_fuzzy_cues(table)):
        exact.setdefault(cue, k)
        for i in range(len(cue)):
            shorter.setdefault(cue[:i] + cue[i + 1:], []).append(k)
    return exact, shorter


def _fuzzy_match(word: str, table: tuple[Urusan, ...]) -> int | None:
    """The first cue of :func:`_fuzzy_cues` that ``word`` is :func:`one_edit_apart` from."""
    exact, shorter = _fuzzy_index(table)
    found = [k for k in shorter.get(word, ()) if _fuzzy_cues(table)[k][0] != word]  # a letter dropped
    for i in range(len(word)):
        k = exact.get(word[:i] + word[i + 1:])  # a letter doubled or added
        if k is not None:
            found.append(k)
        if i + 1 < len(word) and word[i] != word[i + 1]:
            k = exact.get(word[:i] + word[i + 1] + word[i] + word[i + 2:])  # two neighbours swapped
            if k is not None:
                found.append(k)
    return min(found) if found else None


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
    head_end_ = head_end(text, tail_words)
    found = [(weak, UrusanMatch(u.code, u.name, start, end, cue))
             for (u, cue, weak), start, end in _cue_index(table).matches(text)]
    strong = [m for weak, m in found if not weak]
    candidates = strong or [m for _, m in found]
    if not candidates:
        for w in re.finditer(r"\w{%d,}" % FUZZY_MIN, text):
            k = _fuzzy_match(w.group().lower(), table)
            if k is not None:
                cue, u = _fuzzy_cues(table)[k]
                candidates = [UrusanMatch(u.code, u.name, w.start(), w.end(), cue)]
                break
    if not candidates:
        return None
    by_code: dict[str, list[UrusanMatch]] = {}
    for m in candidates:
        by_code.setdefault(m.code, []).append(m)

    def strength(ms: list[UrusanMatch]) -> tuple:
        return (len({m.cue for m in ms}), ms[0].start < head_end_, max(m.end - m.start for m in ms), -ms[0].start)

    best = max(by_code.values(), key=strength)
    return max(best, key=lambda m: (m.end - m.start, -m.start))


@lru_cache(maxsize=8)
def classifier(table: tuple[Urusan, ...], tail_words: tuple[str, ...] = ()):
    """:func:`classify` against one table, as a function of the text alone that remembers its
    answers: items come back from meeting to meeting ("peningkatan jalan kabupaten"), so each is
    classified once per process (and the table is not hashed again for every item)."""
    return lru_cache(maxsize=8192)(lambda text: classify(text, table, tail_words))


def rule_id(code: str) -> str:
    """The rule id a classification carries: ``urusan_1_02`` for the cues of 1.02."""
    return "urusan_" + code.replace(".", "_")


def file_items(record: MinutesRecord, classify_text: Callable[[str], UrusanMatch | None]) -> MinutesRecord:
    """Give each issue and program of ``record`` its urusan (or None), grounded in the document text;
    ``classify_text`` is a :func:`classifier`."""
    for item in [*record.issues, *record.programs]:
        found = classify_text(item.text)
        if found is not None:
            start = item.span[0] + found.start
            item.urusan = UrusanRef(found.code, found.name, item.text[found.start:found.end],
                                    [start, start + found.end - found.start], rule_id(found.code))
    return record
