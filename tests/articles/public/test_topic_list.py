"""`/topics/`: every topic of a published update, alphabetical, with counts of published updates only."""

import re

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from articles.models import Article
from tests.factories import ArticleFactory
from tests.public_content import HIDDEN_MARK, add_public_bulk

pytestmark = pytest.mark.django_db


def listed(client):
    """(name, count) per topic, in the page's order."""
    html = client.get("/topics/").content.decode()
    return [
        (name, int(count))
        for name, count in re.findall(
            r'class="chip" href="/topics/[^"]+/">([^<]+)</a> <span class="meta">(\d+) update', html
        )
    ]


def test_lists_published_topics_alphabetically_with_links(client, site):
    response = client.get("/topics/")
    html = response.content.decode()

    assert response.status_code == 200
    names = [name for name, _count in listed(client)]
    assert names == sorted(names, key=str.lower)
    assert set(names) == set(site.article.topics.values_list("name", flat=True))
    assert 'href="/topics/sanctions/"' in html
    assert '<link rel="canonical" href="http://testserver/topics/">' in html
    assert "<title>Topics — HIG Updates</title>" in html


def test_drafts_topics_never_appear(client, site):
    html = client.get("/topics/").content.decode()

    assert HIDDEN_MARK not in html and HIDDEN_MARK.lower() not in html


def test_counts_count_published_updates_only(client, site):
    # The hidden updates (draft, in review, scheduled, archived, a new version) all carry "sanctions" too.
    assert Article.objects.filter(topics__slug="sanctions").count() > 1
    other = ArticleFactory(published=True, slug="another-published")
    other.topics.set(["sanctions", "zeta-only-here"])

    counts = dict(listed(client))

    published_with = Article.objects.published().filter(topics__slug="sanctions").count()
    assert counts["sanctions"] == published_with == 2
    assert counts["zeta-only-here"] == 1


def test_an_empty_site_says_so(client, db):
    draft = ArticleFactory(slug="only-a-draft")
    draft.topics.set(["unseen"])

    html = client.get("/topics/").content.decode()

    assert "No topics yet" in html and "unseen" not in html


def test_query_count_is_constant(client, site):
    def queries():
        cache.clear()
        with CaptureQueriesContext(connection) as context:
            assert client.get("/topics/").status_code == 200
        return len(context)

    add_public_bulk(site, articles=1, actors_each=0, extras_each=1)
    small = queries()
    add_public_bulk(site, articles=10, actors_each=0, extras_each=5)
    cache.clear()
    assert len(listed(client)) > 50
    assert queries() == small


def test_the_navigation_and_the_sitemap_link_it(client, site):
    assert '<a href="/topics/">Topics</a>' in client.get("/").content.decode()
    assert "<loc>http://testserver/topics/</loc>" in client.get("/sitemap-listings.xml").content.decode()
