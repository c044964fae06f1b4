"""Questions about actors across published updates, each answered in one SQL query.

Only what readers may see counts: `Mention.objects.public().in_published_articles()`
(published updates, no mention an editor rejected, actors with a public page).
"""

from django.db.models import Count, Exists, OuterRef

from actors.models import Actor, Mention
from articles.models import Article


def _published_updates_mentioning(actor):
    return Mention.objects.public().in_published_articles().filter(actor=actor).values("article")


def co_mentioned_actors(actor, *, limit=10):
    """The published actors most often named in the same published updates as `actor`.

    Each carries `co_mentions`, the number of those updates; most shared first, then by name.
    """
    return (
        Actor.objects.published()
        .exclude(pk=actor.pk)
        .filter(mentions__in=Mention.objects.public().filter(article__in=_published_updates_mentioning(actor)))
        .annotate(co_mentions=Count("mentions"))
        .order_by("-co_mentions", "name")[:limit]
    )


def articles_mentioning_both(a, b):
    """Published updates that name both actors, newest first.

    `Exists` over the (article, actor) unique index, one probe per candidate, rather than
    `pk IN (every update naming a)`, which materialises both lists first.
    """
    named = Mention.objects.public()
    return (
        Article.objects.published()
        .filter(Exists(named.filter(article=OuterRef("pk"), actor=a)))
        .filter(Exists(named.filter(article=OuterRef("pk"), actor=b)))
        .order_by("-publish_at", "-pk")
    )
