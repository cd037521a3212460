"""Output documents to a static review site: an index and one page per document, highlighting every span.

The site is plain files that open from ``file://`` with no network: CSS is inline, the one small
script is inline and allowed only by its hash, and a Content-Security-Policy forbids loading
anything else. Document text is untrusted, so every piece of it goes through ``html.escape`` with
``quote=True`` and nothing from it ever becomes markup, a URL or script. The same documents always
give byte-identical pages.
"""
from __future__ import annotations

import base64
import hashlib
import html
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterator

import orjson

from .writers import TABLE_BUFFER, write_atomic, write_atomic_chunks

# field key -> (name shown, colour). The colours are light, so black text keeps a contrast ratio of
# at least 7:1 on each; the name is also shown on the highlight, so colour is never the only cue.
FIELDS: dict[str, tuple[str, str]] = {
    "title": ("title", "#d9d9d9"),
    "date": ("date", "#ffed6f"),
    "time": ("time", "#fdb462"),
    "venue": ("venue", "#b3de69"),
    "region": ("region", "#80b1d3"),
    "opened_by": ("opened by", "#fb8072"),
    "attendee": ("attendee", "#8dd3c7"),
    "issue": ("issue", "#fccde5"),
    "program": ("program", "#ccebc5"),
    "activity": ("activity", "#e5d8bd"),
    "follow_up": ("follow-up", "#bebada"),
    "challenge": ("challenge", "#f4a582"),
    "agenda": ("agenda", "#a6cee3"),
    "stage": ("stage", "#e0c2e8"),
    "commodity": ("commodity", "#d9f0a3"),
    "plan_year": ("plan year", "#fee391"),
    "urusan": ("urusan", "#dadaeb"),
    "other": ("other", "#eeeeee"),
}

# Where each grounded value of the output JSON belongs, by the keys on its path (indices dropped).
_FIELD_OF_PATH: dict[tuple[str, ...], str] = {
    ("title",): "title",
    ("meeting", "date_text"): "date",
    ("meeting", "time_text"): "time",
    ("meeting", "venue"): "venue",
    ("meeting", "region"): "region",
    ("meeting", "subregion"): "region",
    ("meeting", "opened_by"): "opened_by",
    ("meeting", "opened_by", "on_behalf_of"): "opened_by",
    ("meeting", "plan_year_text"): "plan_year",
    ("attendees",): "attendee",
    ("agenda",): "agenda",
    ("planning_stages",): "stage",
    ("issues",): "issue",
    ("issues", "heading"): "issue",
    ("issues", "details"): "issue",
    ("challenges",): "challenge",
    ("programs",): "program",
    ("programs", "heading"): "program",
    ("programs", "activities"): "activity",
    ("follow_ups",): "follow_up",
    ("follow_ups", "heading"): "follow_up",
    ("commodities",): "commodity",
    ("issues", "urusan"): "urusan",
    ("programs", "urusan"): "urusan",
}

SCRIPT = (
    "document.addEventListener('click',function(e){"
    "var a=e.target.closest&&e.target.closest('a[href^=\"#span-\"]');if(!a)return;"
    "var m=document.getElementById(a.getAttribute('href').slice(1));if(!m)return;"
    "setTimeout(function(){m.focus({preventScroll:true});m.classList.remove('flash');"
    "void m.offsetWidth;m.classList.add('flash');},0);});"
)
_SCRIPT_HASH = base64.b64encode(hashlib.sha256(SCRIPT.encode("utf-8")).digest()).decode("ascii")
_CSP_BASE = "default-src 'none'; style-src 'unsafe-inline'; img-src 'none'; base-uri 'none'; form-action 'none'"
CSP_DOCUMENT = f"{_CSP_BASE}; script-src 'sha256-{_SCRIPT_HASH}'"
CSP_INDEX = f"{_CSP_BASE}; script-src 'none'"

_CSS = """
:root{color-scheme:light;--ink:#111;--muted:#444;--line:#bbb;--link:#0645ad;--focus:#000}
*{box-sizing:border-box}
body{margin:0;padding:1rem;font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:var(--ink);background:#fff;overflow-wrap:break-word}
a{color:var(--link)}
a:focus-visible,mark:focus-visible,summary:focus-visible{outline:3px solid var(--focus);outline-offset:2px}
h1{font-size:1.35rem;margin:.2rem 0 .4rem}
h2{font-size:1.1rem;margin:1.2rem 0 .4rem}
h3{font-size:1rem;margin:.8rem 0 .3rem}
.meta,.small{color:var(--muted);font-size:.9rem}
.skip{position:absolute;left:-10000px}
.skip:focus{position:static}
.table-wrap{overflow-x:auto;max-width:100%}
table{border-collapse:collapse;width:100%}
th,td{border:1px solid var(--line);padding:.3rem .5rem;text-align:left;vertical-align:top}
th{background:#f2f2f2}
td.num{text-align:right;font-variant-numeric:tabular-nums}
td.date{white-space:nowrap}
.legend{display:flex;flex-wrap:wrap;gap:.35rem;list-style:none;padding:0;margin:.4rem 0 1rem}
.swatch{display:inline-block;padding:.05rem .45rem;border:1px solid #555;border-radius:3px;color:#000;font-size:.85rem}
.layout{display:grid;grid-template-columns:minmax(0,3fr) minmax(0,2fr);gap:1.5rem;align-items:start}
.text{white-space:pre-wrap;overflow-wrap:anywhere;font:15px/1.75 ui-monospace,"DejaVu Sans Mono",Menlo,Consolas,monospace;border:1px solid var(--line);padding:.75rem;margin:0;background:#fcfcfc}
.panel{position:sticky;top:0;max-height:100vh;overflow-y:auto;padding-right:.25rem}
.panel dl{display:grid;grid-template-columns:max-content minmax(0,1fr);gap:.15rem .75rem;margin:0}
.panel dt{font-weight:600}
.panel dd{margin:0;overflow-wrap:anywhere}
.panel ol,.panel ul{padding-left:1.4rem;margin:.2rem 0}
.panel li{margin:.2rem 0}
.tag{display:inline-block;border:1px solid #555;border-radius:3px;padding:0 .3rem;font-size:.8rem}
mark{color:#000;border-radius:2px;padding:.1em 0;box-shadow:inset 0 -2px 0 rgba(0,0,0,.45);scroll-margin:30vh 0}
mark[data-label]::before{content:attr(data-label);font:600 .62rem/1 system-ui,sans-serif;vertical-align:super;margin:0 .15em;padding:.05em .25em;border-radius:2px;background:#222;color:#fff}
mark[data-tip]:focus::after,mark[data-tip]:target::after{content:attr(data-tip);position:fixed;left:.5rem;right:.5rem;bottom:.5rem;z-index:10;white-space:pre-line;font:14px/1.4 system-ui,sans-serif;background:#111;color:#fff;padding:.5rem .75rem;border-radius:4px;max-height:40vh;overflow:hidden}
mark[data-tip]:hover:not(:has(mark:hover))::after{content:attr(data-tip);position:fixed;left:.5rem;right:.5rem;bottom:.5rem;z-index:11;white-space:pre-line;font:14px/1.4 system-ui,sans-serif;background:#111;color:#fff;padding:.5rem .75rem;border-radius:4px;max-height:40vh;overflow:hidden}
mark:target{outline:3px solid var(--focus);outline-offset:2px}
mark.flash,mark:target{animation:flash 1.2s ease-out 1}
@keyframes flash{from{box-shadow:0 0 0 6px #000}to{box-shadow:inset 0 -2px 0 rgba(0,0,0,.45)}}
@media (prefers-reduced-motion:reduce){mark.flash,mark:target{animation:none}}
@media (max-width:800px){.layout{grid-template-columns:minmax(0,1fr)}.panel{position:static;max-height:none;overflow:visible}body{padding:.6rem}.cards,.cards tbody,.cards tr,.cards td{display:block}.cards thead{position:absolute;left:-10000px}.cards tr{border:1px solid var(--line);margin:0 0 .6rem;padding:.3rem 0}.cards td{border:0;padding:.1rem .6rem;text-align:left}.cards td[data-label]::before{content:attr(data-label) ": ";font-weight:600}}
"""
_CSS += "".join(f".f-{key}{{background:{colour}}}\n" for key, (_, colour) in FIELDS.items())


def _needs_escaping(text: str) -> bool:
    """Whether ``text`` holds a character :func:`_e` replaces. Each ``in`` scans in C at memory speed;
    a regular expression's character class costs some 3 ns a character (7 us for a 2,300-character text)."""
    return "&" in text or "<" in text or ">" in text or '"' in text or "'" in text or "\r" in text


def _e(value: Any) -> str:
    """Escape any value for HTML text or a double-quoted attribute (carriage returns kept as such)."""
    text = "" if value is None else str(value)
    if not _needs_escaping(text):
        return text  # most values: nothing to escape
    return html.escape(text, quote=True).replace("\r", "&#13;")


@dataclass
class Highlight:
    """One highlighted span of the document text, standing for every grounded value at that place."""

    number: int
    field: str
    start: int
    end: int
    text: str
    rule: str
    description: str
    paths: list[str] = field(default_factory=list)

    @property
    def anchor(self) -> str:
        return f"span-{self.number}"

    @property
    def tip(self) -> str:
        return f"{FIELDS[self.field][0]}\nvalue: {self.description}\nrule: {self.rule}"


def grounded_values(doc: dict) -> Iterator[tuple[str, tuple, dict]]:
    """Every grounded value (a dict with ``text`` and ``span``) of an output document, in JSON order.

    Yields the JSON pointer without its leading slash (``issues/0/heading``), the path as a tuple
    and the value.
    """
    for pointer, path, _, value in _grounded(doc):
        yield pointer, path, value


# The exact types of plain JSON values, which hold nothing: most values are passed over by their type
# alone, before the slower isinstance test for containers.
_PLAIN = frozenset({str, int, float, bool, type(None)})


def _grounded(doc: dict) -> list[tuple[str, tuple, tuple, dict]]:
    """:func:`grounded_values`, each with its path's keys alone (the path without indices, which
    :func:`field_of` looks up). The pointer and the keys are made on the way down, a step at a time."""
    found: list[tuple[str, tuple, tuple, dict]] = []
    stack: list[tuple[str, tuple, tuple, Any]] = [("", (), (), doc)]  # depth first, in JSON order, without recursion
    push = stack.append
    while stack:
        pointer, path, keys, node = stack.pop()
        # children go on the stack last first, so they come off in JSON order; empty ones, and lists
        # of plain values (spans, titles), hold nothing
        if isinstance(node, dict):
            span = node.get("span")
            if isinstance(node.get("text"), str) and isinstance(span, list) and len(span) == 2:
                found.append((pointer, path, keys, node))
            for key, value in reversed(node.items()):
                if type(value) not in _PLAIN and isinstance(value, (dict, list)) and value and (path or key != "text"):
                    if type(value) is list and _PLAIN.issuperset(map(type, value)):
                        continue
                    push((f"{pointer}/{key}" if path else str(key), path + (key,),
                          keys + (key,) if isinstance(key, str) else keys, value))
        else:
            for i in range(len(node) - 1, -1, -1):
                value = node[i]
                if type(value) not in _PLAIN and isinstance(value, (dict, list)) and value:
                    push((f"{pointer}/{i}" if path else str(i), path + (i,), keys, value))
    return found


def field_of(path: tuple) -> str:
    """The review field of a grounded value from its JSON path."""
    return _FIELD_OF_PATH.get(tuple(p for p in path if isinstance(p, str)), "other")


def _join(parts: list[Any], sep: str = " · ") -> str:
    """The parts that say something (not None, "" or []) joined."""
    # three plain tests: the tuple's containment test (p not in (None, "", [])) took twice as long
    return sep.join([str(p) for p in parts if p is not None and p != "" and p != []])


def _describe(doc: dict, path: tuple, value: dict, kind: str) -> str:
    """The normalised value shown beside a highlight: what the pipeline made of the text."""
    m = doc.get("meeting") or {}
    if kind == "date":
        date = m.get("date") or "?"
        if m.get("date_end"):
            date += f" – {m['date_end']}"
        agrees = {True: "agrees", False: "does not agree"}.get(m.get("weekday_agrees"))
        inferred = "year inferred" if m.get("date_year_inferred") else None
        return _join([date, m.get("weekday") and f"{m['weekday']} ({agrees or 'unchecked'})", inferred])
    if kind == "time":
        span = "–".join(t for t in (m.get("time_start"), m.get("time_end")) if t)
        return _join([span or None, m.get("timezone"), m.get("utc_offset") and f"UTC{m['utc_offset']}"])
    if kind == "venue":
        return _join([value["text"], "online" if value.get("online") else None, value.get("platform")])
    if kind == "region":
        return _join([value.get("name"), value.get("type"), value.get("code"), value.get("province")])
    if kind == "opened_by":
        if path[-1] == "on_behalf_of":
            return f"on behalf of: {value['text']}"
        return _join([value.get("role"), value.get("organization"), value.get("name"),
                      " ".join(value.get("titles") or [])]) or value["text"]
    if kind == "plan_year":
        return str(m.get("plan_year"))
    if kind == "attendee":
        return _join([value.get("role"), value.get("unit"), value.get("organization"), value.get("name"),
                      value.get("region"), value.get("side") and f"side: {value['side']}",
                      "plural" if value.get("plural") else None]) or value["text"]
    if kind == "agenda":
        return _join([f"#{value.get('number')}", value.get("kind"), value.get("by") and f"by {value['by']}"])
    if kind == "urusan":
        return f"{value.get('code')} {value.get('name')}: cue of {path[0][:-1]} {doc[path[0]][path[1]].get('number')}"
    if kind in ("stage", "commodity"):
        return value.get("name") or value["text"]
    if kind in ("issue", "program", "follow_up", "activity"):
        if path[-1] == "heading":
            return f"heading of {kind.replace('_', '-')} {doc[path[0]][path[1]].get('number')}"
        if len(path) >= 2 and path[-2] in ("details", "activities"):
            parent = doc[path[0]][path[1]]
            return f"{path[-2][:-1] if path[-2] == 'details' else 'activity'} of {path[0][:-1]} {parent.get('number')}"
        parts = [f"#{value.get('number')}", value.get("marker") and f"marker {value['marker']}", value.get("kind")]
        if kind == "follow_up":
            parts += [value.get("responsible") and f"responsible: {value['responsible']}",
                      value.get("deadline") and f"deadline: {value['deadline']}"]
        return _join(parts)
    return value["text"]


def collect_highlights(doc: dict) -> tuple[list[Highlight], dict[str, Highlight]]:
    """The highlights of a document (one per field and span) and which highlight each JSON pointer has.

    A value repeated at the same place (a heading shared by several issues) is one highlight; values
    whose span does not index the text are left out rather than drawn in the wrong place.
    """
    text = doc.get("text") or ""
    highlights: list[Highlight] = []
    by_key: dict[tuple[str, int, int], Highlight] = {}
    by_pointer: dict[str, Highlight] = {}
    for pointer, path, keys, value in _grounded(doc):
        start, end = value["span"]
        if not (isinstance(start, int) and isinstance(end, int) and 0 <= start <= end <= len(text)):
            continue
        kind = _FIELD_OF_PATH.get(keys, "other")  # field_of(path)
        key = (kind, start, end)
        found = by_key.get(key)
        if found is None:
            found = Highlight(len(highlights) + 1, kind, start, end, text[start:end], str(value.get("rule") or ""),
                              _describe(doc, path, value, kind))
            by_key[key] = found
            highlights.append(found)
        found.paths.append(pointer)
        by_pointer[pointer] = found
    return highlights, by_pointer


# The attributes every piece of a field's marks shares, and the label its first piece shows.
_FIELD_ATTRS = {key: f'class="f-{key}" data-field="{_e(key)}"' for key in FIELDS}
_LABELS = {key: _e(name) for key, (name, _) in FIELDS.items()}
_FIELD_ORDER = {key: i for i, key in enumerate(FIELDS)}


def _open_tag(h: Highlight, tip: str) -> str:
    """The first piece's ``<mark>``: with the id, label and data; ``tip`` is ``h.tip`` escaped."""
    return (f'<mark id="{h.anchor}" tabindex="0" {_FIELD_ATTRS[h.field]} title="{tip}"'
            f' data-label="{_LABELS[h.field]}" data-tip="{tip}" data-start="{h.start}" data-end="{h.end}"'
            f' data-paths="{_e(" ".join(h.paths))}">')


def _reopen_tag(h: Highlight, tip: str) -> str:
    """A continuation piece's ``<mark>``, pointing to the first piece."""
    return f'<mark {_FIELD_ATTRS[h.field]} title="{tip}" data-for="{h.anchor}">'


def highlight_html(text: str, highlights: list[Highlight]) -> str:
    """The escaped text with a properly nested ``<mark>`` for every highlight.

    Walks the sorted span boundaries with a stack of open marks. A span that ends while marks opened
    after it are still open closes those, closes itself and reopens them as continuation pieces
    (``data-for`` the first piece's id), so marks never cross. At one position, longer spans open
    first so they enclose shorter ones.
    """
    starts: dict[int, list[Highlight]] = {}
    ends: dict[int, list[Highlight]] = {}
    for h in highlights:
        starts.setdefault(h.start, []).append(h)
        ends.setdefault(h.end, []).append(h)
    for group in starts.values():
        if len(group) > 1:
            group.sort(key=lambda h: (-h.end, _FIELD_ORDER[h.field], h.number))
    boundaries = sorted(set(starts) | set(ends) | {0, len(text)})
    # Escaping works character by character: a text with nothing to escape needs no escaping piece by piece.
    clean = isinstance(text, str) and not _needs_escaping(text)
    out: list[str] = []
    stack: list[tuple[Highlight, str]] = []  # the open marks, each with its escaped tip

    def close_ending(pos: int) -> None:
        ending_here = ends.get(pos)
        if not ending_here or not stack:
            return
        if len(ending_here) == 1 and stack[-1][0] is ending_here[0]:
            stack.pop()  # the common case: only the innermost mark ends here
            out.append("</mark>")
            return
        open_numbers = {h.number for h, _ in stack}
        ending = {h.number for h in ending_here if h.number in open_numbers}
        reopen: list[tuple[Highlight, str]] = []
        while ending:
            h, tip = stack.pop()
            out.append("</mark>")
            if h.number in ending:
                ending.discard(h.number)
            else:
                reopen.append((h, tip))
        for h, tip in reversed(reopen):
            out.append(_reopen_tag(h, tip))
            stack.append((h, tip))

    for pos, following in zip(boundaries, boundaries[1:] + [None]):
        close_ending(pos)
        for h in starts.get(pos, ()):
            tip = _e(h.tip)
            out.append(_open_tag(h, tip))
            stack.append((h, tip))
            if h.end == pos:  # an empty span: open and close at once
                close_ending(pos)
        if following is not None:
            out.append(text[pos:following] if clean else _e(text[pos:following]))
    out.append("</mark>" * len(stack))
    return "".join(out)


def page_names(doc_ids: list[str]) -> list[str]:
    """File names (without ``.html``) for the documents' pages: safe, unique and deterministic.

    An id that is already a safe name is kept; otherwise (or when two ids differ only in case, or
    name a device on Windows) a short hash of the id is appended to its safe form.
    """
    reserved = {"con", "prn", "aux", "nul"} | {f"{p}{n}" for p in ("com", "lpt") for n in range(1, 10)}
    slugs = [re.sub(r"[^A-Za-z0-9._-]+", "_", i).strip("._-")[:80] or "document" for i in doc_ids]
    folded: dict[str, int] = {}
    for s in slugs:
        folded[s.lower()] = folded.get(s.lower(), 0) + 1
    names: list[str] = []
    taken: set[str] = set()
    for doc_id, slug in zip(doc_ids, slugs):
        name = slug
        if slug != doc_id or folded[slug.lower()] > 1 or slug.split(".")[0].lower() in reserved:
            name = f"{slug}-{hashlib.sha256(doc_id.encode('utf-8')).hexdigest()[:10]}"
        base, n = name, 1
        while name.lower() in taken:
            n += 1
            name = f"{base}-{n}"
        taken.add(name.lower())
        names.append(name)
    return names


def _head(title: str, csp: str) -> str:
    return (
        "<!DOCTYPE html>\n<html lang=\"id\">\n<head>\n<meta charset=\"utf-8\">\n"
        f"<meta http-equiv=\"Content-Security-Policy\" content=\"{_e(csp)}\">\n"
        "<meta name=\"referrer\" content=\"no-referrer\">\n"
        "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
        f"<title>{_e(title)}</title>\n<style>{_CSS}</style>\n</head>\n"
    )


def _text_of(value: Any) -> str | None:
    return value.get("text") if isinstance(value, dict) else None


class _Panel:
    """Builds the panel of normalised values, linking each grounded value to its highlight."""

    def __init__(self, by_pointer: dict[str, Highlight]):
        self.by_pointer = by_pointer

    def link(self, pointer: str, value: dict | None) -> str:
        if not isinstance(value, dict):
            return "—"
        h = self.by_pointer.get(pointer)
        if h is None:
            return _e(value.get("text"))
        return f'<a href="#{h.anchor}">{_e(value.get("text"))}</a>'


def _panel_html(doc: dict, by_pointer: dict[str, Highlight]) -> str:
    p = _Panel(by_pointer)
    m = doc.get("meeting") or {}
    out = ['<aside id="values" class="panel" aria-label="Extracted values">']

    rows: list[tuple[str, str]] = []
    if doc.get("title"):
        rows.append(("Title", p.link("title", doc["title"])))
    if m.get("date_text") or m.get("date"):
        date = _e(m.get("date") or "?") + (f" – {_e(m['date_end'])}" if m.get("date_end") else "")
        rows.append(("Date", f"{date}<br><span class=\"small\">{p.link('meeting/date_text', m.get('date_text'))}</span>"))
    if m.get("weekday"):
        agrees = {True: "agrees with the date", False: "does NOT agree with the date"}.get(m.get("weekday_agrees"), "")
        rows.append(("Weekday", f"{_e(m['weekday'])} <span class=\"small\">{_e(agrees)}</span>"))
    times = m.get("time_text") or []
    if m.get("time_start") or times:
        clock = "–".join(t for t in (m.get("time_start"), m.get("time_end")) if t)
        zone = _join([m.get("timezone"), m.get("utc_offset") and f"UTC{m['utc_offset']}"])
        links = "; ".join(p.link(f"meeting/time_text/{i}", t) for i, t in enumerate(times))
        rows.append(("Time", f"{_e(clock)} {_e(zone)}<br><span class=\"small\">{links}</span>"))
    if m.get("start") or m.get("end"):
        rows.append(("Start / end", _e(_join([m.get("start"), m.get("end")], " / "))))
    venue = m.get("venue")
    if venue:
        extra = _join(["online" if venue.get("online") else None, venue.get("platform")])
        rows.append(("Venue", p.link("meeting/venue", venue) + (f" <span class=\"tag\">{_e(extra)}</span>" if extra else "")))
    for key, label in (("region", "Region"), ("subregion", "Subregion")):
        r = m.get(key)
        if r:
            rows.append((label, f"{_e(r.get('name'))} <span class=\"small\">{_e(_join([r.get('type'), r.get('code'), r.get('province')]))}</span>"
                                f"<br><span class=\"small\">{p.link(f'meeting/{key}', r)}</span>"))
    opener = m.get("opened_by")
    if opener:
        detail = _join([opener.get("role"), opener.get("organization"), opener.get("name"),
                        " ".join(opener.get("titles") or [])])
        cell = p.link("meeting/opened_by", opener) + (f" <span class=\"small\">{_e(detail)}</span>" if detail else "")
        if opener.get("on_behalf_of"):
            cell += f"<br>on behalf of {p.link('meeting/opened_by/on_behalf_of', opener['on_behalf_of'])}"
        rows.append(("Opened by", cell))
    if m.get("plan_year") is not None:
        link = p.link("meeting/plan_year_text", m.get("plan_year_text")) if m.get("plan_year_text") else ""
        rows.append(("Plan year", f"{_e(m['plan_year'])} <span class=\"small\">{link}</span>"))
    out.append("<h2>Meeting</h2>")
    out.append("<dl>" + "".join(f"<dt>{_e(k)}</dt><dd>{v}</dd>" for k, v in rows) + "</dl>" if rows else "<p>—</p>")

    warnings = doc.get("warnings") or []
    out.append(f"<h2>Warnings ({len(warnings)})</h2>")
    if warnings:
        out.append("<ul>" + "".join(f"<li><strong>{_e(w.get('code'))}</strong>: {_e(w.get('message'))}</li>"
                                    for w in warnings) + "</ul>")
    else:
        out.append("<p class=\"small\">none</p>")

    attendees = doc.get("attendees") or []
    out.append(f"<h2>Attendees ({len(attendees)})</h2>")
    if attendees:
        items = []
        for i, a in enumerate(attendees):
            detail = _join([a.get("role"), a.get("unit"), a.get("organization"), a.get("name"),
                            " ".join(a.get("titles") or []), a.get("acting")])
            side = f" <span class=\"tag\">{_e(a['side'])}</span>" if a.get("side") else ""
            plural = " <span class=\"tag\">plural</span>" if a.get("plural") else ""
            items.append(f"<li>{p.link(f'attendees/{i}', a)}{side}{plural}"
                         + (f"<br><span class=\"small\">{_e(detail)}</span>" if detail else "") + "</li>")
        out.append("<ol>" + "".join(items) + "</ol>")

    def numbered(key: str, title: str, extra) -> None:
        items = doc.get(key) or []
        if not items:
            return
        out.append(f"<h2>{_e(title)} ({len(items)})</h2>")
        lines, heading = [], None
        for i, it in enumerate(items):
            h = it.get("heading") if isinstance(it, dict) else None
            if h and _text_of(h) != heading:
                if lines:
                    out.append("<ol>" + "".join(lines) + "</ol>")
                    lines = []
                heading = _text_of(h)
                out.append(f"<h3>{p.link(f'{key}/{i}/heading', h)}</h3>")
            lines.append(f"<li>{p.link(f'{key}/{i}', it)}{extra(i, it)}</li>")
        out.append("<ol>" + "".join(lines) + "</ol>")

    def small(text: str) -> str:
        return f"<br><span class=\"small\">{_e(text)}</span>" if text else ""

    numbered("agenda", "Agenda", lambda i, a: small(_join([a.get("kind"), a.get("by") and f"by {a['by']}"])))
    numbered("planning_stages", "Planning stages", lambda i, s: small(s.get("name") or ""))

    def sublist(path: str, items: list) -> str:
        """Nested grounded values (an issue's details, a program's activities), each linked to its highlight."""
        if not items:
            return ""
        return "<ul>" + "".join(f"<li>{p.link(f'{path}/{j}', d)}</li>" for j, d in enumerate(items)) + "</ul>"

    def urusan(key: str, i: int, it: dict) -> str:
        u = it.get("urusan")
        return (f"<br><span class=\"small\">urusan {_e(u.get('code'))} {_e(u.get('name'))} "
                f"(cue: {p.link(f'{key}/{i}/urusan', u)})</span>") if isinstance(u, dict) else ""

    def issue_extra(i: int, it: dict) -> str:
        return small(_join([it.get("marker") and f"marker {it['marker']}"])) + urusan("issues", i, it) + \
            sublist(f"issues/{i}/details", it.get("details") or [])

    numbered("issues", "Issues", issue_extra)
    numbered("challenges", "Challenges", lambda i, c: "")

    def program_extra(i: int, it: dict) -> str:
        head = f" <span class=\"tag\">{_e(it.get('kind'))}</span>" if it.get("kind") else ""
        return head + urusan("programs", i, it) + sublist(f"programs/{i}/activities", it.get("activities") or [])

    numbered("programs", "Programs", program_extra)
    numbered("follow_ups", "Follow-ups", lambda i, f: small(_join([
        f.get("responsible") and f"responsible: {f['responsible']}",
        f"deadline: {f['deadline']}" if f.get("deadline") else (f.get("deadline_text") and f"deadline as written: {f['deadline_text']}"),
    ])))
    numbered("commodities", "Commodities", lambda i, c: small(c.get("name") or ""))
    out.append("</aside>")
    return "\n".join(out)


# Each field's legend entry up to its count.
_LEGEND_ITEMS = {key: f"<li><span class=\"swatch f-{key}\">{_e(name)}</span> <span class=\"small\">"
                 for key, (name, _) in FIELDS.items()}


def document_page(doc: dict) -> str:
    """The review page of one output document."""
    highlights, by_pointer = collect_highlights(doc)
    counts: dict[str, int] = {}
    for h in highlights:
        counts[h.field] = counts.get(h.field, 0) + 1
    source = doc.get("source") or {}
    heading = _text_of(doc.get("title")) or str(doc.get("id") or "document")
    legend = "".join(f"{_LEGEND_ITEMS[key]}{counts.get(key, 0)}</span></li>"
                     for key in FIELDS if key != "other" or counts.get(key))
    return "".join([  # joined once: the page is some 30 kB, adding piece by piece would copy it every time
        _head(f"{heading} — review", CSP_DOCUMENT),
        "<body>\n<a class=\"skip\" href=\"#values\">Skip to the extracted values</a>\n<header>\n"
        "<p><a href=\"../index.html\">← All documents</a></p>\n",
        f"<h1>{_e(heading)}</h1>\n",
        f"<p class=\"meta\">{_e(_join([source.get('path'), source.get('format'), source.get('encoding')]))}",
        f" · id {_e(doc.get('id'))} · {len(highlights)} highlights</p>\n</header>\n"
        "<h2 id=\"legend-title\">Legend</h2>\n",
        f"<ul class=\"legend\" aria-labelledby=\"legend-title\">{legend}</ul>\n"
        "<p class=\"small\">Focus or hover a highlight (Tab moves between them) to see its field, normalised"
        " value and rule; the values beside the text link to their highlights.</p>\n"
        "<main class=\"layout\">\n<section aria-label=\"Document text\">\n<div class=\"text\">",
        highlight_html(doc.get("text") or "", highlights),
        "</div>\n</section>\n",
        _panel_html(doc, by_pointer),
        f"\n</main>\n<script>{SCRIPT}</script>\n</body>\n</html>\n",
    ])


def summarise(doc: dict) -> dict:
    """What the index shows of one document: enough to list it without keeping the document."""
    m = doc.get("meeting") or {}
    return {
        "id": doc.get("id"), "path": (doc.get("source") or {}).get("path"), "title": _text_of(doc.get("title")),
        "date": m.get("date"), "region": (m.get("region") or {}).get("name"), "venue": (m.get("venue") or {}).get("text"),
        "attendees": len(doc.get("attendees") or []), "issues": len(doc.get("issues") or []),
        "programs": len(doc.get("programs") or []), "warnings": [str(w.get("code")) for w in doc.get("warnings") or []],
    }


def _index_row(doc: dict, name: str) -> str:
    d = doc if "path" in doc and "meeting" not in doc else summarise(doc)
    codes = ", ".join(d["warnings"])
    return (
        "<tr>"
        f"<td data-label=\"File\"><a href=\"docs/{_e(name)}.html\">{_e(d['path'] or d['id'])}</a>"
        f"<br><span class=\"small\">{_e(d['title'] or '')}</span></td>"
        f"<td class=\"date\" data-label=\"Date\">{_e(d['date'] or '—')}</td>"
        f"<td data-label=\"Region\">{_e(d['region'] or '—')}</td>"
        f"<td data-label=\"Venue\">{_e(d['venue'] or '—')}</td>"
        f"<td class=\"num\" data-label=\"Attendees\">{d['attendees']}</td>"
        f"<td class=\"num\" data-label=\"Issues\">{d['issues']}</td>"
        f"<td class=\"num\" data-label=\"Programs\">{d['programs']}</td>"
        f"<td class=\"num\" data-label=\"Warnings\">{len(d['warnings'])}" + (f"<br><span class=\"small\">{_e(codes)}</span>" if codes else "")
        + "</td></tr>")


def _index_head(count: int, errors: list[tuple[str, str, str]]) -> str:
    return "".join([
        _head("notulen review", CSP_INDEX),
        "<body>\n<main>\n<h1>notulen review</h1>\n",
        f"<p class=\"meta\">{count} documents, {_failed_and_skipped(errors)}</p>\n",
        "<h2>Documents</h2>\n<div class=\"table-wrap\"><table class=\"cards\">\n",
        "<thead><tr><th scope=\"col\">File</th><th scope=\"col\">Date</th><th scope=\"col\">Region</th>"
        "<th scope=\"col\">Venue</th><th scope=\"col\">Attendees</th><th scope=\"col\">Issues</th>"
        "<th scope=\"col\">Programs</th><th scope=\"col\">Warnings</th></tr></thead>\n<tbody>\n",
    ])


def _failed_and_skipped(errors: list[tuple[str, str, str]]) -> str:
    """"2 failed files", with ", 1 skipped" when unsupported files were skipped (they did not fail)."""
    skipped = sum(1 for _, code, _ in errors if code == "skipped")
    return f"{len(errors) - skipped} failed files" + (f", {skipped} skipped" if skipped else "")


def _index_tail(errors: list[tuple[str, str, str]]) -> str:
    parts = ["\n</tbody></table></div>\n", f"<h2>Failed files ({len(errors)})</h2>\n"]
    if errors:
        parts.append("<div class=\"table-wrap\"><table class=\"cards\">\n<thead><tr><th scope=\"col\">File</th>"
                     "<th scope=\"col\">Code</th><th scope=\"col\">Message</th></tr></thead>\n<tbody>\n")
        parts.append("\n".join(f"<tr><td data-label=\"File\">{_e(path)}</td><td data-label=\"Code\">{_e(code)}</td>"
                               f"<td data-label=\"Message\">{_e(message)}</td></tr>"
                               for path, code, message in errors))
        parts.append("\n</tbody></table></div>\n")
    else:
        parts.append("<p class=\"small\">none</p>\n")
    parts.append("</main>\n</body>\n</html>\n")
    return "".join(parts)


def index_page(docs: list[dict], names: list[str], errors: list[tuple[str, str, str]]) -> str:
    """The index: every document (or its :func:`summarise` summary) with key fields and counts, then failed files."""
    rows = [_index_row(doc, name) for doc, name in zip(docs, names)]
    return _index_head(len(rows), errors) + "\n".join(rows) + _index_tail(errors)


class ReviewWriter:
    """The review site written as documents come: each page when it is ready (:meth:`page`), the
    index at the end (:meth:`close`), pages of documents no longer in the batch removed. The
    documents' index rows wait in a temporary file, so memory stays flat however many there are."""

    def __init__(self, out_dir: Path):
        self.root = Path(out_dir) / "review"
        self.docs = self.root / "docs"  # one page per document
        self.docs.mkdir(parents=True, exist_ok=True)
        self.names: list[str] = []
        self._rows_path = self.root / f".index-rows.{os.getpid()}.tmp"
        self._rows = open(self._rows_path, "wb", buffering=TABLE_BUFFER)

    def page_path(self, name: str) -> Path:
        return self.docs / f"{name}.html"

    def page(self, name: str, html: str, summary: dict) -> None:
        """Write one document's page (``html`` from :func:`document_page`) and keep its summary."""
        write_atomic(self.page_path(name), html)
        self.added(name, summary)

    def added(self, name: str, summary: dict) -> None:
        """Count a page something else wrote at :meth:`page_path`, with its :func:`summarise` summary."""
        self._rows.write(orjson.dumps(summary) + b"\n")
        self.names.append(name)

    def close(self, errors: list[tuple[str, str, str]], names: list[str] | None = None) -> None:
        """Write the index; ``names`` (one per page, in order) renames pages whose final name differs."""
        if names is not None:
            moves = [(old, new) for old, new in zip(self.names, names) if old != new]
            for i, (old, _) in enumerate(moves):  # in two steps, so no page overwrites another
                os.replace(self.page_path(old), self.docs / f".rename-{i}.tmp")
            for i, (_, new) in enumerate(moves):
                os.replace(self.docs / f".rename-{i}.tmp", self.page_path(new))
            self.names = list(names)
        self._rows.close()

        def chunks() -> Iterator[str]:
            yield _index_head(len(self.names), errors)
            with open(self._rows_path, "rb") as rows:
                for i, (line, name) in enumerate(zip(rows, self.names)):
                    yield ("\n" if i else "") + _index_row(orjson.loads(line), name)
            yield _index_tail(errors)

        write_atomic_chunks(self.root / "index.html", chunks())
        self._rows_path.unlink(missing_ok=True)
        current = {f"{name}.html" for name in self.names}
        for page in self.docs.glob("*.html"):
            if page.name not in current:
                page.unlink()  # a document that left the batch leaves the review too

    def abort(self) -> None:
        self._rows.close()
        self._rows_path.unlink(missing_ok=True)


def write_review(out_dir: Path, docs, errors: list[tuple[str, str, str]], ids: list[str] | None = None) -> None:
    """Write ``out_dir/review/index.html`` and ``out_dir/review/docs/<name>.html`` per document, atomically.

    ``docs`` may be any iterable; with ``ids`` (the documents' ids, in order) it is consumed one
    document at a time, so memory stays flat however many there are.
    """
    if ids is None:
        docs = list(docs)
        ids = [str(doc.get("id")) for doc in docs]
    review = ReviewWriter(out_dir)
    try:
        for doc, name in zip(docs, page_names([str(i) for i in ids])):
            review.page(name, document_page(doc), summarise(doc))
        review.close(errors)
    finally:
        review.abort()


__all__ = ["CSP_DOCUMENT", "CSP_INDEX", "FIELDS", "Highlight", "collect_highlights", "document_page",
           "field_of", "grounded_values", "highlight_html", "index_page", "page_names", "ReviewWriter", "summarise", "write_review"]
