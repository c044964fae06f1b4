"""Admin inlines that render without a query per row.

Django's autocomplete widget looks up the label of its selected object with a
query of its own, so an inline of fifty quotes would cost fifty queries. Here
each inline form hands its widget the related objects its instance already
holds (loaded with `select_related`), and the widget queries only when it
does not know the value (a new or changed choice).
"""

from django.contrib import admin
from django.contrib.admin.widgets import AutocompleteSelect
from django.forms.models import BaseInlineFormSet


class KnownObjectAutocompleteSelect(AutocompleteSelect):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.known_objects = {}

    def optgroups(self, name, value, attr=None):
        selected = [str(v) for v in value if str(v) not in self.choices.field.empty_values]
        known = [self.known_objects.get(pk) for pk in selected]
        if None in known:
            return super().optgroups(name, value, attr)
        options = [] if self.is_required else [self.create_option(name, "", "", False, 0)]
        for obj in known:
            label = self.choices.field.label_from_instance(obj)
            options.append(self.create_option(name, obj.pk, label, set(selected), len(options)))
        return [(None, options, 0)]


class KnownObjectsFormSet(BaseInlineFormSet):
    def _construct_form(self, i, **kwargs):
        form = super()._construct_form(i, **kwargs)
        for name, field in form.fields.items():
            widget = getattr(field.widget, "widget", field.widget)
            if isinstance(widget, KnownObjectAutocompleteSelect) and getattr(form.instance, f"{name}_id", None):
                related = getattr(form.instance, name)
                widget.known_objects = {str(related.pk): related}
        return form


class EfficientInline(admin.TabularInline):
    """A tabular inline whose rows cost no queries of their own.

    `select_related` names the foreign keys to load with the rows; those in
    `autocomplete_fields` are labelled from them.
    """

    select_related = ()
    formset = KnownObjectsFormSet
    extra = 0

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        return queryset.select_related(*self.select_related) if self.select_related else queryset

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name in self.get_autocomplete_fields(request):
            kwargs["widget"] = KnownObjectAutocompleteSelect(db_field, self.admin_site, using=kwargs.get("using"))
        return super().formfield_for_foreignkey(db_field, request, **kwargs)
