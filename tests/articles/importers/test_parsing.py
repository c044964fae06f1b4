import pytest

from articles.models import Expert, Region, Series, Source
from tests.articles.importers.briefings import PLACEHOLDERS, TITLE, real_urls, run_import
from tests.factories import SourceFactory

pytestmark = pytest.mark.django_db


def test_real_urls_become_sources_matched_by_url(importing_editor, sample_text):
    known = SourceFactory(url="https://example.org/source-2", title="Already known")

    article = run_import(real_urls(sample_text), importing_editor).article

    citations = list(article.citations.select_related("source"))
    assert [citation.source.url for citation in citations] == [f"https://example.org/source-{n}" for n in range(1, 6)]
    assert not any(citation.is_placeholder for citation in citations)
    assert citations[1].source == known
    assert citations[0].source.title == PLACEHOLDERS[0]
    assert Source.objects.count() == 5


def test_empty_link_targets_and_non_web_links_are_placeholders(importing_editor):
    text = "A TITLE\n\nSee [the report]() and [the memo](mailto:someone) and [the site](https://example.org/x_(y))."

    article = run_import(text, importing_editor).article

    citations = list(article.citations.select_related("source"))
    assert [(c.cited_text, c.is_placeholder, c.source.url) for c in citations] == [
        ("the report", True, ""),
        ("the memo", True, ""),
        ("the site", False, "https://example.org/x_(y)"),
    ]
    assert "[the report]()" in article.body


def test_unknown_series_and_region_are_reported_not_created(importer, briefing_experts):
    Series.objects.create(name="Regional Update", slug="regional-update")
    text = "A TITLE\n\nRegional Update Arctic Affairs | First paragraph of the update.\n\nSecond paragraph."

    report = run_import(text, importer)

    article = report.article
    assert (article.series.name, article.region) == ("Regional Update", None)
    assert Region.objects.count() == 0
    assert any("“arctic affairs” is no known region" in item for item in report.attention)
    assert article.body == "First paragraph of the update.\n\nSecond paragraph."


def test_people_not_known_are_listed_not_created(importing_editor):
    text = (
        "A TITLE\n\nAnna Kowalski, professor of Politics at Leiden, argues that the talks stall. "
        "Korea expert John Smith says so too, as does Breuker."
    )

    report = run_import(text, importing_editor)

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
        "First paragraph, wrapped over two lines.\n\nSecond paragraph starts on one page and ends on the next."
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
