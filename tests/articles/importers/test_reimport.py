"""Importing a briefing again never silently replaces what was saved on its draft since the import."""

import datetime

import pytest
import time_machine
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from articles.editorial.saving import save_article
from articles.importers import ImportRefused
from articles.importers.service import queue_briefing_import
from articles.models import Article
from tests.articles.admin.test_briefing_import import URL_NAME, upload
from tests.articles.importers.briefings import TITLE, expected_body, run_import
from tests.factories import EditorFactory

pytestmark = pytest.mark.django_db

SAVED_AT = datetime.datetime(2026, 3, 4, 9, 30, tzinfo=datetime.UTC)


def edit(article, *, by, body="Edited by hand."):
    with time_machine.travel(SAVED_AT, tick=False):
        article.refresh_from_db()
        article.body = body
        save_article(article, by=by, expected_version=article.version, comment="Edited")


def test_a_reimport_after_another_editors_save_is_refused_naming_them(importing_editor, sample_text):
    draft = run_import(sample_text, importing_editor, name="sample.txt").article
    edit(draft, by=EditorFactory(username="bob"))

    with pytest.raises(ImportRefused) as refusal:
        run_import(sample_text, importing_editor, name="sample.txt")

    message = str(refusal.value)
    assert f"was changed after it was imported: last by bob at {timezone.localtime(SAVED_AT):%H:%M on %d %B %Y}" in (
        message
    )
    assert "new draft" in message
    assert Article.objects.get().body == "Edited by hand."


def test_a_reimport_after_ones_own_save_is_refused_too(importing_editor, sample_text):
    draft = run_import(sample_text, importing_editor).article
    edit(draft, by=importing_editor)
    edit(draft, by=EditorFactory(username="bob"), body="Bob's body.")

    with pytest.raises(ImportRefused, match=r"last by bob at .*\(2 saves since the import, by bob and you\)"):
        run_import(sample_text, importing_editor)

    edit(draft, by=importing_editor, body="Mine again.")
    with pytest.raises(ImportRefused, match="last by you at"):
        run_import(sample_text, importing_editor)


def test_a_reimport_with_no_save_since_updates_the_draft_again(importing_editor, sample_text):
    first = run_import(sample_text, importing_editor).article
    run_import(sample_text, importing_editor)  # its own revision is the import's

    report = run_import(sample_text, importing_editor)

    assert report.updated and report.article.pk == first.pk
    assert report.article.revisions.first().comment == "Imported again from briefing.txt"


def test_asking_for_a_new_draft_keeps_the_edited_one(importing_editor, sample_text):
    draft = run_import(sample_text, importing_editor).article
    edit(draft, by=EditorFactory(username="bob"))

    report = run_import(sample_text, importing_editor, new_draft=True)

    assert not report.updated
    new = report.article
    assert new.pk != draft.pk and (new.title, new.status, new.body) == (TITLE, Article.Status.DRAFT, expected_body())
    assert new.slug == f"{draft.slug}-2"
    assert f"Imported before as “{TITLE}”: a new draft was made beside it." in report.found
    assert Article.objects.get(pk=draft.pk).body == "Edited by hand."
    assert run_import(sample_text, importing_editor).article == new  # the newest draft is the one imported again


def test_a_reimport_of_an_update_past_draft_is_refused_unless_a_new_draft_is_asked_for(importing_editor, sample_text):
    draft = run_import(sample_text, importing_editor).article
    Article.objects.filter(pk=draft.pk).update(status=Article.Status.IN_REVIEW)

    with pytest.raises(ImportRefused, match="now in review"):
        run_import(sample_text, importing_editor)
    new = run_import(sample_text, importing_editor, new_draft=True).article

    assert new.status == Article.Status.DRAFT and Article.objects.count() == 2


def test_the_command_makes_a_new_draft_with_the_option(importing_editor, sample_text, tmp_path, capsys):
    path = tmp_path / "sample.txt"
    path.write_text(sample_text, encoding="utf-8")
    call_command("import_briefing", str(path), "--user", "importer")
    edit(Article.objects.get(), by=EditorFactory(username="bob"))

    with pytest.raises(Exception, match="1 of 1 file"):
        call_command("import_briefing", str(path), "--user", "importer")
    assert "last by bob" in capsys.readouterr().err
    call_command("import_briefing", str(path), "--user", "importer", "--new-draft")

    assert Article.objects.count() == 2


def test_the_admin_page_makes_a_new_draft_when_ticked(client, importing_editor, sample_text):
    client.force_login(importing_editor)
    client.post(reverse(URL_NAME), {"files": [upload("sample.txt", sample_text)]})
    edit(Article.objects.get(), by=EditorFactory(username="bob"))

    refused = client.post(reverse(URL_NAME), {"files": [upload("sample.txt", sample_text)]})
    assert "last by bob" in refused.content.decode() and Article.objects.count() == 1
    response = client.post(reverse(URL_NAME), {"files": [upload("sample.txt", sample_text)], "new_draft": "on"})

    assert response.status_code == 200 and Article.objects.count() == 2
    assert "a new draft was made beside it" in response.content.decode()


def test_a_background_import_passes_the_new_draft_choice_on(importing_editor, sample_text, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    draft = run_import(sample_text, importing_editor).article
    edit(draft, by=EditorFactory(username="bob"))

    result = queue_briefing_import("sample.txt", sample_text.encode(), by=importing_editor, new_draft=True)

    assert result.return_value["article_id"] != draft.pk and Article.objects.count() == 2
