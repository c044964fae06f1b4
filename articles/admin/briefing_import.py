"""The admin page that imports briefing files: upload, import, and show each file's report.

Wired into the admin by `ArticleAdmin.get_urls()` through `import_briefing_urls(self.admin_site)`:
the page lives at /admin/articles/article/import-briefing/ and needs "articles.import_article".

Files larger than `settings.BRIEFING_IMPORT_TASK_BYTES` are handed to a background task
(`articles.importers.service.queue_briefing_import`); the page says so, and the report is emailed.
"""

from django import forms
from django.conf import settings
from django.contrib.auth.mixins import PermissionRequiredMixin
from django.template.defaultfilters import filesizeformat
from django.urls import path
from django.views.generic import FormView

from articles.importers import SUPPORTED_EXTENSIONS, ImportRefused, check_size, import_briefing
from articles.importers.service import queue_briefing_import
from articles.models import Article


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """One or more uploaded files, cleaned one by one; cleaned_data holds a list."""

    widget = MultipleFileInput

    def clean(self, data, initial=None):
        uploads = data if isinstance(data, list | tuple) else [data]
        if not any(uploads):
            return [super().clean(None, initial)]  # raises "required"
        clean_one = super().clean
        return [clean_one(upload, initial) for upload in uploads]


class ImportBriefingForm(forms.Form):
    files = MultipleFileField(
        label="Briefing files",
        widget=MultipleFileInput(attrs={"accept": ",".join(SUPPORTED_EXTENSIONS)}),
        help_text=f"{', '.join(SUPPORTED_EXTENSIONS)}; each file becomes one draft owned by you.",
    )
    dry_run = forms.BooleanField(label="Dry run: show what would be imported, write nothing", required=False)
    new_draft = forms.BooleanField(
        label="Import a file imported before as a new draft",
        required=False,
        help_text="Without it, importing a file again replaces its draft, which is refused once someone saved "
        "that draft since the import or once it left the draft status.",
    )


class ImportBriefingView(PermissionRequiredMixin, FormView):
    permission_required = "articles.import_article"
    raise_exception = True
    form_class = ImportBriefingForm
    template_name = "admin/articles/import_briefing.html"
    admin_site = None

    def get_context_data(self, **kwargs):
        return {
            **self.admin_site.each_context(self.request),
            "title": "Import briefings",
            "opts": Article._meta,
            **super().get_context_data(**kwargs),
        }

    def form_valid(self, form):
        options = {"dry_run": form.cleaned_data["dry_run"], "new_draft": form.cleaned_data["new_draft"]}
        results = [self._import(upload, **options) for upload in form.cleaned_data["files"]]
        return self.render_to_response(self.get_context_data(form=self.form_class(), results=results))

    def _import(self, upload, *, dry_run, new_draft):
        user = self.request.user
        options = {"by": user, "dry_run": dry_run, "new_draft": new_draft}
        try:
            check_size(upload.name, upload.size)
            if upload.size > settings.BRIEFING_IMPORT_TASK_BYTES:
                queue_briefing_import(upload.name, upload.read(), **options)
                return {"file_name": upload.name, "queued": self._queued_message(upload, dry_run=dry_run)}
            report = import_briefing(upload.name, upload.read(), **options)
        except ImportRefused as refusal:
            return {"file_name": upload.name, "error": str(refusal)}
        return {"file_name": upload.name, "report": report}

    def _queued_message(self, upload, *, dry_run):
        email = self.request.user.email
        told = (
            f"its report will be emailed to {email}"
            if email
            else "your account has no email address, so no report will be sent"
        )
        message = f"{upload.name} is {filesizeformat(upload.size)}, so it is imported in the background: {told}."
        if not dry_run:
            message += " Once imported, the draft appears among your drafts on the admin's home page."
        return message


def import_briefing_urls(admin_site):
    """URL patterns to put in front of ArticleAdmin's own: `import_briefing_urls(self.admin_site) + super().get_urls()`."""
    view = ImportBriefingView.as_view(admin_site=admin_site)
    return [path("import-briefing/", admin_site.admin_view(view), name="articles_article_import_briefing")]
