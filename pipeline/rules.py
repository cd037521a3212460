"""Load and validate the rule files under ``rules/`` into frozen dataclasses.

Every rule file is read with ``yaml.safe_load`` as UTF-8 and checked before the first
document is processed. All problems are collected and raised together as one
:class:`~pipeline.errors.RulesError`, one line per problem, in the form
``rules/attendees.yaml: rules[3] (id=dihadiri_oleh).tokens[1]: unknown attribute 'LOWR'``.

Three kinds of content live in the folder:

* matcher rules (``rules:``): entries with ``id``, ``label`` and exactly one of ``phrase``,
  ``tokens`` (a spaCy token pattern) or ``regex``; a regex may use macros such as ``{MONTHS}``,
  each expanded to an alternation of the words of the lexicon of that name (``months``);
* lexicons (``lexicon:``): named word lists or canonical-to-variants mappings;
* tables (``abbreviations:``, ``provinces:``/``regencies:``) read by the normalisers.
"""
from __future__ import annotations

import hashlib
import json
import os
import re
import sys
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from types import MappingProxyType
from typing import Any, Callable, Mapping

import yaml

from .errors import RulesError

_SafeLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # the C loader when PyYAML has it: same safety, faster

RULE_KEYS = {"id", "label", "phrase", "tokens", "regex", "comment"}
PATTERN_KEYS = ("phrase", "tokens", "regex")
TOP_KEYS = {"rules", "lexicon", "abbreviations", "provinces", "regencies", "districts", "urusan"}
REGENCY_TYPES = {"kabupaten", "kota"}
TIMEZONES = {"WIB", "WITA", "WIT"}
MACRO = re.compile(r"\{([A-Z][A-Z_]*)\}")
LABEL = re.compile(r"^[A-Z][A-Z0-9_]*$")
RULE_ID = re.compile(r"^[a-z][a-z0-9_]*$")

#: The word lists the extractor consults, and the file each belongs in: a rules folder without one
#: of them is refused by the loader (and ``notulen rules check``) rather than failing mid-batch.
REQUIRED_LEXICONS: Mapping[str, str] = MappingProxyType({
    **dict.fromkeys(("months", "weekdays", "timezones", "event_cues", "other_date_cues", "open_end",
                     "title_common_words"), "dates.yaml"),
    **dict.fromkeys(("venue_heads", "online_platforms", "venue_stops", "room_words", "venue_inner_words",
                     "venue_building_words", "venue_joining_words", "venue_end_words", "platform_suffixes",
                     "room_heads", "described_venue", "street_words"),
                    "venue.yaml"),
    **dict.fromkeys(("opener_stops", "speech_verbs", "breakout_words", "passive_speech_verbs", "session_words"),
                    "meeting.yaml"),
    **dict.fromkeys(("place_heads", "policy_words"), "programs.yaml"),
    "urusan_tail_words": "urusan.yaml",
    **dict.fromkeys(("role_starters", "strong_starters", "role_modifiers", "unit_words", "org_words",
                     "association_words", "titles_before", "titles_after", "unit_heads", "unit_posts",
                     "office_posts", "meeting_words", "address_words", "spoken_addresses", "corps_words",
                     "generic_offices", "plural_openers", "group_words", "acting_words", "name_particles",
                     "scope_words", "participant_columns"), "attendees.yaml"),
    **dict.fromkeys(("list_intros", "place_words", "ordinals", "item_starters", "activity_cues", "agenda_items",
                     "proposal_columns", "follow_up_columns"), "sections.yaml"),
    "nonfinal_abbreviations": "abbreviations.yaml",
})


def default_rules_dir() -> Path:
    """The rules folder shipped with notulen: the checkout's ``rules/``, else the installed copy."""
    here = Path(__file__).resolve().parent
    for candidate in (here.parent / "rules", here / "rules"):
        if (candidate / "dates.yaml").is_file():
            return candidate
    raise RulesError([f"{here.parent / 'rules'}: rules folder not found; pass --rules DIR"])


@dataclass(frozen=True)
class MatchRule:
    """One matcher rule: what it finds (``kind`` and ``pattern``) and the label it gives."""

    id: str
    label: str
    kind: str  # "phrase", "tokens" or "regex"
    pattern: Any  # str for phrase and regex (macros expanded), tuple of dicts for tokens
    source: str  # "rules/<file>.yaml"


@dataclass(frozen=True)
class Province:
    code: str
    name: str
    timezone: str
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True)
class Regency:
    code: str
    type: str  # "kabupaten" or "kota"
    name: str
    province: str
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True)
class Urusan:
    """A government affair of the Permendagri 90/2019 nomenclature and the cue words that file an item under it."""

    code: str  # "1.02"
    name: str  # "Kesehatan"
    cues: tuple[str, ...]
    weak: tuple[str, ...] = ()  # cues that decide only when no other cue occurs ("kecamatan" is mostly a place)


@dataclass(frozen=True)
class RuleSet:
    """Everything under one rules folder, validated."""

    folder: Path
    matchers: tuple[MatchRule, ...]
    lexicon: Mapping[str, Any]
    abbreviations: Mapping[str, str]
    provinces: tuple[Province, ...]
    regencies: tuple[Regency, ...]
    districts: Mapping[str, tuple[tuple[str, str], ...]] = field(default_factory=dict)  # regency code -> (code, name)
    digest: str = field(default="")
    urusan: tuple[Urusan, ...] = ()

    def words(self, name: str) -> tuple[str, ...]:
        """A lexicon list (or the keys and variants of a mapping), lower-cased."""
        value = self.lexicon.get(name, ())
        if isinstance(value, Mapping):
            out: list[str] = []
            for key, variants in value.items():
                out.append(str(key).lower())
                out.extend(str(v).lower() for v in variants or ())
            return tuple(out)
        return tuple(str(v).lower() for v in value)

    def variants(self, name: str) -> Mapping[str, str]:
        """A lexicon mapping inverted: each lower-cased variant (and the key itself) to its key."""
        value = self.lexicon.get(name, {})
        out: dict[str, str] = {}
        for key, variants in value.items():
            out[str(key).lower()] = str(key)
            for v in variants or ():
                out[str(v).lower()] = str(key)
        return MappingProxyType(out)


class _Problems(list):
    def add(self, where: str, message: str) -> None:
        self.append(f"{where}: {message}")


def _rule_where(source: str, index: int, rule: Any) -> str:
    rid = rule.get("id") if isinstance(rule, dict) else None
    return f"{source}: rules[{index}]" + (f" (id={rid})" if rid else "")


def _token_patterns_problems(patterns: list[list]) -> dict[str, list[str]]:
    """:func:`_spacy_token_problems` of each pattern, by its JSON; :func:`cached` under a hash of
    the patterns and spaCy's version, so a process that only reads the rules (the command line's
    parent of its workers) does not import spaCy to check patterns it checked before."""
    from importlib.metadata import PackageNotFoundError, version

    keys = [json.dumps(p, sort_keys=True, default=repr) for p in patterns]
    try:
        spacy_version = version("spacy")
    except PackageNotFoundError:
        spacy_version = "?"
    key = hashlib.sha256("\0".join([spacy_version, *keys]).encode()).hexdigest()
    return cached("tokens", key, lambda: {k: _spacy_token_problems(p) for k, p in zip(keys, patterns)})


def _spacy_token_problems(pattern: list) -> list[str]:
    """spaCy's own validation of a token pattern, re-worded as ``[i]: message``."""
    from spacy.schemas import validate_token_pattern

    out = []
    for message in validate_token_pattern(pattern):
        m = re.match(r"\[pattern -> (\d+)(?: -> ([^\]]*))?\] (.*)", message)
        if not m:
            out.append(message)
            continue
        index, path, text = m.groups()
        if text.startswith("Extra inputs are not permitted") and path:
            out.append(f"[{index}]: unknown attribute '{path.split(' -> ')[0]}'")
        else:
            out.append(f"[{index}]{'.' + path.split(' -> ')[0] if path else ''}: {text}")
    return sorted(set(out))


def _macro(lexicon: Mapping[str, Any], name: str) -> str | None:
    """A regex alternation of every word in lexicon ``name`` (lower-cased), longest first."""
    value = lexicon.get(name.lower())
    if value is None:
        return None
    words: list[str] = []
    if isinstance(value, Mapping):
        for key, variants in value.items():
            words.append(str(key))
            words.extend(str(v) for v in variants or ())
    else:
        words.extend(str(v) for v in value)
    unique = sorted({w for w in words if w}, key=lambda w: (-len(w), w))
    return "(?:" + "|".join(re.escape(w).replace("\\ ", r"\s+") for w in unique) + ")"


def _check_matcher_rules(source: str, rules: Any, problems: _Problems, seen: dict) -> list[tuple[int, dict]]:
    if not isinstance(rules, list):
        problems.add(source, "'rules' must be a list of rule entries")
        return []
    good = []
    checked = _token_patterns_problems([r["tokens"] for r in rules if isinstance(r, dict) and isinstance(r.get("tokens"), list)])
    for i, rule in enumerate(rules):
        where = _rule_where(source, i, rule)
        if not isinstance(rule, dict):
            problems.add(where, "expected a mapping with id, label and one of phrase/tokens/regex")
            continue
        unknown = sorted(set(rule) - RULE_KEYS)
        for key in unknown:
            problems.add(where, f"unknown key '{key}' (allowed: {', '.join(sorted(RULE_KEYS))})")
        rid, label = rule.get("id"), rule.get("label")
        if not isinstance(rid, str) or not RULE_ID.match(rid):
            problems.add(where, "missing or invalid 'id' (expected lower_snake_case text)")
        elif rid in seen:
            problems.add(where, f"duplicate id '{rid}' (first in {seen[rid]})")
        else:
            seen[rid] = source
        if not isinstance(label, str) or not LABEL.match(label):
            problems.add(where, "missing or invalid 'label' (expected UPPER_CASE text)")
        kinds = [k for k in PATTERN_KEYS if k in rule]
        if len(kinds) != 1:
            problems.add(where, f"expected exactly one of phrase, tokens, regex (found {len(kinds)})")
            continue
        kind = kinds[0]
        value = rule[kind]
        if kind in ("phrase", "regex") and (not isinstance(value, str) or not value.strip()):
            problems.add(f"{where}.{kind}", "expected non-empty text")
            continue
        if kind == "tokens":
            if not isinstance(value, list) or not value:
                problems.add(f"{where}.tokens", "expected a non-empty list of token specs")
                continue
            bad = checked[json.dumps(value, sort_keys=True, default=repr)]
            problems.extend(f"{where}.tokens{message}" for message in bad)
            if bad:
                continue
        if not unknown:
            good.append((i, rule))
    return good


def _check_lexicon(source: str, lexicon: Any, problems: _Problems) -> dict:
    if not isinstance(lexicon, dict):
        problems.add(source, "'lexicon' must be a mapping of names to word lists or mappings")
        return {}
    out = {}
    for name, value in lexicon.items():
        where = f"{source}: lexicon.{name}"
        if isinstance(value, list):
            if not all(isinstance(v, str) and v for v in value):
                problems.add(where, "expected a list of non-empty strings")
                continue
            out[name] = tuple(value)
        elif isinstance(value, dict):
            ok = True
            for key, variants in value.items():
                if variants is None:
                    continue
                if not isinstance(variants, list) or not all(isinstance(v, str) for v in variants):
                    problems.add(f"{where}.{key}", "expected a list of variant strings")
                    ok = False
            if ok:
                out[name] = MappingProxyType({str(k): tuple(v or ()) for k, v in value.items()})
        else:
            problems.add(where, "expected a list or a mapping")
    return out


def _check_abbreviations(source: str, table: Any, problems: _Problems) -> dict:
    if not isinstance(table, dict):
        problems.add(source, "'abbreviations' must map an abbreviation to its expansion")
        return {}
    out = {}
    for key, value in table.items():
        if not isinstance(key, str) or not isinstance(value, str) or not value.strip():
            problems.add(f"{source}: abbreviations.{key}", "expected text: its expansion")
        else:
            out[key] = value
    return out


def _check_regions(source: str, data: dict, problems: _Problems) -> tuple[list, list]:
    provinces, regencies = [], []
    codes: set[str] = set()
    for i, p in enumerate(data.get("provinces") or []):
        where = f"{source}: provinces[{i}]"
        if not isinstance(p, dict) or not isinstance(p.get("code"), str) or not isinstance(p.get("name"), str):
            problems.add(where, "expected code and name as text")
            continue
        if p.get("timezone") not in TIMEZONES:
            problems.add(where, f"timezone must be one of {', '.join(sorted(TIMEZONES))}")
            continue
        if p["code"] in codes:
            problems.add(where, f"duplicate code '{p['code']}'")
        codes.add(p["code"])
        provinces.append(Province(p["code"], p["name"], p["timezone"], tuple(p.get("aliases") or ())))
    province_codes = {p.code for p in provinces}
    for i, r in enumerate(data.get("regencies") or []):
        where = f"{source}: regencies[{i}]"
        if not isinstance(r, dict) or not all(isinstance(r.get(k), str) for k in ("code", "name", "province")):
            problems.add(where, "expected code, name and province as text")
            continue
        if r.get("type") not in REGENCY_TYPES:
            problems.add(where, "type must be kabupaten or kota")
            continue
        if r["province"] not in province_codes:
            problems.add(where, f"unknown province '{r['province']}'")
            continue
        if r["code"] in codes:
            problems.add(where, f"duplicate code '{r['code']}'")
        codes.add(r["code"])
        regencies.append(Regency(r["code"], r["type"], r["name"], r["province"], tuple(r.get("aliases") or ())))
    return provinces, regencies


def _check_districts(source: str, table: Any, problems: _Problems) -> dict:
    if not isinstance(table, dict):
        problems.add(source, "'districts' must map a kabupaten/kota code to a list of \"NN Name\" entries")
        return {}
    out = {}
    for code, entries in table.items():
        good = []
        for i, entry in enumerate(entries if isinstance(entries, list) else [None]):
            m = re.fullmatch(r"(\d{2}) (\S.*)", entry) if isinstance(entry, str) else None
            if not m:
                problems.add(f"{source}: districts.{code}[{i}]", 'expected "NN Name" (the last part of the code, a space, the name)')
                continue
            good.append((f"{code}.{m.group(1)}", m.group(2)))
        out[str(code)] = tuple(good)
    return out


URUSAN_CODE = re.compile(r"^[1-8]\.\d{2}$")


def _check_urusan(source: str, table: Any, problems: _Problems) -> list[Urusan]:
    if not isinstance(table, list):
        problems.add(source, "'urusan' must be a list of entries with code, name and cues")
        return []
    out: list[Urusan] = []
    codes: set[str] = set()
    cue_owner: dict[str, str] = {}
    for i, entry in enumerate(table):
        where = f"{source}: urusan[{i}]" + (f" (code={entry.get('code')})" if isinstance(entry, dict) and entry.get("code") else "")
        if not isinstance(entry, dict):
            problems.add(where, "expected a mapping with code, name and cues")
            continue
        for key in sorted(set(entry) - {"code", "name", "cues", "weak", "comment"}):
            problems.add(where, f"unknown key '{key}' (allowed: code, comment, cues, name, weak)")
        code, name, cues, weak = entry.get("code"), entry.get("name"), entry.get("cues"), entry.get("weak") or []
        ok = True
        if not isinstance(code, str) or not URUSAN_CODE.match(code):
            problems.add(where, "missing or invalid 'code' (expected text like \"1.02\")")
            ok = False
        elif code in codes:
            problems.add(where, f"duplicate code '{code}'")
            ok = False
        if not isinstance(name, str) or not name.strip():
            problems.add(where, "missing 'name' (the urusan's name as the nomenclature gives it)")
            ok = False
        if not isinstance(cues, list) or not cues or not all(isinstance(c, str) and c.strip(" *") for c in cues):
            problems.add(f"{where}.cues", "expected a non-empty list of cue words")
            ok = False
        elif not isinstance(weak, list) or not all(isinstance(c, str) and c.strip(" *") for c in weak):
            problems.add(f"{where}.weak", "expected a list of cue words")
            ok = False
        else:
            for c in cues + weak:
                key = " ".join(c.lower().split())
                if key in cue_owner and cue_owner[key] != code:
                    problems.add(f"{where}.cues", f"cue '{c}' is also a cue of {cue_owner[key]}")
                    ok = False
                cue_owner.setdefault(key, code)
        if ok:
            codes.add(code)
            out.append(Urusan(code, name.strip(), tuple(" ".join(c.lower().split()) for c in cues),
                              tuple(" ".join(c.lower().split()) for c in weak)))
    return out


def cache_dir() -> Path | None:
    """Where parsed rule files are kept between runs: ``$NOTULEN_CACHE_DIR``, else the user's cache
    folder (``$XDG_CACHE_HOME/notulen`` or ``~/.cache/notulen``); an empty ``NOTULEN_CACHE_DIR`` turns it off."""
    if "NOTULEN_CACHE_DIR" in os.environ:
        return Path(os.environ["NOTULEN_CACHE_DIR"]) if os.environ["NOTULEN_CACHE_DIR"] else None
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "notulen"


def cached(kind: str, key: str, make: Callable[[], Any]) -> Any:
    """Plain data (what ``marshal`` keeps: no code runs when it is read) made by ``make()``, kept in
    :func:`cache_dir` as ``<kind>-<key>-<python>.marshal``. ``key`` must change whenever the data
    would, so a stale entry is never read; a cache that cannot be read or written is not used, and
    data marshal cannot keep is made each time. Errors from ``make`` are never cached."""
    import marshal

    folder = cache_dir()
    version = f"py{sys.version_info[0]}{sys.version_info[1]}m{marshal.version}"
    path = folder / f"{kind}-{key}-{version}.marshal" if folder else None
    if path is not None:
        try:
            return marshal.loads(path.read_bytes())
        except (OSError, EOFError, ValueError, TypeError):
            pass
    data = make()
    if path is not None:
        try:
            from .writers import write_atomic

            write_atomic(path, marshal.dumps(data))
        except (OSError, ValueError):
            pass  # not writable, or a value marshal cannot keep (a YAML date)
    return data


def _parsed_yaml(data: bytes) -> Any:
    """A rule file's YAML, parsed; :func:`cached` under the hash of its bytes.

    Parsing the ~3,500 lines of region and district names takes about 0.1 s, a good part of
    notulen's start-up; reading them back takes milliseconds.
    """
    def parse() -> Any:
        text = data.decode("utf-8")
        try:
            return yaml.load(text, Loader=_SafeLoader)
        except yaml.YAMLError:
            return yaml.load(text, Loader=yaml.SafeLoader)  # the pure loader words errors the same everywhere

    return cached("rules", hashlib.sha256(data).hexdigest(), parse)


def load_rules(folder: Path | str | None = None) -> RuleSet:
    """Read every ``*.yaml`` in ``folder`` and validate it; raise RulesError listing all problems."""
    folder = Path(folder) if folder is not None else default_rules_dir()
    problems = _Problems()
    if not folder.is_dir():
        raise RulesError([f"{folder}: not a folder of rule files"])
    files = sorted(folder.glob("*.yaml"))
    if not files:
        raise RulesError([f"{folder}: no *.yaml rule files found"])
    digest = hashlib.sha256()
    raw_rules: list[tuple[str, dict]] = []
    lexicon: dict[str, Any] = {}
    abbreviations: dict[str, str] = {}
    provinces: list[Province] = []
    regencies: list[Regency] = []
    districts: dict[str, tuple[tuple[str, str], ...]] = {}
    seen_ids: dict[str, str] = {}
    urusan: list[Urusan] = []
    for path in files:
        source = f"{folder.name}/{path.name}"
        data_bytes = path.read_bytes()
        digest.update(path.name.encode() + b"\0" + data_bytes)
        try:
            data = _parsed_yaml(data_bytes)
        except UnicodeDecodeError as exc:
            problems.add(source, f"not UTF-8 ({exc.reason} at byte {exc.start})")
            continue
        except yaml.YAMLError as exc:
            mark = getattr(exc, "problem_mark", None)
            where = f"{source}:{mark.line + 1}" if mark else source
            problems.add(where, f"invalid YAML: {getattr(exc, 'problem', None) or exc}")
            continue
        if data is None:
            continue
        if not isinstance(data, dict):
            problems.add(source, "expected a mapping at the top level")
            continue
        for key in sorted(set(data) - TOP_KEYS):
            problems.add(source, f"unknown top-level key '{key}' (allowed: {', '.join(sorted(TOP_KEYS))})")
        if "rules" in data:
            raw_rules += [(source, i, r) for i, r in _check_matcher_rules(source, data["rules"], problems, seen_ids)]
        if "lexicon" in data:
            for name, value in _check_lexicon(source, data["lexicon"], problems).items():
                if name in lexicon:
                    problems.add(f"{source}: lexicon.{name}", "defined in more than one file")
                lexicon[name] = value
        if "abbreviations" in data:
            abbreviations.update(_check_abbreviations(source, data["abbreviations"], problems))
        if "provinces" in data or "regencies" in data:
            p, r = _check_regions(source, data, problems)
            provinces += p
            regencies += r
        if "districts" in data:
            districts.update(_check_districts(source, data["districts"], problems))
        if "urusan" in data:
            urusan += _check_urusan(source, data["urusan"], problems)
    known = {r.code for r in regencies}
    for code in sorted(set(districts) - known):
        problems.add(f"{folder.name}/districts.yaml: districts.{code}", "unknown kabupaten/kota code")
    for name in ("months", "weekdays", "timezones"):
        if not isinstance(lexicon.get(name), Mapping):
            problems.add(f"{folder.name}/dates.yaml", f"lexicon.{name} is required (canonical: [variants])")
    for name, file in REQUIRED_LEXICONS.items():
        if name not in lexicon and name not in ("months", "weekdays", "timezones"):  # those are checked above
            problems.add(f"{folder.name}/{file}", f"lexicon.{name} is required (a list of words); the extractor consults it")
    matchers: list[MatchRule] = []
    for source, index, rule in raw_rules:
        where = f"{source}: rules[{index}] (id={rule['id']})"
        kind = next(k for k in PATTERN_KEYS if k in rule)
        pattern = rule[kind]
        if kind == "regex":
            macros = {m: _macro(lexicon, m) for m in MACRO.findall(pattern)}
            unknown = sorted(m for m, alternation in macros.items() if alternation is None)
            if unknown:
                problems.add(f"{where}.regex", f"unknown macro {{{unknown[0]}}}: no lexicon named '{unknown[0].lower()}'")
                continue
            pattern = MACRO.sub(lambda m: macros[m.group(1)], pattern)
            try:
                re.compile(pattern)
            except re.error as exc:
                problems.add(f"{where}.regex", f"invalid regular expression: {exc}")
                continue
        elif kind == "tokens":
            pattern = tuple(pattern)
        matchers.append(MatchRule(rule["id"], rule["label"], kind, pattern, source))
    if problems:
        raise RulesError(list(problems))
    return RuleSet(
        folder=folder,
        matchers=tuple(matchers),
        lexicon=MappingProxyType(lexicon),
        abbreviations=MappingProxyType(abbreviations),
        provinces=tuple(provinces),
        regencies=tuple(regencies),
        districts=MappingProxyType(districts),
        digest=digest.hexdigest(),
        urusan=tuple(urusan),
    )


@lru_cache(maxsize=8)
def _cached_rules(folder: str, digest_key: float) -> RuleSet:
    return load_rules(Path(folder))


def rules_for(folder: str | None) -> RuleSet:
    """The validated rules of ``folder`` (default: notulen's own), loaded once per process."""
    path = Path(folder) if folder else default_rules_dir()
    stamp = max((p.stat().st_mtime for p in path.glob("*.yaml")), default=0.0)
    return _cached_rules(str(path.resolve()), stamp)
