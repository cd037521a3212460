"""How published reports write who attended and who opened a meeting: one phrasing of Indonesian
per test, on sentences written for these tests (extracted through the whole pipeline)."""
from __future__ import annotations

import pytest


def attendees(doc: dict) -> list[str]:
    return [a["text"] for a in doc["attendees"]]


def opener(doc: dict) -> str | None:
    return (doc["meeting"]["opened_by"] or {}).get("text")


# -- lists of attendees: where one mention ends and the next begins


@pytest.mark.parametrize("sentence, expected", [
    # a bare category after another is the next attendee, not a person's name
    ("Musrenbang dihadiri oleh Ketua Komisi II, Akademisi, Peneliti, Perbankan, LSM dan Ormas.",
     ["Ketua Komisi II", "Akademisi", "Peneliti", "Perbankan", "LSM", "Ormas"]),
    # a group ("para ...", "unsur ...") is not followed by one person's name
    ("Rapat itu dihadiri oleh para Lurah, Forkopimcam, Kapus dan Kepala Desa.",
     ["para Lurah", "Forkopimcam", "Kapus", "Kepala Desa"]),
    ("Rapat itu diikuti unsur Inspektorat Daerah, Balitbangda, Disnakertrans, dan Biro Hukum Setda.",
     ["unsur Inspektorat Daerah", "Balitbangda", "Disnakertrans", "Biro Hukum Setda"]),
    # an office named with its province is not a person's name
    ("Forum dihadiri Dinas Pariwisata Prov. Jambi, Disdukcapil Prov. Jambi, dan Dinas Sosial Prov. Jambi.",
     ["Dinas Pariwisata Prov. Jambi", "Disdukcapil Prov. Jambi", "Dinas Sosial Prov. Jambi"]),
    # a pair of posts with a slash opens like its first post
    ("Kegiatan dihadiri oleh Wakil Gubernur Jambi, Bupati/Walikota se-Provinsi Jambi, dan Kepala OPD.",
     ["Wakil Gubernur Jambi", "Bupati/Walikota se-Provinsi Jambi", "Kepala OPD"]),
])
def test_a_list_splits_into_its_attendees(extract, sentence, expected):
    assert attendees(extract(sentence)) == expected


def test_a_name_after_a_post_is_given_once(extract):
    # "Kepala X, Nama" is one person; the next capitalised piece is the next person
    doc = extract("Rapat dihadiri oleh Camat Lembah Hijau, Sutrisno Adi, Rahmat Hidayat, dan Kepala Puskesmas.")
    assert attendees(doc) == ["Camat Lembah Hijau, Sutrisno Adi", "Rahmat Hidayat", "Kepala Puskesmas"]


def test_the_names_after_diantaranya_are_attendees_each(extract):
    doc = extract("Hadir dalam kegiatan ini anggota DPRD Dapil III diantaranya Yohanes Tapilaha, Markus Lende, "
                  "Hj. Nurlela Amin.")
    assert attendees(doc) == ["anggota DPRD Dapil III diantaranya Yohanes Tapilaha", "Markus Lende",
                              "Hj. Nurlela Amin"]


def test_termasuk_lists_the_bodies_it_includes(extract):
    doc = extract("Rapat yang dihadiri para kepala dinas dan unsur Forkopimda serta instansi vertikal termasuk "
                  "Balai Wilayah Sungai Nusa Dua dan Balai Pelaksanaan Jalan Nasional.")
    assert attendees(doc)[-1] == "Balai Pelaksanaan Jalan Nasional"
    assert len(attendees(doc)) == 4


def test_dan_between_two_named_people_splits_after_the_titles(extract):
    doc = extract("Rapat dipimpin oleh Kepala Bappeda, kemudian didampingi oleh Dra. Wulan Sari, M.A., Ph.D dan "
                  "Bagus Pratama, S.P., M.T. dari Kementerian PPN.")
    assert attendees(doc)[0] == "Dra. Wulan Sari, M.A., Ph.D"
    assert attendees(doc)[1].startswith("Bagus Pratama, S.P., M.T.")


def test_dan_inside_an_office_name_does_not_split(extract):
    doc = extract("Forum dihadiri Dinas Pemberdayaan Masyarakat dan Desa, serta Dinas Pekerjaan Umum dan "
                  "Penataan Ruang.")
    assert attendees(doc) == ["Dinas Pemberdayaan Masyarakat dan Desa", "Dinas Pekerjaan Umum dan Penataan Ruang"]


@pytest.mark.parametrize("sentence, expected", [
    # the list turns into the sentence's verb after a comma
    ("Dalam sambutannya, Bupati yang didampingi Sekda Kabupaten, Yusuf Lubis, S.E., menegaskan pentingnya "
     "data yang akurat.", ["Sekda Kabupaten, Yusuf Lubis, S.E."]),
    # ... or goes on with a preposition
    ("Forum ini juga didampingi tenaga ahli, dalam menyusun rekomendasi bagi setiap perangkat daerah.",
     ["tenaga ahli"]),
    # the place after the last attendee is not part of them
    ("Rakor itu dihadiri oleh Kepala Kantor Wilayah Kemenag, Yusran Tala pada Aula Cendana.",
     ["Kepala Kantor Wilayah Kemenag, Yusran Tala"]),
    # a description of the one named ends the mention
    ("RAPAT DIHADIRI OLEH KEPALA DINAS SOSIAL MARTHA LEKATOMPESSY YANG JUGA SELAKU KETUA PANITIA.",
     ["KEPALA DINAS SOSIAL MARTHA LEKATOMPESSY"]),
    # the reporter's initials after the last full stop
    ("Turut hadir, Kapolres Sukamara dan Kepala OPD di lingkup pemerintah kabupaten.(RK)",
     ["Kapolres Sukamara", "Kepala OPD di lingkup pemerintah kabupaten"]),
])
def test_a_list_ends_where_the_attendees_end(extract, sentence, expected):
    assert attendees(extract(sentence)) == expected


def test_a_list_runs_past_a_full_stop_between_titles(extract):
    doc = extract("Musrenbang dihadiri oleh Bupati Lembah Hijau Drs. H. Marzuki SH. MSi, Camat Sukamaju "
                  "Drs. Adi Nugroho, dan Tokoh Masyarakat.")
    assert attendees(doc) == ["Bupati Lembah Hijau Drs. H. Marzuki SH. MSi", "Camat Sukamaju Drs. Adi Nugroho",
                              "Tokoh Masyarakat"]


def test_a_list_runs_past_an_office_short_form_with_a_full_stop(extract):
    doc = extract("Kegiatan itu di hadiri para Kepala OPD Lingkup Pemkab. Sumber Makmur, Staf Ahli, Camat dan LSM.")
    assert attendees(doc) == ["para Kepala OPD Lingkup Pemkab. Sumber Makmur", "Staf Ahli", "Camat", "LSM"]


# -- who opened or chaired the meeting


@pytest.mark.parametrize("text, expected", [
    # the opening named as a noun
    ("Diawali pembukaan oleh Kepala Bappeda Provinsi Riau, Dr. Hasanah Putri, M.Si terkait tahapan "
     "penilaian tahun ini.", "Kepala Bappeda Provinsi Riau, Dr. Hasanah Putri, M.Si"),
    # a passive verb of saying before the one who opened it
    ("Hal itu dikatakan Bupati Sumber Makmur, Antonius Rante saat membuka Musrenbang Kabupaten, Senin (3/3).",
     "Bupati Sumber Makmur, Antonius Rante"),
    # came and opened it
    ("Wakil Bupati Sumber Makmur Hj. Ratna Dewi turut menghadiri sekaligus membuka Musrenbang kecamatan.",
     "Wakil Bupati Sumber Makmur Hj. Ratna Dewi"),
    # opened it on someone's behalf: the opener ends before "mewakili"
    ("Sekretaris Daerah H. Rudi Hartono, S.IP mewakili Wali Kota Tanjung Harapan dalam menghadiri dan membuka "
     "Forum Perangkat Daerah.", "Sekretaris Daerah H. Rudi Hartono, S.IP"),
    # chaired it, with the verb after the chair
    ("Bupati Sumber Makmur Yosef Ratu memimpin langsung rapat koordinasi tersebut dan meminta laporan dari "
     "kepala OPD.", "Bupati Sumber Makmur Yosef Ratu"),
    ("Pelaksana Tugas (Plt) Bupati Sumber Makmur, Made Suarta, menghadiri sekaligus memimpin Rapat Koordinasi "
     "Perangkat Daerah.", "Pelaksana Tugas (Plt) Bupati Sumber Makmur, Made Suarta"),
    # a news site's dateline with a bar before the sentence
    ("KABARDESA – Sumber Makmur | Wakil Bupati Sumber Makmur, H. Lalu Ahmad, S.Ip membuka secara resmi "
     "Musrenbang RKPD, Kamis (4/4/2019).", "Wakil Bupati Sumber Makmur, H. Lalu Ahmad, S.Ip"),
])
def test_the_opener_as_news_reports_write_it(extract, text, expected):
    assert opener(extract(text)) == expected


def test_the_one_opened_for_is_on_whose_behalf(extract):
    doc = extract("Sekretaris Daerah H. Rudi Hartono mewakili Wali Kota Tanjung Harapan membuka Forum Perangkat "
                  "Daerah.")
    assert doc["meeting"]["opened_by"]["on_behalf_of"]["text"] == "Wali Kota Tanjung Harapan"


def test_a_part_of_the_meeting_opened_or_chaired_is_not_the_opening(extract):
    doc = extract("Rapat evaluasi dihadiri oleh jajaran perangkat daerah. Awalnya paparan dibuka oleh Kepala "
                  "Bappeda, Ir. Surya Atmaja, M.T mengenai capaian kinerja. Acara ditutup dengan diskusi yang "
                  "dipimpin oleh Asisten II, Dr. Maria Ulfa.")
    assert opener(doc) is None


# -- who attended, said around the verb


def test_one_who_came_to_the_named_event_attended(extract):
    doc = extract("Camat Sukamaju Budi turut hadir dalam acara Musrenbang Kelurahan Sukamaju.\n"
                  "Musrenbang itu dibuka oleh Lurah Sukamaju.")
    assert attendees(doc) == ["Camat Sukamaju Budi"]


def test_the_subject_of_menghadiri_after_two_datelines(extract):
    doc = extract("WARTAKITA.CO.ID – SUKAMAJU – Ketua DPRD Kota Sukamaju, Rahmat, S.Sos menghadiri Musrenbang "
                  "tingkat kecamatan tahun 2023.")
    assert attendees(doc) == ["Ketua DPRD Kota Sukamaju, Rahmat, S.Sos"]


def test_didampingi_inside_a_list_joins_two_attendees(extract):
    doc = extract("Dihadiri oleh Tim Verifikasi dari Kementerian didampingi Tim Pendamping Daerah dan Tim Teknis.")
    assert attendees(doc) == ["Tim Verifikasi dari Kementerian", "Tim Pendamping Daerah", "Tim Teknis"]


def test_pihak_opens_an_attendee(extract):
    doc = extract("Rapat dihadiri oleh Camat, Tokoh Agama, LSM dan pihak dari Perbankan.")
    assert attendees(doc) == ["Camat", "Tokoh Agama", "LSM", "pihak dari Perbankan"]


def test_a_list_labelled_group_by_group(extract):
    doc = extract("Forum ini dihadiri oleh berbagai pihak, di antaranya dari Legislatif: Ketua Komisi II DPRD "
                  "Provinsi, H. Zainal Arifin, S.H. Dari para pakar: Guru Besar Universitas Sriwangi, Dr. Ir. H. "
                  "Ahmad Sobri, MS., sebagai narasumber. Dari peserta: Instansi vertikal, akademisi, BUMN/BUMD, "
                  "hingga perwakilan mahasiswa dan tokoh agama.")
    assert attendees(doc) == ["Ketua Komisi II DPRD Provinsi, H. Zainal Arifin, S.H",
                              "Guru Besar Universitas Sriwangi, Dr. Ir. H. Ahmad Sobri, MS", "Instansi vertikal",
                              "akademisi", "BUMN/BUMD", "perwakilan mahasiswa", "tokoh agama"]


@pytest.mark.parametrize("text, attendees", [
    # "saat itu", "dalam kesempatan tersebut": when they came, not who
    ("Musrenbang dibuka Camat Lainea, Senin (6/3/2023). Turut hadir saat itu sejumlah anggota DPRD Kabupaten "
     "Konawe Selatan, Pimpinan Perangkat Daerah dan Ketua TP-PKK Kecamatan.",
     ["sejumlah anggota DPRD Kabupaten Konawe Selatan", "Pimpinan Perangkat Daerah", "Ketua TP-PKK Kecamatan"]),
    ("Forum dibuka Sekda, Senin (6/3/2023). Hadir pula dalam kesempatan tersebut para Camat dan Kepala OPD.",
     ["para Camat", "Kepala OPD"]),
    # "bersama dengan" joins the last group as "bersama" does
    ("Kegiatan dihadiri oleh Bupati Konawe Selatan, Sekretaris Daerah, dan Ketua TP PKK, bersama dengan berbagai "
     "elemen masyarakat dan lembaga terkait.",
     ["Bupati Konawe Selatan", "Sekretaris Daerah", "Ketua TP PKK", "berbagai elemen masyarakat", "lembaga terkait"]),
])
def test_a_list_after_when_it_happened_or_joined_by_bersama_dengan(extract, text, attendees):
    assert [a["text"] for a in extract(text)["attendees"]] == attendees
