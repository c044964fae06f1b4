"""The PDF of an update: `/updates/<slug>/pdf/` for readers, and the staff-only PDF of any update.

Readers get only published updates (`Article.objects.published()`); a draft, a scheduled update
before its minute or an archived one is a 404 here like its page. The response is the kept file
(`editions.edition_for_reader`), an attachment named after the slug, with an ETag and Last-Modified
of the kept PDF (a conditional GET answers 304) and the public pages' browser lifetime.

`staff_pdf_response(article)` is the PDF of an update as it is in the database now, whatever its
status, made on the spot and never kept, for the admin (`articles.admin.edition`): private,
uncached, not indexed.
"""

from django.core.files.storage import default_storage
from django.http import FileResponse, Http404, HttpResponse, HttpResponsePermanentRedirect
from django.urls import reverse
from django.utils.cache import add_never_cache_headers, get_conditional_response, patch_cache_control
from django.utils.http import content_disposition_header, http_date
from django.views.decorators.http import require_safe

from articles.edition.document import EditionDocument
from articles.edition.editions import EditionBusy, edition_for_reader, load_for_edition
from articles.edition.pdf import render_pdf
from articles.models import Article, ArticleRedirect
from articles.public.cache import BROWSER_MAX_AGE

RETRY_AFTER_SECONDS = 10


@require_safe
def article_pdf(request, slug):
    article = Article.objects.published().filter(slug=slug).first()
    if article is None:
        return _moved(slug)
    try:
        edition = edition_for_reader(article)
    except EditionBusy:
        response = HttpResponse(
            "The PDF of this update is being made; it will be ready in a few seconds.\n",
            status=503,
            content_type="text/plain; charset=utf-8",
        )
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
        add_never_cache_headers(response)
        return response
    last_modified = int(edition.made_at.timestamp())
    etag = f'"{edition.fingerprint[:32]}-{edition.version}"'
    response = get_conditional_response(request, etag=etag, last_modified=last_modified)
    if response is None:
        response = FileResponse(
            default_storage.open(edition.file.name, "rb"),
            content_type="application/pdf",
            as_attachment=True,
            filename=f"{article.slug}.pdf",
        )
    response["ETag"] = etag
    response["Last-Modified"] = http_date(last_modified)
    patch_cache_control(response, public=True, max_age=BROWSER_MAX_AGE)
    return response


def _moved(slug):
    """An old slug of a published update answers 301 to its PDF, like its page; anything else is a 404."""
    moved = ArticleRedirect.objects.filter(old_slug=slug, article__in=Article.objects.published())
    moved = moved.select_related("article").first()
    if moved is None:
        raise Http404("No published update has this address.")
    return HttpResponsePermanentRedirect(reverse("article-pdf", kwargs={"slug": moved.article.slug}))


def staff_pdf_response(article):
    """The PDF of `article` as stored now, any status: made on the spot, never kept, private and uncached."""
    loaded = load_for_edition(Article.objects.filter(pk=article.pk)).get()
    rendered = render_pdf(EditionDocument(loaded))
    response = HttpResponse(rendered.data, content_type="application/pdf")
    response["Content-Disposition"] = content_disposition_header(True, f"{article.slug}-v{article.version}.pdf")
    response["X-Robots-Tag"] = "noindex"
    add_never_cache_headers(response)
    patch_cache_control(response, private=True)
    return response
