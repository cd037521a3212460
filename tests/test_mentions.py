"""The grammar of mentions on phrases alone: no document, no spaCy pipeline."""
from __future__ import annotations

import pytest

from pipeline.mentions import MentionGrammar
from pipeline.places import Places
from pipeline.textspan import TextView


@pytest.fixture(scope="module")
def grammar(rules) -> MentionGrammar:
    return MentionGrammar(rules, Places(rules))


def _split(grammar: MentionGrammar, text: str) -> list[str]:
    return [text[s:e] for s, e in grammar.split_mentions(TextView(text, set()), 0, len(text))]


@pytest.mark.parametrize("text, mentions", [
    # "dan" inside a unit's name does not split it
    ("Kepala Bidang Sarana dan Prasarana Bappeda Kabupaten Muara Enim",
     ["Kepala Bidang Sarana dan Prasarana Bappeda Kabupaten Muara Enim"]),
    # "dan" before a post does
    ("Camat dan Lurah se-Kecamatan Gandus", ["Camat", "Lurah se-Kecamatan Gandus"]),
    # a post, its organisation and the person with titles: one mention
    ("Kepala Perwakilan Bank Indonesia Bpk. Dr. Hendra Wijaya", ["Kepala Perwakilan Bank Indonesia Bpk. Dr. Hendra Wijaya"]),
    # a name after its post's comma stays; the next post starts another mention
    ("Kepala Dinas Perikanan, Dahlan Nur, Sekretaris Bappeda dan staf",
     ["Kepala Dinas Perikanan, Dahlan Nur", "Sekretaris Bappeda", "staf"]),
    # a unit whose name holds a comma
    ("Kasubbid Pertanian, Kehutanan dan Perkebunan serta Kabid Ekonomi",
     ["Kasubbid Pertanian, Kehutanan dan Perkebunan", "Kabid Ekonomi"]),
    # titles after a name are the name's, and the post after them the same person's
    ("Hj. Rohana Sari, S.Sos., M.Si., Kepala Bappeda", ["Hj. Rohana Sari, S.Sos., M.Si., Kepala Bappeda"]),
])
def test_split_mentions_splits_between_mentions_never_inside_one(grammar, text, mentions):
    assert _split(grammar, text) == mentions


@pytest.mark.parametrize("mention, expected", [
    ("Kepala Perwakilan Bank Indonesia Bpk. Dr. Hendra Wijaya",
     {"role": "Kepala Perwakilan", "organization": "Bank Indonesia", "name": "Hendra Wijaya", "titles": ["Bpk.", "Dr."]}),
    ("Hj. Rohana Sari, S.Sos., M.Si.", {"name": "Rohana Sari", "titles": ["Hj.", "S.Sos.", "M.Si."]}),
    ("Kasubbid Pertanian", {"role": "Kasubbid", "unit": "Pertanian"}),
    ("Plt. Kepala Dinas Pendidikan Kabupaten Lahat",
     {"role": "Kepala Dinas", "organization": "Dinas Pendidikan Kabupaten Lahat", "acting": "Plt."}),
    ("para Camat se-Kabupaten Lahat", {"role": "Camat", "plural": True, "place": "se-Kabupaten Lahat"}),
    ("Bapak Ahmad Yani", {"name": "Ahmad Yani"}),
    ("Bapak Camat Sekayu", {"role": "Camat Sekayu"}),
    ("Kabid Sosial Budaya Bappeda Muba Dedi Kurniawan ST, MT",
     {"role": "Kabid", "unit": "Sosial Budaya", "organization": "Bappeda Muba", "name": "Dedi Kurniawan", "titles": ["ST", "MT"]}),
])
def test_parse_reads_post_unit_organisation_name_and_titles(grammar, mention, expected):
    parsed = {k: v for k, v in grammar.parse(mention).items() if v}
    assert parsed == expected


@pytest.mark.parametrize("segment, could_be_name, is_only_a_name", [
    ("Dra. Ina Mardiana", True, True),
    ("Ahmad bin Ali", True, False),       # a particle: a name, but not by the strict test
    ("Budi Lahat", True, False),          # a place's name in it
    ("BAPPEDA Lahat", False, False),      # capitals: an organisation
    ("Kepala Dinas", False, False),       # a post
    ("S.Sos., M.Si.", False, False),      # titles alone
])
def test_is_name_only_is_the_strict_form_of_looks_like_name(grammar, segment, could_be_name, is_only_a_name):
    assert grammar.looks_like_name(segment) is could_be_name
    assert grammar.is_name_only(segment) is is_only_a_name


def test_a_list_intro_is_skipped_and_a_mention_ends_at_its_stop_word(grammar):
    text = "antara lain: Camat Lahat"
    assert text[grammar.skip_list_intro(text, 0, len(text)):] == "Camat Lahat"
    text = "Bupati Lahat H. Cik Ujang didampingi Sekda"
    s, e = grammar.cut_at_stop(text, 0, len(text))
    assert text[s:e] == "Bupati Lahat H. Cik Ujang"


def test_starters_titles_and_name_first_mentions(grammar):
    assert grammar.is_starter("Ketua RT") and not grammar.is_starter("Rapat")
    assert grammar.is_title_token("S.Sos.") and not grammar.is_title_token("Lahat")
    assert grammar.name_then_role("Agus Kurniawan Sekretaris Bappeda Kabupaten Lahat")
    assert not grammar.name_then_role("Rapat Koordinasi Kepala Desa")
    assert grammar.starts_like_person("Dr. Budi") and not grammar.starts_like_person("Musrenbang Kecamatan")
