import io

import pytest
from docx import Document
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn

from articles.importers import ImportRefused, import_briefing
from articles.models import Article
from tests.articles.importers.briefings import HEADINGS, TITLE, expected_body, run_import, summary, written_rows

pytestmark = pytest.mark.django_db


def docx_bytes(text, *, styled):
    """A Word file with the sample's paragraphs; `styled` uses Title and Heading styles as Word users do."""
    document = Document()
    for block in (block.strip() for block in text.split("\n\n")):
        if not block:
            continue
        if styled and block == TITLE.upper() and not document.paragraphs:
            document.add_paragraph(block, style="Title")
        elif styled and block in HEADINGS:
            document.add_heading(block, level=1)
        else:
            document.add_paragraph(block)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


@pytest.mark.parametrize("styled", [False, True])
def test_a_word_file_of_the_sample_imports_the_same(importing_editor, sample_text, styled):
    expected = summary(run_import(sample_text, importing_editor, name="original.txt").article)

    article = run_import(docx_bytes(sample_text, styled=styled), importing_editor, name="briefing.docx").article

    assert summary(article) == expected
    assert article.body == expected_body()


def add_hyperlink(paragraph, text, url):
    """python-docx writes no hyperlinks, so build one as Word stores it."""
    relationship = paragraph.part.relate_to(url, RT.HYPERLINK, is_external=True)
    link = OxmlElement("w:hyperlink")
    link.set(qn("r:id"), relationship)
    run = OxmlElement("w:r")
    text_element = OxmlElement("w:t")
    text_element.text = text
    run.append(text_element)
    link.append(run)
    paragraph._p.append(link)


def test_word_hyperlinks_become_citations_and_tables_are_kept(importing_editor):
    document = Document()
    document.add_paragraph("Trade in numbers", style="Title")
    paragraph = document.add_paragraph("Beijing remains the ")
    add_hyperlink(paragraph, "largest trading partner", "https://example.org/trade")
    paragraph.add_run(" of Pyongyang.")
    table = document.add_table(rows=2, cols=2)
    for cell, text in zip(table._cells, ["Year", "Trade", "2024", "2.2 bn"], strict=True):
        cell.text = text
    buffer = io.BytesIO()
    document.save(buffer)

    article = import_briefing("trade.docx", buffer.getvalue(), by=importing_editor).article

    assert article.title == "Trade in numbers"
    assert article.body == (
        "Beijing remains the [largest trading partner](https://example.org/trade) of Pyongyang.\n\n"
        "| Year | Trade |\n| --- | --- |\n| 2024 | 2.2 bn |"
    )
    assert article.citations.get().source.url == "https://example.org/trade"


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("empty.txt", b"", "is empty"),
        ("blank.md", b"  \n\r\n\t\n", "is empty"),
        ("junk.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00", "binary data"),
        ("controls.txt", b"TITLE\n\nsome \x01\x02 text", "binary data"),
        ("latin1.txt", "A TITLE\n\nCafé in Pyongyang.".encode("latin-1"), "not valid UTF-8"),
        ("briefing.pdf", b"%PDF-1.7 ...", "cannot be imported"),
        ("briefing", b"A TITLE\n\nText.", "cannot be imported"),
        ("broken.docx", b"PK\x03\x04 not really a zip", "not a readable Word"),
        ("notitle.txt", b"This briefing starts with a sentence. It has no title.", "notitle.txt: No title found"),
    ],
)
def test_bad_input_is_refused_and_nothing_is_written(importing_editor, name, data, message):
    before = written_rows()

    with pytest.raises(ImportRefused, match=message):
        import_briefing(name, data, by=importing_editor)

    assert written_rows() == before


def test_files_over_the_size_limit_are_refused(importing_editor, sample_text, settings):
    settings.BRIEFING_IMPORT_MAX_BYTES = 1000

    with pytest.raises(ImportRefused, match="larger than 1000"):
        run_import(sample_text, importing_editor)

    assert Article.objects.count() == 0


def test_a_failure_halfway_writes_nothing(importing_editor, sample_text, monkeypatch):
    def tagger_fails(article):
        raise RuntimeError("tagger down")

    monkeypatch.setattr("articles.editorial.saving.tag_article", tagger_fails)
    before = written_rows()

    with pytest.raises(RuntimeError):
        run_import(sample_text, importing_editor)

    assert written_rows() == before


def test_utf8_with_bom_and_utf16_are_read(importing_editor, sample_text):
    run_import(b"\xef\xbb\xbf" + sample_text.encode("utf-8"), importing_editor, name="bom.txt")
    Article.objects.all().delete()

    article = run_import(sample_text.encode("utf-16"), importing_editor, name="word-unicode.txt").article

    assert article.title == TITLE
