from django.conf import settings
from django.contrib import admin
from django.urls import include, path

admin.site.site_header = "HIG Updates"
admin.site.site_title = "HIG Updates admin"
admin.site.index_title = "Editorial desk"
admin.site.index_template = "admin/desk.html"  # the desk panels above the app list

urlpatterns = [
    path("admin/", admin.site.urls),
    path("review/", include("articles.expert_review.urls")),
    path("", include("articles.public.urls")),
    path("", include("actors.public.urls")),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
