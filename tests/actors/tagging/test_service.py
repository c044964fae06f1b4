"""Storing mentions: the sample's actors, editors' rejections and additions, and the matcher's life cycle."""

from unittest import mock

import pytest
import tablib
from django.contrib.admin.models import LogEntry
from django.db import connection
from django.test.utils import CaptureQueriesContext

from actors.gazetteer import load_gazetteer
from actors.models import Actor, Alias, Mention
from actors.spreadsheets import ActorResource
from actors.tagging import add_mention, reject_mention, tag_article
from actors.tagging import service as tagging
from articles.demo.loading import load_demo
from tests.factories import ActorFactory, AliasFactory, ArticleFactory, MentionFactory, QuoteFactory, UserFactory

SAMPLE_ACTORS = {
    "China",
    "North Korea",
    "Russia",
    "United States",
    "South Korea",
    "Belarus",
    "Iran",
    "Syria",
    "Laos",
    "Vietnam",
    "Indonesia",
    "Taiwan",
    "Hong Kong",
    "Ukraine",
    "Kim Jong-un",
    "Xi Jinping",
    "Wang Yi",
    "Alexander Lukashenko",
    "United Nations",
}


def mentioned(article, origin=Mention.Origin.AUTO):
    return set(article.mentions.filter(origin=origin).values_list("actor__name", flat=True))


@pytest.mark.django_db
def test_the_sample_names_exactly_its_actors_and_no_other():
    article = load_demo()
    assert mentioned(article) == SAMPLE_ACTORS
    assert not article.mentions.exclude(origin=Mention.Origin.AUTO).exists()


@pytest.mark.django_db
def test_loading_the_demo_twice_changes_no_mention():
    article = load_demo()
    before = list(article.mentions.values_list("pk", "actor_id", "count", "first_position", "origin"))
    load_demo()
    assert list(article.mentions.values_list("pk", "actor_id", "count", "first_position", "origin")) == before


def test_mentions_carry_count_and_first_position(gazetteer):
    article = ArticleFactory(title="Trade", standfirst="", research_question="", body="China, then Beijing.")
    tag_article(article)
    mention = article.mentions.get()
    assert (mention.actor.slug, mention.count, mention.first_position) == ("china", 2, 7)


def test_quotes_are_tagged_too(gazetteer):
    article = ArticleFactory(body="No names here.")
    QuoteFactory(article=article, text="a multilateral mini UN")
    tag_article(article)
    assert mentioned(article) == {"United Nations"}


def test_a_quote_already_in_the_body_is_not_counted_twice(gazetteer):
    article = ArticleFactory(title="T", standfirst="", research_question="", body="It is a “multilateral mini UN”.")
    QuoteFactory(article=article, text="multilateral mini UN")
    tag_article(article)
    assert article.mentions.get().count == 1


def test_an_actor_no_longer_named_loses_its_automatic_mention(gazetteer):
    article = ArticleFactory(body="China and Russia.")
    tag_article(article)
    article.body = "Russia alone."
    article.save()
    result = tag_article(article)
    assert mentioned(article) == {"Russia"}
    assert (result.added, result.updated, result.removed) == (0, 1, 1)  # Russia moved, China went


def test_rejected_mentions_stay_rejected_after_retagging(gazetteer):
    editor = UserFactory()
    article = ArticleFactory(body="China and Russia.")
    tag_article(article)
    reject_mention(article.mentions.get(actor__slug="china"), by=editor)
    article.body = "China, China and Russia."
    article.save()
    tag_article(article)
    assert mentioned(article, Mention.Origin.REJECTED) == {"China"}
    assert mentioned(article) == {"Russia"}


def test_manual_mentions_stay_when_the_text_does_not_name_them(gazetteer):
    editor = UserFactory()
    article = ArticleFactory(body="China.")
    iran = Actor.objects.get(slug="iran")
    add_mention(article, iran, by=editor)
    tag_article(article)
    assert mentioned(article, Mention.Origin.MANUAL) == {"Iran"}
    assert article.mentions.get(actor=iran).count == 0


def test_adding_a_rejected_actor_by_hand_takes_the_rejection_back(gazetteer):
    editor = UserFactory()
    article = ArticleFactory(body="China and China.")
    tag_article(article)
    mention = reject_mention(article.mentions.get(), by=editor)
    add_mention(article, mention.actor, by=editor)
    mention.refresh_from_db()
    assert (mention.origin, mention.count) == (Mention.Origin.MANUAL, 2)


def test_editor_decisions_are_logged_on_the_update(gazetteer):
    editor = UserFactory()
    article = ArticleFactory(body="China.")
    tag_article(article)
    reject_mention(article.mentions.get(), by=editor)
    add_mention(article, Actor.objects.get(slug="iran"), by=editor)
    messages = list(
        LogEntry.objects.filter(user=editor, object_id=str(article.pk)).values_list("change_message", flat=True)
    )
    assert sorted(messages) == ["Rejected the actor China.", "Tagged the actor Iran by hand."]


@pytest.mark.django_db
def test_tagging_queries_do_not_grow_with_the_gazetteer_or_the_mentions():
    small = ArticleFactory(body="Alpha.")
    AliasFactory(text="Alpha")
    tagging.current_matcher()
    with CaptureQueriesContext(connection) as few:
        tag_article(small)

    actors = ActorFactory.create_batch(30)
    tagging.gazetteer_changed()  # the factory wrote the actors directly
    large = ArticleFactory(body=" ".join(actor.name + "." for actor in actors))
    for actor in actors[:10]:
        MentionFactory(article=large, actor=actor, origin=Mention.Origin.REJECTED)
    QuoteFactory.create_batch(5, article=large)
    tagging.current_matcher()
    with CaptureQueriesContext(connection) as many:
        result = tag_article(large)
    assert result.added == 20
    assert len(many) == len(few)


@pytest.mark.django_db
def test_matcher_is_built_once_and_reused_while_the_gazetteer_is_unchanged():
    AliasFactory(text="Alpha")
    with mock.patch.object(tagging, "build_matcher", wraps=tagging.build_matcher) as build:
        tagging.find_actors("Alpha")
        article = ArticleFactory(body="Alpha")
        tag_article(article)
        reject_mention(article.mentions.get(), by=UserFactory())
        tagging.find_actors("Alpha")
    assert build.call_count == 1


def import_actor(actor, row):
    dataset = tablib.Dataset(headers=list(row))
    dataset.append(list(row.values()))
    result = ActorResource().import_data(dataset, dry_run=False)
    assert not result.has_errors() and not result.has_validation_errors()


@pytest.mark.django_db
@pytest.mark.parametrize(
    "change",
    [
        pytest.param(
            lambda actor, in_admin: in_admin.save(Alias(actor=actor, text="Middle Kingdom")), id="alias added"
        ),
        pytest.param(lambda actor, in_admin: in_admin.save(Actor.objects.get(pk=actor.pk)), id="actor saved"),
        pytest.param(lambda actor, in_admin: in_admin.delete(actor.aliases.all()), id="aliases deleted"),
        pytest.param(
            lambda actor, in_admin: import_actor(actor, {"slug": "middle-kingdom", "name": "Middle Kingdom"}),
            id="actor imported",
        ),
        pytest.param(lambda actor, in_admin: load_gazetteer(), id="gazetteer loaded"),
    ],
)
def test_matcher_is_rebuilt_when_the_gazetteer_changes(change, in_admin):
    china = ActorFactory(name="China")
    AliasFactory(actor=china, text="Chinese", kind=Alias.Kind.DEMONYM)
    tagging.gazetteer_changed()  # the factories wrote rows directly
    tagging.find_actors("China")
    with mock.patch.object(tagging, "build_matcher", wraps=tagging.build_matcher) as build:
        change(china, in_admin)
        tagging.find_actors("China")
    assert build.call_count == 1


@pytest.mark.django_db
def test_a_new_alias_is_found_right_after_it_is_saved_in_the_admin(in_admin):
    china = ActorFactory(name="China")
    assert tagging.find_actors("the Middle Kingdom") == {}
    in_admin.save(Alias(actor=china, text="Middle Kingdom"))
    assert tagging.find_actors("the Middle Kingdom") == {china.pk: (1, 4)}


@pytest.mark.django_db
def test_an_alias_added_by_another_process_is_matched_on_the_next_tagging_here(another_process):
    laos = ActorFactory(name="Laos")
    tagging.gazetteer_changed()  # the factory wrote the actor directly
    assert tagging.find_actors("The Lao delegation arrived.") == {}  # this process builds its matcher

    with another_process():
        AliasFactory(actor=laos, text="Lao", kind=Alias.Kind.DEMONYM)
        tagging.gazetteer_changed()

    assert tagging.find_actors("The Lao delegation arrived.") == {laos.pk: (1, 4)}
