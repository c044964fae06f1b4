"""Quotes, citations and mentions are parts of an update: editing one on its own admin page changes the update.

Their ModelAdmins derive from `ArticlePartAdmin`, which saves and deletes inside the write path
(`articles.editorial.saving.changing_article`) of the update the row belongs to. The update's
version goes up, so an editor's form of the update opened earlier is refused as stale instead of
writing the old rows back; a revision records the change; actors are tagged again; public content
is marked changed.
"""

from contextlib import ExitStack

from articles.admin.public_content import PublicContentAdmin
from articles.editorial.saving import changing_article
from articles.models import Article


def changing_part_of(article, request, what):
    """The write path of `article` for an edit of one of its `what` rows (a model) made by `request.user`."""
    label = what._meta.verbose_name
    return changing_article(
        article, by=request.user, expected_version=article.version, comment=f"{label.capitalize()} edited on its page"
    )


class ArticlePartAdmin(PublicContentAdmin):
    def save_part(self, request, obj, form, change):
        """Save the row; a subclass routes what needs a service of its own (a quote's review state)."""
        super().save_model(request, obj, form, change)

    def save_model(self, request, obj, form, change):
        with changing_part_of(obj.article, request, self.model):
            self.save_part(request, obj, form, change)

    def delete_model(self, request, obj):
        with changing_part_of(obj.article, request, self.model):
            super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        with ExitStack() as changes:
            for article in Article.objects.filter(pk__in=queryset.values("article")).order_by("pk"):
                changes.enter_context(changing_part_of(article, request, self.model))
            super().delete_queryset(request, queryset)
