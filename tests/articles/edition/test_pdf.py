"""The PDF of an update: A4 pages of real text — every paragraph word for word, the headings, the
references — tagged, with its title, authors and language; images read from the media storage only."""

import io
import re
import unicodedata

import pytest
from django.core.files.storage import default_storage
from pypdf import PdfReader

from articles import markdown
from articles.demo.loading import load_demo
from articles.edition.document import MEDIA_ORIGIN
from articles.edition.editions import make_edition
from articles.edition.pdf import _storage_fetcher
from tests.factories import ArticleFactory, ExpertFactory
from tests.pictures import library_image

pytestmark = pytest.mark.django_db

MM = 72 / 25.4
# The page margins of articles/edition/edition.css: the running title sits above the top one, the page
# numbers below the bottom one; the text of the update lies between.
TOP_MARGIN, BOTTOM_MARGIN = 24 * MM, 22 * MM


def read_pdf(edition):
    with default_storage.open(edition.file.name) as stored:
        return PdfReader(io.BytesIO(stored.read()))


def text_inside_margins(reader):
    """The text drawn between the page margins, page after page (the running header and page numbers left out)."""
    pieces = []
    for page in reader.pages:
        top = float(page.mediabox.height) - TOP_MARGIN

        def visit(text, cm, tm, font, size, top=top):
            y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
            if BOTTOM_MARGIN < y < top:
                pieces.append(text)

        page.extract_text(visitor_text=visit)
    return "".join(pieces)


def squeeze(text):
    """The characters of `text` in order, without the spaces and line breaks where a PDF's lines happen to wrap."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))


def as_printed(paragraph, citations):
    """A paragraph as the PDF prints it: each cited passage followed by its footnote number."""
    for citation in citations:
        paragraph = paragraph.replace(citation.cited_text, f"{citation.cited_text}{citation.order}", 1)
    return paragraph


def test_the_demo_pdf_holds_the_whole_update_as_text():
    article = load_demo()
    edition = make_edition(article.pk)
    reader = read_pdf(edition)
    assert len(reader.pages) >= 2 and edition.pages == len(reader.pages)
    assert {tuple(round(float(side)) for side in page.mediabox[2:]) for page in reader.pages} == {(595, 842)}  # A4
    text = squeeze(text_inside_margins(reader))

    assert squeeze(article.title) in text
    assert squeeze(article.standfirst) in text and squeeze(article.research_question) in text
    headings = [heading.text for heading in markdown.headings(article.body)]
    assert headings == [
        "Strategic relations with North Korea",
        "North Korea's new positioning",
        "Shifting dynamics",
        "Conclusion",
    ]
    citations = list(article.citations.select_related("source"))
    paragraphs = markdown.paragraphs(article.body)
    assert len(paragraphs) > 10
    for paragraph in paragraphs:  # the headings among them
        assert squeeze(as_printed(paragraph, citations)) in text, paragraph[:60]
    references = text[text.index("References") :]
    assert len(citations) == 5
    for citation in citations:
        assert squeeze(citation.source.title) in references
    assert "Multilateral mini UN" not in text and squeeze("“multilateral mini UN”") in text  # the pull quote


def test_every_page_after_the_first_carries_the_title_and_every_page_its_number():
    article = load_demo()
    reader = read_pdf(make_edition(article.pk))
    total = len(reader.pages)
    for number, page in enumerate(reader.pages, start=1):
        everything, inside = squeeze(page.extract_text()), squeeze(text_inside_margins(PdfReaderPage(page)))
        margins = everything.replace(inside, "", 1)
        assert squeeze(f"Page {number} of {total}") in margins
        assert (squeeze(article.title) in margins) == (number > 1)


class PdfReaderPage:
    """One page, read like a whole document."""

    def __init__(self, page):
        self.pages = [page]


def test_the_pdf_is_tagged_with_its_title_authors_and_language():
    author = ExpertFactory(name="Remco Breuker", title="Professor in Korea Studies", role="HIG's Korea analyst")
    article = ArticleFactory(published=True, title="Lips and teeth", standfirst="An old alliance.")
    article.authors.add(author)
    reader = read_pdf(make_edition(article.pk))
    assert reader.metadata.title == "Lips and teeth"
    assert reader.metadata.author == "Remco Breuker"
    assert reader.metadata.subject == "An old alliance."
    root = reader.trailer["/Root"]
    assert root["/Lang"] == "en-gb"
    assert bool(root["/MarkInfo"]["/Marked"])
    assert "/StructTreeRoot" in root
    assert "pdfuaid" in root["/Metadata"].get_object().get_data().decode()
    text = squeeze(text_inside_margins(reader))
    assert squeeze("Remco Breuker, Professor in Korea Studies, HIG's Korea analyst") in text


def test_the_lead_image_is_in_the_pdf_with_its_caption():
    image = library_image(1600, 900, caption="The parade in Beijing.", credit="Photo: Xinhua")
    article = ArticleFactory(published=True, lead_image=image)
    reader = read_pdf(make_edition(article.pk))
    assert len(reader.pages[0].images) == 1
    assert reader.pages[0].images[0].image.size == (1200, 675)  # the 1200-wide rendition
    assert squeeze("The parade in Beijing. Photo: Xinhua") in squeeze(text_inside_margins(reader))


def test_the_renderer_reads_only_the_named_files_and_nothing_over_the_network():
    import weasyprint

    fetcher = _storage_fetcher(weasyprint, frozenset({"images/abc/1200w.jpg"}))
    for url in [
        "https://example.org/picture.png",
        "file:///etc/passwd",
        f"{MEDIA_ORIGIN}images/other/1200w.jpg",
        f"{MEDIA_ORIGIN}../../etc/passwd",
    ]:
        with pytest.raises(ValueError, match="reads only the update's own images"):
            fetcher.fetch(url)
