"""Build the spaCy pipeline: Indonesian (``spacy.blank("id")``) plus the ``minutes_rules`` component.

The stock Indonesian tokenizer loads about 16,000 special cases, nearly all of them
reduplications ("anak-anak", "desa-desa"), which makes building it take seconds. notulen's
tokenizer keeps the same prefix, suffix and infix rules and the few hundred other special cases
(abbreviations such as "H.", "dkk.", "s.d."), and keeps the reduplications whole with one
set look-up instead: the same tokens (``tests/test_components.py`` pins them), built in
milliseconds.
"""
from __future__ import annotations

from pathlib import Path

import spacy
from spacy.language import Language
from spacy.tokenizer import Tokenizer
from spacy.util import registry

from . import components  # noqa: F401  (registers the factories)

TOKENIZER = "notulen.indonesian_tokenizer.v1"


@registry.tokenizers(TOKENIZER)
def create_tokenizer():
    """spaCy's Indonesian tokenizer rules with reduplications looked up instead of pre-compiled."""

    def make(nlp: Language) -> Tokenizer:
        from spacy.lang.id.tokenizer_exceptions import TOKENIZER_EXCEPTIONS

        joined = {k for k, v in TOKENIZER_EXCEPTIONS.items() if "-" in k and "." not in k and len(v) == 1}
        rules = {k: v for k, v in TOKENIZER_EXCEPTIONS.items() if k not in joined}
        reduplications = frozenset(joined)
        base_match = nlp.Defaults.token_match

        def token_match(text: str):
            return text in reduplications or (base_match(text) if base_match else None)

        defaults = nlp.Defaults
        return Tokenizer(
            nlp.vocab,
            rules=rules,
            prefix_search=spacy.util.compile_prefix_regex(defaults.prefixes).search if defaults.prefixes else None,
            suffix_search=spacy.util.compile_suffix_regex(defaults.suffixes).search if defaults.suffixes else None,
            infix_finditer=spacy.util.compile_infix_regex(defaults.infixes).finditer if defaults.infixes else None,
            token_match=token_match,
            url_match=defaults.url_match,
        )

    return make


def build_nlp(rules_dir: Path | str) -> Language:
    """A blank Indonesian pipeline whose one component finds the cues in ``rules_dir``."""
    nlp = spacy.blank("id", config={"nlp": {"tokenizer": {"@tokenizers": TOKENIZER}}})
    nlp.add_pipe("minutes_rules", config={"rules_dir": str(rules_dir)})
    return nlp
