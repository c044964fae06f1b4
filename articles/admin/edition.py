"""The PDF of an update in the admin: editors download it to check it, whatever its status.

`ArticlePdfMixin` (for ArticleAdmin) adds `<id>/pdf/`: the PDF of the update as stored now, made
on the spot by `articles.edition.views.staff_pdf_response` — staff with view access only, never
kept, never cached, never public (readers get `/updates/<slug>/pdf/`, published updates only).
"""

from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.urls import path

from articles.edition.views import staff_pdf_response


class ArticlePdfMixin:
    def get_urls(self):
        pdf = path("<path:object_id>/pdf/", self.admin_site.admin_view(self.pdf_view), name="articles_article_pdf")
        return [pdf, *super().get_urls()]

    def pdf_view(self, request, object_id):
        article = self.get_object(request, unquote(object_id))
        if article is None:
            raise Http404("No such update.")
        if not self.has_view_permission(request, article):
            raise PermissionDenied
        return staff_pdf_response(article)
