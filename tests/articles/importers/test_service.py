import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from actors.models import Mention
from articles.demo import loading as demo
from articles.importers import ImportRefused
from articles.models import Article, Quote, Source
from tests.articles.importers.briefings import (
    HEADINGS,
    PLACEHOLDERS,
    QUESTION,
    TITLE,
    crlf,
    expected_body,
    markdown_headings,
    real_urls,
    run_import,
    straight_quotes,
    summary,
    written_rows,
)
from tests.factories import ExpertFactory, UserFactory

pytestmark = pytest.mark.django_db

# What each expert is on record with in the sample: (name, kind, text) in order of appearance.
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


def test_the_sample_becomes_a_draft_with_all_its_parts(importing_editor, sample_text):
    report = run_import(sample_text, importing_editor, name="sino-north-korean-partnership.txt")

    article = Article.objects.get()
    assert report.article == article and not report.updated
    assert article.title == TITLE
    assert (article.series.name, article.region.name) == ("Regional Update", "BRI and East Asia")
    assert (article.status, article.owner, article.standfirst) == (Article.Status.DRAFT, importing_editor, "")
    assert article.slug == "the-sino-north-korean-partnership-today-north-koreas-power-shift"
    assert re.findall(r"^## (.+)$", article.body, re.MULTILINE) == HEADINGS
    assert article.research_question == QUESTION
    assert "This raises the question" not in article.body
    assert TITLE.upper() not in article.body.upper()  # the running header and the title line are gone
    body_blocks = article.body.split("\n\n")
    for paragraph in sample_paragraphs(sample_text):
        assert paragraph in body_blocks
    assert article.body == expected_body()

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


def test_the_sample_is_tagged_with_its_actors(importer, sample_text):
    demo.load_demo()  # the sample's actors and aliases (and a published copy, which must not interfere)

    report = run_import(sample_text, importer)

    tagged = set(report.article.mentions.filter(origin=Mention.Origin.AUTO).values_list("actor__name", flat=True))
    assert tagged == SAMPLE_ACTORS
    assert f"19 actors tagged: {', '.join(sorted(SAMPLE_ACTORS))}" in report.found


@pytest.mark.parametrize("variant", [crlf, straight_quotes, markdown_headings, real_urls])
def test_variants_of_the_briefing_import_equally_well(importing_editor, sample_text, variant):
    expected = summary(run_import(sample_text, importing_editor, name="original.txt").article)

    report = run_import(variant(sample_text), importing_editor, name="variant.md")

    article = report.article
    assert summary(article) == expected
    body = expected_body()
    if variant in (straight_quotes, real_urls):
        body = variant(body)
    assert article.body == body


def test_importing_the_same_file_again_updates_its_draft(importing_editor, sample_text):
    first = run_import(sample_text, importing_editor).article
    quote = first.quotes.get(text="multilateral mini UN")
    Quote.objects.filter(pk=quote.pk).update(status=Quote.Status.APPROVED)
    Article.objects.filter(pk=first.pk).update(title="Edited", body="Edited body")

    report = run_import(crlf(sample_text), importing_editor, name="again.txt")

    assert report.updated
    article = Article.objects.get()
    assert article.pk == first.pk
    assert (article.title, article.slug) == (TITLE, first.slug)
    assert article.body == expected_body()
    assert article.quotes.count() == len(EXPECTED_QUOTES)
    assert article.quotes.get(text="multilateral mini UN").status == Quote.Status.APPROVED
    assert (article.citations.count(), Source.objects.count()) == (5, 5)


def test_reimport_is_refused_once_the_draft_has_moved_on(importing_editor, sample_text):
    article = run_import(sample_text, importing_editor).article
    Article.objects.filter(pk=article.pk).update(status=Article.Status.IN_REVIEW, body="Reviewed body")

    with pytest.raises(ImportRefused, match="now in review"):
        run_import(sample_text, importing_editor)

    assert Article.objects.get().body == "Reviewed body"


def test_a_dry_run_reports_and_writes_nothing(importing_editor, sample_text):
    before = written_rows()

    report = run_import(sample_text, importing_editor, dry_run=True)

    assert written_rows() == before
    assert report.dry_run and "nothing was written" in report.outcome
    assert f"Title: “{TITLE}”" in report.found
    assert report.created_heading == "Would create"


def test_importing_needs_the_import_permission(sample_text):
    with pytest.raises(ImportRefused, match="may not import"):
        run_import(sample_text, UserFactory(is_staff=True, password=None))


def test_expert_matching_costs_the_same_queries_for_many_experts(importing_editor, sample_text):
    run_import(sample_text, importing_editor, dry_run=True)  # caches the importer's permissions
    with CaptureQueriesContext(connection) as few:
        run_import(sample_text, importing_editor, dry_run=True)
    ExpertFactory.create_batch(30)
    with CaptureQueriesContext(connection) as many:
        run_import(sample_text, importing_editor, dry_run=True)

    assert len(many) == len(few)


def test_citations_cost_the_same_queries_for_many_links(importer):
    def briefing(links):
        cited = " ".join(f"[source {n}](https://example.org/{n}) and [draft {n}](#)." for n in range(links))
        return f"A TITLE\n\nThe text cites {cited}"

    run_import(briefing(1), importer, dry_run=True)  # caches the importer's permissions
    with CaptureQueriesContext(connection) as few:
        run_import(briefing(2), importer, dry_run=True)
    with CaptureQueriesContext(connection) as many:
        report = run_import(briefing(40), importer, dry_run=True)

    assert "80 citations (40 placeholders); sources: 80 new, 0 already known." in report.created
    assert len(many) == len(few)
