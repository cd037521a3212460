"""The grammar of mentions: what a post, unit, organisation, place, person's name and titles are,
how a run of mentions splits, and where a mention ends.

A *mention* is how minutes name someone who took part: a post ("Kepala Bidang Sarana dan
Prasarana"), a body ("Bappeda Provinsi Sumatera Selatan"), a group ("para Camat"), a person with
titles ("Hj. Nurhasanah, S.Sos.") or all of these at once ("Kepala Perwakilan Bank Indonesia Bpk.
Dr. X"). The opener and attendees (``who``) and the items of lists (``what``) both read text through
this grammar. Every predicate answers one question about one phrasing, named in its docstring;
the words they consult come from the rules (``rules/attendees.yaml``).
"""
from __future__ import annotations

import functools
import re

from . import normalise as nz
from .cues import next_word, top_level
from .places import Places
from .rules import RuleSet
from .textspan import TextView

__all__ = ["MentionGrammar", "MENTION_SEPARATORS", "ITEM_SEPARATORS"]

#: what separates mentions in a run: commas, semicolons, brackets and the joining words
MENTION_SEPARATORS = re.compile(r"[()]|;|,|(?<=\s)(?:serta|beserta|bersama(?:\s+dengan)?|maupun|dan/atau|dan|hingga|\+"
                                r"|didampingi(?:\s+oleh)?)(?=\s)", re.I)  # "Tim A didampingi Tim B": both came
#: what separates the items of a running list of issues or programs
ITEM_SEPARATORS = re.compile(r"[()]|;|,|(?<=\s)(?:serta|dan)(?=\s)")
#: "and so on" closing a list: no item of its own
ETC = re.compile(r"(?i)(?:dll|dsb|dst|dan\s+lain-lain|dan\s+sebagainya|lain-lain)\.?")
#: a list's introduction inside a mention: "anggota DPRD Dapil X diantaranya A, B", "instansi termasuk A dan B"
LIST_INTRO_INSIDE = re.compile(r"(?i)\s(?:di\s*antaranya|antara\s+lain|termasuk|yaitu|yakni|seperti)\s")
#: words and the spaces or commas between them
WORD_GAPS = re.compile(r"[\s,]+")
#: a title written with full stops between short pieces: "s.sos.", "m.si", "s.h."
DOTTED = re.compile(r"(?:[a-z]{1,4}\.){1,3}(?:[a-z]{1,4}\.?)?")
#: a kind of place of government: "serta kabupaten/kota" joins one mention's places
PLACE_KIND_WORD = re.compile(r"(?i)(?:kabupaten|kota|provinsi|kecamatan|kelurahan|desa)\b")
#: a piece that says whom the one before stands for or what they are: "mewakili ...", "selaku ...", "yang ..."
STANDS_FOR = re.compile(r"(?i)(?:atau\s+|dan\s+)?(?:mewakili|atas\s+nama|a\.?n\.|selaku|sebagai|yang)\b")
#: the words after a name that say where, not who: "Nama pada Ballroom Y"
WHERE_AFTER = re.compile(r"\s(?:pada|bertempat)\s")
#: a mention's words, as commas and spaces cut them; a comma before the next word
BODY_WORD = re.compile(r"[^\s,]+")
COMMA_BEFORE_WORD = re.compile(r",\s*(?=\S)")
#: "dan" or "&" between words: "Kasubbid Pertanian, Kehutanan dan Perkebunan" is one unit
AND_INSIDE = re.compile(r"\s(?:dan|&)\s")
#: words that name the kind of a place: a piece holding one names an office's region, not a person
PLACE_KINDS = frozenset({"prov", "provinsi", "kab", "kabupaten", "kota", "kec", "kecamatan", "kel", "kelurahan"})
#: organisation words that go inside an office's name after "dan" ("Dinas ... Masyarakat dan Desa")
NOT_A_HEAD = frozenset({"desa", "kelurahan", "kecamatan", "pemerintah", "lembaga", "organisasi", "yayasan",
                        "perangkat daerah", "komisi", "kantor", "sekretariat", "universitas"})
#: a list's introduction before its first mention: "antara lain", "yaitu", "terdiri dari", "86 orang peserta yang"
LIST_INTRO = re.compile(
    r"(?i)[\s:]*(?:(?:antara\s+lain|di\s*antaranya|yaitu|yakni|sebagai\s+berikut|terdiri\s+(?:dari|atas)|oleh|olah"
    r"|(?:sekitar\s+|sebanyak\s+|kurang\s+lebih\s+)?[\d.]+\s+(?:orang(?:\s+peserta)?|peserta)(?:\s+yang)?"
    r"|sejumlah\s+pihak(?:\s+penting)?,?\s+mulai\s+dari"
    # when, not who: "Turut hadir saat itu ...", "Hadir pula dalam kesempatan tersebut ..."
    r"|(?:saat|kala|ketika)\s+itu|(?:pada|dalam)\s+(?:kesempatan|acara|kegiatan|rapat)\s+(?:itu|tersebut|ini)"
    r")\b[\s:,]*)*")

class MentionGrammar:
    """The grammar of mentions with the word lists of one rule set."""

    def __init__(self, rules: RuleSet, places: Places):
        self.places = places
        self.titles_before = set(rules.words("titles_before"))
        self.titles_after = set(rules.words("titles_after"))
        self.title_keys = {t.replace(".", "") for t in self.titles_before | self.titles_after}
        self.role_starters = set(rules.words("role_starters"))
        self.strong_starters = set(rules.words("strong_starters"))
        self.role_modifiers = set(rules.words("role_modifiers"))
        self.unit_words = set(rules.words("unit_words"))
        self.association_words = set(rules.words("association_words"))
        self.org_words = set(rules.words("org_words")) | self.association_words
        self.unit_heads = set(rules.words("unit_heads"))
        self.unit_posts = set(rules.words("unit_posts"))
        self.office_posts = set(rules.words("office_posts"))
        self.meeting_words = set(rules.words("meeting_words"))
        address_words = rules.words("address_words")
        self.address = re.compile(rf"(?i)(?:{'|'.join(address_words)})\.?\s+")
        self.spoken_addresses = set(rules.words("spoken_addresses"))
        # title words that do not by themselves open a person's name: addresses, and corps words after a rank
        self.person_or_post = set(address_words) | set(rules.words("corps_words"))
        self.generic_offices = set(rules.words("generic_offices"))
        self.plural_openers = set(rules.words("plural_openers"))
        self.group_words = set(rules.words("group_words"))
        self.acting_words = set(rules.words("acting_words"))
        self.name_particles = set(rules.words("name_particles"))
        self.scope_words = set(rules.words("scope_words"))
        self._parsed = functools.lru_cache(maxsize=8192)(self._parse)
        self.opener_stop = re.compile(
            r"(?i)(?:,\s*|\s+)(?:" + "|".join(re.escape(w).replace(r"\ ", r"\s+")
                                           for w in sorted(rules.words("opener_stops"), key=len, reverse=True))
            + r")\b|,\s*dan\b|\s+dan\s+(?=(?-i:[a-z]))")

    def is_starter(self, words: str) -> bool:
        """Whether ``words`` (one or two) open a mention of a post or a body: "Kepala", "Ketua RT"."""
        parts = words.lower().split()
        if not parts:
            return False
        first = parts[0].strip(".,")
        two = " ".join(parts[:2]).strip(".,")
        # "Bupati/Walikota", "Menteri/Kepala Bappenas": a pair of posts opens as its first does
        return first in self.role_starters or two in self.role_starters or first.split("/")[0] in self.role_starters

    def is_title_token(self, word: str) -> bool:
        """Whether ``word`` is an academic or religious title of a name: "Dr.", "S.Sos.", "M.Si", "ST"."""
        key = word.strip(",").lower()
        if key.replace(".", "") in self.title_keys and ("." in key or key in self.titles_before):
            return True
        if key in self.titles_after and len(key) <= 5 and word.strip(",").isupper():
            return True  # written without dots: "ST, MT", "SE"
        if DOTTED.fullmatch(key) and key.replace(".", "") in self.title_keys:
            return True
        return False

    def looks_like_name(self, segment: str) -> bool:
        """A person's name after a comma: capitalised words (titles allowed), no organisation or unit."""
        words = [w for w in WORD_GAPS.split(segment.strip(" ,")) if w]
        if not words or all(self.is_title_token(w) for w in words):
            return False
        names = [w for w in words if not self.is_title_token(w)]
        if len(names) > 5:
            return False
        for w in names:
            low = w.lower()
            if low in self.name_particles:
                continue
            if not w[:1].isupper() or low in self.org_words or low in self.unit_words or low in self.role_starters:
                return False
        return True

    def is_name_only(self, mention: str) -> bool:
        """A mention that is a person's name with any titles and nothing else: "Dra. Ina Mardiana",
        "Untung Darwadi, S.H.". Stricter than :meth:`looks_like_name`: at most four words, none
        written in capitals ("BAPPEDA"), a name particle, a post or a place."""
        if not self.looks_like_name(mention):
            return False
        names = [w for w in WORD_GAPS.split(mention.strip()) if w and not self.is_title_token(w)]
        return len(names) <= 4 and all(
            w[:1].isupper() and not w.isupper() and w.lower().strip(".") not in self.role_starters
            and not self.places.regions_in(w) for w in names)

    def name_stop(self, word: str) -> bool:
        """Whether ``word`` cannot be part of a person's name (an organisation, unit, role or place)."""
        low = word.lower()
        return not word[:1].isupper() or word.isupper() or low in self.org_words or low in self.unit_words \
            or low in self.role_starters or bool(self.places.regions_in(word))

    def lower_name_word(self, word: str) -> bool:
        """Whether a lower-case ``word`` may begin a name: not a role, office, unit, title or place."""
        low = word.rstrip(".,")
        return low.isalpha() and low not in self.role_starters and low not in self.org_words \
            and low not in self.unit_words and not self.is_title_token(word) and not self.places.regions_in(low.title())

    def starts_like_person(self, mention: str) -> bool:
        """Whether a mention opens with a post or a person's title: "Kepala Dinas X", "Dr. Y"."""
        first = mention.split()[0].lower().strip(".,") if mention.split() else ""
        return first in self.role_starters or first in self.titles_before or first.replace(".", "") in self.title_keys

    def name_then_role(self, mention: str) -> bool:
        """A name before the post, as news writes it: "Agus Kurniawan Sekretaris Bappeda Kabupaten X"."""
        words = mention.split()
        at = next((i for i, w in enumerate(words[:5]) if w.lower().strip(".,") in self.role_starters), None)
        return at is not None and 2 <= at <= 4 and all(
            w[:1].isupper() and not self.name_stop(w.strip(",")) and w.lower().strip(".,") not in self.meeting_words
            for w in words[:at])

    def names_person(self, mention: str) -> bool:
        """Whether a mention names a person (has a name part), as opposed to a role alone."""
        return self.parse(mention)["name"] is not None

    def continues(self, previous: str, segment: str, item: bool = False) -> bool:
        """Whether a comma-separated ``segment`` continues the mention before it."""
        # "Kakanwil X, Nama pada Ballroom Y": the words after the name say where, not who
        segment = WHERE_AFTER.split(segment, maxsplit=1)[0]
        words = segment.split()
        first = words[0].lower().strip(",")
        if self.is_title_token(words[0]):
            # "Nama, S.Sos." goes on; "A, Hj. B" after a name already given is the next person
            opens_name = first.rstrip(".") in self.titles_before and first.rstrip(".") not in self.person_or_post \
                and any(not self.is_title_token(w) for w in words[1:])
            tail = previous.rsplit(",", 1)[-1]
            return not (opens_name and self.is_name_only(tail) and not any(
                w.lower().strip(".,") in self.role_starters for w in tail.split()))
        unit_before = any(w.lower().strip(".,") in self.unit_words or w.lower().strip(".,") in self.unit_heads
                          for w in previous.split())
        # "Kasubbid Pertanian, Kehutanan dan Perkebunan", "Dinas Perindustrian, Perdagangan, Koperasi dan UKM"
        if unit_before and words[0][:1].isupper() and AND_INSIDE.search(segment) \
                and first not in self.strong_starters and first not in self.role_modifiers \
                and first not in self.org_words and first not in self.unit_words:
            return True  # one office or unit whose name holds a comma
        if self.is_starter(segment):
            # "Untung Darwadi, S.H., Kabag Umum": a name (and titles), then the same person's post; in
            # running text only after a title ("Karang Taruna, Kepala Desa" are two attendees)
            # ("Hj. Nama, Kepala Dinas X Nama2": the post has its own person, so it is the next attendee)
            return len(words) <= 6 and self.is_name_only(previous) and self.person_start(segment) is None and (
                item or any(self.is_title_token(w) and w.lower().rstrip(".") not in self.titles_before
                            for w in WORD_GAPS.split(previous) if w))
        prev_lower = previous.lower()
        # titles only: "S.Sos.", "M.Si"
        if all(self.is_title_token(w) for w in words):
            return True
        has_role = any(w.lower().strip(".,") in self.role_starters for w in previous.split())
        has_name = bool(re.search(r"(?:^|\s)(?:" + "|".join(re.escape(t) for t in ("h.", "hj.", "dr.", "ir.", "drs.", "dra.")) + r")\s", prev_lower))
        # "Kepala Dinas X, Nama": the name is given once; a second capitalised piece is the next attendee
        has_name = has_name or ("," in previous and self.looks_like_name(previous.rsplit(",", 1)[1])
                                and not any(self.is_title_token(w) for w in words))
        capitalised = all(w[:1].isupper() or w.lower() in self.name_particles for w in words)
        if capitalised and 1 <= len(words) <= 5 and has_role and not has_name and not segment.isupper() \
                and not any(w.lower() in self.org_words or w.lower() in self.unit_words for w in words) \
                and not self._names_no_one(previous, words):
            return True  # a person's name after their role: "Kepala Dinas Perikanan Berau, Dahlan Nur"
        return False

    def _names_no_one(self, previous: str, words: list[str]) -> bool:
        """Whether a capitalised piece after ``previous`` cannot be the name of one person in it: after a
        group ("para Camat, Forkopimcam", "unsur Inspektorat X, Balitbang"), after a list's own
        introduction ("anggota DPRD diantaranya A, B"), or naming a place ("Disperindag Prov. X")."""
        first = previous.split()[0].lower() if previous.split() else ""
        if first in self.plural_openers or first in self.group_words:
            return True
        if LIST_INTRO_INSIDE.search(previous):
            return True
        return any(w.lower().strip(".,") in PLACE_KINDS for w in words)

    def split_mentions(self, view: TextView, start: int, end: int, item: bool = False) -> list[tuple[int, int]]:
        """Split a run of attendee mentions on commas, semicolons, "dan", "serta", "beserta"...

        Never inside a unit's name ("Bidang Sarana dan Prasarana", "Kasubbid Pertanian, Kehutanan
        dan Perkebunan") or a person's titles ("Hj. Nurhasanah, S.Sos., M.Si."): a comma-separated
        piece that continues a unit or names the person of the mention before it stays attached.
        """
        text = view.text
        seps = []
        lowercase_run = text[start:end].islower() or text[start:end].isupper()
        for m in top_level(MENTION_SEPARATORS, text, start, end):
            tok = m.group(0)
            pos = start + m.start()
            nxt = next_word(text, start + m.end(), end)
            low = tok.lower()
            if low == "serta" and PLACE_KIND_WORD.match(nxt) and nxt[:1].islower():
                continue  # "Kepala Bappeda dari seluruh provinsi serta kabupaten/kota": one mention's places
            if low in ("dan", "dan/atau", "hingga"):
                prev_sep = seps[-1] if seps else None
                after_comma = prev_sep is not None and prev_sep[2] == "," and text[prev_sep[1]:pos].strip() == ""
                if after_comma or self.is_starter(nxt) or self._new_body_or_person(text, start, pos, nxt):
                    seps.append((pos, start + m.end(), low))
            else:
                seps.append((pos, start + m.end(), low))
        pieces = []
        prev = start
        kinds = []
        for s, e, kind in seps:
            pieces.append((prev, s))
            kinds.append(kind)
            prev = e
        pieces.append((prev, end))
        kinds.append(None)
        # a "dan" right after a comma belongs to that comma: drop the empty piece between them
        merged: list[tuple[int, int, str | None]] = []
        for (s, e), kind in zip(pieces, [None] + kinds[:-1]):
            if not text[s:e].strip() and merged:
                continue
            merged.append((s, e, kind))
        out: list[list[int]] = []
        for s, e, kind in merged:
            seg = text[s:e].strip()
            if not seg:
                continue
            if out and STANDS_FOR.match(seg):
                continue  # "Nama, mewakili Kepala Dinas", "..., yang bergabung melalui Zoom", "..., atau yang mewakili"
            if out and kind == "," and self.continues(text[out[-1][0]:out[-1][1]], seg, item):
                out[-1][1] = e
                continue
            out.append([s, e])
        # sloppy lists without commas: split before "para" or a lower-case strong starter
        final: list[tuple[int, int]] = []
        for s, e in out:
            cuts = [s]
            if lowercase_run or text[s:e].islower():
                for m in re.finditer(r"\s(\S+)", text[s:e]):
                    word = m.group(1).lower()
                    prev_word = text[s:s + m.start()].split()[-1].lower() if text[s:s + m.start()].split() else ""
                    if word in self.strong_starters and prev_word not in self.role_modifiers and prev_word not in self.strong_starters \
                            and prev_word not in ("selaku", "sebagai", "yang", "yg", "juga", "merupakan") \
                            and prev_word.rstrip(".") not in self.titles_before \
                            and prev_word not in self.scope_words:
                        # "pak camat", "ibu kades", "perwakilan masyarakat dari berbagai unsur": one mention
                        cuts.append(s + m.start(1))
            cuts.append(e)
            for a, b in zip(cuts, cuts[1:]):
                ts, te = view.trim(a, b)
                if te > ts:
                    final.append((ts, te))
        return final

    def _new_body_or_person(self, text: str, start: int, pos: int, nxt: str) -> bool:
        """Whether a "dan" at ``pos`` joins two attendees though no post follows it: after a person's
        closing titles ("Nama, M.A., Ph.D dan Nama, S.P."), or before a body's head word written with a
        capital ("... (BBWS) dan Balai Besar ...", "Dinas X dan Dinas Y"); never before a place kind
        inside an office's name ("Dinas Pemberdayaan Masyarakat dan Desa")."""
        words = nxt.split()
        if not words or not words[0][:1].isupper():
            return False
        before = text[start:pos].split()
        if before and self.is_title_token(before[-1]) and len(before) >= 3 and not self.is_title_token(words[0]):
            return True
        head = words[0].lower().strip(".,")
        return head in self.org_words and head not in NOT_A_HEAD or head == "biro"

    def first_mention(self, view: TextView, s: int, e: int) -> tuple[int, int]:
        """The first mention of the run text[s:e] ("Bupati X, Kepala Bappeda Y" -> "Bupati X")."""
        mentions = self.split_mentions(view, s, e)
        return mentions[0] if mentions else view.trim(s, e)

    def cut_at_stop(self, text: str, start: int, end: int) -> tuple[int, int]:
        """The mention starting at ``start``, up to a word that ends it ("Bupati X didampingi ...",
        "..., dan"); "Menteri Dalam Negeri" keeps its "Dalam"."""
        while start < end and text[start] in " \t:":
            start += 1
        m = self.opener_stop.search(text, start, end)
        while m and re.match(r"[,\s]*Dalam\s+Negeri\b", text[m.start():m.start() + 24]):
            m = self.opener_stop.search(text, m.end(), end)  # "Menteri Dalam Negeri": a title, not "in"
        stop = m.start() if m else end
        return start, stop

    def skip_list_intro(self, text: str, start: int, end: int) -> int:
        """Where the first mention of a list begins, after its introduction (:data:`LIST_INTRO`)."""
        m = LIST_INTRO.match(text[start:end])
        return start + (m.end() if m else 0)

    def parse(self, mention: str) -> dict:
        """Split a mention into acting post, role, unit, organisation, person name and titles:
        "Plt. Kepala Dinas Pendidikan Kabupaten Lahat Drs. X, M.Si." -> acting "Plt.", role "Kepala
        Dinas", organisation "Dinas Pendidikan Kabupaten Lahat", name "X", titles ["Drs.", "M.Si."].
        The same mentions come back in minute after minute (the same officials attend every
        meeting), so each is parsed once per process; the caller gets its own copy."""
        parsed = self._parsed(mention)
        return {**parsed, "titles": list(parsed["titles"])}

    def _parse(self, mention: str) -> dict:
        out = {"role": None, "unit": None, "organization": None, "name": None, "titles": [], "acting": None,
               "plural": False, "place": None}
        body = mention.strip()
        address = self.address.match(body)
        if address and self.is_starter(body[address.end():]):
            body = body[address.end():]  # "Bpk. Camat Sekayu", "Sdr. Kepala Dinas X": the post, addressed politely
        elif address and self.looks_like_name(body[address.end():]):
            person = nz.split_person(body[address.end():], self.titles_before, self.titles_after)  # "Bapak Ahmad Yani"
            return out | {"name": person["name"], "titles": person["titles_before"] + person["titles_after"]}
        lead = re.match(r"[^\s,]+", body)
        lead_word = lead.group(0).lower().rstrip(".") if lead else ""
        post = re.search(r",?\s+(?:[–—-]|selaku|sebagai)\s+", body)
        if post is None and lead_word not in self.role_starters:
            # "Untung Darwadi, S.H., Kabag Umum": the name and its titles, a comma, then the post
            post = next((m for m in re.finditer(r",\s*", body) if self.is_starter(body[m.end():])
                         and self.is_name_only(body[:m.start()])), None)
        # a title that only opens a person's name; "Bapak"/"Sdr." may open a post too ("Bapak Camat")
        titled = lead_word in self.titles_before and lead_word not in self.person_or_post
        if titled or post and lead_word not in self.role_starters and self.is_starter(body[post.end():]) \
                and self.looks_like_name(body[:post.start()]):
            # the person first: "Drs. H. Ahmad Yani, M.Si", "Ir. Sri Wahyuni, M.T. – Kabid X", "Budi, S.E. selaku Kasubbid Y"
            post = post if post and self.is_starter(body[post.end():]) else None
            out = self.parse(body[post.end():]) if post else out
            person = nz.split_person(body[:post.start()] if post else body, self.titles_before, self.titles_after)
            out["name"] = person["name"]
            out["titles"] = person["titles_before"] + person["titles_after"]
            return out
        person_at = self.person_start(body)
        head = body if person_at is None else body[:person_at]
        if person_at is not None:
            person = nz.split_person(body[person_at:].lstrip(", "), self.titles_before, self.titles_after)
            out["name"] = person["name"]
            out["titles"] = person["titles_before"] + person["titles_after"]
        words = head.strip(" ,").split()
        if not words:
            return out
        if words[0].lower() in self.plural_openers | self.group_words or "se-" in head.lower() \
                or re.match(r"(?i)se\s", " ".join(words[1:])):
            out["plural"] = True
        if words[0].lower() in self.plural_openers:
            words = words[1:]
        if words and words[0].lower().rstrip(".") in self.acting_words:
            out["acting"] = words[0]
            words = words[1:]
        org_at = next((i for i, w in enumerate(words) if i > 0 and (w.lower() in self.org_words or w.lower().startswith("bappeda"))), None)
        unit_at = next((i for i, w in enumerate(words) if i > 0 and w.lower() in self.unit_words and (org_at is None or i < org_at)), None)
        if words and words[0].lower() not in self.role_starters:
            out["organization"] = " ".join(words) or None
            return out
        role_end = unit_at or org_at or len(words)
        role = words[:role_end]
        if unit_at is not None:
            unit_words = words[unit_at:org_at or len(words)]
            if len(unit_words) == 1:
                role = role + unit_words
            else:
                out["unit"] = " ".join(unit_words)
                role = role + unit_words[:1]
        elif org_at is not None and len(role) == 1 and words[org_at].lower() not in self.association_words and \
                role[0].lower() in self.office_posts:
            role = role + words[org_at:org_at + 1]
        if len(role) > 1 and role[0].lower() in self.unit_posts and unit_at is None:
            out["unit"] = " ".join(role[1:])
            role = role[:1]
        role_text = " ".join(role)
        place = re.search(r"(?i)\s(?:(?:kabupaten|kab\.?|kota|provinsi|kecamatan|kelurahan|desa|distrik|dilingkungan|lingkup|pada)\s+(?=\S)|di\s+lingkungan\s|se-|se\s)", role_text)
        if place and org_at is None:
            out["place"] = role_text[place.start():].strip()
            role_text = role_text[:place.start()]
        if org_at is not None and org_at == len(words) - 1 and words[org_at].lower() in self.generic_offices:
            # "Kepala Desa", "operator SIPD kecamatan": the kind of office is part of the post, not an organisation
            if not role_text.lower().endswith(words[org_at].lower()):
                role_text = f"{role_text} {words[org_at]}".strip()
            org_at = None
        out["role"] = role_text or None
        if org_at is not None:
            out["organization"] = " ".join(words[org_at:])
        return out

    def person_start(self, body: str) -> int | None:
        """Where a person's name (with its titles) begins inside a mention, if one is named.

        "Camat Kota Kayuagung Hj. Nurhasanah, S.Sos." -> at "Hj."; "Kepala Dinas X, Dahlan Nur" -> at
        "Dahlan"; "Kabid Y Bappeda Muba Dedi Kurniawan ST, MT" -> at "Dedi" (the capitalised words
        before trailing titles that are neither an organisation nor a place).
        """
        tokens = list(BODY_WORD.finditer(body))
        for i, tok in enumerate(tokens):
            word = tok.group(0).lower().rstrip(".")
            if i > 0 and word in self.titles_before and word not in self.spoken_addresses \
                    and i + 1 < len(tokens) and (tokens[i + 1].group(0)[:1].isupper() or body.islower() and
                                                 self.lower_name_word(tokens[i + 1].group(0))):
                return tok.start()  # "... Hj. Nurhasanah", and in notes typed in lower case "camat x bpk zulfahmi"
        comma = COMMA_BEFORE_WORD.search(body)
        if comma and self.looks_like_name(body[comma.end():]):
            return comma.end()
        # a name written before its titles with no title in front: walk back over capitalised words
        first_title = next((i for i, t in enumerate(tokens) if i > 1 and self.is_title_token(t.group(0))
                            and all(self.is_title_token(x.group(0)) for x in tokens[i:])), None)
        if first_title is None:
            return None
        taken = []
        for tok in reversed(tokens[1:first_title]):
            if len(taken) == 3 or self.name_stop(tok.group(0)):
                break
            taken.append(tok)
        if len(taken) == 3 and not self.name_stop(tokens[tokens.index(taken[-1]) - 1].group(0)):
            taken.pop()  # three capitalised words not preceded by an organisation: the first is a unit's
        return taken[-1].start() if taken else None

