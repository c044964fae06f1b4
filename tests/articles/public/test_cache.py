"""Cached public pages: validators, 304s, invalidation, scheduled publishing, no cookies; old slugs 301."""

import datetime

import pytest
import time_machine
from django import forms
from django.contrib import admin
from django.test import RequestFactory
from django.utils import timezone

from articles.editorial.saving import changing_article, create_article, save_article
from articles.editorial.workflow import unpublish_article
from articles.models import Article, ArticleRedirect, Expert, Quote, Source
from tests.factories import ArticleFactory, EditorFactory
from tests.live_changes import publish_a_change
from tests.public_content import DEMO_SLUG, DEMO_TITLE, PUBLIC_PAGES

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


def test_second_request_is_served_from_the_cache_with_one_query_the_generation(client, site, django_assert_num_queries):
    client.get(ARTICLE_URL)

    with django_assert_num_queries(1) as queries:
        assert client.get(ARTICLE_URL).status_code == 200
    assert "articles_changestamp" in queries.captured_queries[0]["sql"]


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """Run what the block registers with `on_commit`, as the commit of a real request would."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


def call_admin(model, method, *args, by):
    """Call one method of the registered ModelAdmin of `model`, as the admin's views would."""
    request = RequestFactory().post("/admin/")
    request.user = by
    getattr(admin.site._registry[model], method)(request, *args)


@pytest.fixture
def live(site):
    """A published update that passes preflight, so a new version of it can be published (the demo has problems)."""
    return ArticleFactory(published=True, slug="clean-update", title="A clean update")


def test_a_change_invalidates_cached_pages_and_their_etag(client, live, committed, editor):
    before = client.get(live.get_absolute_url())
    with committed():
        publish_a_change(live, by=editor, title="A corrected title")

    after = client.get(live.get_absolute_url(), headers={"If-None-Match": before["ETag"]})

    assert after.status_code == 200 and after["ETag"] != before["ETag"]
    assert "A corrected title" in after.content.decode()
    assert "A corrected title" in client.get("/").content.decode()


def add_topic(site, editor):
    draft = site.hidden[0]  # any update's change marks public content changed; a live one's goes through a new version
    with changing_article(draft, by=editor, expected_version=draft.version):
        draft.topics.add("new-topic-name")


@pytest.mark.parametrize(
    "change",
    [
        add_topic,
        lambda site, editor: call_admin(
            Source, "save_model", site.article.citations.first().source, None, True, by=editor
        ),
        lambda site, editor: call_admin(Quote, "delete_model", site.hidden[0].quotes.first(), by=editor),
    ],
    ids=["topic added", "source saved in the admin", "quote deleted in the admin"],
)
def test_changes_to_related_rows_invalidate_too(client, site, committed, editor, change):
    before = client.get(ARTICLE_URL)["ETag"]
    with committed():
        change(site, editor)
    assert client.get(ARTICLE_URL)["ETag"] != before


def test_a_change_invalidates_nothing_until_it_commits(client, live, django_capture_on_commit_callbacks, editor):
    before = client.get(live.get_absolute_url())["ETag"]
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        publish_a_change(live, by=editor, title="A corrected title")
        assert client.get(live.get_absolute_url())["ETag"] == before
    assert callbacks  # the new generation waits for the commit


def admin_form_data(page, **overrides):
    """The change form as the browser would submit it, with `overrides`."""
    form = page.context["adminform"].form
    data = {}
    for name, field in form.fields.items():
        value = form[name].value()
        if value not in (None, False) and not isinstance(field, forms.FileField):  # no uploads
            data[name] = [str(v) for v in value] if isinstance(value, list) else value
    return {**data, **overrides}


def test_an_admin_edit_of_an_expert_invalidates_cached_pages(client, site, committed, editor):
    expert = Expert.objects.get(slug="remco-breuker")
    page = client.get(f"/experts/{expert.slug}/")
    client.force_login(editor)
    url = f"/admin/articles/expert/{expert.pk}/change/"
    with committed():
        response = client.post(url, admin_form_data(client.get(url), role="HIG's senior Korea analyst"))
    assert response.status_code == 302
    client.logout()

    after = client.get(f"/experts/{expert.slug}/", headers={"If-None-Match": page["ETag"]})
    assert after.status_code == 200 and "HIG&#x27;s senior Korea analyst" in after.content.decode()


def test_a_workflow_unpublish_invalidates_cached_pages(client, site, committed, editor):
    before = client.get(ARTICLE_URL)
    assert before.status_code == 200
    with committed():
        unpublish_article(site.article, by=editor)

    assert client.get(ARTICLE_URL, headers={"If-None-Match": before["ETag"]}).status_code == 404
    assert "The Sino-North Korean Partnership Today" not in client.get("/").content.decode()


def test_a_scheduled_update_appears_at_its_minute_without_any_write(client, site):
    publish_at = timezone.now() + datetime.timedelta(minutes=10)
    ArticleFactory(title="Scheduled briefing", slug="scheduled", status=Article.Status.PUBLISHED, publish_at=publish_at)
    before = client.get("/")
    assert "Scheduled briefing" not in before.content.decode()
    assert client.get("/updates/scheduled/").status_code == 404

    with time_machine.travel(publish_at + datetime.timedelta(seconds=30), tick=False):
        after = client.get("/", headers={"If-None-Match": before["ETag"]})

        assert after.status_code == 200
        assert "Scheduled briefing" in after.content.decode()
        assert client.get("/updates/scheduled/").status_code == 200


def test_a_changed_slug_answers_301_to_the_new_url(client, live, editor):
    publish_a_change(live, by=editor, slug="partnership-renamed")
    publish_a_change(live, by=editor, slug="partnership-renamed-again")

    first = client.get("/updates/clean-update/")
    second = client.get("/updates/partnership-renamed/")

    assert first.status_code == 301 and first["Location"] == "/updates/partnership-renamed-again/"
    assert second.status_code == 301 and second["Location"] == "/updates/partnership-renamed-again/"
    assert client.get("/updates/partnership-renamed-again/").status_code == 200


def test_a_slug_taken_up_again_stops_redirecting(client, live, editor):
    publish_a_change(live, by=editor, slug="renamed")
    assert ArticleRedirect.objects.filter(old_slug="clean-update").exists()
    another = ArticleFactory.build(
        published=True, slug="clean-update", title="Another update", series=None, region=None
    )
    create_article(another, by=editor)

    assert not ArticleRedirect.objects.filter(old_slug="clean-update").exists()
    assert "Another update" in client.get("/updates/clean-update/").content.decode()


def test_old_slugs_of_unpublished_updates_answer_404(client, site, editor):
    draft = ArticleFactory(slug="draft-old")
    draft.slug = "draft-new"
    save_article(draft, by=editor, expected_version=draft.version)

    assert client.get("/updates/draft-old/").status_code == 404


def test_with_a_lagging_replica_a_page_is_neither_cached_nor_validated_until_the_change_settles(
    client, live, committed, editor, settings, django_assert_num_queries
):
    settings.PAGE_CACHE_SETTLE_SECONDS = 10
    with committed():
        publish_a_change(live, by=editor, title="A corrected title")
    changed_at = timezone.now()

    with time_machine.travel(changed_at + datetime.timedelta(seconds=2), tick=False):
        settling = client.get(ARTICLE_URL)
        again = client.get(ARTICLE_URL)
    assert "no-cache" in settling["Cache-Control"]
    assert not settling.has_header("ETag") and not again.has_header("ETag")

    with time_machine.travel(changed_at + datetime.timedelta(seconds=11), tick=False):
        settled = client.get(ARTICLE_URL)
        with django_assert_num_queries(1):  # the generation
            cached = client.get(ARTICLE_URL)
    assert settled.has_header("ETag") and cached["ETag"] == settled["ETag"]


# ---- Changes made by another process (a command, the task worker, another gunicorn worker) -------


def test_an_unpublish_committed_by_another_process_invalidates_the_pages_cached_here(client, site, another_process):
    assert client.get(ARTICLE_URL).status_code == 200
    assert DEMO_TITLE in client.get("/").content.decode()
    assert "The Sino-North Korean Partnership Today" in client.get("/feed/").content.decode()

    with another_process():
        unpublish_article(site.article, by=EditorFactory())

    assert client.get(ARTICLE_URL).status_code == 404
    assert DEMO_TITLE not in client.get("/").content.decode()
    assert "The Sino-North Korean Partnership Today" not in client.get("/feed/").content.decode()


def test_a_slug_changed_by_another_process_redirects_here_at_once(client, site, another_process):
    assert client.get(ARTICLE_URL).status_code == 200

    with another_process():
        site.article.slug = "renamed-elsewhere"  # as merging its approved new version does
        with changing_article(
            site.article, by=EditorFactory(), expected_version=site.article.version, housekeeping=True
        ):
            pass

    old = client.get(ARTICLE_URL)
    assert old.status_code == 301 and old["Location"] == "/updates/renamed-elsewhere/"
    assert 'href="/updates/renamed-elsewhere/"' in client.get("/").content.decode()


def page_entries():
    """The cached pages in the test's cache: local memory, or Redis in CI's third run (REDIS_URL)."""
    from django.core.cache import caches

    store = caches["default"]._cache
    if hasattr(store, "get_client"):  # Django's RedisCache: its keys carry the key prefix and version
        return store.get_client(write=False).keys("*public-site:page:*")
    return [key for key in store if "public-site:page:" in key]


def test_junk_query_parameters_share_the_page_s_cache_entry(client, site, django_assert_num_queries):
    plain = client.get("/")

    with django_assert_num_queries(1):  # the generation alone: no render
        tagged = client.get("/?utm_source=x&foo=1")

    assert tagged.content == plain.content
    assert "utm_source" not in plain.content.decode()
    assert len(page_entries()) == 1


def test_a_junk_parameter_never_reaches_a_cached_page_s_links(client, site):
    from tests.public_content import add_public_bulk

    add_public_bulk(site, articles=25, actors_each=0, extras_each=0)
    html = client.get("/?utm_source=leak").content.decode()

    assert "?page=2" in html and "utm_source" not in html


def test_a_parameter_the_page_reads_is_an_entry_of_its_own(client, site):
    from tests.public_content import add_public_bulk

    add_public_bulk(site, articles=25, actors_each=0, extras_each=0)
    first, second = client.get("/"), client.get("/?page=2")

    assert first.content != second.content
    assert client.get("/?utm_source=x&page=2").content == second.content
    assert len(page_entries()) == 2


def test_the_cache_does_not_grow_with_junk_query_strings(client, site, django_assert_num_queries):
    client.get("/")
    client.get(ARTICLE_URL)
    before = len(page_entries())

    with django_assert_num_queries(100):  # one query (the generation) per request: nothing rendered
        for number in range(50):
            client.get(f"/?junk{number}={number}")
            client.get(f"{ARTICLE_URL}?utm_source=feed{number}&page={number}")  # an update's page reads no page

    assert len(page_entries()) == before == 2


def test_search_keys_on_its_own_parameters_only(client, site, django_assert_num_queries):
    searched = client.get("/search/?q=korea")

    with django_assert_num_queries(1):
        assert client.get("/search/?junk=1&q=korea").content == searched.content
    assert client.get("/search/?q=china").content != searched.content
    assert len(page_entries()) == 2


def test_parameters_are_keyed_in_a_canonical_order_on_the_value_the_view_reads():
    from articles.public.cache import page_query

    request = RequestFactory().get("/search/?year=2024&junk=1&q=a&q=b&page=")

    assert page_query(request, ("q", "page", "year")) == f"page=&q={request.GET.get('q')}&year=2024"
    assert page_query(request, ()) == ""
