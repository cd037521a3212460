"""Build the spaCy pipeline: Indonesian (``spacy.blank("id")``) plus the ``minutes_rules`` component.

The stock Indonesian tokenizer loads about 16,000 special cases, nearly all of them
reduplications ("anak-anak", "desa-desa"), which makes building it take seconds. notulen's
tokenizer keeps the same prefix, suffix and infix rules and the few hundred other special cases
(abbreviations such as "H.", "dkk.", "s.d."), and keeps the reduplications whole with one
set look-up instead: the same tokens (``tests/test_components.py`` pins them), built in
milliseconds.
"""
from __future__ import annotations

import re
import sys
from pathlib import Path
from typing import Iterator

import spacy
from spacy.language import Language
from spacy.tokenizer import Tokenizer
from spacy.util import registry

from .components import TEXT_KEY  # also registers the factories

TOKENIZER = "notulen.indonesian_tokenizer.v1"
# spaCy strips prefixes and suffixes off a string one at a time, searching the whole rest each
# time: a string of n commas costs n^2 (8,000 commas took 15 s). Longer strings without a space
# are tokenised in pieces of at most this many characters; no word is that long.
MAX_PIECE = 500
LONG_CHUNK = re.compile(rf"\S{{{MAX_PIECE + 1},}}")
# spaCy reads a document of any length (nlp.max_length is a guard for models notulen does not
# use): how much text is read is bounded by --max-bytes and a worker's memory by --max-memory
MAX_TEXT_CHARS = sys.maxsize


def hyphenated_chunks(text: str) -> Iterator[tuple[int, int]]:
    r"""The (start, end) of every run of non-space characters in ``text`` that holds a hyphen, in
    order (what ``(?<!\S)\S*-\S*`` finds), found by ``str.find`` from hyphen to hyphen, since a
    document has a few (that expression tried each word of the text for one: ~0.03 ms a document)."""
    n = len(text)
    i = text.find("-")
    while i >= 0:
        start = i
        while start > 0 and not text[start - 1].isspace():  # str.isspace is re's \s
            start -= 1
        end = i + 1
        while end < n and not text[end].isspace():
            end += 1
        yield start, end
        i = text.find("-", end)


HYPHENATED_WORD = re.compile(r"\w+(?:-\w+)+")


class MinutesTokenizer:
    """spaCy's Indonesian tokenizer, with the special cases that keep a string whole looked up.

    Two things make the stock tokenizer slow. Its ~16,000 reduplication special cases take
    seconds to compile. And once any special case fires in a document (a bare "a." or "dkk."
    will do), spaCy stops caching how it split each word for the rest of that document, so
    every later word goes through the prefix, suffix and infix expressions again: about 2.5 ms
    for a 2 KB document, where this tokenizer takes about 0.15 ms.

    Nearly all special cases (reduplications, abbreviations such as "H.", "dkk.", "s.d.",
    emoticons) keep their string as one token. Here they are a set that ``token_match``
    consults, and the suffix rule leaves such a string alone, which reproduces the order in
    which spaCy tries special cases while it splits affixes ("(dkk." gives "(" and "dkk.").
    spaCy also joins tokens that spell a special case after splitting ("disepakati):" ends in
    "):"): a phrase matcher over those special cases does the same here. Only the few special
    cases that make several tokens of one string ("°C.") stay special cases.
    ``tests/test_components.py`` compares the tokens with ``spacy.blank("id")``.
    """

    def __init__(self, nlp: Language):
        from spacy.lang.id.tokenizer_exceptions import TOKENIZER_EXCEPTIONS
        from spacy.matcher import PhraseMatcher
        from spacy.symbols import ORTH
        from spacy.tokens import Doc

        defaults = nlp.Defaults
        whole = frozenset(k for k, v in TOKENIZER_EXCEPTIONS.items() if len(v) == 1 and v[0][ORTH] == k)
        base_match = defaults.token_match
        suffix_search = spacy.util.compile_suffix_regex(defaults.suffixes).search
        prefix_search = spacy.util.compile_prefix_regex(defaults.prefixes).search
        affixes = dict(
            infix_finditer=spacy.util.compile_infix_regex(defaults.infixes).finditer,
            url_match=defaults.url_match,
        )

        def token_match(text: str):
            return text in whole or (base_match(text) if base_match else None)

        def suffix_unless_whole(text: str):
            return None if text in whole else suffix_search(text)

        def prefix_unless_whole(text: str):
            # spaCy keeps "(-_-)" of "(-_-)." whole: when cutting the suffix leaves a special case,
            # the prefix stays on it
            found = prefix_search(text)
            rest = text[found.end():] if found is not None else ""
            if rest and rest not in whole:
                suffix = suffix_search(rest)
                if suffix is not None and text[:len(text) - (suffix.end() - suffix.start())] in whole:
                    return None
            return found

        self.vocab = nlp.vocab
        self.inner = Tokenizer(nlp.vocab, rules={k: v for k, v in TOKENIZER_EXCEPTIONS.items() if k not in whole},
                               prefix_search=prefix_unless_whole, suffix_search=suffix_unless_whole,
                               token_match=token_match, **affixes)
        self.plain = plain = Tokenizer(nlp.vocab, prefix_search=prefix_search, suffix_search=suffix_search, **affixes)
        # reduplications ("desa-desa", 16,000 of them) are looked for among hyphenated words;
        # the other few hundred special cases go into a phrase matcher as spaCy's own do
        self.hyphenated = frozenset(k for k in whole if HYPHENATED_WORD.fullmatch(k))
        self.longest = 2 * max(k.count("-") for k in self.hyphenated) + 1  # tokens of "man-in-the-middle"
        self.joins = PhraseMatcher(nlp.vocab)
        for key in sorted(whole - self.hyphenated):
            pieces = [t.text for t in plain(key)]
            if len(pieces) > 1:
                self.joins.add(key, [Doc(nlp.vocab, words=pieces)])

    def __call__(self, text: str):
        # (str.split cuts where \s does: the longest string without a space, told in C, where a regex
        # search for one tries every position)
        long = len(text) > MAX_PIECE and max(map(len, text.split()), default=0) > MAX_PIECE
        doc = self._in_pieces(text) if long else self.inner(text)
        doc.user_data[TEXT_KEY] = text  # spares rebuilding doc.text from its tokens (about 0.5 ms)
        matches = self.joins(doc)
        if "-" in text:
            # a reduplication inside a longer word ("desa-desa/kelurahan") was split by the infix rule
            for base, chunk_end in hyphenated_chunks(text):
                span = doc.char_span(base, chunk_end)
                if len(span) < 2:
                    continue
                word = text[base:chunk_end]
                cuts = [t.idx - base for t in span] + [len(word)]  # no spaces inside: tokens abut
                for a in range(len(span) - 1):
                    for b in range(a + 2, min(len(span), a + self.longest) + 1):
                        joined = word[cuts[a]:cuts[b]]
                        if joined in self.hyphenated and self._spelled(joined, span[a:b]):
                            matches.append((self.vocab.strings.add(joined), span.start + a, span.start + b))
        if matches:
            # as spaCy does: the longest first, then the leftmost; a token joins one special case
            # (a match with a space inside, ": (", takes its tokens but joins nothing)
            strings = self.vocab.strings
            seen: set[int] = set()
            keep = []
            for key, start, end in sorted(matches, key=lambda m: (m[1] - m[2], m[1])):
                if start not in seen and end - 1 not in seen and doc[start:end].text == strings[key]:
                    keep.append((start, end))
                seen.update(range(start, end))
            if keep:
                with doc.retokenize() as retokenizer:
                    for start, end in keep:
                        retokenizer.merge(doc[start:end])
        return doc

    def _in_pieces(self, text: str):
        """Tokenise ``text`` with every string longer than ``MAX_PIECE`` characters without a space
        cut into pieces of at most that length; the rest gets the same tokens as in one call, and
        every token keeps its offset in ``text``."""
        from spacy.tokens import Doc

        docs = []
        start = 0
        for chunk in LONG_CHUNK.finditer(text):
            if chunk.start() > start:
                docs.append(self.inner(text[start:chunk.start()]))
            docs.extend(self.inner(text[i:min(i + MAX_PIECE, chunk.end())])
                        for i in range(chunk.start(), chunk.end(), MAX_PIECE))
            start = chunk.end()
        if start < len(text):
            docs.append(self.inner(text[start:]))
        return Doc.from_docs(docs, ensure_whitespace=False)

    def _spelled(self, key: str, tokens) -> bool:
        """Whether ``tokens`` are the pieces the affix rules alone make of ``key`` (what spaCy matches)."""
        return [t.text for t in self.plain(key)] == [t.text for t in tokens]

    def pipe(self, texts, batch_size: int = 1000):
        for text in texts:
            yield self(text)


@registry.tokenizers(TOKENIZER)
def create_tokenizer():
    """notulen's Indonesian tokenizer: the same tokens as ``spacy.blank("id")``, built in milliseconds."""
    return MinutesTokenizer


def build_nlp(rules_dir: Path | str) -> Language:
    """A blank Indonesian pipeline whose one component finds the cues in ``rules_dir``."""
    nlp = spacy.blank("id", config={"nlp": {"tokenizer": {"@tokenizers": TOKENIZER}}})
    nlp.max_length = MAX_TEXT_CHARS
    nlp.add_pipe("minutes_rules", config={"rules_dir": str(rules_dir)})
    return nlp
