from django.conf import settings
from django.contrib import admin
from django.contrib.contenttypes import views as contenttype_views
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.urls import include, path

from hig_updates.health import healthz

admin.site.site_header = "HIG Updates"
admin.site.site_title = "HIG Updates admin"
admin.site.index_title = "Editorial desk"
admin.site.index_template = "admin/desk.html"  # the desk panels above the app list


def view_on_site(request, content_type_id, object_id):
    """The admin's "View on site" redirect, for those who may view that model in the admin only.

    Django's own answers any staff user, and its redirect gives away the address (the slug) of
    any object, a draft's included.
    """
    try:
        model = ContentType.objects.get(pk=content_type_id).model_class()
    except (ContentType.DoesNotExist, ValueError):
        raise Http404("No such content type.") from None
    model_admin = admin.site.get_model_admin(model) if admin.site.is_registered(model) else None
    if model_admin is None or not model_admin.has_view_permission(request):
        raise PermissionDenied
    return contenttype_views.shortcut(request, content_type_id, object_id)


urlpatterns = [
    # For the load balancer and monitors (hig_updates/health.py): JSON, never cached.
    path("healthz", healthz, name="healthz"),
    # Before the admin's own URLs, so it answers the admin's "View on site" links.
    path("admin/r/<path:content_type_id>/<path:object_id>/", admin.site.admin_view(view_on_site), name="view-on-site"),
    path("admin/", admin.site.urls),
    path("review/", include("articles.expert_review.urls")),
    path("", include("articles.edition.urls")),
    path("", include("articles.public.urls")),
    path("", include("actors.public.urls")),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
