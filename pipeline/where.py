"""Where: the venue (or the online platform) and the region the meeting concerns, with the
kecamatan where one is named.

Reads the ``VENUE_FIELD``, ``VENUE_CUE`` and ``VENUE_ONLINE`` cues; regions are looked up in the
whole text through :class:`~pipeline.places.Places`.
"""
from __future__ import annotations

import re
from typing import Sequence

from . import normalise as nz
from .cues import ACTIVE_VERB_WORD, Cue, alternation, menu_line
from .places import Places
from .records import Meeting, RegionRef, Venue
from .rules import RuleSet
from .textspan import TextView

__all__ = ["WhereFinder"]

#: a place named with capitalised words, after its kind or not: "Kota Sentani", "Kelurahan Talise", "Sentani"
_KIND = r"(?:Kelurahan|Desa|Kampung|Kecamatan|Distrik|Kota|Kabupaten|Kab\.|Provinsi)\s+"
_PLACE = rf"(?:{_KIND})?[A-Z][\w'-]*(?:\s+[A-Z][\w'-]*){{0,3}}"
#: a venue named just before the meeting's date: "..., di Living Plaza Hertasning, Selasa (14/3)",
#: "... diselenggarakan di UDKP Kecamatan X Senin (31/1)"
_BEFORE_DATE = re.compile(r"\bdi\s+((?-i:[A-Z])[^\s,;.()]*(?:\s+(?-i:[A-Z0-9])[^\s,;.()]*){0,7}?)\s*,?\s*"
                          r"(?:(?i:pada)\s+)?(?:(?i:hari)\s+)?$")  # a name: every word capitalised
#: a place of government named by its kind: "di Kecamatan Kamang Baru", "di Kelurahan Talise" is no venue
_PLACE_KIND = re.compile(r"(?i)(?:kota|kabupaten|kab\.|provinsi|kecamatan|kelurahan|desa|distrik|nagari|kampung)\s")


class WhereFinder:
    """Finds the venue and fills a :class:`Meeting`'s region; built once per rule set."""

    def __init__(self, rules: RuleSet, places: Places):
        self.places = places
        self.venue_heads = set(rules.words("venue_heads"))
        self.platforms = sorted(rules.words("online_platforms"), key=len, reverse=True)
        self.venue_stops = set(rules.words("venue_stops"))
        self.room_words = set(rules.words("room_words"))
        self.inner_words = set(rules.words("venue_inner_words"))
        self.building_words = set(rules.words("venue_building_words"))
        self.joining_words = set(rules.words("venue_joining_words"))
        self.end_words = set(rules.words("venue_end_words"))
        self.weekdays = rules.variants("weekdays")
        self.street_words = set(rules.words("street_words"))
        self.room_heads = set(rules.words("room_heads"))
        described = alternation(rules.words("described_venue")).pattern[len("(?i)"):]
        heads = alternation(self.venue_heads).pattern[len("(?i)"):]
        # "salah satu hotel ternama di Kota Sentani": a described venue, its words, and the place it is in
        self.described = re.compile(
            rf"(?i){described}\s+{heads}(?:\s+(?!di\b)(?-i:[a-z]+)){{0,2}}(?=[\s,.;]|$)"
            rf"(?:\s+di\s+(?-i:{_PLACE})(?:,\s*(?-i:{_KIND}{_PLACE}))*)?")  # after a comma, only a named kind of place
        suffixes = "|".join(map(re.escape, rules.lexicon.get("platform_suffixes", ())))
        self.platform_suffix = re.compile(rf"\s+(?:{suffixes})\b")

    def venue(self, view: TextView, by: dict, meeting: Meeting) -> Venue | None:
        text = view.text
        date_pos = meeting.date_text.span[0] if meeting.date_text else None
        candidates = []
        for label, bonus in (("VENUE_FIELD", 3.0), ("VENUE_CUE", 1.0), ("VENUE_ONLINE", 2.0)):
            for cue in by.get(label, []):
                if label == "VENUE_ONLINE":
                    venue = self._online_venue(view, cue)
                elif cue.rule == "venue_di_described":
                    venue = self._described_venue(view, cue)
                else:
                    venue = self._venue_text(view, cue.end, field=label == "VENUE_FIELD", rule=cue.rule)
                if venue is None:
                    continue
                score = bonus + (1.0 if cue.rule == "venue_bertempat_di" else 0.0)
                if venue.text[:1].islower() and not view.lowercase and cue.rule != "venue_di_described":
                    score -= 1  # "di ruang rapat Kepala Bappeda" in a properly written text: a room, not a named venue
                if date_pos is not None and abs(view.sentence_start(cue.start) - view.sentence_start(date_pos)) == 0:
                    score += 1
                if menu_line(text, view.line_start(cue.start), view.line_end(cue.start), cue.start):
                    score -= 3
                if venue.text.lower().endswith("nya") and venue.text[:1].islower():
                    score -= 1  # "diwawancarai di ruang kerjanya": someone's own office, where a reporter met them
                candidates.append((score, -cue.start, venue))
        before_date = self._venue_before_date(view, meeting)
        if before_date is not None and not any(c[2].span[0] <= before_date.span[0] < c[2].span[1] for c in candidates):
            candidates.append((2.0, -before_date.span[0], before_date))
        if not candidates:
            return None
        best = max(candidates, key=lambda c: (c[0], c[1]))[2]
        if best.online:
            sentence = (view.sentence_start(best.span[0]), view.sentence_end(best.span[1]))
            rooms = [c for c in candidates if not c[2].online and sentence[0] <= c[2].span[0] <= sentence[1]]
            if rooms:  # "secara hybrid di Gedung X dan melalui Zoom Meeting": the room, online too
                room = max(rooms, key=lambda c: (c[0], c[1]))[2]
                return Venue(room.text, room.span, room.rule, online=True, platform=best.platform)
        return best

    def _venue_text(self, view: TextView, pos: int, field: bool, rule: str) -> Venue | None:
        text = view.text
        while pos < len(text) and text[pos] in " \t":
            pos += 1
        start = pos
        limit = view.line_end(pos) if field else view.sentence_end(pos)
        lowercase_doc = text[start:limit].islower() or text[start:start + 1].islower()
        words = list(re.finditer(r"[^\s,;()]+", text[start:limit]))
        end = start
        count = 0
        room_prefix = False
        for i, m in enumerate(words):
            word = m.group(0)
            bare = word.strip(".:\"'“”").lower()
            absolute_end = start + m.end()
            if i == 0:
                if not field and bare not in self.venue_heads and not any(h.startswith(bare) for h in self.venue_heads):
                    return None
            else:
                gap = text[end:start + m.start()]
                building = gap.strip() == "," and word[:1].isupper() and words[0].group(0).strip(".:").lower() in self.room_heads \
                    and bare in self.venue_heads and bare not in self.room_heads
                if ("," in gap or ";" in gap or "(" in gap) and not building:
                    break  # but "Ruang Rapat X, Kantor Gubernur Y": the room, then its building
                room_word = room_prefix and bare in self.room_words
                # "Balai serbaguna lingkungan kantor Camat X": lower-case words inside a venue's name
                inner = bare in self.inner_words or bare in self.building_words and \
                    i + 1 < len(words) and words[i + 1].group(0)[:1].isupper()
                if word[:1].islower() and bare not in self.joining_words and not lowercase_doc \
                        and not room_word and not inner:
                    break
                if bare == "dan" and i + 1 < len(words) and words[i + 1].group(0)[:1].islower() and not lowercase_doc:
                    break
                if lowercase_doc and bare in self.venue_stops and not field and not room_word:
                    break  # a headed field ("tmpt: ruang rapat dinkes") runs to its comma or line end
                if not lowercase_doc and bare in self.end_words:
                    break
                if word[:1].islower() and ACTIVE_VERB_WORD.fullmatch(bare):
                    break  # "di kantor menerima ...": the sentence goes on
                if bare in self.weekdays:
                    break  # "di Balairung X Senin (6/3)": the date closes the place
                if word.lower() in self.street_words:
                    break  # "Hall X Resort KM 25 Kecamatan Y", "Aula X Jl. Merdeka": the address begins
            # "ruang rapat lantai II Kantor X": a room written in lower case, then the building's name
            room_prefix = word[:1].islower() if i == 0 else room_word
            end = absolute_end
            count += 1
            if count >= 14:
                break
        s, e = view.trim(start, end)
        if e <= s or (count == 1 and text[s:s + 1].islower() and not field):
            return None  # "yang ada di kantor": a common noun alone names no place
        return Venue(text[s:e], [s, e], rule)

    def _described_venue(self, view: TextView, cue: Cue) -> Venue | None:
        """A venue described rather than named: "di salah satu hotel ternama di Kota X"."""
        m = self.described.match(view.text, view._skip_space(cue.end))
        return Venue(m.group(0), [m.start(), m.end()], cue.rule) if m else None

    def _venue_before_date(self, view: TextView, meeting: Meeting) -> Venue | None:
        """A place after "di" that closes the clause right before the meeting's date: "Musrenbang
        Kabupaten, di Living Plaza Hertasning, Selasa (14/3)"; not a region's name ("di Kota Palu")."""
        if meeting.date_text is None:
            return None
        text = view.text
        date_start = meeting.date_text.span[0]
        s0 = max(view.sentence_start(date_start), date_start - 160)
        m = _BEFORE_DATE.search(text, s0, date_start)
        if not m:
            return None
        s, e = m.span(1)
        if _PLACE_KIND.match(text, s):
            return None  # "di Kelurahan Talise, Senin": a place of government, not a venue
        name = text[s:e]
        if any(r.start == 0 and r.end >= len(name) for r in self.places.regions_in(name)):
            return None  # "di Palembang, Senin (3/4)": the city, not a venue
        return Venue(text[s:e], [s, e], "venue_before_date")

    def _online_venue(self, view: TextView, cue: Cue) -> Venue | None:
        text = view.text
        window = text[cue.end:min(view.sentence_end(cue.end), cue.end + 80)]
        for platform in self.platforms:
            name = re.escape(platform).replace(r"\ ", r"\s+")
            m = re.search(r"(?i)(?<![\w-])" + name + r"(?![\w-])", window)
            if m and m.start() <= 12:
                s, e = cue.end + m.start(), cue.end + m.end()
                # the platform's name as written, with a following capitalised word ("Zoom Meeting")
                tail = self.platform_suffix.match(text[e:e + 12])
                if tail:
                    e += tail.end()
                return Venue(text[s:e], [s, e], cue.rule, online=True, platform=text[s:e])
        m = re.search(r"(?i)daring|virtual|online", text[cue.start:cue.end])
        if m:
            s, e = cue.start + m.start(), cue.start + m.end()
            return Venue(text[s:e], [s, e], cue.rule, online=True, platform=None)
        return None

    def region(self, view: TextView, meeting: Meeting, title_span: tuple[int, int]) -> None:
        mentions = nz.find_regions(view.text, self.places.index)
        best = nz.choose_region(mentions, title_span[1], title_span[0])
        if best is None:
            self._region_of_district(view, meeting, title_span)
            return
        r = best.region
        meeting.region = RegionRef(r.name, r.type, r.code, r.province, r.province_code,
                                   view.text[best.start:best.end], [best.start, best.end], "regions_table")
        meeting.timezone_of_region = r.timezone
        meeting.subregion = self._subregion(view, meeting, title_span)

    def _region_of_district(self, view: TextView, meeting: Meeting, title_span: tuple[int, int]) -> None:
        """No kabupaten/kota named: a kecamatan whose name is found nowhere else in Indonesia tells it
        ("Musrenbang Kecamatan Sekayu" is in Kabupaten Musi Banyuasin)."""
        found = self._district_named(view, meeting, title_span, self.places.unique_districts, early=True)
        r = self.places.by_code.get(found[0].rsplit(".", 1)[0]) if found else None
        if r is None:  # every kecamatan's kabupaten/kota is in the rules (checked on loading)
            return
        meeting.subregion = self._kecamatan(view.text, found, r.province, r.province_code)
        meeting.region = RegionRef(r.name, r.type, r.code, r.province, r.province_code,
                                   meeting.subregion.text, meeting.subregion.span, "districts_table")
        meeting.timezone_of_region = r.timezone

    def _subregion(self, view: TextView, meeting: Meeting, title_span: tuple[int, int]) -> RegionRef | None:
        """The kecamatan a meeting concerns: named in the title or venue, or early in the minutes of a
        meeting held at kecamatan level ("Musrenbang Kecamatan X")."""
        region = meeting.region
        districts = self.places.districts.get(region.code) if region else None
        if not districts:
            return None
        early = re.search(r"(?i)\b(?:musrenbang|musyawarah\s+perencanaan\s+pembangunan|tingkat)\s+(?:kecamatan|distrik)\b",
                          view.text[:900])
        found = self._district_named(view, meeting, title_span, districts, early=bool(early))
        return self._kecamatan(view.text, found, region.province, region.province_code) if found else None

    @staticmethod
    def _district_named(view: TextView, meeting: Meeting, title_span: tuple[int, int], districts: Sequence[tuple[str, str]],
                        early: bool) -> tuple[str, str, int, int] | None:
        """The first of ``districts`` named in the title, then the venue, then (if ``early``) the first
        900 characters: (code, name, start, end) in the whole text."""
        text = view.text
        places = [title_span] + ([tuple(meeting.venue.span)] if meeting.venue else [])
        if early:
            places.append((0, min(len(text), 900)))
        for start, end in places:
            found = nz.find_district(text[start:end], districts)
            if found:
                code, name, s, e = found
                return code, name, start + s, start + e
        return None

    @staticmethod
    def _kecamatan(text: str, found: tuple[str, str, int, int], province: str, province_code: str) -> RegionRef:
        code, name, s, e = found
        return RegionRef(f"Kecamatan {name}", "kecamatan", code, province, province_code, text[s:e], [s, e],
                         "districts_table")

