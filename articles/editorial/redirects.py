"""Old slugs keep working: when an update's slug changes, its old URL answers 301.

The receivers record the slug an article had before a save changed it. A slug
taken up again (by the same or another update) stops redirecting.
"""

from django.db.models.signals import post_save, pre_save
from django.dispatch import receiver

from articles.models import Article, ArticleRedirect


@receiver(pre_save, sender=Article, dispatch_uid="article-remember-old-slug")
def remember_old_slug(sender, instance, raw=False, **kwargs):
    instance._previous_slug = None
    if raw or instance.pk is None:
        return
    instance._previous_slug = sender.objects.filter(pk=instance.pk).values_list("slug", flat=True).first()


@receiver(post_save, sender=Article, dispatch_uid="article-record-slug-change")
def record_slug_change(sender, instance, raw=False, **kwargs):
    if not raw:
        slug_changed(instance, getattr(instance, "_previous_slug", None))


def slug_changed(article, previous):
    """Redirect `previous` to the article when its slug changed; also called by saves without signals."""
    if previous == article.slug:
        return
    ArticleRedirect.objects.filter(old_slug=article.slug).delete()
    if previous:
        ArticleRedirect.objects.update_or_create(old_slug=previous, defaults={"article": article})
