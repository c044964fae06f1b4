"""RSS 2.0 and Atom feeds of published updates: site-wide and per actor, expert, topic, region, series.

Each page's feed lives under its URL: `/actors/china/feed/` and `/actors/china/feed/atom/`.

Feed readers take an item's RSS `<description>` and Atom `<summary type="html">` as HTML. The
standfirst is plain text (pages show it escaped), so the feeds send it HTML-escaped: whatever an
editor typed (`<script>`, `<img onerror=…>`, a `javascript:` link) reaches the reader as the same
visible text the page shows, never as markup.
"""

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import escape

from actors.models import Actor
from articles.models import Expert, Region, Series
from articles.public import queries as public

ITEMS_PER_FEED = 30


class UpdatesFeed(Feed):
    """The latest published updates; subclasses narrow it to one page's subject."""

    label = "latest updates"

    def get_object(self, request, slug=None):
        return None

    def title(self, obj):
        return f"{settings.SITE_NAME}: {self.label}" + (f" {obj}" if obj else "")

    def summary(self, obj):
        """One sentence about the feed, as plain text (it names an actor, expert or topic editors wrote)."""
        return f"Regional updates from {settings.SITE_NAME}" + (f" about {obj}." if obj else ".")

    def description(self, obj):
        # Some readers take the RSS channel's description as HTML too; Atom's subtitle is declared text.
        return escape(self.summary(obj))

    def link(self, obj):
        return obj.get_absolute_url() if obj else reverse("home")

    def updates(self, obj):
        return public.article_listing()

    def items(self, obj):
        return self.updates(obj).prefetch_related("topics")[:ITEMS_PER_FEED]

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return escape(item.standfirst)

    def item_pubdate(self, item):
        return item.publish_at

    def item_updateddate(self, item):
        return max(item.updated_at, item.publish_at)

    def item_author_name(self, item):
        return ", ".join(expert.name for expert in item.authors.all()) or settings.SITE_NAME

    def item_categories(self, item):
        return [topic.name for topic in item.topics.all()] + [mention.actor.name for mention in item.public_mentions]


class ActorFeed(UpdatesFeed):
    label = "updates mentioning"

    def get_object(self, request, slug=None):
        return get_object_or_404(Actor.objects.published(), slug=slug)

    def updates(self, obj):
        return public.articles_mentioning(obj)


class ExpertFeed(UpdatesFeed):
    label = "updates quoting"

    def get_object(self, request, slug=None):
        return get_object_or_404(Expert.objects.published(), slug=slug)

    def updates(self, obj):
        return public.articles_quoting(obj)


class TopicFeed(UpdatesFeed):
    label = "updates on the topic"

    def get_object(self, request, slug=None):
        return get_object_or_404(public.public_topics(), slug=slug)

    def link(self, obj):
        return reverse("topic-detail", kwargs={"slug": obj.slug})

    def updates(self, obj):
        return public.article_listing().filter(topics=obj)


class RegionFeed(UpdatesFeed):
    label = "updates in the region"

    def get_object(self, request, slug=None):
        return get_object_or_404(Region, slug=slug)

    def updates(self, obj):
        return public.article_listing().filter(region=obj)


class SeriesFeed(UpdatesFeed):
    label = "updates in the series"

    def get_object(self, request, slug=None):
        return get_object_or_404(Series, slug=slug)

    def updates(self, obj):
        return public.article_listing().filter(series=obj)


def atom(feed_class):
    """The Atom 1.0 twin of an RSS feed class."""
    return type(
        f"Atom{feed_class.__name__}",
        (feed_class,),
        {"feed_type": Atom1Feed, "subtitle": feed_class.summary, "__doc__": f"Atom: {feed_class.__doc__}"},
    )
