"""Word files built to exhaust the server: refused from the zip listing before python-docx parses them,
unreadable XML refused with a message, and reading work that grows with the file, not its square."""

import io
import zipfile

import pytest
from docx import Document
from docx.styles.style import BaseStyle

from articles.importers import ImportRefused, import_briefing
from articles.importers.reading import read_briefing
from tests.articles.importers.briefings import written_rows

W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
PARAGRAPH = b"<w:p><w:r><w:t>The same sentence, again and again, to fill the page.</w:t></w:r></w:p>"


def docx_with(parts=(), *, document=None):
    """A Word file from python-docx's template, with members replaced or added (name → bytes)."""
    buffer = io.BytesIO()
    (document or Document()).save(buffer)
    parts = dict(parts)
    out = io.BytesIO()
    with zipfile.ZipFile(buffer) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as target:
        for info in source.infolist():
            if info.filename not in parts:
                target.writestr(info.filename, source.read(info.filename))
        for name, content in parts.items():
            target.writestr(name, content)
    return out.getvalue()


def document_xml(body):
    return f"<w:document {W}><w:body>".encode() + body + b"</w:body></w:document>"


@pytest.fixture
def parsed(monkeypatch):
    """Fails the test as soon as python-docx is asked to parse anything; holds nothing otherwise."""
    calls = []

    def document(*args, **kwargs):
        calls.append(args)
        raise AssertionError("python-docx parsed a file that should have been refused from its listing")

    monkeypatch.setattr("articles.importers.reading.Document", document)
    return calls


def test_a_small_docx_that_unpacks_to_50_mb_is_refused_before_parsing(parsed):
    body = PARAGRAPH * (50 * 1024 * 1024 // len(PARAGRAPH))
    data = docx_with({"word/document.xml": document_xml(body)})
    assert len(data) < 256 * 1024  # all the size limit of uploads sees

    with pytest.raises(ImportRefused, match=r"bomb\.docx unpacks word/document\.xml to 50\.0\sMB; a part larger than"):
        read_briefing("bomb.docx", data)

    assert parsed == []


def test_a_docx_whose_parts_add_up_past_the_limit_is_refused_before_parsing(parsed, settings):
    template = docx_with()
    with zipfile.ZipFile(io.BytesIO(template)) as archive:
        template_size = sum(member.file_size for member in archive.infolist())
    settings.BRIEFING_DOCX_MAX_UNCOMPRESSED_BYTES = template_size + 100 * 1024
    data = docx_with({f"word/media/filler{number}.xml": b" " * 60 * 1024 for number in range(2)})

    with pytest.raises(ImportRefused, match=r"filler\.docx unpacks to .*; Word documents larger than .* are refused"):
        read_briefing("filler.docx", data)

    assert parsed == []


def test_a_docx_of_too_many_files_is_refused_before_parsing(parsed, settings):
    data = docx_with({f"customXml/item{number}.xml": b"<a/>" for number in range(settings.BRIEFING_DOCX_MAX_MEMBERS)})

    with pytest.raises(ImportRefused, match=r"many\.docx holds \d+ files; a Word document with more than 200"):
        read_briefing("many.docx", data)

    assert parsed == []


@pytest.mark.django_db
@pytest.mark.parametrize(
    "member", ["word/document.xml", "word/styles.xml", "[Content_Types].xml", "word/_rels/document.xml.rels"]
)
def test_malformed_xml_is_refused_with_a_message_and_nothing_is_written(importing_editor, member):
    data = docx_with({member: b"<w:document><w:body><w:p>unclosed"})
    before = written_rows()

    with pytest.raises(ImportRefused, match=r"^broken\.docx is not a readable Word \(\.docx\) document\."):
        import_briefing("broken.docx", data, by=importing_editor)

    assert written_rows() == before


def test_style_names_are_read_once_per_style_not_per_paragraph(monkeypatch):
    document = Document()
    document.add_paragraph("A TITLE", style="Title")
    for number in range(300):
        document.add_heading(f"Section {number}", level=1 + number % 3)
        document.add_paragraph(f"Paragraph {number}.", style="Body Text" if number % 2 else None)
    styles = len(document.styles)
    reads = []
    name = BaseStyle.name

    def counted(self):
        reads.append(self.style_id)
        return name.fget(self)

    monkeypatch.setattr(BaseStyle, "name", property(counted))

    text = read_briefing("styled.docx", docx_with(document=document))

    assert text.startswith("# A TITLE\n\n# Section 0\n\nParagraph 0.\n\n## Section 1\n\nParagraph 1.\n\n### Section 2")
    assert len(reads) <= styles + 1 < 600  # 601 paragraphs, each looked up before


def test_a_merged_table_cell_is_read_once():
    document = Document()
    document.add_paragraph("Trade in numbers", style="Title")
    table = document.add_table(rows=3, cols=3)
    table.cell(0, 0).merge(table.cell(0, 2)).text = "Spanning every column"
    table.cell(1, 0).merge(table.cell(2, 0)).text = "Spanning two rows"

    text = read_briefing("merged.docx", docx_with(document=document))

    # python-docx's row.cells repeats a merged cell for each column and row it spans, as
    # often as a crafted gridSpan says; each cell is read once, as stored.
    assert text.count("Spanning every column") == 1 and text.count("Spanning two rows") == 1
