from django.contrib import admin
from django.db.models import Count, Q
from import_export.admin import ImportExportModelAdmin

from actors.admin_tagging import reject_selected_mentions
from actors.models import Actor, Alias, Mention, Relation
from actors.spreadsheets import ActorResource
from articles.admin.inlines import EfficientInline


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
class ActorAdmin(ImportExportModelAdmin):
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
            .annotate(update_count=Count("mentions", filter=~Q(mentions__origin=Mention.Origin.REJECTED)))
        )

    @admin.display(description="aliases")
    def alias_list(self, obj):
        return ", ".join(alias.text for alias in obj.aliases.all())

    @admin.display(description="updates", ordering="update_count")
    def update_count(self, obj):
        return obj.update_count


@admin.register(Alias)
class AliasAdmin(admin.ModelAdmin):
    list_display = ["text", "kind", "actor"]
    list_filter = ["kind"]
    list_select_related = ["actor"]
    search_fields = ["text", "actor__name"]
    autocomplete_fields = ["actor"]


@admin.register(Relation)
class RelationAdmin(admin.ModelAdmin):
    list_display = ["from_actor", "kind", "to_actor", "label", "start_date", "start_precision", "end_date", "source"]
    list_filter = ["kind", "start_precision"]
    list_select_related = ["from_actor", "to_actor", "source"]
    search_fields = ["label", "from_actor__name", "to_actor__name"]
    autocomplete_fields = ["from_actor", "to_actor", "source"]
    date_hierarchy = "start_date"


@admin.register(Mention)
class MentionAdmin(admin.ModelAdmin):
    actions = [reject_selected_mentions]
    list_display = ["actor", "article", "count", "first_position", "origin"]
    list_filter = ["origin", "actor__kind"]
    list_select_related = ["actor", "article"]
    search_fields = ["actor__name", "article__title"]
    autocomplete_fields = ["actor", "article"]
