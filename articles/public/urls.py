from django.contrib.sitemaps import views as sitemap_views
from django.urls import path

from articles.public import feeds, preview, views
from articles.public.cache import public_page
from articles.public.sitemaps import SITEMAPS

# The query parameters each page reads: its cache key holds these alone (see `public_page`).
PAGE = ("page",)
SEARCH_PARAMS = ("q", "page", "series", "region", "topic", "actor", "expert", "year")


def feed_urls(prefix, feed_class, name):
    """`<prefix>feed/` (RSS 2.0) and `<prefix>feed/atom/` (Atom 1.0)."""
    return [
        path(f"{prefix}feed/", public_page(feed_class()), name=f"{name}-feed"),
        path(f"{prefix}feed/atom/", public_page(feeds.atom(feed_class)()), name=f"{name}-feed-atom"),
    ]


urlpatterns = [
    path("", public_page(views.ArticleListView.as_view(), params=PAGE), name="home"),
    path("updates/<slug:slug>/", public_page(views.ArticleDetailView.as_view()), name="article-detail"),
    # Not a public page: never cached (see articles/preview.py).
    path("preview/<str:token>/", preview.signed_preview_view, name="article-preview"),
    # Cached per query and filters (no other parameter); not in the sitemap.
    path("search/", public_page(views.SearchView.as_view(), params=SEARCH_PARAMS), name="search"),
    path("experts/", public_page(views.ExpertListView.as_view()), name="expert-list"),
    path("experts/<slug:slug>/", public_page(views.ExpertDetailView.as_view(), params=PAGE), name="expert-detail"),
    path("series/<slug:slug>/", public_page(views.SeriesDetailView.as_view(), params=PAGE), name="series-detail"),
    path("regions/<slug:slug>/", public_page(views.RegionDetailView.as_view(), params=PAGE), name="region-detail"),
    path("topics/", public_page(views.TopicListView.as_view()), name="topic-list"),
    path("topics/<slug:slug>/", public_page(views.TopicDetailView.as_view(), params=PAGE), name="topic-detail"),
    *feed_urls("", feeds.UpdatesFeed, "site"),
    *feed_urls("experts/<slug:slug>/", feeds.ExpertFeed, "expert"),
    *feed_urls("series/<slug:slug>/", feeds.SeriesFeed, "series"),
    *feed_urls("regions/<slug:slug>/", feeds.RegionFeed, "region"),
    *feed_urls("topics/<slug:slug>/", feeds.TopicFeed, "topic"),
    # The sitemap index (robots.txt names it), and its sections, `?p=2` for a section over its limit.
    path(
        "sitemap.xml",
        public_page(sitemap_views.index),
        {"sitemaps": SITEMAPS, "sitemap_url_name": "sitemap-section"},
        name="sitemap",
    ),
    path(
        "sitemap-<section>.xml",
        public_page(sitemap_views.sitemap, params=("p",)),
        {"sitemaps": SITEMAPS},
        name="sitemap-section",
    ),
    path("robots.txt", public_page(views.robots_txt), name="robots-txt"),
]
