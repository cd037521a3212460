"""The urusan (government affair) of issues and programs, and the holiday check of the meeting date."""
from __future__ import annotations

import datetime
import shutil
from pathlib import Path

import pytest

from pipeline.errors import RulesError
from pipeline.evaluate import load_urusan_items, score_urusan
from pipeline.holidays_check import date_warnings, indonesian_holidays
from pipeline.rules import load_rules
from pipeline.urusan import classify, one_edit_apart

ROOT = Path(__file__).resolve().parent.parent

# Permendagri 90/2019: urusan wajib pelayanan dasar, wajib non-pelayanan dasar, pilihan, then the unsur
NOMENCLATURE = (
    [f"1.0{i}" for i in range(1, 7)] + [f"2.{i:02d}" for i in range(7, 25)] + [f"3.{i}" for i in range(25, 33)]
    + ["4.01", "4.02", "5.01", "5.02", "5.03", "5.04", "5.05", "6.01", "7.01", "8.01"]
)


def test_urusan_table_covers_the_whole_nomenclature_in_order(rules):
    assert [u.code for u in rules.urusan] == NOMENCLATURE
    assert {u.code: u.name for u in rules.urusan}["1.03"] == "Pekerjaan Umum dan Penataan Ruang"


@pytest.mark.parametrize("text, code, cue", [
    ("masih tinggi persentase penduduk miskin", "1.06", "penduduk miskin"),
    ("prevalensi STUNTING masih tinggi", "1.02", "stunting"),
    ("pendidikan politik bagi pemilih pemula", "8.01", "pendidikan politik"),  # longest cue at one place
    ("pengelolaan limbah B3 fasilitas kesehatan", "2.11", "limbah"),  # two cues of 2.11 beat one of 1.02
    ("kerusakan jalan kabupaten akibat truk dari kawasan industri", "1.03", "jalan kabupaten"),  # head clause
    ("distribusi ASN tidak merata antar kecamatan", "5.03", "asn"),  # kecamatan is a weak cue
    ("kantor camat rusak dan tidak representatif", "7.01", "kantor camat"),
    ("penanggulangan kemiskian terpadu", "1.06", "kemiskinan"),  # one dropped letter
    ("rehab jaringan irgasi", "1.03", "irigasi"),
    ("perekaman KTP-el belum tuntas", "2.12", "ktp-el"),
])
def test_classify_finds_the_urusan_and_its_cue(rules, text, code, cue):
    found = classify(text, rules.urusan, rules.words("urusan_tail_words"))
    assert (found.code, found.cue) == (code, cue)
    assert text[found.start:found.end].lower().replace(" ", "") in (cue, cue.replace(" ", ""), "kemiskian", "irgasi")


@pytest.mark.parametrize("text", ["koordinasi lintas sektor belum optimal", "dampak perubahan iklim", ""])
def test_classify_gives_none_when_no_cue_says(rules, text):
    assert classify(text, rules.urusan, rules.words("urusan_tail_words")) is None


@pytest.mark.parametrize("a, b, expected", [
    ("irgasi", "irigasi", True), ("kemiskian", "kemiskinan", True), ("stuntnig", "stunting", True),
    ("lintas", "linmas", False), ("perubahan", "perumahan", False), ("irigasi", "irigasi", False),
])
def test_one_edit_apart_forgives_typing_slips_not_other_words(a, b, expected):
    assert one_edit_apart(a, b) is expected


def test_labelled_set_meets_the_floors(rules):
    items = load_urusan_items(ROOT / "tests" / "urusan" / "labelled.yaml")
    assert len(items) >= 150
    assert len({i["urusan"] for i in items if i["urusan"]}) >= 15
    assert any(i["urusan"] is None for i in items)
    counts, mistakes = score_urusan(items, rules.urusan, rules.words("urusan_tail_words"))
    precision, recall, _ = counts.prf()
    assert precision >= 0.90 and recall >= 0.80, mistakes


def test_every_issue_and_program_urusan_is_grounded(extract):
    text = ("Rapat dilaksanakan pada hari Senin, 1 Februari 2016 di Aula Bappeda.\n"
            "Isu strategis sebagai berikut:\n1. masih tingginya angka kemiskinan\n2. koordinasi belum optimal\n")
    doc = extract(text)
    issues = doc["issues"]
    assert [i["urusan"] and i["urusan"]["code"] for i in issues] == ["1.06", None]
    u = issues[0]["urusan"]
    assert doc["text"][u["span"][0]:u["span"][1]] == u["text"] == "kemiskinan"
    assert u["rule"] == "urusan_1_06" and u["name"] == "Sosial"


def test_urusan_cues_are_validated_with_every_problem(tmp_path, rules_dir):
    folder = tmp_path / "rules"
    shutil.copytree(rules_dir, folder)
    path = folder / "urusan.yaml"
    text = path.read_text(encoding="utf-8")
    text = text.replace('code: "1.01"', 'code: "1.1"', 1).replace("cues: [perpustakaan,", "cues: [sampah, perpustakaan,", 1)
    path.write_text(text + "  - {code: \"9.99\", name: X, cues: [], colour: red}\n", encoding="utf-8")
    with pytest.raises(RulesError) as info:
        load_rules(folder)
    assert info.value.problems == [
        'rules/urusan.yaml: urusan[0] (code=1.1): missing or invalid \'code\' (expected text like "1.02")',
        "rules/urusan.yaml: urusan[22] (code=2.23).cues: cue 'sampah' is also a cue of 2.11",
        "rules/urusan.yaml: urusan[42] (code=9.99): unknown key 'colour' (allowed: code, comment, cues, name, weak)",
        "rules/urusan.yaml: urusan[42] (code=9.99): missing or invalid 'code' (expected text like \"1.02\")",
        "rules/urusan.yaml: urusan[42] (code=9.99).cues: expected a non-empty list of cue words",
    ]


@pytest.mark.parametrize("date, codes", [
    ("2016-02-08", ["holiday"]),  # Tahun Baru Imlek, a Monday
    ("2023-04-22", ["holiday"]),  # Idul Fitri 1444 H, a Saturday
    ("2016-02-07", ["weekend"]),  # a Sunday
    ("2024-03-10", ["weekend"]),  # a Sunday
    ("2016-02-01", []),  # a Monday, a working day
    ("2016-02-06", []),  # a Saturday: not warned
    (None, []),
    ("2016-02-30", []),
])
def test_date_warnings_flag_holidays_and_sundays(date, codes):
    assert [w.code for w in date_warnings(date, indonesian_holidays())] == codes


def test_holiday_warning_names_the_holiday():
    (w,) = date_warnings("2023-04-22", {datetime.date(2023, 4, 22): "Hari Raya Idul Fitri"})
    assert w.message.startswith("2023-04-22 is a national holiday in Indonesia (Hari Raya Idul Fitri)")


def test_meeting_on_a_holiday_is_warned_and_shown_on_its_review_page(extract):
    from pipeline.review import document_page

    doc = extract("Rapat dilaksanakan pada hari Senin, 8 Februari 2016 di Aula Bappeda Kabupaten Lahat.\n")
    assert doc["meeting"]["date"] == "2016-02-08"
    assert [w["code"] for w in doc["warnings"]] == ["holiday"]
    assert "Tahun Baru Imlek" in document_page(doc)


def test_eval_urusan_prints_the_table_and_fails_below_its_floor(capsys):
    from pipeline.cli import main

    labelled = str(ROOT / "tests" / "urusan" / "labelled.yaml")
    assert main(["eval", "--urusan", labelled, "--min", "precision=0.9", "--min", "recall=0.8", "-q"]) == 0
    out = capsys.readouterr().out
    assert out.splitlines()[0].split() == ["field", "P", "R", "F1", "tp", "fp", "fn"]
    assert out.splitlines()[-1] == "258 items"
    assert main(["eval", "--urusan", labelled, "--min", "recall=1.01", "-q"]) == 1
    assert capsys.readouterr().out.splitlines()[-1].startswith("FAIL: recall ")


def _spec_matches(text: str, table) -> list[tuple[int, int, str]]:
    """The cues found by the rule as the rules file states it, written as one alternation: whole
    words, any case, any run of spaces, hyphens or slashes between a cue's words, "*" any word it
    begins, the longest cue at a place first (the reference the dictionary scan must agree with)."""
    import re

    cues = sorted({c for u in table for c in u.cues + u.weak}, key=lambda c: (-len(c.rstrip("*")), c))
    body = "|".join(r"[\s\-/]+".join(map(re.escape, c.rstrip("*").split())) + (r"\w*" if c.endswith("*") else "")
                    for c in cues)
    pattern = re.compile(rf"(?<!\w)(?:{body})(?!\w)", re.IGNORECASE)
    return [(m.start(), m.end(), m.group().lower()) for m in pattern.finditer(text)]


def test_the_cue_scan_finds_exactly_what_the_stated_rule_finds(rules):
    from hypothesis import given, settings, strategies as st

    from pipeline.urusan import _cue_index

    table = rules.urusan
    words = sorted({w for u in table for c in u.cues + u.weak for w in c.rstrip("*").replace("-", " ").split()})
    cue_texts = sorted({c.rstrip("*") for u in table for c in u.cues + u.weak})
    gap = st.sampled_from([" ", "  ", "-", "/", " - ", ", ", "", "\n", "_", "."])
    # a cue's words joined by any gap (the rule allows some, not others), a word of one, a word of none
    def joined(cue_and_gaps: tuple[str, list[str]]) -> str:
        words = cue_and_gaps[0].split(" ")
        return words[0] + "".join(g + w for g, w in zip(cue_and_gaps[1], words[1:]))

    cue = st.tuples(st.sampled_from(cue_texts), st.lists(gap, min_size=8, max_size=8)).map(joined)
    piece = st.one_of(cue, st.sampled_from(words), st.sampled_from(["dan", "di", "nya", "an", "X"]))

    @settings(max_examples=400, deadline=None)
    @given(st.lists(st.tuples(piece, gap, st.booleans()), min_size=1, max_size=8))
    def check(parts):
        text = "".join((p.upper() if up else p) + g for p, g, up in parts)
        found = [(s, e, text[s:e].lower()) for _, s, e in _cue_index(table).matches(text)]
        assert found == _spec_matches(text, table)

    check()


def test_the_typo_look_up_finds_the_first_cue_one_edit_apart(rules):
    """The deletion look-ups of the typo step give what comparing the word with every cue would."""
    from hypothesis import given, settings, strategies as st

    from pipeline.urusan import _fuzzy_cues, _fuzzy_match

    table = rules.urusan
    cues = [c for c, _ in _fuzzy_cues(table)]

    def edited(case: tuple[str, int, int, str]) -> str:
        word, at, kind, letter = case
        at %= len(word)
        return [word[:at] + word[at + 1:], word[:at] + word[at] + word[at:], word[:at] + letter + word[at:],
                word[:at] + word[at + 1:at + 2] + word[at] + word[at + 2:], word][kind]

    @settings(max_examples=500, deadline=None)
    @given(st.tuples(st.sampled_from(cues), st.integers(0, 40), st.integers(0, 4), st.sampled_from("aeiklnrstu")).map(edited))
    def check(word):
        first = next((k for k, cue in enumerate(cues) if one_edit_apart(word, cue)), None)
        assert _fuzzy_match(word, table) == first

    check()


def test_the_kept_holiday_table_says_what_the_package_says_on_every_day():
    """Holidays of KEPT_YEARS come from a table kept between runs (importing the package's calendar
    costs every process 0.1 s); on every day, within those years and beyond, it agrees with the package."""
    from pipeline.holidays_check import KEPT_YEARS, _package_calendar

    calendar, package = indonesian_holidays(), _package_calendar()
    day, last = datetime.date(KEPT_YEARS.start - 2, 1, 1), datetime.date(KEPT_YEARS.stop + 1, 12, 31)
    named = 0
    while day <= last:
        assert calendar.get(day) == package.get(day), day
        named += calendar.get(day) is not None
        day += datetime.timedelta(days=1)
    assert named > 15 * len(KEPT_YEARS)  # Indonesia has some twenty national holidays a year
