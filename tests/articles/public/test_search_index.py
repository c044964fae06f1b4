"""The stored search text (PostgreSQL): what it holds, who keeps it current, and that its index is used."""

import pytest
from django.core.management import call_command
from django.db import connection
from django.utils import timezone

from actors.models import Actor
from articles.editorial.saving import save_article
from articles.expert_review.services import approve_quote
from articles.models import Article, Quote
from articles.public.search import search_articles
from tests.factories import ArticleFactory, ExpertFactory, QuoteFactory

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="the stored vector is PostgreSQL's"),
]


def slugs(query):
    return [article.slug for article in search_articles(query)]


def test_the_write_path_stores_title_body_topics_and_actor_aliases(site, editor):
    draft = ArticleFactory(slug="fresh", body="Nothing yet.")
    draft.body = "The Pyongyang leadership met in Wonsan."
    save_article(draft, by=editor, expected_version=draft.version)
    draft.topics.add("Fisheries")
    Article.objects.filter(pk=draft.pk).update(status=Article.Status.PUBLISHED, publish_at=draft.created_at)
    call_command("rebuild_search_index", verbosity=0)

    vector = Article.objects.values_list("search_vector", flat=True).get(pk=draft.pk)
    assert "wonsan" in vector and "fisheri" in vector
    assert "dprk" in vector  # North Korea's alias, from the mention the tagger made of "Pyongyang"
    assert "fresh" in slugs("Wonsan") and "fresh" in slugs("fisheries")


def test_an_expert_approval_puts_the_words_in_the_vector_and_only_then(site, editor):
    expert = ExpertFactory()
    article = ArticleFactory(published=True, slug="quoted", body="Words: “zymurgical diplomacy”.")
    quote = QuoteFactory(article=article, expert=expert, text="zymurgical diplomacy", status=Quote.Status.PENDING)
    Article.objects.filter(pk=article.pk).update(body="No words of the expert here.")
    call_command("rebuild_search_index", verbosity=0)
    assert "quoted" not in slugs("zymurgical")

    approve_quote(quote, by=None, expert=expert)

    assert "quoted" in slugs("zymurgical")


def test_search_uses_the_gin_index(site):
    # One update in 3,000 matches: the index, not the other conditions, is what narrows the rows.
    now = timezone.now()
    Article.objects.bulk_create(
        Article(
            title=f"Archive update {n}",
            slug=f"archive-{n}",
            body="Talks on trade and fisheries." if n else "A nuclear test.",
            status=Article.Status.PUBLISHED,
            publish_at=now,
            approved_version=1,
        )
        for n in range(3000)
    )
    call_command("rebuild_search_index", verbosity=0)
    with connection.cursor() as cursor:
        # What autovacuum does: the rows just written move from the index's pending list into the index.
        cursor.execute("SELECT gin_clean_pending_list('article_search_vector_gin')")
        cursor.execute("ANALYZE articles_article")
        # Still small enough to read whole in a blink; `make bench` shows the plan at 100,000 updates.
        cursor.execute("SET enable_seqscan = off")
        plan = search_articles("nuclear").explain()
        cursor.execute("RESET enable_seqscan")
    assert "article_search_vector_gin" in plan, plan
    assert "archive-0" in slugs("nuclear")


def test_no_query_computes_a_vector(site, django_assert_max_num_queries):
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        list(search_articles("Korea"))
    assert not any("to_tsvector" in query["sql"] for query in queries.captured_queries)
    assert Actor.objects.exists()
