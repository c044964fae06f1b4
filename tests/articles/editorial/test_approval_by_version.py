"""An approval belongs to a version: a change after approval goes back to review, and only the approved version is published."""

import pytest
from django.db.models import F
from taggit.models import Tag

from articles.editorial import workflow
from articles.editorial.saving import save_article
from articles.editorial.topics import merge_topics
from articles.models import Article
from tests.factories import AdminUserFactory, ArticleFactory, EditorFactory

pytestmark = pytest.mark.django_db

S = Article.Status


@pytest.fixture
def alice(db):
    return EditorFactory(username="alice")


@pytest.fixture
def bob(db):
    return EditorFactory(username="bob")


@pytest.fixture
def approved(alice, bob):
    """An update alice wrote and submitted, and bob approved."""
    article = ArticleFactory(title="Alliance", body="## Ties\n\nThe words bob approved.")
    workflow.submit_for_review(article, by=alice)
    workflow.approve_article(article, by=bob)
    article.refresh_from_db()
    return article


def test_a_change_after_approval_sends_the_update_back_to_review(approved, alice, bob):
    approved.body = "## Ties\n\nWords nobody approved."
    save_article(approved, by=alice, expected_version=approved.version)

    approved.refresh_from_db()
    assert (approved.status, approved.approved_version) == (S.IN_REVIEW, None)
    change = approved.status_changes.first()
    assert (change.from_status, change.to_status, change.by) == (S.APPROVED, S.IN_REVIEW, alice)
    assert "Changed after it was approved" in change.comment
    with pytest.raises(workflow.TransitionNotAllowed, match="applies only to an update that is approved"):
        workflow.publish_article(approved, by=bob)
    assert not Article.objects.published().exists()

    # Bob approves the change (alice, who made it, may not), and only then is it published.
    with pytest.raises(workflow.TransitionNotAllowed, match="alice submitted"):
        workflow.approve_article(approved, by=alice)
    workflow.approve_article(approved, by=bob)
    workflow.publish_article(approved, by=bob)
    assert Article.objects.published().get().body == "## Ties\n\nWords nobody approved."


def test_whoever_saves_an_approved_update_may_not_approve_it_again(approved, alice, bob):
    save_article(approved, by=bob, expected_version=approved.version, comment="bob's own touch")
    with pytest.raises(workflow.TransitionNotAllowed, match="bob submitted"):
        workflow.approve_article(approved, by=bob)
    workflow.approve_article(approved, by=alice)  # alice did not change what bob changed
    approved.refresh_from_db()
    assert (approved.status, approved.approved_version) == (S.APPROVED, approved.version)


def test_whoever_changed_an_update_in_review_may_not_approve_it(alice, bob):
    article = ArticleFactory()
    workflow.submit_for_review(article, by=alice)
    article.body += "\n\nBob's own words."
    save_article(article, by=bob, expected_version=article.version)
    with pytest.raises(workflow.TransitionNotAllowed, match="bob changed, since it was submitted,"):
        workflow.approve_article(article, by=bob)
    workflow.approve_article(article, by=EditorFactory())


def test_publishing_refuses_a_version_other_than_the_approved_one(approved, bob):
    # A save that raced the approval: it read the update in review, and wrote after bob approved.
    Article.objects.filter(pk=approved.pk).update(version=F("version") + 1, body="Slipped in behind bob's back.")
    with pytest.raises(workflow.TransitionNotAllowed, match="approved at version 1 and is now version 2"):
        workflow.publish_article(approved, by=bob)
    assert not Article.objects.published().exists()
    assert workflow.TRANSITIONS["publish"] not in workflow.allowed_transitions(Article.objects.get(pk=approved.pk), bob)


def test_an_approver_who_read_an_older_version_is_refused(alice, bob):
    article = ArticleFactory()
    workflow.submit_for_review(article, by=alice)
    read = article.version
    article.body += "\n\nA late addition."
    save_article(article, by=alice, expected_version=article.version)
    with pytest.raises(workflow.TransitionNotAllowed, match="after you read version 1"):
        workflow.approve_article(article, by=bob, version=read)
    workflow.approve_article(article, by=bob, version=read + 1)
    article.refresh_from_db()
    assert article.approved_version == read + 1


def test_a_topic_merge_is_housekeeping_it_keeps_a_current_approval(approved, bob):
    approved.topics.add("Sanctions")
    merge_topics(list(Tag.objects.filter(name="Sanctions")), into="Embargoes", by=AdminUserFactory())
    approved.refresh_from_db()
    assert approved.status == S.APPROVED and approved.approved_version == approved.version == 2
    assert list(approved.topics.names()) == ["Embargoes"]
    workflow.publish_article(approved, by=bob)
