"""Turn a document on disk (or its bytes) into the text that extraction spans index into.

Supported formats are plain text and Markdown, HTML, DOCX and PDF. This module dispatches by
suffix; ``decode`` turns bytes into text (plain text and HTML), and ``docx``, ``html`` and ``pdf``
read their formats, each imported only when a file of its kind is read. Every failure is
reported as :class:`~pipeline.errors.ReadError` with a stable ``code``; exceptions from
third-party libraries never escape. Nothing is written to disk and nothing touches the
network.
"""

from __future__ import annotations

import hashlib
import os
import stat
from dataclasses import dataclass, field
from pathlib import Path

from pipeline.errors import ReadError
from pipeline.readers.decode import decode_plain

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
        # the file is looked at once it is open (fstat), not by its name first: five system calls
        # a document, not eleven; O_NONBLOCK opens a FIFO or a device at once, to be refused
        # below, rather than waiting for a writer
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_NOCTTY)
        try:
            status = os.fstat(fd)
            if not stat.S_ISREG(status.st_mode):
                raise ReadError("unreadable", "path is not a regular file (a directory or device?); pass a document file")
            if status.st_size > max_bytes:
                raise _too_large(status.st_size, max_bytes)
            data = _read_up_to(fd, max_bytes + 1, status.st_size)
        finally:
            os.close(fd)
    except OSError as exc:
        reason = exc.strerror or exc.__class__.__name__
        raise ReadError("unreadable", f"cannot read file ({reason}); check that it exists and is readable") from exc
    if len(data) > max_bytes:
        raise _too_large(len(data), max_bytes)
    return read_bytes(data, suffix)


def _read_up_to(fd: int, limit: int, size: int) -> bytes:
    """The file's bytes to its end, or its first ``limit`` bytes if it has more.

    The first read asks for a byte more than ``size`` (the file's size when it was opened), so it
    sees a file that grew since; a buffer of ``limit`` bytes (``--max-bytes``, 20 MB) is never
    allocated for a file of a few kilobytes.
    """
    chunks: list[bytes] = []
    total, wanted = 0, size + 1
    while total < limit:
        chunk = os.read(fd, min(wanted, limit - total))
        if not chunk:
            break
        chunks.append(chunk)
        total += len(chunk)
        wanted = 1 << 16
    return b"".join(chunks)


def read_bytes(data: bytes, suffix: str) -> SourceText:
    """Read a document from its raw bytes; ``suffix`` (e.g. ``".docx"``) selects the format."""
    fmt = _FORMATS[_check_suffix(suffix)]
    if not data:
        raise ReadError("empty", "file is empty (0 bytes); check that the right file was exported")
    if fmt in ("txt", "md"):
        text, encoding = decode_plain(data)
    elif fmt == "html":
        from pipeline.readers.html import read_html  # each format's libraries load only when needed

        text, encoding = read_html(data)
    elif fmt == "docx":
        from pipeline.readers.docx import read_docx

        text, encoding = read_docx(data), None
    else:
        from pipeline.readers.pdf import read_pdf

        text, encoding = read_pdf(data), None
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
