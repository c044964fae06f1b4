"""The admin's import of updates: refused rows are shown with their row number, and nothing is written."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from articles.editorial.saving import save_article
from articles.models import Article
from tests.factories import ArticleFactory, EditorFactory

pytestmark = pytest.mark.django_db

CSV_FORMAT = "0"  # settings.IMPORT_EXPORT_FORMATS


def preview(client, csv):
    upload = SimpleUploadedFile("updates.csv", csv.encode())
    return client.post(
        reverse("admin:articles_article_import"), {"resource": "0", "format": CSV_FORMAT, "import_file": upload}
    )


def test_the_preview_shows_a_refused_row_with_its_number_and_offers_no_confirmation(editor_client):
    draft = ArticleFactory(title="A draft")
    live = ArticleFactory(published=True, title="Live update")
    csv = f"slug,version,title\n{draft.slug},{draft.version},New\n{live.slug},{live.version},Rewritten\n"

    response = preview(editor_client, csv)

    assert response.status_code == 200
    assert "confirm_form" not in response.context
    [row] = response.context["result"].invalid_rows
    assert row.number == 2
    content = response.content.decode()
    assert "“Live update” is published; start a new version to change it." in content
    assert Article.objects.get(pk=draft.pk).title == "A draft"


def test_a_save_between_preview_and_confirmation_refuses_the_import_on_the_result_page(editor_client):
    draft = ArticleFactory(title="A draft")
    other = ArticleFactory(title="Another draft")
    csv = f"slug,version,title\n{other.slug},{other.version},Other changed\n{draft.slug},{draft.version},Imported\n"
    confirm_form = preview(editor_client, csv).context["confirm_form"]
    draft.body = "Bob's body"
    save_article(draft, by=EditorFactory(username="bob"), expected_version=draft.version, comment="Edited")

    response = editor_client.post(reverse("admin:articles_article_process_import"), confirm_form.initial)

    assert response.status_code == 200  # the result page, not the list with "Import finished"
    [row] = response.context["result"].invalid_rows
    assert row.number == 2
    content = response.content.decode()
    assert "“A draft” was saved by bob at" in content and "after this file was exported" in content
    assert "Import finished" not in content
    assert "Nothing was imported" in content
    assert Article.objects.get(pk=other.pk).title == "Another draft"  # no row of the file is written
    assert Article.objects.get(pk=draft.pk).title == "A draft"


def test_a_clean_import_is_confirmed_as_before(editor_client):
    draft = ArticleFactory(title="A draft")
    confirm_form = preview(editor_client, f"slug,version,title\n{draft.slug},{draft.version},Imported\n").context[
        "confirm_form"
    ]

    response = editor_client.post(reverse("admin:articles_article_process_import"), confirm_form.initial)

    assert response.status_code == 302
    assert Article.objects.get(pk=draft.pk).title == "Imported"
