"""Reader search: only published updates, by text or by the actors a query names; the page around it."""

import datetime

import pytest
import time_machine
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from actors.models import Actor, Mention
from articles.editorial.saving import create_article
from articles.models import Article
from articles.public.search import search_articles
from tests.factories import ArticleFactory, MentionFactory
from tests.public_content import DEMO_SLUG, DEMO_TITLE, HIDDEN_MARK, PUBLIC_PAGES, add_public_bulk

pytestmark = pytest.mark.django_db
POSTGRES = connection.vendor == "postgresql"


def slugs(query):
    return [article.slug for article in search_articles(query)]


def search_page(client, query, **params):
    response = client.get("/search/", {"q": query, **params})
    assert response.status_code == 200
    return response.content.decode()


def unpublished_versions(**fields):
    """The same update in every state readers must not see, each matching the query better than the demo."""
    states = {
        "draft": {"status": Article.Status.DRAFT},
        "in-review": {"status": Article.Status.IN_REVIEW},
        "approved": {"status": Article.Status.APPROVED},
        "scheduled": {"status": Article.Status.PUBLISHED, "publish_at": timezone.now() + datetime.timedelta(days=1)},
        "archived": {"status": Article.Status.ARCHIVED, "publish_at": timezone.now()},
    }
    return [ArticleFactory(slug=f"secret-{name}", **state, **fields) for name, state in states.items()]


@pytest.mark.parametrize(
    "query",
    ["hermit kingdom", "Uyghur minorities", "Sino-North Korean Partnership", "PARTNERSHIP power shift"],
    ids=["body", "body, other words", "title", "title, any case"],
)
def test_finds_the_demo_by_its_words(site, query):
    assert slugs(query) == [DEMO_SLUG]


@pytest.mark.parametrize("query", ["DPRK", "dprk", "Pyongyang", "pyongyang", "North Koreans"])
def test_an_actors_name_or_alias_finds_updates_mentioning_the_actor(site, query):
    north_korea = Actor.objects.get(slug="north-korea")
    tagged = ArticleFactory(published=True, slug="tagged-only", body="Nothing here names the state.")
    MentionFactory(article=tagged, actor=north_korea, origin=Mention.Origin.MANUAL)
    rejected = ArticleFactory(published=True, slug="rejected-only", body="Nothing here either.")
    MentionFactory(article=rejected, actor=north_korea, origin=Mention.Origin.REJECTED)

    found = slugs(query)

    assert DEMO_SLUG in found and "tagged-only" in found
    assert "rejected-only" not in found
    assert not any(slug.startswith("hidden-") for slug in found)


def test_the_rest_of_a_query_naming_an_actor_must_match_too(site):
    north_korea = Actor.objects.get(slug="north-korea")
    for slug, body in [("missiles", "A test of missiles was reported."), ("harvest", "The harvest was poor.")]:
        MentionFactory(article=ArticleFactory(published=True, slug=slug, body=body), actor=north_korea)

    assert "missiles" in slugs("DPRK missiles") and "harvest" not in slugs("DPRK missiles")
    assert {"missiles", "harvest"} <= set(slugs("the DPRK"))  # stop words alone do not narrow
    assert slugs("hermit -DPRK") == []  # the demo says "DPRK"; an excluded name adds no actor either


def test_unpublished_updates_never_match_even_when_they_match_better(site):
    secrets = unpublished_versions(title="Hermit kingdom", standfirst="Hermit kingdom", body="Hermit kingdom.")
    for secret in secrets:
        MentionFactory(article=secret, actor=Actor.objects.get(slug="north-korea"))

    assert slugs("hermit kingdom") == [DEMO_SLUG]
    assert not [slug for slug in slugs("DPRK") if slug.startswith(("secret-", "hidden-"))]
    assert slugs(HIDDEN_MARK) == []


@pytest.mark.parametrize("query", ["", "   ", "!!!"])
def test_a_query_without_words_finds_nothing(site, query):
    assert slugs(query) == []


@pytest.mark.skipif(not POSTGRES, reason="ranking is PostgreSQL full-text search")
def test_postgres_ranks_a_title_match_above_newer_body_matches(site):
    old = timezone.now() - datetime.timedelta(days=30)
    ArticleFactory(published=True, slug="in-title", title="Fisheries in the Yellow Sea", publish_at=old)
    ArticleFactory(published=True, slug="in-body", body="A word on fisheries, in passing.")

    assert slugs("fisheries") == ["in-title", "in-body"]


@pytest.mark.skipif(POSTGRES, reason="the fallback without full-text search")
def test_without_full_text_search_every_word_must_occur_and_newest_come_first(site):
    old = timezone.now() - datetime.timedelta(days=30)
    ArticleFactory(published=True, slug="in-title", title="Fisheries in the Yellow Sea", publish_at=old)
    ArticleFactory(published=True, slug="in-body", body="A word on FISHERIES, in passing.")

    assert slugs("fisheries") == ["in-body", "in-title"]
    assert slugs("fisheries yellow") == ["in-title"]


def test_the_page_lists_results_as_article_items(client, site):
    html = search_page(client, "hermit kingdom")

    assert "1 update matches “hermit kingdom”." in html
    assert DEMO_TITLE in html and 'class="item"' in html
    assert 'value="hermit kingdom"' in html
    assert '<meta name="robots" content="noindex">' in html
    assert HIDDEN_MARK not in html


def test_no_results_say_so_with_a_hint(client, site):
    html = search_page(client, "zanzibar")

    assert "No published updates match “zanzibar”." in html
    assert "Try fewer or other words" in html
    assert 'class="item' not in html


def test_an_empty_query_shows_just_the_form(client, site):
    html = client.get("/search/").content.decode()

    assert 'id="search-q"' in html and 'value=""' in html
    assert "match" not in html and 'class="item' not in html
    assert '<meta name="robots" content="noindex">' in html


def test_the_query_is_escaped(client, site):
    html = search_page(client, '<script>alert("x")</script>')

    assert "<script>" not in html
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in html


def test_results_are_paginated_keeping_the_query(client, site):
    ArticleFactory.create_batch(21, published=True, title="Fisheries report")

    first, second = search_page(client, "fisheries"), search_page(client, "fisheries", page=2)

    assert "21 updates match" in first and first.count('class="item"') == 20
    assert 'rel="next" href="?q=fisheries&amp;page=2">More results →' in first
    assert second.count('class="item"') == 1 and 'rel="prev" href="?q=fisheries&amp;page=1"' in second


def queries_for(client, url):
    cache.clear()
    with CaptureQueriesContext(connection) as context:
        assert client.get(url).status_code == 200
    return len(context)


@pytest.mark.parametrize("url", ["/search/?q=china", "/search/?q=text", "/search/?q=nothing+matches", "/search/"])
def test_query_count_is_fixed(client, site, url, django_assert_num_queries):
    add_public_bulk(site, articles=1, actors_each=1, extras_each=1)
    small = queries_for(client, url)

    add_public_bulk(site, articles=25, actors_each=6, extras_each=5)
    cache.clear()
    with django_assert_num_queries(small):
        client.get(url)


def test_a_cached_search_shows_a_newly_published_update(client, site, django_capture_on_commit_callbacks):
    assert "No published updates match" in search_page(client, "zanzibar")

    new = ArticleFactory.build(
        published=True, slug="zanzibar", title="Zanzibar and the Indian Ocean", series=None, region=None
    )
    with django_capture_on_commit_callbacks(execute=True):
        create_article(new, by=None)  # the write path marks public content changed

    assert "Zanzibar and the Indian Ocean" in search_page(client, "zanzibar")


def test_a_cached_search_shows_a_scheduled_update_once_its_time_has_come(client, site):
    publish_at = timezone.now() + datetime.timedelta(minutes=10)
    ArticleFactory(slug="zanzibar", title="Zanzibar briefing", status=Article.Status.PUBLISHED, publish_at=publish_at)
    assert "Zanzibar briefing" not in search_page(client, "zanzibar")

    with time_machine.travel(publish_at + datetime.timedelta(seconds=30), tick=False):
        assert "Zanzibar briefing" in search_page(client, "zanzibar")


def test_each_query_is_cached_on_its_own(client, site, django_assert_num_queries):
    search_page(client, "hermit kingdom")
    with django_assert_num_queries(1):  # the content generation
        assert DEMO_TITLE in search_page(client, "hermit kingdom")
    assert "No published updates match" in search_page(client, "zanzibar")


@pytest.mark.parametrize("url", PUBLIC_PAGES + ["/search/?q=china", "/no-such-page/"])
def test_every_public_page_has_the_search_form_in_its_header(client, site, url):
    html = client.get(url).content.decode()
    header = html.split('<header class="site-header">', 1)[1].split("</header>", 1)[0]

    assert '<form class="site-search" role="search" action="/search/" method="get">' in header
    assert '<label class="visually-hidden" for="site-search-q">Search updates</label>' in header
    assert '<input id="site-search-q" type="search" name="q"' in header


def test_search_pages_are_not_in_the_sitemap(client, site):
    for section in ("listings", "updates"):
        assert "/search/" not in client.get(f"/sitemap-{section}.xml").content.decode()
