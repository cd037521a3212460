"""HTML pages: the main text of a saved web page, without navigation and boilerplate.

trafilatura finds the article; when it finds nothing, selectolax renders the body with block
elements on lines of their own. Imported only when an .html file is read.
"""

from __future__ import annotations

import re

import trafilatura
from selectolax.lexbor import LexborHTMLParser, LexborNode

from pipeline.errors import ReadError
from pipeline.readers.decode import decode, parse_int

_META_CHARSET = re.compile(rb"""<meta[^>]*?charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.IGNORECASE)
# WHATWG: these labels mean windows-1252 in HTML.
_HTML_CHARSET_ALIASES = {
    "iso-8859-1": "cp1252",
    "latin1": "cp1252",
    "latin-1": "cp1252",
    "us-ascii": "cp1252",
    "ascii": "cp1252",
}
_HTML_NEVER_TEXT_TAGS = ["script", "style", "noscript", "template", "nav", "form", "iframe", "svg"]
_HTML_BOILERPLATE_TAGS = ["header", "footer", "aside"]
_HTML_BLOCK_TAGS = frozenset(
    "address article blockquote body caption dd details dialog div dl dt fieldset figcaption figure "
    "h1 h2 h3 h4 h5 h6 hr li main ol p pre section summary table tbody thead tfoot tr ul".split()
)
_HTML_CELL_TAGS = frozenset({"td", "th"})


def read_html(data: bytes) -> tuple[str, str]:
    """Extract the main text of an HTML page, dropping navigation and boilerplate.

    Scripts, navigation and forms are removed before trafilatura picks the main text;
    if it finds none, the body text is taken without headers, footers and asides.
    """
    match = _META_CHARSET.search(data[:4096])
    declared = None
    if match is not None:
        label = match.group(1).decode("ascii", "replace").lower()
        declared = _HTML_CHARSET_ALIASES.get(label, label)
        if declared.startswith(("utf-16", "utf16")):
            declared = None
    html, encoding = decode(data, declared)
    try:
        tree = LexborHTMLParser(html)
        tree.strip_tags(_HTML_NEVER_TEXT_TAGS)
        cleaned = tree.html or ""
    except Exception as exc:
        raise ReadError(
            "corrupt", f"cannot parse the HTML ({exc.__class__.__name__}); check that the file is a web page"
        ) from exc
    try:
        text = trafilatura.extract(cleaned, include_comments=False, include_tables=True, favor_recall=True)
    except Exception:
        text = None
    if not text or not text.strip():
        try:
            tree.strip_tags(_HTML_BOILERPLATE_TAGS)
            text = _html_fallback_text(tree)
        except Exception as exc:
            raise ReadError(
                "corrupt", f"cannot parse the HTML ({exc.__class__.__name__}); check that the file is a web page"
            ) from exc
    return text, encoding


def _html_fallback_text(tree: LexborHTMLParser) -> str:
    """Return the body text of ``tree``: one line per block element, table cells joined by " | ".

    Ordered-list items get "1. ", "2. "... and other list items "- ", as in .docx text.
    """
    root = tree.body or tree.root
    if root is None:
        return ""
    parts: list[str] = []
    stack: list[tuple[LexborNode, bool]] = [(root, False)]
    while stack:
        node, closing = stack.pop()
        tag = node.tag or ""
        if closing:
            parts.append("\n")
            continue
        if tag == "-text":
            parts.append(re.sub(r"\s+", " ", node.text(deep=False)))
            continue
        if tag.startswith("-"):
            continue
        if tag == "br":
            parts.append("\n")
            continue
        if tag in _HTML_CELL_TAGS and _has_previous_cell(node):
            parts.append(" | ")
        if tag in _HTML_BLOCK_TAGS:
            parts.append("\n")
            stack.append((node, True))
        if tag == "li":
            parts.append(_list_marker(node))
        stack.extend((child, False) for child in reversed(list(node.iter(include_text=True))))
    lines = (re.sub(r"[ \t\u00a0]+", " ", line).strip() for line in "".join(parts).split("\n"))
    return "\n".join(line for line in lines if line)


def _list_marker(item: LexborNode) -> str:
    """Return "N. " for an item of an ordered list (honouring ``start``) and "- " otherwise."""
    parent = item.parent
    if parent is None or parent.tag != "ol":
        return "- "
    number = parse_int(parent.attributes.get("start"), 1)
    sibling = item.prev
    while sibling is not None:
        if sibling.tag == "li":
            number += 1
        sibling = sibling.prev
    return f"{number}. "


def _has_previous_cell(node: LexborNode) -> bool:
    """Tell whether a table cell has an earlier cell in the same row."""
    sibling = node.prev
    while sibling is not None:
        if sibling.tag in _HTML_CELL_TAGS:
            return True
        sibling = sibling.prev
    return False
