"""Sanity checks for the region and abbreviation data in rules/."""

import re
from collections import Counter
from pathlib import Path

import pytest
import yaml

RULES = Path(__file__).parent.parent / "rules"


class _UniqueKeyLoader(yaml.SafeLoader):
    """SafeLoader that refuses duplicate mapping keys (plain safe_load keeps the last)."""


def _construct_mapping(loader, node, deep=False):
    keys = [loader.construct_object(k, deep=deep) for k, _ in node.value]
    dups = [k for k, n in Counter(map(str, keys)).items() if n > 1]
    if dups:
        raise yaml.constructor.ConstructorError(None, None, f"duplicate keys: {dups}", node.start_mark)
    return yaml.SafeLoader.construct_mapping(loader, node, deep)


_UniqueKeyLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)


@pytest.fixture(scope="module")
def regions():
    return yaml.safe_load((RULES / "regions.yaml").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def abbreviations():
    return yaml.safe_load((RULES / "abbreviations.yaml").read_text(encoding="utf-8"))["abbreviations"]


@pytest.fixture(scope="module")
def by_code(regions):
    out = {p["code"]: p for p in regions["provinces"]}
    out.update({r["code"]: r for r in regions["regencies"]})
    return out


def test_files_have_no_duplicate_keys():
    for name in ("regions.yaml", "abbreviations.yaml"):
        yaml.load((RULES / name).read_text(encoding="utf-8"), Loader=_UniqueKeyLoader)


def test_counts(regions):
    assert len(regions["provinces"]) == 38
    assert 500 <= len(regions["regencies"]) <= 520


def test_province_codes_and_fields(regions):
    codes = [p["code"] for p in regions["provinces"]]
    assert all(isinstance(c, str) and re.fullmatch(r"\d\d", c) for c in codes), codes
    assert len(set(codes)) == len(codes)
    for p in regions["provinces"]:
        assert isinstance(p["name"], str) and p["name"].strip() == p["name"] and p["name"]
        assert not p["name"].lower().startswith("provinsi")
        assert p["timezone"] in {"WIB", "WITA", "WIT"}
        assert isinstance(p["aliases"], list)


def test_regency_codes_and_fields(regions):
    provinces = {p["code"] for p in regions["provinces"]}
    codes = [r["code"] for r in regions["regencies"]]
    assert all(isinstance(c, str) and re.fullmatch(r"\d\d\.\d\d", c) for c in codes), codes
    assert len(set(codes)) == len(codes)
    for r in regions["regencies"]:
        assert r["type"] in {"kabupaten", "kota"}
        assert isinstance(r["province"], str) and r["province"] in provinces
        assert r["code"].split(".")[0] == r["province"]
        assert isinstance(r["name"], str) and r["name"].strip() == r["name"] and r["name"]
        assert not re.match(r"(?i)(kabupaten|kota|kab\.)\s", r["name"])
        assert isinstance(r["aliases"], list)
        assert all(isinstance(a, str) and a.strip() for a in r["aliases"])


def test_no_shared_name_or_alias_within_province(regions):
    groups = {p["code"]: [("provinsi", p)] for p in regions["provinces"]}
    for r in regions["regencies"]:
        groups[r["province"]].append((r["type"], r))
    for code, members in groups.items():
        names = Counter((t, m["name"].casefold()) for t, m in members)
        assert not [k for k, n in names.items() if n > 1], code
        aliases = Counter(a.casefold() for _, m in members for a in m["aliases"])
        assert not [k for k, n in aliases.items() if n > 1], code
        for _, m in members:
            assert m["name"].casefold() not in {a.casefold() for a in m["aliases"]}, m["code"]


def test_no_alias_shared_across_provinces(regions):
    owners = {}
    for region in regions["provinces"] + regions["regencies"]:
        for alias in region["aliases"]:
            key = alias.casefold()
            assert key not in owners, f"{alias!r} used by {owners[key]} and {region['code']}"
            owners[key] = region["code"]


@pytest.mark.parametrize(
    "code, type_, name, province",
    [
        ("16.04", "kabupaten", "Lahat", "16"),
        ("16.74", "kota", "Prabumulih", "16"),
        ("16.72", "kota", "Pagar Alam", "16"),
        ("73.02", "kabupaten", "Bulukumba", "73"),
        ("63.03", "kabupaten", "Banjar", "63"),
        ("52.03", "kabupaten", "Lombok Timur", "52"),
        ("53.02", "kabupaten", "Timor Tengah Selatan", "53"),
        ("82.03", "kabupaten", "Halmahera Utara", "82"),
        ("16.02", "kabupaten", "Ogan Komering Ilir", "16"),
        ("64.03", "kabupaten", "Berau", "64"),
        ("13.74", "kota", "Padang Panjang", "13"),
        ("61.01", "kabupaten", "Sambas", "61"),
        ("17.03", "kabupaten", "Bengkulu Utara", "17"),
        ("33.15", "kabupaten", "Grobogan", "33"),
        ("32.05", "kabupaten", "Garut", "32"),
        ("18.09", "kabupaten", "Pesawaran", "18"),
        ("53.01", "kabupaten", "Kupang", "53"),
        ("53.71", "kota", "Kupang", "53"),
        ("62.71", "kota", "Palangka Raya", "62"),
    ],
)
def test_regency_spot_checks(by_code, code, type_, name, province):
    r = by_code[code]
    assert (r["type"], r["name"], r["province"]) == (type_, name, province)


@pytest.mark.parametrize(
    "code, name, timezone",
    [
        ("16", "Sumatera Selatan", "WIB"),
        ("62", "Kalimantan Tengah", "WIB"),
        ("95", "Papua Pegunungan", "WIT"),
        ("73", "Sulawesi Selatan", "WITA"),
        ("52", "Nusa Tenggara Barat", "WITA"),
    ],
)
def test_province_spot_checks(by_code, code, name, timezone):
    p = by_code[code]
    assert (p["name"], p["timezone"]) == (name, timezone)


@pytest.mark.parametrize(
    "code, alias",
    [("16.02", "OKI"), ("16", "Sumsel"), ("53.02", "TTS"), ("82.03", "Halut"), ("64.02", "Kukar")],
)
def test_alias_spot_checks(by_code, code, alias):
    assert alias in by_code[code]["aliases"]


def test_abbreviations(abbreviations):
    assert isinstance(abbreviations, dict)
    assert len(abbreviations) >= 180
    for key, value in abbreviations.items():
        assert isinstance(key, str) and key.strip(), key
        assert isinstance(value, str) and value.strip(), (key, value)


@pytest.mark.parametrize(
    "abbr, expansion",
    [
        ("Bappeda", "Badan Perencanaan Pembangunan Daerah"),
        ("SKPD", "Satuan Kerja Perangkat Daerah"),
        ("Kasubbid", "Kepala Sub Bidang"),
        ("e-Monev", "Monitoring dan Evaluasi Elektronik"),
        ("Musrenbang", "Musyawarah Perencanaan Pembangunan"),
    ],
)
def test_abbreviation_spot_checks(abbreviations, abbr, expansion):
    assert abbreviations[abbr] == expansion
