"""Turn an annotated spaCy Doc into a :class:`~pipeline.records.MinutesRecord`.

The ``minutes_rules`` component has marked every cue (``doc.spans["minutes"]``); each question the
minutes answer has a module of its own that reads the text around its cues: :mod:`~pipeline.title`,
:mod:`~pipeline.when`, :mod:`~pipeline.where`, :mod:`~pipeline.who` and :mod:`~pipeline.what`, the
last two through the grammar of mentions in :mod:`~pipeline.mentions`. This module keeps only the
order in which they run and what they hand each other. Everything works on character offsets, so
every value is a verbatim slice of the document with its rule id.
"""
from __future__ import annotations

from spacy.tokens import Doc

from .cues import Spans, cues_by_label
from .mentions import MentionGrammar
from .places import Places
from .records import SCHEMA_VERSION, Commodity, Meeting, MinutesRecord, Source, Stage, Warning
from .rules import RuleSet
from .holidays_check import date_warnings, indonesian_holidays
from .textspan import TextView
from .title import TitleFinder
from .urusan import classifier, file_items
from .what import WhatFinder
from .when import WhenFinder
from .where import WhereFinder
from .who import WhoFinder


class Extractor:
    """Extraction with the tables of one rule set, built once and reused for every document."""

    def __init__(self, rules: RuleSet):
        self.rules = rules
        places = Places(rules)
        mentions = MentionGrammar(rules, places)
        self.title = TitleFinder(rules)
        self.when = WhenFinder(rules)
        self.where = WhereFinder(rules, places)
        self.who = WhoFinder(rules, mentions, places)
        self.what = WhatFinder(rules, mentions)
        self.urusan = classifier(rules.urusan, rules.words("urusan_tail_words"))
        # abbreviations that end with a full stop without ending a sentence ("Kab.", "Drs.", "Jan.")
        self.nonfinal = frozenset((mentions.titles_before | set(rules.words("nonfinal_abbreviations")) | set(self.when.months)) - {"ibu", "bapak"})

    def extract(self, doc: Doc, source: Source, doc_id: str, year: int | None = None,
                text: str | None = None) -> MinutesRecord:
        """Extract one annotated document; ``text`` saves rebuilding ``doc.text`` when the caller has it."""
        text = doc.text if text is None else text
        view = TextView(text, self.nonfinal)
        by_label = cues_by_label(doc)
        warnings: list[Warning] = []
        title = self.title(view)
        meeting = Meeting()
        self.when(view, by_label, meeting, warnings, year, title)
        meeting.venue = self.where.venue(view, by_label, meeting)
        title_span = (title.span[0], title.span[1]) if title else (0, 0)
        self.where.region(view, meeting, title_span)
        claimed = Spans()  # spans taken by one list's items, not to be read again by another's
        meeting.opened_by, chairs = self.who.opener(view, by_label)
        attendees = self.who.attendees(view, by_label, meeting.opened_by, chairs, meeting.region)
        agenda = self.what.agenda(view, by_label)
        stages = self.what.unique_lexicon(text, by_label.get("STAGE", []), Stage)
        issues = self.what.issues(view, by_label, claimed)
        programs = self.what.programs(view, by_label, claimed)
        challenges = self.what.challenges(view, by_label)
        follow_ups = self.what.follow_ups(view, by_label, claimed, meeting)
        commodities = self.what.unique_lexicon(text, by_label.get("COMMODITY", []), Commodity)
        self.what.plan_year(view, meeting, issues, programs)
        if meeting.date is None:
            warnings.append(Warning("no_date", "no meeting date found in the text"))
        record = MinutesRecord(
            schema_version=SCHEMA_VERSION, id=doc_id, source=source, title=title, meeting=meeting,
            attendees=attendees, agenda=agenda, planning_stages=stages, issues=issues,
            challenges=challenges, programs=programs, follow_ups=follow_ups, commodities=commodities,
            warnings=warnings, text=text,
        )
        record = file_items(record, self.urusan)  # the government affair of each issue and program
        record.warnings += date_warnings(meeting.date, indonesian_holidays())  # a holiday or a Sunday: check the date
        return record
