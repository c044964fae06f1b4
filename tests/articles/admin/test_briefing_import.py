import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from docx import Document

from articles.models import Article
from tests.factories import UserFactory

# The lead mounts the page through ArticleAdmin.get_urls(); this URLconf mounts it the same way.
pytestmark = pytest.mark.django_db

URL_NAME = "admin:articles_article_import_briefing"


def upload(name, text):
    return SimpleUploadedFile(name, text.encode("utf-8") if isinstance(text, str) else text)


def test_an_editor_uploads_briefings_and_sees_each_report(client, importer, briefing_taxonomy, sample_text):
    client.force_login(importer)

    page = client.get(reverse(URL_NAME))
    assert page.status_code == 200
    assert b'type="file"' in page.content and b"multiple" in page.content

    response = client.post(
        reverse(URL_NAME),
        {"files": [upload("sample.txt", sample_text), upload("junk.txt", b"\x00\x01\x02")]},
    )

    assert response.status_code == 200
    article = Article.objects.get()
    assert (article.owner, article.status) == (importer, Article.Status.DRAFT)
    content = response.content.decode()
    assert "draft “The Sino-North Korean Partnership Today: North Korea&#x27;s Power Shift” created" in content
    assert "4 section headings" in content and "Needs attention" in content
    assert "The standfirst is blank" in content
    assert "Refused, nothing written: junk.txt contains binary data" in content


def test_a_dry_run_upload_shows_the_report_and_writes_nothing(client, importer, sample_text):
    client.force_login(importer)

    response = client.post(reverse(URL_NAME), {"files": [upload("sample.txt", sample_text)], "dry_run": "on"})

    assert response.status_code == 200
    assert "nothing was written" in response.content.decode() and "Would create" in response.content.decode()
    assert not Article.objects.exists()


def test_an_upload_without_files_asks_for_one(client, importer):
    client.force_login(importer)

    response = client.post(reverse(URL_NAME), {})

    assert response.status_code == 200
    assert response.context["form"].errors == {"files": ["This field is required."]}


def test_staff_without_the_import_permission_are_refused(client, sample_text):
    client.force_login(UserFactory(is_staff=True, password=None))

    assert client.get(reverse(URL_NAME)).status_code == 403
    assert client.post(reverse(URL_NAME), {"files": [upload("sample.txt", sample_text)]}).status_code == 403
    assert not Article.objects.exists()


def test_anonymous_visitors_are_sent_to_the_admin_login(client):
    response = client.get(reverse(URL_NAME))

    assert response.status_code == 302
    assert response.url.startswith(reverse("admin:login"))


def test_a_malformed_word_file_is_refused_on_the_page(client, importer):
    client.force_login(importer)
    buffer = io.BytesIO()
    Document().save(buffer)
    out = io.BytesIO()
    with zipfile.ZipFile(buffer) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            xml = b"<w:document><w:body><w:p>unclosed" if info.filename == "word/document.xml" else None
            target.writestr(info.filename, xml or source.read(info.filename))

    response = client.post(reverse(URL_NAME), {"files": [upload("broken.docx", out.getvalue())]})

    assert response.status_code == 200
    assert "Refused, nothing written: broken.docx is not a readable Word (.docx) document." in response.content.decode()
    assert not Article.objects.exists()


def test_a_large_file_is_imported_in_the_background_and_the_page_says_so(
    client, importer, briefing_taxonomy, sample_text, settings, tmp_path, mailoutbox, django_capture_on_commit_callbacks
):
    settings.MEDIA_ROOT = tmp_path
    settings.BRIEFING_IMPORT_TASK_BYTES = len(sample_text.encode()) - 1
    client.force_login(importer)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse(URL_NAME), {"files": [upload("sample.txt", sample_text)]})

    content = response.content.decode()
    assert "so it is imported in the background: its report will be emailed to importer@example.org." in content
    assert "Once imported, the draft appears among your drafts" in content
    # The immediate backend of the tests has run the task already.
    article = Article.objects.get()
    assert (article.owner, article.status) == (importer, Article.Status.DRAFT)
    assert [email.subject for email in mailoutbox] == ["[HIG Updates] Imported: sample.txt"]
