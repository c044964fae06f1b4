"""New versions in the back office: a live update's page, a new version's page, the changelist and the desk."""

import lxml.html
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from articles.editorial import desk, workflow
from articles.editorial.new_versions import start_new_version
from articles.editorial.saving import save_article
from articles.models import Article, StatusChange
from tests.factories import ArticleFactory, EditorFactory

pytestmark = pytest.mark.django_db

S = Article.Status
CHANGELIST = reverse("admin:articles_article_changelist")


def change_url(article):
    return reverse("admin:articles_article_change", args=[article.pk])


def new_version_in(status, *, by, title):
    """A new version, of a new live update, in `status` (draft, in review or approved), owned by `by`."""
    live = ArticleFactory(published=True, title=title, owner=by)
    new = start_new_version(live, by=by)
    if status != S.DRAFT:
        workflow.submit_for_review(new, by=by)
    if status == S.APPROVED:
        workflow.approve_article(new, by=EditorFactory())
    return new


def test_a_live_update_page_is_read_only_with_a_button_to_start_its_new_version(editor_client):
    live = ArticleFactory(published=True, title="Alliance today")
    page = editor_client.get(change_url(live)).content.decode()
    assert 'name="_save"' not in page and "Start a new version" in page
    assert "Readers see this update as it is" in page

    started = editor_client.post(reverse("admin:articles_article_new_version", args=[live.pk]))
    new = live.new_version
    assert started["Location"] == change_url(new)
    page = editor_client.get(change_url(live)).content.decode()
    assert "Open the new version (draft)" in page and "Start a new version" not in page


def test_a_new_version_page_links_its_live_update_and_shows_what_differs(editor_client, editor):
    live = ArticleFactory(published=True, title="Alliance today")
    new = start_new_version(live, by=editor)
    new.title = "Alliance renewed"
    save_article(new, by=editor, expected_version=new.version)

    html = editor_client.get(change_url(new)).content.decode()
    doc = lxml.html.fromstring(html)
    (notice,) = doc.xpath("//*[@id='new-version']")
    assert notice.xpath(".//h2/a/@href") == [change_url(live)]
    assert "Alliance <del>today</del><ins>renewed</ins>" in lxml.html.tostring(notice, encoding="unicode")
    assert 'name="_save"' in html and "Discard this new version" in html


def test_discarding_asks_first_then_goes_back_to_the_live_update(editor_client, editor):
    live = ArticleFactory(published=True, title="Alliance today")
    new = start_new_version(live, by=editor)
    url = reverse("admin:articles_article_discard", args=[new.pk])
    assert "stays as it is" in editor_client.get(url).content.decode()
    response = editor_client.post(url)
    assert response["Location"] == change_url(live)
    assert list(Article.objects.all()) == [live]
    refused = editor_client.post(reverse("admin:articles_article_discard", args=[live.pk]), follow=True)
    assert "no such new version" in refused.content.decode()


def test_restoring_a_live_update_revision_opens_its_new_version(editor_client, editor):
    live = ArticleFactory(status=S.APPROVED, title="Alliance today")
    save_article(live, by=editor, expected_version=live.version)
    workflow.approve_article(live, by=EditorFactory())
    workflow.publish_article(live, by=editor)
    live.refresh_from_db()
    restore = reverse("admin:articles_article_restore", args=[live.pk, 1])
    assert "restored into its new version" in editor_client.get(restore).content.decode()
    response = editor_client.post(restore, {"expected_version": live.version})
    assert response["Location"] == change_url(live.new_version)


def test_the_changelist_marks_new_versions_and_the_live_updates_that_have_one(editor_client, editor):
    new = new_version_in(S.IN_REVIEW, by=editor, title="Alliance today")
    html = editor_client.get(CHANGELIST).content.decode()
    assert f'New version of <a href="{change_url(new.new_version_of)}">Alliance today</a>' in html
    assert f'<a href="{change_url(new)}">New version: in review</a>' in html


def test_the_desk_lists_new_versions_in_their_states(client):
    editor = EditorFactory()
    client.force_login(editor)
    new_version_in(S.DRAFT, by=editor, title="Drafted again")
    new_version_in(S.IN_REVIEW, by=editor, title="Reviewed again")
    new_version_in(S.APPROVED, by=editor, title="Approved again")
    doc = lxml.html.fromstring(client.get("/admin/").content.decode())

    def rows(panel):
        return [" ".join(th.text_content().split()) for th in doc.xpath(f"//*[@id='desk-{panel}']//tbody//th")]

    assert "Drafted again (new version of the live update)" in rows("mine")
    assert "Reviewed again (new version of the live update)" in rows("waiting")
    assert not doc.xpath("//*[@id='desk-scheduled']//tbody//th")  # never published itself, nor scheduled


def populate(count, *, by):
    for index in range(count):
        for status in (S.DRAFT, S.IN_REVIEW, S.APPROVED):
            new_version_in(status, by=by, title=f"Live {status} {index}")


@pytest.mark.parametrize("url", [CHANGELIST, "/admin/"], ids=["changelist", "desk"])
def test_pages_listing_updates_cost_the_same_queries_with_more_new_versions(
    client, url, monkeypatch, django_assert_num_queries
):
    monkeypatch.setattr(desk, "PREFLIGHT_LIMIT", 2)  # preflight runs per approved update up to it: full at both sizes
    editor = EditorFactory()
    client.force_login(editor)
    populate(2, by=editor)
    client.get(url)  # warm the content-type and permission caches
    with CaptureQueriesContext(connection) as small:
        client.get(url)
    populate(4, by=editor)
    with django_assert_num_queries(len(small)):
        response = client.get(url)
    assert response.status_code == 200
    assert StatusChange.objects.filter(to_status=S.DRAFT, from_status=S.PUBLISHED).count() == 18
