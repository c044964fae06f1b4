"""Quotes, citations and mentions are parts of an update: editing one on its own admin page changes the update.

Their ModelAdmins derive from `ArticlePartAdmin`, which saves and deletes inside the write path
(`articles.editorial.saving.changing_article`) of the update the row belongs to. The update's
version goes up, so an editor's form of the update opened earlier is refused as stale instead of
writing the old rows back; a revision records the change; actors are tagged again; public content
is marked changed.

The parts of an update that may not be changed in place (a live one: `saving.edit_refusal`) are
read-only here, as on the update's own page: their change pages only show them, a new part cannot
be added to such an update, and a refusal of the write path (a deletion, a bulk action, a race) is
shown as a message, with nothing written. Deletion stays permitted object by object, so that
deleting an actor still cascades to its mentions (gazetteer upkeep, not an edit of an update).
`edit_refusal_of` is that rule for the admin, judged once per object.
"""

from contextlib import ExitStack

from django import forms
from django.contrib import messages
from django.http import HttpResponseRedirect

from articles.admin.public_content import PublicContentAdmin
from articles.editorial.saving import ReadOnlyArticle, StaleArticle, changing_article, edit_refusal
from articles.models import Article


def edit_refusal_of(article):
    """`edit_refusal(article)`, judged once per object in hand (permission checks ask it many times a page)."""
    if not hasattr(article, "_edit_refusal"):
        article._edit_refusal = edit_refusal(article)
    return article._edit_refusal


def changing_part_of(article, request, what):
    """The write path of `article` for an edit of one of its `what` rows (a model) made by `request.user`."""
    label = what._meta.verbose_name
    return changing_article(
        article, by=request.user, expected_version=article.version, comment=f"{label.capitalize()} edited on its page"
    )


class RefusalsAsMessages:
    """For a ModelAdmin: a refusal of the write path (read-only or stale) is shown as a message on a reloaded page.

    The transaction around the refused write is rolled back, so nothing is written.
    """

    def changeform_view(self, request, *args, **kwargs):
        return self._showing_refusals(super().changeform_view, request, *args, **kwargs)

    def changelist_view(self, request, *args, **kwargs):  # bulk actions and deletes
        return self._showing_refusals(super().changelist_view, request, *args, **kwargs)

    def delete_view(self, request, *args, **kwargs):
        return self._showing_refusals(super().delete_view, request, *args, **kwargs)

    def _showing_refusals(self, view, request, *args, **kwargs):
        try:
            return view(request, *args, **kwargs)
        except (ReadOnlyArticle, StaleArticle) as error:
            self.message_user(request, str(error), messages.ERROR)
            return HttpResponseRedirect(request.get_full_path())


class PartForm(forms.ModelForm):
    def clean(self):
        cleaned = super().clean()
        article = cleaned.get("article")
        if article is not None and (refusal := edit_refusal_of(article)):
            self.add_error("article", refusal)
        return cleaned


class ArticlePartAdmin(RefusalsAsMessages, PublicContentAdmin):
    form = PartForm

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and not (obj and edit_refusal_of(obj.article))

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
