"""The HTML a PDF is made from: the update as its public page shows it, laid out for A4.

The same rules as the page (`articles.public`): the rendering of the body (footnote numbers,
pull quotes of approved quotes only, library images), the same queries. What differs is print:
no navigation, chips or related updates, references with their URLs written out, the authors
with their roles, images addressed so the renderer reads them from the media storage
(`MEDIA_ORIGIN`).

`fingerprint()` is the SHA-256 of the HTML and the stylesheet: two PDFs made from the same
fingerprint are the same, so a kept PDF is made again only when what it shows changed.
"""

import hashlib
from pathlib import Path

from django.conf import settings
from django.template.loader import render_to_string
from django.utils.functional import cached_property

from articles.images import html as image_html
from articles.public import queries as public
from articles.public.rendering import render_body

TEMPLATE = "edition/article.html"
STYLESHEET = Path(__file__).with_name("edition.css")
# Images are addressed under this origin, which never resolves (RFC 6761 `.invalid`); the renderer
# reads exactly these files from the media storage and fetches nothing else (`articles.edition.pdf`).
MEDIA_ORIGIN = "https://media.edition.invalid/"


def media_url(rendition):
    return f"{MEDIA_ORIGIN}{rendition.file.name}"


class EditionDocument:
    """The HTML of an update's PDF; `article` loaded with `public.with_everything_shown()`."""

    def __init__(self, article):
        self.article = article

    @cached_property
    def images(self):
        """The library images the PDF shows: the lead image and those the body places."""
        placed = public.library_images(self.article.body)
        lead = self.article.lead_image
        return {**placed, lead.pk: lead} if lead else placed

    @cached_property
    def media_files(self):
        """The storage names of every rendition the HTML may point at: all the renderer may read."""
        return frozenset(rendition.file.name for image in self.images.values() for rendition in image.renditions.all())

    @cached_property
    def html(self):
        article = self.article
        citations = list(article.citations.all())
        body = render_body(
            article.body, citations=citations, quotes=article.public_quotes, images=self.images, image_url=media_url
        )
        lead = self.article.lead_image
        context = {
            "article": article,
            "authors": list(article.authors.all()),
            "topics": [topic.name for topic in article.topics.all()],
            "body": body,
            "citations": citations,
            "lead_figure": image_html.figure(lead, url=media_url, css_class="figure figure--lead") if lead else "",
            "page_url": f"{settings.SITE_URL}{article.get_absolute_url()}",
            "site_name": settings.SITE_NAME,
            "language": settings.LANGUAGE_CODE,
        }
        return render_to_string(TEMPLATE, context)

    @cached_property
    def stylesheet(self):
        return STYLESHEET.read_text(encoding="utf-8")

    @cached_property
    def fingerprint(self):
        return hashlib.sha256(f"{self.stylesheet}\n{self.html}".encode()).hexdigest()

    @property
    def base_url(self):
        """Where the PDF's relative links (an expert's profile) point: the public site."""
        return f"{settings.SITE_URL}/"
