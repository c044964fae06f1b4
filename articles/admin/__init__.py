"""The back office for updates: the ModelAdmins of the articles app and the pages they add.

registry         every ModelAdmin of the app
public_content   `PublicContentAdmin`, the base of every ModelAdmin of a model public pages show
inlines          inlines whose rows cost no queries of their own
workflow_pages   the article change form's workflow: safe saves, transitions, revisions, previews, comments
expert_review    the expert review panel on an update, the pending-reviews dashboard, review links
                 (seeing, revoking) and who may change an expert's address or account
briefing_import  the page that imports briefing files
spreadsheet_import  `SpreadsheetImportExportMixin`: import-export whose refused rows are shown, never "Import finished"
images           the image library: uploads checked and cleaned, renditions, alternative text
edition          the staff-only PDF of any update, to check it before publishing

The admin calls services (`articles.editorial`, `articles.expert_review`, `articles.importers`,
`articles.images`, `articles.edition`, `actors.tagging`); no service imports anything from here.
"""

from articles.admin import images, registry  # noqa: F401  (registers the ModelAdmins)
