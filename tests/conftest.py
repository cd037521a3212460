"""Shared fixtures: one rules folder, one validated rule set and one pipeline per test session."""
from __future__ import annotations

import atexit
import os
import shutil
import tempfile
from pathlib import Path

import pytest

# parsed rule files are cached between runs (pipeline.rules.cache_dir): tests keep theirs apart
# from the user's, and start from an empty one
_CACHE = tempfile.mkdtemp(prefix="notulen-test-cache-")
os.environ["NOTULEN_CACHE_DIR"] = _CACHE
atexit.register(shutil.rmtree, _CACHE, True)

from pipeline.api import Pipeline
from pipeline.rules import RuleSet, default_rules_dir, load_rules

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"


@pytest.fixture(scope="session")
def rules_dir() -> Path:
    return default_rules_dir()


@pytest.fixture(scope="session")
def rules(rules_dir: Path) -> RuleSet:
    return load_rules(rules_dir)


@pytest.fixture(scope="session")
def pipeline(rules_dir: Path) -> Pipeline:
    return Pipeline(rules_dir)


@pytest.fixture(scope="session")
def nlp(pipeline: Pipeline):
    return pipeline.nlp


@pytest.fixture(scope="session")
def extract(pipeline: Pipeline):
    """Extract a text into its JSON structure (a dict), the way users see it."""
    from pipeline.writers import record_to_dict

    def run(text: str, year: int | None = None) -> dict:
        return record_to_dict(pipeline.record(text, year=year))

    return run


@pytest.fixture(scope="session")
def shared() -> Path:
    """The shared folder beside the checkout (seed, gold); tests that need it skip without it."""
    if not (SHARED / "eval" / "gold").is_dir():
        pytest.skip("../shared/eval is not beside this checkout")
    return SHARED
