"""Tests for pipeline.readers: every fixture document is generated inside the test."""

from __future__ import annotations

import io
import os
import random
import subprocess
import sys
import zipfile
from collections.abc import Callable
from pathlib import Path

import docx
import pypdf
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from docx.document import Document as DocxDocument
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import qn
from docx.text.paragraph import Paragraph

from pipeline.readers import docx as read_docx, html as read_html, pdf as read_pdf
from pipeline.errors import ReadError
from pipeline.readers import DEFAULT_MAX_BYTES, SUPPORTED_SUFFIXES, SourceText, read_bytes, read_path

INDONESIAN = "Notulen rapat koordinasi – André’s café di Jl. Merdeka.\nKeputusan: anggaran “disetujui”.\n"
CP1252_TEXT = (
    "Rapat koordinasi perencanaan pembangunan daerah – dihadiri oleh Kepala Bappeda, André "
    "dan ’tim teknis’ dari dinas terkait. Keputusan: anggaran café desa disetujui.\n"
)
NEWS_PAGE = """<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>Rapat Koordinasi</title></head><body>
<header><nav><ul><li><a href="/">Beranda</a></li><li><a href="/berita">Berita</a></li>
<li><a href="/politik">Politik</a></li></ul></nav></header>
<main><article><h1>Rapat Koordinasi Perencanaan Pembangunan</h1>
<p>Rapat koordinasi perencanaan pembangunan daerah digelar di kantor Bappeda pada Senin pagi
dan dihadiri seluruh kepala dinas.</p>
<p>Dalam rapat tersebut disepakati bahwa anggaran perbaikan jalan kabupaten akan diprioritaskan pada tahun depan.</p>
<div class="baca-juga"><strong>Baca Juga</strong><ul><li><a href="/a">Banjir melanda kecamatan</a></li>
<li><a href="/b">Harga beras naik</a></li></ul></div>
<p>Kepala Bappeda meminta setiap dinas menyerahkan usulan program paling lambat akhir bulan ini.</p>
</article></main>
<section id="comments"><form action="/komentar" method="post"><label>Nama</label><input name="nama">
<textarea name="isi">Tulis komentar Anda</textarea><button>Kirim Komentar</button></form></section>
<footer><p>Hak cipta 2024 Berita Daerah</p></footer>
</body></html>"""
ARTICLE_PARAGRAPHS = [
    "Rapat koordinasi perencanaan pembangunan daerah digelar di kantor Bappeda pada Senin pagi "
    "dan dihadiri seluruh kepala dinas.",
    "Dalam rapat tersebut disepakati bahwa anggaran perbaikan jalan kabupaten akan diprioritaskan pada tahun depan.",
    "Kepala Bappeda meminta setiap dinas menyerahkan usulan program paling lambat akhir bulan ini.",
]


def make_pdf(pages: list[list[str]]) -> bytes:
    """Build a minimal valid PDF; each page shows its lines in Helvetica (an empty list is a blank page)."""
    objects: list[bytes] = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
    ]
    kids: list[int] = []
    for lines in pages:
        operators = [b"BT /F1 12 Tf 14 TL 72 720 Td"] if lines else []
        for index, line in enumerate(lines):
            escaped = line.encode("cp1252").replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)")
            operators.append((b"T* " if index else b"") + b"(" + escaped + b") Tj")
        if lines:
            operators.append(b"ET")
        stream = b"\n".join(operators)
        objects.append(b"<< /Length %d >>\nstream\n%s\nendstream" % (len(stream), stream))
        objects.append(
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] "
            b"/Resources << /Font << /F1 3 0 R >> >> /Contents %d 0 R >>" % len(objects)
        )
        kids.append(len(objects))
    objects[1] = b"<< /Type /Pages /Kids [%s] /Count %d >>" % (b" ".join(b"%d 0 R" % kid for kid in kids), len(kids))
    out = bytearray(b"%PDF-1.4\n")
    offsets: list[int] = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


PDF_PAGES = [["Notulen Rapat Koordinasi", "Keputusan: anggaran disetujui – café"], ["Tindak lanjut: Dinas PU"]]
PDF_TEXT = "Notulen Rapat Koordinasi\nKeputusan: anggaran disetujui – café\n\nTindak lanjut: Dinas PU"


def encrypted_pdf(user_password: str, owner_password: str, algorithm: str = "RC4-128") -> bytes:
    """Return the PDF_PAGES document encrypted with the given passwords."""
    writer = pypdf.PdfWriter(clone_from=io.BytesIO(make_pdf(PDF_PAGES)))
    writer.encrypt(user_password=user_password, owner_password=owner_password, algorithm=algorithm)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def set_numbering(paragraph: Paragraph, num_id: int, ilvl: int) -> None:
    """Give a paragraph an explicit w:numPr."""
    num_pr = OxmlElement("w:numPr")
    for tag, value in (("w:ilvl", ilvl), ("w:numId", num_id)):
        child = OxmlElement(tag)
        child.set(qn("w:val"), str(value))
        num_pr.append(child)
    paragraph._p.get_or_add_pPr().append(num_pr)


def docx_bytes(document: DocxDocument) -> bytes:
    """Serialise a python-docx document to bytes."""
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
CUSTOM_NUMBERING = (
    '<w:abstractNum xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" w:abstractNumId="90">'
    '<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%1)"/></w:lvl>'
    '<w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="lowerLetter"/><w:lvlText w:val="%2."/></w:lvl>'
    '<w:lvl w:ilvl="2"><w:start w:val="1"/><w:numFmt w:val="lowerRoman"/><w:lvlText w:val="%1.%3"/></w:lvl>'
    "</w:abstractNum>"
)


def add_custom_numbering(document: DocxDocument) -> int:
    """Add a list definition ("1)", then "a.", then "1.i") to the numbering part; return its numId."""
    numbering = document.part.numbering_part.element
    numbering.insert(0, parse_xml(CUSTOM_NUMBERING))
    numbering.append(
        parse_xml(
            '<w:num xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" w:numId="90">'
            '<w:abstractNumId w:val="90"/></w:num>'
        )
    )
    return 90


def make_docx() -> bytes:
    """Build minutes with a heading, a style-numbered list, a table, a custom nested list and a bullet."""
    document = docx.Document()
    num_id = add_custom_numbering(document)
    document.add_heading("Notulen Rapat Perencanaan", level=1)
    document.add_paragraph("Peserta: Budi, André – Bappeda’s tim teknis")
    for item in ("Pembukaan", "Pembahasan anggaran"):
        document.add_paragraph(item, style="List Number")
    table = document.add_table(rows=2, cols=3)
    for row, values in zip(
        table.rows, (("No", "Tindak lanjut", "PIC"), ("1", "Perbaikan jalan", "Dinas PU")), strict=True
    ):
        for cell, value in zip(row.cells, values, strict=True):
            cell.text = value
    document.add_paragraph("Penutup", style="List Number")
    document.add_paragraph("Keputusan: disetujui.")
    items = (("Anggaran", 0), ("Jalan", 1), ("Jembatan", 1), ("Drainase", 2), ("Jadwal", 0), ("Minggu depan", 1))
    for text, ilvl in items:
        set_numbering(document.add_paragraph(text), num_id=num_id, ilvl=ilvl)
    document.add_paragraph("Catatan akhir", style="List Bullet")
    return docx_bytes(document)


DOCX_TEXT = (
    "Notulen Rapat Perencanaan\n"
    "Peserta: Budi, André – Bappeda’s tim teknis\n"
    "1. Pembukaan\n"
    "2. Pembahasan anggaran\n"
    "No | Tindak lanjut | PIC\n"
    "1 | Perbaikan jalan | Dinas PU\n"
    "3. Penutup\n"
    "Keputusan: disetujui.\n"
    "1) Anggaran\n"
    "a. Jalan\n"
    "b. Jembatan\n"
    "1.i Drainase\n"
    "2) Jadwal\n"
    "a. Minggu depan\n"
    "- Catatan akhir"
)


def rezip(data: bytes, replacements: dict[str, bytes]) -> bytes:
    """Copy a zip archive, replacing the named members' contents."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            target.writestr(info.filename, replacements.get(info.filename, source.read(info)))
    return out.getvalue()


def xml_bomb_docx() -> bytes:
    """Build a .docx whose document.xml declares nested entities (billion laughs)."""
    document = docx.Document()
    document.add_paragraph("&lol9;")
    data = docx_bytes(document)
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        xml = archive.read("word/document.xml")
    declarations = (
        b'<!DOCTYPE lolz [<!ENTITY lol "lol">'
        + b"".join(
            b'<!ENTITY lol%d "%s">'
            % (n, b"".join(b"&lol%s;" % (b"" if n == 1 else str(n - 1).encode()) for _ in range(10)))
            for n in range(1, 10)
        )
        + b"]>"
    )
    head, sep, body = xml.partition(b"?>")
    return rezip(data, {"word/document.xml": head + sep + declarations + body.replace(b"&amp;lol9;", b"&lol9;")})


def zeros_docx(megabytes: int) -> bytes:
    """Build a docx-shaped zip whose document.xml is ``megabytes`` MB of zeros, streamed and deflated."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as archive:
        archive.writestr("[Content_Types].xml", b"<?xml version='1.0'?><Types/>")
        with archive.open("word/document.xml", "w", force_zip64=True) as member:
            chunk = bytes(1024 * 1024)
            for _ in range(megabytes):
                member.write(chunk)
    return out.getvalue()


def plain_zip() -> bytes:
    """Build a valid zip archive that is not a .docx."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("catatan.txt", "bukan dokumen Word")
    return out.getvalue()


def random_bytes(size: int, low: int = 0, seed: int = 7) -> bytes:
    """Return deterministic pseudo-random bytes in [low, 255]."""
    rng = random.Random(seed)
    return bytes(rng.randrange(low, 256) for _ in range(size))


def read_code(call: Callable[[], SourceText]) -> ReadError:
    """Run a read and return the ReadError it raises, checking the message is one line."""
    with pytest.raises(ReadError) as info:
        call()
    assert info.value.message and "\n" not in info.value.message
    return info.value


def test_public_constants() -> None:
    assert SUPPORTED_SUFFIXES == {".txt", ".md", ".html", ".htm", ".docx", ".pdf"}
    assert DEFAULT_MAX_BYTES == 20 * 1024 * 1024


@pytest.mark.parametrize(
    ("name", "data", "expected_text", "expected_encodings"),
    [
        ("utf8.txt", INDONESIAN.encode("utf-8"), INDONESIAN, {"utf-8"}),
        ("utf8-bom.txt", INDONESIAN.encode("utf-8-sig"), INDONESIAN, {"utf-8-sig"}),
        ("utf16-le.txt", INDONESIAN.encode("utf-16"), INDONESIAN, {"utf-16"}),
        ("utf16-be.txt", b"\xfe\xff" + INDONESIAN.encode("utf-16-be"), INDONESIAN, {"utf-16"}),
        ("cp1252.txt", CP1252_TEXT.encode("cp1252"), CP1252_TEXT, {"cp1252"}),
        ("utf16-le-nobom.txt", INDONESIAN.encode("utf-16-le"), INDONESIAN, {"utf-16-le"}),
        ("utf16-be-nobom.txt", INDONESIAN.encode("utf-16-be"), INDONESIAN, {"utf-16-be"}),
        ("crlf.md", b"# Notulen\r\nbaris dua\rbaris tiga\r\n", "# Notulen\nbaris dua\nbaris tiga\n", {"utf-8"}),
        ("nul16.txt", "rapat\x00 selesai".encode("utf-16"), "rapat selesai", {"utf-16"}),
        ("trailing.txt", b"  rapat  \n\n", "  rapat  \n\n", {"utf-8"}),
    ],
)
def test_text_files(tmp_path: Path, name: str, data: bytes, expected_text: str, expected_encodings: set[str]) -> None:
    path = tmp_path / name
    path.write_bytes(data)
    source = read_path(path)
    assert source.text == expected_text
    assert source.encoding in expected_encodings
    assert source.format == path.suffix[1:]


# Indonesian-ish words, some with the characters Windows-1252 adds to ASCII ("–", "é", "’", ...):
# text as Notepad's "ANSI" or Word's "Plain Text" saves it on an Indonesian Windows
_WORDS = ["rapat", "koordinasi", "Bappeda", "dihadiri", "oleh", "Kepala", "Dinas", "Kabupaten", "Lahat",
          "anggaran", "disetujui", "pukul", "09.00", "WIB", "tahun", "2024", "André", "café", "Zoë", "naïf",
          "Rp5.000", "(1)", "dkk.", "Jl.", "Noël", "señor", "Müller", "façade", "élite", "ÉTUDE"]
_MARKS = ["–", "—", "’", "‘", "“", "”", "…", "•", "€", "°", "½", "±", "×", "«", "»", "§", "©", ",", ".", ":", ";", "\n"]
_cp1252_texts = st.lists(st.one_of(st.sampled_from(_WORDS), st.sampled_from(_MARKS)), min_size=1, max_size=80).map(
    lambda parts: " ".join(parts) + " " + "é")


@settings(max_examples=150, deadline=None)
@given(_cp1252_texts)
def test_cp1252_text_is_read_as_cp1252_not_garbled(text: str) -> None:
    """Windows-encoded minutes are never guessed as cp850, cp852, cp1250 or cp775."""
    source = read_bytes(text.encode("cp1252"), ".txt")
    assert (source.text, source.encoding) == (text, "cp1252")


@settings(max_examples=50, deadline=None)
@given(_cp1252_texts)
def test_latin1_saved_html_is_read_as_cp1252(text: str) -> None:
    page = f"<html><body><article><p>{text}</p></article></body></html>".encode("cp1252")
    assert " ".join(text.split()) in " ".join(read_bytes(page, ".html").text.split())


def test_text_in_another_legacy_encoding_is_still_guessed() -> None:
    """cp1252 is preferred only when the bytes read as Latin text: Cyrillic is not forced into it."""
    russian = "Протокол совещания по планированию развития региона. Присутствовали все руководители.\n" * 3
    source = read_bytes(russian.encode("cp1251"), ".txt")
    assert source.encoding != "cp1252"


def test_suffix_is_case_insensitive() -> None:
    assert read_bytes(b"rapat", ".TXT") == SourceText(text="rapat", format="txt", encoding="utf-8")


def test_docx_keeps_order_tables_and_list_numbers(tmp_path: Path) -> None:
    path = tmp_path / "notulen.docx"
    path.write_bytes(make_docx())
    source = read_path(path)
    assert source == SourceText(text=DOCX_TEXT, format="docx", encoding=None)


def test_docx_tracked_changes_keep_insertions_and_drop_deletions() -> None:
    document = docx.Document()
    paragraph = document.add_paragraph("Anggaran ")
    for xml in (
        '<w:ins {ns} w:id="1" w:author="A"><w:r><w:t xml:space="preserve">jalan </w:t></w:r></w:ins>',
        '<w:del {ns} w:id="2" w:author="A"><w:r><w:delText>lama </w:delText></w:r></w:del>',
        '<w:smartTag {ns} w:uri="u" w:element="e"><w:r><w:t>disetujui</w:t></w:r></w:smartTag>',
    ):
        paragraph._p.append(parse_xml(xml.format(ns=f'xmlns:w="{W_NS}"')))
    assert read_bytes(docx_bytes(document), ".docx").text == "Anggaran jalan disetujui"


def test_pdf_pages_joined_by_blank_line(tmp_path: Path) -> None:
    path = tmp_path / "notulen.pdf"
    path.write_bytes(make_pdf(PDF_PAGES))
    assert read_path(path) == SourceText(text=PDF_TEXT, format="pdf", encoding=None)


@pytest.mark.parametrize("algorithm", ["RC4-128", "AES-128", "AES-256"])
def test_pdf_with_empty_user_password_is_read(algorithm: str) -> None:
    """Published PDFs often carry an owner password only (no printing, no copying): they open for reading."""
    assert read_bytes(encrypted_pdf("", "pemilik", algorithm), ".pdf").text == PDF_TEXT


@pytest.mark.parametrize("algorithm", ["RC4-128", "AES-128", "AES-256"])
def test_pdf_with_a_user_password_is_encrypted(algorithm: str) -> None:
    assert read_code(lambda: read_bytes(encrypted_pdf("rahasia", "pemilik", algorithm), ".pdf")).code == "encrypted"


def test_pdf_library_warnings_do_not_reach_stderr(tmp_path: Path) -> None:
    """pypdf logs what it repairs (a wrong startxref, say); that is not the user's
    business on stderr. In a process of its own: pytest's log capture would hide the lines."""
    data = make_pdf(PDF_PAGES)
    damaged = data.replace(b"startxref\n", b"startxref\n9")  # points past the end: pypdf looks for the table
    assert damaged != data
    (tmp_path / "rusak.pdf").write_bytes(damaged)
    code = "import sys; from pipeline.readers import read_path; print(read_path(__import__('pathlib').Path(sys.argv[1])).text)"
    result = subprocess.run([sys.executable, "-c", code, str(tmp_path / "rusak.pdf")], capture_output=True, text=True,
                            timeout=60)
    assert (result.returncode, result.stderr) == (0, "")
    assert result.stdout == PDF_TEXT + "\n"


def test_html_news_page_keeps_article_and_drops_boilerplate(tmp_path: Path) -> None:
    path = tmp_path / "berita.htm"
    path.write_bytes(NEWS_PAGE.encode("utf-8"))
    source = read_path(path)
    assert (source.format, source.encoding) == ("html", "utf-8")
    lines = source.text.split("\n")
    for paragraph in ARTICLE_PARAGRAPHS:
        assert paragraph in lines
    for boilerplate in ("Beranda", "Politik", "Tulis komentar", "Kirim Komentar", "Hak cipta"):
        assert boilerplate not in source.text


def test_html_fallback_when_trafilatura_finds_nothing(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(read_html.trafilatura, "extract", lambda *args, **kwargs: None)
    source = read_bytes(NEWS_PAGE.encode("utf-8"), ".html")
    lines = source.text.split("\n")
    assert lines[0] == "Rapat Koordinasi Perencanaan Pembangunan"
    for paragraph in ARTICLE_PARAGRAPHS:
        assert paragraph in lines
    for boilerplate in ("Beranda", "Politik", "Tulis komentar", "Kirim Komentar", "Hak cipta"):
        assert boilerplate not in source.text


def test_html_fallback_separates_blocks_and_cells(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(read_html.trafilatura, "extract", lambda *args, **kwargs: None)
    html = (
        "<html><body><script>var x = 1;</script><h2>Hasil   rapat</h2><p>Anggaran <b>disetujui</b>.<br>Jalan dulu.</p>"
        "<table><tr><th>Tugas</th><th>PIC</th></tr><tr><td>Perbaikan jalan</td><td>Dinas PU</td></tr></table>"
        '<ol start="3"><li>Survei</li><li>Lelang <ul><li>Jalan</li><li>Jembatan</li></ul></li></ol></body></html>'
    )
    assert read_bytes(html.encode(), ".html").text == (
        "Hasil rapat\nAnggaran disetujui.\nJalan dulu.\nTugas | PIC\nPerbaikan jalan | Dinas PU\n"
        "3. Survei\n4. Lelang\n- Jalan\n- Jembatan"
    )


def test_html_declared_charset_is_used() -> None:
    html = '<html><head><meta http-equiv="Content-Type" content="text/html; charset=iso-8859-1"></head>'
    html += f"<body><article><p>{CP1252_TEXT.strip()}</p></article></body></html>"
    source = read_bytes(html.encode("cp1252"), ".html")
    assert source.encoding == "cp1252"
    assert CP1252_TEXT.strip() in source.text


BINARY_BLOB = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4
CONTROL_BLOB = bytes(list(range(1, 9)) + list(range(14, 32))) * 40 + b"teks"


@pytest.mark.parametrize(
    ("name", "make", "code"),
    [
        ("kosong.txt", lambda: b"", "empty"),
        ("spasi.md", lambda: b" \r\n\t  \n", "empty"),
        ("spasi16.txt", lambda: " \n\t ".encode("utf-16"), "empty"),
        ("gambar.txt", lambda: BINARY_BLOB, "binary"),
        ("kontrol.txt", lambda: CONTROL_BLOB, "binary"),
        ("acak.txt", lambda: random_bytes(4000, low=0x80), "undecodable"),
        ("rusak16.txt", lambda: b"\xff\xfe\x00\xd8", "undecodable"),
        ("tabel.xlsx", lambda: b"PK\x03\x04", "unsupported"),
        ("tanpa_akhiran", lambda: b"rapat", "unsupported"),
        ("rusak.docx", lambda: random_bytes(2048), "corrupt"),
        ("bukan_word.docx", plain_zip, "corrupt"),
        ("kosong.docx", lambda: docx_bytes(docx.Document()), "empty"),
        ("entitas.docx", xml_bomb_docx, "xml_bomb"),
        ("bom_total.docx", lambda: zeros_docx(300), "zip_bomb"),
        ("bom_rasio.docx", lambda: zeros_docx(20), "zip_bomb"),
        ("rusak.pdf", lambda: random_bytes(2048), "corrupt"),
        ("terpotong.pdf", lambda: make_pdf(PDF_PAGES)[:200], "corrupt"),
        ("kosong.pdf", lambda: make_pdf([[]]), "no_text_layer"),
        ("tanpa_halaman.pdf", lambda: make_pdf([]), "empty"),
        ("terkunci.pdf", lambda: encrypted_pdf("rahasia", "pemilik"), "encrypted"),
        ("kosong.html", lambda: b"<html><body><nav>Beranda</nav>  </body></html>", "empty"),
    ],
)
def test_read_errors(tmp_path: Path, name: str, make: Callable[[], bytes], code: str) -> None:
    path = tmp_path / name
    path.write_bytes(make())
    assert read_code(lambda: read_path(path)).code == code


def test_zip_bomb_checked_before_expanding(monkeypatch: pytest.MonkeyPatch) -> None:
    def forbidden(*args: object, **kwargs: object) -> None:
        raise AssertionError("docx.Document must not be called for a zip bomb")

    monkeypatch.setattr(read_docx.docx, "Document", forbidden)
    assert read_code(lambda: read_bytes(zeros_docx(300), ".docx")).code == "zip_bomb"


def test_too_large_names_size_and_option(tmp_path: Path) -> None:
    path = tmp_path / "besar.txt"
    path.write_bytes(b"x" * 1001)
    error = read_code(lambda: read_path(path, max_bytes=1000))
    assert error.code == "too_large"
    assert "1,001" in error.message and "--max-bytes" in error.message


def test_exactly_max_bytes_is_read(tmp_path: Path) -> None:
    path = tmp_path / "pas.txt"
    path.write_bytes(b"x" * 1000)
    assert read_path(path, max_bytes=1000).text == "x" * 1000


@pytest.mark.parametrize("name", ["tidak_ada.txt", "folder.txt"])
def test_unreadable_paths(tmp_path: Path, name: str) -> None:
    (tmp_path / "folder.txt").mkdir()
    assert read_code(lambda: read_path(tmp_path / name)).code == "unreadable"


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs here")
def test_a_fifo_is_refused_at_once_not_waited_on(tmp_path: Path) -> None:
    """Nothing ever writes to this pipe: reading it would wait for ever. In a process of its own,
    so a reader that waits fails the test by its time limit instead of hanging the suite."""
    os.mkfifo(tmp_path / "pipa.txt")
    code = ("import sys, pathlib; from pipeline.readers import read_path; from pipeline.errors import ReadError\n"
            "try:\n    read_path(pathlib.Path(sys.argv[1]))\nexcept ReadError as exc:\n    print(exc.code)")
    result = subprocess.run([sys.executable, "-c", code, str(tmp_path / "pipa.txt")], capture_output=True,
                            text=True, timeout=60)
    assert result.stdout == "unreadable\n", result.stderr


def test_a_file_longer_than_its_size_when_opened_is_read_to_its_end_or_the_limit(tmp_path: Path) -> None:
    """As a file that grew between being opened and being read: the size sizes the first read only."""
    from pipeline.readers import _read_up_to

    path = tmp_path / "tumbuh.txt"
    data = random.Random(3).randbytes(200_000)
    path.write_bytes(data)
    fd = os.open(path, os.O_RDONLY)
    try:
        assert _read_up_to(fd, 1_000_000, size=10) == data
        os.lseek(fd, 0, os.SEEK_SET)
        assert _read_up_to(fd, 150_001, size=10) == data[:150_001]
        os.lseek(fd, 0, os.SEEK_SET)
        assert _read_up_to(fd, 1_000_000, size=len(data)) == data
    finally:
        os.close(fd)


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="root can read files without permission")
def test_permission_denied_is_unreadable(tmp_path: Path) -> None:
    path = tmp_path / "rahasia.txt"
    path.write_bytes(b"rapat")
    path.chmod(0)
    assert read_code(lambda: read_path(path)).code == "unreadable"


@pytest.mark.parametrize(
    ("suffix", "data", "target"),
    [
        (".pdf", make_pdf(PDF_PAGES), "PdfReader"),
        (".docx", make_docx(), "Document"),
    ],
)
def test_library_exceptions_become_corrupt(
    monkeypatch: pytest.MonkeyPatch, suffix: str, data: bytes, target: str
) -> None:
    def explode(*args: object, **kwargs: object) -> None:
        raise RuntimeError("boom")

    module = read_pdf.pypdf if suffix == ".pdf" else read_docx.docx
    monkeypatch.setattr(module, target, explode)
    assert read_code(lambda: read_bytes(data, suffix)).code == "corrupt"


def test_format_readers_depend_only_on_decoding_and_errors() -> None:
    """The readers are one family without a circle: the dispatcher imports the format readers,
    which import only the shared decoding module and the errors, never the dispatcher."""
    import ast

    folder = Path(read_pdf.__file__).parent
    for name in ("decode", "docx", "html", "pdf"):
        tree = ast.parse((folder / f"{name}.py").read_text(encoding="utf-8"))
        ours = {node.module for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)
                and node.module and node.module.startswith("pipeline")}
        assert ours <= {"pipeline.errors", "pipeline.readers.decode"}, (name, ours)
