"""Merging topics changes each update it touches through the write path."""

import pytest
from taggit.models import Tag

from articles.editorial.topics import merge_topics
from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db


def test_a_merge_retags_each_update_as_a_new_revision(editor):
    both, one, untouched = ArticleFactory(), ArticleFactory(), ArticleFactory()
    both.topics.set(["Sanctions", "sanction regime"])
    one.topics.set(["sanction regime"])
    untouched.topics.set(["Trade"])
    versions = {a.pk: a.version for a in (both, one, untouched)}

    target = merge_topics(list(Tag.objects.filter(name="sanction regime")), into="sanctions", by=editor)

    assert target.name == "Sanctions"  # the existing topic, whatever the case typed
    for article in (both, one):
        article.refresh_from_db()
        assert [tag.name for tag in article.topics.all()] == ["Sanctions"]
        assert article.version == versions[article.pk] + 1
        assert article.revisions.first().comment == "Topics sanction regime merged into Sanctions"
    untouched.refresh_from_db()
    assert untouched.version == versions[untouched.pk]
