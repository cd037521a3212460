"""Tests for pipeline.normalise: every public normaliser, with the real tables from rules/."""
from __future__ import annotations

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from pipeline import normalise as nz
from pipeline.normalise import DateValue, TimeValue

# ----------------------------------------------------------------------------- tables


@pytest.fixture(scope="module")
def months(rules):
    return rules.variants("months")


@pytest.fixture(scope="module")
def weekdays(rules):
    return rules.variants("weekdays")


@pytest.fixture(scope="module")
def timezones(rules):
    return rules.variants("timezones")


@pytest.fixture(scope="module")
def open_end(rules):
    return rules.words("open_end")


@pytest.fixture(scope="module")
def region_index(rules):
    return nz.build_region_index(rules.provinces, rules.regencies)


@pytest.fixture(scope="module")
def titles_before(rules):
    return rules.words("titles_before")


@pytest.fixture(scope="module")
def titles_after(rules):
    return rules.words("titles_after")


# ----------------------------------------------------------------------------- dates


@pytest.mark.parametrize("text, expected", [
    ("Senin tanggal 01 Februari 2016", DateValue(1, 2, 2016, "senin")),
    ("Selasa, 12 April 2016", DateValue(12, 4, 2016, "selasa")),
    ("SENIN, 4 MARET 2019", DateValue(4, 3, 2019, "senin")),
    ("Jum’at, 7 Juni 2019", DateValue(7, 6, 2019, "jumat")),
    ("Ahad, 3 Nov 2019", DateValue(3, 11, 2019, "minggu")),
    ("1 Mei 2019", DateValue(1, 5, 2019)),
    ("Senin 14 Maret 2016 pukul 09.00", DateValue(14, 3, 2016, "senin")),
])
def test_parse_date_reads_day_month_year_with_weekday(text, expected, months, weekdays):
    assert nz.parse_date(text, months, weekdays) == expected


@pytest.mark.parametrize("text, expected", [
    ("20 Okt. 2021", DateValue(20, 10, 2021)),
    ("5 Agt 2023", DateValue(5, 8, 2023)),
    ("3 Sept 2021", DateValue(3, 9, 2021)),
    ("9 Jan. 2020", DateValue(9, 1, 2020)),
    ("4 Pebruari 2016", DateValue(4, 2, 2016)),
    ("8 Nopember 2018", DateValue(8, 11, 2018)),
])
def test_parse_date_reads_abbreviated_and_old_spellings_of_months(text, expected, months, weekdays):
    assert nz.parse_date(text, months, weekdays) == expected


@pytest.mark.parametrize("text, start, end", [
    ("17-19 Desember 2022", 17, 19),
    ("17 – 19 Desember 2022", 17, 19),
    ("12 s.d. 14 Maret 2019", 12, 14),
    ("12 sampai dengan 14 Maret 2019", 12, 14),
    ("Rabu, 10 s/d 12 Mei 2021", 10, 12),
    ("tanggal 5 dan 6 Mei 2020", 5, 6),
])
def test_parse_date_reads_ranges(text, start, end, months, weekdays):
    value = nz.parse_date(text, months, weekdays)
    assert (value.day, value.end_day) == (start, end)
    assert value.end_iso() == value.iso()[:-2] + f"{end:02d}"


@pytest.mark.parametrize("text", ["19-17 Desember 2022", "tanggal 5 dan 9 Mei 2020"])
def test_parse_date_keeps_no_end_day_unless_a_forward_range(text, months, weekdays):
    value = nz.parse_date(text, months, weekdays)
    assert value.end_day is None
    assert value.end_iso() is None


@pytest.mark.parametrize("text, expected", [
    ("Senin (14/3)", DateValue(14, 3, None, "senin")),
    ("Kamis (18/7/2019)", DateValue(18, 7, 2019, "kamis")),
    ("(Senin, 04/03/19)", DateValue(4, 3, 2019, "senin")),
    ("Jum'at (7/6)", DateValue(7, 6, None, "jumat")),
    ("21-01-2022", DateValue(21, 1, 2022)),
    ("12/4/2016", DateValue(12, 4, 2016)),
    ("12/4", DateValue(12, 4, None)),
    ("29 Februari", DateValue(29, 2, None)),
])
def test_parse_date_reads_numeric_and_news_style_dates(text, expected, months, weekdays):
    assert nz.parse_date(text, months, weekdays) == expected


@pytest.mark.parametrize("text", [
    "31 Februari 2020",
    "45/13/2020",
    "29/2/2019",
    "Maret 2019",
    "tidak ada tanggal",
    "",
])
def test_parse_date_rejects_impossible_or_missing_dates(text, months, weekdays):
    assert nz.parse_date(text, months, weekdays) is None


def test_parse_date_widens_two_digit_year_after_month_name(months, weekdays):
    assert nz.parse_date("14 Maret 19", months, weekdays) == DateValue(14, 3, 2019)


@pytest.mark.parametrize("value, year, iso", [
    (DateValue(1, 2, 2016), None, "2016-02-01"),
    (DateValue(14, 3, None), 2016, "2016-03-14"),
    (DateValue(14, 3, None), None, None),
    (DateValue(29, 2, None), 2019, None),
    (DateValue(1, 2, 2016), 2020, "2016-02-01"),
])
def test_date_value_iso_uses_its_own_year_first(value, year, iso):
    assert value.iso(year) == iso


@pytest.mark.parametrize("iso, weekday", [
    ("2016-02-01", "Senin"),
    ("2019-06-07", "Jumat"),
    ("2024-02-29", "Kamis"),
    ("2023-12-31", "Minggu"),
    ("2019-03-05", "Selasa"),
])
def test_weekday_of_names_the_indonesian_weekday(iso, weekday):
    assert nz.weekday_of(iso) == weekday


@pytest.mark.parametrize("weekday, agrees", [
    ("senin", True),
    ("Senin", True),
    ("selasa", False),
    (None, None),
    ("", None),
])
def test_weekday_agrees_compares_without_case_and_abstains_without_weekday(weekday, agrees):
    assert nz.weekday_agrees("2016-02-01", weekday) is agrees


@pytest.mark.parametrize("text, candidates, expected", [
    # 14 March is a Monday in 2016, a Saturday in 2015: the weekday picks the year
    ("Senin (14/3)", [2015, 2016, 2017], (2016, "weekday")),
    ("Jumat (7/6)", [2020, 2018, 2019], (2019, "weekday")),
    # no candidate fits the weekday, a neighbouring year does
    ("Senin (14/3)", [2015], (2016, "weekday")),
    # the weekday fits neither a candidate nor a neighbour: the first candidate
    ("Minggu (14/3)", [2016], (2016, "document")),
    # without a weekday, the first candidate in which the date exists
    ("14/3", [2015, 2016], (2015, "document")),
    ("14/3", [2016, 2016, 2015], (2016, "document")),
    ("29/2", [2019, 2020], (2020, "document")),
    ("14/3", [], (None, "none")),
    ("Senin (29/2)", [2019, 2021], (None, "none")),
])
def test_infer_year_prefers_the_year_the_weekday_fits(text, candidates, expected, months, weekdays):
    value = nz.parse_date(text, months, weekdays)
    assert value.year is None
    assert nz.infer_year(value, candidates) == expected


# ----------------------------------------------------------------------------- times


@pytest.mark.parametrize("text, expected", [
    ("pukul 08:30–11:30 WIB", TimeValue("08:30", "11:30", False, "WIB")),
    ("pukul 08.30 s.d. 11.30", TimeValue("08:30", "11:30", False, None)),
    ("09.00 WITA s.d. selesai", TimeValue("09:00", None, True, "WITA")),
    ("08.30 sampai selesai", TimeValue("08:30", None, True, None)),
    ("pukul 8.30 wib", TimeValue("08:30", None, False, "WIB")),
    ("13.00 - 15.30 WIB", TimeValue("13:00", "15:30", False, "WIB")),
    ("Pkl. 09.00 s/d 12.00 WITA", TimeValue("09:00", "12:00", False, "WITA")),
    ("12.30 WIT", TimeValue("12:30", None, False, "WIT")),
])
def test_parse_time_reads_clock_times_ranges_and_zones(text, expected, timezones, open_end):
    assert nz.parse_time(text, timezones, open_end) == expected


@pytest.mark.parametrize("text, start, zone", [
    ("pukul 9 pagi", "09:00", None),
    ("jam 2 siang", "14:00", None),
    ("pukul 4 sore", "16:00", None),
    ("jam 7 malam", "19:00", None),
    ("jam 10 WIB", "10:00", "WIB"),
])
def test_parse_time_reads_hours_with_part_of_day(text, start, zone, timezones, open_end):
    assert nz.parse_time(text, timezones, open_end) == TimeValue(start, None, False, zone)


@pytest.mark.parametrize("text", ["25.00", "pukul 25", "pukul 08.75", "1.500.000", "tanpa waktu", ""])
def test_parse_time_rejects_non_times(text, timezones, open_end):
    assert nz.parse_time(text, timezones, open_end) is None


@pytest.mark.parametrize("date, hhmm, zone, expected", [
    ("2016-02-01", "08:30", "WIB", "2016-02-01T08:30:00+07:00"),
    ("2019-03-04", "09:00", "WITA", "2019-03-04T09:00:00+08:00"),
    ("2024-05-20", "13:15", "WIT", "2024-05-20T13:15:00+09:00"),
    ("2016-02-01", "08:30", None, "2016-02-01T08:30:00"),
    ("2016-02-01", "08:30", "XYZ", "2016-02-01T08:30:00"),
    (None, "08:30", "WIB", None),
    ("2016-02-01", None, "WIB", None),
])
def test_iso_datetime_adds_the_zone_offset(date, hhmm, zone, expected):
    assert nz.iso_datetime(date, hhmm, zone) == expected


_DATEISH = st.sampled_from([
    "Senin", "jum'at", "Ahad", "tanggal", "Februari", "Okt.", "agt", "2016", "19", "01", "31", "45", "0",
    "/", "-", "–", "s.d.", "s/d", "(", ")", ",", ".", ":", "pukul", "jam", "Pkl.", "08.30", "24:00", "99.99",
    "WIB", "wita", "selesai", "siang", "malam", "sampai dengan", "٣", "0000", "99999999999999999999",
])


@settings(max_examples=300, deadline=None)
@given(st.one_of(st.text(), st.lists(st.one_of(_DATEISH, st.text(max_size=3)), max_size=12).map(" ".join)))
def test_parse_date_and_parse_time_never_raise(months, weekdays, timezones, open_end, text):
    date = nz.parse_date(text, months, weekdays)
    time = nz.parse_time(text, timezones, open_end)
    assert date is None or (1 <= date.month <= 12 and 1 <= date.day <= 31)
    assert time is None or (len(time.start) == 5 and time.start[2] == ":")


# ----------------------------------------------------------------------------- regions


@pytest.mark.parametrize("text, name, explicit", [
    ("Kabupaten Lahat", "Kabupaten Lahat", True),
    ("Kab. Lahat", "Kabupaten Lahat", True),
    ("kab pesawaran", "Kabupaten Pesawaran", True),
    ("Pemkab Muba", "Kabupaten Musi Banyuasin", True),
    ("Muba", "Kabupaten Musi Banyuasin", True),
    ("muba", "Kabupaten Musi Banyuasin", True),
    ("Musi Banyuasin", "Kabupaten Musi Banyuasin", False),
    ("Kabupaten Musi-Banyuasin", "Kabupaten Musi Banyuasin", True),
    ("OKU Timur", "Kabupaten Ogan Komering Ulu Timur", True),
    ("OKUT", "Kabupaten Ogan Komering Ulu Timur", True),
    ("Kabupaten Ogan Komering Ulu Timur", "Kabupaten Ogan Komering Ulu Timur", True),
    ("Ogan Komering Ulu", "Kabupaten Ogan Komering Ulu", False),
    ("Sumsel", "Provinsi Sumatera Selatan", True),
    ("Gubernur Sumsel", "Provinsi Sumatera Selatan", True),
    ("Provinsi Sumatera Selatan", "Provinsi Sumatera Selatan", True),
    ("Bupati Lahat", "Kabupaten Lahat", True),
    ("Wakil Bupati Lahat", "Kabupaten Lahat", True),
    ("Walikota Prabumulih", "Kota Prabumulih", True),
    ("Wali Kota Prabumulih", "Kota Prabumulih", True),
    ("Kabupaten Kupang", "Kabupaten Kupang", True),
    ("Kota Kupang", "Kota Kupang", True),
    ("Pemkot Kupang", "Kota Kupang", True),
    # a bare name shared by a kabupaten and its kota, or a province and its capital: the wider one
    ("Kupang", "Kabupaten Kupang", False),
    ("Jambi", "Provinsi Jambi", False),
    ("Kota Jambi", "Kota Jambi", True),
])
def test_find_regions_resolves_names_aliases_and_officials(text, name, explicit, region_index):
    [mention] = nz.find_regions(text, region_index)
    assert (mention.region.name, mention.explicit, mention.across) == (name, explicit, False)
    assert (mention.start, mention.end) == (0, len(text))


def test_find_regions_fills_code_province_and_timezone(region_index):
    lahat, kupang = (m.region for m in nz.find_regions("Kabupaten Lahat dan Kota Kupang", region_index))
    assert lahat == nz.Region("Kabupaten Lahat", "kabupaten", "16.04", "Sumatera Selatan", "16", "WIB")
    assert (kupang.type, kupang.code, kupang.province, kupang.timezone) == ("kota", "53.71", "Nusa Tenggara Timur", "WITA")


def test_find_regions_gives_offsets_in_the_text(region_index):
    text = "Bappeda Kabupaten Lahat dan Kota Prabumulih"
    mentions = nz.find_regions(text, region_index)
    assert [text[m.start:m.end] for m in mentions] == ["Kabupaten Lahat", "Kota Prabumulih"]


@pytest.mark.parametrize("text", [
    "Kota Kayuagung",  # a town in Ogan Komering Ilir, not a kota
    "Kayuagung",
    "lahat",  # bare names count only when Capitalised
    "Lahatan",
    "Kabupaten-Lahat",
])
def test_find_regions_resolves_nothing_for_non_regions(text, region_index):
    assert nz.find_regions(text, region_index) == []


def test_find_regions_marks_se_kabupaten_as_across(region_index):
    [mention] = nz.find_regions("se-Kabupaten Lahat", region_index)
    assert (mention.region.name, mention.across) == ("Kabupaten Lahat", True)


def test_find_regions_marks_se_province_as_across(region_index):
    [mention] = nz.find_regions("se-Sumatera Selatan", region_index)
    assert (mention.region.name, mention.across) == ("Provinsi Sumatera Selatan", True)


@pytest.mark.parametrize("text", ["Sumsel", "sumsel"])
def test_find_regions_treats_province_aliases_like_regency_aliases(text, region_index):
    [mention] = nz.find_regions(text, region_index)
    assert (mention.region.name, mention.explicit) == ("Provinsi Sumatera Selatan", True)


def test_choose_region_title_mention_outweighs_body_mentions(region_index):
    text = "Musrenbang Kabupaten Lahat 2019\nHadir utusan Kota Prabumulih dan Kota Prabumulih."
    mentions = nz.find_regions(text, region_index)
    assert nz.choose_region(mentions, title_end=text.index("\n")).region.name == "Kabupaten Lahat"
    assert nz.choose_region(mentions, title_end=0).region.name == "Kota Prabumulih"


@pytest.mark.parametrize("text, chosen", [
    # explicit (1.0) beats two bare mentions (0.3 each)
    ("Palembang, Palembang dan Kabupaten Lahat", "Kabupaten Lahat"),
    # "se-" mentions count a tenth
    ("se-Kabupaten Lahat, se-Kabupaten Lahat dan Kota Prabumulih", "Kota Prabumulih"),
    # a tie goes to the first mentioned
    ("Kota Prabumulih dan Kabupaten Lahat", "Kota Prabumulih"),
])
def test_choose_region_weighs_explicit_and_across_mentions(text, chosen, region_index):
    assert nz.choose_region(nz.find_regions(text, region_index)).region.name == chosen


def test_choose_region_without_mentions_is_none():
    assert nz.choose_region([]) is None


# ----------------------------------------------------------------------------- people


@pytest.mark.parametrize("text, name, before, after", [
    ("Dr. Ir. H. Muhammad Rizal Fahmi, M.T.", "Muhammad Rizal Fahmi", ["Dr.", "Ir.", "H."], ["M.T."]),
    ("Hj. Nurhasanah, S.Sos., M.Si.", "Nurhasanah", ["Hj."], ["S.Sos.", "M.Si."]),
    ("Ir H Tubagus Sunarseno, M.si", "Tubagus Sunarseno", ["Ir", "H"], ["M.si"]),
    ("Ir H Tubagus Sunarseno M.si", "Tubagus Sunarseno", ["Ir", "H"], ["M.si"]),
    ("Dedi Kurniawan ST, MT", "Dedi Kurniawan", [], ["ST", "MT"]),
    ("Dedi Kurniawan ST MT", "Dedi Kurniawan", [], ["ST", "MT"]),
    ("AKP Riduan Effendi, S.H.", "Riduan Effendi", ["AKP"], ["S.H."]),
    ("Drs. H. Ahmad, SH.,MH", "Ahmad", ["Drs.", "H."], ["SH.", "MH"]),
    ("Prof. Dr. Ir. Sri Wahyuni, M.Sc., Ph.D.", "Sri Wahyuni", ["Prof.", "Dr.", "Ir."], ["M.Sc.", "Ph.D."]),
    ("  Budi   Santoso , S.E. ", "Budi Santoso", [], ["S.E."]),
    ("Budi Santoso", "Budi Santoso", [], []),
    # a mixed-case title without dots glued to the name is taken for part of the name
    ("Andi Se", "Andi Se", [], []),
    # a lone title is not stripped down to nothing
    ("Hj.", "Hj.", [], []),
])
def test_split_person_separates_name_from_titles(text, name, before, after, titles_before, titles_after):
    assert nz.split_person(text, titles_before, titles_after) == {
        "name": name, "titles_before": before, "titles_after": after}


@pytest.mark.parametrize("token, expected", [
    ("S.Sos.", True),
    ("M.si", True),
    ("SH.,MH", True),
    ("ST, MT", True),
    ("S.Sos., M.Si.", True),
    ("Dr.", True),
    ("H.", True),
    ("s.e", True),
    ("Budi", False),
    ("Kepala", False),
    ("Lahat", False),
    ("S.H., Budi", False),
])
def test_is_title_compares_without_dots(token, expected, titles_before, titles_after):
    assert nz.is_title(token, set(titles_before) | set(titles_after)) is expected


def test_is_title_keeps_titles_before_and_after_apart(titles_after):
    assert nz.is_title("M.T.", titles_after)
    assert not nz.is_title("Dr.", titles_after)


@pytest.mark.parametrize("token", ["", " , "])
def test_is_title_rejects_empty_tokens(token, titles_before, titles_after):
    assert nz.is_title(token, set(titles_before) | set(titles_after)) is False


# ----------------------------------------------------------------------------- abbreviations


@pytest.mark.parametrize("text, expected", [
    ("Kasubbid", "Kepala Sub Bidang"),
    ("Kabid", "Kepala Bidang"),
    ("Sekda", "Sekretaris Daerah"),
    ("Kasubbid Program Bappeda Kab. Lahat",
     "Kepala Sub Bidang Program Badan Perencanaan Pembangunan Daerah Kabupaten Lahat"),
    ("RT/RW", "Rukun Tetangga/Rukun Warga"),
    ("rapat", "rapat"),
    ("Camat", "Camat"),
    ("Bappeda-nya", "Bappeda-nya"),
    ("Bappedanya", "Bappedanya"),
    ("OPD-OPD", "OPD-OPD"),
    ("", ""),
])
def test_expand_abbreviations_replaces_whole_words_only(text, expected, rules):
    assert nz.expand_abbreviations(text, rules.abbreviations) == expected


def test_expand_abbreviations_keeps_the_surrounding_words(rules):
    expanded = nz.expand_abbreviations("Kepala Bappeda", rules.abbreviations)
    assert "Badan Perencanaan Pembangunan Daerah" in expanded
    assert expanded.startswith("Kepala ")


def test_expand_abbreviations_leaves_kept_spans_as_written(rules):
    text = "Bappeda Kaur"
    assert nz.expand_abbreviations(text, rules.abbreviations, [(8, 12)]) == \
        "Badan Perencanaan Pembangunan Daerah Kaur"
    assert nz.expand_abbreviations(text, rules.abbreviations).endswith("Kepala Urusan")


@pytest.mark.parametrize("text, expected", [
    # exact spelling always
    ("Bappeda", "Badan Perencanaan Pembangunan Daerah"),
    ("DPRD", "Dewan Perwakilan Rakyat Daerah"),
    ("PD", "Perangkat Daerah"),
    ("RT", "Rukun Tetangga"),
    # all capitals or all lower case, when longer than two letters
    ("BAPPEDA", "Badan Perencanaan Pembangunan Daerah"),
    ("bappeda", "Badan Perencanaan Pembangunan Daerah"),
    ("KASUBBID", "Kepala Sub Bidang"),
    ("dprd", "Dewan Perwakilan Rakyat Daerah"),
    ("bpd", "Badan Permusyawaratan Desa"),
    # two letters only as written; other mixed case left alone
    ("pd", "pd"),
    ("Pd", "Pd"),
    ("rt", "rt"),
    ("Dprd", "Dprd"),
    ("BaPPeda", "BaPPeda"),
])
def test_expand_abbreviations_case_rules(text, expected, rules):
    assert nz.expand_abbreviations(text, rules.abbreviations) == expected


@pytest.mark.parametrize("key", ["TP PKK", "Satpol PP", "Kasatpol PP", "APB Desa", "TPS 3R",
                                 "Ditjen Bina Bangda", "Kemendes PDTT"])
def test_expand_abbreviations_expands_multi_word_keys(key, rules):
    assert nz.expand_abbreviations(key, rules.abbreviations) == rules.abbreviations[key]


@pytest.mark.parametrize("text, expected", [
    ("  a \n\t b  ", "a b"),
    ("a\u00a0b", "a b"),
    ("x\r\ny", "x y"),
    ("Kepala   Bappeda", "Kepala Bappeda"),
    ("", ""),
])
def test_normalise_space_collapses_whitespace(text, expected):
    assert nz.normalise_space(text) == expected


def test_unique_districts_leaves_out_names_borne_twice():
    districts = {"16.06": (("16.06.01", "Sekayu"), ("16.06.02", "Lais")),
                 "33.13": (("33.13.01", "Lais"),)}
    assert nz.unique_districts(districts) == (("16.06.01", "Sekayu"),)
    assert nz.find_district("di Kantor Camat Sekayu", nz.unique_districts(districts))[:2] == ("16.06.01", "Sekayu")


@given(st.text(alphabet=st.sampled_from("aZk9 -.\u0130\u212a\u0131\u00e9\u00c9\u1e9e\u00df\u01c5"), max_size=30))
def test_region_look_up_reads_the_words_of_the_lower_cased_text_as_of_the_text(text):
    """find_regions lower-cases the whole text once, not word by word: the same words, in the same
    places, also where a character lower-cases into ASCII letters ("İ", the Kelvin sign)."""
    from pipeline.normalise import _NAME_WORD, _ascii_lower

    assert [(m.start(), m.end(), m.group()) for m in _NAME_WORD.finditer(_ascii_lower(text))] == \
        [(m.start(), m.end(), m.group().lower()) for m in _NAME_WORD.finditer(text)]


_REGION_PIECES = ["Ogan", "ogan", "Komering", "Ulu", "Ilir", "Selatan", "Timur", "Lahat", "lahat", "Kota", "Musi", "Banyuasin", "OKU",
                  "Oganx", "xogan", "Ogan2", "Muara", "Enim", "Kab.", "se-", "di", " ", " ", "  ", "-", "\n", ".", ",",
                  "\u0130", "\u212a", "\u00e9", "_"]


@settings(max_examples=300, deadline=None)
@given(text=st.lists(st.sampled_from(_REGION_PIECES), max_size=14).map("".join))
@example(text="Kab. Ogan Komering Ulu Timur, Ogan-Komering Ulu\nSelatan dan ogan komering ilir")
@example(text="se-Muara Enim, Ogan Ilir Timur, Ogan  Komering, Musi-Banyuasin")
def test_region_look_up_starts_at_every_first_word_of_a_name_and_only_there(text, region_index):
    """The region look-up begins only at a word that starts some name (one scan of the text for all of
    them): every such word of the text, whole, and no other; a name's words run on over spaces,
    line breaks and hyphens only."""
    from pipeline.normalise import _NAME_WORD, _ascii_lower, _longest_name

    index = region_index
    lowered = _ascii_lower(text)
    words = [(m.start(), m.end(), m.group()) for m in _NAME_WORD.finditer(lowered)]
    found = list(index.starts.finditer(lowered))
    first_words = {n.split()[0] for n in index.names}
    longest = max(len(n.split()) for n in index.names)
    assert [m.span() for m in found] == [(s, e) for s, e, w in words if w in first_words]
    for m in found:
        k = words.index((m.start(), m.end(), m.group()))
        run = [words[k]]
        while len(run) < longest and k + len(run) < len(words) and \
                not lowered[run[-1][1]:words[k + len(run)][0]].strip(" \t\n-"):
            run.append(words[k + len(run)])
        # the longest run of these words that is a name, as a word-by-word reading finds it
        names = [(" ".join(w for _, _, w in run[:n]), run[n - 1][1]) for n in range(len(run), 0, -1)
                 if " ".join(w for _, _, w in run[:n]) in index.names]
        assert _longest_name(lowered, m, index) == (names[0] if names else None)
