"""Questions about actors across published updates, each answered in one SQL query.

Only published updates count (Article.objects.published()), and a mention an editor
rejected is no mention at all.
"""

from django.db.models import Count

from actors.models import Actor, Mention
from articles.models import Article

COUNTED = [Mention.Origin.AUTO, Mention.Origin.MANUAL]


def _published_updates_mentioning(actor):
    return Mention.objects.filter(
        actor=actor, origin__in=COUNTED, article__in=Article.objects.published().values("pk")
    ).values("article")


def co_mentioned_actors(actor, *, limit=10):
    """The published actors most often named in the same published updates as `actor`.

    Each carries `co_mentions`, the number of those updates; most shared first, then by name.
    """
    return (
        Actor.objects.published()
        .exclude(pk=actor.pk)
        .filter(mentions__article__in=_published_updates_mentioning(actor), mentions__origin__in=COUNTED)
        .annotate(co_mentions=Count("mentions"))
        .order_by("-co_mentions", "name")[:limit]
    )


def articles_mentioning_both(a, b):
    """Published updates that name both actors, newest first."""
    return (
        Article.objects.published()
        .filter(pk__in=_published_updates_mentioning(a))
        .filter(pk__in=_published_updates_mentioning(b))
        .order_by("-publish_at", "-pk")
    )
