"""Short minutes written for the tests, shared by several test modules."""

LAHAT = """NOTULEN RAPAT KOORDINASI PERENCANAAN PEMBANGUNAN

Rapat dilaksanakan pada hari Senin, 1 Februari 2016 pukul 09.00 WIB di Aula Bappeda Kabupaten Lahat. \
Rapat dibuka oleh Bupati Lahat dan dihadiri oleh Kepala Bappeda Kabupaten Lahat, para Camat dan staf \
Bappeda Kabupaten Lahat.

Permasalahan:
1. masih tingginya persentase penduduk miskin;
2. kondisi jalan kabupaten yang belum mantap.
"""

# a road show in news-like prose: hosts, a visiting delegation, numbered issues inline, programs
ROADSHOW = (
    "ROAD SHOW SINKRONISASI PERENCANAAN PEMBANGUNAN TAHUN 2019 DI KABUPATEN MUARA ENIM\n\n"
    "Road show di Kabupaten Muara Enim dilaksanakan pada hari Rabu tanggal 06 Februari 2019 pukul 09.00–12.00 WIB "
    "di Ruang Rapat Bappeda Kabupaten Muara Enim yang dibuka oleh Sekretaris Daerah Kabupaten Muara Enim, "
    "dan dihadiri oleh Para Asisten Sekda Kabupaten Muara Enim, Para Kepala OPD Kabupaten Muara Enim, "
    "Kepala Bidang dan staf Bappeda Kabupaten Muara Enim. Sedangkan dari Bappeda Provinsi Sumatera Selatan "
    "diwakili oleh Kepala Bidang Pemerintahan dan Sosial Budaya, beserta Kasubbid Pendidikan dan Kebudayaan "
    "dan staf Bidang Pemsosbud.\n\n"
    "Isu permasalahan pembangunan Kabupaten Muara Enim dalam tahun 2020 antara lain; (1) tingginya angka "
    "putus sekolah; (2) rendahnya cakupan air bersih. (3) kerusakan jalan poros desa.\n\n"
    "Tantangan yang dihadapi adalah turunnya harga batubara dan karet.\n\n"
    "Dalam tahun 2020 prioritas program pembangunan untuk Kabupaten Muara Enim antara lain program "
    "peningkatan mutu pendidikan, program penyediaan air minum, seperti pembangunan SPAM perdesaan, "
    "perluasan jaringan PDAM.\n"
)
