"""Admin hooks for tagging, kept out of the admin modules; the lead wires them in:

- ArticleAdmin gets `TagOnSaveMixin` as its first base, so every save in the admin tags the
  update once the update, its quotes and its mention inline are all saved;
- ArticleAdmin.actions gets `retag_selected_articles`;
- MentionAdmin.actions gets `reject_selected_mentions`.
"""

from django.contrib import admin

from actors.tagging import reject_mention, tag_article


class TagOnSaveMixin:
    """Tag the update after the admin has saved it with its inlines, so an editor's inline choices count."""

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        tag_article(form.instance)


@admin.action(description="Tag the selected updates again", permissions=["change"])
def retag_selected_articles(modeladmin, request, queryset):
    results = [tag_article(article) for article in queryset.prefetch_related("quotes")]
    modeladmin.message_user(
        request,
        f"Tagged {len(results)} updates again: {sum(r.added for r in results)} actors added, "
        f"{sum(r.removed for r in results)} no longer named.",
    )


@admin.action(description="Reject the selected actor suggestions", permissions=["change"])
def reject_selected_mentions(modeladmin, request, queryset):
    mentions = list(queryset.select_related("actor", "article"))
    for mention in mentions:
        reject_mention(mention, by=request.user)
    modeladmin.message_user(request, f"Rejected {len(mentions)} actor suggestions; later tagging keeps them rejected.")
