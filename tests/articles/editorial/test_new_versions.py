"""Live and latest: a new version of a live update is a working copy, reviewed again, merged into the live one on publish."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from taggit.models import TaggedItem

from actors.models import Mention
from articles.editorial import workflow
from articles.editorial.comments import add_comment
from articles.editorial.new_versions import (
    NewVersionRefused,
    discard_new_version,
    restore_revision,
    start_new_version,
)
from articles.editorial.saving import ReadOnlyArticle, StaleArticle, save_article
from articles.expert_review import services as review
from articles.models import Article, ArticleRedirect, Quote, QuoteDecision, Revision, StatusChange
from tests.factories import (
    ActorFactory,
    AdminUserFactory,
    ArticleFactory,
    CitationFactory,
    EditorFactory,
    ExpertFactory,
    MentionFactory,
    QuoteFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

S = Article.Status
BODY = "## Ties\n\nBreuker calls it a “multilateral mini UN” of states. Ocelotword ties."


@pytest.fixture
def live(expert, editor):
    """A published update that passes preflight, with an author, a topic, a citation, an actor and an approved quote."""
    article = ArticleFactory(slug="alliance-today", title="Alliance today", standfirst="Ocelotword standfirst.")
    article.body = BODY
    save_article(article, by=editor, expected_version=article.version, comment="As approved")
    article.authors.add(expert)
    article.topics.add("trade")
    CitationFactory(article=article, order=1, cited_text="ties")
    MentionFactory(article=article, actor=ActorFactory(name="Zanzibar"), origin=Mention.Origin.MANUAL)
    quote = QuoteFactory(article=article, expert=expert, text="multilateral mini UN")
    review.approve_quote(quote, by=None, expert=expert)
    Article.objects.filter(pk=article.pk).update(
        status=S.PUBLISHED, publish_at=timezone.now() - datetime.timedelta(days=1), approved_version=F("version")
    )
    article.refresh_from_db()
    return article


def approve(new, *, by):
    """Submit `new` as `by`, and have another editor approve it."""
    workflow.submit_for_review(new, by=by)
    workflow.approve_article(new, by=EditorFactory())


def test_a_new_version_is_a_draft_copy_of_the_live_update_readers_never_see(live, editor):
    new = start_new_version(live, by=editor)

    assert (new.status, new.new_version_of, new.slug, new.version) == (S.DRAFT, live, live.slug, 1)
    assert (new.title, new.body, new.standfirst) == (live.title, live.body, live.standfirst)
    assert list(new.authors.all()) == list(live.authors.all())
    assert list(new.topics.names()) == ["trade"]
    assert list(new.citations.values_list("order", "cited_text")) == [(1, "ties")]
    assert list(new.mentions.values_list("actor__name", "origin")) == [("Zanzibar", "manual")]
    copy = new.quotes.get()
    assert (copy.text, copy.status) == ("multilateral mini UN", "approved")  # unchanged approved words stay so
    assert list(copy.decisions.values_list("decision", "text")) == [("approved", "multilateral mini UN")]
    assert copy.decisions.get().decided_at == live.quotes.get().decisions.get().decided_at
    assert new.revisions.get().comment == f"New version of the live update (its version {live.version})"
    assert new.status_changes.get().by == editor

    assert list(Article.objects.published()) == [live]
    assert list(Article.objects.excluding_new_versions()) == [live]
    assert start_new_version(live, by=EditorFactory()) == new  # one new version per update


def test_the_live_update_is_read_only_while_its_new_version_is_worked_on(live, editor):
    new = start_new_version(live, by=editor)
    live.title = "Changed in place"
    with pytest.raises(ReadOnlyArticle, match="is published: readers see it as it was approved"):
        save_article(live, by=editor, expected_version=live.version)
    workflow.unpublish_article(live, by=editor)  # taken off the site: still changed only through its new version
    live.refresh_from_db()
    live.title = "Changed in place"
    with pytest.raises(ReadOnlyArticle, match="has a new version in the making"):
        save_article(live, by=editor, expected_version=live.version)
    new.title = "Changed in the new version"
    save_article(new, by=editor, expected_version=new.version)
    assert Article.objects.get(pk=live.pk).title == "Alliance today"


def test_publishing_a_new_version_merges_it_into_the_live_update(live, editor, expert):
    first_published = live.publish_at
    live_quote = live.quotes.get()
    new = start_new_version(live, by=editor)
    new.title, new.slug, new.body = "Alliance renewed", "alliance-renewed", BODY.replace("Ocelotword", "Pangolin")
    save_article(new, by=editor, expected_version=new.version)
    other_expert = ExpertFactory(name="Casper Wits")
    new.authors.set([other_expert])
    new.topics.set(["sanctions"])
    new.citations.update(cited_text="new ties")
    add_comment(new, by=editor, body="Looks right.")
    kept = new.quotes.get()
    approve(new, by=editor)
    live_revisions = live.revisions.count()
    new_revisions = new.revisions.count()

    change = workflow.publish_article(new, by=editor)

    live.refresh_from_db()
    assert (change.article, change.from_status, change.to_status) == (live, S.APPROVED, S.PUBLISHED)
    assert (live.title, live.slug, live.status, live.publish_at) == (
        "Alliance renewed",
        "alliance-renewed",
        S.PUBLISHED,
        first_published,
    )
    assert "Pangolin" in live.body and live.approved_version == live.version
    assert list(live.authors.all()) == [other_expert]
    assert list(live.topics.names()) == ["sanctions"]
    assert list(live.citations.values_list("cited_text", flat=True)) == ["new ties"]
    assert list(live.mentions.values_list("actor__name", flat=True)) == ["Zanzibar"]
    # The new version's item rows moved, with their decisions; the old ones went with their history.
    assert list(live.quotes.all()) == [kept] and not Quote.objects.filter(pk=live_quote.pk).exists()
    assert kept.decisions.count() == 1 and QuoteDecision.objects.count() == 1
    # Its history is the live update's now: transitions, comments, revisions numbered after the live update's.
    assert set(live.status_changes.values_list("to_status", flat=True)) >= {S.DRAFT, S.IN_REVIEW, S.APPROVED}
    assert live.comments.get().body == "Looks right."
    numbers = list(live.revisions.order_by("number").values_list("number", "comment"))
    assert [number for number, _ in numbers] == list(range(1, live_revisions + new_revisions + 2))
    assert numbers[live_revisions][1].startswith("New version: New version of the live update")
    assert numbers[-1][1].startswith("Published its new version")
    assert ArticleRedirect.objects.get(old_slug="alliance-today").article == live
    # The working copy is gone, with nothing left behind.
    assert not Article.objects.filter(pk=new.pk).exists()
    assert not TaggedItem.objects.filter(object_id=new.pk).exists()
    assert Revision.objects.filter(article_id=new.pk).count() == 0
    assert list(Article.objects.all()) == [live]


def test_a_new_version_is_published_at_once_and_only_into_a_live_update(live, editor):
    new = start_new_version(live, by=editor)
    approve(new, by=editor)
    with pytest.raises(workflow.TransitionNotAllowed, match="cannot be scheduled"):
        workflow.publish_article(new, by=editor, at=timezone.now() + datetime.timedelta(days=1))
    workflow.unpublish_article(live, by=editor)
    with pytest.raises(workflow.TransitionNotAllowed, match="no longer published: publish it again first"):
        workflow.publish_article(new, by=editor)
    assert Article.objects.get(pk=new.pk).status == S.APPROVED


def test_a_new_version_needs_the_same_checks_as_any_update(live, editor):
    new = start_new_version(live, by=editor)
    new.body = BODY.replace("multilateral mini UN", "mini UN")
    save_article(new, by=editor, expected_version=new.version)
    workflow.submit_for_review(new, by=editor)
    with pytest.raises(workflow.TransitionNotAllowed, match="submitted"):
        workflow.approve_article(new, by=editor)  # four eyes
    workflow.approve_article(new, by=EditorFactory())
    with pytest.raises(workflow.PublishBlocked, match="no longer appears in the text"):  # preflight
        workflow.publish_article(new, by=editor)


def test_what_gets_a_new_version(live, editor):
    with pytest.raises(NewVersionRefused, match="only a published update gets a new version. Change this one"):
        start_new_version(ArticleFactory(status=S.APPROVED), by=editor)
    with pytest.raises(NewVersionRefused, match="archived: only a published update"):
        start_new_version(ArticleFactory(status=S.ARCHIVED, published=True), by=editor)
    with pytest.raises(NewVersionRefused, match="is itself a new version"):
        start_new_version(start_new_version(live, by=editor), by=editor)
    with pytest.raises(NewVersionRefused, match="may not change updates"):
        start_new_version(live, by=UserFactory())


def test_a_discarded_new_version_leaves_the_live_update_as_it_was(live, editor):
    new = start_new_version(live, by=editor)
    new.title = "Not to be"
    save_article(new, by=editor, expected_version=new.version)
    assert discard_new_version(new, by=editor) == live
    assert list(Article.objects.all()) == [live] and Article.objects.get().title == "Alliance today"
    assert "was discarded" in live.status_changes.first().comment
    assert start_new_version(live, by=editor).title == "Alliance today"


def test_restoring_a_revision_of_a_live_update_restores_it_into_its_new_version(live, editor):
    draft = live.revisions.filter(comment="As approved").get()
    Revision.objects.filter(pk=draft.pk).update(data={**draft.data, "fields": {**draft.data["fields"], "title": "Old"}})
    draft.refresh_from_db()

    restored = restore_revision(draft, by=editor, expected_version=live.version)

    new = live.new_version
    assert restored.article == new and new.title == "Old"
    assert restored.comment == f"Restored revision {draft.number} of the live update “Alliance today”"
    assert Article.objects.get(pk=live.pk).title == "Alliance today"
    with pytest.raises(StaleArticle):
        restore_revision(draft, by=editor, expected_version=live.version - 1)


def test_two_editors_a_new_version_started_under_an_open_page_and_stale_saves(live):
    alice, bob = EditorFactory(username="alice"), EditorFactory(username="bob")
    opened_by_alice = Article.objects.get(pk=live.pk)  # alice has the live update open
    new = start_new_version(live, by=bob)
    assert start_new_version(opened_by_alice, by=alice) == new  # her button opens bob's new version

    opened_by_alice.title = "Alice's title"
    with pytest.raises(ReadOnlyArticle):
        save_article(opened_by_alice, by=alice, expected_version=opened_by_alice.version)

    alices_copy, bobs_copy = Article.objects.get(pk=new.pk), Article.objects.get(pk=new.pk)
    bobs_copy.title = "Bob's title"
    save_article(bobs_copy, by=bob, expected_version=bobs_copy.version)
    alices_copy.title = "Alice's title"
    with pytest.raises(StaleArticle, match="was saved by bob"):
        save_article(alices_copy, by=alice, expected_version=alices_copy.version)

    approve(bobs_copy, by=bob)
    workflow.publish_article(bobs_copy, by=bob)
    # The live update moved on: alice's page of it, opened before, is stale.
    with pytest.raises(StaleArticle):
        save_article(opened_by_alice, by=alice, expected_version=opened_by_alice.version)
    assert Article.objects.get(pk=live.pk).title == "Bob's title"


def test_slugs_lead_to_one_update(live, editor):
    other = ArticleFactory(slug="other-update")
    ArticleRedirect.objects.create(old_slug="moved-away", article=other)
    ArticleRedirect.objects.create(old_slug="alliance-old", article=live)
    new = start_new_version(live, by=editor)
    for taken in ("other-update", "moved-away"):
        new.slug = taken
        with pytest.raises(ValidationError, match=taken):
            new.full_clean()
        with pytest.raises(ValidationError, match=taken):
            save_article(new, by=editor, expected_version=new.version)
    new.slug = "alliance-old"  # its own old address may be taken back
    save_article(new, by=editor, expected_version=new.version)
    other.slug = "alliance-old"  # nor may another update take the slug its new version has
    with pytest.raises(ValidationError, match="the new version of “Alliance today”"):
        other.full_clean()

    with pytest.raises(IntegrityError), transaction.atomic():
        ArticleFactory(slug="alliance-today")
    with pytest.raises(IntegrityError), transaction.atomic():
        Article.objects.filter(pk=new.pk).update(status=S.PUBLISHED, publish_at=timezone.now())


def test_commands_name_updates_by_slug_and_publish_their_approved_new_version(live, editor, capsys):
    AdminUserFactory(username="root")
    new = start_new_version(live, by=editor)
    new.title = "Alliance renewed"
    save_article(new, by=editor, expected_version=new.version)
    with pytest.raises(CommandError, match="is draft"):
        call_command("publish", "alliance-today")
    call_command("preflight", "alliance-today")
    assert "Checking the new version" in capsys.readouterr().out
    approve(new, by=editor)

    call_command("publish", "alliance-today", "--user", "root")

    assert "Published the new version of “Alliance renewed”" in capsys.readouterr().out
    assert Article.objects.published().get().title == "Alliance renewed"
    call_command("unpublish", "alliance-today", "--user", "root")
    assert not Article.objects.published().exists()
    assert StatusChange.objects.filter(article=live, to_status=S.APPROVED, from_status=S.PUBLISHED).exists()
