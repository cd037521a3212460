"""Places named in a text: provinces and kabupaten/kota of the rules' region table, and kecamatan.

One :class:`Places` per rule set, shared by the field that finds the meeting's region (``where``)
and the grammar of mentions, which needs to know that "Kaur" in "Setda Kaur" is a place.
"""
from __future__ import annotations

import functools

from . import normalise as nz
from .rules import RuleSet


class Places:
    """The region table of one rule set, indexed for look-ups by name."""

    def __init__(self, rules: RuleSet):
        self.districts = rules.districts
        self.index = nz.build_region_index(rules.provinces, rules.regencies)
        # the same short strings (roles, offices, words) come back in every document
        self.regions_in = functools.lru_cache(maxsize=16384)(lambda text: tuple(nz.find_regions(text, self.index)))
        self.by_code = {r.code: r for found in self.index.by_key.values() for r in found}

    @functools.cached_property
    def unique_districts(self) -> tuple[tuple[str, str], ...]:
        """Kecamatan named nowhere else in Indonesia; built on first use (most minutes name their region)."""
        return nz.unique_districts(self.districts)
