"""When and where as news reports and announcements write them (sentences of our own).

Each case is a phrasing class seen in published reports: a weekday counted from the report's
date ("Kamis besok"), a regulation's year that says nothing of the meeting, a time that belongs to
another day, a venue described rather than named, a room and then its building, a place named
right before the date.
"""
from __future__ import annotations

import pytest


def test_a_regulations_year_does_not_complete_a_date_written_without_one(extract):
    doc = extract("Rombongan Komisi II DPRD tiba di kantor DPRD setempat, Kamis (20/6). Kunjungan itu untuk "
                  "mempelajari Perda Nomor 5 Tahun 2018 tentang kota layak anak.")
    assert doc["meeting"]["date"] is None
    assert [w["code"] for w in doc["warnings"]] == ["no_date"]


def test_a_year_the_text_names_still_completes_it(extract):
    doc = extract("Rombongan Komisi II DPRD tiba di kantor DPRD setempat, Kamis (20/6). Kunjungan itu bagian "
                  "dari agenda tahun 2019.")
    assert doc["meeting"]["date"] == "2019-06-20"


def test_a_weekday_counted_from_the_reports_date_is_the_meetings(extract):
    doc = extract("Camat Lainea menyampaikan hal itu saat ditemui wartawan, Rabu (8/3/2023). Musrenbang kecamatan "
                  "akan dilaksanakan pada Kamis besok, bertempat di Aula Kantor Camat Lainea.")
    meeting = doc["meeting"]
    assert (meeting["date"], meeting["weekday"], meeting["weekday_agrees"]) == ("2023-03-09", "Kamis", True)
    assert meeting["date_text"] == {"text": "Kamis besok", "span": [118, 129], "rule": "date_relative_day"}
    assert meeting["venue"]["text"] == "Aula Kantor Camat Lainea"


def test_a_counted_weekday_that_does_not_fall_on_that_day_is_not_taken(extract):
    doc = extract("Camat Lainea menyampaikan hal itu saat ditemui wartawan, Rabu (8/3/2023). Musrenbang kecamatan "
                  "akan dilaksanakan pada Sabtu besok.")
    assert doc["meeting"]["date"] == "2023-03-08"


@pytest.mark.parametrize("text", [
    # the time is the ceremony's, on another day than the meeting's
    "Rapat persiapan panitia digelar Senin (7/8/2023) di Aula Bappeda. Upacara bendera akan dilaksanakan "
    "pada 17 Agustus 2023 pukul 08.00 WIB di lapangan kantor bupati.",
])
def test_a_time_that_is_not_the_meetings_start_is_not_taken(extract, text):
    meeting = extract(text)["meeting"]
    assert (meeting["date"], meeting["time_start"], meeting["timezone"]) == ("2023-08-07", None, None)


WAIT = ("Jam dinding menunjukkan pukul 09.10 WITA, namun rapat belum juga dimulai, Senin (7/8/2023). Peserta "
        "masih menunggu di Aula Bappeda. Sekitar pukul 09.30 WITA, pembawa acara meminta hadirin berdiri.")


@pytest.mark.parametrize("text, start", [
    (WAIT, None),  # a report that tells the wait: no time it narrates is the start, but their zone is the meeting's
    (WAIT + " Rapat akhirnya dimulai pukul 09.45 WITA.", "09:45"),  # unless the text says the meeting started then
])
def test_a_report_that_tells_the_wait_gives_the_start_only_where_it_says_so(extract, text, start):
    meeting = extract(text)["meeting"]
    assert (meeting["date"], meeting["time_start"], meeting["timezone"], meeting["utc_offset"]) == \
        ("2023-08-07", start, "WITA", "+08:00")


@pytest.mark.parametrize("text, venue", [
    ("Bappeda Kabupaten Konawe menggelar forum konsultasi publik di salah satu hotel ternama di Kota Unaaha, "
     "Selasa (14/2/2023).", "salah satu hotel ternama di Kota Unaaha"),
    ("Wakil Bupati membuka Musrenbang, di sebuah restoran di Kelurahan Lalolara, Kecamatan Kambu, Kota Kendari.",
     "sebuah restoran di Kelurahan Lalolara, Kecamatan Kambu, Kota Kendari"),
    ("Bupati membuka Musyawarah Perencanaan Pembangunan Kabupaten, di Grand Sahid Convention, Rabu (8/3/2023).",
     "Grand Sahid Convention"),
    ("Rapat koordinasi bertempat di Ruang Rapat Bungur, Kantor Bupati Kolaka, Senin (6/3/2023).",
     "Ruang Rapat Bungur, Kantor Bupati Kolaka"),
    ("Rapat koordinasi dipimpin Sekda di Griya Persada Kendari, Senin (6/3/2023).", "Griya Persada Kendari"),
    # the address after the name is not part of it
    ("Forum OPD digelar di Convention Hall Nirwana Resort KM 18 Kecamatan Toapaya, Senin (6/3/2023).",
     "Convention Hall Nirwana Resort"),
    # no comma before the weekday: the capitalised name still closes the clause
    ("Wakil Bupati membuka Musrenbang Kecamatan Lainea yang diselenggarakan di Balairung UPTD Lainea Senin (6/3/2023).",
     "Balairung UPTD Lainea"),
    # a masthead's "||" before the dateline does not make the first paragraph a menu
    ("KABARSULTRA || KOLAKA – Musrenbang digelar Senin (6/3/2023), bertempat di Aula Kantor Camat Wundulako.\n\n"
     "Hal itu disampaikan Camat saat ditemui di ruang kerjanya, Senin (6/3/2023).", "Aula Kantor Camat Wundulako"),
])
def test_venues_described_named_before_the_date_or_as_room_and_building(extract, text, venue):
    assert extract(text)["meeting"]["venue"]["text"] == venue


@pytest.mark.parametrize("text", [
    "Bupati membuka Musyawarah Perencanaan Pembangunan Kabupaten, di Kendari, Rabu (8/3/2023).",  # a city
    "Kunjungan itu mendadak, sehingga staf yang ada di kantor menerima rombongan, Kamis (20/6/2019).",  # a common noun
    "Musrenbang kecamatan digelar di Kecamatan Lainea, Senin (6/3/2023).",  # a place of government
    "Musrenbang digelar serentak di Konawe Selatan mulai Senin (6/3/2023).",  # a region, then the sentence goes on
])
def test_a_place_or_a_common_noun_is_no_venue(extract, text):
    assert extract(text)["meeting"]["venue"] is None


def test_the_last_day_of_a_period_is_not_the_meetings_date(extract):
    doc = extract("Musrenbang kecamatan dijadwalkan mulai tanggal 27 Februari sampai 10 Maret 2023. Wakil Bupati "
                  "membuka Musrenbang Kecamatan Lainea yang diselenggarakan di Balairung UPTD Lainea Senin (27/2).")
    assert (doc["meeting"]["date"], doc["meeting"]["weekday_agrees"]) == ("2023-02-27", True)


def test_a_date_typed_with_spaces_around_its_slashes_is_read(extract):
    meeting = extract("Musrenbang kelurahan diadakan di Aula Kantor Lurah Wua-Wua; Jumat (31 /1/2020).")["meeting"]
    assert (meeting["date"], meeting["weekday"], meeting["venue"]["text"]) == ("2020-01-31", "Jumat", "Aula Kantor Lurah Wua-Wua")
