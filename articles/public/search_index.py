"""The stored search text of each update, for PostgreSQL's full-text search.

`Article.search_vector` holds, weighted, what a reader's query is matched against: the
title (A), standfirst and research question (B), body (C), and (D) the approved words of
its experts, the names and aliases of the public actors it names and its topic names. A
GIN index (migration 0009, PostgreSQL only) makes a match a look-up, not a parse of every
update per query.

It is computed on write, by one `UPDATE` in the database, by whoever changes one of those
rows: the write path (`articles.editorial.saving`, after tagging) and expert review
decisions (an item approved or withdrawn). `python manage.py rebuild_search_index` computes
it for every update (after a gazetteer change, or to fill it in bulk). Elsewhere (SQLite)
search reads the text fields themselves and this does nothing.

Imports models only.
"""

from django.contrib.postgres.search import SearchVector
from django.db import connection
from django.db.models import OuterRef, StringAgg, Subquery, TextField, Value
from django.db.models.functions import Coalesce

from actors.models import Alias, Mention
from articles.models import Article, Quote

CONFIG = "english"


def _joined(queryset, field):
    """The values of `field` in `queryset` (rows of one update), joined by spaces, as one subquery."""
    words = (
        queryset.order_by()
        .values(group=Value(1))
        .annotate(words=StringAgg(field, delimiter=Value(" "), output_field=TextField()))
        .values("words")
    )
    return Coalesce(Subquery(words), Value(""), output_field=TextField())


def search_vector_expression():
    named = Mention.objects.public().filter(article=OuterRef("pk"))
    named_actors = Mention.objects.public().filter(article=OuterRef(OuterRef("pk")))
    return (
        SearchVector("title", weight="A", config=CONFIG)
        + SearchVector("standfirst", "research_question", weight="B", config=CONFIG)
        + SearchVector("body", weight="C", config=CONFIG)
        + SearchVector(
            _joined(Quote.objects.public().filter(article=OuterRef("pk")), "text"),
            _joined(named, "actor__name"),
            # One level deeper: the update is the outer query's outer query here.
            _joined(Alias.objects.filter(actor__in=named_actors.values("actor_id")), "text"),
            _joined(Article.topics.through.objects.filter(object_id=OuterRef("pk")), "tag__name"),
            weight="D",
            config=CONFIG,
        )
    )


def refresh_search_vectors(articles):
    """Compute the stored search text of `articles` (a queryset or ids) in one statement; on PostgreSQL only."""
    if connection.vendor != "postgresql":
        return 0
    return Article.objects.filter(pk__in=articles).update(search_vector=search_vector_expression())
