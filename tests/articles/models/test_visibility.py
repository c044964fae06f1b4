"""What readers may see, stated once on the models: the queryset methods, and the same rule for one object in hand.

Each test builds drafts, rejected mentions, actors and experts without a public page and
unapproved quotes next to the visible rows, and checks both the queryset method and the
model property that previews use on unsaved rows.
"""

import datetime

import pytest
from django.utils import timezone

from actors.models import Actor, Mention, Relation
from articles.editorial.revisions import record_revision
from articles.models import Article, Expert, Quote
from articles.public.preview import article_from_revision
from tests.factories import (
    ActorFactory,
    ActorQuoteFactory,
    ArticleFactory,
    ExpertFactory,
    MentionFactory,
    QuoteFactory,
    RelationFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def published():
    return ArticleFactory(published=True)


@pytest.fixture
def draft():
    return ArticleFactory()


def test_actors_and_experts_with_and_without_a_public_page():
    shown, hidden = ActorFactory(), ActorFactory(is_published=False)
    assert list(Actor.objects.published()) == [shown]
    assert list(Actor.objects.without_public_page()) == [hidden]
    profile, private = ExpertFactory(name="A Shown"), ExpertFactory(name="B Private", is_published=False)
    assert list(Expert.objects.published()) == [profile]
    assert list(Expert.objects.without_public_page()) == [private]


def test_related_managers_carry_the_visibility_methods(published):
    hidden = ExpertFactory(is_published=False)
    published.authors.add(hidden, ExpertFactory())
    assert list(published.authors.without_public_page()) == [hidden]
    MentionFactory(article=published, origin=Mention.Origin.REJECTED)
    kept = MentionFactory(article=published)
    assert list(published.mentions.counted()) == [kept]


def test_counted_mentions_are_those_no_editor_rejected(published):
    auto = MentionFactory(article=published, origin=Mention.Origin.AUTO)
    manual = MentionFactory(article=published, origin=Mention.Origin.MANUAL)
    rejected = MentionFactory(article=published, origin=Mention.Origin.REJECTED)
    assert set(Mention.objects.counted()) == {auto, manual}
    assert [m.is_counted for m in (auto, manual, rejected)] == [True, True, False]


def test_public_mentions_are_counted_and_name_an_actor_with_a_public_page(published, draft):
    visible = MentionFactory(article=published)
    in_draft = MentionFactory(article=draft)
    rejected = MentionFactory(article=published, origin=Mention.Origin.REJECTED)
    hidden_actor = MentionFactory(article=published, actor=ActorFactory(is_published=False))
    hidden_and_rejected = MentionFactory(
        article=published, actor=ActorFactory(is_published=False), origin=Mention.Origin.REJECTED
    )
    everything = [visible, in_draft, rejected, hidden_actor, hidden_and_rejected]

    assert set(Mention.objects.public()) == {visible, in_draft}
    assert list(Mention.objects.public().in_published_articles()) == [visible]
    # The rule for a mention in hand (a preview's unsaved rows) is the queryset's rule.
    assert {m for m in everything if m.is_public} == set(Mention.objects.public())
    unsaved = Mention(actor=hidden_actor.actor, origin=Mention.Origin.MANUAL)
    assert not unsaved.is_public


def test_public_quotes_are_approved_by_an_expert_with_a_public_profile(published, draft):
    approved = QuoteFactory(article=published, status=Quote.Status.APPROVED)
    in_draft = QuoteFactory(article=draft, status=Quote.Status.APPROVED)
    pending = QuoteFactory(article=published, status=Quote.Status.PENDING)
    changes = QuoteFactory(article=published, status=Quote.Status.CHANGES_REQUESTED)
    private_expert = QuoteFactory(
        article=published, expert=ExpertFactory(is_published=False), status=Quote.Status.APPROVED
    )
    of_an_actor = ActorQuoteFactory(article=published, status=Quote.Status.APPROVED)
    everything = [approved, in_draft, pending, changes, private_expert, of_an_actor]

    assert set(Quote.objects.public()) == {approved, in_draft}
    assert list(Quote.objects.public().in_published_articles()) == [approved]
    assert list(published.quotes.public()) == [approved]
    assert {q for q in everything if q.is_public} == set(Quote.objects.public())
    assert Quote(text="x", status=Quote.PUBLIC_STATUS, expert=approved.expert).is_public
    assert not Quote(text="x", status=Quote.Status.APPROVED, expert=None).is_public


def test_public_relations_join_two_actors_with_a_public_page():
    shown, other, hidden = ActorFactory(), ActorFactory(), ActorFactory(is_published=False)
    visible = RelationFactory(from_actor=shown, to_actor=other)
    RelationFactory(from_actor=shown, to_actor=hidden)
    RelationFactory(from_actor=hidden, to_actor=other)
    assert list(Relation.objects.public()) == [visible]


def test_a_preview_keeps_what_the_querysets_keep(published):
    """A preview judges a revision's unsaved rows by the same rules (`is_public`) as the public pages."""
    MentionFactory(article=published, count=3)
    MentionFactory(article=published, count=2, origin=Mention.Origin.REJECTED)
    MentionFactory(article=published, count=1, actor=ActorFactory(is_published=False))
    QuoteFactory(article=published, status=Quote.Status.APPROVED)
    QuoteFactory(article=published, status=Quote.Status.PENDING)
    QuoteFactory(article=published, expert=ExpertFactory(is_published=False), status=Quote.Status.APPROVED)
    ActorQuoteFactory(article=published, status=Quote.Status.APPROVED)

    preview = article_from_revision(record_revision(published, by=None))

    assert [m.actor for m in preview.public_mentions] == [m.actor for m in published.mentions.public()]
    assert [q.pk for q in preview.public_quotes] == [q.pk for q in published.quotes.public()]
    assert len(preview.public_mentions) == len(preview.public_quotes) == 1


def test_scheduled_is_published_with_a_publish_time_still_to_come():
    now = timezone.now()
    due = ArticleFactory(status=Article.Status.PUBLISHED, publish_at=now - datetime.timedelta(minutes=1))
    later = ArticleFactory(status=Article.Status.PUBLISHED, publish_at=now + datetime.timedelta(minutes=1))
    ArticleFactory(status=Article.Status.APPROVED, publish_at=now + datetime.timedelta(minutes=1))
    assert list(Article.objects.scheduled(now=now)) == [later]
    assert list(Article.objects.published()) == [due]
