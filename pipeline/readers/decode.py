"""Bytes to text: the one place where notulen decides how a document's bytes are decoded.

Plain text, Markdown and HTML use it; Word's XML parts use the byte-order marks. A byte-order mark wins, then the encoding the
document declares (HTML), then UTF-8, then charset-normalizer's guess.
"""

from __future__ import annotations

import codecs
import re

from pipeline.errors import ReadError

MAX_CONTROL_CHAR_RATIO = 0.1

_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_CONTROL_CHARS = re.compile("[\x00-\x08\x0e-\x1f\x7f-\x9f]")


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
    if b"\x00" in data and bom_encoding(data) is None:
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


def parse_int(value: str | None, default: int) -> int:
    """An integer attribute of markup (an HTML ``start``, a Word numbering level), or ``default``."""
    try:
        return int(value) if value is not None else default
    except ValueError:
        return default
