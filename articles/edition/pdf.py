"""WeasyPrint: an `EditionDocument` → the bytes of a tagged PDF.

PDF/UA-1 (`pdf_variant`): the text is tagged in reading order (headings, paragraphs, lists,
figures with their alternative text), and the document carries its title, authors, subject,
keywords and language (from the HTML's `<title>`, `<meta name="author">`… and `lang`).

The renderer fetches nothing over the network: `StorageFetcher` answers only the rendition files
the document names (`document.media_files`) from the media storage and refuses every other URL
(an image an editor linked from elsewhere is left out of the PDF, never downloaded).

WeasyPrint needs Pango from the system (Debian: `make system-packages`); without it the import fails
with `PdfRendererMissing` saying what to install.
"""

from dataclasses import dataclass

from django.core.files.storage import default_storage

from articles.edition.document import MEDIA_ORIGIN

SYSTEM_PACKAGES = "libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core fonts-liberation"


class PdfRendererMissing(RuntimeError):
    """WeasyPrint or the system libraries it needs are not installed."""


@dataclass(frozen=True)
class RenderedPdf:
    data: bytes
    pages: int


def _weasyprint():
    try:
        import weasyprint
    except OSError as error:  # a missing shared library: WeasyPrint loads Pango when imported
        raise PdfRendererMissing(
            f"WeasyPrint cannot load its system libraries ({error}). On Debian: "
            f"apt-get install {SYSTEM_PACKAGES} (or `make system-packages`)."
        ) from error
    return weasyprint


def render_pdf(document):
    """The PDF of `document` (an `EditionDocument`)."""
    weasyprint = _weasyprint()
    fetcher = _storage_fetcher(weasyprint, document.media_files)
    html = weasyprint.HTML(string=document.html, base_url=document.base_url, url_fetcher=fetcher)
    stylesheet = weasyprint.CSS(string=document.stylesheet, url_fetcher=fetcher)
    rendered = html.render(stylesheets=[stylesheet])
    data = rendered.write_pdf(pdf_variant="pdf/ua-1")
    return RenderedPdf(data=data, pages=len(rendered.pages))


def _storage_fetcher(weasyprint, allowed):
    class StorageFetcher(weasyprint.URLFetcher):
        """Reads the named rendition files from the media storage; refuses everything else."""

        def fetch(self, url, headers=None):
            name = url.removeprefix(MEDIA_ORIGIN) if url.startswith(MEDIA_ORIGIN) else None
            if name not in allowed:
                raise ValueError(f"The PDF reads only the update's own images from the media storage, not {url}.")
            with default_storage.open(name, "rb") as stored:
                return weasyprint.urls.URLFetcherResponse(url, stored.read())

    return StorageFetcher()
