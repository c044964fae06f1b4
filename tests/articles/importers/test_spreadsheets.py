import pytest
import tablib

from articles.demo.loading import load_demo
from articles.editorial.workflow import unpublish_article
from articles.importers.spreadsheets import ArticleResource, SourceResource
from articles.models import Article, Source
from tests.factories import EditorFactory

pytestmark = pytest.mark.django_db


def run_import(resource, csv):
    dataset = tablib.Dataset().load(csv, format="csv")
    return resource.import_data(dataset, raise_errors=False, rollback_on_validation_errors=True)


def reported(result):
    messages = [str(error.error) for error in result.base_errors]
    messages += [f"row {error.number}: {error.error}" for row in result.rows for error in row.errors]
    messages += [f"row {row.number}: {row.error}" for row in result.invalid_rows]
    return messages


def test_sources_import_with_iso_dates():
    result = run_import(
        SourceResource(),
        "url,title,publisher,published_on,accessed_on\nhttps://example.org/t,Treaty,KCNA,2026-03-26,2026-04-01\n",
    )
    assert not result.has_errors() and not result.has_validation_errors(), reported(result)
    source = Source.objects.get()
    assert (source.published_on.isoformat(), source.publisher) == ("2026-03-26", "KCNA")


def test_a_bad_date_is_refused_with_its_row_and_nothing_is_written():
    result = run_import(
        SourceResource(),
        "url,title,published_on\nhttps://example.org/a,Fine,2026-01-02\nhttps://example.org/b,Broken,26 March 2026\n",
    )
    assert result.has_validation_errors()
    assert any(message.startswith("row 2:") and "published_on" in message for message in reported(result)), reported(
        result
    )
    assert Source.objects.count() == 0


def test_a_source_without_url_is_refused():
    result = run_import(SourceResource(), "url,title\n,No link\n")
    assert any("needs a URL" in message for message in reported(result))
    assert Source.objects.count() == 0


def test_updates_round_trip_names_and_start_as_drafts():
    article = load_demo()
    exported = ArticleResource().export().csv
    assert "Regional Update" in exported and "Kim Jong-un" in exported and "nuclear programme" in exported
    Article.objects.all().delete()

    result = run_import(ArticleResource(), exported)

    assert not result.has_errors() and not result.has_validation_errors(), reported(result)
    imported = Article.objects.get(slug=article.slug)
    assert imported.status == Article.Status.DRAFT
    assert imported.series.name == "Regional Update"
    assert {actor.name for actor in imported.actors.all()} >= {"China", "North Korea", "Kim Jong-un"}
    assert {tag.name for tag in imported.topics.all()} == {"BRI", "nuclear programme", "sanctions", "Taiwan", "trade"}


def test_an_unknown_actor_is_refused_by_name_and_nothing_is_written():
    load_demo()
    Article.objects.all().delete()
    result = run_import(
        ArticleResource(),
        "slug,title,series,actors\nok,Fine,Regional Update,China\nbad,Bad,Regional Update,China; Atlantis; Narnia\n",
    )
    messages = reported(result)
    assert any("row 2:" in message and "Unknown actors: Atlantis, Narnia." in message for message in messages), messages
    assert Article.objects.count() == 0


def test_wrong_columns_are_refused():
    result = run_import(ArticleResource(), "headline,text\nSomething,else\n")
    assert result.has_errors()
    assert any("slug" in message for message in reported(result))
    assert Article.objects.count() == 0


def test_importing_over_an_update_raises_its_version_tags_it_and_keeps_a_revision():
    article = load_demo()
    editor = EditorFactory()
    unpublish_article(article, by=editor)  # a live update is changed through a new version, never by an import
    version = article.version
    csv = "slug,title,series,body\n{slug},New title,Regional Update,Kim Jong-un met Lukashenko in Minsk.\n"
    result = ArticleResource().import_data(
        tablib.Dataset().load(csv.format(slug=article.slug), format="csv"),
        raise_errors=True,
        rollback_on_validation_errors=True,
        user=editor,
    )
    assert not result.has_validation_errors()
    article.refresh_from_db()
    assert (article.title, article.version) == ("New title", version + 1)
    assert {"kim-jong-un", "belarus", "alexander-lukashenko"} <= {actor.slug for actor in article.actors.all()}
    revision = article.revisions.order_by("-number").first()
    assert (revision.created_by, revision.comment) == (editor, "Imported")
    assert (revision.data["fields"]["title"], revision.data["version"]) == ("New title", version + 1)


def test_a_dry_run_import_writes_no_revision():
    article = load_demo()
    before = article.revisions.count()
    csv = f"slug,title\n{article.slug},Dry title\n"
    ArticleResource().import_data(tablib.Dataset().load(csv, format="csv"), dry_run=True)
    article.refresh_from_db()
    assert article.title != "Dry title"
    assert article.revisions.count() == before
