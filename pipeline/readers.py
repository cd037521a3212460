"""Turn a document on disk (or its bytes) into the text that extraction spans index into.

Supported formats are plain text and Markdown, HTML, DOCX and PDF. Every failure is
reported as :class:`~pipeline.errors.ReadError` with a stable ``code``; exceptions from
third-party libraries never escape. Nothing is written to disk and nothing touches the
network.
"""

from __future__ import annotations

import codecs
import hashlib
import re
import stat
from dataclasses import dataclass, field
from pathlib import Path

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

MAX_CONTROL_CHAR_RATIO = 0.1

_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_CONTROL_CHARS = re.compile("[\x00-\x08\x0e-\x1f\x7f-\x9f]")


@dataclass(frozen=True)
class SourceText:
    """The text of one document, ready for extraction.

    ``text`` has newlines normalised to LF, no byte-order mark and no NUL
    characters; it is otherwise the document's text verbatim.
    """

    text: str
    format: str
    encoding: str | None
    sha256: str = field(default="", compare=False)  # of the file's bytes, as read (metadata, not content)


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
        from pipeline.read_html import _read_html  # each format's libraries load only when needed

        text, encoding = _read_html(data)
    elif fmt == "docx":
        from pipeline.read_docx import _read_docx

        text, encoding = _read_docx(data), None
    else:
        from pipeline.read_pdf import _read_pdf

        text, encoding = _read_pdf(data), None
    text = _normalise(text)
    if not text.strip():
        raise ReadError(
            "empty", f"no text found in the {fmt} file (empty or whitespace only); check the file's content"
        )
    return SourceText(text=text, format=fmt, encoding=encoding, sha256=hashlib.sha256(data).hexdigest())


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
        from charset_normalizer import from_bytes

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


def _first_line(exc: BaseException) -> str:
    """Return the first line of an exception's message, for one-line error messages."""
    lines = str(exc).strip().splitlines()
    return lines[0][:200] if lines else exc.__class__.__name__

def _int(value: str | None, default: int) -> int:
    """Parse an integer attribute, falling back to ``default``."""
    try:
        return int(value) if value is not None else default
    except ValueError:
        return default
