"""Character-level helpers over a document's text: sentences, lines, list markers, tables.

Extraction works on character offsets so that every value keeps its exact span; these helpers
find where sentences, lines, list items and table cells begin and end.
"""
from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from typing import Iterable

from .literals import fold

#: A list marker at the start of a line: "1.", "(1)", "1)", "a.", "a)", "I.", "-", "•", or a bare "1 ".
LINE_MARKER = re.compile(
    r"(?P<indent>[ \t]*)(?P<marker>\(\d{1,2}\)|\d{1,2}[.)](?!\d)|\(?[a-zA-Z][.)](?![\w.])|"
    r"\(?(?:[IVX]{1,5}|[ivx]{1,5})[.)](?![\w.])|[-•*●▪◦·○►➢✓–]|\d{1,2}(?=[ \t]))[ \t]+(?=\S)"
)
#: A page number on a line of its own, as text extracted from a PDF carries: "- 2 -", "Halaman 2 dari 4".
PAGE_NUMBER = re.compile(r"[ \t\f]*(?:-\s*\d{1,3}\s*-|(?:halaman|hal\.?|page)\s+\d{1,3}(?:\s*(?:dari|of|/)\s*\d{1,3})?|\d{1,3})[ \t\f]*$", re.I)
#: A headed field at the start of a line: "Tempat :", "Hari/Tanggal :", "Pimpinan Rapat :".
FIELD = re.compile(
    r"[ \t]*(?:[A-Z0-9]{1,3}[.)][ \t]*)?(?:[A-Z][\w/.()-]*(?:[ \t]+[\w/.()-]+){0,3}[ \t]*:(?!\d)"
    # labels typed in lower case in quick notes ("tempat:", "hr/tgl:", "dibuka oleh:")
    r"|(?:tempat|tmpt|tpt|lokasi|waktu|jam|pukul|hari|tanggal|tgl|hr/tgl|hari/tanggal|hari/tgl|hadir|yg hadir|"
    r"yang hadir|peserta|acara|agenda|dibuka oleh|pimpinan rapat|pimpinan|notulis|moderator|narasumber|"
    r"kesimpulan|kesepakatan|tindak lanjut|catatan|kendala|masalah|usulan)[ \t]*:(?=\s))")
ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4, "v": 5, "vi": 6, "vii": 7, "viii": 8, "ix": 9, "x": 10,
         "xi": 11, "xii": 12, "xiii": 13, "xiv": 14, "xv": 15}
TRAILING_WORD = re.compile(r"[\s,;]+(?:dan|serta|atau|dan/atau|dan\s+lain(?:-lain|\s+sebagainya)|dll|dsb|dan\s+sebagainya)$", re.I)
_TRAILING_ENDS = frozenset({"dan", "rta", "tau", "ain", "nya", "dll", "dsb"})  # how TRAILING_WORD's words end
LEADING = re.compile(r"(?:[\s,;:]+|(?:dan|serta|beserta|bersama|juga|oleh|olah|pula|dan juga|antara lain|yaitu|yakni|"
                     r"termasuk|di\s?antaranya)\b[\s:]*)+", re.I)


def _space(c: str) -> bool:
    """Whitespace within a line (spaces, tabs, no-break spaces), not a line break."""
    return c != "\n" and c.isspace()


@dataclass(frozen=True)
class Marker:
    """A parsed list marker: its style and its position in the sequence."""

    style: str  # "num", "paren", "alpha", "ALPHA", "roman", "ROMAN", "bullet", "bare"
    value: int  # 1-based position; 0 for bullets
    text: str


def parse_marker(marker: str) -> Marker:
    """Interpret a marker's text: "(1)" -> num 1, "b)" -> alpha 2, "III." -> roman 3, "•" -> bullet."""
    core = marker.strip("().")
    if marker.startswith("(") and core.isdigit():
        return Marker("paren", int(core), marker)
    if core.isdigit():
        return Marker("num" if marker[-1:] in ".)" else "bare", int(core), marker)
    if core.lower() in ROMAN and (len(core) > 1 or core in "IVXivx") and marker[-1:] in ".)":
        style = "ROMAN" if core.isupper() else "roman"
        # a single "i." or "v." may be a letter: callers prefer the letter reading inside letter lists
        return Marker(style, ROMAN[core.lower()], marker)
    if len(core) == 1 and core.isalpha():
        return Marker("ALPHA" if core.isupper() else "alpha", ord(core.lower()) - 96, marker)
    return Marker("bullet", 0, marker)


def follows(prev: Marker, nxt: Marker) -> bool:
    """Whether ``nxt`` continues the sequence ``prev`` began (same style, next value)."""
    if prev.style == "bullet":
        return nxt.style == "bullet" and nxt.text == prev.text
    same = prev.style == nxt.style or {prev.style, nxt.style} <= {"num", "bare"}
    if not same and prev.style in ("alpha", "ALPHA") and nxt.style in ("roman", "ROMAN"):
        # "h." then "i." is a letter, not a Roman one
        same = nxt.text.strip("().").lower() in ("i", "v", "x") and ROMAN.get(nxt.text.strip("().").lower()) is not None
        return same and prev.value + 1 == ord(nxt.text.strip("().").lower()) - 96
    return same and nxt.value == prev.value + 1


_SENTENCE_CHARS = re.compile(r"[\n.!?]")
#: a blank line (spaces allowed on it): where a paragraph ends
BLANK_LINE = re.compile(r"\n[ \t\r]*\n")


_ASCII_LETTERS = bytes(range(65, 91)) + bytes(range(97, 123))


@functools.lru_cache(maxsize=8)
def _nonfinal(words: frozenset[str]) -> frozenset[str]:
    """Abbreviations that do not end a sentence, as they are compared: once per word list, not per document."""
    return frozenset(w.lower().strip(".") for w in words)


_NON_ASCII = re.compile(r"[^\x00-\x7f]")


def _letters(text: str) -> tuple[int, int]:
    """How many letters ``text`` has, and how many of them are capitals."""
    # the ASCII ones counted in C, as what deleting the letters (or the capitals) takes away
    raw = text.encode("ascii", "ignore")
    letters = len(raw) - len(raw.translate(None, _ASCII_LETTERS))
    upper = len(raw) - len(raw.translate(None, _ASCII_LETTERS[:26]))
    for c in _NON_ASCII.findall(text):  # the rest one by one: "É", "–"
        if c.isalpha():
            letters += 1
            upper += c.isupper()
    return letters, upper


class TextView:
    """A document's text with the boundaries extraction needs."""

    def __init__(self, text: str, nonfinal: Iterable[str]):
        self.text = text
        self.nonfinal = _nonfinal(frozenset(nonfinal))
        lengths = sorted(len(line.rstrip()) for line in text.split("\n") if line.strip())
        # text extracted from a PDF or typed with hard line breaks wraps at a fixed width: a full
        # line that does not end a sentence continues on the next one
        width = lengths[int(len(lengths) * 0.9)] if len(lengths) >= 8 else 0
        self.wrap_width = width if 50 <= width <= 140 else 0
        self.furniture = self._page_furniture()
        letters, upper = _letters(text)
        # notes typed in lower case: a sentence may end with ". " and a lower-case word
        self.lowercase = bool(letters) and upper < 0.05 * letters
        # the fields ask for the same sentences (a cue's, a date's) about a third of the time
        self._sentence_ends: dict[tuple[int, int | None], int] = {}
        self._sentence_starts: dict[int, int] = {}

    def _page_furniture(self) -> frozenset[int]:
        """Starts of lines that are page furniture: page numbers, form feeds, and a running header
        repeated near them. Sentences and lists run across them."""
        lines = []
        start = 0
        for line in self.text.split("\n"):
            lines.append((start, line))
            start += len(line) + 1
        marks = {i for i, (_, line) in enumerate(lines) if line.strip() and (PAGE_NUMBER.match(line) or "\f" in line)}
        if not marks:
            return frozenset()
        counts: dict[str, int] = {}
        for _, line in lines:
            if 8 <= len(line.strip()) <= 120:
                counts[line.strip()] = counts.get(line.strip(), 0) + 1
        furniture = set(marks)
        for i in marks:
            for j in range(max(0, i - 3), min(len(lines), i + 4)):
                if counts.get(lines[j][1].strip(), 0) >= 2 or (j > i and lines[j][1].strip() and j == i + 1 and "\f" in lines[i][1]):
                    furniture.add(j)
        return frozenset(lines[i][0] for i in furniture)

    def is_furniture(self, line_start: int) -> bool:
        return line_start in self.furniture

    def skip_furniture(self, pos: int) -> int:
        """From a line start, past blank lines and page furniture to the next line of content."""
        text = self.text
        while pos < len(text):
            end = text.find("\n", pos)
            end = len(text) if end < 0 else end
            if text[pos:end].strip() and not self.is_furniture(pos):
                return pos
            pos = end + 1
        return len(text)

    def wrapped_after(self, newline: int) -> bool:
        """Whether the line ending at ``newline`` is a hard-wrapped line that continues on the next."""
        if not self.wrap_width:
            return False
        ls = self.line_start(newline)
        line = self.text[ls:newline].rstrip()
        return len(line) >= 0.75 * self.wrap_width and line[-1:] not in ".:;!?"

    def cut_off(self, end: int) -> bool:
        """Whether a value ending at ``end`` runs into the end of a text that stops mid-word: a page
        excerpt cut at a byte limit ("... 3. Sehubungan dengan pen"), so the value is incomplete."""
        text = self.text
        return bool(text) and text[-1:].isalnum() and not text[end:].strip()

    # -- lines
    def line_start(self, pos: int) -> int:
        return self.text.rfind("\n", 0, pos) + 1

    def line_end(self, pos: int) -> int:
        end = self.text.find("\n", pos)
        return len(self.text) if end < 0 else end

    def next_line(self, pos: int) -> int | None:
        end = self.line_end(pos)
        return end + 1 if end < len(self.text) else None

    def line(self, pos: int) -> tuple[int, int]:
        return self.line_start(pos), self.line_end(pos)

    def is_blank(self, start: int, end: int) -> bool:
        return not self.text[start:end].strip()

    # -- sentences
    def _word_before(self, pos: int) -> str:
        i = pos
        while i > 0 and (self.text[i - 1].isalnum() or self.text[i - 1] in ".'’"):
            i -= 1
        return self.text[i:pos]

    def _period_ends(self, i: int) -> bool:
        """Whether the "." at ``i`` ends a sentence (not an abbreviation, initial or title)."""
        word = self._word_before(i)
        key = word.lower().strip(".")
        if not word:
            return True
        if len(key) == 1 and word[-1:].isalpha():
            return False  # an initial: "Frans X. Taneo", or a list marker "a."
        if key in self.nonfinal:
            return False
        if key.isdigit() and i + 1 < len(self.text) and self.text[i + 1].isdigit():
            return False
        return True

    def _run_on_stop(self, i: int) -> bool:
        """Whether the "." at ``i`` ends a sentence though no space follows: "... Ir. Yake.Turut hadir ..."
        (a word of three or more small letters before it, a capitalised word after, and not an
        abbreviation or title: "Ir.Nasaruddin", "S.Sos", "Kab.Lahat" go on)."""
        text = self.text
        return i >= 3 and i + 2 < len(text) and text[i + 1].isupper() and text[i + 2].islower() \
            and text[i - 3:i].isalpha() and text[i - 3:i].islower() and self._period_ends(i)

    def sentence_end(self, pos: int, limit: int | None = None) -> int:
        """The offset where the sentence running through ``pos`` ends (its final stop excluded)."""
        key = (pos, limit)
        end = self._sentence_ends.get(key)
        if end is None:
            end = self._sentence_ends[key] = self._sentence_end(pos, limit)
        return end

    def _sentence_end(self, pos: int, limit: int | None) -> int:
        text = self.text
        n = len(text) if limit is None else min(limit, len(text))
        i = pos
        while i < n:
            found = _SENTENCE_CHARS.search(text, i, n)  # only line breaks and stops can end a sentence
            if found is None:
                return n
            i = found.start()
            c = text[i]
            if c == "\n":
                k = i + 1
                while k < n and _space(text[k]):
                    k += 1
                if self.furniture:
                    after = self.skip_furniture(i + 1)
                    if after > k and after < n and self.text[i + 1:after].strip():
                        # a page break with its furniture inside a sentence: continue on the next page
                        if text[after].islower() or self.wrapped_after(i):
                            i = after
                            continue
                if k >= n or text[k] == "\n":
                    return i
                if not LINE_MARKER.match(text, k) and not FIELD.match(text, k) and (text[k].islower() or self.wrapped_after(i)):
                    i = k
                    continue
                return i
            if c in ".!?":
                k = i + 1
                if k >= n:
                    return i
                if _space(text[k]) or text[k] in "\n\"”'’)":
                    while k < n and (_space(text[k]) or text[k] in "\"”'’)"):
                        k += 1
                    if k >= n or text[k] == "\n" or text[k].isupper() or text[k].isdigit() or text[k] in "\"“(•-" \
                            or (self.lowercase and text[k].islower()):
                        if c != "." or self._period_ends(i):
                            return i
                elif c == "." and self._run_on_stop(i):
                    return i
            i += 1
        return n

    def sentence_start(self, pos: int) -> int:
        """The offset where the sentence running through ``pos`` begins."""
        start = self._sentence_starts.get(pos)
        if start is None:
            start = self._sentence_starts[pos] = self._sentence_start(pos)
        return start

    def _sentence_start(self, pos: int) -> int:
        text = self.text
        i = pos - 1
        while i >= 0:
            i = max(text.rfind("\n", 0, i + 1), text.rfind(".", 0, i + 1), text.rfind("!", 0, i + 1),
                    text.rfind("?", 0, i + 1))  # only line breaks and stops can begin one
            if i < 0:
                break
            c = text[i]
            if c == "\n":
                k = i - 1
                while k >= 0 and _space(text[k]):
                    k -= 1
                if k < 0 or text[k] == "\n":
                    return self._skip_space(i + 1)
                nxt = self._skip_space(i + 1)
                continues = text[nxt:nxt + 1].islower() or self.wrapped_after(i)
                if continues and not LINE_MARKER.match(text, nxt) and not FIELD.match(text, nxt):
                    i -= 1
                    continue
                return nxt
            if c in ".!?" and i + 1 < len(text) and (_space(text[i + 1]) or text[i + 1] in "\"”'’)"):
                if c != "." or self._period_ends(i):
                    k = i + 1
                    while k < len(text) and (_space(text[k]) or text[k] in "\"”'’)"):
                        k += 1
                    if k < len(text) and (text[k].isupper() or text[k].isdigit() or text[k] in "\"“("):
                        return k
            elif c == "." and self._run_on_stop(i):
                return i + 1
            i -= 1
        return self._skip_space(0)

    def _skip_space(self, pos: int) -> int:
        while pos < len(self.text) and self.text[pos].isspace():
            pos += 1
        return pos

    def paragraph_end(self, pos: int) -> int:
        m = BLANK_LINE.search(self.text, pos)
        return m.start() if m else len(self.text)

    # -- trimming
    def trim(self, start: int, end: int) -> tuple[int, int]:
        """Shrink [start, end) past leading conjunctions and trailing punctuation and conjunctions."""
        text = self.text
        m = LEADING.match(text, start, end)
        if m:
            start = m.end()
        while True:
            before = end
            while end > start and (text[end - 1].isspace() or text[end - 1] in ",;:"):
                end -= 1
            # (searched for only where the text ends as one of its words does: the search reads the whole span)
            m = TRAILING_WORD.search(text, start, end) if fold(text[end - 3:end]) in _TRAILING_ENDS else None
            if m and m.end() == end and m.start() > start:
                end = m.start()
            if end > start and text[end - 1] == "." and not self._keeps_dot(end - 1):
                end -= 1
            if end == before:
                break
        while start < end and text[start].isspace():
            start += 1
        if self.furniture and start < end:
            ls = self.line_start(start)
            if self.is_furniture(ls) or (text[start:self.line_end(start)].strip() == "" and start == ls):
                nxt = self.skip_furniture(ls)
                if nxt > start:
                    return self.trim(min(nxt, end), end) if nxt < end else (end, end)
        return start, end

    def _keeps_dot(self, dot: int) -> bool:
        word = self._word_before(dot)
        return "." in word or word.lower() in self.nonfinal


def line_items(view: TextView, start: int, first_on_line: bool = False) -> list[tuple[int, int, Marker, list[tuple[int, int]]]]:
    """A block list of marked lines beginning at ``start`` (a line start, or a marker on the current line).

    Returns (item start, item end, marker, sub-items) for the top level; lines indented deeper
    with their own markers become sub-items; unmarked lines indented at least to the item's text
    continue it. Blank lines may separate items. The list ends at the first line that is neither.
    """
    text = view.text
    items: list[tuple[int, int, Marker, list[tuple[int, int]]]] = []
    pos: int | None = start
    level = None
    prev: Marker | None = None
    text_col = 0
    while pos is not None and pos < len(text):
        ls, le = view.line(pos)
        if view.is_blank(ls, le) or view.is_furniture(ls):
            pos = view.next_line(pos)
            continue
        scan_from = pos if (first_on_line and not items) else ls
        m = LINE_MARKER.match(text, scan_from)
        indent_col = (m.start("marker") - ls) if m else None
        if m:
            marker = parse_marker(m.group("marker"))
            if level is None:
                level = indent_col
                prev = marker
                body = m.end()
                items.append((body, le, marker, []))
                text_col = body - ls
                pos = view.next_line(pos)
                continue
            if indent_col == level or (abs(indent_col - level) <= 1 and prev and follows(prev, marker)):
                if prev and not follows(prev, marker) and marker.style != "bullet":
                    break
                prev = marker
                items.append((m.end(), le, marker, []))
                text_col = m.end() - ls
                pos = view.next_line(pos)
                continue
            if indent_col > level:
                s, e, mk, subs = items[-1]
                subs.append((m.end(), le))
                pos = view.next_line(pos)
                continue
            break
        if not items:
            break
        # unmarked line: continuation when indented under the item's text, or when it directly
        # follows a hard-wrapped line or begins in lower case; else the list ends
        indent = len(text[ls:le]) - len(text[ls:le].lstrip(" \t"))
        prev_end = ls - 1
        wrapped = prev_end >= 0 and not view.is_blank(view.line_start(prev_end), prev_end) and (
            view.wrapped_after(prev_end) or text[ls + indent:ls + indent + 1].islower())
        # an indented list's unmarked line back at the markers' column (give or take one), in capitals, is new text
        # ("   26. Ketua X, Nama" then "   Selain itu hadir pula ..."), however full the line before
        outdented = level is not None and 0 < level and abs(indent - level) <= 1 and text[ls + indent:ls + indent + 1].isupper()
        if (indent >= max(text_col - 1, 1) or wrapped and not outdented) and ls > items[-1][1] and not FIELD.match(text, ls):
            s, e, mk, subs = items[-1]
            if subs:
                subs[-1] = (subs[-1][0], le)
            else:
                items[-1] = (s, le, mk, subs)
            pos = view.next_line(pos)
            continue
        break
    return items


def bare_lines(view: TextView, start: int, longest: int = 160) -> list[tuple[int, int]]:
    """Unmarked short lines after a heading ("permasalahan yg disampaikan:" then one issue a line).

    Only when there are at least two, none is a headed field or a list marker, none is longer than
    ``longest``, and the text is not hard-wrapped (where lines are fragments of sentences).
    """
    text = view.text
    out: list[tuple[int, int]] = []
    pos: int | None = start
    while pos is not None and pos < len(text):
        ls, le = view.line(pos)
        line = text[ls:le]
        if not line.strip():
            if out:
                break
            pos = view.next_line(pos)
            continue
        if LINE_MARKER.match(text, ls) or FIELD.match(text, ls) or len(line.strip()) > longest or line.rstrip().endswith(":"):
            break
        if view.wrap_width and len(line.rstrip()) >= 0.75 * view.wrap_width:
            return []
        indent = len(line) - len(line.lstrip())
        out.append((ls + indent, ls + len(line.rstrip())))
        pos = view.next_line(pos)
    return out if len(out) >= 2 else []


INLINE_STYLES = (
    ("paren", re.compile(r"\((\d{1,2})\)\s*")),
    ("num", re.compile(r"(?<![\w.(/])(\d{1,2})\)\s+")),
    ("num", re.compile(r"(?<![\w.,/])(\d{1,2})\.\s+(?=\S)")),
    ("alpha", re.compile(r"(?<![\w(])([a-z])\)\s+")),
    ("alpha", re.compile(r"(?<![\w.])([a-z])\.\s+(?=\S)")),
    ("roman", re.compile(r"(?<![\w.])((?:[IVX]{1,5}))\.\s+(?=\S)")),
)


def inline_items(view: TextView, start: int, end: int) -> list[tuple[int, int, str]]:
    """Items of an inline enumeration that starts at ``start``: "(1) a; (2) b. (3) c" or "1) a; 2) b".

    Returns (item start, item end, marker text); empty when no marker sits at ``start``.
    """
    text = view.text
    for style, regex in INLINE_STYLES:
        m = regex.match(text, start)
        if not m:
            continue
        first = m.group(1)
        value = _marker_value(style, first)
        if value != 1:
            continue
        marks = [(m.start(), m.end(), m.group(0).strip())]
        expect = 2
        pos = m.end()
        while True:
            nxt = None
            for cand in regex.finditer(text, pos, end):
                if _marker_value(style, cand.group(1)) == expect:
                    nxt = cand
                    break
            if not nxt:
                break
            marks.append((nxt.start(), nxt.end(), nxt.group(0).strip()))
            pos = nxt.end()
            expect += 1
        if len(marks) < 2:
            continue
        out = []
        for i, (ms, me, mt) in enumerate(marks):
            item_end = marks[i + 1][0] if i + 1 < len(marks) else view.sentence_end(me, end)
            out.append((me, item_end, mt))
        return out
    return []


def _marker_value(style: str, token: str) -> int:
    if style in ("paren", "num"):
        return int(token)
    if style == "alpha":
        return ord(token) - 96
    return ROMAN.get(token.lower(), 0)


TABLE_SEP = re.compile(r"^[\s\-=+|:]+$")


def table_rows(view: TextView, start: int, wanted: Iterable[str]) -> tuple[dict[str, int], list[dict[str, tuple[int, int]]]] | None:
    """A plain-text table whose header row is the first non-blank line at or after ``start``.

    Columns are separated by "|" or by runs of two or more spaces. ``wanted`` are lower-case
    header words; returns the header (column name -> index) and, per data row, the span of each
    column's cell, or None when the line is not such a header.
    """
    text = view.text
    pos: int | None = start
    while pos is not None and view.is_blank(*view.line(pos)):
        pos = view.next_line(pos)
    if pos is None:
        return None
    ls, le = view.line(pos)
    header = text[ls:le]
    cells = _cells(header, ls)
    names = [text[s:e].strip().lower() for s, e in cells]
    if len(cells) < 2 or not any(any(w == n or n.startswith(w) for w in wanted) for n in names):
        return None
    piped = "|" in header
    header_ls = ls
    columns = {n: i for i, n in enumerate(names)}
    rows: list[dict[str, tuple[int, int]]] = []
    pos = view.next_line(pos)
    blank_run = 0
    while pos is not None:
        ls, le = view.line(pos)
        line = text[ls:le]
        if not line.strip():
            blank_run += 1
            if blank_run > 1 or rows:
                break
            pos = view.next_line(pos)
            continue
        blank_run = 0
        if TABLE_SEP.match(line):
            pos = view.next_line(pos)
            continue
        if piped:
            if "|" not in line:
                break
            row_cells = _cells(line, ls)
        else:
            row_cells = _aligned(line, ls, cells, header_ls)
        if len(row_cells) < 2:
            break
        if not re.match(r"\s*\d{1,3}\.?\s*$", text[row_cells[0][0]:row_cells[0][1]]) and rows == [] and not piped:
            break
        rows.append({names[i]: row_cells[i] for i in range(min(len(names), len(row_cells)))})
        pos = view.next_line(pos)
    return columns, rows


def _cells(line: str, offset: int) -> list[tuple[int, int]]:
    """Cell spans of a line split on "|" or on runs of 2+ spaces."""
    sep = re.compile(r"\|") if "|" in line else re.compile(r"\s{2,}|\t")
    out = []
    pos = 0
    for m in sep.finditer(line):
        if line[pos:m.start()].strip():
            out.append(_strip(line, pos, m.start(), offset))
        pos = m.end()
    if line[pos:].strip():
        out.append(_strip(line, pos, len(line), offset))
    return out


def _strip(line: str, s: int, e: int, offset: int) -> tuple[int, int]:
    while s < e and line[s].isspace():
        s += 1
    while e > s and line[e - 1].isspace():
        e -= 1
    return offset + s, offset + e


def _aligned(line: str, ls: int, header: list[tuple[int, int]], header_ls: int) -> list[tuple[int, int]]:
    """Cells of a space-aligned row, cut at the column starts of the header line (at ``header_ls``)."""
    starts = [s - header_ls for s, _ in header]
    out = []
    for i, col in enumerate(starts):
        s = col
        e = starts[i + 1] if i + 1 < len(starts) else len(line)
        if s >= len(line):
            out.append((ls + len(line), ls + len(line)))
            continue
        # a cell may begin a little before its header: move to the start of its word
        while s > 0 and not line[s - 1].isspace() and (i == 0 or s - 1 > starts[i - 1]):
            s -= 1
        while e < len(line) and not line[e - 1].isspace() and not line[e].isspace():
            e += 1
        out.append(_strip(line, s, min(e, len(line)), ls))
    return out
