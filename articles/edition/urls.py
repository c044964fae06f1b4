from django.urls import path

from articles.edition import views

urlpatterns = [
    # Not behind the page cache (`public_page` keeps only a body and its type); the view sets its own validators.
    path("updates/<slug:slug>/pdf/", views.article_pdf, name="article-pdf"),
]
