"""Build the spaCy pipeline: ``spacy.blank("id")`` plus the ``minutes_rules`` component."""
from __future__ import annotations

from pathlib import Path

import spacy
from spacy.language import Language

from . import components  # noqa: F401  (registers the factories)


def build_nlp(rules_dir: Path | str) -> Language:
    """A blank Indonesian pipeline whose one component finds the cues in ``rules_dir``."""
    nlp = spacy.blank("id")
    nlp.add_pipe("minutes_rules", config={"rules_dir": str(rules_dir)})
    return nlp
