"""The title: the first block of short lines at the top of the minutes, or a news page's headline.

Reads only the text view: no cue marks a title.
"""
from __future__ import annotations

import re

from .cues import grounded
from .records import Grounded
from .rules import RuleSet
from .textspan import FIELD, TextView

__all__ = ["TitleFinder"]

#: a news site's name heading its page ("KABARMEURAH.COM", "sorongterkini.id", "BONTANGPOST.ID | Suara Kota Taman")
MASTHEAD = re.compile(r"(?i)[\w-]+(?:\.[\w-]+)*\.(?:com|id|net|org|news|info|co\.id|go\.id|web\.id)\b(?![.\w])")
#: a web page's skip link or menu entry on a line of its own
NAVIGATION = re.compile(r"(?i)(?:lewati ke konten|skip to content|beranda|home|menu|cari\.*)")


class TitleFinder:
    """Finds a document's title; built once per rule set."""

    def __init__(self, rules: RuleSet):
        weekdays = rules.variants("weekdays")
        # a line that begins with a weekday or a day number: a date line under a title, not its text
        self.dated_line = re.compile(rf"(?i)(?:{'|'.join(map(re.escape, weekdays))})\b|\d{{1,2}}[-/ .]")

    def __call__(self, view: TextView) -> Grounded | None:
        """The first block of short lines at the top of the document."""
        text = view.text
        pos: int | None = 0
        start = end = None
        lines = 0
        while pos is not None and pos < len(text):
            ls, le = view.line(pos)
            line = text[ls:le].strip()
            if not line:
                if start is not None:
                    break
            elif re.fullmatch(r"[=\-_*~.]+", line):
                if start is not None:
                    break
            elif self._page_residue(line):
                if start is not None:
                    break  # a menu after the site's name ends the block; a menu before the title is skipped
            elif start is not None and FIELD.match(line) and re.match(r"[^:]{1,30}:\s*\S", line):
                break  # "Tanggal : 10 Maret 2007" under the title: the header's fields begin
            elif start is not None and len(line) < 60 and re.search(r"\d{4}", line) and self.dated_line.match(line):
                break  # "Selasa, 20-05-2025 - 23:11 WIB" under a news headline: when it was published
            else:
                if len(line) > 200 or (lines and (re.search(r"[.!?]\s", line) or len(line) > 60 and line.endswith("."))):
                    break  # a sentence, not a title's next line
                if not lines and len(line) > 120 and line.endswith(".") and re.search(r"[.!?,]\s", line):
                    return None  # the report begins with a sentence: there is no title
                if start is None:
                    start = ls + (len(text[ls:le]) - len(text[ls:le].lstrip()))
                end = ls + len(text[ls:le].rstrip())
                lines += 1
                if lines >= 4:
                    break
            pos = view.next_line(pos)
        if start is None or end is None:
            return None
        if MASTHEAD.match(text, start) and pos is not None:
            headline = self._headline(view, pos)
            if headline is not None:
                return headline
        return grounded(text, start, end, "title_first_block")

    def _headline(self, view: TextView, pos: int) -> Grounded | None:
        """A news page's headline below its masthead, menus, date line and ticker: the first line of a
        few words that is none of those and no sentence, within the page's first lines."""
        text = view.text
        for _ in range(20):
            ls, le = view.line(pos)
            line = text[ls:le].strip()
            words = line.split()
            if 4 <= len(words) and len(line) <= 200 and not self._page_residue(line) and not re.search(r"[.!?]\s", line) \
                    and not line.endswith(".") and not re.match(r"[^:\s]{2,20}\s*:", line) and "»" not in line \
                    and not self.dated_line.match(line) and not re.match(r"(?i)(?:home|beranda|cari)\b", line):
                s = ls + len(text[ls:le]) - len(text[ls:le].lstrip())
                return grounded(text, s, s + len(line), "title_headline")
            nxt = view.next_line(pos)
            if nxt is None:
                return None
            pos = nxt
        return None

    @staticmethod
    def _page_residue(line: str) -> bool:
        """A web page's navigation line: a menu joined by "|" or "›", or a skip link."""
        return line.count("|") >= 2 or line.count("›") >= 1 or bool(
            NAVIGATION.fullmatch(line))

