"""Turn a document on disk (or its bytes) into the text that extraction spans index into.

Supported formats are plain text and Markdown, HTML, DOCX and PDF. Every failure is
reported as :class:`~pipeline.errors.ReadError` with a stable ``code``; exceptions from
third-party libraries never escape. Nothing is written to disk and nothing touches the
network.
"""

from __future__ import annotations

import codecs
import io
import re
import stat
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import docx
import pypdf
import trafilatura
from charset_normalizer import from_bytes
from docx.document import Document as DocxDocument
from docx.oxml.ns import qn
from docx.text.paragraph import Paragraph
from lxml import etree
from selectolax.lexbor import LexborHTMLParser, LexborNode

from pipeline.errors import ReadError

__all__ = [
    "DEFAULT_MAX_BYTES",
    "SUPPORTED_SUFFIXES",
    "SourceText",
    "read_bytes",
    "read_path",
]

DEFAULT_MAX_BYTES = 20 * 1024 * 1024

_FORMATS: dict[str, str] = {
    ".txt": "txt",
    ".md": "md",
    ".html": "html",
    ".htm": "html",
    ".docx": "docx",
    ".pdf": "pdf",
}
SUPPORTED_SUFFIXES: frozenset[str] = frozenset(_FORMATS)

MAX_DOCX_UNCOMPRESSED_BYTES = 200 * 1024 * 1024
MAX_DOCX_MEMBERS = 10_000
MAX_COMPRESSION_RATIO = 100
LARGE_MEMBER_BYTES = 10 * 1024 * 1024
MAX_CONTROL_CHAR_RATIO = 0.1

_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_CONTROL_CHARS = re.compile("[\x00-\x08\x0e-\x1f\x7f-\x9f]")
_META_CHARSET = re.compile(rb"""<meta[^>]*?charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.IGNORECASE)
# WHATWG: these labels mean windows-1252 in HTML.
_HTML_CHARSET_ALIASES = {
    "iso-8859-1": "cp1252",
    "latin1": "cp1252",
    "latin-1": "cp1252",
    "us-ascii": "cp1252",
    "ascii": "cp1252",
}
_XML_BOMB_MARKERS = re.compile(rb"<!(DOCTYPE|ENTITY)", re.IGNORECASE)
# Runs whose text Word shows in the paragraph: tracked insertions, smart tags, fields and
# inline content controls included; deleted or moved-away text and text boxes excluded.
_VISIBLE_RUNS = etree.XPath(
    ".//w:r[not(ancestor::w:del or ancestor::w:moveFrom or ancestor::w:txbxContent or ancestor::mc:Fallback)]",
    namespaces={
        "w": "http://schemas.openxmlformats.org/wordprocessingml/2006/main",
        "mc": "http://schemas.openxmlformats.org/markup-compatibility/2006",
    },
)

_HTML_NEVER_TEXT_TAGS = ["script", "style", "noscript", "template", "nav", "form", "iframe", "svg"]
_HTML_BOILERPLATE_TAGS = ["header", "footer", "aside"]
_HTML_BLOCK_TAGS = frozenset(
    "address article blockquote body caption dd details dialog div dl dt fieldset figcaption figure "
    "h1 h2 h3 h4 h5 h6 hr li main ol p pre section summary table tbody thead tfoot tr ul".split()
)
_HTML_CELL_TAGS = frozenset({"td", "th"})


@dataclass(frozen=True)
class SourceText:
    """The text of one document, ready for extraction.

    ``text`` has newlines normalised to LF, no byte-order mark and no NUL
    characters; it is otherwise the document's text verbatim.
    """

    text: str
    format: str
    encoding: str | None


def read_path(path: Path, *, max_bytes: int = DEFAULT_MAX_BYTES) -> SourceText:
    """Read the document at ``path``, refusing files larger than ``max_bytes``."""
    suffix = _check_suffix(path.suffix)
    try:
        status = path.stat()
        if not stat.S_ISREG(status.st_mode):
            raise ReadError("unreadable", "path is not a regular file (a directory or device?); pass a document file")
        if status.st_size > max_bytes:
            raise _too_large(status.st_size, max_bytes)
        with path.open("rb") as handle:
            data = handle.read(max_bytes + 1)
    except OSError as exc:
        reason = exc.strerror or exc.__class__.__name__
        raise ReadError("unreadable", f"cannot read file ({reason}); check that it exists and is readable") from exc
    if len(data) > max_bytes:
        raise _too_large(len(data), max_bytes)
    return read_bytes(data, suffix)


def read_bytes(data: bytes, suffix: str) -> SourceText:
    """Read a document from its raw bytes; ``suffix`` (e.g. ``".docx"``) selects the format."""
    fmt = _FORMATS[_check_suffix(suffix)]
    if not data:
        raise ReadError("empty", "file is empty (0 bytes); check that the right file was exported")
    if fmt in ("txt", "md"):
        text, encoding = _read_plain(data)
    elif fmt == "html":
        text, encoding = _read_html(data)
    elif fmt == "docx":
        text, encoding = _read_docx(data), None
    else:
        text, encoding = _read_pdf(data), None
    text = _normalise(text)
    if not text.strip():
        raise ReadError(
            "empty", f"no text found in the {fmt} file (empty or whitespace only); check the file's content"
        )
    return SourceText(text=text, format=fmt, encoding=encoding)


def _check_suffix(suffix: str) -> str:
    """Return the lower-cased suffix with its dot, or raise ``unsupported``."""
    normalised = suffix.lower()
    if normalised and not normalised.startswith("."):
        normalised = "." + normalised
    if normalised not in _FORMATS:
        shown = normalised or "(none)"
        supported = ", ".join(sorted(SUPPORTED_SUFFIXES))
        raise ReadError("unsupported", f"file type {shown} is not supported; convert it to one of {supported}")
    return normalised


def _too_large(size: int, max_bytes: int) -> ReadError:
    """Build the ``too_large`` error for a file of ``size`` bytes."""
    return ReadError(
        "too_large",
        f"file is {size:,} bytes, over the limit of {max_bytes:,} bytes; re-run with a larger --max-bytes to read it",
    )


def _normalise(text: str) -> str:
    """Normalise newlines to LF, drop a leading BOM and remove NUL characters."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\x00", "")
    return text.removeprefix("\ufeff")


def _bom_encoding(data: bytes) -> str | None:
    """Return the codec named by the byte-order mark at the start of ``data``, if any."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return encoding
    return None


def _decode(data: bytes, declared: str | None = None) -> tuple[str, str]:
    """Decode ``data``: byte-order mark, then ``declared``, then UTF-8, then charset-normalizer."""
    bom_encoding = _bom_encoding(data)
    if bom_encoding is not None:
        try:
            return data.decode(bom_encoding), bom_encoding
        except UnicodeDecodeError as exc:
            raise ReadError(
                "undecodable",
                f"file starts with a {bom_encoding} byte-order mark but is not valid {bom_encoding}; "
                "re-save it as UTF-8",
            ) from exc
    candidates = [declared] if declared else []
    candidates.append("utf-8")
    for encoding in candidates:
        try:
            return data.decode(encoding), encoding
        except (UnicodeDecodeError, LookupError):
            continue
    try:
        match = from_bytes(data).best()
    except Exception as exc:
        raise ReadError(
            "undecodable", f"encoding detection failed ({exc.__class__.__name__}); re-save the file as UTF-8"
        ) from exc
    if match is None:
        raise ReadError("undecodable", "could not detect the text encoding; re-save the file as UTF-8 and re-run")
    return str(match), match.encoding


def _read_plain(data: bytes) -> tuple[str, str]:
    """Decode a .txt/.md file, refusing binary content."""
    if _bom_encoding(data) is None and b"\x00" in data:
        raise ReadError(
            "binary", "file contains NUL bytes, so it is binary, not text; check that the suffix matches the content"
        )
    text, encoding = _decode(data)
    controls = len(_CONTROL_CHARS.findall(text))
    if text and controls / len(text) > MAX_CONTROL_CHAR_RATIO:
        raise ReadError(
            "binary",
            "file is mostly control characters, so it is binary, not text; check that the suffix matches the content",
        )
    return text, encoding


def _read_html(data: bytes) -> tuple[str, str]:
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
    html, encoding = _decode(data, declared)
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
    number = _int(parent.attributes.get("start"), 1)
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


def _read_docx(data: bytes) -> str:
    """Extract the body text of a .docx: paragraphs and tables in order, list numbers generated."""
    try:
        _check_docx_archive(data)
        document = docx.Document(io.BytesIO(data))
        numberer = _ListNumberer(document)
        lines = list(_docx_blocks(document.element.body, document, numberer))
    except ReadError:
        raise
    except Exception as exc:
        raise ReadError(
            "corrupt",
            f"cannot open the .docx ({exc.__class__.__name__}: {_first_line(exc)}); "
            "re-save it from Word or LibreOffice",
        ) from exc
    return "\n".join(lines)


def _check_docx_archive(data: bytes) -> None:
    """Refuse zip bombs and XML entity declarations before python-docx expands anything.

    Sizes come from the zip's central directory; :mod:`zipfile` never inflates a member
    past its declared size, so a member that lies about its size cannot expand further.
    """
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError) as exc:
        raise ReadError(
            "corrupt",
            f"file is not a valid .docx (zip archive is broken: {_first_line(exc)}); "
            "re-save it from Word or LibreOffice",
        ) from exc
    with archive:
        members = archive.infolist()
        if len(members) > MAX_DOCX_MEMBERS:
            raise ReadError(
                "zip_bomb",
                f".docx has {len(members):,} zip members (limit {MAX_DOCX_MEMBERS:,}); "
                "refusing to open a likely zip bomb",
            )
        total = sum(member.file_size for member in members)
        if total > MAX_DOCX_UNCOMPRESSED_BYTES:
            raise ReadError(
                "zip_bomb",
                f".docx would expand to {total:,} bytes (limit {MAX_DOCX_UNCOMPRESSED_BYTES:,}); "
                "refusing to open a likely zip bomb",
            )
        for member in members:
            ratio = member.file_size / max(member.compress_size, 1)
            if member.file_size > LARGE_MEMBER_BYTES and ratio > MAX_COMPRESSION_RATIO:
                raise ReadError(
                    "zip_bomb",
                    f".docx member {member.filename!r} has compression ratio {ratio:.0f}:1 "
                    f"(limit {MAX_COMPRESSION_RATIO}:1); refusing to open a likely zip bomb",
                )
        for member in members:
            if not member.filename.lower().endswith((".xml", ".rels")):
                continue
            try:
                raw = archive.read(member)
            except Exception as exc:
                raise ReadError(
                    "corrupt",
                    f".docx member {member.filename!r} cannot be read ({_first_line(exc)}); "
                    "re-save it from Word or LibreOffice",
                ) from exc
            if _declares_entities(raw):
                raise ReadError(
                    "xml_bomb",
                    f".docx member {member.filename!r} contains DOCTYPE/ENTITY declarations, which Word never writes; "
                    "refusing it, re-save the file from Word or LibreOffice",
                )


def _declares_entities(raw: bytes) -> bool:
    """Tell whether XML bytes contain a DOCTYPE or ENTITY declaration, in any BOM-marked encoding."""
    encoding = _bom_encoding(raw)
    if encoding is not None and encoding != "utf-8-sig":
        raw = raw.decode(encoding, "replace").encode("utf-8")
    return _XML_BOMB_MARKERS.search(raw) is not None


def _docx_blocks(container: etree._Element, document: DocxDocument, numberer: _ListNumberer) -> Iterator[str]:
    """Yield one string per paragraph or table row of ``container``, in document order.

    Paragraph text includes tracked insertions but not deletions (python-docx's
    ``Paragraph.text`` would drop both). Content controls (``w:sdt``) and custom XML
    wrappers are looked through; headers, footers, footnotes and text boxes are not read.
    A table row is its cells joined by " | "; inside a cell, paragraphs and nested tables
    are joined by spaces so the row stays on one line.
    """
    for child in container.iterchildren():
        if child.tag == qn("w:p"):
            text = "".join(run.text for run in _VISIBLE_RUNS(child))
            yield numberer.prefix(child, Paragraph(child, document)) + text
        elif child.tag == qn("w:tbl"):
            for row in child.iterchildren(qn("w:tr")):
                cells = [
                    " ".join(part.strip() for part in _docx_blocks(cell, document, numberer) if part.strip())
                    for cell in _row_cells(row)
                ]
                yield " | ".join(cell.replace("\n", " ") for cell in cells)
        elif child.tag == qn("w:sdt"):
            content = child.find(qn("w:sdtContent"))
            if content is not None:
                yield from _docx_blocks(content, document, numberer)
        elif child.tag == qn("w:customXml"):
            yield from _docx_blocks(child, document, numberer)


def _row_cells(row: etree._Element) -> Iterator[etree._Element]:
    """Yield the ``w:tc`` cells of a table row, looking through content controls."""
    for child in row.iterchildren():
        if child.tag == qn("w:tc"):
            yield child
        elif child.tag == qn("w:sdt"):
            content = child.find(qn("w:sdtContent"))
            if content is not None:
                yield from _row_cells(content)


class _ListNumberer:
    """Generate the list prefix ("1. ", "a) ", "- ") that Word would render for a paragraph.

    python-docx does not render automatic numbering, so this is an approximation:
    numbering comes from the paragraph's ``w:numPr`` or its style's; counters are kept
    per ``numId`` and level in document order (deeper levels restart when a shallower one
    advances); the level's ``numFmt``, ``lvlText`` and ``start`` (or a ``startOverride``)
    are honoured; bullets become "- ". Not modelled: ``lvlRestart``, ``isLgl``, full
    ``lvlOverride`` definitions and counters shared between ``numId``s of one abstract list.
    Without a numbering definition a level renders as "1. ", "2. ", ...
    """

    def __init__(self, document: DocxDocument) -> None:
        self._levels: dict[tuple[str, int], tuple[str, str, int]] = {}
        self._counters: dict[str, dict[int, int]] = {}
        try:
            numbering = document.part.numbering_part.element
        except (KeyError, NotImplementedError):
            return
        abstracts: dict[str, dict[int, tuple[str, str, int]]] = {}
        for abstract in numbering.iterchildren(qn("w:abstractNum")):
            levels: dict[int, tuple[str, str, int]] = {}
            for lvl in abstract.iterchildren(qn("w:lvl")):
                ilvl = _int(lvl.get(qn("w:ilvl")), 0)
                levels[ilvl] = (
                    _child_val(lvl, "w:numFmt") or "decimal",
                    _child_val(lvl, "w:lvlText") or f"%{ilvl + 1}.",
                    _int(_child_val(lvl, "w:start"), 1),
                )
            abstracts[abstract.get(qn("w:abstractNumId"), "")] = levels
        for num in numbering.iterchildren(qn("w:num")):
            num_id = num.get(qn("w:numId"), "")
            levels = dict(abstracts.get(_child_val(num, "w:abstractNumId") or "", {}))
            for override in num.iterchildren(qn("w:lvlOverride")):
                ilvl = _int(override.get(qn("w:ilvl")), 0)
                start = _child_val(override, "w:startOverride")
                if start is not None and ilvl in levels:
                    fmt, text, _ = levels[ilvl]
                    levels[ilvl] = (fmt, text, _int(start, 1))
            for ilvl, level in levels.items():
                self._levels[(num_id, ilvl)] = level

    def prefix(self, p: etree._Element, paragraph: Paragraph) -> str:
        """Return the generated list prefix for paragraph element ``p``, or "" if it is not in a list."""
        reference = _numbering_reference(p, paragraph)
        if reference is None:
            return ""
        num_id, ilvl = reference
        counters = self._counters.setdefault(num_id, {})
        counters[ilvl] = counters[ilvl] + 1 if ilvl in counters else self._level(num_id, ilvl)[2]
        for deeper in [level for level in counters if level > ilvl]:
            del counters[deeper]
        fmt, lvl_text, _ = self._level(num_id, ilvl)
        if fmt == "bullet":
            return "- "
        if fmt == "none":
            return ""

        def render(match: re.Match[str]) -> str:
            level = int(match.group(1)) - 1
            level_fmt, _, start = self._level(num_id, level)
            return _format_number(counters.get(level, start), level_fmt)

        rendered = re.sub(r"%([1-9])", render, lvl_text).strip()
        return f"{rendered} " if rendered else ""

    def _level(self, num_id: str, ilvl: int) -> tuple[str, str, int]:
        """Return (numFmt, lvlText, start) for a list level, defaulting to decimal "N."."""
        return self._levels.get((num_id, ilvl), ("decimal", f"%{ilvl + 1}.", 1))


def _numbering_reference(p: etree._Element, paragraph: Paragraph) -> tuple[str, int] | None:
    """Return (numId, ilvl) from the paragraph's ``w:numPr`` or its style chain, or None."""
    properties = [p.find(qn("w:pPr"))]
    try:
        style = paragraph.style
    except Exception:
        style = None
    seen: set[int] = set()
    while style is not None and id(style.element) not in seen:
        seen.add(id(style.element))
        properties.append(style.element.find(qn("w:pPr")))
        style = style.base_style
    num_id: str | None = None
    ilvl: str | None = None
    for ppr in properties:
        num_pr = ppr.find(qn("w:numPr")) if ppr is not None else None
        if num_pr is None:
            continue
        num_id = num_id if num_id is not None else _child_val(num_pr, "w:numId")
        ilvl = ilvl if ilvl is not None else _child_val(num_pr, "w:ilvl")
    if num_id is None or num_id == "0":
        return None
    return num_id, min(max(_int(ilvl, 0), 0), 8)


def _child_val(element: etree._Element, tag: str) -> str | None:
    """Return the ``w:val`` attribute of ``element``'s first ``tag`` child, if any."""
    child = element.find(qn(tag))
    return None if child is None else child.get(qn("w:val"))


def _int(value: str | None, default: int) -> int:
    """Parse an integer attribute, falling back to ``default``."""
    try:
        return int(value) if value is not None else default
    except ValueError:
        return default


def _format_number(number: int, fmt: str) -> str:
    """Render a list counter in a Word ``numFmt`` (decimal, letters, roman; others as decimal)."""
    if fmt in ("lowerLetter", "upperLetter") and number > 0:
        letter = chr(ord("a") + (number - 1) % 26) * ((number - 1) // 26 + 1)
        return letter.upper() if fmt == "upperLetter" else letter
    if fmt in ("lowerRoman", "upperRoman") and 0 < number < 4000:
        roman = _roman(number)
        return roman.lower() if fmt == "lowerRoman" else roman
    if fmt == "decimalZero":
        return f"{number:02d}"
    return str(number)


def _roman(number: int) -> str:
    """Render 1..3999 as upper-case Roman numerals."""
    numerals = [
        (1000, "M"),
        (900, "CM"),
        (500, "D"),
        (400, "CD"),
        (100, "C"),
        (90, "XC"),
        (50, "L"),
        (40, "XL"),
        (10, "X"),
        (9, "IX"),
        (5, "V"),
        (4, "IV"),
        (1, "I"),
    ]
    out = []
    for value, numeral in numerals:
        count, number = divmod(number, value)
        out.append(numeral * count)
    return "".join(out)


def _read_pdf(data: bytes) -> str:
    """Extract the text of every page of a PDF, pages joined by a blank line."""
    try:
        reader = pypdf.PdfReader(io.BytesIO(data))
        if reader.is_encrypted:
            _decrypt(reader)
        pages = [page.extract_text() or "" for page in reader.pages]
    except ReadError:
        raise
    except Exception as exc:
        raise ReadError(
            "corrupt",
            f"cannot read the PDF ({exc.__class__.__name__}: {_first_line(exc)}); re-export or repair it and re-run",
        ) from exc
    if not pages:
        raise ReadError("empty", "PDF has no pages; check that the right file was exported")
    if not any(page.strip() for page in pages):
        raise ReadError(
            "no_text_layer",
            f"PDF has {len(pages)} page(s) but no extractable text; "
            "scanned PDF? run OCR first (e.g. ocrmypdf) and re-run",
        )
    return "\n\n".join(pages)


def _decrypt(reader: pypdf.PdfReader) -> None:
    """Open an encrypted PDF with the empty user password, or raise ``encrypted``."""
    try:
        result = reader.decrypt("")
    except pypdf.errors.DependencyError as exc:
        raise ReadError(
            "encrypted",
            f"PDF is encrypted and cannot be decrypted here ({_first_line(exc)}); remove the password and re-run",
        ) from exc
    if result == pypdf.PasswordType.NOT_DECRYPTED:
        raise ReadError("encrypted", "PDF is password-protected; remove the password and re-run")


def _first_line(exc: BaseException) -> str:
    """Return the first line of an exception's message, for one-line error messages."""
    lines = str(exc).strip().splitlines()
    return lines[0][:200] if lines else exc.__class__.__name__
