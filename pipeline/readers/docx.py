"""Word documents (.docx): paragraphs, list numbers and tables in body order.

The archive is checked before anything is expanded (zip bombs, entity declarations).
Imported only when a .docx file is read.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Iterator

import docx
from docx.document import Document as DocxDocument
from docx.oxml.ns import qn
from docx.text.paragraph import Paragraph
from lxml import etree

from pipeline.errors import ReadError, first_line
from pipeline.readers.decode import bom_encoding, parse_int

MAX_DOCX_UNCOMPRESSED_BYTES = 200 * 1024 * 1024
MAX_DOCX_MEMBERS = 10_000
MAX_COMPRESSION_RATIO = 100
LARGE_MEMBER_BYTES = 10 * 1024 * 1024

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


def read_docx(data: bytes) -> str:
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
            f"cannot open the .docx ({exc.__class__.__name__}: {first_line(exc)}); "
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
            f"file is not a valid .docx (zip archive is broken: {first_line(exc)}); "
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
                    f".docx member {member.filename!r} cannot be read ({first_line(exc)}); "
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
    encoding = bom_encoding(raw)
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
                ilvl = parse_int(lvl.get(qn("w:ilvl")), 0)
                levels[ilvl] = (
                    _child_val(lvl, "w:numFmt") or "decimal",
                    _child_val(lvl, "w:lvlText") or f"%{ilvl + 1}.",
                    parse_int(_child_val(lvl, "w:start"), 1),
                )
            abstracts[abstract.get(qn("w:abstractNumId"), "")] = levels
        for num in numbering.iterchildren(qn("w:num")):
            num_id = num.get(qn("w:numId"), "")
            levels = dict(abstracts.get(_child_val(num, "w:abstractNumId") or "", {}))
            for override in num.iterchildren(qn("w:lvlOverride")):
                ilvl = parse_int(override.get(qn("w:ilvl")), 0)
                start = _child_val(override, "w:startOverride")
                if start is not None and ilvl in levels:
                    fmt, text, _ = levels[ilvl]
                    levels[ilvl] = (fmt, text, parse_int(start, 1))
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
    return num_id, min(max(parse_int(ilvl, 0), 0), 8)


def _child_val(element: etree._Element, tag: str) -> str | None:
    """Return the ``w:val`` attribute of ``element``'s first ``tag`` child, if any."""
    child = element.find(qn(tag))
    return None if child is None else child.get(qn("w:val"))




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
