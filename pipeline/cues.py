"""What every field module uses: the cue record, grounded values, and small tests on the text.

The ``minutes_rules`` component marks every cue in ``doc.spans["minutes"]``; :func:`cues_by_label`
turns them into plain :class:`Cue` records grouped by label, the only form in which the field
modules (title, when, where, who, what) see them. Nothing here knows a field.
"""
from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from typing import Iterable

from spacy.tokens import Doc

from .components import CUES_KEY, SPANS_KEY
from .literals import trie
from .records import Grounded

__all__ = [
    "ACTIVE_VERB", "ACTIVE_VERB_WORD", "Cue", "Spans", "after_dateline", "alternation", "cues_by_label", "grounded",
    "last_word_start", "menu_line", "next_word", "quoted", "top_level",
]


@dataclass(frozen=True)
class Cue:
    """A rule match: its label, rule id, exact offsets and named groups."""

    label: str
    rule: str
    start: int
    end: int
    groups: dict


def cues_by_label(doc: Doc) -> dict[str, list[Cue]]:
    """The document's cues by label, each label's in the order the component found them (from the
    plain copy it keeps beside ``doc.spans["minutes"]``, or from the spans when a Doc lacks it)."""
    by_label: dict[str, list[Cue]] = {}
    plain = doc.user_data.get(CUES_KEY)
    if plain is None:
        plain = [(span.label_, span.id_, *span._.exact, span._.groups or {}) for span in doc.spans[SPANS_KEY]]
    for label, rule, start, end, groups in plain:
        by_label.setdefault(label, []).append(Cue(label, rule, start, end, groups))
    return by_label


def grounded(text: str, start: int, end: int, rule: str) -> Grounded:
    """The value ``text[start:end]``, with its span and the rule that found it."""
    return Grounded(text[start:end], [start, end], rule)


def alternation(words: Iterable[str]) -> re.Pattern:
    """A case-insensitive regex matching any of ``words`` as whole words, longest first;
    a space inside an entry matches any run of white space."""
    return re.compile(rf"(?i)(?<![\w-])(?:{trie(words, any_space=True)})(?![\w-])")


def top_level(separators: re.Pattern, text: str, start: int, end: int) -> Iterable[re.Match]:
    """The separators of text[start:end] outside parentheses, with offsets relative to ``start``;
    a comma between digits ("3,1 persen") is a decimal comma, not a separator."""
    depth = 0
    for m in separators.finditer(text[start:end]):
        tok = m.group(0)
        if tok == "(":
            depth += 1
        elif tok == ")":
            depth = max(0, depth - 1)
        elif not depth:
            pos = start + m.start()
            if tok == "," and text[pos - 1:pos].isdigit() and text[pos + 1:pos + 2].isdigit():
                continue
            yield m


def quoted(text: str, pos: int) -> bool:
    """Whether ``pos`` lies inside a quotation opened earlier in its paragraph."""
    paragraph = text[text.rfind("\n", 0, pos) + 1:pos]
    return (paragraph.count('"') + paragraph.count("“") + paragraph.count("”")) % 2 == 1


#: a verb in the active voice, as a regex source: meN- with its sound changes ("menyampaikan",
#: "memaparkan", "mengatakan", "menerima"); "menteri" and "media" are nouns that begin alike
ACTIVE_VERB = r"me(?:[lrwy][aeiou]|m[bpf]|n[cdjstz]|ng[aeiouhgk]|ny[aeiou]|m[aeiou]|n[aeiou])[a-z]{2,}"
ACTIVE_VERB_WORD = re.compile(rf"{ACTIVE_VERB}(?<!menteri)(?<!mentri)")

#: a news dateline at a sentence start: "KAYUAGUNG –", "Palu (ANTARA) -", "ANDOOLO, SULTRAPOS.ID –"
DATELINE = re.compile(r"[A-Z][A-Za-z .,'()/]{1,60}?\s[–—-]{1,2}\s+")
_WORD = re.compile(r"\S+")
#: the next one or two words, up to a comma, semicolon or colon
_NEXT_WORDS = re.compile(r"\s*([^\s,;:]+(?:\s+[^\s,;:]+)?)")


def after_dateline(text: str, start: int, end: int) -> int:
    """Where the sentence begins after a news dateline in text[start:end], if one opens it."""
    m = DATELINE.match(text[start:end])
    if m and re.search(r"[A-Z]{3}", m.group(0)):
        return start + m.end()
    return start


def menu_line(text: str, line_start: int, line_end: int, pos: int) -> bool:
    """Whether the line around ``pos`` is a web page's menu or footer ("Beranda | Berita | Kontak"): a
    "|" after ``pos``, or before it without a dateline's dash after the last one ("SITUS || KOTA – ...",
    a masthead opening the report's first paragraph, is no menu)."""
    if "|" in text[pos:line_end]:
        return True
    before = text[line_start:pos]
    return "|" in before and not re.search(r"\s[–—-]{1,2}\s", before[before.rindex("|"):])


def last_word_start(text: str, start: int, end: int) -> int:
    """Where the last word of text[start:end] begins (``end`` when there is none)."""
    m = list(_WORD.finditer(text[start:end]))
    return start + m[-1].start() if m else end


def next_word(text: str, pos: int, end: int) -> str:
    """The next one or two words after ``pos``, up to a comma, semicolon or colon."""
    m = _NEXT_WORDS.match(text[pos:end])
    return m.group(1) if m else ""


class Spans:
    """A set of (start, end) spans of the text, asked whether a span overlaps one of them: the spans
    one list's items have taken, not to be read again by another list. Sorted by start, so a
    question looks at the few spans that start just before its end, not at every span (a long
    compilation of minutes has thousands)."""

    def __init__(self) -> None:
        self._starts: list[int] = []
        self._ends: list[int] = []
        self._pairs: set[tuple[int, int]] = set()
        self._longest = 0

    def add(self, start: int, end: int) -> None:
        i = bisect.bisect_right(self._starts, start)
        self._starts.insert(i, start)
        self._ends.insert(i, end)
        self._pairs.add((start, end))
        self._longest = max(self._longest, end - start)

    def overlaps(self, start: int, end: int) -> bool:
        """Whether [start, end) overlaps one of the spans."""
        i = bisect.bisect_left(self._starts, end)  # the spans that start before ``end``
        while i > 0 and self._starts[i - 1] > start - self._longest:
            i -= 1
            if self._ends[i] > start:
                return True
        return False

    def covers(self, pos: int) -> bool:
        """Whether ``pos`` lies in one of the spans."""
        return self.overlaps(pos, pos + 1)

    def __contains__(self, span: tuple[int, int]) -> bool:
        return span in self._pairs

    def __len__(self) -> int:
        return len(self._starts)
