"""When: the meeting's date (not a deadline, a letter's date or a publication stamp), the weekday
written with it and whether it agrees, start and end times, and the time zone.

Reads the ``DATE``, ``DATE_FIELD``, ``TIME``, ``STARTING`` and ``CLOSING`` cues.
"""
from __future__ import annotations

import datetime as dt
import re

from . import normalise as nz
from .cues import Cue, grounded, menu_line
from .records import Grounded, Meeting, Warning
from .rules import RuleSet
from .textspan import TextView

__all__ = ["WhenFinder"]

_SIGNATURE_HEAD = re.compile(r"[A-Z][\w .'-]{1,40},\s*")
#: a regulation's number and year before a year: "Perda Nomor 3 Tahun", "Permendagri No. 86 Tahun"
_REGULATION = re.compile(r"(?i)\b(?:nomor|no\.?)\s*[\w./-]+\s+(?:tahun|th\.?)\s+$")
#: the words that close a period before its last day: "... sampai 14 Februari", "hingga tanggal 9 Maret"
_SPAN_END = re.compile(r"(?i)\b(?:sampai|hingga|s\.\s?d\.?|s/d)\s+(?:dengan\s+)?(?:tanggal\s+|tgl\.?\s+)?$")
#: a start that has not happened: "pukul 14.05, tapi rapat belum dimulai"
_NOT_STARTED = re.compile(r"(?i)\bbelum\s+(?:juga\s+)?(?:di)?mulai\b")
#: a date still to come: "... pada 28 Maret 2023 mendatang", "untuk dibahas ... pada tanggal X"
_COMING = re.compile(r"(?i)\s*(?:mendatang|yang\s+akan\s+datang|nanti)\b")
_TO_BE = re.compile(r"(?i)\b(?:akan|untuk\s+di\w+)\s+(?:\w+\s+){0,10}$")
_WORDS = re.compile(r"[A-Za-z'’`]+")
_LONG_WORD = re.compile(r"[a-z]{4,}")
#: days counted from another date: "Rabu besok" (the day after), "Senin kemarin" (the day before)
_RELATIVE_DAYS = {"besok": 1, "esok": 1, "lusa": 2, "kemarin": -1}


def _signature_line(line: str, date: str) -> bool:
    """Whether ``line`` is a place and ``date`` signing off ("Margaluyu, 21 Januari 2022.")."""
    return any(line.endswith(end) and _SIGNATURE_HEAD.fullmatch(line[:len(line) - len(end)])
               for end in (date, date + "."))


class WhenFinder:
    """Fills a :class:`Meeting`'s date, weekday, times and zone; built once per rule set."""

    def __init__(self, rules: RuleSet):
        self.months = rules.variants("months")
        self.weekdays = rules.variants("weekdays")
        self.timezones = rules.variants("timezones")
        self.title_common_words = set(rules.words("title_common_words"))
        weekday_words = "|".join(map(re.escape, sorted(self.weekdays, key=len, reverse=True)))
        self.relative_day = re.compile(rf"(?i)\b({weekday_words})\s+({'|'.join(_RELATIVE_DAYS)})\b") if self.weekdays else None
        self.open_end = rules.words("open_end")
        self.event_cues = re.compile(r"(?i)(?<![\w-])(?:" + "|".join(
            re.escape(w).replace(r"\ ", r"\s*") for w in sorted(rules.words("event_cues"), key=len, reverse=True)) + r")(?![\w-])")
        self.other_date_cues = re.compile(r"(?i)(?<![\w-])(?:" + "|".join(
            re.escape(w).replace(r"\ ", r"\s+") for w in sorted(rules.words("other_date_cues"), key=len, reverse=True)) + r")(?![\w-])")

    def __call__(self, view: TextView, by: dict, meeting: Meeting, warnings: list, year_hint: int | None,
              title: Grounded | None = None) -> None:
        text = view.text
        candidates = []
        field_lines = {view.line_start(c.start) for c in by.get("DATE_FIELD", [])}
        title_words = set(re.findall(r"[a-z]{4,}", title.text.lower())) - self.title_common_words if title else set()
        for cue in by.get("DATE", []):
            value = (nz.parse_date_words(text[cue.start:cue.end], self.months) if cue.rule == "date_in_words"
                     else nz.parse_date(text[cue.start:cue.end], self.months, self.weekdays))
            if value is None:
                continue
            score = self._date_score(view, cue, value, field_lines, title_words)
            candidates.append((score, -cue.start, cue, value))
        days = [(c, (v.day, v.month)) for _, _, c, v in candidates]
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
        meeting.date_text = grounded(text, cue.start, cue.end, cue.rule)
        weekday = value.weekday or self._weekday_before(view, cue.start)
        relative = self._relative_day(view, cue, meeting.date, weekday)
        if relative is not None:  # "akan dilaksanakan pada Rabu besok", said on "Selasa (15/2/2022)"
            meeting.date, meeting.date_end, meeting.date_text, weekday = relative
        if weekday:
            meeting.weekday = weekday.capitalize()
        if meeting.date and weekday:
            meeting.weekday_agrees = nz.weekday_agrees(meeting.date, weekday)
            if meeting.weekday_agrees is False:
                warnings.append(Warning(
                    "weekday_mismatch",
                    f"'{weekday.capitalize()}' is written but {meeting.date} is a {nz.weekday_of(meeting.date)}"))
        self._times(view, by, meeting, cue, days, (value.day, value.month))

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
        if _COMING.match(text[cue.end:cue.end + 25]) or _TO_BE.search(text[max(s0, cue.start - 110):cue.start]):
            score -= 3  # "... akan dipaparkan ... pada 28 Maret 2023 mendatang", "untuk dibahas dalam Forum ... pada tanggal X"
        if _SPAN_END.search(near):
            score -= 1.5  # "dimulai tanggal 31 Januari sampai 14 Februari 2022": the end of a period
        line = text[ls:le].strip()
        if _signature_line(line, text[cue.start:cue.end].strip()):
            score -= 3  # "Margaluyu, 21 Januari 2022": a signature line
        elif line == text[cue.start:cue.end].strip():
            score -= 1  # a date alone on its line: a page header or a sign-off
        if menu_line(text, ls, le, cue.start):
            score -= 2
        if value.year is not None:
            score += 0.5
        if value.weekday or self._weekday_before(view, cue.start):
            score += 0.5  # a meeting's own date is usually written with its weekday
        if title_words and len(title_words & set(_LONG_WORD.findall(before.lower()))) >= 3:
            score += 1  # "Rakortekrenbang Provinsi Sulawesi Tenggara ... dilaksanakan": the title's event
        return score

    def _weekday_before(self, view: TextView, pos: int) -> str | None:
        s0 = max(view.sentence_start(pos), pos - 120)
        words = _WORDS.findall(view.text[s0:pos].lower())
        for word in reversed(words):
            if word in self.weekdays:
                return self.weekdays[word]
        return None

    def _relative_day(self, view: TextView, cue: Cue, date: str | None, weekday: str | None):
        """The meeting's date written as a weekday counted from the date of the text's other date:
        "Musrenbang akan dilaksanakan pada Rabu besok" in a report dated "Selasa (15/2/2022)". Only
        when the counted weekday agrees, the weekday's sentence names the event and the other date's
        does not. Returns (date, date_end, grounded text, weekday) or None."""
        if date is None or not self.relative_day:
            return None
        text = view.text
        s0 = view.sentence_start(cue.start)
        if self.event_cues.search(text, s0, cue.start):
            return None  # the written date is the event's own
        base = dt.date.fromisoformat(date)
        for m in self.relative_day.finditer(text):
            day = self.weekdays[m.group(1).lower()]
            shifted = base + dt.timedelta(days=_RELATIVE_DAYS[m.group(2).lower()])
            if nz.weekday_of(shifted.isoformat()).lower() != day:
                continue
            if not self.event_cues.search(text, view.sentence_start(m.start()), m.start()):
                continue
            return shifted.isoformat(), None, grounded(text, m.start(), m.end(), "date_relative_day"), day
        return None

    @staticmethod
    def _years_in_text(text: str) -> list[int]:
        """Years the text names, those of "tahun X ini" first, then by how often; a regulation's year
        ("Perda Nomor 3 Tahun 2018") says nothing of when the meeting was."""
        counts: dict[int, int] = {}
        for m in re.finditer(r"(?<!\d)(19[89]\d|20[0-4]\d)(?!\d)", text):
            if _REGULATION.search(text, max(0, m.start() - 40), m.start()):
                continue
            counts[int(m.group(1))] = counts.get(int(m.group(1)), 0) + 1
        explicit = [int(m.group(1)) for m in re.finditer(r"(?i)tahun\s+(\d{4})\s+ini", text)]
        return explicit + sorted(counts, key=lambda y: -counts[y])

    def _times(self, view: TextView, by: dict, meeting: Meeting, date_cue: Cue | None,
               days: list[tuple[Cue, tuple[int, int]]] = (), meeting_day: tuple[int, int] | None = None) -> None:
        """The start and end time and the zone; ``days`` are the dates written in the text as
        (cue, (day, month)), ``meeting_day`` the meeting's."""
        text = view.text
        starting = by.get("STARTING", [])
        closing = by.get("CLOSING", [])
        date_sentence = (view.sentence_start(date_cue.start), view.sentence_end(date_cue.end)) if date_cue else (-1, -1)
        date_line = view.line(date_cue.start) if date_cue else (-1, -1)
        # sentences that name another day than the meeting's and not the meeting's: their times are
        # that day's ("upacara akan dilaksanakan pada 17 Agustus 2021 pukul 10 WIT")
        other_dates = {view.sentence_start(c.start) for c, day in days if day != meeting_day} \
            - {view.sentence_start(c.start) for c, day in days if day == meeting_day}
        candidates = []
        ends = []
        waiting_zone = None  # the zone of a time at which the text says the meeting had not started
        waiting = False
        for cue in by.get("TIME", []):
            raw = text[cue.start:cue.end]
            value = nz.parse_time(raw, self.timezones, self.open_end)
            if value is None:
                continue
            sentence = view.sentence_start(cue.start)
            if sentence in other_dates:
                continue  # another day's time
            if _NOT_STARTED.search(text, sentence, view.sentence_end(cue.end)):
                waiting = True  # "pukul 14.05 Wita, tapi rapat belum dimulai": not the start, but its zone
                waiting_zone = waiting_zone or value.timezone
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
            if menu_line(text, view.line_start(cue.start), view.line_end(cue.start), cue.start):
                score -= 2
            if score > -3:
                candidates.append((score, -cue.start, cue, value, after_start))
        if waiting:
            # a report that tells the wait ("belum dimulai") narrates the minutes before the opening:
            # only a time said to start the meeting ("dimulai pukul ...") is its start
            candidates = [c for c in candidates if c[4]]
        if not candidates:
            if waiting_zone:
                meeting.timezone, meeting.utc_offset = waiting_zone, nz.TZ_OFFSETS.get(waiting_zone)
            return
        score, _, cue, value, _ = max(candidates, key=lambda c: (c[0], c[1]))
        meeting.time_start = value.start
        meeting.time_text.append(grounded(text, cue.start, cue.end, cue.rule))
        zone = value.timezone
        end = value.end
        # an end time is later than the start ("ditutup ... pukul 06.00" in a news ticker above is not)
        ends = [(c, v) for c, v in ends if v.start > value.start]
        if end is None and ends:
            later = [(c, v) for c, v in ends if c.start > cue.start] or ends
            end_cue, end_value = later[0]
            end = end_value.start
            meeting.time_text.append(grounded(text, end_cue.start, end_cue.end, end_cue.rule))
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

