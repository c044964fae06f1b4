"""An import-export row changes an update only when it is a draft at the version the file was exported at."""

import datetime

import pytest
import tablib
import time_machine
from django.utils import timezone

from articles.demo.loading import load_demo
from articles.editorial.saving import save_article
from articles.importers.spreadsheets import ArticleResource
from articles.models import Article
from tests.articles.importers.test_spreadsheets import reported
from tests.factories import ArticleFactory, EditorFactory

pytestmark = pytest.mark.django_db

SAVED_AT = datetime.datetime(2026, 3, 4, 9, 30, tzinfo=datetime.UTC)


def import_csv(csv, *, user=None, dry_run=False):
    dataset = tablib.Dataset().load(csv, format="csv")
    return ArticleResource().import_data(
        dataset, dry_run=dry_run, raise_errors=False, rollback_on_validation_errors=True, user=user
    )


def exported(*articles):
    """The export of `articles`, as an editor downloads it from the admin."""
    return ArticleResource().export(Article.objects.filter(pk__in=[article.pk for article in articles])).csv


@pytest.fixture
def draft(db):
    article = ArticleFactory(title="Draft title")
    save_article(article, by=EditorFactory(username="first"), expected_version=article.version, comment="Written")
    article.refresh_from_db()
    return article


def test_the_export_carries_each_updates_version(draft):
    header, row = exported(draft).splitlines()[:2]
    assert header.split(",")[:2] == ["slug", "version"]
    assert row.startswith(f"{draft.slug},{draft.version},")


def test_a_draft_row_at_its_current_version_is_saved_through_the_write_path(draft):
    editor = EditorFactory()
    csv = exported(draft).replace("Draft title", "Imported title")

    result = import_csv(csv, user=editor)

    assert not result.has_errors() and not result.has_validation_errors(), reported(result)
    article = Article.objects.get(pk=draft.pk)
    assert (article.title, article.version, article.status) == ("Imported title", draft.version + 1, "draft")
    revision = article.revisions.first()
    assert (revision.created_by, revision.comment, revision.data["version"]) == (editor, "Imported", article.version)
    assert revision.data["fields"]["title"] == "Imported title"


def test_a_row_of_a_published_update_is_refused_and_nothing_is_written(draft):
    published = load_demo()
    csv = (
        f"slug,version,title\n{draft.slug},{draft.version},Changed\n"
        f"{published.slug},{published.version},Rewritten live\n"
    )

    result = import_csv(csv, user=EditorFactory())

    assert [(row.number, row.error.messages) for row in result.invalid_rows] == [
        (2, [f"“{published.title}” is published; start a new version to change it."])
    ]
    assert Article.objects.get(pk=published.pk).title == published.title
    assert Article.objects.get(pk=draft.pk).title == "Draft title"  # the whole import is refused


@pytest.mark.parametrize(
    ("status", "says"),
    [("in_review", "is in review"), ("approved", "is approved"), ("archived", "is archived")],
)
def test_a_row_of_an_update_past_draft_is_refused(status, says):
    article = ArticleFactory(status=status, publish_at=timezone.now() if status == "archived" else None)
    csv = exported(article).replace(article.title, "Changed")

    result = import_csv(csv)

    assert [f"row {row.number}" for row in result.invalid_rows] == ["row 1"]
    assert says in str(result.invalid_rows[0].error)
    assert Article.objects.get(pk=article.pk).title == article.title


def test_a_row_exported_before_someone_saved_is_refused_naming_who_and_when(draft):
    exported_version = draft.version
    with time_machine.travel(SAVED_AT, tick=False):
        draft.body = "Bob's newer body"
        save_article(draft, by=EditorFactory(username="bob"), expected_version=draft.version, comment="Edited")
    csv = f"slug,version,title\n{draft.slug},{exported_version},From the old export\nfresh-update,,Fresh\n"

    result = import_csv(csv, user=EditorFactory())

    assert [row.number for row in result.invalid_rows] == [1]
    message = str(result.invalid_rows[0].error.messages[0])
    saved_at = timezone.localtime(SAVED_AT)
    assert message.startswith(f"“Draft title” was saved by bob at {saved_at:%H:%M on %d %B %Y}, after this file")
    assert f"(the file has version {exported_version}; the update is now version {exported_version + 1})" in message
    assert "Changed since: Body." in message and "Export it again" in message
    stored = Article.objects.get(pk=draft.pk)
    assert (stored.title, stored.body) == ("Draft title", "Bob's newer body")
    assert not Article.objects.filter(slug="fresh-update").exists()  # nothing of the file is written


def test_a_row_without_a_version_is_refused_for_an_existing_update(draft):
    result = import_csv(f"slug,title\n{draft.slug},No version given\n")

    assert [row.number for row in result.invalid_rows] == [1]
    assert result.invalid_rows[0].error.messages == [
        "“Draft title” exists and this row has no version: export first, edit the exported file and import that, "
        "so that a save made since is never overwritten."
    ]
    assert Article.objects.get(pk=draft.pk).title == "Draft title"


def test_a_version_that_is_no_number_is_refused(draft):
    result = import_csv(f"slug,version,title\n{draft.slug},latest,Changed\n")

    assert "its version “latest” is not a whole number" in result.invalid_rows[0].error.messages[0]


def test_unchanged_rows_are_skipped_so_a_whole_export_imports_again(draft):
    published = load_demo()
    csv = exported(published, draft).replace("Draft title", "Only the draft changes")

    result = import_csv(csv, user=EditorFactory())

    assert not result.has_errors() and not result.has_validation_errors(), reported(result)
    assert (result.totals["update"], result.totals["skip"]) == (1, 1)
    assert Article.objects.get(pk=draft.pk).title == "Only the draft changes"
    assert Article.objects.get(pk=published.pk).version == published.version


def test_a_new_slug_still_creates_a_draft_whatever_its_version_cell(draft):
    result = import_csv("slug,version,title\nbrand-new,7,Brand new\n", user=EditorFactory())

    assert not result.has_validation_errors(), reported(result)
    created = Article.objects.get(slug="brand-new")
    assert (created.status, created.version) == (Article.Status.DRAFT, 1)
