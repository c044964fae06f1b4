"""Cached public pages: validators, 304s, invalidation, scheduled publishing, no cookies; old slugs 301."""

import datetime

import pytest
from django.utils import timezone

from articles.models import Article, ArticleRedirect
from tests.factories import ArticleFactory
from tests.public_content import DEMO_SLUG, PUBLIC_PAGES

pytestmark = pytest.mark.django_db
ARTICLE_URL = f"/updates/{DEMO_SLUG}/"


@pytest.mark.parametrize("url", PUBLIC_PAGES + ["/feed/", "/sitemap.xml"])
def test_pages_send_validators_and_answer_conditional_gets_with_304(client, site, url):
    first = client.get(url)
    assert first["ETag"] and first["Last-Modified"]
    assert "public" in first["Cache-Control"]

    by_etag = client.get(url, headers={"If-None-Match": first["ETag"]})
    by_date = client.get(url, headers={"If-Modified-Since": first["Last-Modified"]})

    assert by_etag.status_code == 304 and by_etag.content == b""
    assert by_date.status_code == 304
    assert by_etag["ETag"] == first["ETag"]


@pytest.mark.parametrize("url", PUBLIC_PAGES + ["/feed/"])
def test_anonymous_pages_set_no_cookies_and_do_not_vary_on_them(client, site, url):
    for _ in range(2):  # freshly rendered, then from the cache
        response = client.get(url)
        assert not response.cookies
        assert "Cookie" not in response.get("Vary", "")
        assert "script-src 'self'" in response["Content-Security-Policy"]


def test_second_request_is_served_from_the_cache_without_queries(client, site, django_assert_num_queries):
    client.get(ARTICLE_URL)

    with django_assert_num_queries(0):
        assert client.get(ARTICLE_URL).status_code == 200


def test_a_change_invalidates_cached_pages_and_their_etag(client, site):
    before = client.get(ARTICLE_URL)
    site.article.title = "A corrected title"
    site.article.save()

    after = client.get(ARTICLE_URL, headers={"If-None-Match": before["ETag"]})

    assert after.status_code == 200 and after["ETag"] != before["ETag"]
    assert "A corrected title" in after.content.decode()
    assert "A corrected title" in client.get("/").content.decode()


@pytest.mark.parametrize(
    "change",
    [
        lambda site: site.article.topics.add("new-topic-name"),
        lambda site: site.article.citations.first().source.save(),
        lambda site: site.article.quotes.filter(kind="quote").first().delete(),
    ],
    ids=["topic added", "source saved", "quote deleted"],
)
def test_changes_to_related_rows_invalidate_too(client, site, change):
    before = client.get(ARTICLE_URL)["ETag"]
    change(site)
    assert client.get(ARTICLE_URL)["ETag"] != before


def test_a_scheduled_update_appears_at_its_minute_without_any_write(client, site, monkeypatch):
    publish_at = timezone.now() + datetime.timedelta(minutes=10)
    ArticleFactory(title="Scheduled briefing", slug="scheduled", status=Article.Status.PUBLISHED, publish_at=publish_at)
    before = client.get("/")
    assert "Scheduled briefing" not in before.content.decode()
    assert client.get("/updates/scheduled/").status_code == 404

    later = publish_at + datetime.timedelta(seconds=30)
    monkeypatch.setattr(timezone, "now", lambda: later)
    after = client.get("/", headers={"If-None-Match": before["ETag"]})

    assert after.status_code == 200
    assert "Scheduled briefing" in after.content.decode()
    assert client.get("/updates/scheduled/").status_code == 200


def test_a_changed_slug_answers_301_to_the_new_url(client, site):
    article = site.article
    article.slug = "partnership-renamed"
    article.save()
    article.slug = "partnership-renamed-again"
    article.save()

    first = client.get(ARTICLE_URL)
    second = client.get("/updates/partnership-renamed/")

    assert first.status_code == 301 and first["Location"] == "/updates/partnership-renamed-again/"
    assert second.status_code == 301 and second["Location"] == "/updates/partnership-renamed-again/"
    assert client.get("/updates/partnership-renamed-again/").status_code == 200


def test_a_slug_taken_up_again_stops_redirecting(client, site):
    site.article.slug = "renamed"
    site.article.save()
    ArticleFactory(published=True, slug=DEMO_SLUG, title="Another update")

    assert not ArticleRedirect.objects.filter(old_slug=DEMO_SLUG).exists()
    assert "Another update" in client.get(ARTICLE_URL).content.decode()


def test_old_slugs_of_unpublished_updates_answer_404(client, site):
    draft = ArticleFactory(slug="draft-old")
    draft.slug = "draft-new"
    draft.save()

    assert client.get("/updates/draft-old/").status_code == 404
