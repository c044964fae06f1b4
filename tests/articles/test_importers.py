import io
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from docx import Document
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn

from actors.models import Mention
from articles import demo
from articles.importers import ImportRefused, import_briefing
from articles.models import Article, Citation, Expert, Quote, Region, Series, Source
from tests.factories import ExpertFactory, SourceFactory, UserFactory

pytestmark = pytest.mark.django_db

TITLE = "The Sino-North Korean Partnership Today: North Korea's Power Shift"
HEADINGS = ["Strategic relations with North Korea", "North Korea's new positioning", "Shifting dynamics", "Conclusion"]
QUESTION = (
    "In what way has the current Sino-North Korean relationship changed in light of recent events "
    "such as the Russo-North Korean partnership?"
)
PLACEHOLDERS = [
    "friendship and cooperation treaty",
    "North Korea's resilience",
    "ideological exchange",
    "prioritises Russia",
    "military parade held in Beijing on September 3, 2025",
]
# What each expert is on record with in the sample: (surname, kind, text) in order of appearance.
BREUKER_PARAPHRASES = [
    "Remco Breuker, professor in Korea Studies and HIG's Korea analyst, states that North Korea is considered "
    "to be China's back door, referring to North Korea's geostrategic position on the peninsula.",
    "While the countries are politically and economically intertwined, Breuker emphasises that they fundamentally "
    "mistrust each other, which is reflected by North Korea not announcing its help to Russia.",
]
EXPECTED_QUOTES = [
    ("Remco Breuker", "paraphrase", BREUKER_PARAPHRASES[0]),
    ("Remco Breuker", "paraphrase", BREUKER_PARAPHRASES[1]),
    ("Remco Breuker", "quote", "multilateral mini UN"),
    ("Remco Breuker", "paraphrase", "Breuker also stresses the importance of Taiwan as a major influence in the "
     "Sino-North Korean ties, describing North Korea as China's “backdoor” due to its strategic position and support."),
    ("Remco Breuker", "quote", "backdoor"),
    ("Casper Wits", "paraphrase", "HIG's East Asia expert Casper Wits describes that North Korea has gained a more "
     "powerful position, which has also resulted in increased recognition by China."),
    ("Casper Wits", "paraphrase", "Wits considers the Russo-North Korean alliance as a factor which makes North "
     "Korea more attractive to China."),
]  # fmt: skip


def sample_paragraphs(text):
    """The sample's paragraphs as the author wrote them, worked out by hand from its shape."""
    blocks = [block.strip() for block in text.split("\n\n") if len(block.strip()) > 100]
    blocks[0] = blocks[0].removeprefix("Regional Update BRI and East Asia | ")
    return [block for block in blocks if not block.startswith("This raises the question:")]


def run_import(text, by, name="briefing.txt", **options):
    data = text if isinstance(text, bytes) else text.encode("utf-8")
    return import_briefing(name, data, by=by, **options)


def written_rows():
    return [model.objects.count() for model in (Article, Citation, Source, Quote, Series, Region, Expert)]


@pytest.fixture
def setup(briefing_taxonomy, briefing_experts, importer):
    return importer


def test_the_sample_becomes_a_draft_with_all_its_parts(setup, sample_text):
    report = run_import(sample_text, setup, name="sino-north-korean-partnership.txt")

    article = Article.objects.get()
    assert report.article == article and not report.updated
    assert article.title == TITLE
    assert (article.series.name, article.region.name) == ("Regional Update", "BRI and East Asia")
    assert (article.status, article.owner, article.standfirst) == (Article.Status.DRAFT, setup, "")
    assert article.slug == "the-sino-north-korean-partnership-today-north-koreas-power-shift"
    assert re.findall(r"^## (.+)$", article.body, re.MULTILINE) == HEADINGS
    assert article.research_question == QUESTION
    assert "This raises the question" not in article.body
    assert TITLE.upper() not in article.body.upper()  # the running header and the title line are gone
    body_blocks = article.body.split("\n\n")
    for paragraph in sample_paragraphs(sample_text):
        assert paragraph in body_blocks
    assert article.body == demo.BODY_FILE.read_text(encoding="utf-8").strip()

    citations = list(article.citations.select_related("source"))
    assert [citation.cited_text for citation in citations] == PLACEHOLDERS
    assert all(citation.is_placeholder and citation.source.url == "" for citation in citations)
    assert [citation.order for citation in citations] == [1, 2, 3, 4, 5]

    quotes = [(q.expert.name, q.kind, q.text) for q in article.quotes.select_related("expert")]
    assert quotes == EXPECTED_QUOTES
    assert set(article.quotes.values_list("status", flat=True)) == {Quote.Status.PENDING}
    for _name, kind, text in EXPECTED_QUOTES:
        assert text in article.body if kind == "paraphrase" else f"“{text}”" in article.body

    assert any("standfirst" in item for item in report.attention)
    assert any("Remco Breuker must approve 5" in item for item in report.attention)


SAMPLE_ACTORS = {
    "China", "North Korea", "Russia", "United States", "South Korea", "Belarus", "Iran", "Syria", "Laos",
    "Vietnam", "Indonesia", "Taiwan", "Hong Kong", "Ukraine", "Kim Jong-un", "Xi Jinping", "Wang Yi",
    "Alexander Lukashenko", "United Nations",
}  # fmt: skip


@pytest.mark.xfail(reason="needs actors.tagging from issue 6", strict=False)
def test_the_sample_is_tagged_with_its_actors(importer, sample_text):
    demo.load_demo()  # the sample's actors and aliases (and a published copy, which must not interfere)

    report = run_import(sample_text, importer)

    tagged = set(report.article.mentions.filter(origin=Mention.Origin.AUTO).values_list("actor__name", flat=True))
    assert tagged == SAMPLE_ACTORS
    assert f"19 actors tagged: {', '.join(sorted(SAMPLE_ACTORS))}" in report.found


def crlf(text):
    return text.replace("\n", "\r\n")


def straight_quotes(text):
    return text.replace("“", '"').replace("”", '"')


def markdown_headings(text):
    text = text.replace(TITLE.upper(), f"# {TITLE}", 1)
    for heading in HEADINGS:
        text = text.replace(f"\n{heading}\n", f"\n## {heading}\n")
    return text


def real_urls(text):
    for number, phrase in enumerate(PLACEHOLDERS, start=1):
        text = text.replace(f"[{phrase}](#)", f"[{phrase}](https://example.org/source-{number})")
    return text


def summary(article):
    return {
        "title": article.title,
        "series": str(article.series),
        "region": str(article.region),
        "question": article.research_question,
        "headings": re.findall(r"^## (.+)$", article.body, re.MULTILINE),
        "citations": list(article.citations.values_list("order", "cited_text")),
        "quotes": list(article.quotes.values_list("expert__name", "kind")),
    }


@pytest.mark.parametrize("variant", [crlf, straight_quotes, markdown_headings, real_urls])
def test_variants_of_the_briefing_import_equally_well(setup, sample_text, variant):
    expected = summary(run_import(sample_text, setup, name="original.txt").article)

    report = run_import(variant(sample_text), setup, name="variant.md")

    article = report.article
    assert summary(article) == expected
    expected_body = demo.BODY_FILE.read_text(encoding="utf-8").strip()
    if variant in (straight_quotes, real_urls):
        expected_body = variant(expected_body)
    assert article.body == expected_body


def test_real_urls_become_sources_matched_by_url(setup, sample_text):
    known = SourceFactory(url="https://example.org/source-2", title="Already known")

    article = run_import(real_urls(sample_text), setup).article

    citations = list(article.citations.select_related("source"))
    assert [citation.source.url for citation in citations] == [f"https://example.org/source-{n}" for n in range(1, 6)]
    assert not any(citation.is_placeholder for citation in citations)
    assert citations[1].source == known
    assert citations[0].source.title == PLACEHOLDERS[0]
    assert Source.objects.count() == 5


def test_empty_link_targets_and_non_web_links_are_placeholders(setup):
    text = "A TITLE\n\nSee [the report]() and [the memo](mailto:someone) and [the site](https://example.org/x_(y))."

    article = run_import(text, setup).article

    citations = list(article.citations.select_related("source"))
    assert [(c.cited_text, c.is_placeholder, c.source.url) for c in citations] == [
        ("the report", True, ""),
        ("the memo", True, ""),
        ("the site", False, "https://example.org/x_(y)"),
    ]
    assert "[the report]()" in article.body


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
def test_a_word_file_of_the_sample_imports_the_same(setup, sample_text, styled):
    expected = summary(run_import(sample_text, setup, name="original.txt").article)

    article = run_import(docx_bytes(sample_text, styled=styled), setup, name="briefing.docx").article

    assert summary(article) == expected
    assert article.body == demo.BODY_FILE.read_text(encoding="utf-8").strip()


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


def test_word_hyperlinks_become_citations_and_tables_are_kept(setup):
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

    article = import_briefing("trade.docx", buffer.getvalue(), by=setup).article

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
        ("notitle.txt", b"This briefing starts with a sentence. It has no title.", "No title found"),
    ],
)
def test_bad_input_is_refused_and_nothing_is_written(setup, name, data, message):
    before = written_rows()

    with pytest.raises(ImportRefused, match=message):
        import_briefing(name, data, by=setup)

    assert written_rows() == before


def test_files_over_the_size_limit_are_refused(setup, sample_text, settings):
    settings.BRIEFING_IMPORT_MAX_BYTES = 1000

    with pytest.raises(ImportRefused, match="larger than 1000"):
        run_import(sample_text, setup)

    assert Article.objects.count() == 0


def test_a_failure_halfway_writes_nothing(setup, sample_text, monkeypatch):
    def tagger_fails(article):
        raise RuntimeError("tagger down")

    monkeypatch.setattr("articles.importers.service.tag_article", tagger_fails)
    before = written_rows()

    with pytest.raises(RuntimeError):
        run_import(sample_text, setup)

    assert written_rows() == before


def test_utf8_with_bom_and_utf16_are_read(setup, sample_text):
    run_import(b"\xef\xbb\xbf" + sample_text.encode("utf-8"), setup, name="bom.txt")
    Article.objects.all().delete()

    article = run_import(sample_text.encode("utf-16"), setup, name="word-unicode.txt").article

    assert article.title == TITLE


def test_importing_the_same_file_again_updates_its_draft(setup, sample_text):
    first = run_import(sample_text, setup).article
    quote = first.quotes.get(text="multilateral mini UN")
    Quote.objects.filter(pk=quote.pk).update(status=Quote.Status.APPROVED)
    Article.objects.filter(pk=first.pk).update(title="Edited", body="Edited body")

    report = run_import(crlf(sample_text), setup, name="again.txt")

    assert report.updated
    article = Article.objects.get()
    assert article.pk == first.pk
    assert (article.title, article.slug) == (TITLE, first.slug)
    assert article.body == demo.BODY_FILE.read_text(encoding="utf-8").strip()
    assert article.quotes.count() == len(EXPECTED_QUOTES)
    assert article.quotes.get(text="multilateral mini UN").status == Quote.Status.APPROVED
    assert (article.citations.count(), Source.objects.count()) == (5, 5)


def test_reimport_is_refused_once_the_draft_has_moved_on(setup, sample_text):
    article = run_import(sample_text, setup).article
    Article.objects.filter(pk=article.pk).update(status=Article.Status.IN_REVIEW, body="Reviewed body")

    with pytest.raises(ImportRefused, match="now in review"):
        run_import(sample_text, setup)

    assert Article.objects.get().body == "Reviewed body"


def test_a_dry_run_reports_and_writes_nothing(setup, sample_text):
    before = written_rows()

    report = run_import(sample_text, setup, dry_run=True)

    assert written_rows() == before
    assert report.dry_run and "nothing was written" in report.outcome
    assert f"Title: “{TITLE}”" in report.found
    assert report.created_heading == "Would create"


def test_unknown_series_and_region_are_reported_not_created(importer, briefing_experts):
    Series.objects.create(name="Regional Update", slug="regional-update")
    text = "A TITLE\n\nRegional Update Arctic Affairs | First paragraph of the update.\n\nSecond paragraph."

    report = run_import(text, importer)

    article = report.article
    assert (article.series.name, article.region) == ("Regional Update", None)
    assert Region.objects.count() == 0
    assert any("“arctic affairs” is no known region" in item for item in report.attention)
    assert article.body == "First paragraph of the update.\n\nSecond paragraph."


def test_people_not_known_are_listed_not_created(setup):
    text = (
        "A TITLE\n\nAnna Kowalski, professor of Politics at Leiden, argues that the talks stall. "
        "Korea expert John Smith says so too, as does Breuker."
    )

    report = run_import(text, setup)

    assert "People not known as experts (not created): Anna Kowalski (professor), John Smith (expert)" in (
        report.attention
    )
    assert Expert.objects.count() == 2


def test_pdf_text_with_wrapped_lines_page_numbers_and_headers_inside_paragraphs(importer):
    text = (
        "THE SINO-NORTH KOREAN PARTNERSHIP TODAY:\nNORTH KOREA'S POWER SHIFT\n\n"
        "First paragraph, wrapped\nover two lines.\n\n2\n\n"
        "Second paragraph starts on one page\nTHE SINO-NORTH KOREAN PARTNERSHIP TODAY: NORTH KOREA'S POWER SHIFT\n"
        "and ends on the next."
    )

    report = run_import(text, importer)

    assert report.article.title == TITLE
    assert report.article.body == (
        "First paragraph, wrapped\nover two lines.\n\nSecond paragraph starts on one page\nand ends on the next."
    )
    assert "1 running header(s) repeating the title, removed" in report.found
    assert "1 page number(s), removed" in report.found


@pytest.mark.parametrize(
    ("title", "body", "expected"),
    [
        ("NORTH KOREA'S POWER SHIFT", "Text.", "North Korea's Power Shift"),
        ("THE SINO-NORTH PACT: A NEW ERA OF TRADE", "Text.", "The Sino-North Pact: A New Era of Trade"),
        ("WHY THE US AND THE DPRK TALK", "The US talks to the DPRK.", "Why the US and the DPRK Talk"),
        ("KIM JONG-UN IN BEIJING", "Kim Jong-un went to Beijing.", "Kim Jong-un in Beijing"),
        ("Already in Title Case", "Text.", "Already in Title Case"),
        ("# A Markdown title", "Text.", "A Markdown title"),
    ],
)
def test_titles_in_capitals_become_title_case(importer, title, body, expected):
    assert run_import(f"{title}\n\n{body}", importer).article.title == expected


def test_slugs_are_unique(importer):
    first = run_import("A TITLE\n\nOne text.", importer).article
    second = run_import("A TITLE\n\nAnother text.", importer).article

    assert (first.slug, second.slug) == ("a-title", "a-title-2")


def test_importing_needs_the_import_permission(sample_text):
    with pytest.raises(ImportRefused, match="may not import"):
        run_import(sample_text, UserFactory(is_staff=True, password=None))


def test_expert_matching_costs_the_same_queries_for_many_experts(setup, sample_text):
    run_import(sample_text, setup, dry_run=True)  # caches the importer's permissions
    with CaptureQueriesContext(connection) as few:
        run_import(sample_text, setup, dry_run=True)
    ExpertFactory.create_batch(30)
    with CaptureQueriesContext(connection) as many:
        run_import(sample_text, setup, dry_run=True)

    assert len(many) == len(few)
