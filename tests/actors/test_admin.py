"""The actor admin: saving an update in the admin tags it, actor and alias edits rebuild the matcher, the actions."""

from types import SimpleNamespace
from unittest import mock

import pytest
from django.contrib import admin
from django.test import RequestFactory

from actors.admin import reject_selected_mentions, retag_selected_articles
from actors.models import Actor, Alias, Mention
from actors.tagging import tag_article
from actors.tagging.service import gazetteer_stamp
from articles.models import Article
from tests.factories import ActorFactory, ArticleFactory, UserFactory


def request_by(user):
    request = RequestFactory().post("/admin/")
    request.user = user
    return request


def test_saving_in_the_article_admin_tags_after_the_related_rows(gazetteer):
    article = ArticleFactory(body="Talks in Pyongyang.")
    article_admin = admin.site._registry[Article]
    saved = []

    def save_m2m():  # the form's related rows: tagging has not run yet
        saved.append(list(article.mentions.all()))

    form = SimpleNamespace(instance=article, save_m2m=save_m2m, cleaned_data={"expected_version": article.version})
    article_admin.save_related(request_by(UserFactory()), form, [], change=True)
    assert saved == [[]]
    assert list(article.mentions.values_list("actor__slug", "origin")) == [("north-korea", Mention.Origin.AUTO)]
    assert article.revisions.first().data["mentions"][0]["actor_id"] == article.mentions.get().actor_id


@pytest.mark.parametrize("model", [Actor, Alias])
def test_actor_and_alias_edits_in_the_admin_rebuild_the_matcher(db, model):
    model_admin = admin.site._registry[model]
    request = request_by(UserFactory(is_superuser=True))
    actor = ActorFactory(name="Atlantis")
    obj = actor if model is Actor else Alias(actor=actor, kind=Alias.Kind.ABBREVIATION, text="ATL")
    before = gazetteer_stamp()
    model_admin.save_model(request, obj, form=None, change=model is Actor)
    saved = gazetteer_stamp()
    model_admin.delete_model(request, obj)
    assert len({before, saved, gazetteer_stamp()}) == 3


def test_the_alias_inline_on_an_actor_rebuilds_the_matcher(db):
    actor_admin = admin.site._registry[Actor]
    actor = ActorFactory(name="Atlantis")
    form = SimpleNamespace(instance=actor, save_m2m=lambda: None)
    before = gazetteer_stamp()
    actor_admin.save_related(request_by(UserFactory(is_superuser=True)), form, [], change=True)
    assert gazetteer_stamp() != before


def test_retag_action_tags_the_selected_updates(gazetteer):
    chosen, other = ArticleFactory(body="Seoul."), ArticleFactory(body="Seoul.")
    modeladmin = mock.Mock()
    retag_selected_articles(modeladmin, request_by(UserFactory()), Article.objects.filter(pk=chosen.pk))
    assert chosen.mentions.count() == 1
    assert not other.mentions.exists()
    modeladmin.message_user.assert_called_once()


def test_reject_action_rejects_the_selected_suggestions(gazetteer):
    article = ArticleFactory(body="Seoul and Tokyo.")
    tag_article(article)
    editor = UserFactory()
    modeladmin = mock.Mock()
    reject_selected_mentions(modeladmin, request_by(editor), article.mentions.filter(actor__slug="japan"))
    tag_article(article)
    assert set(article.mentions.values_list("actor__slug", "origin")) == {
        ("south-korea", Mention.Origin.AUTO),
        ("japan", Mention.Origin.REJECTED),
    }
    assert "Rejected 1 actor suggestions" in modeladmin.message_user.call_args.args[1]


def test_a_rejection_is_a_change_to_the_update_so_an_older_form_cannot_undo_it(gazetteer):
    article = ArticleFactory(body="Seoul and Tokyo.")
    tag_article(article)
    opened = Article.objects.get(pk=article.pk).version
    reject_selected_mentions(mock.Mock(), request_by(UserFactory()), article.mentions.filter(actor__slug="japan"))
    stored = Article.objects.get(pk=article.pk)
    assert stored.version == opened + 1
    assert {m["actor"]: m["origin"] for m in stored.revisions.first().data["mentions"]}["Japan"] == "rejected"
