"""Old slugs keep working: when an update's slug changes, its old URL answers 301.

The write path (`articles.editorial.saving`), the only place an update's slug
changes, calls `record_slug_change` explicitly after every save; no signal does.
A slug taken up again (by the same or another update) stops redirecting.
"""

from articles.models import ArticleRedirect


def record_slug_change(article, *, previous_slug):
    """Redirect `previous_slug` to the article when its slug changed; the article's own slug stops redirecting."""
    if previous_slug == article.slug:
        return
    ArticleRedirect.objects.filter(old_slug=article.slug).delete()
    if previous_slug:
        ArticleRedirect.objects.update_or_create(old_slug=previous_slug, defaults={"article": article})
