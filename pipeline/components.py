"""spaCy components built from the rule files.

``minutes_rules`` finds every cue the rules describe and puts it, labelled and carrying its
rule id (``span.id_``), into the span group ``doc.spans["minutes"]``; overlaps are allowed.
Regex matches keep their exact character offsets and named groups in ``span._.exact`` and
``span._.groups`` because token boundaries need not fall where a regex match ends.

Usable by name in any spaCy pipeline once notulen is installed (``spacy_factories`` entry point)::

    nlp = spacy.blank("id")
    nlp.add_pipe("minutes_rules")             # the rules shipped with notulen
    nlp.add_pipe("minutes_rules", config={"rules_dir": "my_rules/"})
"""
from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

from spacy.language import Language
from spacy.matcher import Matcher, PhraseMatcher
from spacy.tokens import Doc, Span

from .rules import RuleSet, load_rules

SPANS_KEY = "minutes"
FUZZY_MIN_LENGTH = 8  # lexicon words this long tolerate one typo, from 10 letters two ("musyarawarah")


def register_extensions() -> None:
    """Declare the custom span attributes notulen uses; safe to call more than once."""
    if not Span.has_extension("exact"):
        Span.set_extension("exact", default=None)
    if not Span.has_extension("groups"):
        Span.set_extension("groups", default=None)


@lru_cache(maxsize=8)
def _cached_rules(folder: str, digest_key: float) -> RuleSet:
    return load_rules(Path(folder))


def rules_for(folder: str | None) -> RuleSet:
    """The validated rules of ``folder`` (default: notulen's own), loaded once per process."""
    from .rules import default_rules_dir

    path = Path(folder) if folder else default_rules_dir()
    stamp = max((p.stat().st_mtime for p in path.glob("*.yaml")), default=0.0)
    return _cached_rules(str(path.resolve()), stamp)


def _lexicon_token_pattern(phrase: str) -> list[dict]:
    """A token pattern for a lexicon phrase, tolerating one typo in long words."""
    pattern = []
    for word in phrase.split():
        if len(word) >= FUZZY_MIN_LENGTH and word.isalpha():
            pattern.append({"LOWER": {"FUZZY2" if len(word) >= 10 else "FUZZY1": word}})
        else:
            pattern.append({"LOWER": word})
    return pattern


def _across_lines(pattern: list[dict]) -> list[dict]:
    """Let a token pattern match across a line break: spaCy makes "\\n" a token of its own."""
    out: list[dict] = []
    for i, spec in enumerate(pattern):
        if i:
            out.append({"IS_SPACE": True, "OP": "*"})
        out.append(spec)
    return out


class MinutesRules:
    """Find, then annotate: every rule's matches go into ``doc.spans["minutes"]``."""

    LEXICON_LABELS = {"planning_stages": "STAGE", "commodities": "COMMODITY"}

    def __init__(self, nlp: Language, name: str, rules: RuleSet):
        register_extensions()
        self.name = name
        self.rules = rules
        self.matcher = Matcher(nlp.vocab, validate=True)
        self.phrases = PhraseMatcher(nlp.vocab, attr="LOWER")
        self.regexes: list[tuple[str, str, re.Pattern]] = []
        self.labels: dict[str, str] = {}
        for rule in rules.matchers:
            self.labels[rule.id] = rule.label
            if rule.kind == "tokens":
                self.matcher.add(rule.id, [_across_lines(list(rule.pattern))])
            elif rule.kind == "phrase":
                self.phrases.add(rule.id, [nlp.make_doc(rule.pattern)])
            else:
                self.regexes.append((rule.id, rule.label, re.compile(rule.pattern)))
        for lexicon, label in self.LEXICON_LABELS.items():
            value = rules.lexicon.get(lexicon)
            if not value:
                continue
            canonical = rules.variants(lexicon) if hasattr(value, "items") else {w.lower(): w for w in value}
            for variant, key in canonical.items():
                rule_id = f"{lexicon}:{key}"
                self.labels[rule_id] = label
                # exact phrases are cheap; only phrases with long words pay for typo tolerance
                self.phrases.add(rule_id, [nlp.make_doc(variant)])
                pattern = _lexicon_token_pattern(variant)
                if len(pattern) > 1 and any(isinstance(spec["LOWER"], dict) for spec in pattern):
                    self.matcher.add(rule_id, [_across_lines(pattern)])

    def __call__(self, doc: Doc) -> Doc:
        vocab = doc.vocab
        found: list[tuple] = []  # (exact start, -exact end, rule id, label, token start, token end, groups)
        longest: dict[tuple[int, int], int] = {}  # optional tokens give several matches: keep the longest
        for match_id, start, end in list(self.matcher(doc)) + list(self.phrases(doc)):
            longest[(match_id, start)] = max(end, longest.get((match_id, start), end))
        for (match_id, start), end in longest.items():
            rule_id = vocab.strings[match_id]
            first, last = doc[start], doc[end - 1]
            found.append((first.idx, -(last.idx + len(last.text)), rule_id, self.labels[rule_id], start, end, None))
        text = doc.text  # built from the tokens once; the regexes all read it
        for rule_id, label, regex in self.regexes:
            for m in regex.finditer(text):
                if m.end() <= m.start():
                    continue
                span = doc.char_span(m.start(), m.end(), alignment_mode="expand")
                if span is None:
                    continue
                groups = {k: (m.start(k), m.end(k)) for k, v in m.groupdict().items() if v is not None}
                found.append((m.start(), -m.end(), rule_id, label, span.start, span.end, groups))
        found.sort(key=lambda f: f[:3])
        spans: list[Span] = []
        for exact_start, neg_end, rule_id, label, start, end, groups in found:
            span = Span(doc, start, end, label=label, span_id=rule_id)
            span._.exact = (exact_start, -neg_end)
            if groups:
                span._.groups = groups
            spans.append(span)
        doc.spans[SPANS_KEY] = spans
        return doc


@Language.factory("minutes_rules", default_config={"rules_dir": ""})
def make_minutes_rules(nlp: Language, name: str, rules_dir: str) -> MinutesRules:
    """Cue finder for Indonesian meeting minutes, built from the YAML rules in ``rules_dir``."""
    return MinutesRules(nlp, name, rules_for(rules_dir or None))
