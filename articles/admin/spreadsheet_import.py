"""Import-export in the admin: an import with refused rows shows them, never "Import finished".

django-import-export's confirm step redirects to the list saying "Import finished" whatever
its rows said. The resources roll the whole import back when a row is refused
(`articles.importers.spreadsheets.ModelResource`), and a row can be refused at the
confirmation that passed the preview (someone saved the update in between). Such a result
is shown on the import page, as the preview shows one: each refused row with its number
and why, under a message that nothing was imported.
"""

from django.contrib import messages
from django.template.response import TemplateResponse
from import_export.admin import ImportExportMixin


class SpreadsheetImportExportMixin(ImportExportMixin):
    """The import-export mixin of every ModelAdmin that imports spreadsheets."""

    def process_result(self, result, request):
        if not (result.has_errors() or result.has_validation_errors()):
            return super().process_result(result, request)
        messages.error(
            request, "Nothing was imported: the rows below were refused. Correct the file and upload it again."
        )
        return self._import_page(request, result)

    def _import_page(self, request, result):
        """The import page with an empty upload form and `result`, as `import_action` shows a preview."""
        resources = self.get_import_resource_classes(request)
        form = self.get_import_form_class(request)(
            self.get_import_formats(), resources, initial=self.get_import_form_initial(request)
        )
        context = {
            **self.admin_site.each_context(request),
            **self.get_import_context_data(),
            "title": "Import",
            "form": form,
            "opts": self.model._meta,
            "media": self.media + form.media,
            "result": result,
            "import_error_display": self.import_error_display,
            "fields_list": [
                (resource.get_display_name(), [field.column_name for field in resource().get_user_visible_fields()])
                for resource in resources
            ],
        }
        request.current_app = self.admin_site.name
        return TemplateResponse(request, [self.import_template_name], context)
