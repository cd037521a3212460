"""Pure normalisers: dates, weekdays, times, time zones, regions, person titles, abbreviations.

Every function takes the tables it needs as arguments (built from the rule files by the
caller); none reads files, touches spaCy or keeps global state.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Iterable, Mapping, Sequence

#: UTC offsets of Indonesia's three time zones (fixed by law, not by the rule files).
TZ_OFFSETS = {"WIB": "+07:00", "WITA": "+08:00", "WIT": "+09:00"}
#: Indonesian weekday names by Python's ``date.weekday()`` (Monday is 0).
WEEKDAY_NAMES = ("Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu", "Minggu")
MONTH_ORDER = ("januari", "februari", "maret", "april", "mei", "juni", "juli", "agustus",
               "september", "oktober", "november", "desember")

_WORD = re.compile(r"[A-Za-z][A-Za-z'’`]*")
_NUM = re.compile(r"\d+")
_RANGE_SEP = re.compile(r"^\s*(?:-|–|—|s\.\s?d\.?|s\.d\.?|s/d|sd|sampai\s+dengan|hingga)\s*$", re.I)


@dataclass(frozen=True)
class DateValue:
    """A date as written: day and month always, year when written (two digits already widened)."""

    day: int
    month: int
    year: int | None
    weekday: str | None = None  # canonical weekday as written ("senin"), if any
    end_day: int | None = None  # for ranges "17-19 Desember 2022"

    def iso(self, year: int | None = None) -> str | None:
        y = self.year if self.year is not None else year
        if y is None:
            return None
        try:
            return dt.date(y, self.month, self.day).isoformat()
        except ValueError:
            return None

    def end_iso(self, year: int | None = None) -> str | None:
        if self.end_day is None:
            return None
        return DateValue(self.end_day, self.month, self.year).iso(year)


def widen_year(year: int) -> int:
    """Two-digit years in minutes are this century's: 19 -> 2019."""
    return year + 2000 if year < 100 else year


def parse_date(text: str, months: Mapping[str, str], weekdays: Mapping[str, str]) -> DateValue | None:
    """Parse one date expression such as "Senin tanggal 01 Februari 2016", "17-19 Desember 2022",
    "12 s.d. 14 Maret 2019", "Senin (14/3)", "(Senin, 04/03/19)" or "21-01-2022".

    ``months`` and ``weekdays`` map each lower-cased variant to its canonical name.
    Returns None when the text holds no valid date.
    """
    lowered = text.lower()
    weekday = None
    month = None
    for m in _WORD.finditer(lowered):
        word = m.group(0).rstrip(".")
        if weekday is None and word in weekdays:
            weekday = weekdays[word]
        elif month is None and word in months and not word.isdigit():
            month = MONTH_ORDER.index(months[word]) + 1 if months[word] in MONTH_ORDER else None
    numbers = [(int(n.group(0)), n.start(), n.end(), len(n.group(0))) for n in _NUM.finditer(lowered)]
    day = end_day = year = None
    if month is not None:
        years = [n for n in numbers if n[3] == 4]
        days = [n for n in numbers if n[3] <= 2]
        if not days:
            return None
        year = years[-1][0] if years else None
        month_at = next((m.start() for m in _WORD.finditer(lowered) if m.group(0).rstrip(".") in months), 0)
        if year is None and len(days) >= 2 and days[-1][1] > month_at:
            year = widen_year(days[-1][0])  # "14 Maret 19"
            days = days[:-1]
        day = days[0][0]
        if len(days) >= 2 and _RANGE_SEP.match(lowered[days[0][2]:days[1][1]]):
            end_day = days[1][0]
    else:
        m = re.search(r"(\d{1,2})\s*[/-]\s*(\d{1,2})(?:\s*[/-]\s*(\d{2,4}))?", lowered)
        if not m:
            return None
        day, month = int(m.group(1)), int(m.group(2))
        year = widen_year(int(m.group(3))) if m.group(3) else None
    if not 1 <= month <= 12 or not 1 <= day <= 31:
        return None
    probe = year if year is not None else 2000  # a leap year, so 29 Februari passes without a year
    try:
        dt.date(probe, month, day)
    except ValueError:
        return None
    if end_day is not None and not day < end_day <= 31:
        end_day = None
    return DateValue(day, month, year, weekday, end_day)


def weekday_of(iso_date: str) -> str:
    """The Indonesian weekday of an ISO date: "2016-02-01" -> "Senin"."""
    return WEEKDAY_NAMES[dt.date.fromisoformat(iso_date).weekday()]


def weekday_agrees(iso_date: str, weekday: str | None) -> bool | None:
    """Whether a canonical weekday ("senin", "jumat") is the date's; None when no weekday is given."""
    if not weekday:
        return None
    return weekday_of(iso_date).lower() == weekday.lower()


def infer_year(date: DateValue, candidates: Sequence[int]) -> tuple[int | None, str]:
    """Choose a year for a date written without one, from years the document gives.

    ``candidates`` are in order of preference (e.g. years of full dates in the text first).
    A year in which the written weekday falls on that date wins; otherwise the first candidate.
    Returns the year and how it was chosen ("weekday", "document" or "none").
    """
    unique = list(dict.fromkeys(candidates))
    if date.weekday:
        for year in unique:
            iso = date.iso(year)
            if iso and weekday_agrees(iso, date.weekday):
                return year, "weekday"
        for year in sorted({y + d for y in unique for d in (-1, 1)} - set(unique)):
            iso = date.iso(year)
            if iso and weekday_agrees(iso, date.weekday):
                return year, "weekday"
    for year in unique:
        if date.iso(year):
            return year, "document"
    return None, "none"


@dataclass(frozen=True)
class TimeValue:
    """A time or time range as written, normalised to HH:MM."""

    start: str
    end: str | None
    open_end: bool  # "s.d. selesai"
    timezone: str | None


_CLOCK = re.compile(r"(?<![\d.,:])(\d{1,2})[.:](\d{2})(?![\d])")
_HOUR = re.compile(r"\b(?:pukul|jam)\s+(\d{1,2})(?![\d.:])", re.I)


def parse_time(text: str, timezones: Mapping[str, str], open_end_words: Iterable[str] = ("selesai",)) -> TimeValue | None:
    """Parse "pukul 08.30 s.d. 11.30 WIB", "08:30–11:30", "09.00 WITA s.d. selesai", "pukul 9 pagi".

    ``timezones`` maps lower-cased variants ("wita") to the canonical zone ("WITA").
    """
    clocks = []
    for m in _CLOCK.finditer(text):
        hour, minute = int(m.group(1)), int(m.group(2))
        if hour <= 24 and minute < 60:
            clocks.append(f"{hour % 24:02d}:{minute:02d}")
    if not clocks:
        m = _HOUR.search(text)
        if not m or int(m.group(1)) > 24:
            return None
        hour = int(m.group(1))
        if re.search(r"\b(?:siang|sore)\b", text, re.I) and hour < 12:
            hour += 12
        if re.search(r"\bmalam\b", text, re.I) and 5 <= hour < 12:
            hour += 12
        clocks.append(f"{hour % 24:02d}:00")
    zone = None
    for word in _WORD.findall(text):
        if word.lower() in timezones:
            zone = timezones[word.lower()]
            break
    lowered = text.lower()
    open_end = len(clocks) == 1 and any(re.search(rf"\b{re.escape(w)}\b", lowered) for w in open_end_words)
    return TimeValue(clocks[0], clocks[1] if len(clocks) > 1 else None, open_end, zone)


def iso_datetime(iso_date: str | None, hhmm: str | None, timezone: str | None) -> str | None:
    """"2016-02-01", "08:30", "WIB" -> "2016-02-01T08:30:00+07:00"; without a zone, a local time."""
    if not iso_date or not hhmm:
        return None
    return f"{iso_date}T{hhmm}:00{TZ_OFFSETS.get(timezone or '', '')}"


# ----------------------------------------------------------------------------- regions

@dataclass(frozen=True)
class Region:
    """A resolved region: its official full name, type, Kemendagri code and province."""

    name: str  # "Kabupaten Lahat", "Kota Prabumulih", "Provinsi Sumatera Selatan"
    type: str  # "kabupaten", "kota" or "provinsi"
    code: str
    province: str  # the province's name ("Sumatera Selatan")
    province_code: str
    timezone: str  # the province's zone: inferred, never the text's


_KAB = r"kabupaten|kab\.?|pemkab|pemerintah\s+kabupaten|bupati|wakil\s+bupati|wabup|pj\.?\s+bupati|plt\.?\s+bupati"
_KOTA = r"kota|pemkot|pemerintah\s+kota|wali\s*kota|wakil\s+wali\s*kota|wawali|pj\.?\s+wali\s*kota"
_PROV = r"provinsi|prov\.?|propinsi|pemprov|pemerintah\s+provinsi|gubernur|wakil\s+gubernur|wagub|pj\.?\s+gubernur"


@dataclass(frozen=True)
class RegionIndex:
    """Lookup tables for region names and aliases, and one compiled pattern that finds them."""

    by_key: Mapping[tuple[str, str], tuple[Region, ...]]  # (type or "", lower name) -> regions
    pattern: re.Pattern


def _squash(name: str) -> str:
    return re.sub(r"[\s-]+", " ", name.strip().lower())


def build_region_index(provinces: Sequence, regencies: Sequence) -> RegionIndex:
    """Index provinces and kabupaten/kota (rule-file records) by name, alias and type."""
    by_code = {p.code: p for p in provinces}
    by_key: dict[tuple[str, str], list[Region]] = {}
    names: set[str] = set()

    def add(kind: str, key: str, region: Region) -> None:
        by_key.setdefault((kind, _squash(key)), []).append(region)
        names.add(_squash(key))

    for p in provinces:
        region = Region(f"Provinsi {p.name}", "provinsi", p.code, p.name, p.code, p.timezone)
        add("provinsi", p.name, region)
        add("", p.name, region)
        for alias in p.aliases:
            add("provinsi", alias, region)
            add("alias", alias, region)
    for r in regencies:
        prov = by_code[r.province]
        region = Region(f"{'Kabupaten' if r.type == 'kabupaten' else 'Kota'} {r.name}", r.type, r.code,
                        prov.name, prov.code, prov.timezone)
        add(r.type, r.name, region)
        add("", r.name, region)
        for alias in r.aliases:
            add(r.type, alias, region)
            add("alias", alias, region)
    alternation = "|".join(
        re.escape(n).replace(r"\ ", r"[\s-]+") for n in sorted(names, key=lambda n: (-len(n), n))
    )
    pattern = re.compile(
        rf"(?<![\w-])(?P<se>se-|se\s+)?(?:(?:(?P<kab>{_KAB})|(?P<kota>{_KOTA})|(?P<prov>{_PROV}))\s+)?"
        rf"(?P<name>{alternation})(?![\w-])",
        re.I,
    )
    return RegionIndex({k: tuple(v) for k, v in by_key.items()}, pattern)


@dataclass(frozen=True)
class RegionMention:
    region: Region
    start: int
    end: int
    explicit: bool  # written with Kabupaten/Kota/Provinsi (or an official's title), or as a known alias
    across: bool  # "se-Kabupaten X": all across, not the meeting's own region


def find_regions(text: str, index: RegionIndex) -> list[RegionMention]:
    """Every region mention in ``text``, resolved; bare names only when Capitalised."""
    out = []
    for m in index.pattern.finditer(text):
        name = _squash(m.group("name"))
        kind = "kabupaten" if m.group("kab") else "kota" if m.group("kota") else "provinsi" if m.group("prov") else ""
        raw = m.group("name")
        regions = index.by_key.get((kind, name)) if kind else None
        explicit = bool(kind)
        if not regions and kind:
            regions = None  # "Kota Kayuagung": a town, not a kota; fall through to alias/bare
        if not regions:
            regions = index.by_key.get(("alias", name))
            explicit = bool(regions)
            start = m.start("name")
        else:
            start = m.start()
        if not regions:
            if not raw[:1].isupper():
                continue
            regions = index.by_key.get(("", name))
            explicit = False
            start = m.start("name")
        if not regions:
            continue
        if len(regions) > 1:
            # the same name for a kabupaten and its kota, or a province and a city: prefer the wider
            order = {"provinsi": 0, "kabupaten": 1, "kota": 2}
            regions = tuple(sorted(regions, key=lambda r: order[r.type]))
        out.append(RegionMention(regions[0], start, m.end(), explicit, bool(m.group("se"))))
    return out


def choose_region(mentions: Sequence[RegionMention], title_end: int = 0) -> RegionMention | None:
    """The region a meeting concerns: the most weighted mention (title and explicit forms count more)."""
    scores: dict[str, float] = {}
    first: dict[str, RegionMention] = {}
    for m in mentions:
        weight = 1.0 if m.explicit else 0.3
        if m.start < title_end:
            weight *= 3
        if m.across:
            weight *= 0.1
        scores[m.region.code] = scores.get(m.region.code, 0.0) + weight
        first.setdefault(m.region.code, m)
    if not scores:
        return None
    best = max(scores, key=lambda code: (scores[code], -first[code].start))
    return first[best]


# ----------------------------------------------------------------------------- people

def _title_key(token: str) -> str:
    return token.lower().replace(".", "").replace(",", "")


def split_person(text: str, titles_before: Iterable[str], titles_after: Iterable[str]) -> dict:
    """Split a person's name from the titles around it.

    "Dr. Ir. H. Muhammad Rizal Fahmi, M.T." -> {"name": "Muhammad Rizal Fahmi",
    "titles_before": ["Dr.", "Ir.", "H."], "titles_after": ["M.T."]}.
    """
    before_keys = {_title_key(t) for t in titles_before}
    after_keys = {_title_key(t) for t in titles_after}
    head, *tail = [part.strip() for part in re.split(r",\s*", text.strip()) if part.strip()]
    tokens = head.split()
    pre = []
    while tokens and _title_key(tokens[0]) in before_keys and len(tokens) > 1:
        pre.append(tokens.pop(0))
    post = []
    # titles glued to the name without a comma: "Ir H Tubagus Sunarseno M.si"
    while tokens and len(tokens) > 1 and _title_key(tokens[-1]) in after_keys \
            and ("." in tokens[-1] or (tokens[-1].isupper() and len(tokens[-1]) <= 5)):
        post.insert(0, tokens.pop())
    for part in tail:
        for piece in part.split():
            post.append(piece)
    return {"name": " ".join(tokens) or None, "titles_before": pre, "titles_after": post}


def is_title(token: str, titles: Iterable[str]) -> bool:
    """Whether ``token`` ("S.Sos.", "M.si", "SH.,MH") is one of ``titles`` compared without dots."""
    keys = {_title_key(t) for t in titles}
    parts = [p for p in re.split(r"[,\s]+", token.strip(" ,")) if p]
    return bool(parts) and all(_title_key(p) in keys for p in parts)


# ----------------------------------------------------------------------------- abbreviations

def abbreviation_pattern(table: Mapping[str, str]) -> re.Pattern:
    """One pattern finding every abbreviation of ``table`` as a whole word, longest first."""
    keys = sorted(table, key=lambda k: (-len(k), k))
    alternation = "|".join(re.escape(k).replace(r"\ ", r"\s+") for k in keys)
    return re.compile(rf"(?<![\w-])(?:{alternation})(?![\w-])", re.I)


def expand_abbreviations(text: str, table: Mapping[str, str], pattern: re.Pattern | None = None) -> str:
    """Replace each abbreviation in ``text`` by its expansion ("Kasubbid" -> "Kepala Sub Bidang",
    "Satpol PP" -> "Satuan Polisi Pamong Praja"), multi-word ones first.

    Matching is exact, or case-insensitive for words written all in capitals or all in lower case
    (so "BAPPEDA" and "bappeda" expand but "Pu" does not stand for "PU"). Pass ``pattern`` from
    :func:`abbreviation_pattern` to avoid rebuilding it for every call.
    """
    pattern = pattern or abbreviation_pattern(table)
    lower = {re.sub(r"\s+", " ", k.lower()): v for k, v in table.items()}

    def replace(m: re.Match) -> str:
        word = re.sub(r"\s+", " ", m.group(0))
        if word in table:
            return table[word]
        if (word.isupper() or word.islower()) and word.lower() in lower and len(word) > 2:
            return lower[word.lower()]
        return m.group(0)

    return pattern.sub(replace, text)


def normalise_space(text: str) -> str:
    """Collapse runs of whitespace into one space."""
    return re.sub(r"\s+", " ", text).strip()
