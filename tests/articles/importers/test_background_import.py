"""Large briefings imported by a background task: the file is stored, imported, deleted, and the report emailed.

The tests use the immediate tasks backend, so the task has run when `queue_briefing_import` returns.
"""

import pytest

from articles.importers import ImportRefused
from articles.importers.service import STORAGE_FOLDER, queue_briefing_import
from articles.models import Article
from tests.articles.importers.briefings import TITLE, written_rows
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def stored_files(media):
    return [path for path in (media / STORAGE_FOLDER).rglob("*") if path.is_file()]


def test_a_queued_import_creates_the_draft_emails_the_report_and_deletes_the_file(
    importing_editor, sample_text, media, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        result = queue_briefing_import("sample.txt", sample_text.encode(), by=importing_editor)

    article = Article.objects.get()
    assert (article.title, article.owner, article.status) == (TITLE, importing_editor, Article.Status.DRAFT)
    assert result.status == "SUCCESSFUL"
    assert result.return_value["article_id"] == article.pk
    [email] = mailoutbox
    assert (email.to, email.subject) == ([importing_editor.email], "[HIG Updates] Imported: sample.txt")
    assert f"sample.txt: draft “{article}” created." in email.body and "Needs attention:" in email.body
    assert stored_files(media) == []


def test_a_file_refused_in_the_background_is_reported_by_email_and_nothing_is_written(
    importing_editor, media, mailoutbox, django_capture_on_commit_callbacks
):
    before = written_rows()

    with django_capture_on_commit_callbacks(execute=True):
        result = queue_briefing_import("broken.docx", b"PK\x03\x04 not really a zip", by=importing_editor)

    assert written_rows() == before
    assert result.return_value["error"] == "broken.docx is not a readable Word (.docx) document."
    [email] = mailoutbox
    assert email.subject == "[HIG Updates] Import refused: broken.docx"
    assert "nothing was written" in email.body and "not a readable Word (.docx) document" in email.body
    assert stored_files(media) == []


def test_someone_who_may_not_import_is_refused_before_anything_is_stored(sample_text, media, mailoutbox):
    with pytest.raises(ImportRefused, match="may not import updates"):
        queue_briefing_import("sample.txt", sample_text.encode(), by=UserFactory(is_staff=True))

    assert not (media / STORAGE_FOLDER).exists()
    assert (Article.objects.count(), mailoutbox) == (0, [])
