"""The one admin base for models public pages show: every edit marks public content changed.

Editors change experts, sources, series, regions, quotes, citations, redirects, topics
(taggit's Tag), actors, aliases, relations and mentions directly in the admin. Their
ModelAdmins derive from `PublicContentAdmin`, whose saves and deletes (one object, a
selection, the related rows and inlines of a change form) call
`public_content_changed()` explicitly, on commit — no model signals. A test checks that
every registered ModelAdmin of a model in `articles.public.cache.PUBLIC_MODELS` uses it.

`content_changed()` is the one place a subclass adds what else such an edit means (the
actor and alias admin also tell the tagger that the gazetteer changed).
"""

from django.contrib import admin

from articles.content_generation import public_content_changed


class PublicContentAdmin(admin.ModelAdmin):
    def content_changed(self):
        """What an edit of these rows means beyond the rows: the public pages may show something else."""
        public_content_changed()

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        self.content_changed()

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        self.content_changed()

    def delete_model(self, request, obj):
        super().delete_model(request, obj)
        self.content_changed()

    def delete_queryset(self, request, queryset):
        super().delete_queryset(request, queryset)
        self.content_changed()
