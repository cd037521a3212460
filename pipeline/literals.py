"""What a regular expression's matches must contain, and must start with, worked out from the
parsed expression; and a ``finditer`` that uses it.

A rule whose required strings are all absent from a document cannot match it, so its regex need
not run there (:func:`required_literals`). A rule whose matches all start with one of a few
strings or characters need only be tried where those are (:func:`leading_literals`,
:func:`finditer_from`), instead of at every position of the text. Both compare against the
document :func:`fold`-ed, a superset of what ``(?i)`` matches, so nothing is ever missed; the
property tests in ``tests/test_components.py`` check that on every shipped rule.
"""
from __future__ import annotations

import itertools
import re
from typing import Iterator, NamedTuple

_FOLD = str.maketrans({"İ": "i", "ı": "i", "ſ": "s"})  # what re's IGNORECASE also takes for i and s
_MAX_SET = 64  # alternatives kept per set before giving up on exact strings


def fold(text: str) -> str:
    """``text`` lower-cased the way ``required_literals`` compares: a superset of what ``(?i)`` matches."""
    if "İ" in text or "ı" in text or "ſ" in text:  # rare: translating costs a dictionary look-up a character
        text = text.translate(_FOLD)
    return text.lower()


def required_literals(pattern: str, min_length: int = 3, keep_case: bool = False) -> frozenset[str] | None:
    """Lower-cased strings one of which every match of ``pattern`` contains, or None if there is
    no such set worth testing (every string at least ``min_length`` long).

    Worked out from the parsed expression: literal runs, alternations of them, and repeats that
    must happen at least once; look-arounds and anchors match nothing. A rule whose strings are
    all absent from a document cannot match it, so its regular expression need not run there.

    With ``keep_case``, a pattern that reads every letter as written (no ``(?i)`` anywhere) gives
    its strings as written, to be looked for in the text itself rather than in :func:`fold` of it:
    "Program" of a rule for capitalised titles is absent from a text that only says "program".
    """
    import re._parser as sre_parse  # noqa: PLC0415  (the stdlib's own parser; stable since 3.11)

    try:
        parsed = sre_parse.parse(pattern)
    except re.error:
        return None
    return _worth_testing(_sequence(list(parsed))[1], min_length, keep_case and reads_case(pattern))


def _worth_testing(best: set[str] | None, min_length: int, keep_case: bool = False) -> frozenset[str] | None:
    """``best`` (lower-cased unless ``keep_case``) without the strings that hold another one of
    them, or None if it is missing or has a string shorter than ``min_length``."""
    if best is None or min(map(len, best)) < min_length:
        return None
    found = best if keep_case else {s.lower() for s in best}
    return frozenset(s for s in found if not any(o != s and o in s for o in found))  # "bar" serves "foobar"


def first_line_literals(pattern: str, min_length: int = 3) -> frozenset[str] | None:
    """Lower-cased strings one of which every match of ``pattern`` contains on the line it starts on
    (before any part of the match that could cross a line break), or None if there is no such set.

    A rule anchored at line starts ("(?im)^[ \\t]*Tempat\\s*:") need only be tried at the lines
    that hold one of them, not at every line of the document.
    """
    import re._parser as sre_parse  # noqa: PLC0415

    try:
        parsed = sre_parse.parse(pattern)
    except re.error:
        return None
    return _worth_testing(_sequence(_before_line_break(list(parsed), bool(parsed.state.flags & re.DOTALL)))[1],
                          min_length)


def _before_line_break(items: list, dotall: bool) -> list:
    """The first items of a sequence, up to the first that could match a line break; a group or
    alternation that could is cut inside, and ends the sequence."""
    from re import _constants as c  # noqa: PLC0415

    out = []
    for k, (op, av) in enumerate(items):
        if not _may_break_line((op, av), dotall):
            out.append((op, av))
            continue
        if op == c.SUBPATTERN:
            out.append((op, (*av[:-1], _before_line_break(list(av[-1]), _dotall(av, dotall)))))
        elif op == c.BRANCH:
            out.append((op, (av[0], [_before_line_break(list(b), dotall) for b in av[1]])))
        elif op in (c.MAX_REPEAT, c.MIN_REPEAT, getattr(c, "POSSESSIVE_REPEAT", None)):
            body = _before_line_break(list(av[2]), dotall)
            if av[0] == 0:  # "(?:daftar\s+)?peserta": "daftar" on the line, or what follows without it
                out.append((c.BRANCH, (None, [body, _before_line_break(items[k + 1:], dotall)])))
            else:
                out.extend(body)
        break
    return out


def _may_break_line(item, dotall: bool) -> bool:
    """Whether the part ``item`` of a parsed expression could match a line break ("\\n")."""
    from re import _constants as c  # noqa: PLC0415

    op, av = item
    if op == c.LITERAL:
        return av == 10
    if op == c.NOT_LITERAL:
        return av != 10
    if op == c.ANY:
        return dotall
    if op in (c.AT, c.ASSERT, c.ASSERT_NOT):
        return False  # they match no text
    if op == c.IN:
        one = _char_class(item)
        return one is None or bool(one.match("\n"))
    if op == c.SUBPATTERN:
        return any(_may_break_line(x, _dotall(av, dotall)) for x in av[-1])
    if op == c.ATOMIC_GROUP:
        return any(_may_break_line(x, dotall) for x in av)
    if op == c.BRANCH:
        return any(_may_break_line(x, dotall) for b in av[1] for x in b)
    if op in (c.MAX_REPEAT, c.MIN_REPEAT, getattr(c, "POSSESSIVE_REPEAT", None)):
        return any(_may_break_line(x, dotall) for x in av[2])
    return True


def _dotall(group: tuple, dotall: bool) -> bool:
    """Whether "." takes a line break inside a group that may set or clear the flag: "(?s:.)"."""
    _, add, remove, _ = group
    return (dotall or bool(add & re.DOTALL)) and not remove & re.DOTALL


def reads_case(pattern: str) -> bool:
    """Whether ``pattern`` tells capitals from small letters everywhere: no ``(?i)``, global or scoped."""
    import re._parser as sre_parse  # noqa: PLC0415
    from re import _constants as c  # noqa: PLC0415

    try:
        parsed = sre_parse.parse(pattern)
    except re.error:
        return False

    def inner(av) -> Iterator:
        """The sub-expressions inside a part, whatever its kind (groups, branches, repeats,
        look-arounds, conditionals)."""
        if isinstance(av, sre_parse.SubPattern):
            yield av
        elif isinstance(av, (tuple, list)):
            for x in av:
                yield from inner(x)

    def ignores(items) -> bool:
        return any(op == c.SUBPATTERN and av[1] & re.I or any(ignores(sub) for sub in inner(av)) for op, av in items)

    return not parsed.state.flags & re.I and not ignores(list(parsed))


class Run(NamedTuple):
    """A start of a match: a run, maybe empty, of ``chars`` (characters, or classes as compiled
    expressions) right before one of ``strings`` ("[ \\t]*peserta": an indented "peserta").
    The match may start anywhere in that run, and nowhere else: not at every space of the text."""

    chars: frozenset
    strings: frozenset


def leading_literals(pattern: str) -> frozenset | None:
    """What every match of ``pattern`` starts with (look-behinds and anchors aside): lower-cased
    strings, single-character classes as compiled expressions (``\\d``, ``[ \\t]``), and
    :class:`Run` s; or None when a match could start anywhere. :func:`finditer_from` tries the
    regex only there."""
    import re._parser as sre_parse  # noqa: PLC0415

    try:
        found = _leading(list(sre_parse.parse(pattern)))
    except re.error:
        return None
    if not found:
        return None
    return frozenset(_lower(s) for s in found)


def _lower(s):
    if isinstance(s, str):
        return s.lower()
    if isinstance(s, Run):
        return Run(frozenset(map(_lower, s.chars)), frozenset(map(_lower, s.strings)))
    return s


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
        if tail and av[0] == 0 and av[1] > 1 and _one_character(av[2]) and all(isinstance(s, str) for s in skipped):
            tail = {Run(frozenset(first), frozenset(skipped))}  # "[ \t]*peserta": in the run before "peserta"
    else:
        one = _char_class(items[k])
        tail = {one} if one is not None else None
    return out | tail if tail else None


def _one_character(items) -> bool:
    """Whether ``items`` match exactly one character: a literal or a class."""
    from re import _constants as c  # noqa: PLC0415

    items = list(items)
    return len(items) == 1 and (_char_class(items[0]) is not None or items[0][0] == c.LITERAL)


_CATEGORIES = {"CATEGORY_DIGIT": r"\d", "CATEGORY_NOT_DIGIT": r"\D", "CATEGORY_SPACE": r"\s",
               "CATEGORY_NOT_SPACE": r"\S", "CATEGORY_WORD": r"\w", "CATEGORY_NOT_WORD": r"\W"}


def _char_class(item) -> re.Pattern | None:
    """A one-character item (``\\d``, ``[.:]``, ``[^,]``) as an expression of its own, that
    matches at least what the item matches under any flags: a class case-insensitively, a
    negated class case-sensitively (``(?i)[^a]`` refuses "A" too); None for other items."""
    from re import _constants as c  # noqa: PLC0415

    op, av = item
    if op == c.NOT_LITERAL:
        return re.compile("[^" + re.escape(chr(av)) + "]")
    if op != c.IN:
        return None
    parts = []
    flags = re.I
    for kind, value in av:
        if kind == c.NEGATE:
            parts.insert(0, "^")
            flags = 0
        elif kind == c.LITERAL:
            parts.append(re.escape(chr(value)))
        elif kind == c.RANGE:
            parts.append(re.escape(chr(value[0])) + "-" + re.escape(chr(value[1])))
        elif kind == c.CATEGORY and str(value) in _CATEGORIES:
            parts.append(_CATEGORIES[str(value)])
        else:
            return None
    return re.compile("[" + "".join(parts) + "]", flags)


def starts_lines(pattern: str) -> bool:
    """Whether every match of ``pattern`` starts where a line does: it opens with ``^`` under
    MULTILINE ("(?im)^[ \\t]*Tempat\\s*:"), so it need only be tried at the line starts, which all
    such rules share (:func:`line_starts`), instead of at every space its first class allows."""
    import re._parser as sre_parse  # noqa: PLC0415
    from re import _constants as c  # noqa: PLC0415

    try:
        parsed = sre_parse.parse(pattern)
    except re.error:
        return False
    items = list(parsed)
    return bool(parsed.state.flags & re.MULTILINE) and bool(items) and items[0] == (c.AT, c.AT_BEGINNING)


def line_starts(text: str) -> list[int]:
    """Where each line of ``text`` starts."""
    return [0, *(m.end() for m in _NEWLINE.finditer(text))]


_NEWLINE = re.compile("\n")


def trie(words, any_space: bool = False) -> str:
    """An expression matching any of ``words`` (plain strings), the longest that fits first, with
    the words' common beginnings shared: one branch per next character instead of one alternative
    per word, so the regex engine tests a position against a few characters, not every word.
    With ``any_space``, a space inside a word matches any run of white space."""
    tree: dict = {}
    for word in words:
        node = tree
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = {}  # a word ends here

    def walk(node: dict) -> str:
        branches = [(r"\s+" if ch == " " and any_space else re.escape(ch)) + walk(child)
                    for ch, child in sorted(node.items()) if ch]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        return f"(?:{body})?" if "" in node else body  # a longer word first, then the one ending here

    return walk(tree)


class StartFinder:
    """Where each of many regexes may start (their :func:`leading_literals`), from one scan of a text.

    Every rule's leading strings go into one :func:`trie`, run as a look-ahead over the folded text:
    each position is tested once for all rules, overlapping starts included, and the longest string
    found at a position names every rule that may start there (the others found there are its
    beginnings). A leading character ("(", a space) or class (``\\d``) is looked for once for all
    the rules that share it. Where a rule's places are many, it scans the whole text as usual.
    """

    def __init__(self, starts: list[frozenset | None]):
        self.known = [bool(found) for found in starts]  # a rule without leading strings may start anywhere
        # a run's strings are looked for as the rule's own; the run before each is added after
        self.runs = {k: [s for s in found if isinstance(s, Run)] for k, found in enumerate(starts)
                     if found and any(isinstance(s, Run) for s in found)}
        starts = [None if found is None else frozenset(itertools.chain.from_iterable(
            s.strings if isinstance(s, Run) else (s,) for s in found)) for found in starts]
        strings = sorted({s for found in starts for s in found or () if isinstance(s, str) and len(s) > 1})
        self.scan = re.compile(f"(?=({trie(strings)}))") if strings else None
        # the rules that may start where ``longest`` is found: those with a string it begins with
        rules_of: dict[str, set[int]] = {}
        self.singles: dict[str | re.Pattern, list[int]] = {}  # a character or a class -> the rules starting with it
        self.anywhere: set[int] = set()  # rules that may start at any letter: they scan the whole text
        for k, found in enumerate(starts):
            for s in found or ():
                if isinstance(s, str) and len(s) > 1:
                    rules_of.setdefault(s, set()).add(k)
                elif not isinstance(s, str) and (s.match("a") or s.match("A")):
                    self.anywhere.add(k)
                else:
                    self.singles.setdefault(s, []).append(k)
        self.owners = {longest: tuple(sorted(set().union(*(rules_of.get(longest[:n], ()) for n in range(2, len(longest) + 1)))))
                       for longest in strings}

    def places(self, text: str, folded: str) -> list[list[int] | None]:
        """For each rule, the sorted places of ``text`` where it may start, or None where it may start
        anywhere or its places are so many that a scan of the whole text costs less; ``folded`` is
        :func:`fold` of ``text``, as long."""
        found: list = [[] if known else None for known in self.known]
        if self.scan is not None:
            owners = self.owners
            for m in self.scan.finditer(folded):
                at = m.start()
                for k in owners[m.group(1)]:
                    found[k].append(at)
        limit = 16 + len(text) // 24
        for single, rules in self.singles.items():
            if isinstance(single, str):  # counted before listed: a space is everywhere
                at = None if folded.count(single) > limit else _places(folded, single)
            else:
                at = list(itertools.islice((m.start() for m in single.finditer(text)), limit + 1))
                at = None if len(at) > limit else at
            for k in rules:
                found[k] = None if found[k] is None or at is None else sorted({*found[k], *at})
        for k in self.anywhere:
            found[k] = None
        for k, runs in self.runs.items():
            if found[k]:
                found[k] = sorted({*found[k], *(at for run in runs for at in _run_before(run, text, folded, found[k]))})
        return [None if at is not None and len(at) > limit else at for at in found]


def _run_before(run: Run, text: str, folded: str, places: list[int]) -> Iterator[int]:
    """Where a match may start in ``run`` of characters before its strings, found at some of ``places``."""
    chars = "".join(c for c in run.chars if isinstance(c, str))
    classes = [c for c in run.chars if not isinstance(c, str)]
    for at in places:
        if any(folded.startswith(s, at) for s in run.strings):
            i = at - 1
            while i >= 0 and (folded[i] in chars or any(c.match(text, i) for c in classes)):
                yield i
                i -= 1


def _places(text: str, s: str) -> list[int]:
    """Every place where ``s`` is found in ``text``."""
    at = []
    p = text.find(s)
    while p >= 0:
        at.append(p)
        p = text.find(s, p + 1)
    return at


def finditer_from(regex: re.Pattern, text: str, folded: str, starts: frozenset):
    """``regex.finditer(text)`` for a regex whose matches all start with one of ``starts``
    (:func:`leading_literals`): tried only where ``folded`` (:func:`fold` of ``text``) has such
    a string or ``text`` such a character; when those places are many, the regex scans as usual.
    (One regex alone; :class:`StartFinder` finds the places of many in one scan.)"""
    places = StartFinder([starts]).places(text, folded)[0]
    return regex.finditer(text) if places is None else finditer_at(regex, text, places)


def finditer_at(regex: re.Pattern, text: str, places: list[int]) -> list[re.Match]:
    """``regex.finditer(text)`` for a regex whose matches all start at one of ``places`` (sorted):
    every place is tried (few match, so one comprehension costs less than a loop that skips), then
    a match that starts inside the one before it is dropped, as finditer goes on from a match's end."""
    match = regex.match
    out: list[re.Match] = []
    end = 0
    for m in [m for at in places if (m := match(text, at))]:
        if m.start() >= end:
            out.append(m)
            end = m.end()
    return out


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


class Literals(NamedTuple):
    """What the cue finder knows of a rule's matches before running it."""

    needs: frozenset | None  # :func:`required_literals`, with ``keep_case``
    cased: bool  # whether ``needs`` keep their case (looked for in the text, not in its fold)
    starts: frozenset | None  # :func:`leading_literals`
    at_lines: bool  # :func:`starts_lines`
    line_needs: frozenset | None  # :func:`first_line_literals`, for a rule that starts lines


def analyse(patterns: list[str]) -> dict[str, Literals]:
    """The :class:`Literals` of each pattern, kept between runs.

    Working them out parses every rule's expression again (a few tens of milliseconds of each
    start-up), so the results are :func:`pipeline.rules.cached` under a hash of this module's own
    source and the patterns: a change to either is worked out afresh, never read stale.
    """
    import hashlib
    from pathlib import Path

    from .rules import cached

    key = hashlib.sha256(Path(__file__).read_bytes())
    for pattern in patterns:
        key.update(pattern.encode("utf-8", "surrogatepass") + b"\0")

    def work_out(p: str) -> tuple:
        lines = starts_lines(p)
        return (_freeze(required_literals(p, keep_case=True)), reads_case(p), _freeze(leading_literals(p)), lines,
                _freeze(first_line_literals(p, min_length=2) if lines else None))

    stored = cached("literals", key.hexdigest(), lambda: [work_out(p) for p in patterns])
    return {p: Literals(_thaw(need), cased, _thaw(lead), lines, _thaw(line_needs))
            for p, (need, cased, lead, lines, line_needs) in zip(patterns, stored)}


def lines_holding(folded: str, words: frozenset[str]) -> list[int]:
    """The starts of the lines of ``folded`` on which one of ``words`` begins, in order."""
    found = set()
    for word in words:
        at = folded.find(word)
        while at >= 0:
            found.add(folded.rfind("\n", 0, at) + 1)
            at = folded.find(word, at + 1)
    return sorted(found)


def _freeze(found: frozenset | None) -> list | None:
    """Plain data for marshal: strings as they are, character classes as ``[pattern, flags]``, runs
    as ``["run", chars, strings]``."""
    def one(s):
        if isinstance(s, str):
            return s
        if isinstance(s, Run):
            return ["run", _freeze(s.chars), sorted(s.strings)]
        return [s.pattern, int(s.flags & re.I)]
    return None if found is None else [one(s) for s in found]


def _thaw(stored: list | None) -> frozenset | None:
    def one(s):
        if isinstance(s, str):
            return s
        if len(s) == 3 and s[0] == "run":
            return Run(_thaw(s[1]), frozenset(s[2]))
        return re.compile(s[0], s[1])
    return None if stored is None else frozenset(one(s) for s in stored)
