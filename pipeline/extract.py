"""Turn an annotated spaCy Doc into a :class:`~pipeline.records.MinutesRecord`.

The ``minutes_rules`` component has marked every cue (``doc.spans["minutes"]``); this module
reads the text around each cue: the date tied to the event, the list after "dihadiri oleh",
the numbered items after "Isu strategis ... sebagai berikut:". It works on character offsets,
so every value it returns is a verbatim slice of the document with its rule id.
"""
from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from typing import Iterable, Sequence

from spacy.tokens import Doc

from . import normalise as nz
from .components import SPANS_KEY
from .records import (
    SCHEMA_VERSION, AgendaItem, Attendee, Challenge, Commodity, FollowUp, Grounded, Issue, Meeting,
    MinutesRecord, Person, Program, RegionRef, Source, Stage, Venue, Warning,
)
from .rules import RuleSet
from .textspan import FIELD, LINE_MARKER, TextView, bare_lines, inline_items, line_items, table_rows

NONFINAL_EXTRA = ("no", "nomor", "kab", "kec", "kel", "ds", "jl", "jln", "s.d", "sd", "s/d", "tgl", "pkl", "bpk",
                  "yth", "a.n", "an", "u.p", "st", "kp", "prov", "dsb", "dkk", "inf", "sdr", "sdri", "ny", "nn",
                  "drh", "tn", "hlm", "vol", "telp", "kec", "kel", "ket", "jo", "lt", "rp", "pj", "plt", "plh",
                  "muh", "moh", "mhd", "muhd", "abd", "achm", "ach", "sy", "ny", "hi")


#: Posts that head a named unit whose name may hold commas ("Direktur Daerah Tertinggal, Transmigrasi dan ...").
UNIT_HEADS = frozenset({"direktur", "direktorat", "deputi", "asisten", "kepala", "sekretaris", "inspektur"})

#: Columns of a participants table, the most specific first: the person, else the post or body.
PARTICIPANT_COLUMNS = ("nama", "nama peserta", "unsur", "jabatan", "peserta", "instansi", "undangan")


@dataclass(frozen=True)
class Cue:
    """A rule match: its label, rule id, exact offsets and named groups."""

    label: str
    rule: str
    start: int
    end: int
    groups: dict


MENTION_SEPARATORS = re.compile(r"[()]|;|,|(?<=\s)(?:serta|beserta|bersama|maupun|dan/atau|dan|hingga|\+)(?=\s)", re.I)
ITEM_SEPARATORS = re.compile(r"[()]|;|,|(?<=\s)(?:serta|dan)(?=\s)")
#: words of a room's lower-case description before the building's name: "ruang rapat lantai II Kantor X"
ROOM_WORDS = frozenset({"rapat", "pertemuan", "kerja", "sidang", "serbaguna", "utama", "lantai", "lt", "lt."})
#: a verb in the active voice (meN- with its sound changes: "menyampaikan", "memaparkan", "mengatakan"),
#: not a noun that begins with "me" ("media", "menteri")
VERB = re.compile(r"\s(?-i:me(?:[lrwy][aeiou]|m[bpf]|n[cdjstz]|ng[aeiouhgk]|ny[aeiou]|m[aeiou]|n[aeiou])[a-z]{2,})\b"
                  r"(?<!menteri)(?<!mentri)")
#: the sentence goes on after the list: "Musrenbang yang dihadiri oleh A dan B berlangsung lancar"
CLAUSE_GOES_ON = re.compile(r"(?i)\s(?:itu\s+|tersebut\s+)?(?:berlangsung|berjalan|berakhir|dimulai|diakhiri|ditutup|selesai)\b")
#: "and so on" closing a list: no item of its own
ETC = re.compile(r"(?i)(?:dll|dsb|dst|dan\s+lain-lain|dan\s+sebagainya|lain-lain)\.?")
#: a news site's name heading its page ("KABARMEURAH.COM", "sorongterkini.id", "BONTANGPOST.ID | Suara Kota Taman")
MASTHEAD = re.compile(r"(?i)[\w-]+(?:\.[\w-]+)*\.(?:com|id|net|org|news|info|co\.id|go\.id|web\.id)\b(?![.\w])")
#: capitalised words of a meeting's name, never of a person's ("Rapat Koordinasi Kepala Desa ...")
MEETING_WORDS = frozenset({"rapat", "musrenbang", "musyawarah", "forum", "acara", "kegiatan", "sidang", "koordinasi",
                           "konsultasi", "publik", "pembukaan", "penutupan", "sambutan", "laporan", "hasil"})
#: forms of address that open a post as well as a name ("Bapak Camat", "Sdr. Kepala Dinas")
ADDRESS_WORDS = ("bapak", "ibu", "bpk", "pak", "bu", "sdr", "sdri")
ADDRESS = re.compile(rf"(?i)(?:{'|'.join(ADDRESS_WORDS)})\.?\s+")
#: title words that do not by themselves open a person's name: addresses, and corps words after a rank ("Kolonel Laut")
PERSON_OR_POST = frozenset(ADDRESS_WORDS) | {"laut", "inf", "kav", "arh", "cpm", "pnb"}
#: offices named only by their kind: alone after a post ("Kepala Desa", "Kepala Dinas") they are part of it
GENERIC_OFFICES = frozenset({"desa", "kelurahan", "kecamatan", "kampung", "nagari", "gampong", "distrik", "dinas",
                             "badan", "kantor", "sekolah", "puskesmas"})
#: words that open a plural mention and are not part of the post ("para camat", "seluruh kepala desa")
PLURAL_OPENERS = ("para", "sejumlah", "seluruh", "beberapa", "segenap")


def _top_level(separators: re.Pattern, text: str, start: int, end: int) -> Iterable[re.Match]:
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


def _quoted(text: str, pos: int) -> bool:
    """Whether ``pos`` lies inside a quotation opened earlier in its paragraph."""
    paragraph = text[text.rfind("\n", 0, pos) + 1:pos]
    return (paragraph.count('"') + paragraph.count("“") + paragraph.count("”")) % 2 == 1


def _cues(doc: Doc) -> list[Cue]:
    out = []
    for span in doc.spans[SPANS_KEY]:
        start, end = span._.exact
        out.append(Cue(span.label_, span.id_, start, end, span._.groups or {}))
    return out


def _g(text: str, start: int, end: int, rule: str) -> Grounded:
    return Grounded(text[start:end], [start, end], rule)


_SIGNATURE_HEAD = re.compile(r"[A-Z][\w .'-]{1,40},\s*")


def _signature_line(line: str, date: str) -> bool:
    """Whether ``line`` is a place and ``date`` signing off ("Margaluyu, 21 Januari 2022.")."""
    return any(line.endswith(end) and _SIGNATURE_HEAD.fullmatch(line[:len(line) - len(end)])
               for end in (date, date + "."))


class Extractor:
    """Extraction with the tables of one rule set, built once and reused for every document."""

    def __init__(self, rules: RuleSet):
        self.rules = rules
        self.months = rules.variants("months")
        self.weekdays = rules.variants("weekdays")
        # a line that begins with a weekday or a day number: a date line under a title, not its text
        self.dated_line = re.compile(rf"(?i)(?:{'|'.join(map(re.escape, self.weekdays))})\b|\d{{1,2}}[-/ .]")
        self.timezones = rules.variants("timezones")
        self.open_end = rules.words("open_end")
        self.event_cues = re.compile(r"(?i)(?<![\w-])(?:" + "|".join(
            re.escape(w).replace(r"\ ", r"\s*") for w in sorted(rules.words("event_cues"), key=len, reverse=True)) + r")(?![\w-])")
        self.other_date_cues = re.compile(r"(?i)(?<![\w-])(?:" + "|".join(
            re.escape(w).replace(r"\ ", r"\s+") for w in sorted(rules.words("other_date_cues"), key=len, reverse=True)) + r")(?![\w-])")
        self.list_intro = self._alternation(rules.words("list_intros"))
        self.titles_before = set(rules.words("titles_before"))
        self.titles_after = set(rules.words("titles_after"))
        self.title_keys = {t.replace(".", "") for t in self.titles_before | self.titles_after}
        self.role_starters = set(rules.words("role_starters"))
        self.strong_starters = set(rules.words("strong_starters"))
        self.role_modifiers = set(rules.words("role_modifiers"))
        self.unit_words = set(rules.words("unit_words"))
        self.association_words = set(rules.words("association_words"))
        self.org_words = set(rules.words("org_words")) | self.association_words
        self.item_starters = set(rules.words("item_starters"))
        self.place_words = set(rules.words("place_words"))
        self.activity_cue = self._alternation(rules.words("activity_cues"))
        self.ordinals = rules.words("ordinals")
        self.agenda_kinds = sorted(rules.words("agenda_items"), key=len, reverse=True)
        self.venue_heads = set(rules.words("venue_heads"))
        self.platforms = sorted(rules.words("online_platforms"), key=len, reverse=True)
        self.venue_stops = set(rules.words("venue_stops"))
        self.opener_stop = re.compile(
            r"(?i)(?:,\s*|\s+)(?:" + "|".join(re.escape(w).replace(r"\ ", r"\s+")
                                           for w in sorted(rules.words("opener_stops"), key=len, reverse=True))
            + r")\b|,\s*dan\b|\s+dan\s+(?=(?-i:[a-z]))")
        self.region_index = nz.build_region_index(rules.provinces, rules.regencies)
        # the same short strings (roles, offices, words) come back in every document
        self._regions_in = functools.lru_cache(maxsize=16384)(lambda text: tuple(nz.find_regions(text, self.region_index)))
        self.regions_by_code = {r.code: r for found in self.region_index.by_key.values() for r in found}
        self.abbreviations = rules.abbreviations
        self.abbreviation_index = nz.abbreviation_index(rules.abbreviations)
        self.nonfinal = (self.titles_before | set(NONFINAL_EXTRA) | set(self.months)) - {"ibu", "bapak"}

    @staticmethod
    def _alternation(words: Iterable[str]) -> re.Pattern:
        alt = "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in sorted(set(words), key=len, reverse=True))
        return re.compile(rf"(?i)(?<![\w-])(?:{alt})(?![\w-])")

    # ------------------------------------------------------------------ entry point
    def extract(self, doc: Doc, source: Source, doc_id: str, year: int | None = None,
                text: str | None = None) -> MinutesRecord:
        """Extract one annotated document; ``text`` saves rebuilding ``doc.text`` when the caller has it."""
        text = doc.text if text is None else text
        view = TextView(text, self.nonfinal)
        cues = _cues(doc)
        by_label: dict[str, list[Cue]] = {}
        for cue in cues:
            by_label.setdefault(cue.label, []).append(cue)
        warnings: list[Warning] = []
        title = self._title(view)
        meeting = Meeting()
        self._when(view, by_label, meeting, warnings, year, title)
        meeting.venue = self._venue(view, by_label, meeting)
        title_span = (title.span[0], title.span[1]) if title else (0, 0)
        self._region(view, meeting, title_span)
        claimed: list[tuple[int, int]] = []
        meeting.opened_by, chairs = self._opener(view, by_label)
        attendees = self._attendees(view, by_label, meeting.opened_by, chairs, meeting.region)
        agenda = self._agenda(view, by_label)
        stages = self._unique_lexicon(text, by_label.get("STAGE", []), Stage)
        issues = self._issues(view, by_label, claimed)
        programs = self._programs(view, by_label, claimed)
        challenges = self._challenges(view, by_label)
        follow_ups = self._follow_ups(view, by_label, claimed, meeting)
        commodities = self._unique_lexicon(text, by_label.get("COMMODITY", []), Commodity)
        self._plan_year(view, meeting, issues, programs)
        if meeting.date is None:
            warnings.append(Warning("no_date", "no meeting date found in the text"))
        return MinutesRecord(
            schema_version=SCHEMA_VERSION, id=doc_id, source=source, title=title, meeting=meeting,
            attendees=attendees, agenda=agenda, planning_stages=stages, issues=issues,
            challenges=challenges, programs=programs, follow_ups=follow_ups, commodities=commodities,
            warnings=warnings, text=text,
        )

    # ------------------------------------------------------------------ title
    def _title(self, view: TextView) -> Grounded | None:
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
        return _g(text, start, end, "title_first_block")

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
                return _g(text, s, s + len(line), "title_headline")
            nxt = view.next_line(pos)
            if nxt is None:
                return None
            pos = nxt
        return None

    @staticmethod
    def _page_residue(line: str) -> bool:
        """A web page's navigation line: a menu joined by "|" or "›", or a skip link."""
        return line.count("|") >= 2 or line.count("›") >= 1 or bool(
            re.fullmatch(r"(?i)(?:lewati ke konten|skip to content|beranda|home|menu|cari\.*)", line))

    # ------------------------------------------------------------------ when
    def _when(self, view: TextView, by: dict, meeting: Meeting, warnings: list, year_hint: int | None,
              title: Grounded | None = None) -> None:
        text = view.text
        candidates = []
        field_lines = {view.line_start(c.start) for c in by.get("DATE_FIELD", [])}
        title_words = set(re.findall(r"[a-z]{4,}", title.text.lower())) - {"tahun", "laporan", "hasil", "kegiatan"} if title else set()
        for cue in by.get("DATE", []):
            value = (nz.parse_date_words(text[cue.start:cue.end], self.months) if cue.rule == "date_in_words"
                     else nz.parse_date(text[cue.start:cue.end], self.months, self.weekdays))
            if value is None:
                continue
            score = self._date_score(view, cue, value, field_lines, title_words)
            candidates.append((score, -cue.start, cue, value))
        if not candidates:
            self._times(view, by, meeting, None)  # "berlangsung mulai pukul 10.00 WIB hingga 12.30 WIB", no date given
            return
        full_years = [v.year for _, _, _, v in sorted(candidates, key=lambda c: (-c[0], -c[1])) if v.year]
        score, _, cue, value = max(candidates, key=lambda c: (c[0], c[1]))
        year = value.year
        if year is None:
            pool = ([year_hint] if year_hint else []) + full_years + self._years_in_text(text)
            year, how = nz.infer_year(value, pool)
            if year is not None:
                meeting.date_year_inferred = True
                warnings.append(Warning("year_inferred", f"the date '{text[cue.start:cue.end]}' has no year; "
                                                         f"{year} taken from the {'weekday and ' if how == 'weekday' else ''}document"))
        meeting.date = value.iso(year)
        meeting.date_end = value.end_iso(year)
        meeting.date_text = _g(text, cue.start, cue.end, cue.rule)
        weekday = value.weekday or self._weekday_before(view, cue.start)
        if weekday:
            meeting.weekday = weekday.capitalize()
        if meeting.date and weekday:
            meeting.weekday_agrees = nz.weekday_agrees(meeting.date, weekday)
            if meeting.weekday_agrees is False:
                warnings.append(Warning(
                    "weekday_mismatch",
                    f"'{weekday.capitalize()}' is written but {meeting.date} is a {nz.weekday_of(meeting.date)}"))
        self._times(view, by, meeting, cue)

    def _date_score(self, view: TextView, cue: Cue, value: nz.DateValue, field_lines: set,
                    title_words: set | None = None) -> float:
        text = view.text
        ls, le = view.line(cue.start)
        score = 0.0
        if ls in field_lines:
            score += 3
        s0 = view.sentence_start(cue.start)
        before = text[max(s0, cue.start - 160):cue.start]
        if self.event_cues.search(before):
            score += 2
        near = text[max(s0, cue.start - 45):cue.start]
        if self.other_date_cues.search(near):
            score -= 4
        if re.match(r"(?i)\s*(?:mendatang|yang\s+akan\s+datang|nanti)\b", text[cue.end:cue.end + 25]) or \
                re.search(r"(?i)\b(?:akan|untuk\s+di\w+)\s+(?:\w+\s+){0,10}$", text[max(s0, cue.start - 110):cue.start]):
            score -= 3  # "... akan dipaparkan ... pada 28 Maret 2023 mendatang", "untuk dibahas dalam Forum ... pada tanggal X"
        line = text[ls:le].strip()
        if _signature_line(line, text[cue.start:cue.end].strip()):
            score -= 3  # "Margaluyu, 21 Januari 2022": a signature line
        elif line == text[cue.start:cue.end].strip():
            score -= 1  # a date alone on its line: a page header or a sign-off
        if "|" in line:
            score -= 2
        if value.year is not None:
            score += 0.5
        if value.weekday or self._weekday_before(view, cue.start):
            score += 0.5  # a meeting's own date is usually written with its weekday
        if title_words and len(title_words & set(re.findall(r"[a-z]{4,}", before.lower()))) >= 3:
            score += 1  # "Rakortekrenbang Provinsi Sulawesi Tenggara ... dilaksanakan": the title's event
        return score

    def _weekday_before(self, view: TextView, pos: int) -> str | None:
        s0 = max(view.sentence_start(pos), pos - 120)
        words = re.findall(r"[A-Za-z'’`]+", view.text[s0:pos].lower())
        for word in reversed(words):
            if word in self.weekdays:
                return self.weekdays[word]
        return None

    @staticmethod
    def _years_in_text(text: str) -> list[int]:
        counts: dict[int, int] = {}
        for m in re.finditer(r"(?<!\d)(19[89]\d|20[0-4]\d)(?!\d)", text):
            counts[int(m.group(1))] = counts.get(int(m.group(1)), 0) + 1
        explicit = [int(m.group(1)) for m in re.finditer(r"(?i)tahun\s+(\d{4})\s+ini", text)]
        return explicit + sorted(counts, key=lambda y: -counts[y])

    def _times(self, view: TextView, by: dict, meeting: Meeting, date_cue: Cue | None) -> None:
        text = view.text
        starting = by.get("STARTING", [])
        closing = by.get("CLOSING", [])
        date_sentence = (view.sentence_start(date_cue.start), view.sentence_end(date_cue.end)) if date_cue else (-1, -1)
        date_line = view.line(date_cue.start) if date_cue else (-1, -1)
        candidates = []
        ends = []
        for cue in by.get("TIME", []):
            raw = text[cue.start:cue.end]
            value = nz.parse_time(raw, self.timezones, self.open_end)
            if value is None:
                continue
            has_prefix = bool(re.match(r"(?i)(?:pukul|pkl|jam|jm)\b", raw))
            after_start = any(c.start <= cue.start <= c.end + 3 for c in starting)
            after_close = any(c.start <= cue.start <= c.end + 3 for c in closing)
            if not (has_prefix or value.timezone or value.end or value.open_end or after_start or after_close):
                continue
            if after_close:
                ends.append((cue, value))
                continue
            score = 0.0
            if after_start:
                score += 3
            line_text = text[view.line_start(cue.start):view.line_end(cue.start)]
            if not has_prefix and not value.end and not value.open_end and \
                    re.search(r"\d{4}\s*[,|-]?\s*$", text[view.line_start(cue.start):cue.start]) and len(line_text) < 80:
                score -= 4  # "Kamis, 23 Februari 2023 19:42 WIB": when the page was published
            if date_sentence[0] <= cue.start <= date_sentence[1] or date_line[0] <= cue.start <= date_line[1]:
                score += 2
            line = text[view.line_start(cue.start):view.line_end(cue.start)]
            if "|" in line:
                score -= 2
            if score > -3:
                candidates.append((score, -cue.start, cue, value))
        if not candidates:
            return
        score, _, cue, value = max(candidates, key=lambda c: (c[0], c[1]))
        meeting.time_start = value.start
        meeting.time_text.append(_g(text, cue.start, cue.end, cue.rule))
        zone = value.timezone
        end = value.end
        # an end time is later than the start ("ditutup ... pukul 06.00" in a news ticker above is not)
        ends = [(c, v) for c, v in ends if v.start > value.start]
        if end is None and ends:
            later = [(c, v) for c, v in ends if c.start > cue.start] or ends
            end_cue, end_value = later[0]
            end = end_value.start
            meeting.time_text.append(_g(text, end_cue.start, end_cue.end, end_cue.rule))
            zone = zone or end_value.timezone
        if zone is None:
            # the zone after the time, maybe past an aside: "jam 9.40 (molor, nunggu kadis) wib"
            after = text[cue.end:min(cue.end + 48, view.line_end(cue.start))]
            m = re.match(r"\s*(?:\([^()]*\)\s*)?([A-Za-z]{3,4})\b", after)
            if m and m.group(1).lower() in self.timezones:
                zone = self.timezones[m.group(1).lower()]
        meeting.time_end = end
        meeting.timezone = zone
        meeting.utc_offset = nz.TZ_OFFSETS.get(zone) if zone else None
        meeting.start = nz.iso_datetime(meeting.date, meeting.time_start, zone)
        meeting.end = nz.iso_datetime(meeting.date, meeting.time_end, zone)

    # ------------------------------------------------------------------ where
    def _venue(self, view: TextView, by: dict, meeting: Meeting) -> Venue | None:
        text = view.text
        date_pos = meeting.date_text.span[0] if meeting.date_text else None
        candidates = []
        for label, bonus in (("VENUE_FIELD", 3.0), ("VENUE_CUE", 1.0), ("VENUE_ONLINE", 2.0)):
            for cue in by.get(label, []):
                if label == "VENUE_ONLINE":
                    venue = self._online_venue(view, cue)
                else:
                    venue = self._venue_text(view, cue.end, field=label == "VENUE_FIELD", rule=cue.rule)
                if venue is None:
                    continue
                score = bonus + (1.0 if cue.rule == "venue_bertempat_di" else 0.0)
                if venue.text[:1].islower() and not view.lowercase:
                    score -= 1  # "di ruang rapat Kepala Bappeda" in a properly written text: a room, not a named venue
                if date_pos is not None and abs(view.sentence_start(cue.start) - view.sentence_start(date_pos)) == 0:
                    score += 1
                if "|" in text[view.line_start(cue.start):view.line_end(cue.start)]:
                    score -= 3
                candidates.append((score, -cue.start, venue))
        if not candidates:
            return None
        best = max(candidates, key=lambda c: (c[0], c[1]))[2]
        if best.online:
            sentence = (view.sentence_start(best.span[0]), view.sentence_end(best.span[1]))
            rooms = [c for c in candidates if not c[2].online and sentence[0] <= c[2].span[0] <= sentence[1]]
            if rooms:  # "secara hybrid di Gedung X dan melalui Zoom Meeting": the room, online too
                room = max(rooms, key=lambda c: (c[0], c[1]))[2]
                return Venue(room.text, room.span, room.rule, online=True, platform=best.platform)
        return best

    def _venue_text(self, view: TextView, pos: int, field: bool, rule: str) -> Venue | None:
        text = view.text
        while pos < len(text) and text[pos] in " \t":
            pos += 1
        start = pos
        limit = view.line_end(pos) if field else view.sentence_end(pos)
        lowercase_doc = text[start:limit].islower() or text[start:start + 1].islower()
        words = list(re.finditer(r"[^\s,;()]+", text[start:limit]))
        end = start
        count = 0
        room_prefix = False
        for i, m in enumerate(words):
            word = m.group(0)
            bare = word.strip(".:\"'“”").lower()
            absolute_end = start + m.end()
            if i == 0:
                if not field and bare not in self.venue_heads and not any(h.startswith(bare) for h in self.venue_heads):
                    return None
            else:
                gap = text[end:start + m.start()]
                if "," in gap or ";" in gap or "(" in gap:
                    break
                room_word = room_prefix and bare in ROOM_WORDS
                # "Balai serbaguna lingkungan kantor Camat X": lower-case words inside a venue's name
                inner = bare in ("serbaguna", "lingkungan", "komplek", "kompleks") or bare in ("kantor", "gedung") and \
                    i + 1 < len(words) and words[i + 1].group(0)[:1].isupper()
                if word[:1].islower() and bare not in ("dan", "&", "lt", "lantai", "no", "nomor") and not lowercase_doc \
                        and not room_word and not inner:
                    break
                if bare == "dan" and i + 1 < len(words) and words[i + 1].group(0)[:1].islower() and not lowercase_doc:
                    break
                if lowercase_doc and bare in self.venue_stops and not field and not room_word:
                    break  # a headed field ("tmpt: ruang rapat dinkes") runs to its comma or line end
                if not lowercase_doc and bare in ("di", "yang", "pada", "itu", "dengan", "untuk"):
                    break
            # "ruang rapat lantai II Kantor X": a room written in lower case, then the building's name
            room_prefix = word[:1].islower() if i == 0 else room_word
            end = absolute_end
            count += 1
            if count >= 14:
                break
        s, e = view.trim(start, end)
        if e <= s:
            return None
        return Venue(text[s:e], [s, e], rule)

    def _online_venue(self, view: TextView, cue: Cue) -> Venue | None:
        text = view.text
        window = text[cue.end:min(view.sentence_end(cue.end), cue.end + 80)]
        for platform in self.platforms:
            name = re.escape(platform).replace(r"\ ", r"\s+")
            m = re.search(r"(?i)(?<![\w-])" + name + r"(?![\w-])", window)
            if m and m.start() <= 12:
                s, e = cue.end + m.start(), cue.end + m.end()
                # the platform's name as written, with a following capitalised word ("Zoom Meeting")
                tail = re.match(r"\s+(Meeting|Meet|Cloud|Webinar)\b", text[e:e + 12])
                if tail:
                    e += tail.end()
                return Venue(text[s:e], [s, e], cue.rule, online=True, platform=text[s:e])
        m = re.search(r"(?i)daring|virtual|online", text[cue.start:cue.end])
        if m:
            s, e = cue.start + m.start(), cue.start + m.end()
            return Venue(text[s:e], [s, e], cue.rule, online=True, platform=None)
        return None

    def _region(self, view: TextView, meeting: Meeting, title_span: tuple[int, int]) -> None:
        mentions = nz.find_regions(view.text, self.region_index)
        best = nz.choose_region(mentions, title_span[1], title_span[0])
        if best is None:
            self._region_of_district(view, meeting, title_span)
            return
        r = best.region
        meeting.region = RegionRef(r.name, r.type, r.code, r.province, r.province_code,
                                   view.text[best.start:best.end], [best.start, best.end], "regions_table")
        meeting.timezone_of_region = r.timezone
        meeting.subregion = self._subregion(view, meeting, title_span)

    @functools.cached_property
    def unique_districts(self) -> tuple[tuple[str, str], ...]:
        """Kecamatan named nowhere else in Indonesia; built on first use (most minutes name their region)."""
        return nz.unique_districts(self.rules.districts)

    def _region_of_district(self, view: TextView, meeting: Meeting, title_span: tuple[int, int]) -> None:
        """No kabupaten/kota named: a kecamatan whose name is found nowhere else in Indonesia tells it
        ("Musrenbang Kecamatan Sekayu" is in Kabupaten Musi Banyuasin)."""
        found = self._district_named(view, meeting, title_span, self.unique_districts, early=True)
        r = self.regions_by_code.get(found[0].rsplit(".", 1)[0]) if found else None
        if r is None:  # every kecamatan's kabupaten/kota is in the rules (checked on loading)
            return
        meeting.subregion = self._kecamatan(view.text, found, r.province, r.province_code)
        meeting.region = RegionRef(r.name, r.type, r.code, r.province, r.province_code,
                                   meeting.subregion.text, meeting.subregion.span, "districts_table")
        meeting.timezone_of_region = r.timezone

    def _subregion(self, view: TextView, meeting: Meeting, title_span: tuple[int, int]) -> RegionRef | None:
        """The kecamatan a meeting concerns: named in the title or venue, or early in the minutes of a
        meeting held at kecamatan level ("Musrenbang Kecamatan X")."""
        region = meeting.region
        districts = self.rules.districts.get(region.code) if region else None
        if not districts:
            return None
        early = re.search(r"(?i)\b(?:musrenbang|musyawarah\s+perencanaan\s+pembangunan|tingkat)\s+(?:kecamatan|distrik)\b",
                          view.text[:900])
        found = self._district_named(view, meeting, title_span, districts, early=bool(early))
        return self._kecamatan(view.text, found, region.province, region.province_code) if found else None

    @staticmethod
    def _district_named(view: TextView, meeting: Meeting, title_span: tuple[int, int], districts: Sequence[tuple[str, str]],
                        early: bool) -> tuple[str, str, int, int] | None:
        """The first of ``districts`` named in the title, then the venue, then (if ``early``) the first
        900 characters: (code, name, start, end) in the whole text."""
        text = view.text
        places = [title_span] + ([tuple(meeting.venue.span)] if meeting.venue else [])
        if early:
            places.append((0, min(len(text), 900)))
        for start, end in places:
            found = nz.find_district(text[start:end], districts)
            if found:
                code, name, s, e = found
                return code, name, start + s, start + e
        return None

    @staticmethod
    def _kecamatan(text: str, found: tuple[str, str, int, int], province: str, province_code: str) -> RegionRef:
        code, name, s, e = found
        return RegionRef(f"Kecamatan {name}", "kecamatan", code, province, province_code, text[s:e], [s, e],
                         "districts_table")

    # ------------------------------------------------------------------ who
    def _opener(self, view: TextView, by: dict) -> tuple[Person | None, list[tuple[int, int, str]]]:
        """Who opened the meeting, and the other chairs (who count as attendees)."""
        text = view.text
        found: list[tuple[int, int, int, str, Grounded | None]] = []  # priority, start, end, rule, behalf
        for cue in by.get("OPEN_BY", []):
            start = cue.end
            if cue.rule.endswith("_tanpa_oleh"):
                start = self._last_word_start(text, cue.start, cue.end)
            got = self._person_after(view, start)
            if got:
                found.append((0, *got[:2], cue.rule, got[2]))
        for cue in by.get("OPEN_SUBJECT", []):
            s0 = self._after_dateline(text, view.sentence_start(cue.start), cue.start)
            said = list(re.finditer(r"(?i)[\"”]?,?\s*(?:tegas|kata|ujar|ungkap|jelas|sebut|tutur|pungkas)\s+", text[s0:cue.start]))
            if said:  # '"...," tegas Penjabat Wali Kota X, saat membuka forum': the one quoted
                s0 += said[-1].end()
            s, e = view.trim(s0, cue.start)
            tail = re.search(r"(?i)[\s,]*(?:saat|ketika|sewaktu|sebelum|sesudah|setelah)$", text[s:e])
            if tail:
                e = s + tail.start()
            s, e = self._strip_adverbs(text, s, e)
            if e > s and (self._starts_like_person(text[s:e]) or self._name_then_role(text[s:e])) \
                    and len(text[s:e].split()) <= 14:
                found.append((1, s, e, cue.rule, None))
        for cue in by.get("CHAIR_FIELD", []):
            got = self._person_after(view, cue.end, line_only=True)
            if got:
                found.append((2, *got[:2], cue.rule, got[2]))
        for cue in by.get("CHAIR_BY", []):
            sentence = text[view.sentence_start(cue.start):cue.start].lower()
            if re.search(r"\b(?:kelompok|komisi|panel|breakout)\b", sentence):
                continue  # "sidang kelompok ... dipandu oleh": a breakout session, not the meeting
            start = self._last_word_start(text, cue.start, cue.end) if cue.rule.endswith("_tanpa_oleh") else cue.end
            if cue.rule.endswith("_tanpa_oleh") and not self._starts_like_person(text[start:start + 40]):
                continue
            got = self._person_after(view, start)
            if got:
                found.append((3, *got[:2], cue.rule, got[2]))
        if not found:
            return None, []
        found.sort(key=lambda f: (f[0], f[1]))
        fields = [f for f in found if f[3] == "pimpinan_rapat_field"]
        if fields and re.fullmatch(r"(?i)(?:pimpinan|pemimpin|ketua)\s+(?:rapat|sidang|musyawarah|forum)", text[found[0][1]:found[0][2]]):
            found = fields + [f for f in found if f is not found[0] and f not in fields]  # "dibuka oleh Pimpinan Rapat"
        _, s, e, rule, behalf = found[0]
        person = self._person(text, s, e, rule)
        person.on_behalf_of = behalf
        opener_words = set(re.findall(r"\w+", text[s:e].lower()))
        chairs = []
        for prio, cs, ce, crule, _ in found[1:]:
            if (cs, ce) == (s, e) or not (crule.startswith("dipimpin") or crule.startswith("pimpinan")):
                continue
            words = set(re.findall(r"\w+", text[cs:ce].lower()))
            if words and len(words & opener_words) / len(words) >= 0.6:
                continue
            chairs.append((cs, ce, crule))
        return person, chairs

    @staticmethod
    def _after_dateline(text: str, start: int, end: int) -> int:
        """Skip a news dateline at a sentence start: "KAYUAGUNG –", "Palu (ANTARA) -", "ANDOOLO, SULTRAPOS.ID –"."""
        m = re.match(r"[A-Z][A-Za-z .,'()/]{1,60}?\s[–—-]{1,2}\s+", text[start:end])
        if m and re.search(r"[A-Z]{3}", m.group(0)):
            return start + m.end()
        return start

    @staticmethod
    def _last_word_start(text: str, start: int, end: int) -> int:
        m = list(re.finditer(r"\S+", text[start:end]))
        return start + m[-1].start() if m else end

    @staticmethod
    def _strip_adverbs(text: str, s: int, e: int) -> tuple[int, int]:
        m = re.search(r"(?i)[\s,]*(?:secara\s+resmi|langsung|juga|pun)?[\s,]*$", text[s:e])
        if m and m.start() > 0:
            e = s + m.start()
        return s, e

    def _name_then_role(self, mention: str) -> bool:
        """A name before the post, as news writes it: "Agus Kurniawan Sekretaris Bappeda Kabupaten X"."""
        words = mention.split()
        at = next((i for i, w in enumerate(words[:5]) if w.lower().strip(".,") in self.role_starters), None)
        return at is not None and 2 <= at <= 4 and all(
            w[:1].isupper() and not self._name_stop(w.strip(",")) and w.lower().strip(".,") not in MEETING_WORDS
            for w in words[:at])

    def _starts_like_person(self, mention: str) -> bool:
        first = mention.split()[0].lower().strip(".,") if mention.split() else ""
        return first in self.role_starters or first in self.titles_before or first.replace(".", "") in self.title_keys

    def _person_after(self, view: TextView, pos: int, line_only: bool = False) -> tuple[int, int, Grounded | None] | None:
        """The person mention after an opening cue, and whom they stood in for ("diwakili oleh", "atas nama")."""
        text = view.text
        if not line_only and not text[pos:view.line_end(pos)].strip():
            pos = view._skip_space(pos)  # "dibuka secara resmi oleh\n   Penjabat Gubernur ..."
        end = view.line_end(pos) if line_only else view.sentence_end(pos)
        s, e = self._cut_at_stop(text, pos, end)
        if e <= s:
            return None
        rest = text[e:end]
        behalf = None
        cut = re.search(r"(?i)\s+a\.?n\.\s+", text[s:e])
        if cut:  # "KEPALA DISTRIK KOKAS AN. BUPATI FAKFAK": on whose behalf
            rest = text[s + cut.start():end]
            e = s + cut.start()
        rep = re.match(r"(?i)[\s,]*(?:yang\s+|yg\s+)?(?:(?:dalam|dlm)\s+hal\s+ini\s+)?diwakili\s+(?:oleh\s+|olh\s+)?", rest)
        if rep:
            first = self._first_mention(view, s, e)
            behalf = _g(text, *first, "represented")
            s2, e2 = self._cut_at_stop(text, e + rep.end(), end)
            if e2 > s2:
                s, e = s2, e2
        else:
            on_behalf = re.match(r"(?i)[\s,]*(?:atas\s+nama|mewakili|a\.?n\.)\s+", rest)
            if on_behalf:
                bs, be = self._cut_at_stop(text, e + on_behalf.end(), end)
                if be > bs:
                    behalf = _g(text, *self._first_mention(view, bs, be), "on_behalf_of")
        s, e = self._first_mention(view, s, e)
        if e <= s or not re.search(r"[A-Za-z]", text[s:e]):
            return None
        appositive = re.match(r",\s*((?-i:[a-z])[a-z]+)\s+(?-i:[A-Z])[^,.;]*?(?=[.;]|$)", text[e:end])
        if appositive and appositive.group(1).lower() in self.role_starters and self._names_person(text[s:e]):
            e = view.trim(e, e + appositive.end())[1]  # the same person described: ", akademisi Universitas X"
        return s, e, behalf

    def _names_person(self, mention: str) -> bool:
        """Whether a mention names a person (has a name part), as opposed to a role alone."""
        return self._parse_mention(mention)["name"] is not None

    def _cut_at_stop(self, text: str, start: int, end: int) -> tuple[int, int]:
        while start < end and text[start] in " \t:":
            start += 1
        m = self.opener_stop.search(text, start, end)
        while m and re.match(r"[,\s]*Dalam\s+Negeri\b", text[m.start():m.start() + 24]):
            m = self.opener_stop.search(text, m.end(), end)  # "Menteri Dalam Negeri": a title, not "in"
        stop = m.start() if m else end
        return start, stop

    def _first_mention(self, view: TextView, s: int, e: int) -> tuple[int, int]:
        mentions = self._split_mentions(view, s, e)
        return mentions[0] if mentions else view.trim(s, e)

    def _person(self, text: str, s: int, e: int, rule: str) -> Person:
        parsed = self._parse_mention(text[s:e])
        return Person(text[s:e], [s, e], rule, role=parsed["role"], organization=parsed["organization"],
                      name=parsed["name"], titles=parsed["titles"])

    # -- attendees
    def _attendees(self, view: TextView, by: dict, opener: Person | None, chairs: list,
                   region: RegionRef | None) -> list[Attendee]:
        text = view.text
        negative = [(c.start, c.end) for c in by.get("ATTEND_NEG", [])]
        visits = by.get("VISIT", [])
        lists: list[tuple[int, int, str, str | None, str]] = []  # start, end, rule, org, side
        subjects: list[tuple[int, int, str]] = []  # who "yang hadir ..." says attended
        for cue in sorted(by.get("ATTEND", []) + visits, key=lambda c: c.start):
            if cue.label == "VISIT":
                continue
            if any(ns <= cue.start < ne + 2 or ns <= cue.end <= ne for ns, ne in negative):
                continue
            relative = re.search(r"(?i)\s(?:yang|yg)\s+$", text[max(0, cue.start - 8):cue.start]) \
                if re.match(r"(?i)h\w{2,4}r\b", text[cue.start:cue.end]) else None  # "yang hadir", not "yang dihadiri oleh"
            if relative and not re.search(r"(?i):|\b(?:antara\s+lain|yaitu|yakni|adalah|di\s*antaranya|sebagai\s+berikut)\b",
                                          text[cue.end:view.sentence_end(cue.end)]):
                # "Kepala Bappeda X yang hadir dalam kegiatan itu menuturkan, ...": the one before
                # "yang" attended and what follows is no list ("Peserta yang hadir ... adalah:" is one)
                s, e = view.trim(self._after_dateline(text, view.sentence_start(cue.start), cue.start),
                                 max(0, cue.start - 8) + relative.start())
                if e > s and self._starts_like_person(text[s:e]) and len(text[s:e].split()) <= 10:
                    subjects.append((s, e, cue.rule))
                    continue
            start = cue.end
            if cue.rule.endswith("_tanpa_oleh"):
                start = self._last_word_start(text, cue.start, cue.end)
                if not self._is_starter(self._next_word(text, start, len(text))):
                    continue  # "diikuti sebanyak 150 peserta": not a list of attendees
            end = view.sentence_end(start)
            lists.append((start, end, cue.rule, None, "host"))
        for cue in visits:
            org = cue.groups.get("org")
            org_text = text[org[0]:org[1]] if org else None
            side = self._visit_side(org_text, region)
            end = view.sentence_end(cue.end)
            lists.append((cue.end, end, cue.rule, org_text if side == "visiting" else None, side))
            if side == "visiting":
                # a cue inside the delegation's sentence ("... didampingi Kasubbid X") lists the same side
                lists = [(ls, le, lr, org_text, "visiting") if cue.end <= ls <= end and lside == "host" else
                         (ls, le, lr, lo, lside) for ls, le, lr, lo, lside in lists]
        items: list[Attendee] = []
        seen: set[tuple[int, int]] = set()

        def add(s: int, e: int, rule: str, org: str | None, side: str, table: dict | None = None) -> None:
            s, e = view.trim(s, e)
            note = re.search(r"\s*\(([^()]*)\)$", text[s:e])
            post = None
            if note and note.start() > 0 and (re.search(r"[,\d]", note.group(1)) or self._is_starter(note.group(1))):
                e = s + note.start()  # "Nama, S.T. (Wakil Ketua)", "camat se-Kota Tual (A, B, C)": a note, not the mention
                post = note.group(1).strip() if self._is_starter(note.group(1)) else None
            if re.match(r"(?i)\s*\((?:tidak|tdk|tak)\s+hadir|\s*\((?:berhalangan|izin|absen)", text[e:e + 20]) or \
                    re.search(r"(?i)\((?:tidak|tdk)\s+hadir\)|\(berhalangan\)$", text[s:e]):
                return  # "kapus koto baru (tdk hadir)": named, but absent
            if e <= s or (s, e) in seen or not re.search(r"[A-Za-z]", text[s:e]):
                return
            if ETC.fullmatch(text, s, e):
                return  # "..., perwakilan kelompok profesi, dll.": the list goes on unnamed
            first = re.match(r"(?i)(?:hari\s+)?([a-z']+)", text[s:e])
            if first and first.group(1).lower() in self.weekdays and len(text[s:e].split()) <= 3:
                return  # "..., dan seluruh Kades, Kamis (20/2/2025).": the date closing the sentence
            if any(s < pe and ps < e for ps, pe in seen):
                return
            seen.add((s, e))
            items.append(self._attendee(text, s, e, rule, org, side, table, post))

        for cs, ce, rule in chairs:
            visiting = [(lo, lside) for ls, le, lr, lo, lside in lists if lside == "visiting" and ls - 20 <= cs <= le]
            add(cs, ce, rule, *(visiting[0] if visiting else (None, "host")))
        for cue in by.get("ATTEND_FIELD", []):
            for s, e in self._field_list(view, cue.end):
                for ms, me in self._split_mentions(view, s, e, item=True):
                    add(ms, me, cue.rule, None, "host")
        for cue in by.get("ATTEND_ONE", []):
            add(cue.end, view.line_end(cue.end), cue.rule, None, "host")
        for cue in by.get("ATTEND_TABLE", []):
            table = table_rows(view, view.next_line(cue.start) or cue.end, ("nama",))
            if table:
                for row in table[1]:
                    if "nama" in row:
                        fields = {k: text[v[0]:v[1]] for k, v in row.items()}
                        add(*row["nama"], cue.rule, None, "host", fields)
        for cue in by.get("ATTEND_SUBJECT", []):
            s0 = self._after_dateline(text, view.sentence_start(cue.start), cue.start)
            s, e = view.trim(s0, cue.start)
            if e > s and self._starts_like_person(text[s:e]) and len(text[s:e].split()) <= 10 \
                    and not text[s:e].lower().startswith("peserta") \
                    and not re.search(r"(?i)\b(?:berhalangan|tidak|tdk|karena|krn|yang|yg|akan)\b", text[s:e]):
                add(s, e, cue.rule, None, "host")
        for s, e, rule in subjects:
            add(s, e, rule, None, "host")
        for cue in by.get("CLOSED_BY", []):
            after = self._person_after(view, cue.end)
            if after and self._starts_like_person(text[after[0]:after[1]]) and self._names_person(text[after[0]:after[1]]):
                add(after[0], after[1], cue.rule, None, "host")
        lists.sort()
        for start, end, rule, org, side in lists:
            start = self._skip_list_intro(text, start, end)
            marker_line = view.line_end(start) == view.line_end(end) and text[start:view.line_end(start)].strip() in ("", ":")
            if not marker_line and text[start:view.line_end(start)].rstrip().endswith(":") and view.line_end(start) >= end - 1:
                marker_line = True  # "86 orang peserta yang terdiri dari:" then the list below
            if marker_line:
                nl = view.next_line(start)
                table = table_rows(view, nl, PARTICIPANT_COLUMNS) if nl is not None else None
                if table and table[1]:
                    column = next((c for c in PARTICIPANT_COLUMNS if c in table[0]), None)
                    for row in table[1]:
                        if column in row and not re.fullmatch(r"(?i)\s*(?:jumlah|total)\b.*", text[row[column][0]:row[column][1]]):
                            fields = {k: text[v[0]:v[1]] for k, v in row.items()}
                            add(*row[column], rule, org, side, fields if column == "nama" else None)
                    continue
                block = line_items(view, nl) if nl is not None else []
                for s, e, _, _ in block:
                    for ms, me in self._split_mentions(view, s, e, item=True):  # "Kapolsek X dan Danramil X"
                        add(ms, me, rule, org, side)
                if block:
                    continue
            for s, e in self._split_mentions(view, start, end):
                stand_in = re.search(r"(?i)\s(?:yang\s+|yg\s+)?(?:(?:dalam|dlm)\s+hal\s+ini\s+)?diwakili(?:\s+oleh|\s+olh)?\s+", text[s:e])
                if stand_in:
                    s += stand_in.end()  # "Kapolres X yang diwakili Kabag Ops Y": Y is the one who came
                # "Kepala Dinas X atau yang mewakili" is one mention, as written, and no verb
                either = re.search(r"(?i)[\s,]+atau\s+(?:yang\s+|yg\s+)?(?:mewakili|wakil)(?:nya)?\s*$", text[s:e])
                limit = e if not either else s + either.start()
                verb = min((m for m in (VERB.search(text, s, limit), CLAUSE_GOES_ON.search(text, s, limit)) if m),
                           key=lambda m: m.start(), default=None)
                if verb:
                    add(s, verb.start(), rule, org, side)
                    break  # "... Bappeda Provinsi X menyampaikan ...": the list has become a sentence
                add(s, e, rule, org, side)
        if opener is not None:
            ospan = tuple(opener.span)
            items = [a for a in items if tuple(a.span) != ospan]
        items.sort(key=lambda a: a.span[0])
        named: set[str] = set()
        unique = []
        for a in items:  # one person mentioned twice (a table row and a narasumber line) is one attendee
            key = (a.name or "").lower() if a.name and len(a.name.split()) >= 2 else " ".join(a.text.lower().split())
            if key and key in named:
                continue
            named.add(key)
            unique.append(a)
        items = unique
        # a role named without a person ("Kepala Bappedalitbang") is the same attendee as a named
        # one whose role and organisation say as much (a row "Ir. X | Kepala Badan | Bappedalitbang")
        described = [set(re.findall(r"\w+", f"{a.role or ''} {a.organization or ''}".lower())) for a in items if a.name]
        items = [a for a in items if a.name or not any(
            set(re.findall(r"\w+", a.text.lower())) <= words for words in described if words)]
        if any(a.side == "visiting" for a in items):
            for a in items:
                a.side = a.side or "host"
        else:
            for a in items:
                a.side = None
        self._share_organisation(items, text)
        return items

    def _visit_side(self, org: str | None, region: RegionRef | None) -> str:
        """"Dari Bappeda Provinsi X hadir ..." is the visiting delegation; "Dari pihak kabupaten hadir ..." the host."""
        if not org:
            return "visiting"
        if re.search(r"(?i)\b(?:pihak\s+)?(?:kabupaten|kota|pemkab|pemkot|tuan\s+rumah|pemerintah\s+(?:kabupaten|kota))$", org.strip()) \
                or re.match(r"(?i)pihak\s+(?:kabupaten|kota|pemkab|pemkot|tuan\s+rumah)\b", org.strip()):
            return "host"
        if region is not None:
            for mention in self._regions_in(org):
                if mention.region.code == region.code:
                    return "host"
        return "visiting"

    def _skip_list_intro(self, text: str, start: int, end: int) -> int:
        m = re.match(r"(?i)[\s:]*(?:(?:antara\s+lain|di\s*antaranya|yaitu|yakni|sebagai\s+berikut|terdiri\s+(?:dari|atas)|oleh|olah"
                     r"|(?:sekitar\s+|sebanyak\s+|kurang\s+lebih\s+)?[\d.]+\s+(?:orang(?:\s+peserta)?|peserta)(?:\s+yang)?"
                     r"|sejumlah\s+pihak(?:\s+penting)?,?\s+mulai\s+dari)\b[\s:,]*)*",
                     text[start:end])
        return start + (m.end() if m else 0)

    def _field_list(self, view: TextView, pos: int) -> list[tuple[int, int]]:
        """Items of a "Peserta :" field: numbered lines (the first may share the field's line) or one line."""
        text = view.text
        le = view.line_end(pos)
        rest = text[pos:le]
        if re.match(r"\s*\(?\s*(?:sebagaimana|terlampir|daftar\s+hadir|lihat|sesuai)", rest, re.I):
            return []
        if rest.strip():
            block = line_items(view, pos, first_on_line=True)
            if block:
                return [(s, e) for s, e, _, _ in block]
            return self._split_mentions(view, pos, le)
        nl = view.next_line(pos)
        return [(s, e) for s, e, _, _ in line_items(view, nl)] if nl is not None else []

    def _split_mentions(self, view: TextView, start: int, end: int, item: bool = False) -> list[tuple[int, int]]:
        """Split a run of attendee mentions on commas, semicolons, "dan", "serta", "beserta"...

        Never inside a unit's name ("Bidang Sarana dan Prasarana", "Kasubbid Pertanian, Kehutanan
        dan Perkebunan") or a person's titles ("Hj. Nurhasanah, S.Sos., M.Si."): a comma-separated
        piece that continues a unit or names the person of the mention before it stays attached.
        """
        text = view.text
        seps = []
        lowercase_run = text[start:end].islower() or text[start:end].isupper()
        for m in _top_level(MENTION_SEPARATORS, text, start, end):
            tok = m.group(0)
            pos = start + m.start()
            nxt = self._next_word(text, start + m.end(), end)
            low = tok.lower()
            if low == "serta" and re.match(r"(?i)(?:kabupaten|kota|provinsi|kecamatan|kelurahan|desa)\b", nxt) and nxt[:1].islower():
                continue  # "Kepala Bappeda dari seluruh provinsi serta kabupaten/kota": one mention's places
            if low in ("dan", "dan/atau", "hingga"):
                prev_sep = seps[-1] if seps else None
                after_comma = prev_sep is not None and prev_sep[2] == "," and text[prev_sep[1]:pos].strip() == ""
                if after_comma or self._is_starter(nxt):
                    seps.append((pos, start + m.end(), low))
            else:
                seps.append((pos, start + m.end(), low))
        pieces = []
        prev = start
        kinds = []
        for s, e, kind in seps:
            pieces.append((prev, s))
            kinds.append(kind)
            prev = e
        pieces.append((prev, end))
        kinds.append(None)
        # a "dan" right after a comma belongs to that comma: drop the empty piece between them
        merged: list[tuple[int, int, str | None]] = []
        for (s, e), kind in zip(pieces, [None] + kinds[:-1]):
            if not text[s:e].strip() and merged:
                continue
            merged.append((s, e, kind))
        out: list[list[int]] = []
        for s, e, kind in merged:
            seg = text[s:e].strip()
            if not seg:
                continue
            if out and re.match(r"(?i)(?:atau\s+|dan\s+)?(?:mewakili|atas\s+nama|a\.?n\.|selaku|sebagai|yang)\b", seg):
                continue  # "Nama, mewakili Kepala Dinas", "..., yang bergabung melalui Zoom", "..., atau yang mewakili"
            if out and kind == "," and self._continues(text[out[-1][0]:out[-1][1]], seg, item):
                out[-1][1] = e
                continue
            out.append([s, e])
        # sloppy lists without commas: split before "para" or a lower-case strong starter
        final: list[tuple[int, int]] = []
        for s, e in out:
            cuts = [s]
            if lowercase_run or text[s:e].islower():
                for m in re.finditer(r"\s(\S+)", text[s:e]):
                    word = m.group(1).lower()
                    prev_word = text[s:s + m.start()].split()[-1].lower() if text[s:s + m.start()].split() else ""
                    if word in self.strong_starters and prev_word not in self.role_modifiers and prev_word not in self.strong_starters \
                            and prev_word.rstrip(".") not in self.titles_before \
                            and prev_word not in ("dari", "berbagai", "semua", "seluruh", "segenap", "setiap", "tiap", "bagi"):
                        # "pak camat", "ibu kades", "perwakilan masyarakat dari berbagai unsur": one mention
                        cuts.append(s + m.start(1))
            cuts.append(e)
            for a, b in zip(cuts, cuts[1:]):
                ts, te = view.trim(a, b)
                if te > ts:
                    final.append((ts, te))
        return final

    @staticmethod
    def _next_word(text: str, pos: int, end: int) -> str:
        m = re.match(r"\s*([^\s,;:]+(?:\s+[^\s,;:]+)?)", text[pos:end])
        return m.group(1) if m else ""

    def _is_starter(self, words: str) -> bool:
        parts = words.lower().split()
        if not parts:
            return False
        first = parts[0].strip(".,")
        two = " ".join(parts[:2]).strip(".,")
        return first in self.role_starters or two in self.role_starters

    def _continues(self, previous: str, segment: str, item: bool = False) -> bool:
        """Whether a comma-separated ``segment`` continues the mention before it."""
        words = segment.split()
        first = words[0].lower().strip(",")
        if self._is_title_token(words[0]):
            return True
        unit_before = any(w.lower().strip(".,") in self.unit_words or w.lower().strip(".,") in UNIT_HEADS
                          for w in previous.split())
        # "Kasubbid Pertanian, Kehutanan dan Perkebunan", "Dinas Perindustrian, Perdagangan, Koperasi dan UKM"
        if unit_before and words[0][:1].isupper() and re.search(r"\s(?:dan|&)\s", segment) \
                and first not in self.strong_starters and first not in self.role_modifiers \
                and first not in self.org_words and first not in self.unit_words:
            return True  # one office or unit whose name holds a comma
        if self._is_starter(segment):
            # "Untung Darwadi, S.H., Kabag Umum": a name (and titles), then the same person's post; in
            # running text only after a title ("Karang Taruna, Kepala Desa" are two attendees)
            return len(words) <= 6 and self._is_name_only(previous) and (
                item or any(self._is_title_token(w) for w in re.split(r"[\s,]+", previous) if w))
        prev_lower = previous.lower()
        # titles only: "S.Sos.", "M.Si"
        if all(self._is_title_token(w) for w in words):
            return True
        has_role = any(w.lower().strip(".,") in self.role_starters for w in previous.split())
        has_name = bool(re.search(r"(?:^|\s)(?:" + "|".join(re.escape(t) for t in ("h.", "hj.", "dr.", "ir.", "drs.", "dra.")) + r")\s", prev_lower))
        capitalised = all(w[:1].isupper() or w.lower() in ("bin", "binti", "van", "de", "al") for w in words)
        if capitalised and 1 <= len(words) <= 5 and has_role and not has_name and not segment.isupper() \
                and not any(w.lower() in self.org_words or w.lower() in self.unit_words for w in words):
            return True  # a person's name after their role: "Kepala Dinas Perikanan Berau, Dahlan Nur"
        return False

    def _is_name_only(self, mention: str) -> bool:
        """A person's name with any titles and nothing else: "Dra. Ina Mardiana", "Untung Darwadi, S.H."."""
        words = [w for w in re.split(r"[\s,]+", mention.strip()) if w]
        names = [w for w in words if not self._is_title_token(w)]
        return 1 <= len(names) <= 4 and all(
            w[:1].isupper() and not w.isupper() and w.lower().strip(".") not in self.role_starters and not self._name_stop(w)
            for w in names)

    def _is_title_token(self, word: str) -> bool:
        key = word.strip(",").lower()
        if key.replace(".", "") in self.title_keys and ("." in key or key in self.titles_before):
            return True
        if key in self.titles_after and len(key) <= 5 and word.strip(",").isupper():
            return True  # written without dots: "ST, MT", "SE"
        if re.fullmatch(r"(?:[a-z]{1,4}\.){1,3}(?:[a-z]{1,4}\.?)?", key) and key.replace(".", "") in self.title_keys:
            return True
        return False

    def _attendee(self, text: str, s: int, e: int, rule: str, org: str | None, side: str, table: dict | None,
                  note: str | None = None) -> Attendee:
        """One attendee from its mention; ``note`` is the post written after it in brackets."""
        mention = text[s:e]
        if table:
            person = nz.split_person(mention, self.titles_before, self.titles_after)
            role = (table.get("jabatan") or "").strip() or None
            organization = (table.get("instansi") or table.get("unit kerja") or table.get("instansi/lembaga") or "").strip() or None
            att = Attendee(mention, [s, e], rule, role=role, organization=organization, name=person["name"],
                           titles=person["titles_before"] + person["titles_after"], side=side)
        else:
            parsed = self._parse_mention(mention)
            if note and parsed["role"] is None and parsed["organization"] is None:
                posted = self._parse_mention(note)  # "Nama, S.T. (Kepala Bappeda Kabupaten X)"
                parsed.update({k: posted[k] for k in ("role", "unit", "organization", "acting", "place")})
            att = Attendee(mention, [s, e], rule, role=parsed["role"], unit=parsed["unit"],
                           organization=parsed["organization"] or org, name=parsed["name"],
                           titles=parsed["titles"], acting=parsed["acting"], plural=parsed["plural"], side=side)
        if att.role:
            # a role opens with its office ("Kaur Keuangan"); a place comes after it ("Camat Kaur Selatan")
            places = [(r.name_start, r.end) for r in self._regions_in(att.role) if r.start > 0]
            att.role_expanded = nz.expand_abbreviations(att.role, self.abbreviation_index, places)
        where = att.organization or (None if table else parsed.get("place"))
        regions = self._regions_in(where) if where else ()
        if att.organization:
            # a place's name is not an abbreviation: "Setda Kaur" is Kabupaten Kaur, not "Kepala Urusan"
            places = [(r.name_start, r.end) for r in regions] if where == att.organization else []
            att.organization_expanded = nz.expand_abbreviations(att.organization, self.abbreviation_index, places)
        if regions:
            att.region, att.region_code = regions[0].region.name, regions[0].region.code
        return att

    def _parse_mention(self, mention: str) -> dict:
        """Split a mention into acting post, role, unit, organisation, person name and titles."""
        out = {"role": None, "unit": None, "organization": None, "name": None, "titles": [], "acting": None,
               "plural": False, "place": None}
        body = mention.strip()
        address = ADDRESS.match(body)
        if address and self._is_starter(body[address.end():]):
            body = body[address.end():]  # "Bpk. Camat Sekayu", "Sdr. Kepala Dinas X": the post, addressed politely
        elif address and self._looks_like_name(body[address.end():]):
            person = nz.split_person(body[address.end():], self.titles_before, self.titles_after)  # "Bapak Ahmad Yani"
            return out | {"name": person["name"], "titles": person["titles_before"] + person["titles_after"]}
        lead = re.match(r"[^\s,]+", body)
        lead_word = lead.group(0).lower().rstrip(".") if lead else ""
        post = re.search(r",?\s+(?:[–—-]|selaku|sebagai)\s+", body)
        if post is None and lead_word not in self.role_starters:
            # "Untung Darwadi, S.H., Kabag Umum": the name and its titles, a comma, then the post
            post = next((m for m in re.finditer(r",\s*", body) if self._is_starter(body[m.end():])
                         and self._is_name_only(body[:m.start()])), None)
        # a title that only opens a person's name; "Bapak"/"Sdr." may open a post too ("Bapak Camat")
        titled = lead_word in self.titles_before and lead_word not in PERSON_OR_POST
        if titled or post and lead_word not in self.role_starters and self._is_starter(body[post.end():]) \
                and self._looks_like_name(body[:post.start()]):
            # the person first: "Drs. H. Ahmad Yani, M.Si", "Ir. Sri Wahyuni, M.T. – Kabid X", "Budi, S.E. selaku Kasubbid Y"
            post = post if post and self._is_starter(body[post.end():]) else None
            out = self._parse_mention(body[post.end():]) if post else out
            person = nz.split_person(body[:post.start()] if post else body, self.titles_before, self.titles_after)
            out["name"] = person["name"]
            out["titles"] = person["titles_before"] + person["titles_after"]
            return out
        person_at = self._person_start(body)
        head = body if person_at is None else body[:person_at]
        if person_at is not None:
            person = nz.split_person(body[person_at:].lstrip(", "), self.titles_before, self.titles_after)
            out["name"] = person["name"]
            out["titles"] = person["titles_before"] + person["titles_after"]
        words = head.strip(" ,").split()
        if not words:
            return out
        if words[0].lower() in PLURAL_OPENERS + ("jajaran", "unsur") or "se-" in head.lower() \
                or re.match(r"(?i)se\s", " ".join(words[1:])):
            out["plural"] = True
        if words[0].lower() in PLURAL_OPENERS:
            words = words[1:]
        if words and words[0].lower().rstrip(".") in ("plt", "pj", "plh", "penjabat"):
            out["acting"] = words[0]
            words = words[1:]
        org_at = next((i for i, w in enumerate(words) if i > 0 and (w.lower() in self.org_words or w.lower().startswith("bappeda"))), None)
        unit_at = next((i for i, w in enumerate(words) if i > 0 and w.lower() in self.unit_words and (org_at is None or i < org_at)), None)
        if words and words[0].lower() not in self.role_starters:
            out["organization"] = " ".join(words) or None
            return out
        role_end = unit_at or org_at or len(words)
        role = words[:role_end]
        if unit_at is not None:
            unit_words = words[unit_at:org_at or len(words)]
            if len(unit_words) == 1:
                role = role + unit_words
            else:
                out["unit"] = " ".join(unit_words)
                role = role + unit_words[:1]
        elif org_at is not None and len(role) == 1 and words[org_at].lower() not in self.association_words and \
                role[0].lower() in ("kepala", "sekretaris", "ketua", "wakil", "anggota", "staf", "pendamping", "perangkat", "aparat"):
            role = role + words[org_at:org_at + 1]
        if len(role) > 1 and role[0].lower() in ("kasubbid", "kasubid", "kabid", "kasi", "kasie", "kabag", "kasubag", "kasubbag") and unit_at is None:
            out["unit"] = " ".join(role[1:])
            role = role[:1]
        role_text = " ".join(role)
        place = re.search(r"(?i)\s(?:(?:kabupaten|kab\.?|kota|provinsi|kecamatan|kelurahan|desa|distrik|dilingkungan|lingkup|pada)\s+(?=\S)|di\s+lingkungan\s|se-|se\s)", role_text)
        if place and org_at is None:
            out["place"] = role_text[place.start():].strip()
            role_text = role_text[:place.start()]
        if org_at is not None and org_at == len(words) - 1 and words[org_at].lower() in GENERIC_OFFICES:
            # "Kepala Desa", "operator SIPD kecamatan": the kind of office is part of the post, not an organisation
            if not role_text.lower().endswith(words[org_at].lower()):
                role_text = f"{role_text} {words[org_at]}".strip()
            org_at = None
        out["role"] = role_text or None
        if org_at is not None:
            out["organization"] = " ".join(words[org_at:])
        return out

    def _person_start(self, body: str) -> int | None:
        """Where a person's name (with its titles) begins inside a mention, if one is named.

        "Camat Kota Kayuagung Hj. Nurhasanah, S.Sos." -> at "Hj."; "Kepala Dinas X, Dahlan Nur" -> at
        "Dahlan"; "Kabid Y Bappeda Muba Dedi Kurniawan ST, MT" -> at "Dedi" (the capitalised words
        before trailing titles that are neither an organisation nor a place).
        """
        tokens = list(re.finditer(r"[^\s,]+", body))
        for i, tok in enumerate(tokens):
            word = tok.group(0).lower().rstrip(".")
            if i > 0 and word in self.titles_before and word not in ("ibu", "bapak", "bu", "pak") \
                    and i + 1 < len(tokens) and (tokens[i + 1].group(0)[:1].isupper() or body.islower() and
                                                 self._lower_name_word(tokens[i + 1].group(0))):
                return tok.start()  # "... Hj. Nurhasanah", and in notes typed in lower case "camat x bpk zulfahmi"
        comma = re.search(r",\s*(?=\S)", body)
        if comma and self._looks_like_name(body[comma.end():]):
            return comma.end()
        # a name written before its titles with no title in front: walk back over capitalised words
        first_title = next((i for i, t in enumerate(tokens) if i > 1 and self._is_title_token(t.group(0))
                            and all(self._is_title_token(x.group(0)) for x in tokens[i:])), None)
        if first_title is None:
            return None
        taken = []
        for tok in reversed(tokens[1:first_title]):
            if len(taken) == 3 or self._name_stop(tok.group(0)):
                break
            taken.append(tok)
        if len(taken) == 3 and not self._name_stop(tokens[tokens.index(taken[-1]) - 1].group(0)):
            taken.pop()  # three capitalised words not preceded by an organisation: the first is a unit's
        return taken[-1].start() if taken else None

    def _lower_name_word(self, word: str) -> bool:
        """Whether a lower-case ``word`` may begin a name: not a role, office, unit, title or place."""
        low = word.rstrip(".,")
        return low.isalpha() and low not in self.role_starters and low not in self.org_words \
            and low not in self.unit_words and not self._is_title_token(word) and not self._regions_in(low.title())

    def _name_stop(self, word: str) -> bool:
        """Whether ``word`` cannot be part of a person's name (an organisation, unit, role or place)."""
        low = word.lower()
        return not word[:1].isupper() or word.isupper() or low in self.org_words or low in self.unit_words \
            or low in self.role_starters or bool(self._regions_in(word))

    def _looks_like_name(self, segment: str) -> bool:
        """A person's name after a comma: capitalised words (titles allowed), no organisation or unit."""
        words = [w for w in re.split(r"[\s,]+", segment.strip(" ,")) if w]
        if not words or all(self._is_title_token(w) for w in words):
            return False
        names = [w for w in words if not self._is_title_token(w)]
        if len(names) > 5:
            return False
        for w in names:
            low = w.lower()
            if low in ("bin", "binti", "van", "de", "al"):
                continue
            if not w[:1].isupper() or low in self.org_words or low in self.unit_words or low in self.role_starters:
                return False
        return True

    @staticmethod
    def _share_organisation(items: list[Attendee], text: str) -> None:
        """"Kepala Bidang dan staf Bappeda X": the bare first mention shares the second's organisation."""
        for a, b in zip(items, items[1:]):
            gap = text[a.span[1]:b.span[0]]
            own_office = bool(a.role) and a.role.split()[-1].lower() in GENERIC_OFFICES  # "kepala desa dan ketua BPD X"
            if a.organization is None and b.organization and not own_office and re.fullmatch(r"\s*(?:dan|serta)\s*", gap):
                a.organization = b.organization
                a.organization_expanded = b.organization_expanded
                a.region, a.region_code = b.region, b.region_code

    # ------------------------------------------------------------------ what
    def _agenda(self, view: TextView, by: dict) -> list[AgendaItem]:
        text = view.text
        out: list[AgendaItem] = []
        for cue in by.get("AGENDA", []):
            s0, s1 = cue.start, view.sentence_end(cue.end)
            kinds = "|".join(re.escape(k).replace(r"\ ", r"\s+") for k in self.agenda_kinds)
            for m in re.finditer(rf"(?i)(?<![\w-])({kinds})(?![\w-])", text[s0:s1]):
                start = s0 + m.start()
                stop = re.search(r"(?i),|\s+(?:dan\s+)?(?:dilanjutkan|kemudian|lalu|diakhiri|ditutup|serta)\b|\s+dan\s+(?=(?:" + kinds + r")\b)",
                                 text[start + len(m.group(0)):s1])
                end = start + len(m.group(0)) + (stop.start() if stop else s1 - start - len(m.group(0)))
                s, e = view.trim(start, end)
                by_whom = text[s + len(m.group(0)):e].strip() or None
                if by_whom and by_whom.lower().startswith("dan "):
                    by_whom = None
                out.append(AgendaItem(len(out) + 1, m.group(1).lower(), text[s:e], [s, e], cue.rule, by_whom))
            if out:
                break
        return out

    @staticmethod
    def _unique_lexicon(text: str, cues: list[Cue], cls):
        out = []
        seen = set()
        taken: list[tuple[int, int]] = []
        for cue in sorted(cues, key=lambda c: (c.start, -(c.end - c.start))):
            if any(cue.start < e and s < cue.end for s, e in taken):
                continue
            taken.append((cue.start, cue.end))
            name = cue.rule.split(":", 1)[1]
            if name in seen:
                continue
            seen.add(name)
            out.append(cls(name, text[cue.start:cue.end], [cue.start, cue.end], cue.rule.split(":", 1)[0]))
        return out

    # -- lists after headings
    def _list_after(self, view: TextView, cue: Cue, require_intro: bool = True, rivals: Iterable[int] = ()):
        """The items of the list a heading cue introduces, as (start, end, marker, details), plus the heading span.

        ``rivals`` are the starts of headings of the other kind (issues vs programs): when one stands
        between this cue and the list's intro, the list is the nearer heading's, not this one's.
        """
        text = view.text
        sent_end = view.sentence_end(cue.end)
        s0 = view.sentence_start(cue.start)
        first = re.match(r"(?i)[\s,:]*(?:(?:adalah|yaitu|yakni)\s+)?(?=pertama\b)", text[cue.end:cue.end + 30])
        if first:  # "kedelapan isu tersebut, pertama yaitu A. Kedua B. ...": counted in words
            items = self._ordinal_items(view, cue.end + first.end())
            if items:
                return items, _g(text, *view.trim(s0, cue.end), cue.rule)
        intro = None
        for m in self.list_intro.finditer(text, cue.end, sent_end + 1):
            intro = m
            break
        if intro is None and sent_end < len(text):
            # "... menyepakati 15 usulan prioritas. Di antaranya A, B, serta C."
            nxt = view._skip_space(sent_end + 1)
            this = re.match(r"(?i)(?:program|kegiatan|usulan|prioritas|isu|permasalahan|masalah)(?:-\w+)?\s+(?:tersebut|itu)\s+", text[nxt:nxt + 40])
            if this:  # "... sejumlah program sudah disiapkan. Program tersebut ialah A, B dan C."
                nxt += this.end()
            lead = self.list_intro.match(text, nxt)
            if lead and lead.start() == nxt and text[lead.end():lead.end() + 1] in (" ", ":", "\n"):
                intro = lead
                sent_end = view.sentence_end(lead.end())
        colon = text.find(":", cue.end, sent_end + 1)
        stop = min(p for p in (intro.start() if intro else None, colon if colon >= 0 else None, sent_end) if p is not None)
        if any(cue.end <= r < stop for r in rivals):
            return [], _g(text, *view.trim(s0, stop), cue.rule)
        if colon >= 0 and (intro is None or colon < intro.start()):
            body = colon + 1
            heading_end = colon
        elif intro is not None:
            body = intro.end()
            heading_end = intro.start()
            # "adalah sebagai berikut:" — skip the rest of the intro
            more = re.match(r"(?i)(?:\s*(?:" + self.list_intro.pattern[len("(?i)"):] + r")|\s*:)+", text[body:])
            if more:
                body += more.end()
        else:
            heading_end = sent_end
            body = None
        heading = _g(text, *view.trim(s0, heading_end), cue.rule)
        if body is None:
            nxt = view._skip_space(sent_end + 1) if sent_end < len(text) else None
            if nxt is None:
                return [], heading
            ls, le = view.line(cue.start)
            marked = LINE_MARKER.match(text, ls)
            heading_text = text[marked.end() if marked else ls:le].strip()
            heads_line = (cue.start - ls <= 30 and le - ls <= 120 and (not marked or heading_text.isupper())) \
                or text[ls:le].rstrip().endswith(":")
            if heads_line and (text[sent_end:sent_end + 1] == "\n" or text[sent_end:nxt].count("\n")):
                block = line_items(view, view.line_start(nxt))
                if len(block) >= 2 or (block and not require_intro):
                    return [(s, e, mk.text, subs) for s, e, mk, subs in block], heading
                table = self._proposal_table(view, view.line_start(nxt))
                if table:
                    return table, heading
            if re.match(r"(?i)pertama\b", text[nxt:nxt + 10]):
                return self._ordinal_items(view, nxt), heading
            if require_intro:
                return [], heading
            return [], heading
        while body < len(text) and text[body] in " \t;:":
            body += 1
        if body >= len(text):
            return [], heading
        if text[body] == "\n" or view.is_blank(body, view.line_end(body)):
            nl = view.next_line(body) if text[body] != "\n" else body + 1
            if nl is None:
                return [], heading
            table = self._proposal_table(view, nl)
            if table:
                return table, heading
            block = line_items(view, nl)
            if block:
                return [(s, e, mk.text, subs) for s, e, mk, subs in block], heading
            if text[body - 1:body] == ":" or text[view.line_end(body) - 1:view.line_end(body)] == ":" or \
                    text[body:view.line_end(body)].strip() == "":
                bare = bare_lines(view, nl)
                if bare:
                    return [(s, e, None, []) for s, e in bare], heading
            if not (view.wrapped_after(nl - 1) or text[nl:nl + 1].islower()):
                return [], heading
            body = nl  # a hard-wrapped running list continues on the next line
        inline = inline_items(view, body, view.paragraph_end(body))
        if inline:
            return [(s, e, mk, []) for s, e, mk in inline], heading
        if re.match(r"(?i)pertama\b", text[body:body + 10]):
            return self._ordinal_items(view, body), heading
        block = line_items(view, body, first_on_line=True)
        if len(block) >= 2:
            return [(s, e, mk.text, subs) for s, e, mk, subs in block], heading
        return [(s, e, None, acts) for s, e, acts in self._split_items(view, body, view.sentence_end(body))], heading

    def _proposal_table(self, view: TextView, pos: int):
        table = table_rows(view, pos, ("usulan", "uraian", "program", "kegiatan", "nama kegiatan", "jenis kegiatan",
                                       "permasalahan", "masalah", "isu", "prioritas"))
        if not table:
            return None
        columns, rows = table
        wanted = next((n for n in columns if re.match(r"(?:usulan|uraian|program|kegiatan|nama|jenis|permasalahan|masalah|isu|prioritas)\b", n)), None)
        if wanted is None:
            return None
        out = []
        for i, row in enumerate(rows):
            if wanted in row and row[wanted][1] > row[wanted][0]:
                out.append((row[wanted][0], row[wanted][1], str(i + 1), []))
        return out or None

    def _ordinal_items(self, view: TextView, pos: int):
        text = view.text
        out = []
        expect = 0
        while expect < len(self.ordinals):
            m = re.compile(rf"(?i)\b{self.ordinals[expect]}\s*,?\s*").search(text, pos, pos + 600)
            if not m:
                break
            start = m.end()
            end = view.sentence_end(start)
            out.append((start, end, text[m.start():m.end()].strip(" ,"), []))
            pos = end
            expect += 1
        return out if len(out) >= 2 else []

    def _split_items(self, view: TextView, start: int, end: int) -> list[tuple[int, int, list[tuple[int, int]]]]:
        """Split a running list of issues or programs; "seperti"/"misalnya" parts become activities."""
        text = view.text
        cut = re.search(r",\s*(?:yang|sehingga|karena|agar|namun|untuk|guna|supaya|dengan\s+harapan|akan|telah|sudah|harus|perlu)\b", text[start:end])
        if cut:
            end = start + cut.start()
        parts = []
        prev = start
        # a list joined by "serta" or ", dan" has used its conjunction: another "dan" is inside an item
        # ("..., serta pengadaan alat timbang dan perlengkapan posyandu")
        own_conjunction = bool(re.search(r"(?i)\sserta\s|,\s*dan\s", text[start:end]))
        for m in _top_level(ITEM_SEPARATORS, text, start, end):
            tok = m.group(0)
            pos = start + m.start()
            if tok.lower() == "dan":
                if own_conjunction or not self._item_starts(self._next_word(text, start + m.end(), end)):
                    continue
            parts.append((prev, pos, tok))
            prev = start + m.end()
        parts.append((prev, end, None))
        # each part with the separator before it
        parts = [(ps, pe, parts[i - 1][2] if i else None) for i, (ps, pe, _) in enumerate(parts)]
        items: list[list] = []
        mode = "items"  # "activities" after "seperti"; "closed" after a purpose clause ends them
        head_word = None
        for s, e, sep in parts:
            s, e = view.trim(s, e)
            if e <= s:
                continue
            seg = text[s:e]
            starts_new = sep == ";" or (head_word is not None and seg.lower().startswith(head_word + " "))
            if mode != "items" and not starts_new:
                if mode == "activities":
                    acts, closed = self._activities(view, s, e)
                    items[-1][2].extend(acts)
                    mode = "closed" if closed else "activities"
                continue
            mode = "items"
            lead = self.activity_cue.match(seg)
            if lead and items:
                acts, closed = self._activities(view, s + lead.end(), e)
                items[-1][2].extend(acts)
                mode = "closed" if closed else "activities"
                continue
            inner = self.activity_cue.search(seg)
            if inner and inner.start() > 0:
                acts, closed = self._activities(view, s + inner.end(), e)
                items.append([*view.trim(s, s + inner.start()), acts])
                mode = "closed" if closed else "activities"
            else:
                items.append([s, e, []])
            if head_word is None:
                head_word = text[items[-1][0]:items[-1][1]].split()[0].lower()
                if head_word not in ("program", "kegiatan"):
                    head_word = None
        return [(s, e, acts) for s, e, acts in items]

    def _activities(self, view: TextView, start: int, end: int) -> tuple[list[tuple[int, int]], bool]:
        """Activities or examples in [start, end), split on "atau"; a purpose clause ("untuk meningkatkan") ends them."""
        text = view.text
        purpose = re.search(r"\s+(?:untuk|guna|agar|supaya)\s+(?=(?:me|mem|men|meng|meny|dapat|bisa)\w*)", text[start:end])
        stop = start + purpose.start() if purpose else end
        out = []
        prev = start
        for m in list(re.finditer(r"\s+atau\s+", text[start:stop])) + [None]:
            piece_end = start + m.start() if m else stop
            s, e = view.trim(prev, piece_end)
            if e > s:
                out.append((s, e))
            if m:
                prev = start + m.end()
        return out, purpose is not None

    def _item_starts(self, words: str) -> bool:
        """Whether ``words`` begin a new issue or program: a listed starter, or a lower-case
        nominalisation ("kekurangan", "peningkatan") or "-nya" form ("tingginya") that is not a place."""
        raw = words.split()[0].strip(".,") if words.split() else ""
        first = raw.lower()
        if first in self.item_starters:
            return True
        if not raw[:1].islower() or first in self.place_words:
            return False
        return bool(re.fullmatch(r"(?:pe[mnr]?|peng|peny|ke)\w{3,}an|\w{3,}(?<!an)nya", first))

    def _inside_title_case(self, text: str, cue: Cue) -> bool:
        """Whether a heading cue sits inside a capitalised name, after another capitalised word on its line
        ("Focus Group Discussion (FGD) Perumusan Permasalahan ..."): an event's title, not a list's heading."""
        word = text[cue.start:cue.end]
        if not word[:1].isupper() or word.isupper():
            return False
        before = text[max(0, cue.start - 60):cue.start]
        if "\n" in before:
            before = before[before.rindex("\n") + 1:]
        prev = re.findall(r"[\w()/.&-]+", before)
        while len(prev) > 1 and prev[-1].lower() in ("dan", "&", "serta", "atau"):
            prev.pop()  # "Perumusan Permasalahan dan Isu Strategis": still inside the name
        if not prev:
            return False
        last = prev[-1].strip("()")
        return bool(last) and last[:1].isupper() and not re.fullmatch(r"[A-Z0-9]{1,4}[.)]?", prev[-1]) \
            and not before.rstrip().endswith((".", ":", ";"))

    def _issues(self, view: TextView, by: dict, claimed: list) -> list[Issue]:
        out: list[Issue] = []
        # only a named program heading outranks an issue heading; a bare "usulan" ("verifikasi usulan") does not
        program_heads = [c.start for label in ("PROGRAM_HEAD", "BREAKTHROUGH_HEAD") for c in by.get(label, [])
                         if re.search(r"(?i)prioritas|program|kegiatan", view.text[c.start:c.end])]
        for label in ("ISSUE_HEAD", "ISSUE_HEAD_GENERIC"):
            if label == "ISSUE_HEAD_GENERIC" and out:
                break
            for cue in by.get(label, []):
                if self._inside(cue.start, claimed) or self._inside_title_case(view.text, cue) or _quoted(view.text, cue.start):
                    continue
                items, heading = self._list_after(view, cue, require_intro=label == "ISSUE_HEAD", rivals=program_heads)
                for s, e, marker, details in items:
                    s, e = view.trim(s, e)
                    if e <= s or self._overlaps(s, e, claimed) or ETC.fullmatch(view.text, s, e):
                        continue
                    claimed.append((s, e))
                    out.append(Issue(len(out) + 1, view.text[s:e], [s, e], cue.rule, marker, heading,
                                     [_g(view.text, *view.trim(*d), cue.rule) for d in details]))
        return out

    def _programs(self, view: TextView, by: dict, claimed: list) -> list[Program]:
        text = view.text
        out: list[Program] = []
        heads = [(c, "priority") for c in by.get("PROGRAM_HEAD", [])] + \
                [(c, "breakthrough") for c in by.get("BREAKTHROUGH_HEAD", [])] + \
                [(c, "planned") for c in by.get("PROGRAM_VERB", [])]
        heads.sort(key=lambda h: h[0].start)
        issue_heads = [c.start for c in by.get("ISSUE_HEAD", [])]
        for cue in by.get("PROGRAM_SUBJECT", []):
            item = cue.groups.get("item")
            if item:
                s, e = view.trim(*item)
                s = self._skip_list_intro(text, s, e)
                if e > s and not self._overlaps(s, e, claimed):
                    claimed.append((s, e))
                    out.append(Program(0, "priority", text[s:e], [s, e], cue.rule))
        for cue, kind in heads:
            if self._inside(cue.start, claimed) or (kind != "planned" and self._inside_title_case(text, cue)):
                continue
            if _quoted(text, cue.start):
                continue  # inside a quotation: what someone said, not the minutes' list
            if kind == "planned":
                first = self._next_word(text, cue.end, len(text))
                if not self._item_starts(first) or any(0 <= h.start - cue.end <= 2 for h, _ in heads if h is not cue):
                    continue  # "mengusulkan kegiatan prioritas ... sebagai berikut": the heading's list
                end = view.sentence_end(cue.end)
                items = [(s, e, None, acts) for s, e, acts in self._split_items(view, cue.end, end)]
                heading = _g(text, *view.trim(view.sentence_start(cue.start), cue.end), cue.rule)
            else:
                if kind == "priority" and "usulan" in text[cue.start:cue.end].lower():
                    kind = "proposal"
                items, heading = self._list_after(view, cue, rivals=issue_heads)
            for s, e, marker, acts in items:
                s, e = view.trim(s, e)
                if e <= s or self._overlaps(s, e, claimed):
                    continue
                if re.match(r"(?i)(?:sebanyak\s+)?[\d.,]+\s+(?:usulan|kegiatan|program|paket|titik)\b", text[s:e]):
                    continue  # "138 usulan infrastruktur": a count of proposals, not a program
                if ETC.fullmatch(text, s, e):
                    continue  # "..., gelar produk unggulan, dll.": the list goes on unnamed
                claimed.append((s, e))
                activities = [_g(text, *view.trim(*a), cue.rule) for a in acts] if acts and isinstance(acts[0], tuple) else []
                out.append(Program(len(out) + 1, kind, text[s:e], [s, e], cue.rule, marker, heading, activities))
        out.sort(key=lambda p: p.span[0])
        for i, p in enumerate(out, 1):
            p.number = i
        return out

    def _challenges(self, view: TextView, by: dict) -> list[Challenge]:
        text = view.text
        out = []
        for cue in by.get("CHALLENGE_HEAD", []):
            s0 = view.sentence_start(cue.start)
            if cue.start - s0 > 40:
                continue
            end = view.sentence_end(cue.end)
            m = re.search(r"(?i)\b(?:adalah|yaitu|ialah|antara\s+lain)\b\s*:?\s*", text[cue.end:min(end, cue.end + 40)])
            start = cue.end + m.end() if m else s0
            s, e = view.trim(start, end)
            if e > s and not any(c.span == [s, e] for c in out):
                out.append(Challenge(text[s:e], [s, e], cue.rule))
        return out

    def _follow_ups(self, view: TextView, by: dict, claimed: list, meeting: Meeting) -> list[FollowUp]:
        text = view.text
        out: list[FollowUp] = []
        for cue in by.get("FOLLOWUP_HEAD", []):
            nl = view.next_line(cue.start)
            if nl is None:
                continue
            heading = _g(text, *view.trim(view.line_start(cue.start), view.line_end(cue.start)), cue.rule)
            table = table_rows(view, nl, ("uraian", "kegiatan", "tindak lanjut", "rencana tindak lanjut"))
            if table:
                columns, rows = table
                what = next((n for n in columns if n.split()[0] in ("uraian", "kegiatan", "tindak", "rencana")), None)
                who = next((n for n in columns if n.startswith("penanggung") or n in ("pj", "pelaksana")), None)
                when = next((n for n in columns if n.startswith("batas") or n.startswith("waktu") or n.startswith("tenggat")), None)
                for row in rows:
                    if what not in row:
                        continue
                    s, e = row[what]
                    deadline_text = text[row[when][0]:row[when][1]] if when in row else None
                    deadline = nz.parse_date(deadline_text, self.months, self.weekdays) if deadline_text else None
                    out.append(FollowUp(len(out) + 1, text[s:e], [s, e], cue.rule,
                                        responsible=text[row[who][0]:row[who][1]] if who in row else None,
                                        deadline=deadline.iso() if deadline else None,
                                        deadline_text=deadline_text, heading=heading))
                continue
            for s, e, mk, _subs in line_items(view, nl):
                s, e = view.trim(s, e)
                if e <= s or self._overlaps(s, e, claimed):
                    continue
                item = text[s:e]
                deadline_text = deadline = None
                m = re.search(r"(?i)(?:paling\s+lambat|selambat-lambatnya|batas\s+waktu|sebelum)\s+(?:tanggal|tgl\.?)?\s*"
                              r"(\d{1,2}\s+[A-Za-z]+\.?\s+\d{4}|\d{1,2}[/-]\d{1,2}[/-]\d{2,4})", item)
                if m:
                    deadline_text = m.group(1)
                    value = nz.parse_date(deadline_text, self.months, self.weekdays)
                    deadline = value.iso() if value else None
                who = re.match(r"((?:[A-Z][\w/&.-]*)(?:\s+(?:[A-Za-z][\w/&.-]*)){0,5}?)\s+(?=(?:me|mem|men|meng|meny|ber|di|agar|segera|akan|untuk)\w*\b)", item)
                out.append(FollowUp(len(out) + 1, item, [s, e], cue.rule,
                                    responsible=who.group(1) if who else None,
                                    deadline=deadline, deadline_text=deadline_text, heading=heading))
        return out

    def _plan_year(self, view: TextView, meeting: Meeting, issues: list[Issue], programs: list[Program]) -> None:
        text = view.text
        meeting_year = int(meeting.date[:4]) if meeting.date else None
        sources = [i.heading for i in issues[:1] if i.heading] + [p.heading for p in programs if p.heading]
        for g in sources:
            m = re.search(r"(?i)\b(?:tahun|thn\.?|ta\.?)\s+(\d{4})\b", g.text)
            if m and (meeting_year is None or int(m.group(1)) >= meeting_year):
                s = g.span[0] + m.start()
                meeting.plan_year = int(m.group(1))
                meeting.plan_year_text = _g(text, s, g.span[0] + m.end(), "plan_year_heading")
                return
        for m in re.finditer(r"(?i)\b(?:RKPD|RKP\s*Desa|RKPDes|Renja|Rencana\s+Kerja)\b[^.\n]{0,90}?\b[Tt]ahun\s+(?:Anggaran\s+)?(\d{4})\b", text):
            year = int(m.group(1))
            if meeting_year is None or year >= meeting_year:
                meeting.plan_year = year
                meeting.plan_year_text = _g(text, m.start(1) - 0, m.end(1), "plan_year_document")
                return

    @staticmethod
    def _inside(pos: int, claimed: list) -> bool:
        return any(s <= pos < e for s, e in claimed)

    @staticmethod
    def _overlaps(s: int, e: int, claimed: list) -> bool:
        return any(s < ce and cs < e for cs, ce in claimed)
