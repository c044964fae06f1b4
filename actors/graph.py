"""Which actors appear together in published updates.

Only published updates count, and a mention an editor rejected is no mention.
"""

from django.db.models import Count, Exists, OuterRef, Q

from articles.models import Article

from .models import Actor, Mention


def _public_mentions():
    return Mention.objects.exclude(origin=Mention.Origin.REJECTED).filter(article__in=Article.objects.published())


def co_mentioned_actors(actor, *, limit=10):
    """Published actors most often named in the same published updates as `actor`, in one query.

    Each carries `co_mentions`: the number of updates naming both.
    """
    shared_articles = _public_mentions().filter(actor=actor).values("article_id")
    together = Q(mentions__article_id__in=shared_articles) & ~Q(mentions__origin=Mention.Origin.REJECTED)
    return (
        Actor.objects.published()
        .exclude(pk=actor.pk)
        .annotate(co_mentions=Count("mentions", filter=together, distinct=True))
        .filter(co_mentions__gt=0)
        .order_by("-co_mentions", "name")[:limit]
    )


def articles_mentioning_both(a, b):
    """Published updates that name both actors, newest first."""
    mentions = _public_mentions().filter(article=OuterRef("pk"))
    return (
        Article.objects.published()
        .filter(Exists(mentions.filter(actor=a)), Exists(mentions.filter(actor=b)))
        .order_by("-publish_at", "-pk")
    )
