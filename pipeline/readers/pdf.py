"""PDF files: the text layer of every page (scanned PDFs without one are refused clearly).

Imported only when a .pdf file is read.
"""

from __future__ import annotations

import io
import logging
import warnings

import pypdf

from pipeline.errors import ReadError, first_line

# pypdf logs what it repairs in a damaged file ("incorrect startxref pointer"): those records stay
# in logging (an application that configures it sees them) instead of Python's last-resort
# handler printing them on stderr between notulen's one-line messages
logging.getLogger("pypdf").addHandler(logging.NullHandler())


def read_pdf(data: bytes) -> str:
    """Extract the text of every page of a PDF, pages joined by a blank line."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # pypdf's PdfReadWarning: the same repairs, as warnings
        return _read_pages(data)


def _read_pages(data: bytes) -> str:
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
            f"cannot read the PDF ({exc.__class__.__name__}: {first_line(exc)}); re-export or repair it and re-run",
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
            f"PDF is encrypted and cannot be decrypted here ({first_line(exc)}); remove the password and re-run",
        ) from exc
    if result == pypdf.PasswordType.NOT_DECRYPTED:
        raise ReadError("encrypted", "PDF is password-protected; remove the password and re-run")
