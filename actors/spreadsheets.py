"""django-import-export resource for actors, each with its aliases in one column.

The aliases column reads "abbreviation:DPRK; capital:Pyongyang"; importing
an actor replaces its aliases with the listed ones. After an import the tagger's
matcher is rebuilt (`gazetteer_changed`) and public content marked changed — explicit
calls, no signals.
"""

from django.db.models import F
from import_export import fields, widgets

from actors.models import Actor, Alias
from actors.tagging import gazetteer_changed
from articles.importers.spreadsheets import PublicContentResource, StrictForeignKeyWidget

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
        if value is None or value.instance.pk is None:  # an actor not saved yet has no aliases
            return ""
        return "; ".join(f"{alias.kind}:{alias.text}" for alias in sorted(value.all(), key=lambda a: (a.kind, a.text)))


class AliasesField(fields.Field):
    """Exported from `actor.aliases`; on import, kept on the instance until the actor is saved."""

    def save(self, instance, row, is_m2m=False, **kwargs):
        instance.imported_aliases = self.clean(row, **kwargs)


class ActorResource(PublicContentResource):
    country = fields.Field("country", "country", StrictForeignKeyWidget(Actor, "slug"))
    aliases = AliasesField("aliases", "aliases", AliasListWidget())

    class Meta:
        model = Actor
        import_id_fields = ["slug"]
        fields = ["slug", "name", "kind", "description", "country", "wikidata_id", "is_published", "aliases"]
        export_order = fields
        clean_model_instances = True

    def get_queryset(self):
        # States first, so that a person's country is imported before the person.
        return (
            super()
            .get_queryset()
            .select_related("country")
            .prefetch_related("aliases")
            .order_by(F("country__name").asc(nulls_first=True), "name", "slug")
        )

    def after_save_instance(self, instance, row, **kwargs):
        wanted = getattr(instance, "imported_aliases", None)
        if wanted is None:
            return
        instance.aliases.all().delete()
        Alias.objects.bulk_create(Alias(actor=instance, kind=kind, text=text) for kind, text in wanted)

    def after_import(self, dataset, result, **kwargs):
        super().after_import(dataset, result, **kwargs)
        gazetteer_changed()  # inside the import's transaction: a dry run rolls the stamp back with the rows
