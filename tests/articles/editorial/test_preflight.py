import datetime

import pytest
from django.core.management import ManagementUtility, call_command
from django.urls import reverse

from actors.models import Mention
from articles.demo.loading import PLACEHOLDER_SOURCES, load_demo
from articles.editorial.preflight import run_preflight
from articles.models import Source
from tests.factories import (
    ActorFactory,
    ArticleFactory,
    CitationFactory,
    EditorFactory,
    ExpertFactory,
    MentionFactory,
    QuoteFactory,
    SourceFactory,
)
from tests.pictures import library_image

pytestmark = pytest.mark.django_db


def codes(article):
    return [problem.code for problem in run_preflight(article)]


def test_a_clean_update_passes():
    article = ArticleFactory()
    QuoteFactory(article=article, status="approved")
    CitationFactory(article=article)
    MentionFactory(article=article)
    assert run_preflight(article) == []


def test_the_demo_fails_for_exactly_its_five_placeholder_links():
    problems = run_preflight(load_demo())
    assert [problem.code for problem in problems] == ["link_to_nowhere"] * 5
    assert all(problem.blocking for problem in problems)
    for number, (problem, text) in enumerate(zip(problems, PLACEHOLDER_SOURCES, strict=True), start=1):
        assert problem.message == (
            f"The link “{text}” points to “#” (citation [{number}]: give its source a URL and link to it)."
        )


def test_the_demo_passes_once_its_links_are_fixed():
    article = load_demo()
    for citation in article.citations.select_related("source"):
        url = f"https://example.org/{citation.order}"
        Source.objects.filter(pk=citation.source_id).update(url=url)
        article.body = article.body.replace(f"[{citation.cited_text}](#)", f"[{citation.cited_text}]({url})")
    article.save()
    assert run_preflight(article) == []


def test_links_to_nowhere():
    target = ArticleFactory(published=True, slug="published-one")
    ArticleFactory(slug="a-draft")
    body = (
        "## First section\n\n"
        "[hash](#) [empty]() [script](javascript:alert(1)) [nowhere](/no/such/page/) "
        "[draft](/updates/a-draft/) [missing](../missing/) [anchor](#no-such-heading)\n\n"
        f"[web](https://example.org/x) [mail](mailto:desk@example.org) [site]({target.get_absolute_url()}) "
        "[relative](../published-one/) [section](#first-section)"
    )
    problems = run_preflight(ArticleFactory(body=body))
    assert [p.code for p in problems] == ["link_to_nowhere"] * 7
    messages = [p.message for p in problems]
    assert messages[0] == "The link “hash” points to “#”."
    assert messages[1] == "The link “empty” has an empty address."
    assert messages[2] == "The link “script” uses “javascript:”, which is not a page."
    assert messages[3] == "The link “nowhere” points to “/no/such/page/”, a page that does not exist on this site."
    assert "“/updates/a-draft/”" in messages[4]  # a page readers cannot see
    assert "“../missing/”" in messages[5]
    assert messages[6] == "The link “anchor” points to “#no-such-heading”, which no heading of this update has."


REPEATED_HEADINGS = (
    "## Background\n\nFirst.\n\n## Background\n\nSecond.\n\n"
    "[see](#background-2) [first](#background) [third](#background-3)"
)


def test_a_link_to_a_repeated_heading_uses_the_anchor_the_page_gives_it():
    """Preflight knows the anchors rendering gives repeated headings: #background, #background-2."""
    problems = [p.message for p in run_preflight(ArticleFactory(body=REPEATED_HEADINGS))]
    assert problems == ["The link “third” points to “#background-3”, which no heading of this update has."]


def test_quotes_not_approved_by_their_expert():
    """The check itself belongs to expert review (issue 5); publishing is blocked by it all the same."""
    article = ArticleFactory(body="A “multilateral mini UN”, a “backdoor”, a “top priority”.")
    expert = ExpertFactory(name="Remco Breuker")
    QuoteFactory(article=article, expert=expert, text="multilateral mini UN", status="pending")
    QuoteFactory(article=article, expert=expert, text="backdoor", status="changes_requested", kind="paraphrase")
    QuoteFactory(article=article, expert=expert, status="approved")
    QuoteFactory(article=article, expert=None, actor=ActorFactory(), source=SourceFactory(), text="top priority")
    messages = [p.message for p in run_preflight(article)]
    assert messages == [
        "Remco Breuker has not yet approved “multilateral mini UN”.",
        "Remco Breuker asked for a change to “backdoor”.",
    ]


def test_quotes_the_text_no_longer_contains():
    article = ArticleFactory(body="Breuker calls it China’s  “backdoor”.\n\nNothing else.")
    QuoteFactory(article=article, text="China's backdoor", status="approved", kind="paraphrase")
    QuoteFactory(article=article, text="China\u2019s “backdoor”", status="approved")  # typography and spacing differ
    assert "quote-not-in-text" in codes(article)
    gone = article.quotes.get(text="China's backdoor")
    assert [str(problem) for problem in run_preflight(article)] == [
        f"“China's backdoor” ({gone.expert}) no longer appears in the text: edit the quote to match, or remove it."
    ]


def test_citations_whose_source_has_no_url():
    article = ArticleFactory(body="A [linked placeholder](#) and plain text.")
    CitationFactory(article=article, order=1, source=SourceFactory(url="", title="Unlinked"), cited_text="plain")
    CitationFactory(
        article=article, order=2, source=SourceFactory(url="", title="Linked"), cited_text="linked placeholder"
    )
    CitationFactory(article=article, order=3)
    problems = run_preflight(article)
    assert [p.code for p in problems] == ["link_to_nowhere", "citation_without_url"]
    assert problems[1].message == "Citation [1] cites “Unlinked”, which has no URL."


@pytest.mark.parametrize("standfirst", ["", "  \n"])
def test_no_standfirst(standfirst):
    assert codes(ArticleFactory(standfirst=standfirst)) == ["no_standfirst"]


def test_unpublished_experts_and_actors_referenced():
    article = ArticleFactory()
    article.authors.add(ExpertFactory(name="Hidden Author", is_published=False), ExpertFactory())
    QuoteFactory(article=article, expert=ExpertFactory(name="Hidden Expert", is_published=False), status="approved")
    hidden_speaker = ActorFactory(name="Hidden Speaker", is_published=False)
    QuoteFactory(article=article, expert=None, actor=hidden_speaker, source=SourceFactory())
    MentionFactory(article=article, actor=ActorFactory(name="Hidden Actor", is_published=False))
    MentionFactory(article=article, actor=ActorFactory(is_published=False), origin=Mention.Origin.REJECTED)
    MentionFactory(article=article)
    assert [p.message for p in run_preflight(article)] == [
        "The author Hidden Author has no public profile.",
        "Hidden Expert is quoted but has no public profile.",
        "Hidden Speaker is quoted but has no public page.",
        "The actor Hidden Actor is tagged but has no public page.",
    ]


@pytest.mark.parametrize(
    ("body", "messages"),
    [
        ("## A\n\n### B\n\n## C\n\n### D\n\n#### E", []),
        ("# Big\n\n## A", ["The heading “Big” is level 1; only the title is. Use ## for sections."]),
        ("Title\n=====\n\ntext", ["The heading “Title” is level 1; only the title is. Use ## for sections."]),
        ("## A\n\n#### B", ["The heading “B” is level 4 after a level-2 heading; use level 3."]),
        ("### Starts low", ["The heading “Starts low” is level 3 after a level-1 heading; use level 2."]),
    ],
)
def test_headings_out_of_order(body, messages):
    assert [p.message for p in run_preflight(ArticleFactory(body=body))] == messages


def test_sources_last_checked_as_dead():
    article = ArticleFactory()
    checked = datetime.datetime(2026, 3, 1, 12, 0, tzinfo=datetime.UTC)
    dead = SourceFactory(title="Gone", check_result="dead", check_status_code=404, checked_at=checked)
    down = SourceFactory(title="Down", check_result="dead", check_error="Connection refused", checked_at=checked)
    CitationFactory(article=article, order=1, source=dead)
    CitationFactory(article=article, order=2, source=down)
    CitationFactory(article=article, order=3, source=SourceFactory(check_result="alive"))
    assert [p.message for p in run_preflight(article)] == [
        "The source “Gone” of citation [1] was dead when checked on 1 March 2026 (status 404).",
        "The source “Down” of citation [2] was dead when checked on 1 March 2026 (Connection refused).",
    ]


def test_preflight_command_prints_one_line_per_problem_and_exits_1(capsys):
    load_demo()
    with pytest.raises(SystemExit) as exit:
        ManagementUtility(["manage.py", "preflight", "sino-north-korean-partnership-today"]).execute()
    assert exit.value.code == 1
    captured = capsys.readouterr()
    lines = captured.out.splitlines()
    assert len(lines) == 5 and all(line.startswith("BLOCKS link_to_nowhere: The link “") for line in lines)
    assert "5 problems block publishing" in captured.err


def test_preflight_command_passes_a_clean_update(capsys):
    ArticleFactory(slug="clean")
    call_command("preflight", "clean")
    assert "passes preflight" in capsys.readouterr().out


def test_the_admin_shows_the_problems_on_the_update(client):
    article = load_demo()
    client.force_login(EditorFactory())
    html = client.get(reverse("admin:articles_article_change", args=[article.pk])).content.decode()
    assert html.count('<li class="blocking">The link “') == 5


def test_a_body_image_missing_from_the_library_blocks_publishing():
    held = library_image(600, 300)
    article = ArticleFactory(body=f"Text.\n\n![](image:{held.pk})\n\nMore ![gone](image:{held.pk + 1000}).")
    problems = [problem for problem in run_preflight(article) if problem.code == "missing_image"]
    assert [problem.message for problem in problems] == [
        f"The body places image {held.pk + 1000} (image:{held.pk + 1000}), which is not in the image library."
    ]
    assert problems[0].blocking
