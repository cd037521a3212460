"""The small Python API: extract minutes from text or from a file.

    >>> from pipeline import extract_text
    >>> record = extract_text("Rapat dilaksanakan pada hari Senin, 1 Februari 2016 ...")
    >>> record["meeting"]["date"]
"""
from __future__ import annotations

import hashlib
from functools import lru_cache
from pathlib import Path

from .extract import Extractor
from .nlp import build_nlp
from .readers import read_path
from .records import MinutesRecord, Source
from .rules import rules_for
from .rules import RuleSet, default_rules_dir


class Pipeline:
    """One spaCy pipeline and one extractor over one rules folder, reused for every document."""

    def __init__(self, rules_dir: Path | str | None = None):
        self.rules_dir = Path(rules_dir) if rules_dir else default_rules_dir()
        self.rules: RuleSet = rules_for(str(self.rules_dir))
        self.nlp = build_nlp(self.rules_dir)
        self.cue_finder = self.nlp.get_pipe("minutes_rules")
        self.extractor = Extractor(self.rules)

    def record(self, text: str, *, doc_id: str = "document", source: Source | None = None,
               year: int | None = None) -> MinutesRecord:
        """Extract one document's text into a :class:`MinutesRecord`."""
        if source is None:
            source = Source(path="<text>", sha256=hashlib.sha256(text.encode("utf-8")).hexdigest(), format="txt")
        # the tokenizer and the cue finder, as self.nlp(text) runs them, minus the spaCy spans the
        # extractor does not read (it reads the cues' plain copy)
        doc = self.cue_finder.cues(self.nlp.make_doc(text))
        return self.extractor.extract(doc, source, doc_id, year, text=text)

    def record_file(self, path: Path | str, *, doc_id: str | None = None, shown_path: str | None = None,
                    year: int | None = None, max_bytes: int | None = None) -> MinutesRecord:
        """Read a file (txt, md, html, docx, pdf) and extract it; raises ReadError when it cannot be read."""
        path = Path(path)
        kwargs = {"max_bytes": max_bytes} if max_bytes else {}
        src = read_path(path, **kwargs)
        source = Source(path=shown_path or path.name, sha256=src.sha256, format=src.format, encoding=src.encoding)
        return self.record(src.text, doc_id=doc_id or path.stem, source=source, year=year)


@lru_cache(maxsize=4)
def _pipeline(rules_dir: str | None) -> Pipeline:
    return Pipeline(rules_dir)


def extract_text(text: str, *, rules_dir: Path | str | None = None, year: int | None = None) -> dict:
    """Extract minutes from ``text``; returns the same structure as the JSON output."""
    from .writers import record_to_dict

    return record_to_dict(_pipeline(str(rules_dir) if rules_dir else None).record(text, year=year))


def extract_file(path: Path | str, *, rules_dir: Path | str | None = None, year: int | None = None) -> dict:
    """Read and extract one file; returns the same structure as the JSON output."""
    from .writers import record_to_dict

    return record_to_dict(_pipeline(str(rules_dir) if rules_dir else None).record_file(path, year=year))


__all__ = ["Pipeline", "extract_text", "extract_file"]
