import datetime
import re

import pytest
import time_machine
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from articles.demo.loading import load_demo
from articles.editorial.revisions import record_revision
from articles.editorial.saving import save_article
from articles.public.preview import PREVIEW_LINK_MAX_AGE, preview_token
from tests.factories import ArticleFactory, EditorFactory, UserFactory

pytestmark = pytest.mark.django_db


def main_element(response):
    """The page's <main>, without the preview banner."""
    main = re.search(r"<main.*</main>", response.content.decode(), re.S).group(0)
    return re.sub(r'<p class="preview-banner".*?</p>', "", main, flags=re.S)


def assert_private(response):
    assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"]
    assert response["X-Robots-Tag"] == "noindex"
    assert '<meta name="robots" content="noindex">' in response.content.decode()


def preview_url(revision):
    return reverse("admin:articles_article_preview", args=[revision.article_id, revision.number])


def test_staff_preview_renders_the_public_page_exactly(editor_client, client):
    article = load_demo()
    revision = record_revision(article, by=None)
    public = client.get(article.get_absolute_url())
    preview = editor_client.get(preview_url(revision))
    assert preview.status_code == 200
    assert "articles/article_detail.html" in [template.name for template in preview.templates]
    assert main_element(preview) == main_element(public)
    assert 'class="preview-banner"' not in main_element(preview)
    assert f"Preview</strong> of revision {revision.number}" in preview.content.decode()
    assert_private(preview)
    assert "X-Robots-Tag" not in public


def test_a_preview_shows_the_revision_not_the_current_content(editor_client):
    editor = EditorFactory()
    article = ArticleFactory(title="Old title", standfirst="Old standfirst.")
    old = record_revision(article, by=editor)
    article.title, article.standfirst = "New title", "New standfirst."
    save_article(article, by=editor, expected_version=article.version)
    html = editor_client.get(preview_url(old)).content.decode()
    assert "Old title" in html and "Old standfirst." in html
    assert "New title" not in html


def test_staff_preview_needs_a_staff_login(client):
    revision = record_revision(ArticleFactory(), by=None)
    assert client.get(preview_url(revision)).status_code == 302
    client.force_login(UserFactory())
    assert client.get(preview_url(revision)).status_code == 302
    assert client.get(preview_url(revision).replace("/1/", "/9/")).status_code == 302


def test_a_signed_link_shows_the_draft_to_someone_without_an_account(editor_client, client):
    article = ArticleFactory(title="Draft under review")
    revision = record_revision(article, by=None)
    share = editor_client.get(reverse("admin:articles_article_share", args=[article.pk, revision.number]))
    link = re.search(r'value="(http://testserver/preview/[^"]+)"', share.content.decode()).group(1)
    client.logout()
    response = client.get(link)
    assert response.status_code == 200
    assert "Draft under review" in response.content.decode()
    assert_private(response)
    assert client.get(article.get_absolute_url()).status_code == 404  # still not public


def test_signed_links_expire():
    revision = record_revision(ArticleFactory(title="Draft"), by=None)
    made = timezone.now()
    with time_machine.travel(made, tick=False):
        url = reverse("article-preview", args=[preview_token(revision)])
    client = Client()
    second = datetime.timedelta(seconds=1)
    with time_machine.travel(made + PREVIEW_LINK_MAX_AGE - second, tick=False):
        assert client.get(url).status_code == 200
    with time_machine.travel(made + PREVIEW_LINK_MAX_AGE + second, tick=False):
        expired = client.get(url)
    assert expired.status_code == 403
    assert "This preview link has expired" in expired.content.decode()
    assert "Draft" not in expired.content.decode()
    assert_private(expired)


@pytest.mark.parametrize(
    "tamper",
    [
        lambda token: token[:-1] + ("A" if token[-1] != "A" else "B"),  # altered signature
        lambda token: token.replace(token.split(":")[0], token.split(":")[0][:-2] + "xx"),  # altered payload
        lambda token: "not-a-token",
    ],
)
def test_tampered_links_are_refused(client, tamper):
    revision = record_revision(ArticleFactory(title="Draft"), by=None)
    response = client.get(reverse("article-preview", args=[tamper(preview_token(revision))]))
    assert response.status_code == 403
    assert "This preview link is not valid" in response.content.decode()


def test_a_link_to_a_deleted_update_is_refused(client):
    article = ArticleFactory()
    url = reverse("article-preview", args=[preview_token(record_revision(article, by=None))])
    article.delete()
    response = client.get(url)
    assert response.status_code == 403
    assert "no longer exists" in response.content.decode()


def test_two_preview_links_never_serve_each_others_page(client):
    """Token pages are not public pages: nothing caches them, so each token shows its own revision."""
    drafts = [ArticleFactory(title=title) for title in ("First draft", "Second draft")]
    urls = [reverse("article-preview", args=[preview_token(record_revision(draft, by=None))]) for draft in drafts]
    for _ in range(2):  # the second round would come from any cache that stored the first
        first, second = (client.get(url) for url in urls)
        assert "First draft" in first.content.decode() and "Second draft" not in first.content.decode()
        assert "Second draft" in second.content.decode() and "First draft" not in second.content.decode()
        assert "no-store" in first["Cache-Control"] and "no-store" in second["Cache-Control"]
