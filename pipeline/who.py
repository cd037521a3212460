"""Who: the person who opened or chaired the meeting (and on whose behalf), and every attendee with
post, unit, organisation, region, name and titles, and the side they came from.

Reads the ``OPEN_BY``, ``OPEN_SUBJECT``, ``CHAIR_FIELD``, ``CHAIR_BY``, ``ATTEND*``, ``VISIT`` and
``CLOSED_BY`` cues; every mention is read through the grammar of :mod:`pipeline.mentions`.
"""
from __future__ import annotations

import re

from . import normalise as nz
from .cues import ACTIVE_VERB, Spans, after_dateline, grounded, last_word_start, next_word
from .mentions import ETC, MentionGrammar
from .places import Places
from .records import Attendee, Grounded, Person, RegionRef
from .rules import RuleSet
from .textspan import TextView, line_items, table_rows

__all__ = ["WhoFinder"]

#: a verb in the active voice (meN- with its sound changes: "menyampaikan", "memaparkan", "mengatakan"),
#: not a noun that begins with "me" ("media", "menteri")
VERB = re.compile(rf"(?<![\w-])(?-i:{ACTIVE_VERB})\b(?<!menteri)(?<!mentri)")
#: a piece of a list that opens with a preposition or conjunction is the sentence going on, not an attendee
#: ("... didampingi pihak akademisi, dalam memberikan masukan")
NOT_A_MENTION = re.compile(r"(?i)(?:dalam|untuk|pada|dengan|agar|supaya|guna|karena|sehingga|bahwa|ketika|saat|terkait|mengenai|tentang)\b")
#: the sentence's adjunct after the last attendee: "..., Nama pada Ballroom X", "... pada hari Senin"
ADJUNCT = re.compile(r"\s(?:pada|bertempat\s+di)\s+(?=(?-i:[A-Z])|\d|hari\b|tanggal\b)")
#: a description of the one named, not part of the mention: "Nama yang juga selaku ...", "Nama sebagai narasumber"
DESCRIBED = re.compile(r"(?i)\s(?:yang|yg|selaku|sebagai)\s")
#: a list whose groups are labelled: "dihadiri oleh berbagai pihak, di antaranya dari Legislatif: ..."
LABEL_INTRO = re.compile(r"(?i)\bdari\s+(?:para\s+|unsur\s+|kalangan\s+|pihak\s+)?[^\W\d][^,.:;\n]{1,30}$")
#: the next labelled group after a full stop: ". Dari para pakar: ...", ". Dari peserta: ..."
LABEL_NEXT = re.compile(r"\.\s+Dari\s+(?:para\s+|unsur\s+|kalangan\s+|pihak\s+)?[^\W\d][^,.:;\n]{1,30}:\s*")
#: a news report's sign-off after its last sentence: ".(MR)", " (rel)", "(*)"
SIGN_OFF = re.compile(r"\.?\s*\((?:[A-Za-z]{1,5}|\*)\)$")
#: the sentence goes on after the list: "Musrenbang yang dihadiri oleh A dan B berlangsung lancar"
CLAUSE_GOES_ON = re.compile(r"(?i)\s(?:itu\s+|tersebut\s+)?(?:berlangsung|berjalan|berakhir|dimulai|diakhiri|ditutup|selesai)\b")
#: "yang" right before an attendance word: "Kepala Bappeda X yang hadir ..."
RELATIVE_BEFORE = re.compile(r"(?i)\s(?:yang|yg)\s+$")
#: an attendance cue that is the word "hadir" itself (typos allowed), not "dihadiri"
HADIR = re.compile(r"(?i)h\w{2,4}r\b")
HADIR_IN = re.compile(r"(?i)hadir\b")
#: what makes the rest of a sentence a list: a colon, "antara lain", "yaitu", "sebagai berikut"
LIST_FOLLOWS = re.compile(r"(?i):|\b(?:antara\s+lain|yaitu|yakni|adalah|di\s*antaranya|sebagai\s+berikut)\b")
#: a note in brackets closing a mention: "Nama, S.T. (Wakil Ketua)"
NOTE_AT_END = re.compile(r"\s*\(([^()]*)\)$")
COMMA_OR_DIGIT = re.compile(r"[,\d]")
#: a mention marked absent: "kapus X (tdk hadir)", "(berhalangan)", "(izin)"
ABSENT_AFTER = re.compile(r"(?i)\s*\((?:tidak|tdk|tak)\s+hadir|\s*\((?:berhalangan|izin|absen)")
ABSENT_INSIDE = re.compile(r"(?i)\((?:tidak|tdk)\s+hadir\)|\(berhalangan\)$")
LETTER = re.compile(r"[A-Za-z]")
#: a mention's first word, after "hari" (a weekday closing the sentence is no attendee)
FIRST_WORD = re.compile(r"(?i)(?:hari\s+)?([a-z']+)")
#: "(yang) (dalam hal ini) diwakili": someone came in the place of the one named before
_REPRESENTED = r"(?:yang\s+|yg\s+)?(?:(?:dalam|dlm)\s+hal\s+ini\s+)?diwakili"
#: a stand-in inside a mention: "Kapolres X yang (dalam hal ini) diwakili (oleh) Kabag Ops Y"
STAND_IN = re.compile(rf"(?i)\s{_REPRESENTED}(?:\s+oleh|\s+olh)?\s+")
#: "... atau yang mewakili" closing a mention: the one invited, or whoever came for them
OR_STAND_IN = re.compile(r"(?i)[\s,]+atau\s+(?:yang\s+|yg\s+)?(?:mewakili|wakil)(?:nya)?\s*$")
WORD = re.compile(r"\w+")
#: "KEPALA DISTRIK X AN. BUPATI Y": on whose behalf, inside the opener's mention
ON_BEHALF_INSIDE = re.compile(r"(?i)\s+a\.?n\.\s+")
#: after the opener's post: "(yang dalam hal ini) diwakili (oleh) ...": who came instead
REPRESENTED_BY = re.compile(rf"(?i)[\s,]*{_REPRESENTED}\s+(?:oleh\s+|olh\s+)?")
#: after the opener: "atas nama", "mewakili", "a.n." and the one they stood in for
ON_BEHALF_OF = re.compile(r"(?i)[\s,]*(?:atas\s+nama|mewakili|a\.?n\.)\s+")
#: the same person described after a comma: ", akademisi Universitas X"
APPOSITIVE = re.compile(r",\s*((?-i:[a-z])[a-z]+)\s+(?-i:[A-Z])[^,.;]*?(?=[.;]|$)")


class WhoFinder:
    """Finds the opener, the chairs and the attendees; built once per rule set."""

    def __init__(self, rules: RuleSet, mentions: MentionGrammar, places: Places):
        self.mentions = mentions
        self.places = places
        self.weekdays = rules.variants("weekdays")
        self.abbreviation_index = nz.abbreviation_index(rules.abbreviations)
        # columns of a participants table, the most specific first: the person, else the post or body
        self.participant_columns = rules.words("participant_columns")
        # who said it: '"...," tegas Bupati X, saat membuka forum', "Hal ini disampaikan X saat membuka"
        speech = "|".join(map(re.escape, rules.words("speech_verbs")))
        passive = "|".join(map(re.escape, rules.words("passive_speech_verbs")))
        self.said = re.compile(rf"(?i)[\"”]?,?\s*(?:{speech})\s+|\b(?:{passive})\s+(?:oleh\s+)?")
        self.session = re.compile(r"(?i)\b(?:" + "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in rules.words("session_words"))
                                  + r")(?:\s+(?:ini|itu|tersebut))?(?:\s+(?:yang|yg))?\s*$")
        self.breakout = re.compile(r"\b(?:" + "|".join(map(re.escape, rules.words("breakout_words"))) + r")\b")

    def opener(self, view: TextView, by: dict) -> tuple[Person | None, list[tuple[int, int, str]]]:
        """Who opened the meeting, and the other chairs (who count as attendees)."""
        text = view.text
        found: list[tuple[int, int, int, str, Grounded | None]] = []  # priority, start, end, rule, behalf
        sessions: list[tuple[int, int, str]] = []  # who led a part of the meeting
        for cue in by.get("OPEN_BY", []):
            if self._session_before(view, cue.start):
                continue  # "paparan dibuka oleh ...": that part of the meeting, not the meeting
            start = cue.end
            if cue.rule.endswith("_tanpa_oleh"):
                start = last_word_start(text, cue.start, cue.end)
            got = self._person_after(view, start)
            if got:
                found.append((0, *got[:2], cue.rule, got[2]))
        for cue in by.get("OPEN_SUBJECT", []):
            s0 = after_dateline(text, view.sentence_start(cue.start), cue.start)
            said = list(self.said.finditer(text[s0:cue.start]))
            if said:  # '"...," tegas Penjabat Wali Kota X, saat membuka forum', "Hal ini disampaikan X saat membuka"
                s0 += said[-1].end()
            bar = text.rfind(" | ", s0, cue.start)
            if bar >= 0:
                s0 = bar + 3  # "NAMA MEDIA – Kota | Bupati X membuka ...": a site's dateline before the sentence
            s, e = view.trim(s0, cue.start)
            tail = re.search(r"(?i)[\s,]*(?:saat|ketika|sewaktu|sebelum|sesudah|setelah)$", text[s:e])
            if tail:
                e = s + tail.start()
            # "X turut menghadiri sekaligus membuka", "X, menghadiri sekaligus memimpin": X came and opened it
            came = re.search(r"(?i)[\s,]*(?:(?:turut|juga|pun)\s+)?(?:hadir|menghadiri)(?:\s+(?:sekaligus|dan|serta|lalu))?$", text[s:e])
            if came:
                e = s + came.start()
            s, e = self._strip_adverbs(text, s, e)
            behalf = None
            stand_in = re.search(r"(?i)[\s,]+(?:mewakili|atas\s+nama)\s+", text[s:e])
            if stand_in:  # "Sekda X mewakili Wali Kota Y dalam menghadiri dan membuka ...": X opened it for Y
                bs, be = self.mentions.cut_at_stop(text, s + stand_in.end(), e)
                if be > bs:
                    behalf = grounded(text, *self.mentions.first_mention(view, bs, be), "on_behalf_of")
                e = s + stand_in.start()
            if e > s and (self.mentions.starts_like_person(text[s:e]) or self.mentions.name_then_role(text[s:e])) \
                    and len(text[s:e].split()) <= 14 and not re.search(r"(?i)\b(?:yang|yg)$", text[s:e]):
                # "Bupati X memimpin langsung rapat": a chair, ranked with "dipimpin oleh"
                found.append((3 if cue.rule == "memimpin" else 1, s, e, cue.rule, behalf))
        for cue in by.get("CHAIR_FIELD", []):
            got = self._person_after(view, cue.end, line_only=True)
            if got:
                found.append((2, *got[:2], cue.rule, got[2]))
        for cue in by.get("CHAIR_BY", []):
            sentence = text[view.sentence_start(cue.start):cue.start].lower()
            if self.breakout.search(sentence):
                continue  # "sidang kelompok ... dipandu oleh": a breakout session, not the meeting
            start = last_word_start(text, cue.start, cue.end) if cue.rule.endswith("_tanpa_oleh") else cue.end
            if cue.rule.endswith("_tanpa_oleh") and not self.mentions.starts_like_person(text[start:start + 40]):
                continue
            got = self._person_after(view, start)
            if got and self._session_before(view, cue.start):
                sessions.append((*got[:2], cue.rule))  # "sesi tanya jawab dipandu oleh X": there, but not the opener
            elif got:
                found.append((3, *got[:2], cue.rule, got[2]))
        if not found:
            return None, sessions
        found.sort(key=lambda f: (f[0], f[1]))
        fields = [f for f in found if f[3] == "pimpinan_rapat_field"]
        if fields and re.fullmatch(r"(?i)(?:pimpinan|pemimpin|ketua)\s+(?:rapat|sidang|musyawarah|forum)", text[found[0][1]:found[0][2]]):
            found = fields + [f for f in found if f is not found[0] and f not in fields]  # "dibuka oleh Pimpinan Rapat"
        _, s, e, rule, behalf = found[0]
        person = self._person(text, s, e, rule)
        person.on_behalf_of = behalf
        opener_words = set(re.findall(r"\w+", text[s:e].lower()))
        chairs = []
        for prio, cs, ce, crule, _ in found[1:]:
            if (cs, ce) == (s, e) or not (crule.startswith("dipimpin") or crule.startswith("pimpinan")):
                continue
            words = set(re.findall(r"\w+", text[cs:ce].lower()))
            if words and len(words & opener_words) / len(words) >= 0.6:
                continue
            chairs.append((cs, ce, crule))
        return person, chairs + [c for c in sessions if (c[0], c[1]) != (s, e)]

    def _person_after(self, view: TextView, pos: int, line_only: bool = False) -> tuple[int, int, Grounded | None] | None:
        """The person mention after an opening cue, and whom they stood in for ("diwakili oleh", "atas nama")."""
        text = view.text
        if not line_only and not text[pos:view.line_end(pos)].strip():
            pos = view._skip_space(pos)  # "dibuka secara resmi oleh\n   Penjabat Gubernur ..."
        end = view.line_end(pos) if line_only else view.sentence_end(pos)
        s, e = self.mentions.cut_at_stop(text, pos, end)
        if e <= s:
            return None
        rest = text[e:end]
        behalf = None
        cut = ON_BEHALF_INSIDE.search(text[s:e])
        if cut:  # "KEPALA DISTRIK KOKAS AN. BUPATI FAKFAK": on whose behalf
            rest = text[s + cut.start():end]
            e = s + cut.start()
        rep = REPRESENTED_BY.match(rest)
        if rep:
            first = self.mentions.first_mention(view, s, e)
            behalf = grounded(text, *first, "represented")
            s2, e2 = self.mentions.cut_at_stop(text, e + rep.end(), end)
            if e2 > s2:
                s, e = s2, e2
        else:
            on_behalf = ON_BEHALF_OF.match(rest)
            if on_behalf:
                bs, be = self.mentions.cut_at_stop(text, e + on_behalf.end(), end)
                if be > bs:
                    behalf = grounded(text, *self.mentions.first_mention(view, bs, be), "on_behalf_of")
        s, e = self.mentions.first_mention(view, s, e)
        if e <= s or not LETTER.search(text[s:e]):
            return None
        appositive = APPOSITIVE.match(text[e:end])
        if appositive and appositive.group(1).lower() in self.mentions.role_starters and self.mentions.names_person(text[s:e]):
            e = view.trim(e, e + appositive.end())[1]  # the same person described: ", akademisi Universitas X"
        return s, e, behalf

    def _session_before(self, view: TextView, pos: int) -> bool:
        """Whether the words before an opening or chairing cue name a part of the meeting ("paparan
        dibuka oleh", "diskusi yang dipimpin oleh"), not the meeting."""
        return bool(self.session.search(view.text, max(view.sentence_start(pos), pos - 40), pos))

    @staticmethod
    def _strip_adverbs(text: str, s: int, e: int) -> tuple[int, int]:
        m = re.search(r"(?i)[\s,]*(?:secara\s+resmi|langsung|juga|pun)?[\s,]*$", text[s:e])
        if m and m.start() > 0:
            e = s + m.start()
        return s, e

    def _person(self, text: str, s: int, e: int, rule: str) -> Person:
        parsed = self.mentions.parse(text[s:e])
        return Person(text[s:e], [s, e], rule, role=parsed["role"], organization=parsed["organization"],
                      name=parsed["name"], titles=parsed["titles"])

    def attendees(self, view: TextView, by: dict, opener: Person | None, chairs: list,
                   region: RegionRef | None) -> list[Attendee]:
        text = view.text
        negative = [(c.start, c.end) for c in by.get("ATTEND_NEG", [])]
        visits = by.get("VISIT", [])
        lists: list[tuple[int, int, str, str | None, str]] = []  # start, end, rule, org, side
        subjects: list[tuple[int, int, str]] = []  # who "yang hadir ..." says attended
        for cue in sorted(by.get("ATTEND", []) + visits, key=lambda c: c.start):
            if cue.label == "VISIT":
                continue
            if any(ns <= cue.start < ne + 2 or ns <= cue.end <= ne for ns, ne in negative):
                continue
            relative = RELATIVE_BEFORE.search(text[max(0, cue.start - 8):cue.start]) \
                if HADIR.match(text[cue.start:cue.end]) else None  # "yang hadir", not "yang dihadiri oleh"
            if relative and not LIST_FOLLOWS.search(text[cue.end:view.sentence_end(cue.end)]):
                # "Kepala Bappeda X yang hadir dalam kegiatan itu menuturkan, ...": the one before
                # "yang" attended and what follows is no list ("Peserta yang hadir ... adalah:" is one)
                s, e = view.trim(after_dateline(text, view.sentence_start(cue.start), cue.start),
                                 max(0, cue.start - 8) + relative.start())
                if e > s and self.mentions.starts_like_person(text[s:e]) and len(text[s:e].split()) <= 10:
                    subjects.append((s, e, cue.rule))
                    continue
            after = next_word(text, cue.end, view.sentence_end(cue.end)).split()
            if HADIR_IN.search(text[cue.start:cue.end]) and after \
                    and after[0].lower().strip(".,") in self.mentions.meeting_words:
                # "Camat X turut hadir dalam acara Musrenbang Kelurahan Y": the event follows, the one who came is before
                s0 = after_dateline(text, view.sentence_start(cue.start), cue.start)
                s, e = view.trim(s0, cue.start)
                if e > s and self.mentions.starts_like_person(text[s:e]) and len(text[s:e].split()) <= 10:
                    subjects.append((s, e, cue.rule))
                continue
            start = cue.end
            if cue.rule.endswith("_tanpa_oleh"):
                start = last_word_start(text, cue.start, cue.end)
                if not self.mentions.is_starter(next_word(text, start, len(text))):
                    continue  # "diikuti sebanyak 150 peserta": not a list of attendees
            end = self._list_end(view, start)
            colon = text.find(":", start, end)
            if colon > 0 and LABEL_INTRO.search(text, start, colon):
                start = colon + 1  # "berbagai pihak, di antaranya dari Legislatif: A, B": the label is no attendee
            lists.append((start, end, cue.rule, None, "host"))
            label = LABEL_NEXT.match(text, end)
            while label:  # "... . Dari para pakar: C. Dari peserta: D, E": the list goes on group by group
                nxt_end = self._list_end(view, label.end())
                lists.append((label.end(), nxt_end, cue.rule, None, "host"))
                label = LABEL_NEXT.match(text, nxt_end)
        for cue in visits:
            org = cue.groups.get("org")
            org_text = text[org[0]:org[1]] if org else None
            side = self._visit_side(org_text, region)
            end = view.sentence_end(cue.end)
            lists.append((cue.end, end, cue.rule, org_text if side == "visiting" else None, side))
            if side == "visiting":
                # a cue inside the delegation's sentence ("... didampingi Kasubbid X") lists the same side
                lists = [(ls, le, lr, org_text, "visiting") if cue.end <= ls <= end and lside == "host" else
                         (ls, le, lr, lo, lside) for ls, le, lr, lo, lside in lists]
        items: list[Attendee] = []
        seen = Spans()

        def add(s: int, e: int, rule: str, org: str | None, side: str, table: dict | None = None) -> None:
            s, e = view.trim(s, e)
            sign_off = SIGN_OFF.search(text, s, e)
            if sign_off and sign_off.start() > s and text[sign_off.start()] == ".":
                s, e = view.trim(s, sign_off.start())  # "... kabupaten X.(MR)": the reporter's initials
            note = NOTE_AT_END.search(text[s:e])
            post = None
            if note and note.start() > 0 and (COMMA_OR_DIGIT.search(note.group(1)) or self.mentions.is_starter(note.group(1))):
                e = s + note.start()  # "Nama, S.T. (Wakil Ketua)", "camat se-Kota Tual (A, B, C)": a note, not the mention
                post = note.group(1).strip() if self.mentions.is_starter(note.group(1)) else None
            if ABSENT_AFTER.match(text[e:e + 20]) or ABSENT_INSIDE.search(text[s:e]):
                return  # "kapus koto baru (tdk hadir)": named, but absent
            if e <= s or (s, e) in seen or not LETTER.search(text[s:e]):
                return
            if ETC.fullmatch(text, s, e):
                return  # "..., perwakilan kelompok profesi, dll.": the list goes on unnamed
            first = FIRST_WORD.match(text[s:e])
            if first and first.group(1).lower() in self.weekdays and len(text[s:e].split()) <= 3:
                return  # "..., dan seluruh Kades, Kamis (20/2/2025).": the date closing the sentence
            if seen.overlaps(s, e):
                return
            seen.add(s, e)
            items.append(self._attendee(text, s, e, rule, org, side, table, post))

        for cs, ce, rule in chairs:
            visiting = [(lo, lside) for ls, le, lr, lo, lside in lists if lside == "visiting" and ls - 20 <= cs <= le]
            add(cs, ce, rule, *(visiting[0] if visiting else (None, "host")))
        for cue in by.get("ATTEND_FIELD", []):
            for s, e in self._field_list(view, cue.end):
                for ms, me in self.mentions.split_mentions(view, s, e, item=True):
                    add(ms, me, cue.rule, None, "host")
        for cue in by.get("ATTEND_ONE", []):
            add(cue.end, view.line_end(cue.end), cue.rule, None, "host")
        for cue in by.get("ATTEND_TABLE", []):
            table = table_rows(view, view.next_line(cue.start) or cue.end, ("nama",))
            if table:
                for row in table[1]:
                    if "nama" in row:
                        fields = {k: text[v[0]:v[1]] for k, v in row.items()}
                        add(*row["nama"], cue.rule, None, "host", fields)
        for cue in by.get("ATTEND_SUBJECT", []):
            s0 = after_dateline(text, view.sentence_start(cue.start), cue.start)
            s0 = after_dateline(text, s0, cue.start)  # "SITUS.CO.ID – KOTA – Ketua DPRD X menghadiri ...": two datelines
            s, e = view.trim(s0, cue.start)
            if e > s and self.mentions.starts_like_person(text[s:e]) and len(text[s:e].split()) <= 10 \
                    and not text[s:e].lower().startswith("peserta") \
                    and not re.search(r"(?i)\b(?:berhalangan|tidak|tdk|karena|krn|yang|yg|akan)\b", text[s:e]):
                add(s, e, cue.rule, None, "host")
        for s, e, rule in subjects:
            add(s, e, rule, None, "host")
        for cue in by.get("CLOSED_BY", []):
            after = self._person_after(view, cue.end)
            if after and self.mentions.starts_like_person(text[after[0]:after[1]]) and self.mentions.names_person(text[after[0]:after[1]]):
                add(after[0], after[1], cue.rule, None, "host")
        lists.sort()
        for start, end, rule, org, side in lists:
            start = self.mentions.skip_list_intro(text, start, end)
            marker_line = view.line_end(start) == view.line_end(end) and text[start:view.line_end(start)].strip() in ("", ":")
            if not marker_line and text[start:view.line_end(start)].rstrip().endswith(":") and view.line_end(start) >= end - 1:
                marker_line = True  # "86 orang peserta yang terdiri dari:" then the list below
            if marker_line:
                nl = view.next_line(start)
                table = table_rows(view, nl, self.participant_columns) if nl is not None else None
                if table and table[1]:
                    column = next((c for c in self.participant_columns if c in table[0]), None)
                    for row in table[1]:
                        if column in row and not re.fullmatch(r"(?i)\s*(?:jumlah|total)\b.*", text[row[column][0]:row[column][1]]):
                            fields = {k: text[v[0]:v[1]] for k, v in row.items()}
                            add(*row[column], rule, org, side, fields if column == "nama" else None)
                    continue
                block = line_items(view, nl) if nl is not None else []
                for s, e, _, _ in block:
                    for ms, me in self.mentions.split_mentions(view, s, e, item=True):  # "Kapolsek X dan Danramil X"
                        add(ms, me, rule, org, side)
                if block:
                    continue
            for s, e in self.mentions.split_mentions(view, start, end):
                if NOT_A_MENTION.match(text, s):
                    break  # the list is over and the sentence goes on
                stand_in = STAND_IN.search(text[s:e])
                if stand_in:
                    s += stand_in.end()  # "Kapolres X yang diwakili Kabag Ops Y": Y is the one who came
                # "Kepala Dinas X atau yang mewakili" is one mention, as written, and no verb
                either = OR_STAND_IN.search(text[s:e])
                limit = e if not either else s + either.start()
                described = DESCRIBED.search(text, s, limit)
                if described and self.mentions.is_name_only(text[s:described.start()]) \
                        and self.mentions.is_starter(next_word(text, described.end(), limit)):
                    described = None  # "Nama, S.E. selaku Kasubbid X": the person, then their post
                if described and not either:
                    e = limit = described.start()
                adjunct = ADJUNCT.search(text, s, limit)
                if adjunct and (next_word(text, adjunct.end(), limit).split() or [""])[0].lower() in self.mentions.org_words:
                    adjunct = None  # "para Kepala Bidang pada Bappeda X": where they work
                if adjunct:
                    add(s, adjunct.start(), rule, org, side)
                    break  # "..., Nama pada Ballroom X": where, not who
                verb = min((m for m in (VERB.search(text, s, limit), CLAUSE_GOES_ON.search(text, s, limit)) if m),
                           key=lambda m: m.start(), default=None)
                if verb:
                    add(s, verb.start(), rule, org, side)
                    break  # "... Bappeda Provinsi X menyampaikan ...": the list has become a sentence
                add(s, e, rule, org, side)
        if opener is not None:
            ospan = tuple(opener.span)
            items = [a for a in items if tuple(a.span) != ospan]
        items.sort(key=lambda a: a.span[0])
        named: set[str] = set()
        unique = []
        for a in items:  # one person mentioned twice (a table row and a narasumber line) is one attendee
            key = (a.name or "").lower() if a.name and len(a.name.split()) >= 2 else " ".join(a.text.lower().split())
            if key and key in named:
                continue
            named.add(key)
            unique.append(a)
        items = unique
        # a role named without a person ("Kepala Bappedalitbang") is the same attendee as a named
        # one whose role and organisation say as much (a row "Ir. X | Kepala Badan | Bappedalitbang")
        described = [set(WORD.findall(f"{a.role or ''} {a.organization or ''}".lower())) for a in items if a.name]
        items = [a for a in items if a.name or not any(
            set(WORD.findall(a.text.lower())) <= words for words in described if words)]
        if any(a.side == "visiting" for a in items):
            for a in items:
                a.side = a.side or "host"
        else:
            for a in items:
                a.side = None
        self._share_organisation(items, text)
        return items

    def _list_end(self, view: TextView, start: int) -> int:
        """Where a running list of attendees ends: its sentence's end, unless the full stop there closes
        a title inside a name ("Nama SH. MSi, Kepala ...") or an office's short form ("Lingkup Pemkab.
        Lombok Tengah, Staf Ahli ...") and the list goes on after it with a comma."""
        text = view.text
        end = view.sentence_end(start)
        while end < len(text) and text[end] == ".":
            before = re.search(r"(\w+)$", text[max(0, end - 20):end])
            after = re.match(r"\.\s*([\w.]+)[^.\n]{0,40}?,", text[end:end + 60])
            if not before or not after:
                break
            prev_word, next_word_ = before.group(1).lower(), after.group(1).lower().strip(".")
            titles = self.mentions.titles_after | self.mentions.title_keys
            if not (prev_word in titles and next_word_ in titles
                    or prev_word in self.mentions.org_words and after.group(1)[:1].isupper() and len(prev_word) >= 4):
                break
            end = view.sentence_end(end + 1)
        return end

    def _visit_side(self, org: str | None, region: RegionRef | None) -> str:
        """"Dari Bappeda Provinsi X hadir ..." is the visiting delegation; "Dari pihak kabupaten hadir ..." the host."""
        if not org:
            return "visiting"
        if re.search(r"(?i)\b(?:pihak\s+)?(?:kabupaten|kota|pemkab|pemkot|tuan\s+rumah|pemerintah\s+(?:kabupaten|kota))$", org.strip()) \
                or re.match(r"(?i)pihak\s+(?:kabupaten|kota|pemkab|pemkot|tuan\s+rumah)\b", org.strip()):
            return "host"
        if region is not None:
            for mention in self.places.regions_in(org):
                if mention.region.code == region.code:
                    return "host"
        return "visiting"

    def _field_list(self, view: TextView, pos: int) -> list[tuple[int, int]]:
        """Items of a "Peserta :" field: numbered lines (the first may share the field's line) or one line."""
        text = view.text
        le = view.line_end(pos)
        rest = text[pos:le]
        if re.match(r"\s*\(?\s*(?:sebagaimana|terlampir|daftar\s+hadir|lihat|sesuai)", rest, re.I):
            return []
        if rest.strip():
            block = line_items(view, pos, first_on_line=True)
            if block:
                return [(s, e) for s, e, _, _ in block]
            return self.mentions.split_mentions(view, pos, le)
        nl = view.next_line(pos)
        return [(s, e) for s, e, _, _ in line_items(view, nl)] if nl is not None else []

    def _attendee(self, text: str, s: int, e: int, rule: str, org: str | None, side: str, table: dict | None,
                  note: str | None = None) -> Attendee:
        """One attendee from its mention; ``note`` is the post written after it in brackets."""
        mention = text[s:e]
        if table:
            person = nz.split_person(mention, self.mentions.titles_before, self.mentions.titles_after)
            role = (table.get("jabatan") or "").strip() or None
            organization = (table.get("instansi") or table.get("unit kerja") or table.get("instansi/lembaga") or "").strip() or None
            att = Attendee(mention, [s, e], rule, role=role, organization=organization, name=person["name"],
                           titles=person["titles_before"] + person["titles_after"], side=side)
        else:
            parsed = self.mentions.parse(mention)
            if note and parsed["role"] is None and parsed["organization"] is None:
                posted = self.mentions.parse(note)  # "Nama, S.T. (Kepala Bappeda Kabupaten X)"
                parsed.update({k: posted[k] for k in ("role", "unit", "organization", "acting", "place")})
            att = Attendee(mention, [s, e], rule, role=parsed["role"], unit=parsed["unit"],
                           organization=parsed["organization"] or org, name=parsed["name"],
                           titles=parsed["titles"], acting=parsed["acting"], plural=parsed["plural"], side=side)
        if att.role:
            # a role opens with its office ("Kaur Keuangan"); a place comes after it ("Camat Kaur Selatan")
            places = [(r.name_start, r.end) for r in self.places.regions_in(att.role) if r.start > 0]
            att.role_expanded = nz.expand_abbreviations(att.role, self.abbreviation_index, places)
        where = att.organization or (None if table else parsed.get("place"))
        regions = self.places.regions_in(where) if where else ()
        if att.organization:
            # a place's name is not an abbreviation: "Setda Kaur" is Kabupaten Kaur, not "Kepala Urusan"
            places = [(r.name_start, r.end) for r in regions] if where == att.organization else []
            att.organization_expanded = nz.expand_abbreviations(att.organization, self.abbreviation_index, places)
        if regions:
            att.region, att.region_code = regions[0].region.name, regions[0].region.code
        return att

    def _share_organisation(self, items: list[Attendee], text: str) -> None:
        """"Kepala Bidang dan staf Bappeda X": the bare first mention shares the second's organisation."""
        for a, b in zip(items, items[1:]):
            gap = text[a.span[1]:b.span[0]]
            own_office = bool(a.role) and a.role.split()[-1].lower() in self.mentions.generic_offices  # "kepala desa dan ketua BPD X"
            if a.organization is None and b.organization and not own_office and re.fullmatch(r"\s*(?:dan|serta)\s*", gap):
                a.organization = b.organization
                a.organization_expanded = b.organization_expanded
                a.region, a.region_code = b.region, b.region_code

