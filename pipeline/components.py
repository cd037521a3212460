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
from typing import Iterable

from spacy.language import Language
from spacy.matcher import Matcher, PhraseMatcher
from spacy.tokens import Doc, Span

from .literals import Literals, StartFinder, analyse, finditer_at, fold, line_starts, lines_holding
from .rules import RuleSet, rules_for  # noqa: F401 - rules_for: where callers have found it

SPANS_KEY = "minutes"
TEXT_KEY = "notulen.text"  # Doc.user_data: the text notulen's tokenizer made the Doc from
CUES_KEY = "notulen.cues"  # Doc.user_data: each span of doc.spans["minutes"] as plain (label, rule, start, end, groups)
# a rule that may start at only this many places is tried there rather than first looking through
# the whole text for the strings its matches must contain (each look costs as much as a few tries)
FEW_PLACES = 6
FUZZY_MIN_LENGTH = 8  # lexicon words this long tolerate one typo, from 10 letters two ("musyarawarah")


def register_extensions() -> None:
    """Declare the custom span attributes notulen uses; safe to call more than once."""
    if not Span.has_extension("exact"):
        Span.set_extension("exact", default=None)
    if not Span.has_extension("groups"):
        Span.set_extension("groups", default=None)


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


def _first_token_variants(pattern: list[dict]) -> list[list[dict]]:
    """Patterns that together match what ``pattern`` matches, none starting with an optional token
    or an ``IN`` list: the spaCy Matcher tests a pattern's first token against every token of a
    document, and ``IN`` (like ``FUZZY``) is a Python call there, where a plain ``LOWER`` is not."""
    if not pattern:
        return []
    first, rest = pattern[0], pattern[1:]
    if first.get("OP") == "?":
        required = {k: v for k, v in first.items() if k != "OP"}
        return _first_token_variants(rest) + _first_token_variants([required, *rest])
    value = first.get("LOWER")
    if set(first) == {"LOWER"} and isinstance(value, dict) and set(value) == {"IN"}:
        return [[{"LOWER": word}, *rest] for word in value["IN"]]
    return [pattern]


def _fuzzy_spec(spec: dict) -> tuple[str, int] | None:
    """(word, edits) of a ``{"LOWER": {"FUZZYn": word}}`` token spec, else None."""
    value = spec.get("LOWER")
    if set(spec) == {"LOWER"} and isinstance(value, dict) and len(value) == 1:
        op, word = next(iter(value.items()))
        if op.startswith("FUZZY") and op[5:].isdigit():
            return word, int(op[5:])
    return None


class NearWords:
    """Typo-tolerant first tokens at C speed: each vocabulary entry is compared once per process
    with the words that ``FUZZYn`` patterns start with, and one near such a word gets a marker
    as its ``NORM`` (an attribute notulen never reads), so the pattern can start with
    ``{"NORM": marker}``. The result is the same as spaCy's ``FUZZYn``: only words that no
    token can be near at once (more than n1 + n2 edits apart) share the marker attribute;
    the others keep ``FUZZYn``."""

    def __init__(self, targets: Iterable[tuple[str, int]]):
        from spacy.matcher.levenshtein import levenshtein

        targets = sorted(set(targets))
        clash = {a for a in targets for b in targets
                 if a != b and levenshtein(a[0], b[0]) <= a[1] + b[1]}
        self.markers = {t: f"near {t[0]}/{t[1]}" for t in targets if t not in clash}
        self.seen: set[int] = set()

    def spec(self, spec: dict) -> dict:
        """``spec`` with its ``FUZZYn`` turned into a marker test where that is exact."""
        target = _fuzzy_spec(spec)
        return {"NORM": self.markers[target]} if target in self.markers else spec

    def mark(self, doc: Doc) -> None:
        """Give the marker to this document's vocabulary entries not compared before."""
        if not self.markers:
            return
        from spacy.attrs import ORTH
        from spacy.matcher.levenshtein import levenshtein_compare

        new = set(doc.to_array(ORTH).tolist()) - self.seen
        if not new:
            return
        vocab = doc.vocab
        for orth in new:
            lexeme = vocab[orth]
            lower = lexeme.lower_
            for (word, edits), marker in self.markers.items():
                if lower == word or levenshtein_compare(lower, word, edits):
                    lexeme.norm_ = marker
                    break
        self.seen |= new


class _Anchors:
    """Run each pattern only where it can begin.

    The spaCy Matcher walks every pattern over every token it is given (about 4 µs a token
    with notulen's ~60 patterns), though a pattern can only match where its first token does.
    When every pattern starts with a plain ``LOWER`` or ``NORM`` value and has at most a few
    tokens besides the line breaks it may cross, the patterns are grouped by that first value,
    one Matcher per group, and each group's Matcher runs only on the stretches of the document
    that start at a token with its value and hold as many tokens as its longest pattern: the
    same matches, for a fraction of the work. Otherwise ``matcher`` runs on the whole document.
    """

    ATTRS = ("LOWER", "NORM")

    def __init__(self, vocab, rules: list[tuple[str, list[list[dict]]]], matcher: Matcher):
        self.matcher = matcher  # every pattern, for the whole document
        self.firsts: dict[str, PhraseMatcher] | None = None  # attribute -> the first values of the groups
        groups: dict[tuple[str, str], dict[str, list[list[dict]]]] = {}
        reach: dict[tuple[str, str], int] = {}
        for rule_id, patterns in rules:
            for pattern in patterns:
                first = pattern[0]
                attr = next(iter(first)) if len(first) == 1 else None
                tokens = [spec for spec in pattern if not (spec.get("IS_SPACE") and spec.get("OP") == "*")]
                if attr not in self.ATTRS or not isinstance(first[attr], str) or \
                        any(spec.get("OP") in ("*", "+") for spec in tokens):
                    return  # no way to tell where this pattern starts, or how far it reaches
                key = (attr, first[attr])
                groups.setdefault(key, {}).setdefault(rule_id, []).append(pattern)
                reach[key] = max(reach.get(key, 0), len(tokens))
        self.matchers: list[Matcher] = []
        self.reach: list[int] = []
        # the tokens a group may start at, found by one phrase matcher an attribute (in C), not by
        # looking up every token's values in Python
        self.firsts = {attr: PhraseMatcher(vocab, attr=attr) for attr in self.ATTRS}
        self.group_of: dict[int, int] = {}  # the phrase of a group's first value -> the group
        for key, by_rule in groups.items():
            group = Matcher(vocab)
            for rule_id, patterns in by_rule.items():
                group.add(rule_id, patterns)
            name = f"{key[0]} {key[1]}"
            self.firsts[key[0]].add(name, [Doc(vocab, words=[key[1]])])
            self.group_of[vocab.strings.add(name)] = len(self.matchers)
            self.matchers.append(group)
            self.reach.append(reach[key])

    def matches(self, doc: Doc) -> list[tuple[int, int, int]]:
        if self.firsts is None or len(self.matcher) == 0:
            return list(self.matcher(doc)) if len(self.matcher) else []
        from spacy.attrs import IS_SPACE

        starts = sorted((i, self.group_of[key]) for firsts in self.firsts.values() for key, i, _ in firsts(doc))
        if not starts:
            return []
        spaces = doc.to_array(IS_SPACE).tolist()
        stretches: dict[int, list[list[int]]] = {}  # group -> [start, end) of token stretches, merged where they overlap
        n = len(spaces)
        for i, group in starts:
            end, count, reach = i, 0, self.reach[group]
            while end < n and count < reach:  # ``reach`` tokens on, line breaks not counted
                count += not spaces[end]
                end += 1
            spans = stretches.setdefault(group, [])
            if spans and i < spans[-1][1]:
                spans[-1][1] = max(spans[-1][1], end)
            else:
                spans.append([i, end])
        found = {(k, s + start, e + start) for group, spans in stretches.items()
                 for start, end in spans for k, s, e in self.matchers[group](doc[start:end])}
        return sorted(found)


class MinutesRules:
    """Find, then annotate: every rule's matches go into ``doc.spans["minutes"]``."""

    LEXICON_LABELS = {"planning_stages": "STAGE", "commodities": "COMMODITY"}

    def __init__(self, nlp: Language, name: str, rules: RuleSet):
        register_extensions()
        self.name = name
        self.rules = rules
        self.matcher = Matcher(nlp.vocab, validate=True)
        self.phrases = PhraseMatcher(nlp.vocab, attr="LOWER")
        self.regexes: list[tuple[str, str, re.Pattern, Literals]] = []  # id, label, regex, what its matches hold
        self.labels: dict[str, str] = {}
        token_patterns: list[tuple[str, list[list[dict]]]] = []
        literals = analyse([rule.pattern for rule in rules.matchers if rule.kind == "regex"])
        for rule in rules.matchers:
            self.labels[rule.id] = rule.label
            if rule.kind == "tokens":
                token_patterns.append((rule.id, _first_token_variants(list(rule.pattern))))
            elif rule.kind == "phrase":
                self.phrases.add(rule.id, [nlp.make_doc(rule.pattern)])
            else:
                self.regexes.append((rule.id, rule.label, re.compile(rule.pattern), literals[rule.pattern]))
        # one scan of a document finds where each rule may start (rules anchored at lines aside)
        self.starts = StartFinder([None if known.at_lines else known.starts for *_, known in self.regexes])
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
                    token_patterns.append((rule_id, [pattern]))
        self.near = NearWords(t for _, variants in token_patterns for v in variants
                              if (t := _fuzzy_spec(v[0])) is not None)
        compiled = [(rule_id, [[self.near.spec(v[0]), *v[1:]] for v in variants]) for rule_id, variants in token_patterns]
        for rule_id, patterns in compiled:
            self.matcher.add(rule_id, [_across_lines(p) for p in patterns])
        self.anchors = _Anchors(nlp.vocab, [(rule_id, [_across_lines(p) for p in patterns])
                                            for rule_id, patterns in compiled], self.matcher)

    def __call__(self, doc: Doc) -> Doc:
        found = self.find(doc)
        spans: list[Span] = []
        for exact_start, neg_end, rule_id, label, start, end, groups in found:
            span = Span(doc, start, end, label=label, span_id=rule_id)
            span._.exact = (exact_start, -neg_end)
            if groups:
                span._.groups = groups
            spans.append(span)
        doc.spans[SPANS_KEY] = spans
        # the same cues as plain values, for notulen's extractor: reading them back through each
        # span's extension attributes cost as much again as making them
        doc.user_data[CUES_KEY] = _plain(found)
        return doc

    def cues(self, doc: Doc) -> Doc:
        """Give ``doc`` only the plain copy of its cues (``doc.user_data[CUES_KEY]``), the form notulen's
        extractor reads, without making spaCy spans of them (with their extension attributes, about
        5 µs a cue): what :class:`~pipeline.api.Pipeline` does for every document."""
        doc.user_data[CUES_KEY] = _plain(self.find(doc))
        return doc

    def find(self, doc: Doc) -> list[tuple]:
        """Every cue of ``doc`` in document order: (exact start, -exact end, rule id, label, first
        token, end token, named groups or None)."""
        vocab = doc.vocab
        self.near.mark(doc)
        found: list[tuple] = []  # (exact start, -exact end, rule id, label, token start, token end, groups)
        longest: dict[tuple[int, int], int] = {}  # optional tokens give several matches: keep the longest
        for match_id, start, end in self.anchors.matches(doc) + list(self.phrases(doc)):
            longest[(match_id, start)] = max(end, longest.get((match_id, start), end))
        for (match_id, start), end in longest.items():
            rule_id = vocab.strings[match_id]
            first, last = doc[start], doc[end - 1]
            found.append((first.idx, -(last.idx + len(last.text)), rule_id, self.labels[rule_id], start, end, None))
        # the regexes all read the text: notulen's tokenizer keeps it, other tokenizers' docs rebuild it
        text = doc.user_data.get(TEXT_KEY)
        if not isinstance(text, str) or len(text) != (doc[-1].idx + len(doc[-1].text_with_ws) if len(doc) else 0):
            text = doc.text
        folded = fold(text)
        aligned = len(folded) == len(text)
        lines = line_starts(text)  # shared by every rule anchored at a line's start ("Tempat :", "Peserta :")
        places = self.starts.places(text, folded) if aligned else None
        for k, (rule_id, label, regex, known) in enumerate(self.regexes):
            at = places[k] if places is not None else None
            if at == []:
                continue  # none of the strings its matches start with is in the text
            needs = known.needs
            if needs is not None and (at is None or len(at) > FEW_PLACES) and \
                    not any(word in (text if known.cased else folded) for word in needs):
                continue  # cannot match here: none of the strings every match contains is in the text
            if known.at_lines:
                # only the lines that hold one of the words its matches have on their first line
                found_here = finditer_at(regex, text, lines_holding(folded, known.line_needs)
                                         if known.line_needs and aligned else lines)
            elif at is not None:
                found_here = finditer_at(regex, text, at)
            else:
                found_here = regex.finditer(text)
            for m in found_here:
                if m.end() <= m.start():
                    continue
                span = doc.char_span(m.start(), m.end(), alignment_mode="expand")
                if span is None:
                    continue
                groups = {k: (m.start(k), m.end(k)) for k, v in m.groupdict().items() if v is not None}
                found.append((m.start(), -m.end(), rule_id, label, span.start, span.end, groups))
        found.sort(key=lambda f: f[:3])
        return found


def _plain(found: list[tuple]) -> list[tuple]:
    """:meth:`MinutesRules.find`'s cues as the plain copy kept in ``doc.user_data[CUES_KEY]``:
    (label, rule id, exact start, exact end, named groups)."""
    return [(label, rule_id, exact_start, -neg_end, groups or {})
            for exact_start, neg_end, rule_id, label, _, _, groups in found]


@Language.factory("minutes_rules", default_config={"rules_dir": ""})
def make_minutes_rules(nlp: Language, name: str, rules_dir: str) -> MinutesRules:
    """Cue finder for Indonesian meeting minutes, built from the YAML rules in ``rules_dir``."""
    return MinutesRules(nlp, name, rules_for(rules_dir or None))
