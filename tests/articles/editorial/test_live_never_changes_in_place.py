"""Readers only ever see what was approved: no path changes a live update in place.

Each path an editor, an importer or a command has to an update's content is tried on a live
update; readers (its page, search, the feed) keep the approved text. Its new version is what
changes, and readers see it once another editor approved it and it was published.
"""

import datetime
from pathlib import Path

import pytest
import tablib
from django.core.cache import cache
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db.models import F
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from actors.models import Mention
from articles.editorial.new_versions import restore_revision, start_new_version
from articles.editorial.saving import ReadOnlyArticle, create_article, save_article
from articles.expert_review import services as review
from articles.importers import ImportRefused
from articles.importers.spreadsheets import ArticleResource
from articles.models import Article, Citation
from tests.articles.editorial.test_concurrency import change_form_data
from tests.articles.importers.briefings import run_import
from tests.factories import ActorFactory, CitationFactory, EditorFactory, MentionFactory, QuoteFactory, SourceFactory

pytestmark = pytest.mark.django_db

S = Article.Status
OLD = {
    "title": "Alliance today",
    "standfirst": "Ocelotword standfirst.",
    "body": "## Ties\n\nBreuker calls it a “multilateral mini UN” of states. Ocelotword ties.",
}
NEW = {
    "title": "Alliance renewed",
    "standfirst": "Pangolin standfirst.",
    "body": "## Ties\n\nBreuker calls it a “multilateral mini UN” of states. Pangolin ties.",
}


def make_live(article):
    Article.objects.filter(pk=article.pk).update(
        status=S.PUBLISHED, publish_at=timezone.now() - datetime.timedelta(days=1), approved_version=F("version")
    )
    article.refresh_from_db()
    return article


@pytest.fixture
def live(expert, editor):
    """A live update that passes preflight; its first revision held the words of `NEW`, its last those of `OLD`."""
    article = Article(slug="alliance-today", **NEW)
    create_article(article, by=editor, comment="First draft")
    for name, value in OLD.items():
        setattr(article, name, value)
    save_article(article, by=editor, expected_version=article.version, comment="As approved")
    article.authors.add(expert)
    CitationFactory(article=article, order=1, cited_text="ties")
    MentionFactory(article=article, actor=ActorFactory(name="Zanzibar"), origin=Mention.Origin.MANUAL)
    review.approve_quote(QuoteFactory(article=article, expert=expert), by=None, expert=expert)
    return make_live(article)


def read(client, path, **params):
    cache.clear()  # what the database says now: invalidation has tests of its own
    return client.get(path, params, follow=True).content.decode()


def readers_see(client, words, *, slug="alliance-today"):
    """Whether readers see `words` (OLD or NEW) and not the other's, on the page, in search and in the feed."""
    other = NEW if words is OLD else OLD
    page = read(client, f"/updates/{slug}/")
    marker, other_marker = words["standfirst"].split()[0], other["standfirst"].split()[0]
    found = read(client, "/search/", q=marker)
    not_found = read(client, "/search/", q=other_marker)
    feed = read(client, "/feed/")
    return (
        words["body"].split(". ")[-1] in page
        and other_marker not in page
        and words["title"] in found
        and words["title"] not in not_found
        and words["standfirst"] in feed
        and other_marker not in feed
    )


# ---- Every path -----------------------------------------------------------------------------------


def the_admin_change_form(live, client):
    url = reverse("admin:articles_article_change", args=[live.pk])
    page = client.get(url)
    assert b'name="_save"' not in page.content  # read-only
    assert "Start a new version" in page.content.decode()
    response = client.post(url, change_form_data(page, **NEW))
    assert response.status_code == 403


def the_part_pages(live, client):
    quote, citation, mention = live.quotes.get(), live.citations.get(), live.mentions.get()
    quote_url = reverse("admin:articles_quote_change", args=[quote.pk])
    assert client.post(quote_url, {"article": live.pk, "text": "Pangolin words", "kind": "quote"}).status_code == 403
    added = client.post(
        reverse("admin:articles_citation_add"),
        {"article": live.pk, "source": SourceFactory().pk, "order": 2, "cited_text": "Pangolin"},
    )
    assert "is published: readers see it as it was approved" in added.content.decode()
    deleted = client.post(reverse("admin:articles_citation_delete", args=[citation.pk]), {"post": "yes"}, follow=True)
    assert "Start a new version of it" in deleted.content.decode()
    rejected = client.post(
        reverse("admin:actors_mention_changelist"),
        {"action": "reject_selected_mentions", "_selected_action": [mention.pk]},
        follow=True,
    )
    assert "was not rejected" in rejected.content.decode()
    assert Citation.objects.filter(article=live).count() == 1 and live.mentions.get().origin == "manual"


def the_write_path(live, client):
    for name, value in NEW.items():
        setattr(live, name, value)
    with pytest.raises(ReadOnlyArticle, match="Start a new version of it"):
        save_article(live, by=EditorFactory(), expected_version=live.version)


def a_restore(live, client):
    first = live.revisions.get(comment="First draft")
    restored = restore_revision(first, by=EditorFactory(), expected_version=live.version)
    assert restored.article == live.new_version and live.new_version.title == NEW["title"]


def accepted_expert_wording(live, client):
    quote = live.quotes.get()
    review.propose_wording(quote, by=None, expert=quote.expert, text="Pangolin mini UN")
    with pytest.raises(ReadOnlyArticle):
        review.accept_proposed_wording(quote, by=EditorFactory())
    accept = reverse("admin:articles_article_review_accept", args=[live.pk, quote.pk])  # the panel's button
    assert client.post(accept).status_code == 403
    review.approve_quote(quote, by=None, expert=quote.expert)  # the expert settles for the published words


def an_import_export_row(live, client):
    csv = f"slug,title,standfirst,body\nalliance-today,{NEW['title']},{NEW['standfirst']},Pangolin ties.\n"
    result = ArticleResource().import_data(
        tablib.Dataset().load(csv, format="csv"), raise_errors=False, user=EditorFactory()
    )
    # The importer refuses rows of anything but a draft itself; the write path would refuse it too.
    assert [row.number for row in result.invalid_rows] == [1]
    assert "start a new version" in str(result.invalid_rows[0].error).lower()


PATHS = [
    the_admin_change_form,
    the_part_pages,
    the_write_path,
    a_restore,
    accepted_expert_wording,
    an_import_export_row,
]


@pytest.mark.parametrize("path", PATHS, ids=lambda path: path.__name__.replace("_", " "))
def test_no_path_changes_what_readers_see(path, live, editor_client, client):
    assert readers_see(client, OLD)
    version = live.version
    path(live, editor_client)
    assert readers_see(client, OLD)
    assert Article.objects.get(pk=live.pk).version == version


def test_a_briefing_reimport_and_the_command_line_leave_it_live_and_go_into_its_new_version(
    importing_editor, sample_text, client, tmp_path
):
    live = make_live(run_import(sample_text, by=importing_editor).article)
    title = live.title
    with pytest.raises(ImportRefused, match="is now published"):
        run_import(sample_text, by=importing_editor)
    briefing = Path(tmp_path / "briefing.txt")
    briefing.write_text(sample_text, encoding="utf-8")
    with pytest.raises(CommandError, match="refused"):
        call_command("import_briefing", str(briefing), "--user", importing_editor.username)

    start_new_version(live, by=importing_editor)
    with pytest.raises(ImportRefused, match="changed after it was imported"):
        run_import(sample_text, by=importing_editor)  # the same file would overwrite the new version: refused
    assert Article.objects.get(pk=live.pk).title == title and live.version == Article.objects.get(pk=live.pk).version


def test_readers_see_the_new_version_once_another_editor_approved_and_published_it(live, client):
    alice, bob = EditorFactory(username="alice"), EditorFactory(username="bob")
    as_alice, as_bob = client_for(alice), client_for(bob)

    started = as_alice.post(reverse("admin:articles_article_new_version", args=[live.pk]))
    new = live.new_version
    new_url = reverse("admin:articles_article_change", args=[new.pk])
    assert started["Location"] == new_url
    page = as_alice.get(new_url)
    assert "New version of" in page.content.decode()
    data = change_form_data(page, slug="alliance-renewed", **NEW, **{"quotes-0-position": 0})
    saved = as_alice.post(new_url, data)
    assert saved.status_code == 302, saved.context["adminform"].form.errors
    assert readers_see(client, OLD)

    transition = reverse("admin:articles_article_transition", args=[new.pk, "submit"])
    assert as_alice.post(transition, {"comment": "Ready"}).status_code == 302
    approve = reverse("admin:articles_article_transition", args=[new.pk, "approve"])
    assert "alice submitted" in as_alice.post(approve, {"comment": "Mine"}).content.decode()
    assert as_bob.post(approve, {"version": Article.objects.get(pk=new.pk).version}).status_code == 302
    assert readers_see(client, OLD)

    published = as_bob.post(reverse("admin:articles_article_transition", args=[new.pk, "publish"]), {"comment": "Go"})
    assert published["Location"] == reverse("admin:articles_article_change", args=[live.pk])
    assert readers_see(client, NEW, slug="alliance-renewed")
    old_address = client.get("/updates/alliance-today/")
    assert (old_address.status_code, old_address["Location"]) == (301, "/updates/alliance-renewed/")


def client_for(user):
    client = Client()
    client.force_login(user)
    return client
