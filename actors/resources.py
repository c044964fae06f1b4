"""django-import-export resource for actors, each with its aliases in one column.

The aliases column reads "abbreviation:DPRK; capital:Pyongyang"; importing
an actor replaces its aliases with the listed ones.
"""

from import_export import fields, resources, widgets

from articles.resources import StrictForeignKeyWidget

from .models import Actor, Alias

ALIAS_KINDS = set(Alias.Kind.values)


class AliasListWidget(widgets.Widget):
    def clean(self, value, row=None, **kwargs):
        aliases = []
        for item in str(value or "").split(";"):
            if not item.strip():
                continue
            kind, sep, text = item.partition(":")
            kind, text = kind.strip().lower(), text.strip()
            if not sep or kind not in ALIAS_KINDS or not text:
                raise ValueError(
                    f"Alias “{item.strip()}” must read kind:text, with kind one of {', '.join(sorted(ALIAS_KINDS))}."
                )
            aliases.append((kind, text))
        lowered = [text.lower() for _, text in aliases]
        if len(set(lowered)) != len(lowered):
            raise ValueError("The same alias is listed twice.")
        return aliases

    def render(self, value, obj=None, **kwargs):
        return "; ".join(f"{alias.kind}:{alias.text}" for alias in sorted(value.all(), key=lambda a: (a.kind, a.text)))


class ActorResource(resources.ModelResource):
    country = fields.Field("country", "country", StrictForeignKeyWidget(Actor, "slug"))
    # Read from `aliases` on export; on import kept on the instance until it has been saved.
    aliases = fields.Field("imported_aliases", "aliases", AliasListWidget())

    class Meta:
        model = Actor
        import_id_fields = ["slug"]
        fields = ["slug", "name", "kind", "description", "country", "wikidata_id", "is_published", "aliases"]
        export_order = fields
        clean_model_instances = True

    def get_queryset(self):
        return super().get_queryset().select_related("country").prefetch_related("aliases")

    def dehydrate_aliases(self, actor):
        return self.fields["aliases"].widget.render(actor.aliases)

    def after_save_instance(self, instance, row, **kwargs):
        wanted = getattr(instance, "imported_aliases", None)
        if wanted is None:
            return
        instance.aliases.all().delete()
        Alias.objects.bulk_create(Alias(actor=instance, kind=kind, text=text) for kind, text in wanted)
