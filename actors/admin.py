"""The back office for actors: actors with their aliases and relations, aliases, relations, mentions.

Every ModelAdmin here derives from `articles.admin.public_content.PublicContentAdmin`: actors
are public, so every edit marks public content changed. An edit of an actor or an alias (the
alias inline on an actor included) also tells the tagger that the gazetteer changed
(`GazetteerAdmin`). Explicit calls, no model signals.

The tagging actions: tag selected updates again (on ArticleAdmin), reject selected mentions.
"""

from django.contrib import admin, messages
from django.db.models import Count, Q

from actors.models import Actor, Alias, Mention, Relation
from actors.spreadsheets import ActorResource
from actors.tagging import gazetteer_changed, reject_mention, tag_article
from articles.admin.article_parts import ArticlePartAdmin, changing_part_of, edit_refusal_of
from articles.admin.inlines import EfficientInline
from articles.admin.public_content import PublicContentAdmin
from articles.admin.spreadsheet_import import SpreadsheetImportExportMixin


class GazetteerAdmin(PublicContentAdmin):
    """For actors and aliases: what the tagger matches changes with them too."""

    def content_changed(self):
        super().content_changed()
        gazetteer_changed()


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
    rejected = 0
    for mention in mentions:
        if refusal := edit_refusal_of(mention.article):  # a live update's actors change through its new version
            modeladmin.message_user(request, f"{mention} was not rejected: {refusal}", messages.ERROR)
            continue
        with changing_part_of(mention.article, request, Mention):  # a rejection is a change to the update
            reject_mention(mention, by=request.user)
        rejected += 1
    modeladmin.message_user(request, f"Rejected {rejected} actor suggestions; later tagging keeps them rejected.")


class AliasInline(EfficientInline):
    model = Alias
    fields = ["text", "kind"]


class RelationInline(EfficientInline):
    model = Relation
    fk_name = "from_actor"
    fields = ["kind", "to_actor", "label", "start_date", "start_precision", "end_date", "end_precision", "source"]
    autocomplete_fields = ["to_actor", "source"]
    select_related = ["from_actor", "to_actor", "source"]
    verbose_name_plural = "relations (from this actor)"


@admin.register(Actor)
class ActorAdmin(SpreadsheetImportExportMixin, GazetteerAdmin):
    resource_classes = [ActorResource]
    list_display = ["name", "kind", "country", "alias_list", "update_count", "is_published"]
    list_filter = ["kind", "is_published"]
    list_select_related = ["country"]
    search_fields = ["name", "slug", "aliases__text", "wikidata_id"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["country"]
    inlines = [AliasInline, RelationInline]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .prefetch_related("aliases")
            .annotate(update_count=Count("mentions", filter=Q(mentions__origin__in=Mention.COUNTED_ORIGINS)))
        )

    @admin.display(description="aliases")
    def alias_list(self, obj):
        return ", ".join(alias.text for alias in obj.aliases.all())

    @admin.display(description="updates", ordering="update_count")
    def update_count(self, obj):
        return obj.update_count


@admin.register(Alias)
class AliasAdmin(GazetteerAdmin):
    list_display = ["text", "kind", "actor"]
    list_filter = ["kind"]
    list_select_related = ["actor"]
    search_fields = ["text", "actor__name"]
    autocomplete_fields = ["actor"]


@admin.register(Relation)
class RelationAdmin(PublicContentAdmin):
    list_display = ["from_actor", "kind", "to_actor", "label", "start_date", "start_precision", "end_date", "source"]
    list_filter = ["kind", "start_precision"]
    list_select_related = ["from_actor", "to_actor", "source"]
    search_fields = ["label", "from_actor__name", "to_actor__name"]
    autocomplete_fields = ["from_actor", "to_actor", "source"]
    date_hierarchy = "start_date"


@admin.register(Mention)
class MentionAdmin(ArticlePartAdmin):
    actions = [reject_selected_mentions]
    list_display = ["actor", "article", "count", "first_position", "origin"]
    list_filter = ["origin", "actor__kind"]
    list_select_related = ["actor", "article"]
    search_fields = ["actor__name", "article__title"]
    autocomplete_fields = ["actor", "article"]
