"""Short minutes written for the tests, shared by the batch and CLI tests."""

LAHAT = """NOTULEN RAPAT KOORDINASI PERENCANAAN PEMBANGUNAN

Rapat dilaksanakan pada hari Senin, 1 Februari 2016 pukul 09.00 WIB di Aula Bappeda Kabupaten Lahat. \
Rapat dibuka oleh Bupati Lahat dan dihadiri oleh Kepala Bappeda Kabupaten Lahat, para Camat dan staf \
Bappeda Kabupaten Lahat.

Permasalahan:
1. masih tingginya persentase penduduk miskin;
2. kondisi jalan kabupaten yang belum mantap.
"""
