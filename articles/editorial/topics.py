"""Topics (taggit tags) across updates: merging several into one.

Topics are part of an update's content, so a merge changes each update it touches through the
write path (`changing_article`): a new version, a revision saying what happened, the page cache.
A merge is housekeeping of the topic list, no editor's edit of an update's words: it applies to
live updates and their new versions alike, and keeps their approval.
"""

from django.db import transaction
from taggit.models import Tag

from articles.content_generation import public_content_changed
from articles.editorial.saving import changing_article
from articles.models import Article


def merge_topics(tags, *, into, by):
    """Tag every update that has one of `tags` with the topic `into` instead; returns that topic.

    `into` names an existing topic (in any case: topics are case-insensitive) or a new one. An
    update that already has it simply loses the others. The merged topics stay, untagged.
    """
    with transaction.atomic():
        target = (
            Tag.objects.filter(name=into).first()
            or Tag.objects.filter(name__iexact=into).order_by("pk").first()
            or Tag.objects.create(name=into)
        )
        merged = [tag for tag in tags if tag.pk != target.pk]
        for article in Article.objects.filter(topics__in=merged).distinct().order_by("pk"):
            comment = f"Topics {', '.join(tag.name for tag in merged)} merged into {target.name}"
            with changing_article(article, by=by, expected_version=article.version, comment=comment, housekeeping=True):
                article.topics.remove(*merged)
                article.topics.add(target)
        public_content_changed()  # the topic pages themselves, also where no update changed
    return target
