"""Extraction behaviours on short minutes written for these tests, and the grounding invariant."""
from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from minutes_texts import ROADSHOW


def _texts(items):
    return [i["text"] for i in items]


def assert_grounded(doc: dict) -> None:
    """Every value with a span is the verbatim slice of the document text it points to."""
    source = doc["text"]

    def walk(value):
        if isinstance(value, dict):
            span = value.get("span")
            if span is not None and "text" in value:
                assert 0 <= span[0] <= span[1] <= len(source)
                assert source[span[0]:span[1]] == value["text"]
            for v in value.values():
                walk(v)
        elif isinstance(value, list):
            for v in value:
                walk(v)

    walk({k: v for k, v in doc.items() if k != "text"})


def test_grounding_every_span_indexes_the_text(extract):
    assert_grounded(extract(ROADSHOW))


def test_roadshow_meeting_fields(extract):
    m = extract(ROADSHOW)["meeting"]
    assert (m["date"], m["weekday"], m["weekday_agrees"]) == ("2019-02-06", "Rabu", True)
    assert (m["time_start"], m["time_end"], m["timezone"], m["utc_offset"]) == ("09:00", "12:00", "WIB", "+07:00")
    assert m["start"] == "2019-02-06T09:00:00+07:00" and m["end"] == "2019-02-06T12:00:00+07:00"
    assert m["venue"]["text"] == "Ruang Rapat Bappeda Kabupaten Muara Enim"
    assert (m["region"]["name"], m["region"]["code"], m["region"]["province"]) == (
        "Kabupaten Muara Enim", "16.03", "Sumatera Selatan")
    assert m["opened_by"]["text"] == "Sekretaris Daerah Kabupaten Muara Enim"
    assert m["plan_year"] == 2020


def test_attendees_split_on_lists_but_not_inside_unit_names(extract):
    attendees = extract(ROADSHOW)["attendees"]
    assert _texts(attendees) == [
        "Para Asisten Sekda Kabupaten Muara Enim",
        "Para Kepala OPD Kabupaten Muara Enim",
        "Kepala Bidang",
        "staf Bappeda Kabupaten Muara Enim",
        "Kepala Bidang Pemerintahan dan Sosial Budaya",
        "Kasubbid Pendidikan dan Kebudayaan",
        "staf Bidang Pemsosbud",
    ]


def test_an_organisation_after_a_comma_is_another_attendee_not_the_persons_name(extract):
    doc = extract("Forum Konsultasi Publik RKPD Kota Cirebon\n\nSenin, 5 Februari 2024 di Aula Bappelitbangda. "
                  "Turut hadir perwakilan Universitas Swadaya Gunung Jati, Persatuan Insinyur Indonesia Cabang Cirebon, "
                  "perwakilan Dinas Perindustrian, Perdagangan, Koperasi dan UKM, serta pengurus Forum Anak Kota Cirebon.\n")
    assert _texts(doc["attendees"]) == [
        "perwakilan Universitas Swadaya Gunung Jati",
        "Persatuan Insinyur Indonesia Cabang Cirebon",
        "perwakilan Dinas Perindustrian, Perdagangan, Koperasi dan UKM",
        "pengurus Forum Anak Kota Cirebon",
    ]


def test_attendees_sides_plural_and_shared_organisation(extract):
    attendees = {a["text"]: a for a in extract(ROADSHOW)["attendees"]}
    assert attendees["Para Kepala OPD Kabupaten Muara Enim"]["plural"] is True
    assert attendees["Kepala Bidang"]["organization"] == "Bappeda Kabupaten Muara Enim"
    assert attendees["Kepala Bidang"]["side"] == "host"
    visiting = attendees["Kasubbid Pendidikan dan Kebudayaan"]
    assert visiting["side"] == "visiting"
    assert visiting["organization"] == "Bappeda Provinsi Sumatera Selatan"
    assert visiting["role_expanded"] == "Kepala Sub Bidang"


def test_issues_numbered_inline_across_a_sentence_end(extract):
    issues = extract(ROADSHOW)["issues"]
    assert [(i["number"], i["marker"], i["text"]) for i in issues] == [
        (1, "(1)", "tingginya angka putus sekolah"),
        (2, "(2)", "rendahnya cakupan air bersih"),
        (3, "(3)", "kerusakan jalan poros desa"),
    ]
    assert issues[0]["heading"]["text"] == "Isu permasalahan pembangunan Kabupaten Muara Enim dalam tahun 2020"


def test_programs_with_activities_after_seperti(extract):
    programs = extract(ROADSHOW)["programs"]
    assert [(p["kind"], p["text"]) for p in programs] == [
        ("priority", "program peningkatan mutu pendidikan"),
        ("priority", "program penyediaan air minum"),
    ]
    assert _texts(programs[1]["activities"]) == ["pembangunan SPAM perdesaan", "perluasan jaringan PDAM"]


def test_challenge_and_commodities(extract):
    doc = extract(ROADSHOW)
    assert _texts(doc["challenges"]) == ["turunnya harga batubara dan karet"]
    assert [c["name"] for c in doc["commodities"]] == ["karet"]


NOTULEN = """NOTULEN RAPAT

Acara           : Rapat Koordinasi Penyusunan Renja Tahun 2024
Hari/Tanggal    : Selasa, 14 Maret 2023
Waktu           : 09.00 WITA s.d. selesai
Tempat          : Aula Bappeda Kabupaten Gowa, Sungguminasa
Pimpinan Rapat  : Sekretaris Bappeda Kabupaten Gowa
Peserta         : 1. Kepala Dinas Kesehatan Kabupaten Gowa
                  2. Kepala Dinas Pekerjaan Umum dan Penataan Ruang Kabupaten Gowa
                  3. Camat se-Kabupaten Gowa

Hasil Pembahasan :
a. Data sasaran belum terintegrasi.
b. Anggaran pemeliharaan jalan masih terbatas.

Tindak Lanjut :
1. Bappeda menghimpun data sasaran paling lambat tanggal 24 Maret 2023.
2. Dinas PUPR menyusun daftar ruas jalan prioritas.

Rapat ditutup pukul 11.45 WITA.
"""


@pytest.mark.parametrize("sentence, end", [
    ("Kegiatan dimulai pukul 09.15 Wita dan berlangsung hingga pukul 13.00 Wita.", "13:00"),
    ("Rapat dimulai jam 9.00 WIT, kemudian diskusi berjalan sampai dengan jam 11.30.", "11:30"),
    # a news ticker above the report: "ditutup ... pukul 06.00" is before the start, not the end
    ("Pasar ditutup sementara, Senin (27/3) pukul 06.00-18.00 Wita.\nKegiatan dimulai pukul 09.00 Wita.", None),
])
def test_the_end_time_is_a_later_time_after_an_until_or_closing_word(extract, sentence, end):
    doc = extract(f"Musrenbang Kecamatan Tilamuta\n\nKamis, 23 Maret 2023 di Aula Kantor Camat. {sentence}\n")
    assert doc["meeting"]["time_end"] == end


def test_a_time_zone_after_an_aside_in_brackets_is_the_meetings(extract):
    doc = extract("catatan rapat forum pd pertanian\n\nkamis 25/2/21, mulai jam 9.40 (molor, nunggu kadis) wib , sls jam 12.55\n")
    assert (doc["meeting"]["time_start"], doc["meeting"]["time_end"], doc["meeting"]["timezone"]) == ("09:40", "12:55", "WIB")


@pytest.mark.parametrize("opening, text, role, name", [
    ("dibuka sama pak camat simeulue timur bpk zulfahmi s.sos, mewakili bupati", "pak camat simeulue timur bpk zulfahmi s.sos",
     "camat simeulue timur", "zulfahmi"),
    ("dibuka sm pak lurah penaraga, trs sambutan dr sekcam", "pak lurah penaraga", "lurah penaraga", None),
])
def test_a_sloppy_opener_after_pak_keeps_the_role_and_the_name_after_bpk(extract, opening, text, role, name):
    opened = extract(f"musrenbang kecamatan\n\nsenin 6/2/23 jam 9 pagi\n{opening}\n")["meeting"]["opened_by"]
    assert (opened["text"], opened["role"], opened["name"]) == (text, role, name)


def test_a_named_closer_attended_but_a_speaker_or_an_unnamed_closer_is_not_listed(extract):
    doc = extract("Forum Konsultasi Publik RPJMD Kabupaten Nabire\n\nRabu (23/4/2025). Kegiatan dibuka Sekretaris Daerah "
                  "Kabupaten Nabire, Dr. Yulianus Waine, S.Sos., M.Si., dan ditutup oleh Kepala Bappeda Nabire, Hj. Nur "
                  "Aisyah Rumbiak, S.E., M.M. Kepala Dinas Kesehatan, dr. Markus Yoku, dalam paparannya menyampaikan "
                  "capaian layanan. Rapat teknis ditutup oleh pimpinan rapat.\n")
    assert [a["name"] for a in doc["attendees"]] == ["Nur Aisyah Rumbiak"]


def test_attendees_past_a_missing_space_a_stand_in_clause_and_a_relative_clause(extract):
    doc = extract("Rapat Koordinasi Perencanaan Kabupaten Sigi\n\nSelasa, 4 Juni 2024 di Aula Bappeda. Sekda didampingi "
                  "Kepala Bappeda Kabupaten Sigi Ir.Budi Santoso.Turut hadir para camat dan lurah. Hadir pula Kepala Dinas "
                  "Sosial, Kepala Dinas Kesehatan atau yang mewakili, serta tamu undangan.\nKepala Bidang Ekonomi Bappeda, "
                  "Andi Rahman, yang hadir pada kesempatan itu mengatakan, data harus dimutakhirkan bersama para operator desa.\n")
    assert _texts(doc["attendees"]) == [
        "Kepala Bappeda Kabupaten Sigi Ir.Budi Santoso",  # "Santoso.Turut": a sentence ends; "Ir.Budi" does not
        "para camat",
        "lurah",
        "Kepala Dinas Sosial",
        "Kepala Dinas Kesehatan atau yang mewakili",  # as written, and the list goes on after it
        "tamu undangan",
        "Kepala Bidang Ekonomi Bappeda, Andi Rahman",  # "X, yang hadir ... mengatakan, ...": X, and no list after
    ]


def test_a_news_report_with_the_name_before_the_post_and_the_date_closing_the_list(extract):
    doc = extract("Musrenbang Kecamatan Sukamaju Dimulai\nSukamaju, Harian Daerah – Musrenbang tingkat kecamatan digelar di "
                  "Balai serbaguna lingkungan kantor Camat Sukamaju. Turut hadir dalam acara itu Kepala Bappeda Ahmad Fauzi, "
                  "pendamping desa, Bhabinkamtipmas dan seluruh Kades se-Kecamatan Sukamaju, Kamis (20/2/2025).\n"
                  "Dedi Supriadi Sekretaris Bappeda Kabupaten Garut secara resmi membuka kegiatan tersebut.\n")
    assert doc["title"]["text"] == "Musrenbang Kecamatan Sukamaju Dimulai"  # the next line is a sentence
    assert doc["meeting"]["venue"]["text"] == "Balai serbaguna lingkungan kantor Camat Sukamaju"
    assert doc["meeting"]["opened_by"]["text"] == "Dedi Supriadi Sekretaris Bappeda Kabupaten Garut"
    assert _texts(doc["attendees"]) == ["Kepala Bappeda Ahmad Fauzi", "pendamping desa", "Bhabinkamtipmas",
                                        "seluruh Kades se-Kecamatan Sukamaju"]


def test_a_participant_written_name_first_then_post_is_one_attendee(extract):
    doc = extract("Notulen Rapat\nSubbagian Program Bappeda Kabupaten Wajo\nTanggal : 3 Mei 2021\nTempat : Ruang Rapat Bappeda\n"
                  "Peserta rapat :\n1. Andi Baso, S.T., Kasubbag Program.\n2. Dra. Sitti Aminah, Kabid Ekonomi.\n"
                  "3. Rahmat, Staf Perencanaan.\n\nHadir pula Bupati, Wakil Bupati, Sekretaris Daerah.\n")
    assert doc["title"]["text"] == "Notulen Rapat\nSubbagian Program Bappeda Kabupaten Wajo"  # the fields are not the title
    assert _texts(doc["attendees"]) == ["Andi Baso, S.T., Kasubbag Program", "Dra. Sitti Aminah, Kabid Ekonomi",
                                        "Rahmat, Staf Perencanaan", "Bupati", "Wakil Bupati", "Sekretaris Daerah"]
    first = doc["attendees"][0]
    assert (first["role"], first["name"], first["titles"]) == ("Kasubbag", "Andi Baso", ["S.T."])


def test_in_running_text_a_capitalised_group_then_a_post_are_two_attendees(extract):
    doc = extract("Musrenbang Desa Sukamaju\n\nSenin, 5 Februari 2024 di Balai Desa. Hadir dalam acara tersebut Karang "
                  "Taruna, Kepala Desa Sukamaju, Linmas, Kader Posyandu.\n")
    assert _texts(doc["attendees"]) == ["Karang Taruna", "Kepala Desa Sukamaju", "Linmas", "Kader Posyandu"]


def test_a_report_that_opens_with_a_sentence_and_names_who_came_along(extract):
    doc = extract("Kamis, 8 Februari 2024 bertempat diruang rapat Bappeda Kabupaten Lahat, Badan Perencanaan Pembangunan "
                  "Daerah menggelar rapat koordinasi penyusunan RKPD Tahun 2025 bersama perangkat daerah.\n\n"
                  "Rapat dibuka oleh Kepala Bappeda Kabupaten Lahat, Ir. Syamsul Bahri, M.M. Turut mendampingi Kepala "
                  "Bidang Ekonomi, Dra. Yanti, M.Si dan Auditor Inspektorat Daerah.\n")
    assert doc["title"] is None  # the first line is the report's first sentence
    assert doc["meeting"]["venue"]["text"] == "ruang rapat Bappeda Kabupaten Lahat"  # "diruang": di + ruang
    assert _texts(doc["attendees"]) == ["Kepala Bidang Ekonomi, Dra. Yanti, M.Si", "Auditor Inspektorat Daerah"]


def test_a_province_closing_an_address_and_times_without_a_date(extract):
    doc = extract("Malang (Kabar Jatim) - Usulan jalan desa mendominasi musyawarah perencanaan pembangunan tingkat "
                  "Kecamatan Dampit, Kabupaten Malang, Jawa Timur, Kamis.\n\nDiskusi yang berlangsung mulai pukul "
                  "09.30 WIB hingga 12.00 WIB itu dibagi dalam tiga kelompok.\n")
    m = doc["meeting"]
    assert m["region"]["name"] == "Kabupaten Malang"  # "Kabupaten Malang, Jawa Timur": the province only says where Malang is
    assert (m["date"], m["time_start"], m["time_end"], m["timezone"]) == (None, "09:30", "12:00", "WIB")


def test_list_words_that_look_like_starters_or_verbs(extract):
    doc = extract("Buka Forum RKPD, Wabup: Serap Aspirasi Warga\nRabu, 21-05-2025 - 10:12 WIB\nForum dibuka Wakil Bupati "
                  "Kampar di Aula Bappeda, Selasa (20/5/2025), dan dihadiri oleh berbagai pihak terkait, termasuk para asisten, "
                  "perwakilan masyarakat dari berbagai unsur, serta perwakilan media massa.\nKepala Bappeda kemudian "
                  "memaparkan rancangan awal.\n")
    assert doc["title"]["text"] == "Buka Forum RKPD, Wabup: Serap Aspirasi Warga"  # not when the page was published
    assert _texts(doc["attendees"]) == ["berbagai pihak terkait", "para asisten",  # "termasuk": a link, not an attendee
                                        "perwakilan masyarakat dari berbagai unsur",  # "unsur" after "berbagai": no new one
                                        "perwakilan media massa"]  # "media" is no verb that ends the list


@pytest.mark.parametrize("sentences", [
    "Kepala Bappeda menjelaskan, ketiga isu tersebut, pertama yaitu rendahnya cakupan air bersih. Kedua tingginya "
    "angka stunting di desa pesisir. Ketiga belum optimalnya pelayanan puskesmas.",
    "Bupati memaparkan, tiga isu tersebut meliputi rendahnya cakupan air bersih, tingginya angka stunting di desa "
    "pesisir, serta belum optimalnya pelayanan puskesmas.",
])
def test_issues_counted_in_words_or_listed_after_isu_tersebut(extract, sentences):
    doc = extract(f"Musrenbang RKPD Kabupaten Buton\n\nKamis, 14 Maret 2024 di Aula Bappeda. {sentences}\n")
    assert [i["text"] for i in doc["issues"]] == ["rendahnya cakupan air bersih", "tingginya angka stunting di desa pesisir",
                                                  "belum optimalnya pelayanan puskesmas"]


def test_a_village_report_with_etc_prioritised_activities_and_a_spaced_date(extract):
    doc = extract("Musrenbang Desa Sukaraja TA. 2025\n\nAcara di buka oleh Kepala Desa Sukaraja Ahmad Yani bertempat di Balai "
                  "Desa Sukaraja, Senin (3/02/ 2025). Peserta terdiri dari BPD, tokoh agama, kader posyandu, dll.\n"
                  "Beberapa kegiatan yang diprioritaskan untuk tahun 2025 adalah rabat beton jalan dusun, sumur bor air "
                  "bersih, pelatihan kader posyandu, dll.\n")
    m = doc["meeting"]
    assert (m["date"], m["opened_by"]["text"]) == ("2025-02-03", "Kepala Desa Sukaraja Ahmad Yani")
    assert _texts(doc["attendees"]) == ["BPD", "tokoh agama", "kader posyandu"]
    assert [p["text"] for p in doc["programs"]] == ["rabat beton jalan dusun", "sumur bor air bersih", "pelatihan kader posyandu"]


def test_a_minister_opens_and_a_counted_list_of_participants(extract):
    doc = extract("Rakor Sinkronisasi Program 2025\n\nRakor berlangsung di Balairung Rudini, 27 Oktober 2025. Kegiatan ini dibuka "
                  "secara resmi oleh Menteri Dalam Negeri, Muhammad Tito Karnavian, dan diikuti oleh 1.104 peserta yang terdiri "
                  "dari Sekretaris Daerah dan Kepala Bappeda dari seluruh provinsi serta kabupaten/kota di Indonesia.\n")
    assert doc["meeting"]["opened_by"]["text"] == "Menteri Dalam Negeri, Muhammad Tito Karnavian"  # "Dalam": part of the title
    assert _texts(doc["attendees"]) == ["Sekretaris Daerah", "Kepala Bappeda dari seluruh provinsi serta kabupaten/kota di Indonesia"]


def test_a_kecamatan_or_street_named_like_a_regency_is_not_the_region(extract):
    doc = extract("Musrenbang Kecamatan Kota Baru\n\nSenin, 5 Februari 2024 di Aula Kantor Camat Kota Baru, Kota Jambi, "
                  "Jl. Palembang No. 5.\n")
    assert doc["meeting"]["region"]["name"] == "Kota Jambi"  # not Kabupaten Kotabaru, nor Kota Palembang
    assert doc["meeting"]["subregion"]["name"] == "Kecamatan Kota Baru"


def test_a_news_pages_title_is_its_headline_not_the_sites_name(extract):
    doc = extract("KABARSIGI.COM\nBerita Sigi dan Sekitarnya\nRabu, 21 Februari 2024\n\nHome | Daerah | Pemerintahan | Opini\n"
                  "TERKINI: Jalan Trans Palu ditutup sementara\n\nMusrenbang Dolo Barat Sepakati Irigasi dan Jalan Tani\n\n"
                  "Penulis: Redaksi | Rabu, 21 Februari 2024\n\nSIGI - Musrenbang Kecamatan Dolo Barat digelar di Aula Kantor "
                  "Camat, Selasa (20/2/2024).\n")
    assert (doc["title"]["text"], doc["title"]["rule"]) == ("Musrenbang Dolo Barat Sepakati Irigasi dan Jalan Tani", "title_headline")


@pytest.mark.parametrize("sentence, attendees", [
    ("Musrenbang yang dihadiri oleh Bupati Lahat dan Sekda Lahat berlangsung lancar.", ["Bupati Lahat", "Sekda Lahat"]),
    ("Forum yang diikuti oleh para camat dan kepala desa itu berjalan lancar.", ["para camat", "kepala desa"]),
    ("Rapat yang dihadiri Kepala Dinas Sosial, Kepala Dinas Kesehatan.", ["Kepala Dinas Sosial", "Kepala Dinas Kesehatan"]),
])
def test_a_list_inside_a_relative_clause_is_read_and_ends_where_the_sentence_goes_on(extract, sentence, attendees):
    doc = extract(f"Musrenbang Kecamatan Lahat\n\nSenin, 5 Februari 2024 di Aula Kantor Camat. {sentence}\n")
    assert _texts(doc["attendees"]) == attendees  # "yang dihadiri oleh" lists; only "yang hadir" names its subject


def test_a_sentence_after_an_indented_list_is_not_its_last_item(extract):
    # lines of about one width, as a PDF's text layer gives: a full line may wrap onto the next
    doc = extract("Musrenbang RKPD Provinsi Sulawesi Barat Tahun 2025 di Ballroom Hotel Maleo Mamuju\n\n"
                  "Musrenbang dilaksanakan pada hari Senin, 1 April 2024 di Ballroom Hotel Maleo.\n"
                  "Kegiatan dibuka oleh Sekretaris Daerah Provinsi Sulawesi Barat atas nama Gubernur.\n"
                  "Peserta yang hadir dalam Musrenbang RKPD Provinsi tahun ini adalah sebagai berikut:\n"
                  "    8. Kepala Dinas Kesehatan Provinsi Sulawesi Barat, dr. Asran Masdy, Sp.PD\n"
                  "    9. Kepala Dinas Pendidikan Provinsi Sulawesi Barat, Drs. Haeruddin Tang\n"
                  "   10. Ketua Kamar Dagang dan Industri Provinsi Sulawesi Barat, H. Syamsul Bahri\n"
                  "   Selain itu hadir pula para kepala perangkat daerah lingkup Pemerintah Provinsi.\n"
                  "Rapat dilanjutkan dengan paparan rancangan awal RKPD oleh Kepala Bappeda Provinsi.\n"
                  "Paparan memuat capaian pembangunan tahun lalu dan arah kebijakan tahun depan kita.\n")
    assert _texts(doc["attendees"]) == [
        "Kepala Dinas Kesehatan Provinsi Sulawesi Barat, dr. Asran Masdy, Sp.PD",
        "Kepala Dinas Pendidikan Provinsi Sulawesi Barat, Drs. Haeruddin Tang",
        "Ketua Kamar Dagang dan Industri Provinsi Sulawesi Barat, H. Syamsul Bahri",
        "para kepala perangkat daerah lingkup Pemerintah Provinsi"]


def test_online_participants_a_moderator_line_and_a_plus_in_quick_notes(extract):
    doc = extract("catatan forum pd pertanian\n\nkamis 25/2/21 jam 9.40 wib\nmoderator: kabid ekonomi bappeda, ibu nurul s.e\n"
                  "hadir:\n- sekdis + kabid2 distan\n- kepala BPP se-kecamatan\n\nHadir pula para camat. Secara daring "
                  "mengikuti para kepala kampung dan pendamping desa dari 11 distrik.\n")
    assert _texts(doc["attendees"]) == ["kabid ekonomi bappeda, ibu nurul s.e",  # the moderator's line: one person
                                        "sekdis", "kabid2 distan", "kepala BPP se-kecamatan", "para camat",
                                        "para kepala kampung", "pendamping desa dari 11 distrik"]


def test_a_chair_field_typed_as_dipimpin_in_quick_notes(extract):
    doc = extract("notulen rakor persiapan musrenbang kec. tinombo\nhr/tgl: jumat 8/3/24\njam: 13.30 - 15.00 wita\n"
                  "tmpt: aula kantor camat tinombo\ndipimpin: sekcam (pak andi)\nyg hadir: kasi pmd, para kades\n")
    assert doc["meeting"]["opened_by"]["text"] == "sekcam (pak andi)"
    assert _texts(doc["attendees"]) == ["kasi pmd", "para kades"]


def test_formal_notulen_fields(extract):
    doc = extract(NOTULEN)
    m = doc["meeting"]
    assert (m["date"], m["time_start"], m["time_end"], m["timezone"]) == ("2023-03-14", "09:00", "11:45", "WITA")
    assert m["venue"]["text"] == "Aula Bappeda Kabupaten Gowa"
    assert m["opened_by"]["text"] == "Sekretaris Bappeda Kabupaten Gowa"
    assert m["region"]["name"] == "Kabupaten Gowa"
    assert _texts(doc["attendees"]) == [
        "Kepala Dinas Kesehatan Kabupaten Gowa",
        "Kepala Dinas Pekerjaan Umum dan Penataan Ruang Kabupaten Gowa",
        "Camat se-Kabupaten Gowa",
    ]
    assert _texts(doc["issues"]) == ["Data sasaran belum terintegrasi", "Anggaran pemeliharaan jalan masih terbatas"]


def test_follow_up_deadline_is_not_the_meeting_date(extract):
    doc = extract(NOTULEN)
    follow = doc["follow_ups"]
    assert [(f["responsible"], f["deadline"]) for f in follow] == [("Bappeda", "2023-03-24"), ("Dinas PUPR", None)]
    assert doc["meeting"]["date"] == "2023-03-14"


@pytest.mark.parametrize("heading", ["Kesimpulan/Tindak Lanjut :", "Kesimpulan dan Tindak Lanjut", "C. Kesimpulan & Rekomendasi"])
def test_follow_up_headings_joined_with_a_slash_or_and(extract, heading):
    text = (f"Pembahasan :\n1. Data sasaran belum terintegrasi.\n\n{heading}\n"
            "a. Bappeda menyusun jadwal forum konsultasi publik.\nb. OPD menyampaikan usulan program.\n")
    doc = extract(text)
    assert _texts(doc["follow_ups"]) == ["Bappeda menyusun jadwal forum konsultasi publik", "OPD menyampaikan usulan program"]
    assert _texts(doc["issues"]) == ["Data sasaran belum terintegrasi"]


@pytest.mark.parametrize(
    ("text", "date", "inferred"),
    [
        ("PALU – Pemerintah Kota Palu menggelar Musrenbang Kecamatan di Aula Kantor Camat, Rabu (23/3). "
         "Musrenbang tahun 2022 ini membahas usulan RKPD 2023.", "2022-03-23", True),
        ("Diposting pada 21 Februari 2023\n\nForum berlangsung pada hari Kamis, 16 Februari 2023 di Aula Balai Kota.",
         "2023-02-16", False),
        ("Undangan Nomor 050/12/2021 tanggal 15 Oktober 2021.\n\nHari/Tanggal : Kamis, 21 Oktober 2021\n",
         "2021-10-21", False),
        ("Rapat digelar di Ruang Rapat Inspektorat, Kamis (18/7/2019).", "2019-07-18", False),
        ("Rapat dilaksanakan (Senin, 04/03/19) di Aula Bappeda.", "2019-03-04", False),
        ("Rapat kerja diselenggarakan tanggal 17-19 Desember 2022 bertempat di Hotel Sasando.", "2022-12-17", False),
    ],
    ids=["news_weekday_paren", "publication_date_ignored", "letter_date_ignored", "paren_full", "two_digit_year", "range"],
)
def test_meeting_date_is_the_event_date(extract, text, date, inferred):
    m = extract(text)["meeting"]
    assert m["date"] == date
    assert m["date_year_inferred"] is inferred


@pytest.mark.parametrize(
    ("text", "date", "date_end"),
    [
        ("Kegiatan berlangsung Selasa-Rabu, 7-8 Mei 2024 di Hotel Claro.", "2024-05-07", "2024-05-08"),
        ("Kegiatan berlangsung hari Selasa s.d. Rabu tanggal 7 s.d. 8 Mei 2024.", "2024-05-07", "2024-05-08"),
        ("Kegiatan berlangsung Selasa dan Rabu, 7 dan 8 Mei 2024.", "2024-05-07", "2024-05-08"),
        ("Rapat dilaksanakan Selasa dan Kamis, 7 dan 9 Mei 2024.", "2024-05-07", None),
    ],
)
def test_a_span_of_days_is_dated_and_weekday_checked_from_its_first_day(extract, text, date, date_end):
    m = extract(text)["meeting"]
    assert (m["date"], m["date_end"], m["weekday"], m["weekday_agrees"]) == (date, date_end, "Selasa", True)
    assert m["date_text"]["text"].startswith("Selasa")  # the grounding holds the weekday that was checked


def test_year_flag_fills_a_missing_year(extract):
    m = extract("Rapat koordinasi digelar di Aula Bappeda, Jumat (7/6).", year=2019)["meeting"]
    assert m["date"] == "2019-06-07" and m["weekday_agrees"] is True


def test_weekday_mismatch_warns(extract):
    doc = extract("Rapat dilaksanakan pada hari Senin, 5 Maret 2024 di Aula Bappeda Kabupaten Bangka.")
    assert doc["meeting"]["weekday_agrees"] is False
    assert [w["code"] for w in doc["warnings"]] == ["weekday_mismatch"]
    assert "2024-03-05 is a Selasa" in doc["warnings"][0]["message"]


def test_no_time_zone_is_invented(extract):
    m = extract("Rapat dilaksanakan pada hari Senin, 4 Maret 2019 pukul 09.00 di Aula Bappeda Kabupaten Sambas.")["meeting"]
    assert m["time_start"] == "09:00" and m["timezone"] is None
    assert m["timezone_of_region"] == "WIB"
    assert m["start"] == "2019-03-04T09:00:00"


def test_online_meeting_venue_is_the_platform(extract):
    m = extract("Forum dilaksanakan pada hari Rabu, 21 Februari 2024 pukul 10.00 WIT secara daring melalui "
                "Zoom Meeting.")["meeting"]
    assert m["venue"]["text"] == "Zoom Meeting" and m["venue"]["online"] is True


@pytest.mark.parametrize(
    ("text", "venue"),
    [
        ("Rapat bertempat di ruang rapat lantai II Kantor Bappeda Provinsi Jambi pada Rabu, 8 Mei 2024.",
         "ruang rapat lantai II Kantor Bappeda Provinsi Jambi"),
        ("Rapat bertempat di ruang rapat Bappeda pada Rabu, 8 Mei 2024.", "ruang rapat Bappeda"),
        ("Rapat digelar di Aula Bappeda rapat dimulai pukul 09.00 WIB, Rabu, 8 Mei 2024.", "Aula Bappeda"),
        ("rapat dilaksanakan di ruang rapat bappeda pada hari rabu 8 mei 2024", "ruang rapat bappeda"),
    ],
)
def test_a_room_written_in_lower_case_runs_on_to_its_building(extract, text, venue):
    assert extract(text)["meeting"]["venue"]["text"] == venue


def test_opener_on_behalf_of_someone(extract):
    m = extract("Rapat dibuka secara resmi oleh Bupati Banjar yang diwakili oleh Sekretaris Daerah Kabupaten "
                "Banjar, Dr. Ir. H. Muhammad Rizal Fahmi, M.T., didampingi oleh Kepala Bappeda.")["meeting"]
    assert m["opened_by"]["text"] == "Sekretaris Daerah Kabupaten Banjar, Dr. Ir. H. Muhammad Rizal Fahmi, M.T."
    assert m["opened_by"]["on_behalf_of"]["text"] == "Bupati Banjar"
    assert m["opened_by"]["name"] == "Muhammad Rizal Fahmi"


def test_person_titles_do_not_split_attendees(extract):
    doc = extract("Tampak hadir Camat Kota Kayuagung Hj. Nurhasanah, S.Sos., M.Si., Kapolsek Kota Kayuagung "
                  "AKP Riduan Effendi, S.H., para lurah, serta tokoh masyarakat.")
    attendees = doc["attendees"]
    assert _texts(attendees) == ["Camat Kota Kayuagung Hj. Nurhasanah, S.Sos., M.Si.",
                                 "Kapolsek Kota Kayuagung AKP Riduan Effendi, S.H.", "para lurah", "tokoh masyarakat"]
    assert attendees[0]["name"] == "Nurhasanah" and attendees[0]["titles"] == ["Hj.", "S.Sos.", "M.Si."]


def test_future_attendance_is_not_attendance(extract):
    doc = extract("Musrenbang kabupaten akan dihadiri oleh Bupati Merauke dan seluruh kepala distrik.")
    assert doc["attendees"] == []


def test_ordinal_issues(extract):
    doc = extract("Kepala Bappeda menjelaskan tiga persoalan mendasar. Pertama, rendahnya harga kopra. "
                  "Kedua, terbatasnya listrik desa. Ketiga, kurangnya guru.")
    assert [(i["marker"], i["text"]) for i in doc["issues"]] == [
        ("Pertama", "rendahnya harga kopra"), ("Kedua", "terbatasnya listrik desa"), ("Ketiga", "kurangnya guru")]


def test_proposal_table_column(extract):
    doc = extract("Peserta menyepakati daftar usulan prioritas sebagai berikut:\n\n"
                  "No   Usulan                              Lokasi            Volume\n"
                  "1    Pembangunan rabat beton jalan       Dusun I           300 m\n"
                  "2    Rehabilitasi saluran irigasi        Blok Sawah        450 m\n")
    assert [(p["kind"], p["text"]) for p in doc["programs"]] == [
        ("proposal", "Pembangunan rabat beton jalan"), ("proposal", "Rehabilitasi saluran irigasi")]


def test_sloppy_lowercase_list_without_commas(extract):
    doc = extract("acara di buka oleh camat dan dihadiri olah kapolsek gedong tataan danramil gedong tataan "
                  "para kepala desa se kecamatan gedong tataan ketua bpd dan tokoh masyarakat\n")
    assert _texts(doc["attendees"]) == ["kapolsek gedong tataan", "danramil gedong tataan",
                                        "para kepala desa se kecamatan gedong tataan", "ketua bpd", "tokoh masyarakat"]
    assert doc["meeting"]["opened_by"]["text"] == "camat"


def test_empty_text_gives_an_empty_record(extract):
    doc = extract("")
    assert doc["meeting"]["date"] is None and doc["attendees"] == [] and doc["title"] is None


minutes_alphabet = st.sampled_from(list("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 .,:;()/-–\n\t")
                                   + ["dihadiri oleh ", "Kepala Bappeda ", " dan ", "Senin, 12 April 2016 ",
                                      "pukul 09.00 WIB ", "bertempat di Aula ", "(1) ", "1. ", "antara lain ",
                                      "Isu strategis ", "program prioritas ", "seperti ", "Kabupaten Lahat ",
                                      "dibuka oleh ", "Hj. ", ", S.Sos., ", "\n\n", "Peserta : ", "• "])


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(minutes_alphabet, max_size=120).map("".join) | st.text(max_size=400))
def test_extraction_never_raises_and_spans_index_the_text(extract, text):
    assert_grounded(extract(text))


def test_hard_wrapped_text_gives_the_same_items(extract):
    """Text from a PDF or typed with hard line breaks wraps mid-sentence; extraction must not care."""
    import textwrap

    wrapped = "\n\n".join(textwrap.fill(p, 78) for p in ROADSHOW.split("\n\n"))
    plain, hard = extract(ROADSHOW), extract(wrapped)
    for field in ("attendees", "issues", "programs"):
        assert [" ".join(i["text"].split()) for i in hard[field]] == [i["text"] for i in plain[field]], field
    for field in ("venue", "opened_by"):
        assert " ".join(hard["meeting"][field]["text"].split()) == plain["meeting"][field]["text"], field


@pytest.mark.parametrize(
    ("mention", "role", "unit", "organization", "name", "titles", "acting", "plural"),
    [
        ("Kepala Bappeda Kabupaten Lahat", "Kepala Bappeda", None, "Bappeda Kabupaten Lahat", None, [], None, False),
        ("Kepala Bidang Sarana dan Prasarana", "Kepala Bidang", "Bidang Sarana dan Prasarana", None, None, [], None, False),
        ("Kasubbid Pengairan dan Keciptakaryaan", "Kasubbid", "Pengairan dan Keciptakaryaan", None, None, [], None, False),
        ("Para Kepala SKPD Kabupaten Lahat", "Kepala SKPD", None, "SKPD Kabupaten Lahat", None, [], None, True),
        ("Pendamping Desa Kecamatan Cibatu", "Pendamping Desa", None, "Desa Kecamatan Cibatu", None, [], None, False),
        ("Perangkat Desa Sukamaju", "Perangkat Desa", None, "Desa Sukamaju", None, [], None, False),
        ("para Kepala Distrik", "Kepala Distrik", None, None, None, [], None, True),
        ("Pendamping Lokal Desa", "Pendamping Lokal Desa", None, None, None, [], None, False),
        ("operator SIPD kecamatan", "operator SIPD kecamatan", None, None, None, [], None, False),
        ("Ir. Sri Wahyuni, M.T. – Kabid Infrastruktur dan Kewilayahan", "Kabid", "Infrastruktur dan Kewilayahan",
         None, "Sri Wahyuni", ["Ir.", "M.T."], None, False),
        ("Budi Santoso, S.E. selaku Kasubbid Ekonomi", "Kasubbid", "Ekonomi", None, "Budi Santoso", ["S.E."], None, False),
        ("Ir. Deswandi Rasyid", None, None, None, "Deswandi Rasyid", ["Ir."], None, False),
        ("Sdr. Kepala Dinas Kesehatan", "Kepala Dinas", None, "Dinas Kesehatan", None, [], None, False),
        ("Bapak Ahmad Yani, S.E.", None, None, None, "Ahmad Yani", ["S.E."], None, False),
        ("Camat Kota Kayuagung Hj. Nurhasanah, S.Sos., M.Si.", "Camat", None, None, "Nurhasanah",
         ["Hj.", "S.Sos.", "M.Si."], None, False),
        ("Kapolsek Kota Kayuagung AKP Riduan Effendi, S.H.", "Kapolsek", None, None, "Riduan Effendi",
         ["AKP", "S.H."], None, False),
        ("Kepala Bappeda OKU Timur Ir H Tubagus Sunarseno, M.si", "Kepala Bappeda", None, "Bappeda OKU Timur",
         "Tubagus Sunarseno", ["Ir", "H", "M.si"], None, False),
        ("Kepala Dinas Perikanan Berau, Dahlan Nur", "Kepala Dinas", None, "Dinas Perikanan Berau", "Dahlan Nur",
         [], None, False),
        ("Plt. Kepala Dinas Kesehatan Kabupaten Gowa", "Kepala Dinas", None, "Dinas Kesehatan Kabupaten Gowa",
         None, [], "Plt.", False),
        ("Sekretaris Daerah Kabupaten Banjar, Dr. Ir. H. Muhammad Rizal Fahmi, M.T.", "Sekretaris Daerah", None,
         None, "Muhammad Rizal Fahmi", ["Dr.", "Ir.", "H.", "M.T."], None, False),
        ("Kabid Infrastruktur Bappeda Muba Dedi Kurniawan ST, MT", "Kabid", "Infrastruktur", "Bappeda Muba",
         "Dedi Kurniawan", ["ST", "MT"], None, False),
    ],
)
def test_attendee_mentions_are_parsed_into_their_parts(extract, mention, role, unit, organization, name, titles,
                                                       acting, plural):
    attendees = extract(f"Rapat dihadiri oleh {mention}.\n")["attendees"]
    assert [a["text"] for a in attendees] == [mention]
    a = attendees[0]
    assert (a["role"], a["unit"], a["organization"], a["name"], a["titles"], a["acting"], a["plural"]) == (
        role, unit, organization, name, titles, acting, plural)


def test_attendee_region_and_expansions(extract):
    a = extract("Rapat dihadiri oleh Kasubbid Perencanaan Bappeda Kab. Lahat.\n")["attendees"][0]
    assert a["role_expanded"] == "Kepala Sub Bidang"
    assert a["organization_expanded"] == "Badan Perencanaan Pembangunan Daerah Kabupaten Lahat"
    assert (a["region"], a["region_code"]) == ("Kabupaten Lahat", "16.04")


def test_a_place_name_that_is_also_an_abbreviation_is_not_expanded(extract):
    # "Kaur" is "Kepala Urusan" in a village office, but in "Setda Kaur" it is Kabupaten Kaur
    a = extract("Rapat dihadiri oleh Asisten III Setda Kaur, Drs. Hasan Basri.\n")["attendees"][0]
    assert a["organization_expanded"] == "Sekretariat Daerah Kaur"
    assert a["region"] == "Kabupaten Kaur"
    b = extract("Rapat dihadiri oleh Kaur Keuangan Desa Lubuk Sepang.\n")["attendees"][0]
    assert b["role_expanded"].startswith("Kepala Urusan")


def test_kecamatan_of_a_kecamatan_level_meeting(extract):
    m = extract("MUSRENBANG KECAMATAN SEKAYU KABUPATEN MUSI BANYUASIN\n\n"
                "Musrenbang digelar di Aula Kantor Camat Sekayu pada 18 Januari 2024.\n")["meeting"]
    assert (m["region"]["name"], m["subregion"]["name"], m["subregion"]["code"]) == (
        "Kabupaten Musi Banyuasin", "Kecamatan Sekayu", "16.06.01")


def test_a_kecamatan_named_nowhere_else_gives_its_kabupaten(extract):
    m = extract("Rapat dilaksanakan di Kantor Camat Sekayu pada Kamis, 18 Januari 2024.\n")["meeting"]
    assert (m["region"]["name"], m["region"]["code"], m["region"]["rule"]) == (
        "Kabupaten Musi Banyuasin", "16.06", "districts_table")
    assert m["subregion"]["name"] == "Kecamatan Sekayu" and m["timezone_of_region"] == "WIB"
    assert m["region"]["text"] == "Camat Sekayu"


def test_a_kecamatan_name_found_in_many_kabupaten_gives_no_region(extract):
    # there is a Kecamatan Wonosari in several kabupaten: which one cannot be told
    m = extract("Rapat dilaksanakan di Kantor Camat Wonosari pada Kamis, 18 Januari 2024.\n")["meeting"]
    assert m["region"] is None and m["subregion"] is None


@pytest.mark.parametrize("heading", ["Undangan yang hadir:", "Pejabat yang hadir :", "UNDANGAN YANG HADIR", "Tamu yg hadir:"])
def test_lists_headed_by_who_attended(extract, heading):
    doc = extract(f"{heading}\n1. Sekretaris Daerah Kabupaten Bantul\n2. Kepala Bappeda Kabupaten Bantul\n\n"
                  "Rapat dibuka pukul 09.15 WIB.\n")
    assert _texts(doc["attendees"]) == ["Sekretaris Daerah Kabupaten Bantul", "Kepala Bappeda Kabupaten Bantul"]


def test_a_post_in_brackets_after_a_name_gives_the_role(extract):
    doc = extract("Peserta:\n1. Drs. H. Ahmad Yani, M.Si (Kepala Bappeda Kabupaten Pati)\n"
                  "2. Hj. Siti Aminah, S.Pd. (Wakil Ketua)\n\nRapat dibuka pukul 09.15 WIB.\n")
    a, b = doc["attendees"]
    assert a["text"] == "Drs. H. Ahmad Yani, M.Si"  # the mention as written; the post is a note on it
    assert (a["role"], a["organization"], a["region"], a["name"], a["titles"]) == (
        "Kepala Bappeda", "Bappeda Kabupaten Pati", "Kabupaten Pati", "Ahmad Yani", ["Drs.", "H.", "M.Si"])
    assert (b["role"], b["name"], b["titles"]) == ("Wakil Ketua", "Siti Aminah", ["Hj.", "S.Pd."])


def test_a_post_that_names_its_own_office_does_not_take_the_next_ones(extract):
    # "kepala desa" are heads of villages, not of the BPD; "Kepala Bidang dan staf Bappeda X" share Bappeda X
    doc = extract("Rapat dihadiri oleh para kepala desa dan ketua BPD se-Kecamatan Tanjung Morawa.\n")
    assert [(a["role"], a["organization"]) for a in doc["attendees"]] == [
        ("kepala desa", None), ("ketua BPD", "BPD se-Kecamatan Tanjung Morawa")]
    doc = extract("Rapat dihadiri oleh Kepala Bidang dan staf Bappeda Kabupaten Lahat.\n")
    assert [a["organization"] for a in doc["attendees"]] == ["Bappeda Kabupaten Lahat"] * 2
