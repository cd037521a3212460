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
from typing import Iterable

from spacy.language import Language
from spacy.matcher import Matcher, PhraseMatcher
from spacy.tokens import Doc, Span

from .rules import RuleSet, load_rules

SPANS_KEY = "minutes"
TEXT_KEY = "notulen.text"  # Doc.user_data: the text notulen's tokenizer made the Doc from
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


# -- which literal strings a regular expression cannot match without -------------------------

_FOLD = str.maketrans({"İ": "i", "ı": "i", "ſ": "s"})  # what re's IGNORECASE also takes for i and s
_MAX_SET = 64  # alternatives kept per set before giving up on exact strings


def fold(text: str) -> str:
    """``text`` lower-cased the way ``required_literals`` compares: a superset of what ``(?i)`` matches."""
    return text.translate(_FOLD).lower()


def required_literals(pattern: str, min_length: int = 3) -> frozenset[str] | None:
    """Lower-cased strings one of which every match of ``pattern`` contains, or None if there is
    no such set worth testing (every string at least ``min_length`` long).

    Worked out from the parsed expression: literal runs, alternations of them, and repeats that
    must happen at least once; look-arounds and anchors match nothing. A rule whose strings are
    all absent from a document cannot match it, so its regular expression need not run there.
    """
    import re._parser as sre_parse  # noqa: PLC0415  (the stdlib's own parser; stable since 3.11)

    try:
        parsed = sre_parse.parse(pattern)
    except re.error:
        return None
    best = _sequence(list(parsed))[1]
    if best is None or min(map(len, best)) < min_length:
        return None
    lowered = {s.lower() for s in best}
    return frozenset(s for s in lowered if not any(o != s and o in s for o in lowered))  # "bar" serves "foobar"


def leading_literals(pattern: str) -> frozenset | None:
    """What every match of ``pattern`` starts with (look-behinds and anchors aside): lower-cased
    strings, and single-character classes as compiled expressions (``\\d``, ``[ \\t]``); or None
    when a match could start anywhere. :func:`finditer_from` tries the regex only there."""
    import re._parser as sre_parse  # noqa: PLC0415

    try:
        found = _leading(list(sre_parse.parse(pattern)))
    except re.error:
        return None
    if not found:
        return None
    return frozenset(s.lower() if isinstance(s, str) else s for s in found)


def _leading(items: list) -> set | None:
    """What a match of the sequence ``items`` starts with: strings or character classes."""
    from re import _constants as c  # noqa: PLC0415

    run, k = {""}, 0
    while k < len(items):
        exact = _node(items[k])[0]
        if exact is None or len(run) * len(exact) > _MAX_SET:
            break
        run, k = {a + b for a in run for b in exact}, k + 1
    if "" not in run:
        if k < len(items):  # lengthen the strings with what the next part starts with ("p" + "ukul")
            lead = _leading(items[k:k + 1])
            if lead and all(isinstance(x, str) for x in lead) and len(run) * len(lead) <= _MAX_SET:
                run = {a + b for a in run for b in lead}
        return run
    if k == len(items) or _node(items[k])[0] is not None:
        return None  # the whole sequence may match nothing, or too many strings to list
    out: set = run - {""}
    op, av = items[k]
    rest = items[k + 1:]
    if op == c.SUBPATTERN:
        tail = _leading(list(av[-1]) + rest)
    elif op == c.ATOMIC_GROUP:
        tail = _leading(list(av) + rest)
    elif op == c.BRANCH:
        tails = [_leading(list(b) + rest) for b in av[1]]
        tail = set().union(*tails) if all(t for t in tails) else None
    elif op in (c.MAX_REPEAT, c.MIN_REPEAT, getattr(c, "POSSESSIVE_REPEAT", None)):
        # the first round starts the match; only a part that runs once can be followed by the rest
        first = _leading(list(av[2]) + rest) if av[1] == 1 else _leading(list(av[2]))
        skipped = _leading(rest) if av[0] == 0 else set()
        tail = first | skipped if first and skipped is not None else None
    else:
        one = _char_class(items[k])
        tail = {one} if one is not None else None
    return out | tail if tail else None


_CATEGORIES = {"CATEGORY_DIGIT": r"\d", "CATEGORY_NOT_DIGIT": r"\D", "CATEGORY_SPACE": r"\s",
               "CATEGORY_NOT_SPACE": r"\S", "CATEGORY_WORD": r"\w", "CATEGORY_NOT_WORD": r"\W"}


def _char_class(item) -> re.Pattern | None:
    """A one-character item (``\\d``, ``[.:]``, ``[^,]``) as an expression of its own, matched
    case-insensitively (a superset of what the pattern's own flags allow); None for others."""
    from re import _constants as c  # noqa: PLC0415

    op, av = item
    if op == c.NOT_LITERAL:
        return re.compile("[^" + re.escape(chr(av)) + "]", re.I)
    if op != c.IN:
        return None
    parts = []
    for kind, value in av:
        if kind == c.NEGATE:
            parts.insert(0, "^")
        elif kind == c.LITERAL:
            parts.append(re.escape(chr(value)))
        elif kind == c.RANGE:
            parts.append(re.escape(chr(value[0])) + "-" + re.escape(chr(value[1])))
        elif kind == c.CATEGORY and str(value) in _CATEGORIES:
            parts.append(_CATEGORIES[str(value)])
        else:
            return None
    return re.compile("[" + "".join(parts) + "]", re.I)


def finditer_from(regex: re.Pattern, text: str, folded: str, starts: frozenset):
    """``regex.finditer(text)`` for a regex whose matches all start with one of ``starts``
    (:func:`leading_literals`): tried only where ``folded`` (:func:`fold` of ``text``) has such
    a string or ``text`` such a character; when those places are many, the regex scans as usual."""
    places: set[int] = set()
    limit = 16 + len(text) // 24
    for start in starts:
        if isinstance(start, str):
            at = folded.find(start)
            while at >= 0 and len(places) <= limit:
                places.add(at)
                at = folded.find(start, at + 1)
        else:
            for m in start.finditer(text):
                places.add(m.start())
                if len(places) > limit:
                    break
        if len(places) > limit:
            return regex.finditer(text)
    return _tried_at(regex, text, sorted(places))


def _tried_at(regex: re.Pattern, text: str, places: list[int]):
    end = 0
    for at in places:
        if at < end:
            continue  # inside the last match: finditer goes on from its end
        m = regex.match(text, at)
        if m:
            end = m.end()
            yield m


def _better(a: set[str] | None, b: set[str] | None) -> set[str] | None:
    def score(x):
        return (min(map(len, x)), -len(x)) if x and "" not in x else (-1, 0)
    return a if score(a) >= score(b) else b


def _sequence(items: list) -> tuple[set[str] | None, set[str] | None]:
    """(every string the sequence can match, if few and literal; strings one of which any match contains)."""
    run: set[str] | None = {""}
    exact = True
    best: set[str] | None = None
    for item in items:
        item_exact, item_required = _node(item)
        if item_exact is not None and run is not None and len(run) * len(item_exact) <= _MAX_SET:
            run = {a + b for a in run for b in item_exact}
            continue
        best = _better(best, run)
        if item_exact is not None:
            run = set(item_exact)
            exact = False
            continue
        exact = False
        best = _better(best, item_required)
        run = {""}
    best = _better(best, run)
    return (run if exact else None), (best if best and "" not in best else None)


def _node(item) -> tuple[set[str] | None, set[str] | None]:
    from re import _constants as c  # noqa: PLC0415

    op, av = item
    if op == c.LITERAL:
        return {chr(av)}, None
    if op in (c.AT, c.ASSERT, c.ASSERT_NOT):
        return {""}, None  # matches no text of its own
    if op == c.IN and all(o == c.LITERAL for o, _ in av):
        return {chr(v) for _, v in av}, None
    if op == c.SUBPATTERN:
        return _sequence(list(av[-1]))
    if op == c.ATOMIC_GROUP:
        return _sequence(list(av))
    if op == c.BRANCH:
        branches = [_sequence(list(b)) for b in av[1]]
        exact = set().union(*(e for e, _ in branches)) if all(e is not None for e, _ in branches) else None
        if exact is not None and len(exact) > _MAX_SET:
            exact = None
        wanted = [_better(r, e if e is not None and "" not in e else None) for e, r in branches]
        required = set().union(*wanted) if all(w for w in wanted) else None
        return exact, required
    if op in (c.MAX_REPEAT, c.MIN_REPEAT, getattr(c, "POSSESSIVE_REPEAT", None)):
        low, high, inner = av
        inner_exact, inner_required = _sequence(list(inner))
        if low == 0:
            return ((inner_exact | {""}) if inner_exact is not None and high == 1 else None), None
        if low == high == 1:
            return inner_exact, inner_required
        return None, _better(inner_required, inner_exact if inner_exact is not None and "" not in inner_exact else None)
    return None, None


class _Anchors:
    """Run the Matcher only where a match can begin.

    The spaCy Matcher walks every pattern over every token (about 20 ns a pair, plus Python
    work per token), though a pattern can only match where its first token does. When every
    pattern starts with a plain ``LOWER`` or ``NORM`` value and has at most ``reach`` tokens
    besides the line breaks it may cross, the Matcher runs on the stretches of the document
    that start at such a token and hold ``reach`` tokens: the same matches, on a fraction of
    the tokens. Otherwise it runs on the whole document.
    """

    ATTRS = ("LOWER", "NORM")

    def __init__(self, vocab, patterns: list[list[dict]]):
        self.keys: dict[str, set[int]] | None = {attr: set() for attr in self.ATTRS}
        self.reach = 0
        for pattern in patterns:
            first = pattern[0]
            attr = next(iter(first)) if len(first) == 1 else None
            tokens = [spec for spec in pattern if not (spec.get("IS_SPACE") and spec.get("OP") == "*")]
            if attr not in self.ATTRS or not isinstance(first[attr], str) or \
                    any(spec.get("OP") in ("*", "+") for spec in tokens):
                self.keys = None  # no way to tell where this pattern starts, or how far it reaches
                return
            self.keys[attr].add(vocab.strings.add(first[attr]))
            self.reach = max(self.reach, len(tokens))

    def matches(self, matcher: Matcher, doc: Doc) -> list[tuple[int, int, int]]:
        if self.keys is None or len(matcher) == 0:
            return list(matcher(doc)) if len(matcher) else []
        from spacy.attrs import IS_SPACE, LOWER, NORM

        lowers, norms, spaces = doc.to_array([LOWER, NORM, IS_SPACE]).T.tolist()
        by_lower, by_norm = self.keys["LOWER"], self.keys["NORM"]
        out: list[tuple[int, int, int]] = []
        n = len(lowers)
        stretch_start = stretch_end = -1
        for i in range(n):
            if lowers[i] not in by_lower and norms[i] not in by_norm:
                continue
            end, count = i, 0
            while end < n and count < self.reach:  # ``reach`` tokens on, line breaks not counted
                count += not spaces[end]
                end += 1
            if i < stretch_end:
                stretch_end = max(stretch_end, end)
                continue
            if stretch_end > 0:
                out += [(k, s + stretch_start, e + stretch_start) for k, s, e in matcher(doc[stretch_start:stretch_end])]
            stretch_start, stretch_end = i, end
        if stretch_end > 0:
            out += [(k, s + stretch_start, e + stretch_start) for k, s, e in matcher(doc[stretch_start:stretch_end])]
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
        self.regexes: list[tuple[str, str, re.Pattern, frozenset[str] | None, frozenset[str] | None]] = []
        self.labels: dict[str, str] = {}
        token_patterns: list[tuple[str, list[list[dict]]]] = []
        for rule in rules.matchers:
            self.labels[rule.id] = rule.label
            if rule.kind == "tokens":
                token_patterns.append((rule.id, _first_token_variants(list(rule.pattern))))
            elif rule.kind == "phrase":
                self.phrases.add(rule.id, [nlp.make_doc(rule.pattern)])
            else:
                self.regexes.append((rule.id, rule.label, re.compile(rule.pattern), required_literals(rule.pattern),
                                     leading_literals(rule.pattern)))
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
        self.anchors = _Anchors(nlp.vocab, [p for _, patterns in compiled for p in patterns])

    def __call__(self, doc: Doc) -> Doc:
        vocab = doc.vocab
        self.near.mark(doc)
        found: list[tuple] = []  # (exact start, -exact end, rule id, label, token start, token end, groups)
        longest: dict[tuple[int, int], int] = {}  # optional tokens give several matches: keep the longest
        for match_id, start, end in self.anchors.matches(self.matcher, doc) + list(self.phrases(doc)):
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
        for rule_id, label, regex, needs, starts in self.regexes:
            if needs is not None and not any(word in folded for word in needs):
                continue  # cannot match here: none of the strings every match contains is in the text
            for m in (finditer_from(regex, text, folded, starts) if starts and aligned else regex.finditer(text)):
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
