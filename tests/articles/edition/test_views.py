"""`/updates/<slug>/pdf/`: published updates only, the kept file served with its validators, made
once per version and replaced by a new one; the staff-only PDF of a draft in the admin."""

import io

import pytest
from django.core.cache import cache
from django.core.files.storage import default_storage
from django.urls import reverse
from pypdf import PdfReader

from articles.content_generation import public_content_changed
from articles.edition import editions
from articles.editorial import workflow
from articles.models import Article, Edition
from tests.factories import ArticleFactory, CitationFactory, EditorFactory, UserFactory
from tests.live_changes import publish_a_change

pytestmark = pytest.mark.django_db

S = Article.Status


def pdf_url(article):
    return reverse("article-pdf", kwargs={"slug": article.slug})


def pdf_title(response):
    return PdfReader(io.BytesIO(b"".join(response.streaming_content))).metadata.title


@pytest.fixture
def renders(monkeypatch):
    """The PDFs rendered during the test, by title (WeasyPrint runs for real)."""
    made = []
    render = editions.render_pdf

    def counting(document):
        made.append(document.article.title)
        return render(document)

    monkeypatch.setattr(editions, "render_pdf", counting)
    return made


def test_a_reader_gets_the_kept_pdf_with_its_validators(client, renders):
    article = ArticleFactory(published=True, slug="lips-and-teeth", title="Lips and teeth")
    first = client.get(pdf_url(article))
    assert first.status_code == 200
    assert first["Content-Type"] == "application/pdf"
    assert first["Content-Disposition"] == 'attachment; filename="lips-and-teeth.pdf"'
    assert first["Cache-Control"] == "public, max-age=60"
    assert pdf_title(first) == "Lips and teeth"
    edition = Edition.objects.get(article=article)
    assert first["ETag"] == f'"{edition.fingerprint[:32]}-{article.version}"'
    assert default_storage.exists(edition.file.name)

    again = client.get(pdf_url(article))
    assert again.status_code == 200 and pdf_title(again) == "Lips and teeth"
    assert client.get(pdf_url(article), headers={"if-none-match": first["ETag"]}).status_code == 304
    assert client.get(pdf_url(article), headers={"if-modified-since": first["Last-Modified"]}).status_code == 304
    assert renders == ["Lips and teeth"]  # made once, then served from the storage


def test_the_page_links_to_its_pdf(client):
    article = ArticleFactory(published=True)
    html = client.get(article.get_absolute_url()).content.decode()
    assert f'<a href="{pdf_url(article)}" type="application/pdf" download>Download PDF</a>' in html


@pytest.mark.parametrize(
    "fields",
    [
        {"status": S.DRAFT},
        {"status": S.APPROVED},
        {"status": S.PUBLISHED, "publish_at": "2099-01-01T00:00Z"},
        {"status": S.ARCHIVED, "publish_at": "2026-01-01T00:00Z"},
    ],
    ids=["draft", "approved", "scheduled", "archived"],
)
def test_what_is_not_published_has_no_public_pdf(client, renders, fields):
    article = ArticleFactory(**fields)
    assert client.get(pdf_url(article)).status_code == 404
    assert renders == [] and not Edition.objects.exists()


def test_a_pdf_kept_before_unpublishing_is_not_served(client):
    article = ArticleFactory(published=True)
    editions.make_edition(article.pk)
    Article.objects.filter(pk=article.pk).update(status=S.APPROVED)
    assert client.get(pdf_url(article)).status_code == 404


def test_staff_download_a_drafts_pdf_from_the_admin_never_cached(client, renders):
    article = ArticleFactory(title="Draft to check", status=S.DRAFT)
    url = reverse("admin:articles_article_pdf", args=[article.pk])
    assert client.get(url).status_code == 302  # to the login page
    client.force_login(UserFactory())  # signed in, not staff
    assert client.get(url).status_code == 302
    client.force_login(EditorFactory())
    response = client.get(url)
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert PdfReader(io.BytesIO(response.content)).metadata.title == "Draft to check"
    assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"]
    assert response["X-Robots-Tag"] == "noindex"
    assert not Edition.objects.exists()  # a draft's PDF is never kept
    change_form = client.get(reverse("admin:articles_article_change", args=[article.pk])).content.decode()
    assert f'href="{url}"' in change_form


def test_publishing_and_each_new_version_make_a_new_pdf(client, renders, django_capture_on_commit_callbacks):
    editor = EditorFactory()
    article = ArticleFactory(status=S.APPROVED, title="First words")
    with django_capture_on_commit_callbacks(execute=True):
        workflow.publish_article(article, by=editor)
    first = Edition.objects.get(article=article)
    assert (first.version, renders) == (article.version, ["First words"])  # made at publishing, by its task

    article.refresh_from_db()
    with django_capture_on_commit_callbacks(execute=True):
        article = publish_a_change(article, by=editor, title="Second words")  # a live update changes by a new version
    second = Edition.objects.get(article=article)
    assert second.version == article.version == first.version + 1
    assert not default_storage.exists(first.file.name) and default_storage.exists(second.file.name)
    assert f"-v{second.version}-" in second.file.name
    assert pdf_title(client.get(pdf_url(article))) == "Second words"
    assert renders == ["First words", "Second words"]  # the reader waited for neither


def test_a_change_without_a_new_version_is_caught_by_the_fingerprint(
    client, renders, django_capture_on_commit_callbacks
):
    article = ArticleFactory(published=True, title="Sourced")
    citation = CitationFactory(article=article, order=1, cited_text="the treaty")
    editions.make_edition(article.pk)
    citation.source.title = "The corrected treaty title"
    citation.source.save()
    with django_capture_on_commit_callbacks(execute=True):
        public_content_changed()  # as the source's admin does
    response = client.get(pdf_url(article))
    references = PdfReader(io.BytesIO(b"".join(response.streaming_content))).pages[-1].extract_text()
    assert "The corrected treaty title" in references
    assert renders == ["Sourced", "Sourced"]


def test_while_another_request_makes_the_pdf_a_reader_is_asked_to_retry(client, renders):
    article = ArticleFactory(published=True)
    cache.add(f"edition:rendering:{article.pk}", True, 60)
    response = client.get(pdf_url(article))
    assert response.status_code == 503 and response["Retry-After"] == "10"
    assert "no-store" in response["Cache-Control"]
    assert renders == []
    cache.clear()
    assert client.get(pdf_url(article)).status_code == 200
