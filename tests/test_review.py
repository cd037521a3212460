"""The static review site: escaping of hostile text, one highlight per grounded value, nesting, names,
determinism, and the pages in a real headless Chromium (from file://, at desktop and phone width)."""
from __future__ import annotations

import importlib.util
import re
import shutil
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from minutes_texts import ROADSHOW
from pipeline.review import (FIELDS, SCRIPT, Highlight, _e, _grounded, _join, collect_highlights, field_of,
                             grounded_values, highlight_html, page_names, write_review)

HOSTILE = """NOTULEN RAPAT <script>alert(1)</script>

Acara           : Rapat Koordinasi Penyusunan Renja Tahun 2024
Hari/Tanggal    : Selasa, 14 Maret 2023
Waktu           : 09.00 WITA s.d. selesai
Tempat          : Aula Bappeda Kabupaten Gowa, Sungguminasa
Pimpinan Rapat  : Sekretaris Bappeda Kabupaten Gowa
Peserta         : 1. Kepala Dinas Kesehatan Kabupaten Gowa <script>alert(1)</script>
                  2. Kepala Dinas Pekerjaan Umum dan Penataan Ruang Kabupaten Gowa "><img src=x onerror=alert(1)>
                  3. Camat se-Kabupaten Gowa

Hasil Pembahasan :
a. Data sasaran belum terintegrasi, lihat <a href="javascript:alert(1)">tautan</a>.
b. Anggaran pemeliharaan jalan masih terbatas "><img src=x onerror=alert(1)>.

Tindak Lanjut :
1. Bappeda menghimpun data sasaran paling lambat tanggal 24 Maret 2023.
2. Dinas PUPR menyusun daftar ruas jalan prioritas javascript:alert(document.cookie).

Rapat ditutup pukul 11.45 WITA.
"""


# Ids as a batch may make them: with a folder, spaces, markup and a Windows device name.
HOSTILE_ID = 'rapat/<b>gowa</b> "1"'
VOID = {"meta", "br", "img", "input", "link", "hr", "wbr", "source", "col", "area", "base", "embed", "track"}


def grounded(doc: dict) -> dict[str, dict]:
    """Every dict with ``text`` and ``span`` in a document, by JSON pointer (written apart from review.py)."""
    found: dict[str, dict] = {}

    def walk(value, path):
        if isinstance(value, dict):
            if "span" in value and "text" in value and value["span"] is not None:
                found["/".join(map(str, path))] = value
            for k, v in value.items():
                if not (path == [] and k == "text"):
                    walk(v, path + [k])
        elif isinstance(value, list):
            for i, v in enumerate(value):
                walk(v, path + [i])

    walk(doc, [])
    return found


class Page(HTMLParser):
    """Parses a page and records what the tests check: tag nesting, marks and their text, scripts, attributes."""

    def __init__(self, source: str):
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        self.nesting_errors: list[str] = []
        self.tags: list[tuple[str, dict]] = []
        self.marks: dict[str, dict] = {}  # id -> attributes of the first piece
        self.pieces: dict[str, list[str]] = {}  # id -> text of every piece, in order
        self.open_marks: list[str | None] = []
        self.scripts: list[str] = []
        self.text_div_depth: int | None = None
        self.document_text: list[str] = []
        self.feed(source)
        self.close()
        if self.stack:
            self.nesting_errors.append(f"unclosed {self.stack}")

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        self.tags.append((tag, a))
        if tag in VOID:
            return
        self.stack.append(tag)
        if tag == "div" and a.get("class") == "text":
            self.text_div_depth = len(self.stack)
        if tag == "mark":
            anchor = a.get("id") or a.get("data-for")
            if a.get("id"):
                assert a["id"] not in self.marks, f"duplicate id {a['id']}"
                self.marks[a["id"]] = a
            self.open_marks.append(anchor)
            self.pieces.setdefault(anchor, []).append("")

    def handle_startendtag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))

    def handle_endtag(self, tag):
        if tag in VOID:
            return
        if not self.stack or self.stack[-1] != tag:
            self.nesting_errors.append(f"</{tag}> closes {self.stack[-1:] or 'nothing'}")
            return
        if self.text_div_depth == len(self.stack):
            self.text_div_depth = None
        self.stack.pop()
        if tag == "mark":
            self.open_marks.pop()

    def handle_data(self, data):
        if self.stack and self.stack[-1] == "script":
            self.scripts.append(data)
        if self.text_div_depth is not None:
            self.document_text.append(data)
        for anchor in self.open_marks:
            self.pieces[anchor][-1] += data


@pytest.fixture(scope="module")
def docs(extract) -> list[dict]:
    hostile = dict(extract(HOSTILE), id=HOSTILE_ID)
    roadshow = dict(extract(ROADSHOW), id="s01_muara_enim")
    return [hostile, roadshow]


@pytest.fixture(scope="module")
def site(docs, tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("site")
    write_review(out, docs, [("rusak/<img src=x onerror=alert(1)>.pdf", "read_error",
                              'cannot read "><script>alert(1)</script>')])
    return out / "review"


def _page_path(site: Path, docs: list[dict], i: int) -> Path:
    return site / "docs" / f"{page_names([d['id'] for d in docs])[i]}.html"


def test_files_exist_with_safe_names(site, docs):
    assert (site / "index.html").is_file()
    names = sorted(p.name for p in (site / "docs").iterdir())
    assert len(names) == len(docs)
    for i in range(len(docs)):
        assert _page_path(site, docs, i).is_file()
    assert all(set(n) <= set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-") for n in names)


@pytest.mark.parametrize("page", ["index", "hostile", "roadshow"])
def test_hostile_text_is_shown_never_run(site, docs, page):
    path = site / "index.html" if page == "index" else _page_path(site, docs, ["hostile", "roadshow"].index(page))
    source = path.read_text(encoding="utf-8")
    assert "<script>alert" not in source and "<img" not in source and "<a href=\"javascript" not in source
    parsed = Page(source)
    assert parsed.nesting_errors == []
    for tag, attrs in parsed.tags:
        assert tag not in ("img", "iframe", "object", "embed", "base", "form", "link")
        assert not [name for name in attrs if name.startswith("on")], (tag, attrs)
        for name in ("href", "src", "action"):
            value = attrs.get(name)
            assert value is None or value.startswith("#") or value.startswith("docs/") or value == "../index.html"
    scripts = [attrs for tag, attrs in parsed.tags if tag == "script"]
    assert parsed.scripts == ([] if page == "index" else [SCRIPT]) and len(scripts) == len(parsed.scripts)
    assert all(not attrs for attrs in scripts)
    csp = [a["content"] for t, a in parsed.tags if t == "meta" and a.get("http-equiv") == "Content-Security-Policy"]
    assert len(csp) == 1 and "default-src 'none'" in csp[0]
    if page == "hostile":
        shown = "".join(parsed.document_text)
        assert shown == docs[0]["text"]  # every character is text, the payloads included
        assert '<script>alert(1)</script>' in shown and '"><img src=x onerror=alert(1)>' in shown
    if page == "index":
        assert "cannot read \"&gt;&lt;script&gt;alert(1)&lt;/script&gt;" in source.replace("&quot;", '"')


@pytest.mark.parametrize("i", [0, 1], ids=["hostile", "roadshow"])
def test_every_grounded_value_has_one_highlight(site, docs, i):
    doc = docs[i]
    parsed = Page(_page_path(site, docs, i).read_text(encoding="utf-8"))
    values = grounded(doc)
    assert len(values) >= 15
    for pointer, value in values.items():
        matching = [mid for mid, attrs in parsed.marks.items() if pointer in attrs["data-paths"].split(" ")]
        assert len(matching) == 1, pointer
        attrs = parsed.marks[matching[0]]
        assert [int(attrs["data-start"]), int(attrs["data-end"])] == value["span"]
        assert "".join(parsed.pieces[matching[0]]) == value["text"]
        assert value["rule"] in attrs["title"] and value["rule"] in attrs["data-tip"]
        assert attrs["tabindex"] == "0" and attrs["data-label"] in {name for name, _ in FIELDS.values()}
    # and nothing else is highlighted
    assert {p for attrs in parsed.marks.values() for p in attrs["data-paths"].split(" ")} == set(values)
    links = {a["href"][1:] for t, a in parsed.tags if t == "a" and a.get("href", "").startswith("#span-")}
    assert links == set(parsed.marks)


def test_shared_heading_is_one_highlight(docs):
    highlights, by_pointer = collect_highlights(docs[0])
    assert by_pointer["issues/0/heading"] is by_pointer["issues/1/heading"]
    assert by_pointer["issues/0/heading"].paths == ["issues/0/heading", "issues/1/heading"]
    assert len({(h.field, h.start, h.end) for h in highlights}) == len(highlights)


def test_nested_region_inside_title(docs):
    highlights, by_pointer = collect_highlights(docs[1])
    title, region = by_pointer["title"], by_pointer["meeting/region"]
    assert title.start <= region.start < region.end <= title.end
    out = highlight_html(docs[1]["text"], highlights)
    assert out.index(f'id="{title.anchor}"') < out.index(f'id="{region.anchor}"')


def _marks(text: str, spans: list[tuple[int, int]], fields: list[str] | None = None) -> list[Highlight]:
    fields = fields or ["issue"] * len(spans)
    return [Highlight(n, f, s, e, text[s:e], "r", "v", [f"x/{n}"]) for n, ((s, e), f) in
            enumerate(zip(spans, fields), start=1)]


@pytest.mark.parametrize(
    ("spans", "expected"),
    [
        ([(0, 6), (3, 9)], 'A<1>abc<2>def</2></1><2>ghi</2>j'),
        ([(0, 10), (2, 4), (2, 4)], 'A<1>ab<2><3>cd</3></2>efghij</1>'),
        ([(2, 5), (0, 8)], 'A<2>ab<1>cde</1>fgh</2>ij'),
        ([(3, 3), (0, 3)], 'A<2>abc</2><1></1>defghij'),
        ([(0, 4), (2, 8), (3, 6)], 'A<1>ab<2>c<3>d</3></2></1><2><3>ef</3>gh</2>ij'),
    ],
    ids=["crossing", "identical", "inner_first_in_list", "empty", "crossing_with_inner"],
)
def test_marks_nest_and_split_when_spans_cross(spans, expected):
    text = "abcdefghij"
    out = highlight_html(text, _marks(text, spans))
    compact = re.sub(r'<mark id="span-(\d+)"[^>]*>', r"<\1>", out)
    compact = re.sub(r'<mark [^>]*data-for="span-(\d+)">', r"<\1>", compact)
    # closing tags carry no number: rebuild them from a stack to compare
    result, stack = "A", []
    for token in re.findall(r"<\d+>|</mark>|[^<]+", compact):
        if token == "</mark>":
            result += f"</{stack.pop()}>"
        elif token.startswith("<"):
            stack.append(token[1:-1])
            result += token
        else:
            result += token
    assert result == expected


@settings(max_examples=150, deadline=None)
@given(st.text(alphabet="ab<>&\"' \n", min_size=0, max_size=30).flatmap(
    lambda text: st.tuples(st.just(text), st.lists(
        st.tuples(st.integers(0, len(text)), st.integers(0, len(text)), st.sampled_from(list(FIELDS))),
        max_size=8))))
def test_highlighting_any_spans_keeps_text_and_nesting(case):
    text, raw = case
    spans = [(min(s, e), max(s, e)) for s, e, _ in raw]
    highlights = _marks(text, spans, [f for _, _, f in raw])
    parsed = Page(f'<div class="text">{highlight_html(text, highlights)}</div>')
    assert parsed.nesting_errors == []
    assert "".join(parsed.document_text) == text
    for h in highlights:
        assert "".join(parsed.pieces[h.anchor]) == h.text


@settings(max_examples=300, deadline=None)
@given(st.one_of(st.text(), st.text(alphabet="ab &<>\"'\r\n")))
def test_escaping_replaces_exactly_what_html_escape_does(text):
    """_e skips html.escape when no character needs it: the same text either way, carriage returns as &#13;."""
    import html

    assert _e(text) == html.escape(text, quote=True).replace("\r", "&#13;")
    assert _e(None) == "" and _e(3) == "3"


@given(st.lists(st.none() | st.booleans() | st.integers(-1, 1) | st.floats(allow_nan=False) | st.text(max_size=3)
                | st.lists(st.integers(), max_size=1) | st.dictionaries(st.text(max_size=1), st.integers(), max_size=1),
                max_size=6))
def test_join_leaves_out_what_the_containment_test_did(parts):
    """_join tests None, "" and [] one by one: the parts a JSON document can hold go as with ``not in (None, "", [])``."""
    assert _join(parts) == " · ".join(str(p) for p in parts if p not in (None, "", []))


def _reference_grounded_values(doc):
    """grounded_values as first written: every node on an explicit stack, its children listed and reversed."""
    stack = [((), doc)]
    while stack:
        path, node = stack.pop()
        if isinstance(node, dict):
            if isinstance(node.get("text"), str) and isinstance(node.get("span"), list) and len(node["span"]) == 2:
                yield "/".join(map(str, path)), path, node
            children = [(path + (key,), value) for key, value in node.items()
                        if isinstance(value, (dict, list)) and (path or key != "text")]
        else:
            children = [(path + (i,), value) for i, value in enumerate(node) if isinstance(value, (dict, list))]
        stack.extend(reversed(children))


_KEYS = st.sampled_from(["text", "span", "rule", "meeting", "venue", "opened_by", "on_behalf_of", "issues", "heading",
                         "details", "urusan", "attendees", "x"])
_SPAN = st.lists(st.integers(0, 9), min_size=1, max_size=3)
_JSON = st.recursive(
    st.none() | st.booleans() | st.integers(-1, 9) | st.sampled_from(["", "a", "<&>"]) | _SPAN,
    lambda children: st.lists(children, max_size=4) | st.dictionaries(_KEYS, children, max_size=5)
    | st.builds(lambda text, span, more: {"text": text, "span": span, **more},  # mostly a grounded value
                st.sampled_from(["a", "<&>", None]), _SPAN, st.dictionaries(_KEYS, children, max_size=3)),
    max_leaves=40)


@settings(max_examples=300, deadline=None)
@given(st.dictionaries(_KEYS, _JSON, max_size=6))
def test_grounded_values_match_the_reference_walk(doc):
    """The walk skips empty containers and gathers each value's keys on the way down (for field_of): the
    same values in the same order as the plain walk, with the same fields."""
    found = _grounded(doc)
    assert list(grounded_values(doc)) == list(_reference_grounded_values(doc))
    assert [(pointer, path, value) for pointer, path, _, value in found] == list(_reference_grounded_values(doc))
    for _, path, keys, _ in found:
        assert keys == tuple(p for p in path if isinstance(p, str)) and field_of(path) == field_of(keys)


def _reference_highlight_html(text: str, highlights: list[Highlight]) -> str:
    """highlight_html as first written, without its shortcuts: the tags rebuilt and the text escaped piece
    by piece, every closing position checked against every open mark."""
    def open_tag(h: Highlight, first: bool) -> str:
        attrs = [f'class="f-{h.field}"', f'data-field="{_e(h.field)}"', f'title="{_e(h.tip)}"']
        if first:
            attrs = [f'id="{h.anchor}"', 'tabindex="0"'] + attrs + [
                f'data-label="{_e(FIELDS[h.field][0])}"', f'data-tip="{_e(h.tip)}"',
                f'data-start="{h.start}"', f'data-end="{h.end}"', f'data-paths="{_e(" ".join(h.paths))}"']
        else:
            attrs.append(f'data-for="{h.anchor}"')
        return "<mark " + " ".join(attrs) + ">"

    order = {key: i for i, key in enumerate(FIELDS)}
    starts: dict[int, list[Highlight]] = {}
    ends: dict[int, list[Highlight]] = {}
    for h in highlights:
        starts.setdefault(h.start, []).append(h)
        ends.setdefault(h.end, []).append(h)
    for group in starts.values():
        group.sort(key=lambda h: (-h.end, order[h.field], h.number))
    boundaries = sorted(set(starts) | set(ends) | {0, len(text)})
    out: list[str] = []
    stack: list[Highlight] = []

    def close_ending(pos: int) -> None:
        open_numbers = {h.number for h in stack}
        ending = {h.number for h in ends.get(pos, []) if h.number in open_numbers}
        reopen: list[Highlight] = []
        while ending:
            h = stack.pop()
            out.append("</mark>")
            if h.number in ending:
                ending.discard(h.number)
            else:
                reopen.append(h)
        for h in reversed(reopen):
            out.append(open_tag(h, first=False))
            stack.append(h)

    for i, pos in enumerate(boundaries):
        close_ending(pos)
        for h in starts.get(pos, []):
            out.append(open_tag(h, first=True))
            stack.append(h)
            if h.end == pos:
                close_ending(pos)
        if i + 1 < len(boundaries):
            out.append(_e(text[pos:boundaries[i + 1]]))
    while stack:
        stack.pop()
        out.append("</mark>")
    return "".join(out)


@settings(max_examples=400, deadline=None)
@given(st.one_of(st.text(alphabet="ab \n", max_size=30), st.text(alphabet="ab<>&\"'\r \n", max_size=30)).flatmap(
    lambda text: st.tuples(st.just(text), st.lists(st.tuples(
        st.integers(0, len(text)), st.integers(0, len(text)), st.sampled_from(list(FIELDS)), st.integers(1, 6),
        st.text(alphabet="ab<&\"\r", max_size=4)), max_size=10))))
def test_highlighting_matches_the_reference_byte_for_byte(case):
    """The shortcuts of highlight_html (the innermost mark closing alone, a text with nothing to escape,
    tags built once per mark) give the bytes of the plain walk, whatever the spans, even with numbers repeated."""
    text, raw = case
    highlights = [Highlight(number, f, min(s, e), max(s, e), text[min(s, e):max(s, e)], rule, rule * 2, [f"x/{i}", rule])
                  for i, (s, e, f, number, rule) in enumerate(raw)]
    assert highlight_html(text, highlights) == _reference_highlight_html(text, highlights)


@pytest.mark.parametrize(
    ("ids", "expected"),
    [
        (["s01_lahat", "s02.muba"], ["s01_lahat", "s02.muba"]),
        (["a/b c"], ["a_b_c-#"]),
        (["Rapat", "rapat"], ["Rapat-#", "rapat-#"]),
        (["con"], ["con-#"]),
        (["../../etc"], ["etc-#"]),
        (["<>"], ["document-#"]),
        (["x", "x"], ["x-#", "x-#-2"]),
    ],
    ids=["safe_kept", "unsafe", "case_clash", "device_name", "parent_dirs", "nothing_safe", "duplicate"],
)
def test_page_names_are_safe_unique_and_deterministic(ids, expected):
    names = page_names(ids)
    assert names == page_names(list(ids))
    assert len({n.lower() for n in names}) == len(names)
    for name in names:
        assert re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9._-]*", name)
    pattern = [re.escape(e).replace("\\#", "[0-9a-f]{10}") for e in expected]
    assert all(re.fullmatch(p, n) for p, n in zip(pattern, names)), names


def test_output_is_deterministic(docs, tmp_path):
    errors = [("a.pdf", "read_error", "x")]
    write_review(tmp_path / "one", docs, errors)
    write_review(tmp_path / "two", docs, errors)
    one = {p.relative_to(tmp_path / "one"): p.read_bytes() for p in (tmp_path / "one").rglob("*") if p.is_file()}
    two = {p.relative_to(tmp_path / "two"): p.read_bytes() for p in (tmp_path / "two").rglob("*") if p.is_file()}
    assert one == two and len(one) == 3


def test_index_lists_documents_and_failures(site, docs):
    parsed = Page((site / "index.html").read_text(encoding="utf-8"))
    hrefs = [a["href"] for t, a in parsed.tags if t == "a"]
    assert [(site / h).resolve() for h in hrefs] == [_page_path(site, docs, i).resolve() for i in range(len(docs))]
    source = (site / "index.html").read_text(encoding="utf-8")
    assert "read_error" in source and "Kabupaten Muara Enim" in source and "2019-02-06" in source


# --- a real browser -------------------------------------------------------------------------------------------

CHROMIUM_ARGS = ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]


def _chromium() -> str:
    path = shutil.which("chromium")
    if not path:
        pytest.skip("chromium not installed: apt-get install chromium")
    return path


@pytest.fixture(scope="module")
def browser():
    executable = _chromium()
    sync_api = pytest.importorskip("playwright.sync_api", reason="playwright not installed: pip install playwright")
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        yield b
        b.close()


def _open(browser, url: str, width: int, height: int = 900):
    page = browser.new_page(viewport={"width": width, "height": height})
    events = {"dialogs": [], "console": [], "requests": []}

    def on_dialog(dialog):
        events["dialogs"].append(dialog.message)
        dialog.dismiss()

    page.on("dialog", on_dialog)
    page.on("console", lambda m: events["console"].append((m.type, m.text)))
    page.on("pageerror", lambda e: events["console"].append(("pageerror", str(e))))
    page.on("request", lambda r: events["requests"].append(r.url))
    page.goto(url)
    page.wait_for_load_state("load")
    return page, events


@pytest.mark.parametrize("i", [0, 1], ids=["hostile", "roadshow"])
def test_browser_renders_highlights_and_runs_nothing_foreign(browser, site, docs, i):
    url = _page_path(site, docs, i).as_uri()
    page, events = _open(browser, url, 1280)
    try:
        page.wait_for_timeout(200)
        assert events["dialogs"] == []
        assert [c for c in events["console"] if c[0] in ("error", "pageerror", "warning")] == []
        assert events["requests"] == [url]
        assert page.evaluate("document.querySelectorAll('img, iframe, object, embed').length") == 0
        assert page.evaluate("document.scripts.length") == 1
        shown = page.evaluate("""() => Object.fromEntries([...document.querySelectorAll('mark[id]')].map(m => [
            m.id, [m.dataset.paths, [m, ...document.querySelectorAll(`mark[data-for="${m.id}"]`)]
                .map(x => x.textContent).join('')]]))""")
        for pointer, value in grounded(docs[i]).items():
            hits = [mid for mid, (paths, text) in shown.items() if pointer in paths.split(" ")]
            assert len(hits) == 1 and shown[hits[0]][1] == value["text"], pointer
        # keyboard focus shows the field, value and rule in a tooltip
        tip = page.evaluate("""() => { const m = document.querySelector('mark[id]'); m.focus();
            return [document.activeElement === m, getComputedStyle(m, '::after').content,
                    getComputedStyle(m).outlineStyle]; }""")
        assert tip[0] and "rule: " in tip[1] and tip[2] != "none"
    finally:
        page.close()


@pytest.mark.parametrize("width", [1280, 390])
def test_browser_value_link_scrolls_to_and_focuses_its_highlight(browser, site, docs, width):
    page, events = _open(browser, _page_path(site, docs, 0).as_uri(), width, 844)
    try:
        last = page.evaluate("[...document.querySelectorAll('mark[id]')].pop().id")
        first = page.evaluate("document.querySelector('mark[id]').id")
        for target in (last, first):
            page.click(f'aside a[href="#{target}"] >> nth=0')
            page.wait_for_timeout(150)
            state = page.evaluate("""(id) => { const m = document.getElementById(id);
                const r = m.getBoundingClientRect();
                return {hash: location.hash, target: document.querySelector(':target')?.id,
                        active: document.activeElement.id, top: r.top, bottom: r.bottom, h: innerHeight}; }""", target)
            assert state["hash"] == f"#{target}" and state["target"] == target and state["active"] == target
            assert 0 <= state["top"] and state["bottom"] <= state["h"]
        assert events["dialogs"] == []
    finally:
        page.close()


@pytest.mark.parametrize("which", ["index", "hostile", "roadshow"])
def test_browser_phone_width_has_no_horizontal_overflow(browser, site, docs, which):
    path = site / "index.html" if which == "index" else _page_path(site, docs, ["hostile", "roadshow"].index(which))
    page, events = _open(browser, path.as_uri(), 390, 844)
    try:
        sizes = page.evaluate("""() => ({doc: document.documentElement.scrollWidth, body: document.body.scrollWidth,
            view: document.documentElement.clientWidth,
            stacked: (() => { const t = document.querySelector('.text'), p = document.querySelector('.panel');
                return !t || p.getBoundingClientRect().top >= t.getBoundingClientRect().bottom; })()})""")
        assert sizes["doc"] <= sizes["view"] and sizes["body"] <= sizes["view"], sizes
        assert sizes["stacked"]
        assert events["dialogs"] == []
    finally:
        page.close()


def test_browser_dump_dom_without_playwright(site, docs, tmp_path):
    """The plain chromium path, for machines with chromium but without playwright: the DOM holds no injected element."""
    executable = _chromium()
    if importlib.util.find_spec("playwright") is not None:
        pytest.skip("covered by the playwright tests")
    result = subprocess.run([executable, *CHROMIUM_ARGS, f"--user-data-dir={tmp_path}", "--dump-dom",
                             _page_path(site, docs, 0).as_uri()], capture_output=True, text=True, timeout=120)
    dom = Page(result.stdout)
    assert not [t for t, _ in dom.tags if t in ("img", "iframe")]
    assert set(dom.marks) == {h.anchor for h in collect_highlights(docs[0])[0]}
