"""Tests for pipeline.nlp on hostile text: any length the readers accept, and time linear in it.

Speed is checked by counting work, never by timing: spaCy's affix rules search what is left of a
string after each prefix or suffix they cut, so the characters those searches see grow with the
square of a string's length unless long strings are cut into pieces.
"""
from __future__ import annotations

import re

import pytest
import spacy
from hypothesis import given, settings
from hypothesis import strategies as st

from minutes_texts import LAHAT
from pipeline import nlp as nlp_module
from pipeline.nlp import MAX_PIECE, MinutesTokenizer


class _CountingRegex:
    """A compiled expression whose searches add up the characters they are given."""

    def __init__(self, regex: re.Pattern, counter: list[int]):
        self.regex, self.counter = regex, counter

    def search(self, text: str):
        self.counter[0] += len(text)
        return self.regex.search(text)


@pytest.fixture(scope="module")
def counted(nlp):
    """notulen's tokenizer whose prefix and suffix searches are counted; returns (tokenizer, counter)."""
    counter = [0]
    compile_suffix, compile_prefix = spacy.util.compile_suffix_regex, spacy.util.compile_prefix_regex
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(spacy.util, "compile_suffix_regex", lambda rules: _CountingRegex(compile_suffix(rules), counter))
        patch.setattr(spacy.util, "compile_prefix_regex", lambda rules: _CountingRegex(compile_prefix(rules), counter))
        tokenizer = MinutesTokenizer(nlp)
    return tokenizer, counter


def _work(counted, text: str) -> int:
    tokenizer, counter = counted
    counter[0] = 0
    doc = tokenizer(text)
    assert doc.text == text
    return counter[0]


@pytest.mark.parametrize("mark", [",", ".", ")", "\"", "…", "-"])
def test_affix_work_grows_linearly_with_a_punctuation_run(counted, mark):
    """A run twice as long costs about twice the work (it cost four times: 25,000 commas took 137 s)."""
    short = _work(counted, "Rapat " + mark * 4000 + " selesai")
    long = _work(counted, "Rapat " + mark * 8000 + " selesai")
    assert long < 2.5 * short, (short, long)


def test_a_long_string_without_spaces_is_tokenised_in_bounded_pieces(nlp):
    text = "Rapat dihadiri oleh " + "," * 10_000 + "Bupati" + "." * 3_001 + "\nselesai."
    doc = nlp.tokenizer(text)
    assert doc.text == text
    assert max(len(t) for t in doc) <= MAX_PIECE
    assert [t.text for t in doc[:3]] == ["Rapat", "dihadiri", "oleh"]
    assert [t.text for t in doc[-3:]] == ["\n", "selesai", "."]
    assert all(text[t.idx:t.idx + len(t)] == t.text for t in doc), "every token keeps its offset"


@settings(max_examples=60, deadline=None)
@given(st.lists(st.one_of(st.sampled_from(["rapat", "Bappeda", "dkk.", "desa-desa", " ", "\n", "(1)"]),
                          st.builds(lambda c, n: c * n, st.sampled_from(list(",.;:)(\"'-…!?/")),
                                    st.integers(1, 3 * MAX_PIECE))), min_size=1, max_size=12))
def test_tokens_index_into_the_text_whatever_the_punctuation_runs(nlp, parts):
    text = "".join(parts)
    doc = nlp.tokenizer(text)
    assert doc.text == text
    assert all(text[t.idx:t.idx + len(t)] == t.text for t in doc)


def test_text_over_a_million_characters_is_read(pipeline):
    """spaCy refuses texts over nlp.max_length (1,000,000) by default: a 2 MB compilation of
    minutes failed as 'internal' although --max-bytes allows 20 MB."""
    text = LAHAT + "\n" + "Catatan rapat lanjutan tanpa keputusan baru.\n" * 25_000
    assert len(text) > 1_000_000
    record = pipeline.record(text)
    assert record.meeting.date == "2016-02-01"
    assert nlp_module.MAX_TEXT_CHARS > 1_000_000



@given(st.text(alphabet=st.sampled_from("ab,-\u00a0\u2028\u3000 \t\n\x1c\x85"), max_size=40), st.integers(1, 12))
def test_a_long_string_without_a_space_is_told_by_split_as_by_the_pieces_pattern(text, repeat):
    """The tokenizer tells a string longer than MAX_PIECE without a space with str.split; LONG_CHUNK,
    which cuts the pieces, must find one exactly then (both read Unicode white space alike)."""
    from pipeline.nlp import LONG_CHUNK, MAX_PIECE

    text = text * (repeat * 20)
    long = len(text) > MAX_PIECE and max(map(len, text.split()), default=0) > MAX_PIECE
    assert long == (LONG_CHUNK.search(text) is not None)


@given(st.text(alphabet=st.sampled_from("ab-- \n\t\u00a0\u2003\x1c\u3000\u200b\u0085.("), max_size=40))
def test_hyphenated_chunks_are_what_the_expression_finds(text):
    """The reduplication pass finds the hyphenated runs of non-space characters with str.find: the
    same runs as the regular expression it replaced, for every kind of white space (re's \\s is
    str.isspace)."""
    from pipeline.nlp import hyphenated_chunks

    assert list(hyphenated_chunks(text)) == [m.span() for m in re.finditer(r"(?<!\S)\S*-\S*", text)]
