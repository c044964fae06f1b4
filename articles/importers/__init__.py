"""Import briefings (.txt, .md, .docx) as draft updates: `import_briefing(file_name, data, *, by, dry_run=False)`.

reading   file bytes → text, refusing what cannot be read
parsing   text → title, kicker, headings, research question, Markdown body
page_layout  a PDF's pages undone: page numbers, repeated headers and footers out, hard-wrapped lines joined
citations links → citations and sources
people    experts, their quotes and paraphrases, unknown people
service   the import itself: one transaction per file, a report of what happened
report    what an import found, created and needs attention for
errors    ImportRefused: why a file cannot be imported, in an editor's words
spreadsheets  django-import-export resources (CSV, XLSX, JSON) for updates, experts and sources

May import: `articles.models`, `articles.markdown`, `articles.editorial` (the write path),
`actors.models`, `actors.tagging`. Never `articles.admin` or `articles.public`.
"""

from .errors import ImportRefused
from .reading import SUPPORTED_EXTENSIONS, check_size
from .report import ImportReport
from .service import import_briefing

__all__ = ["SUPPORTED_EXTENSIONS", "ImportRefused", "ImportReport", "check_size", "import_briefing"]
