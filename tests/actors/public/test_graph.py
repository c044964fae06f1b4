"""Co-mentions: one query whatever the amount of data, published updates only, rejections ignored."""

import datetime

import pytest
from django.utils import timezone

from actors.models import Mention
from actors.public.graph import articles_mentioning_both, co_mentioned_actors
from tests.factories import ActorFactory, ArticleFactory, MentionFactory

pytestmark = pytest.mark.django_db


def update_naming(*actors, **kwargs):
    article = ArticleFactory(**({"published": True} | kwargs))
    for actor in actors:
        MentionFactory(article=article, actor=actor)
    return article


def test_co_mentioned_actors_are_ranked_by_shared_published_updates():
    china, north_korea, russia, iran = (ActorFactory(name=name) for name in ("China", "North Korea", "Russia", "Iran"))
    update_naming(china, north_korea, russia)
    update_naming(china, north_korea)
    update_naming(china, iran)
    update_naming(north_korea, russia)  # China absent
    result = list(co_mentioned_actors(china))
    assert [(actor.name, actor.co_mentions) for actor in result] == [("North Korea", 2), ("Iran", 1), ("Russia", 1)]
    assert [actor.name for actor in co_mentioned_actors(china, limit=1)] == ["North Korea"]


def test_co_mentions_ignore_drafts_scheduled_updates_rejections_and_unpublished_actors():
    china, north_korea = ActorFactory(name="China"), ActorFactory(name="North Korea")
    hidden = ActorFactory(name="Hidden", is_published=False)
    update_naming(china, north_korea, published=False)
    update_naming(china, north_korea, publish_at=timezone.now() + datetime.timedelta(days=1), status="published")
    update_naming(china, hidden)
    rejected = update_naming(china)
    MentionFactory(article=rejected, actor=north_korea, origin=Mention.Origin.REJECTED)
    china_rejected = update_naming(north_korea)
    MentionFactory(article=china_rejected, actor=china, origin=Mention.Origin.REJECTED)
    assert list(co_mentioned_actors(china)) == []
    assert list(articles_mentioning_both(china, north_korea)) == []


def test_articles_mentioning_both_lists_published_updates_newest_first():
    china, north_korea, russia = ActorFactory(), ActorFactory(), ActorFactory()
    now = timezone.now()
    older = update_naming(china, north_korea, publish_at=now - datetime.timedelta(days=2))
    newer = update_naming(north_korea, china, publish_at=now - datetime.timedelta(days=1))
    update_naming(china, russia)
    manual = update_naming(china, publish_at=now - datetime.timedelta(days=3))
    MentionFactory(article=manual, actor=north_korea, origin=Mention.Origin.MANUAL)
    assert list(articles_mentioning_both(china, north_korea)) == [newer, older, manual]


def build_graph(size):
    hub = ActorFactory()
    others = ActorFactory.create_batch(size)
    for index in range(size):
        update_naming(hub, *others[: index + 1])
    return hub, others[0]


@pytest.mark.parametrize("size", [2, 12])
def test_co_mentions_take_one_query_whatever_the_data(size, django_assert_num_queries):
    hub, first = build_graph(size)
    with django_assert_num_queries(1):
        result = list(co_mentioned_actors(hub, limit=50))
    assert len(result) == size
    assert (result[0], result[0].co_mentions) == (first, size)


@pytest.mark.parametrize("size", [2, 12])
def test_updates_naming_both_take_one_query_whatever_the_data(size, django_assert_num_queries):
    hub, first = build_graph(size)
    with django_assert_num_queries(1):
        assert len(list(articles_mentioning_both(hub, first))) == size
