"""Tests for pipeline.components: the tokenizer extraction relies on, and the minutes_rules cues."""
from __future__ import annotations

import re

import pytest
import spacy
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import pipeline.components  # noqa: F401  (registers the minutes_rules factory)
from pipeline.components import SPANS_KEY

ATTEND_OR_OPEN = {"ATTEND", "ATTEND_FIELD", "ATTEND_TABLE", "ATTEND_SUBJECT", "VISIT",
                  "OPEN_BY", "OPEN_SUBJECT", "CHAIR_BY", "CHAIR_FIELD"}

SAMPLE = """NOTULEN RAPAT
Hari/Tanggal : Senin, 4 Maret 2019
Waktu : 08.30 s.d. selesai WIB
Tempat : Aula Bappeda Kabupaten Lahat
Pimpinan Rapat : Kepala Bappeda

Rapat dibuka secara resmi oleh Bupati Lahat pada pukul 09.00 WIB bertempat di Aula Bappeda dan dihadiri oleh
Kepala Dinas PUPR, Camat se-Kabupaten Lahat dan Kasubbid Program. Turut hadir Kepala Desa Suka Maju.
Sedangkan dari Bappeda Provinsi Sumatera Selatan diwakili oleh Kabid Ekonomi. Kegiatan juga diikuti secara
daring melalui Zoom Meeting. Musrenbang Kecamatan dilaksanakan 12 s.d. 14 Maret 2019 (Kamis (18/7/2019)).

Permasalahan:
1. Harga kopi dan karet turun.
2. Program prioritas belum ditetapkan.

Tindak Lanjut:
Rapat ditutup pada pukul 12.00 WIB.
"""


def _cues(nlp, text: str) -> set[tuple[str, str]]:
    doc = nlp(text)  # a span group needs its doc alive
    return {(span.label_, span.id_) for span in doc.spans[SPANS_KEY]}


# ----------------------------------------------------------------------------- tokenisation

# Pinned to what spacy.blank("id") does today (spaCy 3.8): rules, offsets and the extractor's
# token walks depend on it, so a faster or different tokenizer must fail here first.
@pytest.mark.parametrize("text, tokens", [
    ("desa-desa", ["desa-desa"]),
    ("program-program", ["program-program"]),
    ("Program-Program Bappeda", ["Program-Program", "Bappeda"]),
    ("e-planning", ["e-planning"]),
    ("Musrenbang-Kecamatan", ["Musrenbang", "-", "Kecamatan"]),
    ("s.d.", ["s.d."]),
    ("s/d", ["s", "/", "d"]),
    ("dkk.", ["dkk."]),
    ("dll.", ["dll."]),
    ("08:30–11:30", ["08:30–11:30"]),
    ("13.00 - 15.30 WIB", ["13.00", "-", "15.30", "WIB"]),
    ("pukul 08.30 WIB", ["pukul", "08.30", "WIB"]),
    ("pukul 08.30 s.d. 11.30 WIB", ["pukul", "08.30", "s.d.", "11.30", "WIB"]),
    ("12/4/2016", ["12", "/", "4", "/", "2016"]),
    ("21-01-2022", ["21", "-", "01", "-", "2022"]),
    ("(Senin, 04/03/19)", ["(", "Senin", ",", "04", "/", "03", "/", "19", ")"]),
    ("Jum'at (7/6)", ["Jum'at", "(", "7", "/", "6", ")"]),
    ("Jum’at", ["Jum’at"]),
    ("(1)", ["(", "1", ")"]),
    ("1.", ["1", "."]),
    ("a)", ["a", ")"]),
    ("Kab. Lahat", ["Kab", ".", "Lahat"]),
    ("No. 5", ["No.", "5"]),
    ("H. Zulkarnain", ["H.", "Zulkarnain"]),
    ("S.Sos.", ["S.Sos."]),
    ("M.Si.", ["M.Si."]),
    ("Hj. Nurhasanah, S.Sos., M.Si.", ["Hj.", "Nurhasanah", ",", "S.Sos.", ",", "M.Si."]),
    ("Drs. H. Ahmad, SH.,MH", ["Drs.", "H.", "Ahmad", ",", "SH.,MH"]),
    ("Rp. 1.500.000,-", ["Rp", ".", "1.500.000", ",", "-"]),
    ("dihadiri oleh:", ["dihadiri", "oleh", ":"]),
])
def test_tokenizer_splits_minutes_text_as_pinned(nlp, text, tokens):
    assert [t.text for t in nlp.make_doc(text)] == tokens


@pytest.fixture(scope="module")
def stock():
    """spaCy's own Indonesian tokenizer, which notulen's must agree with token for token."""
    return spacy.blank("id")


def _tokens(nlp, text: str) -> list[tuple[str, str]]:
    return [(t.text, t.whitespace_) for t in nlp.make_doc(text)]


@pytest.mark.parametrize("text", [
    "(disepakati):\n1. Jalan",                      # spaCy joins "):" back after splitting
    "Peserta : (a) Kepala Desa",                   # ": (" has a space inside: not joined
    "desa-desa/kelurahan",                         # a reduplication inside a longer word
    "(dkk.",                                       # a prefix, then a special case that keeps its "."
    "dkk.,",
    "suhu 30°C.",                                  # a special case that makes several tokens
    "picture-in-picture:",
])
def test_tokenizer_agrees_with_spacy_on_special_cases(nlp, stock, text):
    assert _tokens(nlp, text) == _tokens(stock, text)


PIECES = ["dkk.", "H.", "s.d.", "a.", ":", ")", "(", ".", ",", "-", "/", "desa", "desa-desa", "Kab.", "08.30",
          "WIB", "12/4/2016", "°C.", "'", "''", "—", ":)", "=)", "<3", "S.Sos.", "M.Si", "Drs.", "dll.", "yg",
          "No.", "rapat", "1", "2)", "Jum'at", "’", " ", "  ", "\n", "e-planning", "dst.", "a/n", "program-program",
          "man-in-the-middle", ":-)"]


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.sampled_from(PIECES), min_size=1, max_size=10))
def test_tokenizer_agrees_with_spacy_on_generated_text(nlp, stock, pieces):
    text = "".join(pieces)
    assert _tokens(nlp, text) == _tokens(stock, text)


# ----------------------------------------------------------------------------- span group


def test_minutes_spans_carry_label_and_known_rule_id(nlp, rules):
    known = {rule.id for rule in rules.matchers}
    known |= {f"planning_stages:{key}" for key in rules.lexicon["planning_stages"]}
    known |= {f"commodities:{word}" for word in rules.lexicon["commodities"]}
    doc = nlp(SAMPLE)
    spans = doc.spans[SPANS_KEY]
    assert len(spans) > 20
    for span in spans:
        assert span.label_, span
        assert span.id_ in known, span.id_


def test_minutes_spans_exact_offsets_lie_within_doc_and_span(nlp):
    doc = nlp(SAMPLE)
    for span in doc.spans[SPANS_KEY]:
        start, end = span._.exact
        assert 0 <= start < end <= len(doc.text)
        # the token span covers the regex match, less any whitespace the match ends with ("di ")
        assert span.start_char <= start
        assert end <= span.end_char or not doc.text[span.end_char:end].strip()
        for g_start, g_end in (span._.groups or {}).values():
            assert start <= g_start <= g_end <= end


def test_minutes_spans_are_sorted_by_exact_offsets(nlp):
    doc = nlp(SAMPLE)
    keys = [(s._.exact[0], -s._.exact[1], s.id_) for s in doc.spans[SPANS_KEY]]
    assert keys == sorted(keys)


def test_minutes_regex_span_keeps_exact_text_and_groups(nlp):
    text = "Sedangkan dari Bappeda Provinsi Sumatera Selatan diwakili oleh Kabid Ekonomi."
    doc = nlp(text)
    [visit] = [s for s in doc.spans[SPANS_KEY] if s.id_ == "visiting_sedangkan_dari"]
    start, end = visit._.exact
    assert text[start:end] == "Sedangkan dari Bappeda Provinsi Sumatera Selatan diwakili oleh"
    g_start, g_end = visit._.groups["org"]
    assert text[g_start:g_end] == "Bappeda Provinsi Sumatera Selatan"


# ----------------------------------------------------------------------------- cues


@pytest.mark.parametrize("text, label, rule_id", [
    ("Rapat tersebut dihadiri oleh Kepala Bappeda.", "ATTEND", "dihadiri_oleh"),
    ("Tampak hadir Kepala Dinas PUPR.", "ATTEND", "tampak_hadir"),
    ("Turut hadir Camat Lahat.", "ATTEND", "tampak_hadir"),
    ("Hadir pula Kepala Desa.", "ATTEND", "hadir_pula"),
    ("Hadir pula Kepala Desa.", "ATTEND", "hadir_sentence_start"),
    ("Musrenbang diikuti oleh 120 peserta.", "ATTEND", "diikuti_oleh"),
    ("Peserta terdiri dari unsur OPD.", "ATTEND", "peserta_terdiri"),
    ("Peserta rapat adalah para camat.", "ATTEND", "peserta_terdiri"),
    ("Bupati didampingi oleh Sekda.", "ATTEND", "didampingi_oleh"),
    ("Peserta: 30 orang", "ATTEND_FIELD", "peserta_field"),
    ("Daftar hadir terlampir", "ATTEND_TABLE", "daftar_hadir_table"),
    ("Sedangkan dari Bappeda Provinsi Sumatera Selatan diwakili oleh Kabid Ekonomi.", "VISIT",
     "visiting_sedangkan_dari"),
])
def test_minutes_rules_finds_attendance_cues(nlp, text, label, rule_id):
    assert (label, rule_id) in _cues(nlp, text)


@pytest.mark.parametrize("text, label, rule_id", [
    ("Acara dibuka oleh Bupati Lahat.", "OPEN_BY", "dibuka_oleh"),
    ("Rapat dibuka secara resmi oleh Wakil Bupati.", "OPEN_BY", "dibuka_oleh"),
    ("Rapat dipimpin oleh Sekda.", "CHAIR_BY", "dipimpin_oleh"),
    ("Pimpinan Rapat : Kepala Bappeda", "CHAIR_FIELD", "pimpinan_rapat_field"),
    ("Rapat ditutup pada pukul 12.00 WIB.", "CLOSING", "closing_time"),
])
def test_minutes_rules_finds_opening_and_chair_cues(nlp, text, label, rule_id):
    assert (label, rule_id) in _cues(nlp, text)


@pytest.mark.parametrize("text, label, rule_id", [
    ("Rapat bertempat di Aula Bappeda.", "VENUE_CUE", "venue_bertempat_di"),
    ("Kegiatan ini di Aula Kantor Bupati.", "VENUE_CUE", "venue_di_head"),
    ("Rapat dilaksanakan secara daring melalui Zoom Meeting.", "VENUE_ONLINE", "venue_online"),
    ("Tempat : Aula Bappeda", "VENUE_FIELD", "venue_field"),
])
def test_minutes_rules_finds_venue_cues(nlp, text, label, rule_id):
    assert (label, rule_id) in _cues(nlp, text)


@pytest.mark.parametrize("text, rule_id", [
    ("Senin tanggal 01 Februari 2016", "date_day_month_year"),
    ("SENIN, 4 MARET 2019", "date_day_month_year"),
    ("12 s.d. 14 Maret 2019", "date_day_month_year"),
    ("20 Okt. 2021", "date_day_month_year"),
    ("21-01-2022", "date_numeric"),
    ("Kamis (18/7/2019)", "date_weekday_paren"),
    ("(Senin, 04/03/19)", "date_weekday_paren"),
    ("Jum'at (7/6)", "date_weekday_paren"),
])
def test_minutes_rules_finds_dates_whole(nlp, text, rule_id):
    doc = nlp(text)
    whole = {(s.label_, s.id_) for s in doc.spans[SPANS_KEY] if s._.exact == (0, len(text))}
    assert ("DATE", rule_id) in whole


@pytest.mark.parametrize("text, rule_id", [
    ("pukul 08.30 s.d. 11.30 WIB", "time_clock"),
    ("pukul 08:30–11:30 WIB", "time_clock"),
    ("09.00 WITA s.d. selesai", "time_clock"),
    ("Pkl. 09.00 s/d 12.00 WITA", "time_clock"),
    ("pukul 9 pagi", "time_hour_only"),
    ("jam 10 WIB", "time_hour_only"),
])
def test_minutes_rules_finds_times_whole(nlp, text, rule_id):
    doc = nlp(text)
    whole = {(s.label_, s.id_) for s in doc.spans[SPANS_KEY] if s._.exact == (0, len(text))}
    assert ("TIME", rule_id) in whole


@pytest.mark.parametrize("text, label, rule_id", [
    ("Isu strategis daerah", "ISSUE_HEAD", "issue_heading"),
    ("Permasalahan yang dihadapi", "ISSUE_HEAD", "issue_heading"),
    ("Hasil Pembahasan:\nSatu", "ISSUE_HEAD_GENERIC", "issue_heading_generic"),
    ("Tantangan ke depan", "CHALLENGE_HEAD", "challenge_heading"),
    ("Tindak Lanjut:\n", "FOLLOWUP_HEAD", "followup_heading"),
    ("Agenda rapat", "AGENDA", "agenda_sentence"),
    ("Program prioritas tahun 2020", "PROGRAM_HEAD", "priority_program"),
    ("Program terobosan Bupati", "BREAKTHROUGH_HEAD", "breakthrough_program"),
])
def test_minutes_rules_finds_issue_and_program_headings(nlp, text, label, rule_id):
    assert (label, rule_id) in _cues(nlp, text)


@pytest.mark.parametrize("text, stage", [
    ("Musrenbangdes Desa Suka Maju", "Musrenbang Desa"),
    ("Musrenbang Kecamatan Lahat", "Musrenbang Kecamatan"),
    ("Musyawarah Perencanaan Pembangunan Desa", "Musrenbang Desa"),
    # one typo in a long word
    ("Musyawarah Perencanan Pembangunan Kecamatan", "Musrenbang Kecamatan"),
    ("Forum Konsultasi Publik RKPD", "Forum Konsultasi Publik"),
    ("Forum OPD tahun 2023", "Forum Perangkat Daerah"),
])
def test_minutes_rules_finds_planning_stages(nlp, text, stage):
    assert ("STAGE", f"planning_stages:{stage}") in _cues(nlp, text)


def test_minutes_rules_finds_planning_stage_with_musyarawarah_typo(nlp):
    assert ("STAGE", "planning_stages:Musrenbang Desa") in _cues(nlp, "Musyarawarah Perencanaan Pembangunan Desa")


@pytest.mark.parametrize("text, words", [
    ("Komoditas unggulan adalah kopi dan kelapa sawit.", {"kopi", "kelapa sawit"}),
    ("Harga KARET dan Jagung turun.", {"karet", "jagung"}),
])
def test_minutes_rules_finds_commodities(nlp, text, words):
    found = {rule_id for label, rule_id in _cues(nlp, text) if label == "COMMODITY"}
    assert {f"commodities:{w}" for w in words} <= found


# ----------------------------------------------------------------------------- typo tolerance


@pytest.mark.parametrize("text, label, rule_id", [
    ("Rapat dihadiri olah Camat.", "ATTEND", "dihadiri_oleh"),
    ("Rapat dihadri oleh Camat.", "ATTEND", "dihadiri_oleh"),
    ("Rapat dihadiri oleg Camat.", "ATTEND", "dihadiri_oleh"),
    ("Musrenbang diikuti olah warga.", "ATTEND", "diikuti_oleh"),
    ("Bupati didampinggi oleh Sekda.", "ATTEND", "didampingi_oleh"),
    ("Tampak hadr Kepala Dinas.", "ATTEND", "tampak_hadir"),
    ("Acara dibuka olah Bupati.", "OPEN_BY", "dibuka_oleh"),
    ("Acara dibuk oleh Bupati.", "OPEN_BY", "dibuka_oleh"),
    ("Rapat dipimpin olah Sekda.", "CHAIR_BY", "dipimpin_oleh"),
])
def test_minutes_rules_tolerates_one_typo_in_cue_words(nlp, text, label, rule_id):
    assert (label, rule_id) in _cues(nlp, text)


def test_minutes_rules_tolerates_transposed_letters_in_dibuka(nlp):
    assert ("OPEN_BY", "dibuka_oleh") in _cues(nlp, "Acara dibuak oleh Bupati.")


@pytest.mark.parametrize("text", [
    "Hal tersebut harus dihindari oleh semua pihak.",
    "Jasa para pahlawan dihargai oleh masyarakat.",
    "Laporan dibuat oleh Sekretariat.",
    "Semua aset dibukukan oleh BPKAD.",
    "Dokumen dibukukan oleh sekretariat.",
    "Peserta mendapat hadiah dari panitia.",
    "Hadiah diberikan oleh Bupati.",
    "hadiah pula diberikan",
    "Rapat dihadiahi oleh panitia.",
    "Hasil kerja itu diakui oleh pusat.",
    "Panitia menghadirkan narasumber dari pusat.",
    "Kegiatan ini dihadirkan untuk warga.",
    "Masalah ini dihadapi oleh petani.",
    "Daftar kehadiran peserta.",
    "Para warga hadirin sekalian.",
    "Kepada hadirin yang terhormat.",
    "Program diikat oleh perjanjian.",
    "Kegiatan itu disukai oleh warga.",
    "Bupati dibawa oleh ajudan.",
    "Usulan dibahas oleh tim.",
    "Dokumen dibaca oleh Sekda.",
    "Acara dihibur oleh seniman lokal.",
    "Program didanai oleh APBD.",
    "Data diolah oleh BPS.",
    "Usulan diajukan oleh desa.",
    "Warga diundang oleh kepala desa.",
    "Tim dibubarkan oleh Bupati.",
    "Kegiatan didukung oleh swasta.",
    "Acara didahului oleh doa.",
    "Ruang itu dihiasi oleh bunga.",
    "Kampung dihuni oleh petani.",
    "Nilai dihitung oleh tim.",
    "Program dihentikan oleh Bupati.",
    "Kegiatan diisi oleh pemateri.",
    "Pintu dibuka lebar.",
    "Toko dibuka setiap hari.",
    "Lahan dibuka untuk sawah.",
    "Peserta harus hadir tepat waktu.",
    "Ia tampak senang.",
    "Ia turut berduka.",
])
def test_minutes_rules_ignores_near_miss_words(nlp, text):
    assert {c for c in _cues(nlp, text) if c[0] in ATTEND_OR_OPEN} == set()


@pytest.mark.parametrize("text", [
    "Bupati Hadi dalam sambutannya menyampaikan terima kasih.",
    "Pak Abdul Kadir juga menyampaikan usulan.",
    "Camat Nadir pada kesempatan itu berpesan.",
    "Harga mencapai titik nadir pada tahun lalu.",
    "Menurut hadis juga demikian.",
])
def test_minutes_rules_ignores_names_one_letter_from_hadir(nlp, text):
    assert {c for c in _cues(nlp, text) if c[0] in ATTEND_OR_OPEN} == set()


def test_minutes_rules_ignores_disuka_oleh(nlp):
    assert {c for c in _cues(nlp, "Kegiatan disuka oleh warga.") if c[0] in ATTEND_OR_OPEN} == set()


# ----------------------------------------------------------------------------- factory


def test_minutes_rules_factory_is_usable_by_name(rules_dir):
    nlp = spacy.blank("id")
    nlp.add_pipe("minutes_rules", config={"rules_dir": str(rules_dir)})
    assert nlp.pipe_names == ["minutes_rules"]
    assert ("OPEN_BY", "dibuka_oleh") in _cues(nlp, "Rapat dibuka oleh Bupati Lahat.")


def test_minutes_rules_factory_defaults_to_the_shipped_rules():
    nlp = spacy.blank("id")
    nlp.add_pipe("minutes_rules")
    assert ("ATTEND", "dihadiri_oleh") in _cues(nlp, "Rapat dihadiri oleh Camat.")


# ----------------------------------------------------------------------------- compiled patterns

TYPO_TEXTS = [
    SAMPLE,
    "Rapat dihadri oleh Camat, dihadiri juga oleh Lurah; turut dihadiri pula Kepala Desa.",
    "Acara dibuak secara resmi dan dipandu oleh Sekda. Tampak hadri pula para camat.",
    "Musrenbnag Kecamtan dan Musyawrah Perencanan Pembangunan Desa, lalu Forum Konsultsi Publik.",
    "PERMASALAHN: diikut oleh 30 orang, didampingi Kabid.",
]


@pytest.mark.parametrize("text", TYPO_TEXTS)
def test_compiled_token_patterns_match_what_the_written_ones_match(nlp, text):
    """Optional or IN first tokens are expanded and typo-tolerant first words are looked up
    once per word: the longest match per rule and start must not change."""
    from spacy.matcher import Matcher

    from pipeline.components import _across_lines, _lexicon_token_pattern

    component = nlp.get_pipe("minutes_rules")
    written = Matcher(nlp.vocab)
    for rule in component.rules.matchers:
        if rule.kind == "tokens":
            written.add(rule.id, [_across_lines(list(rule.pattern))])
    for variant, key in component.rules.variants("planning_stages").items():
        pattern = _lexicon_token_pattern(variant)
        if len(pattern) > 1 and any(isinstance(spec["LOWER"], dict) for spec in pattern):
            written.add(f"planning_stages:{key}", [_across_lines(pattern)])

    def longest(matcher, doc):
        out: dict[tuple[str, int], int] = {}
        for key, start, end in matcher(doc):
            name = nlp.vocab.strings[key]
            out[(name, start)] = max(end, out.get((name, start), end))
        return out

    doc = nlp(text)  # runs the component, which marks the words near a typo-tolerant one
    expected = longest(written, doc)
    assert expected, "the text should trigger some token rules"
    assert longest(component.matcher, doc) == expected


def test_near_words_keep_fuzzy_where_two_words_could_share_a_token():
    from pipeline.components import NearWords

    near = NearWords([("hadir", 1), ("hadiri", 1), ("musrenbang", 2)])
    assert near.spec({"LOWER": {"FUZZY1": "hadir"}}) == {"LOWER": {"FUZZY1": "hadir"}}
    assert near.spec({"LOWER": {"FUZZY2": "musrenbang"}}) == {"NORM": "near musrenbang/2"}


# ----------------------------------------------------------------------------- regex prefilter


@pytest.mark.parametrize("pattern, literals", [
    (r"abc", {"abc"}),
    (r"(?i)\b(?:Pukul|pkl\.?)\s*\d{1,2}", {"pukul", "pkl"}),
    (r"a(?:bcd|xyz)e", {"abcde", "axyze"}),
    (r"(?:foo)?bar", {"bar"}),
    (r"(?<=dari )\d+ orang", {" orang"}),
    (r"\d+", None),
    (r"x(?:ab|)y", None),     # "xy" is too short to be worth a test
    (r"(?:rapat)*", None),    # may match nothing at all
])
def test_required_literals(pattern, literals):
    from pipeline.literals import required_literals

    found = required_literals(pattern)
    assert (set(found) if found is not None else None) == literals


def _texts() -> list[str]:
    from pathlib import Path

    root = Path(__file__).resolve().parent
    paths = sorted((root.parent / "samples").glob("*.txt")) + sorted(root.glob("holdout*/docs/*.txt"))
    return [p.read_text(encoding="utf-8") for p in paths]


@given(st.data())
@settings(max_examples=60, deadline=None)
def test_a_regex_rule_never_matches_a_text_its_prefilter_skips(data):
    """Every regex rule, on every sample and held-out text, also mutated: a match implies one of the
    rule's required strings is in the folded text, so skipping a rule on that test loses nothing."""
    from pipeline.components import rules_for
    from pipeline.literals import fold, reads_case, required_literals

    texts = _texts()
    text = data.draw(st.sampled_from(texts))
    start = data.draw(st.integers(0, len(text)))
    text = text[start:] + data.draw(st.text(alphabet="İıſKabcdiklmoprstu .:\n", max_size=30)) + text[:start]
    for rule in rules_for(None).matchers:
        if rule.kind == "regex" and re.search(rule.pattern, text):
            needs = required_literals(rule.pattern)
            assert needs is None or any(word in fold(text) for word in needs), rule.id
            # as the cue finder tests them: where the rule reads case, as written in the text itself
            cased = required_literals(rule.pattern, keep_case=True)
            haystack = text if reads_case(rule.pattern) else fold(text)
            assert cased is None or any(word in haystack for word in cased), rule.id


@pytest.mark.parametrize("pattern, cased, literals", [
    (r"\b[A-Z]\w*\s+Program\s+Kerja", True, {"Program"}),
    (r"(?:Hadir|HADIR)\s*:", True, {"Hadir", "HADIR"}),
    (r"(?i)Program\s+Kerja", False, {"program"}),
    (r"a(?i:Program)b", False, {"aprogramb"}),                # a scoped (?i) reads no case there
    (r"Rapat(?:(?i:\s+Pleno)|\s+Kerja)", False, {"rapat"}),
    (r"(?:x(?=(?i:abc)))?Hadir", False, {"hadir"}),           # even inside a look-ahead
    (r"(?i:ha)?Hadir", False, {"hadir"}),
    (r"(x)?(?(1)(?i:Hadir)|Hadir)", False, None),           # or in one branch of a conditional
])
def test_required_strings_keep_their_case_only_where_every_part_reads_case(pattern, cased, literals):
    from pipeline.literals import reads_case, required_literals

    assert reads_case(pattern) is cased
    found = required_literals(pattern, keep_case=True)
    assert (set(found) if found is not None else None) == literals


@pytest.mark.parametrize("text", TYPO_TEXTS + _texts()[:6])
def test_anchored_matching_finds_what_the_whole_document_gives(nlp, text):
    """The Matcher run only on the stretches where a pattern can start finds every match."""
    component = nlp.get_pipe("minutes_rules")
    doc = nlp(text)
    assert component.anchors.firsts is not None, "the shipped patterns all start with a plain word"
    assert component.anchors.matches(doc) == sorted(set(component.matcher(doc)))


def test_anchors_fall_back_to_the_whole_document_for_an_open_first_token(nlp):
    from spacy.matcher import Matcher

    from pipeline.components import _Anchors

    matcher = Matcher(nlp.vocab)
    matcher.add("x", [[{"IS_TITLE": True}, {"LOWER": "hadir"}]])
    anchors = _Anchors(nlp.vocab, [("x", [[{"IS_TITLE": True}, {"LOWER": "hadir"}]])], matcher)
    assert anchors.firsts is None
    doc = nlp.make_doc("Camat hadir. Lurah hadir.")
    assert len(anchors.matches(doc)) == 2


@pytest.mark.parametrize("pattern, starts", [
    (r"(?i)\b(?:pukul|jam)\s+\d", {"pukul", "jam"}),
    (r"(?<=\n)Dari\s+\w+", {"dari"}),
    (r"(?:x)?abc", {"abc", "xabc"}),
    (r"(?:abc|de)+f", {"abc", "de"}),
    (r"(?<=\n)[ \t]*peserta", {("run", frozenset({" ", "\t"}), frozenset({"peserta"}))}),  # in the spaces before
    (r"(?i)(?:^|(?<=:)[ \t]*|para\s+)Peserta", {"peserta", "para", ("run", frozenset({" ", "\t"}), frozenset({"peserta"}))}),
    (r"[ \t]+peserta", {" ", "\t"}),      # at least one space: the spaces themselves
    (r"\s*\d", {r"[\s]", r"[\d]"}),       # a run only before strings
    (r"x?\d+ orang", {"x", r"[\d]"}),
    (r"(?:rapat)*", None),  # may match nothing
    (r".rapat", None),      # may start with anything
])
def test_leading_literals(pattern, starts):
    from pipeline.literals import Run, leading_literals

    def shown(s):
        if isinstance(s, Run):
            return "run", frozenset(map(shown, s.chars)), s.strings
        return s if isinstance(s, str) else s.pattern

    found = leading_literals(pattern)
    assert ({shown(s) for s in found} if found is not None else None) == starts


@pytest.mark.parametrize("pattern, text", [
    (r"(?<=\n)[ \t]*peserta", "x\n  \t peserta"),
    (r"(?i)(?:^|(?<=[.:])[ \t]*|para\s+)peserta", "Rapat. Peserta x\n \t peserta y. para  peserta: peserta"),
    (r"a*bc", "aabc abc bc xbc aaxbc"),
    (r"(?:a|b)*c", "xaabbc"),
    (r"x?\d+", "a12 x3"),
    (r"(?i)\b(?:Pukul|pkl)\s*\d", "PUKUL 8, pkl9"),
    (r"(?-i:[^a])x", "Ax ax bx"),   # a negated class is looked for case-sensitively
    (r"(?i)[^a]x", "Ax bx"),
])
def test_finditer_from_finds_what_finditer_finds(pattern, text):
    from pipeline.literals import finditer_from, fold, leading_literals

    regex = re.compile(pattern)
    found = finditer_from(regex, text, fold(text), leading_literals(pattern))
    assert [m.span() for m in found] == [m.span() for m in regex.finditer(text)]


@given(st.sampled_from([r"[ \t]*peserta", r"(?<=[.\n])[ \t]*pes", r"(?i)(?:^|(?<=:)[ \t]*|pa\s+)Pes",
                        r"a*(?:bc|b\d)", r"(?i)[ \t]*[\d]*ab", r"[ \t]*(?=p)pe", r"(?m)^[ \t]*pes"]),
       st.text(alphabet="pesabcPESA1 \t\n.:", max_size=40))
def test_a_match_that_starts_in_a_run_before_its_word_is_found_there(pattern, text):
    """finditer_from tries a pattern that opens with a run ("[ \\t]*peserta") only in the run of
    spaces before each of its words: the same matches as finditer."""
    from pipeline.literals import finditer_from, fold, leading_literals

    regex = re.compile(pattern)
    found = finditer_from(regex, text, fold(text), leading_literals(pattern))
    assert [m.span() for m in found] == [m.span() for m in regex.finditer(text)]


@pytest.mark.parametrize("pattern, words", [
    (r"(?m)^abc\s+def", {"abc"}),                  # "def" may be on the next line
    (r"(?m)^[ \t]*(?:ab\s+)?cd", {"ab", "cd"}),      # "ab" on the line, or "cd" without it
    (r"(?m)^(?:ab\s+)+cd", {"ab"}),
    (r"(?m)^(?:abc|x\s*yz)", None),                 # "x" alone is too short
    (r"(?m)^[^:\n]*abc", {"abc"}),
    (r"(?m)^[^:]*abc", None),                       # [^:] takes line breaks
    (r"(?ms)^.*abc", None),                          # so does "." under DOTALL
    (r"(?m)^a.bcd", {"bcd"}),                        # not without it
    (r"(?m)^a(?s:.)bcd", None),                      # a group may set it
    (r"(?im)^[ \t]*(?:hari|tanggal)\s*:", {"hari", "tanggal"}),
])
def test_first_line_literals(pattern, words):
    from pipeline.literals import first_line_literals

    found = first_line_literals(pattern, min_length=2)
    assert (set(found) if found is not None else None) == words


@given(st.sampled_from([r"(?m)^abc\s+def", r"(?m)^[ \t]*(?:ab\s+)?cd", r"(?m)^(?:ab\s+)+cd", r"(?m)^[^:\n]*abc",
                        r"(?im)^[ \t]*(?:ab\s+)?(?:bc|de\s+f)[ \t]*:"]),
       st.text(alphabet="abcdefABCD :\t\n", max_size=40))
def test_a_line_rule_tried_only_on_lines_holding_its_first_words_finds_what_finditer_finds(pattern, text):
    from pipeline.literals import finditer_at, first_line_literals, fold, lines_holding

    regex = re.compile(pattern)
    words = first_line_literals(pattern, min_length=2)
    found = finditer_at(regex, text, lines_holding(fold(text), words))
    assert [m.span() for m in found] == [m.span() for m in regex.finditer(text)]


@given(st.data())
@settings(max_examples=100, deadline=None)
def test_shipped_line_rules_tried_only_on_lines_holding_their_first_words_find_every_match(data):
    """Every shipped rule anchored at line starts, on sample and held-out texts (also mutated): the
    lines that hold one of its first-line words hold every match's start."""
    from pipeline.components import rules_for
    from pipeline.literals import finditer_at, first_line_literals, fold, lines_holding, starts_lines

    text = data.draw(st.sampled_from(_texts()))
    start = data.draw(st.integers(0, len(text)))
    text = text[start:] + data.draw(st.text(alphabet="İıſKDdahirt .:(\t\n0123456789", max_size=30)) + text[:start]
    rules = [rule for rule in rules_for(None).matchers if rule.kind == "regex" and starts_lines(rule.pattern)]
    assert len(rules) >= 8
    for rule in rules:
        words = first_line_literals(rule.pattern, min_length=2)
        assert words, rule.id  # every shipped line rule has them
        regex = re.compile(rule.pattern)
        found = finditer_at(regex, text, lines_holding(fold(text), words))
        assert [m.span() for m in found] == [m.span() for m in regex.finditer(text)], rule.id


@given(st.data())
@settings(max_examples=150, deadline=None)
def test_regex_rules_looked_for_at_their_leading_words_find_what_finditer_finds(data):
    """Every regex rule with leading words, on sample and held-out texts (also mutated): trying each
    rule only where one scan for all the rules' leading words puts it gives the same matches as
    scanning the whole text with it."""
    from pipeline.components import rules_for
    from pipeline.literals import StartFinder, finditer_at, fold, leading_literals

    text = data.draw(st.sampled_from(_texts()))
    start = data.draw(st.integers(0, len(text)))
    text = text[start:] + data.draw(st.text(alphabet="İıſKDdahirt .:(\t\n0123456789", max_size=30)) + text[:start]
    folded = fold(text)
    assert len(folded) == len(text)
    rules = [rule for rule in rules_for(None).matchers if rule.kind == "regex"]
    starts = [leading_literals(rule.pattern) for rule in rules]
    assert sum(s is not None for s in starts) >= 30
    places = StartFinder(starts).places(text, folded)
    for rule, lead, at in zip(rules, starts, places):
        regex = re.compile(rule.pattern)
        expected = [m.span() for m in regex.finditer(text) if m.end() > m.start()]
        if lead is None:
            assert at is None
        found = regex.finditer(text) if at is None else finditer_at(regex, text, at)
        assert [m.span() for m in found if m.end() > m.start()] == expected, rule.id


@given(st.lists(st.text(alphabet="abc(.", min_size=1, max_size=5), min_size=1, max_size=8), st.text(alphabet="abc(.x", max_size=12))
def test_a_trie_matches_the_longest_of_its_words_that_fits(words, text):
    from pipeline.literals import trie

    regex = re.compile(trie(words))
    for at in range(len(text) + 1):
        fitting = [w for w in words if text.startswith(w, at)]
        m = regex.match(text, at)
        assert (m.group() if m else None) == (max(fitting, key=len) if fitting else None)


@given(st.text(alphabet=st.sampled_from("aAzZ İıſßǅ–ÉéK\u212a0.")))
def test_fold_lowers_after_turning_the_dotted_and_dotless_i_and_long_s(text):
    from pipeline.literals import fold

    assert fold(text) == text.translate(str.maketrans({"İ": "i", "ı": "i", "ſ": "s"})).lower()


@given(st.data())
@settings(max_examples=150, deadline=None)
def test_regex_rules_anchored_at_line_starts_tried_only_there_find_what_finditer_finds(data):
    """Every rule that opens with "^" under MULTILINE, on sample and held-out texts (also mutated, with
    line breaks and carriage returns thrown in): trying it only at the line starts gives the matches
    of a scan of the whole text."""
    from pipeline.components import rules_for
    from pipeline.literals import finditer_at, line_starts, starts_lines

    text = data.draw(st.sampled_from(_texts()))
    start = data.draw(st.integers(0, len(text)))
    text = text[start:] + data.draw(st.text(alphabet="Tempat: \t\n\r0123456789.)", max_size=30)) + text[:start]
    anchored = [rule for rule in rules_for(None).matchers if rule.kind == "regex" and starts_lines(rule.pattern)]
    assert len(anchored) >= 5  # the field-line rules: "Tempat :", "Peserta :", "Hari/Tanggal :", ...
    for rule in anchored:
        regex = re.compile(rule.pattern)
        expected = [m.span() for m in regex.finditer(text)]
        assert [m.span() for m in finditer_at(regex, text, line_starts(text))] == expected, rule.id


def test_only_a_multiline_caret_anchors_a_rule_at_line_starts():
    from pipeline.literals import starts_lines

    assert starts_lines(r"(?im)^[ \t]*tempat\s*:") and starts_lines(r"(?m)^Peserta")
    assert not starts_lines(r"(?i)^tempat")  # without MULTILINE, "^" is the text's start alone
    assert not starts_lines(r"(?im)(?:^|, )tempat") and not starts_lines(r"(?im)tempat$")


def test_literal_analysis_read_back_from_the_cache_equals_a_fresh_one(tmp_path, monkeypatch):
    from pipeline.literals import (analyse, first_line_literals, leading_literals, reads_case, required_literals,
                                   starts_lines)

    monkeypatch.setenv("NOTULEN_CACHE_DIR", str(tmp_path))
    patterns = [rule.pattern for rule in pipeline.components.rules_for(None).matchers if rule.kind == "regex"]
    first = analyse(patterns)
    assert len(list(tmp_path.glob("literals-*.marshal"))) == 1
    again = analyse(patterns)

    def shown(found):
        if found is None or isinstance(found, bool):
            return found
        return {s if isinstance(s, str) else ("run", frozenset(shown(s.chars)), s.strings) if isinstance(s, tuple)
                else ("class", s.pattern, s.flags) for s in found}

    for pattern in patterns:
        fresh = (required_literals(pattern, keep_case=True), reads_case(pattern), leading_literals(pattern),
                 starts_lines(pattern), first_line_literals(pattern, min_length=2) if starts_lines(pattern) else None)
        assert [shown(x) for x in again[pattern]] == [shown(x) for x in first[pattern]] == [shown(x) for x in fresh]
    analyse(patterns[:3])  # other patterns, another entry: never a stale one
    assert len(list(tmp_path.glob("literals-*.marshal"))) == 2
