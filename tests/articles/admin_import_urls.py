"""The admin with the briefing import page mounted the way ArticleAdmin.get_urls() mounts it."""

from django.contrib import admin
from django.urls import include, path

from articles.admin_import import import_briefing_urls

article_urls = [path("articles/article/", include(import_briefing_urls(admin.site)))]

urlpatterns = [path("admin/", (article_urls + admin.site.get_urls(), "admin", admin.site.name))]
