"""The admin hooks for tagging: the save mixin on a plain ModelAdmin, and the two actions."""

from types import SimpleNamespace
from unittest import mock

from django.contrib import admin
from django.test import RequestFactory

from actors.admin_tagging import TagOnSaveMixin, reject_selected_mentions, retag_selected_articles
from actors.models import Mention
from actors.tagging import tag_article
from articles.models import Article
from tests.factories import ArticleFactory, UserFactory


def request_by(user):
    request = RequestFactory().post("/admin/")
    request.user = user
    return request


class TaggingArticleAdmin(TagOnSaveMixin, admin.ModelAdmin):
    pass


def test_saving_in_the_admin_tags_after_the_inlines(gazetteer):
    article = ArticleFactory(body="Talks in Pyongyang.")
    form = SimpleNamespace(instance=article, save_m2m=lambda: None)
    TaggingArticleAdmin(Article, admin.site).save_related(request_by(UserFactory()), form, [], change=True)
    assert list(article.mentions.values_list("actor__slug", "origin")) == [("north-korea", Mention.Origin.AUTO)]


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
