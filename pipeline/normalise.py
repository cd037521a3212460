"""Pure normalisers: dates, weekdays, times, time zones, regions, person titles, abbreviations.

Every function takes the tables it needs as arguments (built from the rule files by the
caller); none reads files, touches spaCy or keeps global state.
"""
from __future__ import annotations

import datetime as dt
import functools
import re
from dataclasses import dataclass
from typing import Iterable, Mapping, Sequence

from .literals import trie

#: UTC offsets of Indonesia's three time zones (fixed by law, not by the rule files).
TZ_OFFSETS = {"WIB": "+07:00", "WITA": "+08:00", "WIT": "+09:00"}
#: Indonesian weekday names by Python's ``date.weekday()`` (Monday is 0).
WEEKDAY_NAMES = ("Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu", "Minggu")
MONTH_ORDER = ("januari", "februari", "maret", "april", "mei", "juni", "juli", "agustus",
               "september", "oktober", "november", "desember")

_WORD = re.compile(r"[A-Za-z][A-Za-z'’`]*")
_NUM = re.compile(r"\d+")
_RANGE_SEP = re.compile(r"^\s*(?:-|–|—|s\.\s?d\.?|s\.d\.?|s/d|sd|sampai\s+dengan|hingga|dan)\s*$", re.I)


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
        sep = _RANGE_SEP.match(lowered[days[0][2]:days[1][1]]) if len(days) >= 2 else None
        # "5 dan 6 Mei" is a two-day meeting; "5 dan 9 Mei" two separate days, of which the first counts
        if sep and (sep.group(0).strip() != "dan" or days[1][0] == days[0][0] + 1):
            end_day = days[1][0]
    else:
        ranged = re.search(r"(\d{1,2})\s*[-–]\s*(\d{1,2})\s*/\s*(\d{1,2})(?:\s*/\s*(\d{2,4}))?", lowered)
        m = re.search(r"(\d{1,2})\s*[/-]\s*(\d{1,2})(?:\s*[/-]\s*(\d{2,4}))?", lowered)
        if ranged:  # "(21-22/3/2023)": two days of one month
            day, end_day, month = int(ranged.group(1)), int(ranged.group(2)), int(ranged.group(3))
            year = widen_year(int(ranged.group(4))) if ranged.group(4) else None
        elif m:
            day, month = int(m.group(1)), int(m.group(2))
            year = widen_year(int(m.group(3))) if m.group(3) else None
        else:
            return None
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


_UNITS = {"nol": 0, "satu": 1, "dua": 2, "tiga": 3, "empat": 4, "lima": 5, "enam": 6, "tujuh": 7, "delapan": 8,
          "sembilan": 9, "sepuluh": 10, "sebelas": 11, "seratus": 100, "seribu": 1000}


def words_to_number(words: str) -> int | None:
    """Indonesian number words to a number: "dua puluh enam" -> 26, "dua ribu dua puluh dua" -> 2022."""
    total = current = 0
    seen = False
    for word in re.findall(r"[a-z]+", words.lower()):
        if word in _UNITS:
            value = _UNITS[word]
            if value >= 100:
                total += current + value
                current = 0
            else:
                current += value
            seen = True
        elif word == "belas":
            current += 10
        elif word == "puluh":
            current = (current or 1) * 10
        elif word == "ratus":
            current = (current or 1) * 100
        elif word == "ribu":
            total += (current or 1) * 1000
            current = 0
        else:
            return None
    return total + current if seen else None


def parse_date_words(text: str, months: Mapping[str, str]) -> DateValue | None:
    """A date written out in words, as a berita acara does: "tanggal dua puluh enam bulan Januari
    tahun dua ribu dua puluh dua" -> 26 January 2022."""
    m = re.search(r"(?i)tanggal\s+([a-z\s]+?)\s+bulan\s+([a-z]+)\s+tahun\s+([a-z\s]+)", text)
    if not m or m.group(2).lower() not in months:
        return None
    day, year = words_to_number(m.group(1)), words_to_number(m.group(3))
    canonical = months[m.group(2).lower()]
    if day is None or year is None or canonical not in MONTH_ORDER:
        return None
    value = DateValue(day, MONTH_ORDER.index(canonical) + 1, year)
    return value if value.iso() else None


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
_HOUR = re.compile(r"(?:\b(?:pukul|jam)\s+|(?<=[-–s/d.]\s)|(?<=[-–]))(\d{1,2})(?![\d.:])", re.I)


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
        # "jam 9 pagi s/d jam 12 siang": hours with the part of the day after each
        for m in _HOUR.finditer(text):
            hour = int(m.group(1))
            part = re.match(r"\s+(pagi|siang|sore|malam)\b", text[m.end():], re.I)
            part = part.group(1).lower() if part else ""
            if hour > 24:
                continue
            if (part == "siang" and hour < 11) or (part == "sore" and hour < 12) or (part == "malam" and 5 <= hour < 12):
                hour += 12
            clocks.append(f"{hour % 24:02d}:00")
        if not clocks:
            return None
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
    """Lookup tables for region names and aliases, by their words."""

    by_key: Mapping[tuple[str, str], tuple[Region, ...]]  # (type, "alias" or "", name words) -> regions
    names: frozenset[str]  # every name and alias, as lower-case words joined by one space
    prefix: re.Pattern  # "Kabupaten ", "Kab. ", "Bupati ", "se-" ... right before a name
    starts: re.Pattern  # a word that is the first word of a name (in :func:`_ascii_lower` text)
    beginnings: frozenset[str]  # the first words of every name, one word, two words ... as in ``names``


_NAME_WORD = re.compile(r"[A-Za-z0-9]+")


def _squash(name: str) -> str:
    return " ".join(_NAME_WORD.findall(name.lower()))


def build_region_index(provinces: Sequence, regencies: Sequence) -> RegionIndex:
    """Index provinces and kabupaten/kota (rule-file records) by name, alias and type."""
    by_code = {p.code: p for p in provinces}
    by_key: dict[tuple[str, str], list[Region]] = {}

    def add(kind: str, key: str, region: Region) -> None:
        by_key.setdefault((kind, _squash(key)), []).append(region)

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
    names = frozenset(key for _, key in by_key)
    prefix = re.compile(
        rf"(?<![\w-])(?:(?P<se>se-|se\s+)?(?:(?P<kab>{_KAB})|(?P<kota>{_KOTA})|(?P<prov>{_PROV}))\s+|(?P<se_only>se-|se\s+))$",
        re.I,
    )
    first_words = frozenset(n.split()[0] for n in names)
    # the words are runs of ASCII letters and digits: a run is found whole or not at all
    starts = re.compile(rf"(?<![A-Za-z0-9])(?:{trie(sorted(first_words))})(?![A-Za-z0-9])")
    beginnings = frozenset(" ".join(n.split()[:k]) for n in names for k in range(1, len(n.split()) + 1))
    return RegionIndex({k: tuple(v) for k, v in by_key.items()}, names, prefix, starts, beginnings)


@dataclass(frozen=True)
class RegionMention:
    region: Region
    start: int
    end: int
    explicit: bool  # written with Kabupaten/Kota/Provinsi (or an official's title), or as a known alias
    across: bool  # "se-Kabupaten X": all across, not the meeting's own region
    of_office: bool = False  # right after an office's name ("Bappeda Provinsi X", "Bappelitbangda NTT")
    name_start: int = -1  # where the place's own name begins, after "Kabupaten"/"Pemkot"


_OFFICE_BEFORE = re.compile(
    r"(?i)\b(?:bappeda|bappelitbangda|bappedalitbang|bapperida|barenlitbangda|dinas|badan|tim|rombongan)"
    r"(?:\s+(?:dan\s+)?litbang)?\s+$")
_LOWER_OFFICES = (r"bappeda|bappelitbangda|bappedalitbang|bapperida|dprd|dprk|setda|setdakab|pemkab|pemkot|dinas|"
                  r"dinkes|disdik|dikbud|dispar|dishub|dpmd|bpbd|puskesmas|rsud|kantor")
#: an office's name right before a place written in lower case ("tim bappeda simeulue"), or "kab."/"kota"/"kec."
_LOWER_OFFICE_BEFORE = re.compile(rf"(?i)\b(?:{_LOWER_OFFICES})\s+$")
_LOWER_OFFICE_OR_KIND_BEFORE = re.compile(rf"(?i)\b(?:{_LOWER_OFFICES}|kab|kota|kec)\.?\s+$")


_SMALLER_PLACE_BEFORE = re.compile(
    r"(?i)\b(?:kecamatan|kec|desa|kelurahan|kel|distrik|dusun|nagari|gampong|kampung|pekon|jalan|jln|jl|gang|gg|lorong|"
    r"perumahan|camat|lurah|kades|kepala\s+desa|kepala\s+kampung|keuchik|perbekel)\.?\s+$")


_ASCII_LOWER = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz")
_SPACES = re.compile(r"\s+")
#: what names a kecamatan: "Kecamatan X", "Kec. X", "Camat X", "Distrik X"
_DISTRICT_HEAD = re.compile(r"(?i)\b(?:kecamatan|kec\.?|camat|distrik)\s+")
_DISTRICT_WORD = re.compile(r"[A-Za-z0-9'-]+")


def _ascii_lower(text: str) -> str:
    """``text`` with its ASCII capitals lower-cased and every other character as it is: the words
    :data:`_NAME_WORD` cuts from it are those of ``text``, lower-cased, in the same places."""
    if "\u0130" in text or "\u212a" in text:
        return text.translate(_ASCII_LOWER)
    # "İ" and the Kelvin sign are the only characters that lower() turns into ASCII letters (or
    # into two characters): without them, lower() (in C, far faster than translate) leaves every
    # ASCII letter and digit where it was and makes no new one
    return text.lower()


def _longest_name(lowered: str, first: re.Match, index: RegionIndex) -> tuple[str, int] | None:
    """The longest name in ``index`` whose words are ``first`` and the words after it, with only
    spaces, line breaks or hyphens between: (its key, where it ends), or None. The words are read
    only while they begin some name."""
    key, end = first.group(), first.end()
    found = (key, end) if key in index.names else None
    while True:
        nxt = _NAME_WORD.search(lowered, end)
        if nxt is None or lowered[end:nxt.start()].strip(" \t\n-"):
            return found
        key = key + " " + nxt.group()
        if key not in index.beginnings:
            return found
        end = nxt.end()
        if key in index.names:
            found = (key, end)


def find_regions(text: str, index: RegionIndex) -> list[RegionMention]:
    """Every region mention in ``text``, resolved; bare names only when Capitalised.

    Reads the longest name of the index at each word that begins one, then the word before the
    name: "Kabupaten"/"Kab."/"Bupati" make it a kabupaten, "Kota"/"Walikota" a kota, "Provinsi"/
    "Gubernur" a province, and "se-" marks it as "all across" rather than the meeting's own.
    """
    out = []
    lowered = _ascii_lower(text)
    taken = 0  # where the last name found ends: its words start no other name
    for first in index.starts.finditer(lowered):
        if first.start() < taken:
            continue
        found = _longest_name(lowered, first, index)
        if not found:
            continue
        key, end = found
        start, taken = first.start(), end
        raw = text[start:end]
        if _SMALLER_PLACE_BEFORE.search(text, max(0, start - 20), start):
            # "Kecamatan Kota Baru", "Desa Muara Enim", "Jl. Palembang": a smaller place or a street
            continue
        lead = index.prefix.search(text, max(0, start - 48), start)
        kind = ""
        if lead and not lead.group("se_only"):
            kind = "kabupaten" if lead.group("kab") else "kota" if lead.group("kota") else "provinsi"
        across = bool(lead and (lead.group("se") or lead.group("se_only")))
        if text[start - 1:start] == "-" and not across or text[end:end + 1] == "-":
            # part of a hyphenated word ("Kabupaten-Lahat"), not a name on its own
            continue
        regions = index.by_key.get((kind, key)) if kind else None
        explicit = bool(regions)
        mention_start = lead.start() if regions and lead and not lead.group("se_only") else start
        if not regions:
            regions = index.by_key.get(("alias", key))
            explicit = bool(regions)
        if not regions and raw[:1].isupper():
            regions = index.by_key.get(("", key))
            explicit = False
        if regions and not kind and raw.islower() and (" " in key or not explicit) and not \
                _LOWER_OFFICE_OR_KIND_BEFORE.search(text[max(0, start - 20):start]):
            regions = None  # "lurah kota baru": lower-case common words are a region only after an office's name
        elif not regions and not kind and raw.islower() and _LOWER_OFFICE_BEFORE.search(text[max(0, start - 20):start]):
            regions = index.by_key.get(("", key))  # "tim bappeda simeulue"
            explicit = False
        if regions:
            if len(regions) > 1:
                # the same name for a kabupaten and its kota, or a province and a city: prefer the wider
                order = {"provinsi": 0, "kabupaten": 1, "kota": 2}
                regions = tuple(sorted(regions, key=lambda r: order[r.type]))
            if lead and lead.group("se") and mention_start == lead.start():
                mention_start = lead.start() + len(lead.group("se"))
            office = bool(_OFFICE_BEFORE.search(text, max(0, mention_start - 30), mention_start))
            out.append(RegionMention(regions[0], mention_start, end, explicit, across, office, start))
    return out


def _name_key(name: str) -> str:
    """Compare names without case, spaces or hyphens: "Kayu Agung" = "Kayuagung"."""
    return re.sub(r"[^a-z0-9]", "", name.lower())


def unique_districts(districts: Mapping[str, Sequence[tuple[str, str]]]) -> tuple[tuple[str, str], ...]:
    """The kecamatan whose name no other kecamatan in Indonesia bears, as (code, name)."""
    seen: dict[str, list[tuple[str, str]]] = {}
    for entries in districts.values():
        for code, name in entries:
            seen.setdefault(_name_key(name), []).append((code, name))
    return tuple(found[0] for found in seen.values() if len(found) == 1)


@functools.lru_cache(maxsize=1024)
def _district_keys(districts: tuple[tuple[str, str], ...]) -> dict[str, tuple[str, str]]:
    """``districts`` by :func:`_name_key`, made once for each kabupaten's list."""
    return {_name_key(name): (code, name) for code, name in districts}


def find_district(text: str, districts: Sequence[tuple[str, str]]) -> tuple[str, str, int, int] | None:
    """The first kecamatan (or distrik) of ``districts`` named in ``text`` after "Kecamatan", "Kec.",
    "Camat" or "Distrik" (an official "Kota" before the name allowed): (code, name, start, end)."""
    by_key = _district_keys(tuple(districts))
    for m in _DISTRICT_HEAD.finditer(text):
        words = list(_DISTRICT_WORD.finditer(text[m.end():m.end() + 80]))
        for skip in (0, 1):
            if skip and not (words and words[0].group(0).lower() == "kota"):
                continue
            for n in range(min(4, len(words) - skip), 0, -1):
                chunk = words[skip:skip + n]
                key = _name_key("".join(w.group(0) for w in chunk))
                if key in by_key:
                    code, name = by_key[key]
                    return code, name, m.start(), m.end() + chunk[-1].end()
    return None


def choose_region(mentions: Sequence[RegionMention], title_end: int = 0, title_start: int = 0) -> RegionMention | None:
    """The region a meeting concerns: the most weighted mention (title and explicit forms count more)."""
    scores: dict[str, float] = {}
    first: dict[str, RegionMention] = {}
    previous: RegionMention | None = None
    for m in mentions:
        # a bare name of several words ("Sumba Barat Daya") is hardly anything else; a bare single word may be
        weight = 1.0 if m.explicit else 0.8 if len(m.region.name.split()) >= 3 else 0.3
        if m.region.type == "provinsi" and previous is not None and previous.region.type != "provinsi" \
                and previous.region.province_code == m.region.code and 0 <= m.start - previous.end <= 3:
            weight *= 0.2  # "Kabupaten Trenggalek, Jawa Timur": the province of the place just named
        previous = m
        if m.of_office and m.region.type == "provinsi":
            weight *= 0.5  # "Bappelitbangda Provinsi NTT": the visiting office, not the meeting's region
        if title_start <= m.start < title_end:
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

@dataclass(frozen=True)
class AbbreviationIndex:
    """An abbreviation table prepared for :func:`expand_abbreviations`: one pattern, longest key first."""

    table: Mapping[str, str]
    lower: Mapping[str, str]
    pattern: re.Pattern


def abbreviation_index(table: Mapping[str, str]) -> AbbreviationIndex:
    """Prepare ``table`` once for many calls of :func:`expand_abbreviations`."""
    return AbbreviationIndex(
        table, {re.sub(r"\s+", " ", k.lower()): v for k, v in table.items()},
        re.compile(rf"(?<![\w-])(?:{trie(table, any_space=True)})(?![\w-])", re.I))


def expand_abbreviations(text: str, table: Mapping[str, str] | AbbreviationIndex,
                         keep: Iterable[tuple[int, int]] = ()) -> str:
    """Replace each abbreviation in ``text`` by its expansion ("Kasubbid" -> "Kepala Sub Bidang",
    "Satpol PP" -> "Satuan Polisi Pamong Praja"), multi-word ones first.

    Matching is exact, or case-insensitive for words written all in capitals or all in lower case
    (so "BAPPEDA" and "bappeda" expand but "Pu" does not stand for "PU"). Pass an
    :func:`abbreviation_index` instead of the table to avoid preparing it on every call. Text inside
    the ``keep`` spans (a place's name, "Setda Kaur") is left as written.
    """
    index = table if isinstance(table, AbbreviationIndex) else abbreviation_index(table)
    keep = tuple(keep)

    def replace(m: re.Match) -> str:
        if any(m.start() < e and s < m.end() for s, e in keep):
            return m.group(0)
        word = _SPACES.sub(" ", m.group(0))
        if word in index.table:
            return index.table[word]
        if (word.isupper() or word.islower()) and word.lower() in index.lower and len(word) > 2:
            return index.lower[word.lower()]
        return m.group(0)

    return index.pattern.sub(replace, text)


def normalise_space(text: str) -> str:
    """Collapse runs of whitespace into one space."""
    return _SPACES.sub(" ", text).strip()
