from django.urls import path

from actors.public import views
from articles.public.cache import public_page
from articles.public.feeds import ActorFeed
from articles.public.urls import feed_urls

urlpatterns = [
    path("actors/", public_page(views.ActorListView.as_view()), name="actor-list"),
    path("actors/<slug:slug>/", public_page(views.ActorDetailView.as_view(), params=("page",)), name="actor-detail"),
    path(
        "actors/<slug:slug>/and/<slug:other>/",
        public_page(views.ActorPairView.as_view(), params=("page",)),
        name="actor-pair",
    ),
    *feed_urls("actors/<slug:slug>/", ActorFeed, "actor"),
]
