"""The rule loader: the shipped rules are valid, and every kind of broken rule file is reported clearly."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from pipeline.errors import RulesError
from pipeline.rules import MatchRule, default_rules_dir, load_rules


def test_shipped_rules_load_with_every_table(rules):
    assert rules.matchers and all(isinstance(m, MatchRule) for m in rules.matchers)
    assert len(rules.provinces) == 38
    assert len(rules.regencies) >= 500
    assert len(rules.abbreviations) >= 150
    assert {"months", "weekdays", "timezones", "role_starters", "list_intros"} <= set(rules.lexicon)
    assert len(rules.digest) == 64


def test_default_rules_dir_is_the_folder_with_the_rule_files():
    folder = default_rules_dir()
    assert (folder / "dates.yaml").is_file() and (folder / "attendees.yaml").is_file()


def test_rule_ids_are_unique_and_name_their_file(rules):
    ids = [m.id for m in rules.matchers]
    assert len(ids) == len(set(ids))
    assert all(m.source.endswith(".yaml") for m in rules.matchers)


def test_regex_macros_expand_from_the_lexicon(rules):
    date_rule = next(m for m in rules.matchers if m.id == "date_day_month_year")
    assert "{MONTHS}" not in date_rule.pattern and "pebruari" in date_rule.pattern


def test_lexicon_variants_map_to_their_canonical_value(rules):
    months = rules.variants("months")
    assert months["agt"] == "agustus" and months["nopember"] == "november" and months["januari"] == "januari"
    assert rules.variants("weekdays")["ahad"] == "minggu"


@pytest.fixture()
def broken(tmp_path: Path, rules_dir: Path):
    """A copy of the shipped rules that a test may break."""
    folder = tmp_path / "rules"
    shutil.copytree(rules_dir, folder)
    return folder


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path.name}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _problems(folder: Path) -> list[str]:
    with pytest.raises(RulesError) as info:
        load_rules(folder)
    return info.value.problems


def test_unknown_token_attribute_names_file_rule_and_attribute(broken):
    _edit(broken / "attendees.yaml", "      - {LOWER: {FUZZY1: dihadiri}}", "      - {LOWR: {FUZZY1: dihadiri}}")
    assert _problems(broken) == [
        "rules/attendees.yaml: rules[0] (id=dihadiri_oleh).tokens[1]: unknown attribute 'LOWR'"
    ]


def test_duplicate_id_names_where_it_first_appeared(broken):
    _edit(broken / "attendees.yaml", "  - id: tampak_hadir", "  - id: dihadiri_oleh")
    assert _problems(broken) == [
        "rules/attendees.yaml: rules[1] (id=dihadiri_oleh): duplicate id 'dihadiri_oleh' (first in rules/attendees.yaml)"
    ]


def test_every_problem_is_reported_at_once(broken):
    _edit(broken / "attendees.yaml", "      - {LOWER: {FUZZY1: dihadiri}}", "      - {LOWR: {FUZZY1: dihadiri}}")
    _edit(broken / "venue.yaml", "{VENUE_HEADS}", "{VENUE_HEDS}")
    _edit(broken / "meeting.yaml", "    label: CHAIR_BY\n", "    label: chair\n")
    problems = _problems(broken)
    assert len(problems) == 3
    assert "rules/venue.yaml: rules[2] (id=venue_di_head).regex: unknown macro {VENUE_HEDS}: no lexicon named 'venue_heds'" in problems
    assert "rules/meeting.yaml: rules[5] (id=dipimpin_oleh): missing or invalid 'label' (expected UPPER_CASE text)" in problems


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        ("    label: VENUE_FIELD\n", "    label: VENUE_FIELD\n    phrase: tempat\n",
         "rules/venue.yaml: rules[1] (id=venue_field): expected exactly one of phrase, tokens, regex (found 2)"),
        ("  - id: venue_online\n", "  - id: venue_online\n    pattern: x\n",
         "rules/venue.yaml: rules[3] (id=venue_online): unknown key 'pattern' (allowed: comment, id, label, phrase, regex, tokens)"),
        ("  - id: venue_online\n", "  - id: Venue Online\n",
         "rules/venue.yaml: rules[3] (id=Venue Online): missing or invalid 'id' (expected lower_snake_case text)"),
        ("regex: '(?i)\\b(?:bertempat", "regex: '(?i)\\b(?:(bertempat",
         "rules/venue.yaml: rules[0] (id=venue_bertempat_di).regex: invalid regular expression: missing ), unterminated subpattern at position 6"),
    ],
    ids=["two_patterns", "unknown_key", "bad_id", "bad_regex"],
)
def test_malformed_rule_entries_are_explained(broken, old, new, expected):
    _edit(broken / "venue.yaml", old, new)
    assert _problems(broken) == [expected]


def test_yaml_syntax_error_gives_the_line(broken):
    (broken / "extra.yaml").write_text("rules:\n  - id: x\n    label: [A\n", encoding="utf-8")
    assert _problems(broken) == ["rules/extra.yaml:4: invalid YAML: expected ',' or ']', but got '<stream end>'"]


def test_non_utf8_rule_file_is_refused(broken):
    (broken / "latin.yaml").write_bytes("lexicon:\n  x: [caf\xe9]\n".encode("latin-1"))
    assert _problems(broken) == ["rules/latin.yaml: not UTF-8 (invalid continuation byte at byte 18)"]


def test_unknown_top_level_key_is_refused(broken):
    (broken / "extra.yaml").write_text("rulez: []\n", encoding="utf-8")
    assert _problems(broken) == [
        "rules/extra.yaml: unknown top-level key 'rulez' (allowed: abbreviations, districts, lexicon, provinces, regencies, rules, urusan)"
    ]


def test_missing_folder_is_one_problem(tmp_path):
    with pytest.raises(RulesError) as info:
        load_rules(tmp_path / "nowhere")
    assert info.value.problems == [f"{tmp_path / 'nowhere'}: not a folder of rule files"]


def test_region_rows_are_validated(broken):
    _edit(broken / "regions.yaml", "timezone: WIB", "timezone: UTC")
    problems = _problems(broken)
    assert problems and problems[0].startswith("rules/regions.yaml: provinces[")
    assert problems[0].endswith("timezone must be one of WIB, WIT, WITA")


def test_digest_changes_when_a_rule_changes(broken, rules):
    _edit(broken / "venue.yaml", "wantilan", "wantilan, pendapa agung")
    assert load_rules(broken).digest != rules.digest


# -- the parsed-rules cache


def _copy_rules(tmp_path: Path) -> Path:
    folder = tmp_path / "rules"
    shutil.copytree(default_rules_dir(), folder)
    return folder


def test_rules_read_back_from_the_cache_equal_the_parsed_ones(tmp_path, monkeypatch):
    monkeypatch.setenv("NOTULEN_CACHE_DIR", str(tmp_path / "cache"))
    folder = _copy_rules(tmp_path)
    first = load_rules(folder)
    cached = sorted((tmp_path / "cache").glob("rules-*.marshal"))
    assert len(cached) == len(list(folder.glob("*.yaml")))
    second = load_rules(folder)
    assert second.digest == first.digest
    assert second.matchers == first.matchers and second.lexicon == first.lexicon
    assert second.regencies == first.regencies and second.districts == first.districts


def test_a_changed_rule_file_is_parsed_again_and_a_broken_cache_ignored(tmp_path, monkeypatch):
    monkeypatch.setenv("NOTULEN_CACHE_DIR", str(tmp_path / "cache"))
    folder = _copy_rules(tmp_path)
    load_rules(folder)
    for entry in (tmp_path / "cache").glob("rules-*.marshal"):
        entry.write_bytes(b"\x00not marshal")
    venue = folder / "venue.yaml"
    venue.write_text(venue.read_text(encoding="utf-8").replace("bertempat", "bertempat", 1) + "\n# changed\n",
                     encoding="utf-8")
    rules = load_rules(folder)
    assert rules.digest != load_rules(default_rules_dir()).digest
    assert [m.id for m in rules.matchers] == [m.id for m in load_rules(default_rules_dir()).matchers]


def test_an_empty_cache_setting_turns_the_cache_off(tmp_path, monkeypatch):
    from pipeline.rules import cache_dir

    monkeypatch.setenv("NOTULEN_CACHE_DIR", "")
    assert cache_dir() is None
    load_rules(_copy_rules(tmp_path))
    assert not list(tmp_path.rglob("rules-*.marshal"))


def test_a_word_list_the_extractor_consults_is_required_in_its_file(broken):
    _edit(broken / "venue.yaml", "  room_words: [", "  room_wordz: [")
    _edit(broken / "attendees.yaml", "  address_words: [", "  adress_words: [")
    assert _problems(broken) == [
        "rules/venue.yaml: lexicon.room_words is required (a list of words); the extractor consults it",
        "rules/attendees.yaml: lexicon.address_words is required (a list of words); the extractor consults it",
    ]


def test_every_required_word_list_is_in_the_file_it_is_named_with(rules_dir):
    import yaml
    from pipeline.rules import REQUIRED_LEXICONS

    for name, file in REQUIRED_LEXICONS.items():
        data = yaml.safe_load((rules_dir / file).read_text(encoding="utf-8"))
        assert name in data.get("lexicon", {}), f"{name} is not in {file}"
