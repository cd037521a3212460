"""Each field module on a sentence alone: cues written by hand, no spaCy pipeline.

The field modules see a document only as its text view and its cues (label, rule, span); these tests
build both directly, so a change to a field's reading shows here without the component or the
other fields in the way.
"""
from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pipeline.cues import Cue, Spans
from pipeline.mentions import MentionGrammar
from pipeline.places import Places
from pipeline.records import Meeting
from pipeline.textspan import TextView
from pipeline.title import TitleFinder
from pipeline.what import WhatFinder
from pipeline.when import WhenFinder
from pipeline.where import WhereFinder
from pipeline.who import WhoFinder


@pytest.fixture(scope="module")
def places(rules) -> Places:
    return Places(rules)


@pytest.fixture(scope="module")
def mentions(rules, places) -> MentionGrammar:
    return MentionGrammar(rules, places)


def cues(text: str, *found: tuple[str, str, str]) -> dict[str, list[Cue]]:
    """Cues as the component would mark them: (label, rule, the words it matched, first occurrence)."""
    by: dict[str, list[Cue]] = {}
    for label, rule, words in found:
        start = text.index(words)
        by.setdefault(label, []).append(Cue(label, rule, start, start + len(words), {}))
    return by


def test_title_is_the_first_block_of_short_lines(rules):
    text = "NOTULEN RAPAT\nFORUM PERANGKAT DAERAH DINAS PERTANIAN\n\nRapat dimulai pukul 09.00.\n"
    title = TitleFinder(rules)(TextView(text, set()))
    assert title.text == "NOTULEN RAPAT\nFORUM PERANGKAT DAERAH DINAS PERTANIAN" and title.rule == "title_first_block"


def test_a_report_that_opens_with_a_sentence_has_no_title(rules):
    text = ("Pemerintah Kabupaten Lahat melalui Bappeda menggelar forum konsultasi publik rancangan awal RKPD, "
            "yang dihadiri oleh perangkat daerah, camat, dan unsur masyarakat dari berbagai kecamatan.\n")
    assert TitleFinder(rules)(TextView(text, set())) is None


def test_when_takes_the_event_date_over_a_deadline_and_checks_its_weekday(rules):
    text = ("Usulan disampaikan paling lambat 10 Maret 2023. Musrenbang dilaksanakan pada hari Senin, "
            "6 Maret 2023 pukul 09.00 WIB.")
    by = cues(text, ("DATE", "date_day_month_year", "10 Maret 2023"),
              ("DATE", "date_day_month_year", "Senin, 6 Maret 2023"), ("TIME", "time_clock", "pukul 09.00 WIB"))
    meeting, warnings = Meeting(), []
    WhenFinder(rules)(TextView(text, set()), by, meeting, warnings, None)
    assert (meeting.date, meeting.weekday, meeting.weekday_agrees) == ("2023-03-06", "Senin", True)
    assert (meeting.time_start, meeting.timezone, meeting.utc_offset) == ("09:00", "WIB", "+07:00")
    assert warnings == []


def test_where_reads_the_venue_after_its_cue_and_the_region_from_the_text(rules, places):
    text = "Rapat bertempat di Aula Kantor Camat Tanjung Agung, Kabupaten Muara Enim, pada pagi hari."
    by = cues(text, ("VENUE_CUE", "venue_bertempat_di", "bertempat di"))
    where, meeting = WhereFinder(rules, places), Meeting()
    view = TextView(text, set())
    meeting.venue = where.venue(view, by, meeting)
    where.region(view, meeting, (0, 0))
    assert meeting.venue.text == "Aula Kantor Camat Tanjung Agung"
    assert (meeting.region.name, meeting.region.code) == ("Kabupaten Muara Enim", "16.03")


def test_who_reads_the_opener_and_splits_the_attendees(rules, mentions, places):
    text = "Acara dibuka oleh Camat Tanjung Agung dan dihadiri oleh Kepala Bappeda, Kapolsek dan para Kepala Desa."
    by = cues(text, ("OPEN_BY", "dibuka_oleh", "dibuka oleh"), ("ATTEND", "dihadiri_oleh", "dihadiri oleh"))
    who, view = WhoFinder(rules, mentions, places), TextView(text, set())
    opener, chairs = who.opener(view, by)
    assert (opener.text, opener.role, chairs) == ("Camat Tanjung Agung", "Camat Tanjung Agung", [])
    attendees = who.attendees(view, by, opener, chairs, None)
    assert [(a.text, a.plural) for a in attendees] == [("Kepala Bappeda", False), ("Kapolsek", False),
                                                       ("para Kepala Desa", True)]


def test_what_reads_a_running_list_of_issues_and_of_programs(rules, mentions):
    text = ("Isu strategis yang dibahas antara lain masih tingginya angka stunting, rusaknya jalan desa dan "
            "kurangnya air bersih. Usulan prioritas yaitu pembangunan jalan usaha tani dan rehabilitasi irigasi.")
    by = cues(text, ("ISSUE_HEAD", "issue_heading", "Isu strategis"), ("PROGRAM_HEAD", "priority_program", "Usulan prioritas"))
    what, view, claimed = WhatFinder(rules, mentions), TextView(text, set()), Spans()
    issues = what.issues(view, by, claimed)
    programs = what.programs(view, by, claimed)
    assert [i.text for i in issues] == ["masih tingginya angka stunting", "rusaknya jalan desa", "kurangnya air bersih"]
    assert [(p.kind, p.text) for p in programs] == [("proposal", "pembangunan jalan usaha tani"),
                                                    ("proposal", "rehabilitasi irigasi")]


@given(st.text())
def test_a_view_counts_letters_and_capitals_as_str_does(text):
    """Whether notes are typed in lower case rests on these two counts (ASCII ones are counted in C)."""
    from pipeline.textspan import _letters

    assert _letters(text) == (sum(map(str.isalpha, text)), sum(map(str.isupper, filter(str.isalpha, text))))


_WORDS_AND_CONJUNCTIONS = st.lists(st.tuples(st.sampled_from([" ", ", ", ";\n", "  "]), st.sampled_from(
    ["dan", "serta", "atau", "dan/atau", "lain-lain", "lain", "sebagainya", "dll", "dsb", "DAN", "Serta", "ſerta",
     "DSB", "Dll", "jalan", "x"])), max_size=8).map(lambda parts: "Jalan" + "".join(a + b for a, b in parts))


@given(_WORDS_AND_CONJUNCTIONS)
def test_a_trailing_conjunction_is_looked_for_only_where_the_text_ends_like_one(text):
    """trim searches for "..., dan" at a span's end only where its last three letters end one of
    those words (the search reads the whole span): the gate never skips a match."""
    from pipeline.literals import fold
    from pipeline.textspan import _TRAILING_ENDS, TRAILING_WORD

    for end in range(len(text) + 1):
        m = TRAILING_WORD.search(text, 0, end)
        if m and m.end() == end:
            assert fold(text[end - 3:end]) in _TRAILING_ENDS, (text[:end], m)
