"""django-import-export resources for updates, experts and sources.

Related objects travel by name, and a name that matches nothing is a row
error naming it — never silently dropped. Workflow fields (status, publish
time) are exported but not imported: imported updates start as drafts.

An import never overwrites silently (`ArticleResource`). Each exported update carries
its `version`; a row that would change an existing update is refused, row by row
and with nothing written, unless the update is a draft still at the row's version
(who saved since, and when, is named), and a row without a version is refused
("export first"). Unchanged rows are skipped, so a whole export imports again. An
update's row is written through the write path (`articles.editorial.saving`), like a
save in the admin: version checked and raised, tagged, a revision stored.
Every resource of a public model marks public content changed after an import
(`PublicContentResource`): explicit calls, no signals. An expert's row is saved through
`articles.editorial.experts.changing_expert`: a row changing an expert's email address by
anyone but an Admin is a row error, and the import writes nothing.

No exported cell is a live formula: a text starting with = + - @, a tab or a carriage
return (what Excel, LibreOffice and Google Sheets read as a formula) is written with a
leading apostrophe, in every format, and an import strips exactly that apostrophe, so an
export re-imports as it was (`ModelResource`).

Between the admin's preview and its confirmation an upload waits in the cache under a
random key (`UploadAwaitingConfirmation`, the `IMPORT_EXPORT_TMP_STORAGE_CLASS`), never in
the temp folder, whose files a crafted confirm form could otherwise import and delete.
"""

import re

from django.core.exceptions import BadRequest, ValidationError
from django.db import models
from django.utils import timezone
from import_export import fields, resources, tmp_storages, widgets
from taggit.models import Tag

from actors.models import Actor
from articles.content_generation import public_content_changed
from articles.editorial.experts import changing_expert, check_identity_change
from articles.editorial.saving import changing_article, find_conflict
from articles.models import Article, Expert, Region, Series, Source

ISO_DATE = "%Y-%m-%d"


FORMULA_STARTS = "=+-@\t\r"
# An exported cell is escaped when it reads as a formula, even behind apostrophes of its own, so that
# stripping one apostrophe on import is exact: "'=x" exports as "''=x" and imports as "'=x" again.
NEEDS_ESCAPE = re.compile(f"'*[{re.escape(FORMULA_STARTS)}]")
ESCAPED = re.compile(f"'+[{re.escape(FORMULA_STARTS)}]")


def escape_formula(value):
    """An exported cell as a spreadsheet shows it as text, never runs it: `=1+1` becomes `'=1+1`."""
    if isinstance(value, str) and NEEDS_ESCAPE.match(value):
        return "'" + value
    return value


def unescape_formula(value):
    """An imported cell without the apostrophe `escape_formula` added; any other text as it is."""
    if isinstance(value, str) and ESCAPED.match(value):
        return value[1:]
    return value


class UploadAwaitingConfirmation(tmp_storages.CacheStorage):
    """An admin upload between preview and confirmation, in the cache under a random key.

    The confirm form names the key; a key that holds nothing (confirmed already, expired,
    made up) is a bad request (400), never an import of something else nor a 500.
    """

    def read(self):
        data = super().read()
        if data is None:
            raise BadRequest(
                "This import is no longer waiting for confirmation (it was confirmed already or it expired): "
                "upload the file again."
            )
        return data


class ModelResource(resources.ModelResource):
    """The base of every resource: no formulas out, blank text in.

    Every exported text cell that a spreadsheet would take for a formula gets a leading
    apostrophe (`escape_formula`), whatever the format, and every imported row loses it
    again before any field reads it (`unescape_formula`). The admin's import preview
    shows the values themselves (it does not go through `export_field`).

    A blank text field imports as "" from every format, as a blank char field already does:
    spreadsheets give an empty cell as None, which a NOT NULL text column refuses.

    An import is all or nothing: a row refused by validation rolls back every row, whoever
    asks (the admin's confirm step would otherwise write the other rows).
    """

    WIDGETS_MAP = {**resources.ModelResource.WIDGETS_MAP, "TextField": widgets.CharWidget}

    @classmethod
    def widget_kwargs_for_field(cls, field_name, django_field):
        kwargs = super().widget_kwargs_for_field(field_name, django_field)
        if isinstance(django_field, models.TextField) and django_field.blank:
            kwargs.update(coerce_to_string=True, allow_blank=True)
        return kwargs

    def export_field(self, field, instance, **kwargs):
        return escape_formula(super().export_field(field, instance, **kwargs))

    def import_data(self, dataset, **kwargs):
        return super().import_data(dataset, **{**kwargs, "rollback_on_validation_errors": True})

    def import_row(self, row, instance_loader, **kwargs):
        for column, value in row.items():
            row[column] = unescape_formula(value)
        return super().import_row(row, instance_loader, **kwargs)


class PublicContentResource(ModelResource):
    """A resource of a model public pages show: an import marks public content changed.

    `after_import` runs inside the import's transaction, so a dry run (rolled back)
    marks nothing: the mark is made on commit.
    """

    def after_import(self, dataset, result, **kwargs):
        super().after_import(dataset, result, **kwargs)
        public_content_changed()


class StrictForeignKeyWidget(widgets.ForeignKeyWidget):
    """A foreign key by a natural key; an unknown value is a clear row error."""

    def clean(self, value, row=None, **kwargs):
        if value in (None, ""):
            return None
        try:
            return super().clean(value, row, **kwargs)
        except self.model.DoesNotExist:
            raise ValueError(f"Unknown {self.model._meta.verbose_name} “{value}”.") from None


class StrictManyToManyWidget(widgets.ManyToManyWidget):
    """Names separated by ";"; every one must exist."""

    def __init__(self, model, field="name"):
        super().__init__(model, separator=";", field=field)

    def clean(self, value, row=None, **kwargs):
        names = [name.strip() for name in str(value or "").split(self.separator) if name.strip()]
        found = self.model.objects.filter(**{f"{self.field}__in": names})
        missing = sorted(set(names) - {getattr(obj, self.field) for obj in found})
        if missing:
            plural = self.model._meta.verbose_name_plural if len(missing) > 1 else self.model._meta.verbose_name
            raise ValueError(f"Unknown {plural}: {', '.join(missing)}.")
        return found

    def comparable(self, objects):
        """What the row's objects and the stored ones are compared by: which objects they are."""
        return {obj.pk for obj in objects}

    def render(self, value, obj=None, **kwargs):
        if value is None:  # an update not saved yet
            return ""
        # Iterate the prefetched objects rather than issue a query per row.
        return f"{self.separator} ".join(sorted(str(getattr(item, self.field)) for item in value.all()))


class TopicsWidget(widgets.ManyToManyWidget):
    """Topics as "sanctions; trade"; new topics are created, as taggit does in forms.

    A many-to-many widget, so the resource sets the topics after saving the update.
    """

    def __init__(self):
        super().__init__(Tag, separator=";", field="name")

    def clean(self, value, row=None, **kwargs):
        return [name.strip() for name in str(value or "").split(";") if name.strip()]

    def comparable(self, topics):
        """The row's topics (names, not created yet) and the stored ones (tags) compared by name."""
        return {str(topic) for topic in topics}

    def render(self, value, obj=None, **kwargs):
        if value is None:
            return ""
        # `tags.all()` uses the prefetch; taggit's `.names()` would not.
        return "; ".join(sorted(tag.name for tag in value.all()))


class ExpertResource(PublicContentResource):
    """Experts by slug. Their address and account (where review links go) change only by an Admin's import:
    `articles.editorial.experts` refuses anyone else's row that changes them, as a row error."""

    class Meta:
        model = Expert
        import_id_fields = ["slug"]
        fields = ["slug", "name", "title", "role", "bio", "areas", "email", "is_published"]
        skip_unchanged = True
        clean_model_instances = True

    def save_instance(self, instance, is_create, row, **kwargs):
        if self._is_dry_run(kwargs) and not self._is_using_transactions(kwargs):
            check_identity_change(instance, by=kwargs.get("user"))  # nothing is saved, so nobody is told
            return super().save_instance(instance, is_create, row, **kwargs)
        with changing_expert(instance, by=kwargs.get("user")):
            return super().save_instance(instance, is_create, row, **kwargs)


class SourceResource(PublicContentResource):
    published_on = fields.Field("published_on", "published_on", widgets.DateWidget(ISO_DATE))
    accessed_on = fields.Field("accessed_on", "accessed_on", widgets.DateWidget(ISO_DATE))

    class Meta:
        model = Source
        import_id_fields = ["url"]
        fields = ["url", "title", "publisher", "published_on", "accessed_on", "check_result"]
        export_order = fields
        skip_unchanged = True
        clean_model_instances = True

    def before_import_row(self, row, **kwargs):
        if not str(row.get("url") or "").strip():
            raise ValueError("A source needs a URL to be imported; add placeholders in the editor.")

    def get_import_fields(self):
        return [field for field in super().get_import_fields() if field.column_name != "check_result"]


class ArticleResource(PublicContentResource):
    """Updates by slug; a row changes an existing update only when it may (`row_refusal`).

    `skip_row` is where a row's fate is decided, once its values are read and before anything
    is written: unchanged, it is skipped; otherwise an existing update must be a draft still at
    the row's version, or the row is refused (a validation error with the row's number, and the
    import writes nothing). The row is then saved through the write path with that version.
    """

    version = fields.Field("version", "version", widgets.IntegerWidget(), readonly=True)
    series = fields.Field("series", "series", StrictForeignKeyWidget(Series, "name"))
    region = fields.Field("region", "region", StrictForeignKeyWidget(Region, "name"))
    authors = fields.Field("authors", "authors", StrictManyToManyWidget(Expert))
    actors = fields.Field("actors", "actors", StrictManyToManyWidget(Actor))
    topics = fields.Field("topics", "topics", TopicsWidget())
    status = fields.Field("status", "status", readonly=True)
    publish_at = fields.Field("publish_at", "publish_at", widgets.DateTimeWidget(), readonly=True)

    class Meta:
        model = Article
        import_id_fields = ["slug"]
        fields = [
            "slug",
            "version",
            "title",
            "series",
            "region",
            "standfirst",
            "research_question",
            "body",
            "authors",
            "actors",
            "topics",
            "status",
            "publish_at",
        ]
        export_order = fields
        skip_unchanged = True
        clean_model_instances = True

    def get_queryset(self):
        # A row's slug names an update, never the new version being prepared of it (which shares the slug).
        updates = super().get_queryset().excluding_new_versions()
        return updates.select_related("series", "region").prefetch_related("authors", "actors", "topics")

    def get_instance(self, instance_loader, row):
        return self.update_for_row(row)

    def update_for_row(self, row):
        """The update a row changes, or None when the row makes a new draft.

        The one place that says which update a row's slug means: every row of an import asks it.
        """
        return self.get_queryset().filter(slug=self.fields["slug"].clean(row)).first()

    def skip_row(self, instance, original, row, import_validation_errors=None):
        """True for a row that changes nothing; a ValidationError for one that may not change its update."""
        if instance.pk is None:
            return False  # a new draft
        if not import_validation_errors and not self._changes_something(instance, original, row):
            return True
        refusal = row_refusal(original, row)
        if refusal:
            raise ValidationError(refusal)
        return False

    def _changes_something(self, instance, original, row):
        for field in self.get_import_fields():
            if field.column_name not in row:
                continue
            if isinstance(field.widget, widgets.ManyToManyWidget):
                # Many-to-many values are still in the row: they are set after the update is saved.
                new, old = field.clean(row), field.get_value(original).all()
                if field.widget.comparable(new) != field.widget.comparable(old):
                    return True
            elif field.get_value(instance) != field.get_value(original):
                return True
        return False

    def do_instance_save(self, instance, is_create):
        """Nothing here: `save_m2m` writes the row with its many-to-many fields through the write path."""

    def save_m2m(self, instance, row, **kwargs):
        if self._is_dry_run(kwargs) and not self._is_using_transactions(kwargs):
            return  # nothing may be written, and nothing would roll it back
        # Like a save in the admin: the version checked and raised (an editor's form opened before
        # the import is refused as stale), the authors, actors and topics set, tagged, a revision kept.
        # `instance.version` is the stored version `row_refusal` found in the row; a save made since
        # raises StaleArticle here, a row error that rolls the whole import back.
        expected = None if instance.pk is None else instance.version
        with changing_article(instance, by=kwargs.get("user"), expected_version=expected, comment="Imported"):
            super().save_m2m(instance, row, **kwargs)


def row_refusal(update, row):
    """Why `row` may not change the existing `update`, in an editor's words; "" when it may.

    Only a draft is changed by an import, and only from the version the file was exported at.
    """
    if update.status != Article.Status.DRAFT:
        if update.status in (Article.Status.PUBLISHED, Article.Status.ARCHIVED):
            advice = "start a new version to change it"
        else:
            advice = "request changes to bring it back to draft, then import again"
        return f"“{update}” is {update.get_status_display().lower()}; {advice}."
    cell = row.get("version")
    if cell is None or str(cell).strip() == "":
        return (
            f"“{update}” exists and this row has no version: export first, edit the exported file and import "
            "that, so that a save made since is never overwritten."
        )
    version = _whole_number(cell)
    if version is None:
        return f"“{update}”: its version “{cell}” is not a whole number; export again and keep the version column."
    conflict = find_conflict(update, version)
    return _saved_since(conflict) if conflict else ""


def _whole_number(cell):
    """A version cell as an int: "3" from CSV, 3 or 3.0 from a spreadsheet; None for anything else."""
    try:
        number = float(cell)
    except (TypeError, ValueError):
        return None
    return int(number) if number.is_integer() else None


def _saved_since(conflict):
    """A `StaleArticle` told from the file's side: who saved after the export, when, and what changed."""
    latest = conflict.latest
    who = f" by {latest.created_by}" if latest and latest.created_by else ""
    when = f" at {timezone.localtime(latest.created_at):%H:%M on %d %B %Y}" if latest else ""
    changed = ", ".join(change.label for change in conflict.changes)
    return (
        f"“{conflict.article}” was saved{who}{when}, after this file was exported (the file has version "
        f"{conflict.expected_version}; the update is now version {conflict.current_version}). "
        + (f"Changed since: {changed}. " if changed else "")
        + "Nothing was imported. Export it again and make this row's changes in the new file."
    )
