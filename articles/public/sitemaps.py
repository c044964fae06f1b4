"""The sitemap index at sitemap.xml and its sections: published updates, public experts and actors, the listings readers browse.

A section over its `limit` (the protocol allows 50,000 addresses) is paginated, `?p=2`; the index lists each page.
"""

from django.contrib.sitemaps import Sitemap
from django.db.models import Exists, Max, OuterRef
from django.db.models.functions import Greatest
from django.urls import reverse

from actors.models import Actor
from articles.models import Article, Expert, Region, Series
from articles.public import queries as public


class ArticleSitemap(Sitemap):
    changefreq = "weekly"
    priority = 0.8
    limit = 10_000

    def items(self):
        return Article.objects.published().order_by("-publish_at", "pk").only("slug", "updated_at", "publish_at")

    def lastmod(self, item):
        return max(item.updated_at, item.publish_at)

    def get_latest_lastmod(self):
        """For the index: one aggregate, not every update loaded."""
        latest = Article.objects.published().aggregate(latest=Max(Greatest("updated_at", "publish_at")))
        return latest["latest"]


class ListingSitemap(Sitemap):
    changefreq = "daily"
    priority = 0.5

    def items(self):
        return ["home", "actor-list", "expert-list", "topic-list"]

    def location(self, item):
        return reverse(item)


class ExpertSitemap(Sitemap):
    changefreq = "weekly"

    def items(self):
        return Expert.objects.published().order_by("slug").only("slug")


class ActorSitemap(Sitemap):
    changefreq = "weekly"

    def items(self):
        return Actor.objects.published().order_by("slug").only("slug")


class TaxonSitemap(Sitemap):
    """Series and regions that hold at least one published update."""

    changefreq = "daily"

    def __init__(self, model):
        self.model = model

    def items(self):
        published = Article.objects.published().filter(**{self.model._meta.model_name: OuterRef("pk")})
        return self.model.objects.filter(Exists(published)).order_by("slug").only("slug")


class TopicSitemap(Sitemap):
    changefreq = "daily"

    def items(self):
        return public.public_topics().order_by("slug")

    def location(self, item):
        return reverse("topic-detail", kwargs={"slug": item.slug})


SITEMAPS = {
    "listings": ListingSitemap,
    "updates": ArticleSitemap,
    "experts": ExpertSitemap,
    "actors": ActorSitemap,
    "series": TaxonSitemap(Series),
    "regions": TaxonSitemap(Region),
    "topics": TopicSitemap,
}
