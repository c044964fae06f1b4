from django.urls import path

from articles.feeds import ActorFeed
from articles.public_cache import public_page
from articles.urls import feed_urls

from . import views

urlpatterns = [
    path("actors/", public_page(views.ActorListView.as_view()), name="actor-list"),
    path("actors/<slug:slug>/", public_page(views.ActorDetailView.as_view()), name="actor-detail"),
    path("actors/<slug:slug>/and/<slug:other>/", public_page(views.ActorPairView.as_view()), name="actor-pair"),
    *feed_urls("actors/<slug:slug>/", ActorFeed, "actor"),
]
