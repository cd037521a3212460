"""Bytes to text: the one place where notulen decides how a document's bytes are decoded.

Plain text, Markdown and HTML use it; Word's XML parts use the byte-order marks. The encodings
are tried in a fixed order, the likeliest first for minutes written in Indonesia:

1. a byte-order mark (UTF-8, UTF-32, UTF-16);
2. the encoding the document declares (an HTML ``<meta charset>``);
3. UTF-8;
4. UTF-16 without a byte-order mark, when every other byte is NUL as in Latin text;
5. Windows-1252 ("ANSI" of Notepad and Word's "Plain Text" on Indonesian Windows; a superset of
   Latin-1's printable characters), when the bytes decode cleanly and read as Latin text;
6. charset-normalizer's guess, for anything else.

Step 5 comes before the guess because a short cp1252 text with "–", "é" or "ë" is often
guessed as cp850, cp852, cp1250 or cp775, which garbles it silently.
"""

from __future__ import annotations

import codecs
import re

from pipeline.errors import ReadError

MAX_CONTROL_CHAR_RATIO = 0.1
MAX_FOREIGN_WORD_RATIO = 0.2  # in Latin text few words are all accents; in Cyrillic or Greek read as cp1252, most

_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_CONTROL_CHARS = re.compile("[\x00-\x08\x0e-\x1f\x7f-\x9f]")
_C0_CONTROLS = re.compile("[\x00-\x08\x0b\x0e-\x1f\x7f]")  # tab, newlines and form feed are text
_WORD = re.compile(r"[^\W\d_]{2,}")
_ASCII_LETTER = re.compile("[A-Za-z]")


def bom_encoding(data: bytes) -> str | None:
    """Return the codec named by the byte-order mark at the start of ``data``, if any."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return encoding
    return None


def decode(data: bytes, declared: str | None = None) -> tuple[str, str]:
    """Decode ``data`` in the module's order; returns the text and the encoding used."""
    encoding = bom_encoding(data)
    if encoding is not None:
        try:
            return data.decode(encoding), encoding
        except UnicodeDecodeError as exc:
            raise ReadError(
                "undecodable",
                f"file starts with a {encoding} byte-order mark but is not valid {encoding}; re-save it as UTF-8",
            ) from exc
    for encoding in ([declared] if declared else []) + ["utf-8"]:
        try:
            return data.decode(encoding), encoding
        except (UnicodeDecodeError, LookupError):
            continue
    for attempt in (_utf16_without_bom, _cp1252):
        found = attempt(data)
        if found is not None:
            return found
    try:
        from charset_normalizer import from_bytes

        match = from_bytes(data).best()
    except Exception as exc:
        raise ReadError(
            "undecodable", f"encoding detection failed ({exc.__class__.__name__}); re-save the file as UTF-8"
        ) from exc
    if match is None:
        raise ReadError("undecodable", "could not detect the text encoding; re-save the file as UTF-8 and re-run")
    return str(match), match.encoding


def decode_plain(data: bytes) -> tuple[str, str]:
    """Decode a .txt/.md file, refusing binary content."""
    if b"\x00" in data and bom_encoding(data) is None and _utf16_without_bom(data) is None:
        raise ReadError(
            "binary", "file contains NUL bytes, so it is binary, not text; check that the suffix matches the content"
        )
    text, encoding = decode(data)
    controls = len(_CONTROL_CHARS.findall(text))
    if text and controls / len(text) > MAX_CONTROL_CHAR_RATIO:
        raise ReadError(
            "binary",
            "file is mostly control characters, so it is binary, not text; check that the suffix matches the content",
        )
    return text, encoding


def _utf16_without_bom(data: bytes) -> tuple[str, str] | None:
    """UTF-16 text without a byte-order mark: Latin text has a NUL as every high byte."""
    if len(data) < 4 or len(data) % 2:
        return None
    pairs = len(data) // 2
    for encoding, high in (("utf-16-le", data[1::2]), ("utf-16-be", data[0::2])):
        low = data[0::2] if encoding == "utf-16-le" else data[1::2]
        if high.count(0) >= 0.6 * pairs and low.count(0) <= 0.05 * pairs:
            try:
                text = data.decode(encoding)
            except UnicodeDecodeError:
                return None
            return (text, encoding) if _looks_like_text(text) else None
    return None


def _cp1252(data: bytes) -> tuple[str, str] | None:
    """Windows-1252, when every byte is defined in it and the text reads as Latin text: no
    control characters, and few words spelt without any ASCII letter (Cyrillic or Greek bytes
    read as cp1252 make words of accented letters only, "Ïðîòîêîë")."""
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError:  # 0x81, 0x8D, 0x8F, 0x90 and 0x9D are undefined
        return None
    if not _looks_like_text(text):
        return None
    words = _WORD.findall(text)
    foreign = sum(1 for word in words if not _ASCII_LETTER.search(word))
    if foreign > MAX_FOREIGN_WORD_RATIO * len(words):
        return None
    return text, "cp1252"


def _looks_like_text(text: str) -> bool:
    """No control characters but tab, newlines and form feed."""
    return _C0_CONTROLS.search(text) is None


def parse_int(value: str | None, default: int) -> int:
    """An integer attribute of markup (an HTML ``start``, a Word numbering level), or ``default``."""
    try:
        return int(value) if value is not None else default
    except ValueError:
        return default
