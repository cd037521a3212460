"""What: the agenda, planning stages, issues with their heading, programs with their activities,
challenges, follow-ups with deadlines, commodities and the plan year.

Reads the ``AGENDA``, ``STAGE``, ``ISSUE_HEAD*``, ``PROGRAM_*``, ``BREAKTHROUGH_HEAD``,
``CHALLENGE_HEAD``, ``FOLLOWUP_HEAD`` and ``COMMODITY`` cues, and the lists they introduce: lines
with markers, tables, words counting items ("pertama ... kedua ...") and running lists in prose.
"""
from __future__ import annotations

import re
from typing import Iterable

from . import normalise as nz
from .cues import Cue, Spans, alternation, grounded, next_word, quoted, top_level
from .mentions import ETC, ITEM_SEPARATORS, MentionGrammar
from .records import AgendaItem, Challenge, FollowUp, Issue, Meeting, Program
from .rules import RuleSet
from .textspan import LINE_MARKER, TextView, bare_lines, inline_items, line_items, table_rows

__all__ = ["WhatFinder"]


#: a list counted in words begins: "..., pertama yaitu A. Kedua B."
COUNTED_FIRST = re.compile(r"(?i)[\s,:]*(?:(?:adalah|yaitu|yakni)\s+)?(?=pertama\b)")
FIRST_ORDINAL = re.compile(r"(?i)pertama\b")
#: "selain A, juga B": two items, B whole
BESIDES = re.compile(r"(?i)\bselain\s+(?!itu\b|dari\b)([^.;:]+?),\s*juga\s+")
#: a next sentence that names the items just announced: "Program tersebut ialah ..."
THESE_ITEMS = re.compile(r"(?i)(?:program|kegiatan|usulan|prioritas|isu|permasalahan|masalah)(?:-\w+)?\s+(?:tersebut|itu)\s+")
#: "isu X terutama terhadap Y, yang meliputi A, B": the list is Y's parts
NARROWED = re.compile(r"(?i)\b(?:terutama|khususnya|utamanya)\b[^,]*,\s*yang\s+$")
#: "Agenda lainnya adalah C dan D": a next sentence that goes on with the list
OTHERS_ARE = re.compile(r"(?:[A-Z][\w-]*)(?:\s+[\w-]+)?\s+(?:yang\s+)?lain(?:nya)?\s+(?:adalah|yaitu|yakni|ialah|meliputi|antara\s+lain)\s+")
#: a clause after a running list's last item: ", yang ...", ", sehingga ...", ", agar ..."
CLAUSE_AFTER_ITEMS = re.compile(r",\s*(?:yang|sehingga|karena|agar|namun|untuk|guna|supaya|dengan\s+harapan|akan|telah|sudah|harus|perlu"
                                r"|kalau|jika|apabila|sedangkan|tetapi)\b")
QUOTE_CLOSES = re.compile(r"[,.]?\s*[”\"]")
#: a list that has used its conjunction ("serta", ", dan")
OWN_CONJUNCTION = re.compile(r"(?i)\sserta\s|,\s*dan\s")
#: a purpose clause ends a program's activities: "untuk meningkatkan ..."
PURPOSE = re.compile(r"\s+(?:untuk|guna|agar|supaya)\s+(?=(?:me|mem|men|meng|meny|dapat|bisa)\w*)")
OR = re.compile(r"\s+atau\s+")
#: a lower-case nominalisation ("kekurangan", "peningkatan") or "-nya" form ("tingginya")
NOMINAL = re.compile(r"(?:pe[mnr]?|peng|peny|ke)\w{3,}an|\w{3,}(?<!an)nya")
#: a heading that names programs (a bare "usulan" does not)
NAMES_PROGRAMS = re.compile(r"(?i)prioritas|program|kegiatan")
PLAN_YEAR_IN_HEADING = re.compile(r"(?i)\b(?:tahun|thn\.?|ta\.?)\s+(\d{4})\b")
#: "A, B, hingga C": "hingga" joins the last item of a list
HINGGA = re.compile(r"(?i)hingga\s+")
#: an item that names the rest of its list: "isu-isu strategis lainnya", "program lainnya yang ..."
THE_OTHERS = re.compile(r"(?i)(?:[\w-]+\s+){0,2}lainnya\b")
#: a count of proposals, not a program: "138 usulan infrastruktur", "sebanyak 12 paket"
A_COUNT = re.compile(r"(?i)(?:sebanyak\s+)?[\d.,]+\s+(?:usulan|kegiatan|program|paket|titik)\b")
#: the words of a capitalised name, brackets and abbreviations included: "(FGD)", "Perumusan"
NAME_WORD = re.compile(r"[\w()/.&-]+")
#: a list marker written as a word: "A.", "12)", "IV"
MARKER_WORD = re.compile(r"[A-Z0-9]{1,4}[.)]?")


class WhatFinder:
    """Finds what was discussed; built once per rule set."""

    def __init__(self, rules: RuleSet, mentions: MentionGrammar):
        self.mentions = mentions
        self.months = rules.variants("months")
        self.weekdays = rules.variants("weekdays")
        self.list_intro = alternation(rules.words("list_intros"))
        # "adalah sebagai berikut:": the rest of a list's intro
        self.intro_run = re.compile(r"(?i)(?:\s*(?:" + self.list_intro.pattern[len("(?i)"):] + r")|\s*:)+")
        self.item_starters = set(rules.words("item_starters"))
        self.place_words = set(rules.words("place_words"))
        self.activity_cue = alternation(rules.words("activity_cues"))
        self.ordinals = rules.words("ordinals")
        self.ordinal_words = [re.compile(rf"(?i)\b{word}\s*,?\s*") for word in self.ordinals]
        self.agenda_kinds = sorted(rules.words("agenda_items"), key=len, reverse=True)
        kinds = "|".join(re.escape(k).replace(r"\ ", r"\s+") for k in self.agenda_kinds)
        self.agenda_kind = re.compile(rf"(?i)(?<![\w-])({kinds})(?![\w-])")
        # an agenda item ends at a comma, a next step ("dilanjutkan", "kemudian") or "dan" before the next item
        self.agenda_item_end = re.compile(
            r"(?i),|\s+(?:dan\s+)?(?:dilanjutkan|kemudian|lalu|diakhiri|ditutup|serta)\b|\s+dan\s+(?=(?:" + kinds + r")\b)")
        self.proposal_columns = rules.words("proposal_columns")
        # a column holds the items when its name begins with one of the columns' first words ("Nama Usulan")
        heads = dict.fromkeys(c.split()[0] for c in self.proposal_columns)
        self.proposal_column = re.compile(r"(?:" + "|".join(map(re.escape, heads)) + r")\b")
        self.follow_up_columns = rules.words("follow_up_columns")
        self.follow_up_heads = tuple(dict.fromkeys(c.split()[0] for c in self.follow_up_columns))
        # "Kelurahan Graha Baru": a place noun and a capitalised name, all of the item
        one_place = r"(?i:" + "|".join(re.escape(w) for w in rules.words("place_heads")) + r")\s+(?:[A-Z0-9][\w'’.-]*\s*)+"
        self.place_name = re.compile(rf"{one_place}(?:(?:dan|serta)\s+{one_place})*")
        self.policy_after = alternation(rules.words("policy_words"))

    def agenda(self, view: TextView, by: dict) -> list[AgendaItem]:
        text = view.text
        out: list[AgendaItem] = []
        for cue in by.get("AGENDA", []):
            s0, s1 = cue.start, view.sentence_end(cue.end)
            for m in self.agenda_kind.finditer(text[s0:s1]):
                start = s0 + m.start()
                stop = self.agenda_item_end.search(text[start + len(m.group(0)):s1])
                end = start + len(m.group(0)) + (stop.start() if stop else s1 - start - len(m.group(0)))
                s, e = view.trim(start, end)
                by_whom = text[s + len(m.group(0)):e].strip() or None
                if by_whom and by_whom.lower().startswith("dan "):
                    by_whom = None
                out.append(AgendaItem(len(out) + 1, m.group(1).lower(), text[s:e], [s, e], cue.rule, by_whom))
            if out:
                break
        return out

    @staticmethod
    def unique_lexicon(text: str, cues: list[Cue], cls):
        out = []
        seen = set()
        taken: list[tuple[int, int]] = []
        for cue in sorted(cues, key=lambda c: (c.start, -(c.end - c.start))):
            if any(cue.start < e and s < cue.end for s, e in taken):
                continue
            taken.append((cue.start, cue.end))
            name = cue.rule.split(":", 1)[1]
            if name in seen:
                continue
            seen.add(name)
            out.append(cls(name, text[cue.start:cue.end], [cue.start, cue.end], cue.rule.split(":", 1)[0]))
        return out

    def issues(self, view: TextView, by: dict, claimed: Spans) -> list[Issue]:
        out: list[Issue] = []
        # only a named program heading outranks an issue heading; a bare "usulan" ("verifikasi usulan") does not
        program_heads = [c.start for label in ("PROGRAM_HEAD", "BREAKTHROUGH_HEAD") for c in by.get(label, [])
                         if NAMES_PROGRAMS.search(view.text[c.start:c.end])]
        for label in ("ISSUE_HEAD", "ISSUE_HEAD_GENERIC", "ISSUE_RUN", "CHALLENGE_HEAD"):
            if label == "ISSUE_HEAD_GENERIC" and out:
                continue
            for cue in by.get(label, []):
                if claimed.covers(cue.start) or self._inside_title_case(view.text, cue):
                    continue
                if label == "ISSUE_RUN":
                    # "... menghasilkan rekomendasi isu A, B, C dan D": the list begins at the cue's end
                    items = [(s, e, None, acts) for s, e, acts in self._split_items(view, cue.end, view.sentence_end(cue.end))]
                    heading = grounded(view.text, *view.trim(view.sentence_start(cue.start), cue.end), cue.rule)
                else:
                    items, heading = self._list_after(view, cue, require_intro=label in ("ISSUE_HEAD", "CHALLENGE_HEAD"),
                                                      rivals=program_heads)
                if label in ("ISSUE_RUN", "CHALLENGE_HEAD") and not self._named_run(view, items):
                    continue  # a challenge stated in a sentence stays a challenge; only a named list is issues
                if quoted(view.text, cue.start) and not self._named_run(view, items):
                    continue  # inside a quotation: only a list that names the issues counts
                for s, e, marker, details in items:
                    s, e = view.trim(s, e)
                    if e <= s or claimed.overlaps(s, e) or ETC.fullmatch(view.text, s, e) or view.cut_off(e) \
                            or self._rest_of_list(view.text, s, e):
                        continue
                    claimed.add(s, e)
                    out.append(Issue(len(out) + 1, view.text[s:e], [s, e], cue.rule, marker, heading,
                                     [grounded(view.text, *view.trim(*d), cue.rule) for d in details]))
        return out

    def programs(self, view: TextView, by: dict, claimed: Spans) -> list[Program]:
        text = view.text
        out: list[Program] = []
        heads = [(c, "priority") for c in by.get("PROGRAM_HEAD", [])] + \
                [(c, "breakthrough") for c in by.get("BREAKTHROUGH_HEAD", [])] + \
                [(c, "planned") for c in by.get("PROGRAM_VERB", [])]
        heads.sort(key=lambda h: h[0].start)
        issue_heads = [c.start for c in by.get("ISSUE_HEAD", [])]
        for cue in by.get("PROGRAM_SUBJECT", []):
            item = cue.groups.get("item")
            if item:
                s, e = view.trim(*item)
                s = self.mentions.skip_list_intro(text, s, e)
                if e > s and not claimed.overlaps(s, e):
                    claimed.add(s, e)
                    out.append(Program(0, "priority", text[s:e], [s, e], cue.rule))
        named: list[list[str]] = []
        for cue in by.get("PROGRAM_NAME", []):
            item = cue.groups.get("item")
            if not item:
                continue
            s, e = view.trim(*item)
            words = text[s:e].lower().split()
            if e <= s or claimed.overlaps(s, e) or view.cut_off(e) or \
                    any(words[:len(w)] == w or w[:len(words)] == words for w in named):
                continue  # a name met again, or again with its region after it, is the same program
            named.append(words)
            claimed.add(s, e)
            out.append(Program(0, "named", text[s:e], [s, e], cue.rule))
        for cue, kind in heads:
            if claimed.covers(cue.start) or (kind != "planned" and self._inside_title_case(text, cue)):
                continue
            if quoted(text, cue.start) and cue.rule != "what_is_priority":
                # inside a quotation: what someone said, not the minutes' list; only "yang menjadi
                # prioritas yaitu A" names the priority even when quoted
                continue
            if kind == "planned":
                first = next_word(text, cue.end, len(text))
                if not self._item_starts(first) or any(0 <= h.start - cue.end <= 2 for h, _ in heads if h is not cue):
                    continue  # "mengusulkan kegiatan prioritas ... sebagai berikut": the heading's list
                end = view.sentence_end(cue.end)
                items = [(s, e, None, acts) for s, e, acts in self._split_items(view, cue.end, end)]
                heading = grounded(text, *view.trim(view.sentence_start(cue.start), cue.end), cue.rule)
            else:
                if kind == "priority" and "usulan" in text[cue.start:cue.end].lower():
                    kind = "proposal"
                after = self.policy_after.match(text, view._skip_space(cue.end))
                if after and text[cue.end:after.start()].strip() == "" and text[cue.start:cue.end].lower().endswith("prioritas"):
                    continue  # "beberapa prioritas arah kebijakan ...": policy directions, not programs
                items, heading = self._list_after(view, cue, rivals=issue_heads)
            for s, e, marker, acts in items:
                s, e = view.trim(s, e)
                if e <= s or claimed.overlaps(s, e):
                    continue
                if A_COUNT.match(text[s:e]):
                    continue  # "138 usulan infrastruktur": a count of proposals, not a program
                if ETC.fullmatch(text, s, e):
                    continue  # "..., gelar produk unggulan, dll.": the list goes on unnamed
                if view.cut_off(e):
                    continue  # the text stops inside this item: it is incomplete
                if self._place(text, s, e) or self._rest_of_list(text, s, e):
                    continue  # "dari enam kelurahan yakni Kelurahan A, Kelurahan B": places, not programs
                claimed.add(s, e)
                activities = [grounded(text, *view.trim(*a), cue.rule) for a in acts] if acts and isinstance(acts[0], tuple) else []
                out.append(Program(len(out) + 1, kind, text[s:e], [s, e], cue.rule, marker, heading, activities))
        out.sort(key=lambda p: p.span[0])
        for i, p in enumerate(out, 1):
            p.number = i
        return out

    def challenges(self, view: TextView, by: dict) -> list[Challenge]:
        text = view.text
        out = []
        for cue in by.get("CHALLENGE_HEAD", []):
            s0 = view.sentence_start(cue.start)
            if cue.start - s0 > 40:
                continue
            end = view.sentence_end(cue.end)
            m = re.search(r"(?i)\b(?:adalah|yaitu|ialah|antara\s+lain)\b\s*:?\s*", text[cue.end:min(end, cue.end + 40)])
            start = cue.end + m.end() if m else s0
            s, e = view.trim(start, end)
            if e > s and not any(c.span == [s, e] for c in out):
                out.append(Challenge(text[s:e], [s, e], cue.rule))
        return out

    def follow_ups(self, view: TextView, by: dict, claimed: Spans, meeting: Meeting) -> list[FollowUp]:
        text = view.text
        out: list[FollowUp] = []
        for cue in by.get("FOLLOWUP_HEAD", []):
            nl = view.next_line(cue.start)
            if nl is None:
                continue
            heading = grounded(text, *view.trim(view.line_start(cue.start), view.line_end(cue.start)), cue.rule)
            table = table_rows(view, nl, self.follow_up_columns)
            if table:
                columns, rows = table
                what = next((n for n in columns if n.split()[0] in self.follow_up_heads), None)
                who = next((n for n in columns if n.startswith("penanggung") or n in ("pj", "pelaksana")), None)
                when = next((n for n in columns if n.startswith("batas") or n.startswith("waktu") or n.startswith("tenggat")), None)
                for row in rows:
                    if what not in row:
                        continue
                    s, e = row[what]
                    deadline_text = text[row[when][0]:row[when][1]] if when in row else None
                    deadline = nz.parse_date(deadline_text, self.months, self.weekdays) if deadline_text else None
                    out.append(FollowUp(len(out) + 1, text[s:e], [s, e], cue.rule,
                                        responsible=text[row[who][0]:row[who][1]] if who in row else None,
                                        deadline=deadline.iso() if deadline else None,
                                        deadline_text=deadline_text, heading=heading))
                continue
            for s, e, mk, _subs in line_items(view, nl):
                s, e = view.trim(s, e)
                if e <= s or claimed.overlaps(s, e):
                    continue
                item = text[s:e]
                deadline_text = deadline = None
                m = re.search(r"(?i)(?:paling\s+lambat|selambat-lambatnya|batas\s+waktu|sebelum)\s+(?:tanggal|tgl\.?)?\s*"
                              r"(\d{1,2}\s+[A-Za-z]+\.?\s+\d{4}|\d{1,2}[/-]\d{1,2}[/-]\d{2,4})", item)
                if m:
                    deadline_text = m.group(1)
                    value = nz.parse_date(deadline_text, self.months, self.weekdays)
                    deadline = value.iso() if value else None
                who = re.match(r"((?:[A-Z][\w/&.-]*)(?:\s+(?:[A-Za-z][\w/&.-]*)){0,5}?)\s+(?=(?:me|mem|men|meng|meny|ber|di|agar|segera|akan|untuk)\w*\b)", item)
                out.append(FollowUp(len(out) + 1, item, [s, e], cue.rule,
                                    responsible=who.group(1) if who else None,
                                    deadline=deadline, deadline_text=deadline_text, heading=heading))
        return out

    def plan_year(self, view: TextView, meeting: Meeting, issues: list[Issue], programs: list[Program]) -> None:
        text = view.text
        meeting_year = int(meeting.date[:4]) if meeting.date else None
        sources = [i.heading for i in issues[:1] if i.heading] + [p.heading for p in programs if p.heading]
        for g in sources:
            m = PLAN_YEAR_IN_HEADING.search(g.text)
            if m and (meeting_year is None or int(m.group(1)) >= meeting_year):
                s = g.span[0] + m.start()
                meeting.plan_year = int(m.group(1))
                meeting.plan_year_text = grounded(text, s, g.span[0] + m.end(), "plan_year_heading")
                return
        for m in re.finditer(r"(?i)\b(?:RKPD|RKP\s*Desa|RKPDes|Renja|Rencana\s+Kerja)\b[^.\n]{0,90}?\b[Tt]ahun\s+(?:Anggaran\s+)?(\d{4})\b", text):
            year = int(m.group(1))
            if meeting_year is None or year >= meeting_year:
                meeting.plan_year = year
                meeting.plan_year_text = grounded(text, m.start(1) - 0, m.end(1), "plan_year_document")
                return

    def _list_after(self, view: TextView, cue: Cue, require_intro: bool = True, rivals: Iterable[int] = ()):
        """The items of the list a heading cue introduces, as (start, end, marker, details), plus the heading span.

        ``rivals`` are the starts of headings of the other kind (issues vs programs): when one stands
        between this cue and the list's intro, the list is the nearer heading's, not this one's.
        """
        text = view.text
        sent_end = view.sentence_end(cue.end)
        s0 = view.sentence_start(cue.start)
        first = COUNTED_FIRST.match(text[cue.end:cue.end + 30])
        if first:  # "kedelapan isu tersebut, pertama yaitu A. Kedua B. ...": counted in words
            items = self._ordinal_items(view, cue.end + first.end())
            if items:
                return items, grounded(text, *view.trim(s0, cue.end), cue.rule)
        besides = BESIDES.search(text, cue.end, sent_end)
        if besides and not self.list_intro.search(text, cue.end, besides.start()):
            # "lima agenda pembangunan ... selain A, juga B": two items, B whole; "Agenda lainnya adalah C" goes on
            heading = grounded(text, *view.trim(s0, besides.start()), cue.rule)
            items = [(besides.start(1), besides.end(1), None, [])]
            items += [(s, e, None, acts) for s, e, acts in self._split_items(view, besides.end(), sent_end, split_dan=False)]
            return items + self._more_items(view, sent_end), heading
        intro = None
        for m in self.list_intro.finditer(text, cue.end, sent_end + 1):
            intro = m
            break
        if intro is None and sent_end < len(text):
            # "... menyepakati 15 usulan prioritas. Di antaranya A, B, serta C."
            nxt = view._skip_space(sent_end + 1)
            this = THESE_ITEMS.match(text[nxt:nxt + 40])
            if this:  # "... sejumlah program sudah disiapkan. Program tersebut ialah A, B dan C."
                nxt += this.end()
            lead = self.list_intro.match(text, nxt)
            if lead and lead.start() == nxt and text[lead.end():lead.end() + 1] in (" ", ":", "\n"):
                intro = lead
                sent_end = view.sentence_end(lead.end())
        if intro is not None and NARROWED.search(text[cue.end:intro.start()]):
            # "isu X terutama terhadap Y, yang meliputi A, B": the list is Y's parts, not the issues
            return [], grounded(text, *view.trim(s0, intro.start()), cue.rule)
        colon = text.find(":", cue.end, sent_end + 1)
        stop = min(p for p in (intro.start() if intro else None, colon if colon >= 0 else None, sent_end) if p is not None)
        if any(cue.end <= r < stop for r in rivals):
            return [], grounded(text, *view.trim(s0, stop), cue.rule)
        if colon >= 0 and (intro is None or colon < intro.start()):
            body = colon + 1
            heading_end = colon
        elif intro is not None:
            body = intro.end()
            heading_end = intro.start()
            # "adalah sebagai berikut:" — skip the rest of the intro
            more = self.intro_run.match(text[body:])
            if more:
                body += more.end()
        else:
            heading_end = sent_end
            body = None
        heading = grounded(text, *view.trim(s0, heading_end), cue.rule)
        if body is None:
            nxt = view._skip_space(sent_end + 1) if sent_end < len(text) else None
            if nxt is None:
                return [], heading
            ls, le = view.line(cue.start)
            marked = LINE_MARKER.match(text, ls)
            heading_text = text[marked.end() if marked else ls:le].strip()
            heads_line = (cue.start - ls <= 30 and le - ls <= 120 and (not marked or heading_text.isupper())) \
                or text[ls:le].rstrip().endswith(":")
            if heads_line and (text[sent_end:sent_end + 1] == "\n" or text[sent_end:nxt].count("\n")):
                block = line_items(view, view.line_start(nxt))
                if len(block) >= 2 or (block and not require_intro):
                    return [(s, e, mk.text, subs) for s, e, mk, subs in block], heading
                table = self._proposal_table(view, view.line_start(nxt))
                if table:
                    return table, heading
            if FIRST_ORDINAL.match(text[nxt:nxt + 10]):
                return self._ordinal_items(view, nxt), heading
            if require_intro:
                return [], heading
            return [], heading
        while body < len(text) and text[body] in " \t;:":
            body += 1
        if body >= len(text):
            return [], heading
        if text[body] == "\n" or view.is_blank(body, view.line_end(body)):
            nl = view.next_line(body) if text[body] != "\n" else body + 1
            if nl is None:
                return [], heading
            table = self._proposal_table(view, nl)
            if table:
                return table, heading
            block = line_items(view, nl)
            if block:
                return [(s, e, mk.text, subs) for s, e, mk, subs in block], heading
            if text[body - 1:body] == ":" or text[view.line_end(body) - 1:view.line_end(body)] == ":" or \
                    text[body:view.line_end(body)].strip() == "":
                bare = bare_lines(view, nl)
                if bare:
                    return [(s, e, None, []) for s, e in bare], heading
            if not (view.wrapped_after(nl - 1) or text[nl:nl + 1].islower()):
                return [], heading
            body = nl  # a hard-wrapped running list continues on the next line
        inline = inline_items(view, body, view.paragraph_end(body))
        if inline:
            return [(s, e, mk, []) for s, e, mk in inline], heading
        if FIRST_ORDINAL.match(text[body:body + 10]):
            return self._ordinal_items(view, body), heading
        block = line_items(view, body, first_on_line=True)
        if len(block) >= 2:
            return [(s, e, mk.text, subs) for s, e, mk, subs in block], heading
        return [(s, e, None, acts) for s, e, acts in self._split_items(view, body, view.sentence_end(body))], heading

    def _more_items(self, view: TextView, sent_end: int) -> list:
        """Items of a next sentence that goes on with the list: "Agenda lainnya adalah C dan D serta E"."""
        text = view.text
        if sent_end >= len(text):
            return []
        nxt = view._skip_space(sent_end + 1)
        lead = OTHERS_ARE.match(text, nxt)
        if not lead:
            return []
        return [(s, e, None, acts) for s, e, acts in self._split_items(view, lead.end(), view.sentence_end(lead.end()), split_dan=False)]

    def _proposal_table(self, view: TextView, pos: int):
        table = table_rows(view, pos, self.proposal_columns)
        if not table:
            return None
        columns, rows = table
        wanted = next((n for n in columns if self.proposal_column.match(n)), None)
        if wanted is None:
            return None
        out = []
        for i, row in enumerate(rows):
            if wanted in row and row[wanted][1] > row[wanted][0]:
                out.append((row[wanted][0], row[wanted][1], str(i + 1), []))
        return out or None

    def _ordinal_items(self, view: TextView, pos: int):
        text = view.text
        out = []
        expect = 0
        while expect < len(self.ordinals):
            m = self.ordinal_words[expect].search(text, pos, pos + 600)
            if not m:
                break
            start = m.end()
            end = view.sentence_end(start)
            out.append((start, end, text[m.start():m.end()].strip(" ,"), []))
            pos = end
            expect += 1
        return out if len(out) >= 2 else []

    def _split_items(self, view: TextView, start: int, end: int,
                     split_dan: bool = True) -> list[tuple[int, int, list[tuple[int, int]]]]:
        """Split a running list of issues or programs; "seperti"/"misalnya" parts become activities.
        ``split_dan`` False keeps "A dan B" as one item unless B repeats A's head word."""
        text = view.text
        cut = CLAUSE_AFTER_ITEMS.search(text[start:end])
        if cut:
            end = start + cut.start()
        close = QUOTE_CLOSES.search(text[start:end])
        if close and quoted(text, start):
            end = start + close.start()  # a list inside a quotation ends where the quotation closes
        parts = []
        prev = start
        # a list joined by "serta" or ", dan" has used its conjunction: another "dan" is inside an item
        # ("..., serta pengadaan alat timbang dan perlengkapan posyandu")
        own_conjunction = bool(OWN_CONJUNCTION.search(text[start:end]))
        for m in top_level(ITEM_SEPARATORS, text, start, end):
            tok = m.group(0)
            pos = start + m.start()
            if tok.lower() == "dan":
                following = next_word(text, start + m.end(), end).split()
                part = text[prev:pos].split()
                # "pengembangan infrastruktur ... dan pengembangan industri hilir": the head word again
                # begins a new item, whatever the list's own conjunction
                repeated = bool(following and part) and following[0].lower() == part[0].lower() and self._item_starts(following[0])
                if not repeated and (own_conjunction or not split_dan or not self._item_starts(" ".join(following))):
                    continue
            parts.append((prev, pos, tok))
            prev = start + m.end()
        parts.append((prev, end, None))
        # each part with the separator before it
        parts = [(ps, pe, parts[i - 1][2] if i else None) for i, (ps, pe, _) in enumerate(parts)]
        items: list[list] = []
        mode = "items"  # "activities" after "seperti"; "closed" after a purpose clause ends them
        head_word = None
        for s, e, sep in parts:
            s, e = view.trim(s, e)
            if e <= s:
                continue
            joiner = HINGGA.match(text[s:e]) if sep == "," else None
            if joiner:
                s += joiner.end()  # "A, B, hingga C": "hingga" joins the last item
            seg = text[s:e]
            starts_new = sep == ";" or (head_word is not None and seg.lower().startswith(head_word + " "))
            if mode != "items" and not starts_new:
                if mode == "activities":
                    acts, closed = self._activities(view, s, e)
                    items[-1][2].extend(acts)
                    mode = "closed" if closed else "activities"
                continue
            mode = "items"
            lead = self.activity_cue.match(seg)
            if lead and items:
                acts, closed = self._activities(view, s + lead.end(), e)
                items[-1][2].extend(acts)
                mode = "closed" if closed else "activities"
                continue
            inner = self.activity_cue.search(seg)
            if inner and inner.start() > 0:
                acts, closed = self._activities(view, s + inner.end(), e)
                items.append([*view.trim(s, s + inner.start()), acts])
                mode = "closed" if closed else "activities"
            else:
                items.append([s, e, []])
            if head_word is None:
                head_word = text[items[-1][0]:items[-1][1]].split()[0].lower()
                if head_word not in ("program", "kegiatan"):
                    head_word = None
        return [(s, e, acts) for s, e, acts in items]

    def _activities(self, view: TextView, start: int, end: int) -> tuple[list[tuple[int, int]], bool]:
        """Activities or examples in [start, end), split on "atau"; a purpose clause ("untuk meningkatkan") ends them."""
        text = view.text
        purpose = PURPOSE.search(text[start:end])
        stop = start + purpose.start() if purpose else end
        out = []
        prev = start
        for m in list(OR.finditer(text[start:stop])) + [None]:
            piece_end = start + m.start() if m else stop
            s, e = view.trim(prev, piece_end)
            if e > s:
                out.append((s, e))
            if m:
                prev = start + m.end()
        return out, purpose is not None

    def _item_starts(self, words: str) -> bool:
        """Whether ``words`` begin a new issue or program: a listed starter, or a lower-case
        nominalisation ("kekurangan", "peningkatan") or "-nya" form ("tingginya") that is not a place."""
        raw = words.split()[0].strip(".,") if words.split() else ""
        first = raw.lower()
        if first in self.item_starters:
            return True
        if not raw[:1].islower() or first in self.place_words:
            return False
        return bool(NOMINAL.fullmatch(first))

    @staticmethod
    def _named_run(view: TextView, items: list) -> bool:
        """Whether ``items`` are a running list that names things: three or more unmarked items
        ("seperti A, B, C, hingga D"), none of them a sentence of its own."""
        if len(items) < 3 or any(it[2] is not None for it in items):
            return False
        return all(len(view.text[s:e].split()) <= 14 and not re.search(r"\.\s+[A-Z]", view.text[s:e]) for s, e, *_ in items)

    def _place(self, text: str, start: int, end: int) -> bool:
        """Whether an item is a place's name: a place noun and capitalised words ("Kelurahan Batu Putih")."""
        m = self.place_name.match(text, start, end)
        return bool(m) and text[start:start + 1].isupper() and not text[m.end():end].strip()

    @staticmethod
    def _rest_of_list(text: str, start: int, end: int) -> bool:
        """Whether an item names the rest of the list rather than an item of its own:
        "..., serta isu-isu strategis lainnya", "program lainnya yang ..."."""
        return bool(THE_OTHERS.match(text[start:end]))

    def _inside_title_case(self, text: str, cue: Cue) -> bool:
        """Whether a heading cue sits inside a capitalised name, after another capitalised word on its line
        ("Focus Group Discussion (FGD) Perumusan Permasalahan ..."): an event's title, not a list's heading."""
        word = text[cue.start:cue.end]
        if not word[:1].isupper() or word.isupper():
            return False
        before = text[max(0, cue.start - 60):cue.start]
        if "\n" in before:
            before = before[before.rindex("\n") + 1:]
        prev = NAME_WORD.findall(before)
        while len(prev) > 1 and prev[-1].lower() in ("dan", "&", "serta", "atau"):
            prev.pop()  # "Perumusan Permasalahan dan Isu Strategis": still inside the name
        if not prev:
            return False
        last = prev[-1].strip("()")
        return bool(last) and last[:1].isupper() and not MARKER_WORD.fullmatch(prev[-1]) \
            and not before.rstrip().endswith((".", ":", ";"))

