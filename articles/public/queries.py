"""The querysets behind every public page, each a fixed number of queries.

They compose the models' visibility rules and state none of their own: updates
from `Article.objects.published()`, mentions from `Mention.objects.public()` (not
rejected, actor with a public page), quotes from `Quote.objects.public()` (approved,
expert with a public profile). This module adds what the pages need on top: related
rows, order, counts.
"""

from django.db import connection
from django.db.models import Exists, F, OuterRef, Prefetch
from taggit.models import Tag

from actors.models import Mention
from articles import markdown
from articles.models import Article, Citation, Image, Quote

TaggedTopic = Article.topics.through


def public_mentions():
    """Mentions readers may see, most frequent first."""
    return Mention.objects.public().select_related("actor").order_by("-count", "actor__name")


def approved_expert_quotes():
    """The only quotes that ever appear publicly, with their expert."""
    return Quote.objects.public().select_related("expert")


def quotes_of(expert):
    """The public quotes of `expert` in published updates, newest update first."""
    return (
        approved_expert_quotes()
        .in_published_articles()
        .filter(expert=expert)
        .select_related("article")
        .order_by("-article__publish_at", "position", "pk")
    )


def article_listing():
    """Published updates, newest first, with what a list item shows (kicker, bylines, actor chips)."""
    return listed(Article.objects.published()).order_by("-publish_at", "-pk")


def listed(articles):
    """`articles` with what a list item shows; `article_listing()` for readers."""
    return articles.select_related("series", "region").prefetch_related(
        "authors", Prefetch("mentions", queryset=public_mentions(), to_attr="public_mentions")
    )


def article_for_reading():
    """A published update with everything its page shows."""
    return with_everything_shown(article_listing())


def with_everything_shown(articles):
    """`articles` (already `listed()`) with the rest an update's page and PDF show; `article_for_reading()` for
    readers, an editor's draft PDF for any update."""
    return articles.select_related("lead_image").prefetch_related(
        "lead_image__renditions",
        "topics",
        Prefetch("citations", queryset=Citation.objects.select_related("source").order_by("order")),
        Prefetch("quotes", queryset=approved_expert_quotes().order_by("position", "pk"), to_attr="public_quotes"),
    )


def library_images(body):
    """The library images `body` places, by id, with their renditions: no query when it places none."""
    ids = markdown.library_image_ids(body)
    return Image.objects.prefetch_related("renditions").in_bulk(ids) if ids else {}


def _topic_items():
    return TaggedTopic.objects.filter(content_type__app_label="articles", content_type__model="article")


def _shared_rows(article):
    """An `update_id` row for every public mention or topic another update shares with `article`.

    Read from the rows of `article`'s own actors and topics (the (actor, article) and
    (tag, object) indexes), so the work grows with how often those actors and topics
    occur, not with the size of the archive.
    """
    own_actors = public_mentions().filter(article=article).values("actor_id")
    own_topics = _topic_items().filter(object_id=article.pk).values("tag_id")
    by_actor = public_mentions().filter(actor_id__in=own_actors).exclude(article=article)
    by_topic = _topic_items().filter(tag_id__in=own_topics).exclude(object_id=article.pk)
    return (
        by_actor.order_by()
        .annotate(update_id=F("article_id"))
        .values("update_id")
        .union(by_topic.order_by().annotate(update_id=F("object_id")).values("update_id"), all=True)
        .order_by()
    )


def related_articles(article, *, limit=4):
    """Other published updates ranked by how many actors and topics they share with `article`.

    Two queries: the ranking (shared rows grouped by update, published ones only), then the
    updates themselves with what a list item shows; ties go to the newest.
    """
    shared_sql, shared_params = _shared_rows(article).query.sql_with_params()
    published_sql, published_params = (
        Article.objects.published()
        .order_by()
        .annotate(ranked_id=F("pk"), ranked_at=F("publish_at"))
        .values("ranked_id", "ranked_at")
        .query.sql_with_params()
    )
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT p.ranked_id FROM ({published_sql}) p JOIN ({shared_sql}) s ON s.update_id = p.ranked_id "
            "GROUP BY p.ranked_id, p.ranked_at ORDER BY COUNT(*) DESC, p.ranked_at DESC, p.ranked_id DESC LIMIT %s",
            [*published_params, *shared_params, limit],
        )
        ranked = [row[0] for row in cursor.fetchall()]
    found = article_listing().in_bulk(ranked)
    return [found[pk] for pk in ranked if pk in found]


def articles_quoting(expert):
    """Published updates that carry an approved quote of `expert` or name them in the byline."""
    quoted = approved_expert_quotes().filter(article=OuterRef("pk"), expert=expert)
    bylined = Article.authors.through.objects.filter(article=OuterRef("pk"), expert=expert)
    return article_listing().filter(Exists(quoted) | Exists(bylined))


def articles_mentioning(actor):
    return article_listing().filter(Exists(public_mentions().filter(article=OuterRef("pk"), actor=actor)))


def public_topics():
    """Topics used by at least one published update."""
    tagged = _topic_items().filter(tag=OuterRef("pk"), object_id__in=Article.objects.published().values("pk"))
    return Tag.objects.filter(Exists(tagged))
