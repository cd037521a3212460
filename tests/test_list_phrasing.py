"""Issues and programs written as lists in running prose, the way news reports and web pages
write them: "seperti A, B, hingga C", "rekomendasi isu A, B dan C", "selain A, juga B", and the
sentences that look like such lists but are not. Every sentence here is written for this test."""
from __future__ import annotations

import pytest


def issues(doc: dict) -> list[str]:
    return [i["text"] for i in doc["issues"]]


def programs(doc: dict) -> list[str]:
    return [p["text"] for p in doc["programs"]]


# -- issues ------------------------------------------------------------------------------------

def test_challenges_named_in_a_seperti_list_are_issues_and_hingga_joins_the_last(extract):
    text = ("Wakil Bupati mengatakan forum ini menjadi awal untuk menjawab tantangan pembangunan di daerah, "
            "seperti tingginya angka putus sekolah, banjir tahunan, jalan tani yang rusak, hingga stunting.\n")
    assert issues(extract(text)) == ["tingginya angka putus sekolah", "banjir tahunan", "jalan tani yang rusak", "stunting"]


def test_challenges_listed_after_meliputi_are_issues(extract):
    text = "Adapun tantangan utama penanganan stunting antara lain meliputi gizi buruk, sanitasi, dan pola asuh.\n"
    assert issues(extract(text)) == ["gizi buruk", "sanitasi", "pola asuh"]


@pytest.mark.parametrize("sentence", [
    "Tantangan yang dihadapi adalah ketergantungan daerah pada dana transfer, sehingga perlu menggali pendapatan asli daerah.",
    "Tantangan dalam mengembangkan komoditas unggulan seperti kopi, dimana pemasarannya masih lemah.",
])
def test_a_challenge_stated_in_a_sentence_is_not_an_issue(extract, sentence):
    assert issues(extract(sentence + "\n")) == []


def test_a_quoted_list_of_strategic_issues_counts_and_ends_with_the_quotation(extract):
    text = ("“Masih ada beberapa isu strategis yang harus dibenahi, seperti angka kematian ibu, pengangguran terbuka, "
            "akses air minum, serta isu-isu strategis lainnya yang menyangkut otonomi khusus,” kata Sekda.\n")
    assert issues(extract(text)) == ["angka kematian ibu", "pengangguran terbuka", "akses air minum"]


def test_a_quoted_remark_about_one_issue_is_not_a_list(extract):
    text = "“Permasalahan sampah harus kita selesaikan bersama,” kata Camat.\n"
    assert issues(extract(text)) == []


def test_recommended_issues_listed_without_an_intro_word(extract):
    text = ("Ia berharap musrenbang menghasilkan rekomendasi isu pemulihan ekonomi desa, penurunan angka stunting, "
            "perbaikan jalan produksi dan pengelolaan sampah.\n")
    assert issues(extract(text)) == ["isu pemulihan ekonomi desa", "penurunan angka stunting",
                                     "perbaikan jalan produksi", "pengelolaan sampah"]


def test_a_list_after_yang_meliputi_belongs_to_the_narrowed_noun_not_the_issue(extract):
    text = ("Untuk menjawab isu permasalahan kabupaten terutama terhadap cakupan layanan air limbah, yang meliputi "
            "jaringan perpipaan, instalasi pengolahan dan truk tinja, diperlukan dukungan provinsi.\n")
    assert issues(extract(text)) == []


def test_an_item_cut_off_by_the_end_of_the_text_is_left_out(extract):
    text = ("Isu strategis kabupaten berdasarkan hasil diskusi antara lain :\n"
            "1. Masih tingginya angka kemiskinan di wilayah pesisir.\n"
            "2. Belum meratanya jaringan listrik di desa terpencil.\n"
            "3. Berkaitan dengan penyedi")
    assert issues(extract(text)) == ["Masih tingginya angka kemiskinan di wilayah pesisir",
                                     "Belum meratanya jaringan listrik di desa terpencil"]


# -- programs ----------------------------------------------------------------------------------

def test_what_is_priority_names_the_programs(extract):
    text = ("Lurah mengatakan usulan warga setiap tahun ratusan. Yang jadi prioritas hanya sedikit saja yakni "
            "drainase, penerangan jalan umum, posyandu.\n")
    assert programs(extract(text)) == ["drainase", "penerangan jalan umum", "posyandu"]


def test_a_quoted_what_is_priority_counts_and_ends_before_kalau(extract):
    text = ("\"Untuk tahun depan yang menjadi prioritas yaitu jembatan gantung di dusun hulu, kalau di dusun hilir "
            "sudah bagus semua,\" kata Kepala Desa.\n")
    assert programs(extract(text)) == ["jembatan gantung di dusun hulu"]


def test_a_quoted_remark_with_a_program_verb_is_not_a_program(extract):
    text = "\"Kita tidak boleh merencanakan pembangunan pasar secara tambal sulam,\" kata Bupati.\n"
    assert programs(extract(text)) == []


def test_places_the_proposals_came_from_are_not_programs(extract):
    text = ("Musrenbang menyepakati 40 usulan prioritas dari empat desa yakni Desa Sukamaju, Desa Tanjung Harapan, "
            "Desa Lubuk Batu dan Desa Sri Mulya, yang akan dibawa ke tingkat kabupaten.\n")
    assert programs(extract(text)) == []


def test_priority_policy_directions_are_not_programs(extract):
    text = ("Ada beberapa prioritas arah kebijakan provinsi yang berkaitan dengan kabupaten. Diantaranya yaitu "
            "memperkuat tata kelola pemerintahan, pemerataan layanan dasar dan daya saing daerah.\n")
    assert programs(extract(text)) == []


def test_a_counted_agenda_written_as_selain_juga_and_continued_by_lainnya(extract):
    text = ("Kepala Bappeda menjelaskan, empat agenda pembangunan daerah tahun depan selain pemulihan ekonomi, "
            "juga peningkatan mutu pendidikan dan pelatihan kerja\n"
            "Agenda lainnya adalah pengembangan pariwisata bahari dan pengembangan pasar rakyat.\n")
    assert programs(extract(text)) == ["pemulihan ekonomi", "peningkatan mutu pendidikan dan pelatihan kerja",
                                       "pengembangan pariwisata bahari", "pengembangan pasar rakyat"]


def test_selain_itu_opens_no_list(extract):
    text = ("Bupati menyampaikan tiga prioritas pembangunan tahun depan. Selain itu, juga pentingnya menjaga "
            "kebersihan lingkungan.\n")
    assert programs(extract(text)) == []


def test_a_repeated_head_word_after_dan_begins_a_new_item(extract):
    text = ("Program prioritas tahun 2025 antara lain peningkatan jalan desa dan jembatan serta pengembangan pasar "
            "rakyat dan pengembangan wisata alam.\n")
    assert programs(extract(text)) == ["peningkatan jalan desa dan jembatan", "pengembangan pasar rakyat",
                                       "pengembangan wisata alam"]


def test_the_program_a_meeting_is_named_after_stops_before_the_year(extract):
    text = ("Rapat Evaluasi Program Penurunan Stunting Kabupaten Sukamaju Tahun 2023\n"
            "Rapat dipimpin oleh Sekretaris Daerah. Program Penurunan Stunting Kabupaten Sukamaju dibahas per kecamatan.\n")
    assert programs(extract(text)) == ["Program Penurunan Stunting Kabupaten Sukamaju"]


@pytest.mark.parametrize("title", [
    "Sinkronisasi Program Provinsi dan Kabupaten",           # programs in general, no program's name
    "Rapat Kasubag Program Dinas Kesehatan",                 # a post, not a program
    "Koordinasi Usulan Program Prioritas Kecamatan",         # a heading of proposals
])
def test_a_capitalised_program_word_without_a_programs_name(extract, title):
    assert programs(extract(title + "\nRapat dimulai pukul 09.00 WIB.\n")) == []


def test_a_programs_quoted_name_after_terobosan_yang_bernama(extract):
    text = ("Pemerintah provinsi membuat terobosan yang bernama \"Desa Terang Mandiri\" untuk listrik desa. "
            "Melalui satu aksi \"Desa Terang Mandiri\" seluruh pihak diajak bersinergi.\n")
    assert programs(extract(text)) == ["Desa Terang Mandiri"]


def test_a_quoted_theme_is_not_a_program(extract):
    text = "Musrenbang mengusung tema \"Penguatan Ekonomi Desa Menuju Kemandirian\".\n"
    assert programs(extract(text)) == []


def test_priorities_after_perlunya_and_a_last_item_named_usulan(extract):
    doc = extract("Musrenbang Kelurahan Lalolara digelar Senin (6/3/2023). Untuk usulan prioritas, Lurah menjelaskan "
                  "perlunya normalisasi drainase, pengerukan kali mati, peninggian jalan lingkungan dan usulan pompa "
                  "air di RW rawan banjir.")
    assert [p["text"] for p in doc["programs"]] == [
        "normalisasi drainase", "pengerukan kali mati", "peninggian jalan lingkungan",
        "usulan pompa air di RW rawan banjir"]
