import re

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from actors.models import Mention
from actors.tagging import find_actors
from actors.tagging.service import article_text
from articles.corpus import generating
from articles.models import Article, Citation, Quote

pytestmark = pytest.mark.django_db


def generate(count, seed=0):
    call_command("generate_corpus", articles=count, seed=seed, stdout=None, stderr=None)
    return Article.objects.filter(slug__startswith=f"corpus-{seed}-")


def named(name, body):
    return re.search(rf"(?<!\w){re.escape(name)}(?!\w)", body)


def test_generating_thirty_gives_thirty_published_updates_with_their_parts():
    generated = generate(30)
    assert Article.objects.published().filter(pk__in=generated).count() == 30
    for article in generated.prefetch_related("mentions__actor", "topics", "citations", "quotes", "authors"):
        assert article.status == Article.Status.PUBLISHED and article.version == article.approved_version == 1
        assert 800 <= len(article.body.split()) <= 2600
        assert 3 <= article.body.count("\n## ") + article.body.startswith("## ") <= 5
        assert article.title == article.title[:1].upper() + article.title[1:]
        mentions = list(article.mentions.all())
        assert 4 <= len(mentions) <= 8
        for mention in mentions:
            assert named(mention.actor.name, article.body), mention.actor.name
            assert mention.origin == Mention.Origin.AUTO
        # What the tagger would store: the same actors, counts and first positions.
        stored = {m.actor_id: (m.count, m.first_position) for m in mentions}
        assert stored == find_actors(article_text(article))
        assert len(article.topics.all()) == 2
        assert 1 <= len(article.authors.all()) <= 2
        orders = [citation.order for citation in article.citations.all()]
        assert 2 <= len(orders) <= 4 and orders == list(range(1, len(orders) + 1))
        quotes = list(article.quotes.all())
        assert 1 <= len(quotes) <= 3
        for quote in quotes:
            assert quote.status == Quote.Status.APPROVED and quote.expert.is_published
            assert quote.text in article.body
    assert Quote.objects.public().in_published_articles().count() == Quote.objects.count()


def test_the_same_seed_gives_the_same_titles_and_a_rerun_continues_the_numbering():
    first = list(generate(5, seed=7).order_by("pk").values_list("slug", "title"))
    Article.objects.all().delete()
    again = list(generate(5, seed=7).order_by("pk").values_list("slug", "title"))
    assert again == first
    assert [slug for slug, _ in first] == [f"corpus-7-{n}" for n in range(1, 6)]
    generate(3, seed=7)  # a re-run continues the numbering
    assert set(generate(1, seed=7).values_list("slug", flat=True)) == {f"corpus-7-{n}" for n in range(1, 10)}
    assert list(generate(5, seed=8).order_by("pk").values_list("title", flat=True)) != [t for _, t in first]


def test_a_common_word_appears_in_some_updates_not_all():
    bodies = list(generate(60).values_list("body", flat=True))
    share = sum("nuclear" in body for body in bodies) / len(bodies)
    assert 0.03 <= share <= 0.4


@pytest.mark.parametrize("count", [0, -1, 1_000_001])
def test_a_bad_number_is_refused_and_writes_nothing(count):
    with pytest.raises(CommandError, match="between 1 and 1,000,000"):
        call_command("generate_corpus", articles=count)
    assert not Article.objects.exists() and not Citation.objects.exists()


def test_the_queries_do_not_grow_with_the_number_of_updates():
    generate(1, seed=1)  # the gazetteer, experts and sources once

    def queries(count, seed):
        with CaptureQueriesContext(connection) as captured:
            generating.generate_corpus(count, seed=seed)
        return len(captured)

    assert queries(10, seed=2) == queries(30, seed=3)
    assert queries(30, seed=4) < 60
