"""What a public page tells machines: canonical URL, OpenGraph / Twitter tags, JSON-LD, feeds.

Each public view puts a `PageMeta` in its context as `meta`; `templates/_meta.html`
renders it. The JSON-LD builders take only rows the page already loaded.
"""

from dataclasses import dataclass, field

from django.conf import settings
from django.urls import reverse

from actors.models import Actor
from articles.images.renditions import SHARE_WIDTH

SCHEMA = "https://schema.org"
SITE_DESCRIPTION = "Short regional updates on geopolitics from the institute's experts."
ACTOR_TYPES = {
    Actor.Kind.STATE: "Country",
    Actor.Kind.PERSON: "Person",
    Actor.Kind.ORGANISATION: "Organization",
    Actor.Kind.GROUP: "Organization",
}


@dataclass
class Feed:
    title: str
    rss: str
    atom: str


@dataclass(frozen=True)
class SharedImage:
    """The picture shown when a page's link is shared: a rendition 1200 pixels wide (narrower only when the
    original is)."""

    url: str
    width: int
    height: int
    alt: str


def shared_image(request, image):
    """The `SharedImage` of a library image (renditions prefetched), or None."""
    rendition = image.rendition(SHARE_WIDTH) if image else None
    if rendition is None:
        return None
    url = absolute(request, rendition.file.url)
    return SharedImage(url=url, width=rendition.width, height=rendition.height, alt=image.alt_text)


@dataclass
class PageMeta:
    title: str
    description: str
    canonical: str
    og_type: str = "website"
    json_ld: dict | None = None
    feeds: list[Feed] = field(default_factory=list)
    article: object = None
    tags: list[str] = field(default_factory=list)
    image: SharedImage | None = None


def absolute(request, path):
    return request.build_absolute_uri(path)


def feed_for(title, page_url):
    """The two feeds under a page URL (`…/feed/` and `…/feed/atom/`)."""
    return Feed(title=title, rss=f"{page_url}feed/", atom=f"{page_url}feed/atom/")


def site_feed():
    return feed_for(f"{settings.SITE_NAME}: latest updates", reverse("home"))


def organisation(request):
    return {"@type": "Organization", "name": settings.SITE_NAME, "url": absolute(request, reverse("home"))}


def expert_ld(expert, request, *, full=False):
    data = {"@type": "Person", "name": expert.name, "url": absolute(request, expert.get_absolute_url())}
    if expert.title or expert.role:
        data["jobTitle"] = ", ".join(part for part in (expert.title, expert.role) if part)
    if full:
        data["@context"] = SCHEMA
        data["description"] = expert.bio
        data["knowsAbout"] = expert.area_list
        data["affiliation"] = organisation(request)
    return data


def actor_ld(actor, request, *, full=False):
    data = {"@type": ACTOR_TYPES.get(actor.kind, "Thing"), "name": actor.name}
    data["url"] = absolute(request, actor.get_absolute_url())
    if actor.wikidata_id:
        data["sameAs"] = f"https://www.wikidata.org/wiki/{actor.wikidata_id}"
    if full:
        data["@context"] = SCHEMA
        data["description"] = actor.description
        data["alternateName"] = [alias.text for alias in actor.aliases.all()]
    return data


def article_ld(article, request, *, actors, topics, image=None):
    authors = [expert_ld(expert, request) for expert in article.authors.all()] or [organisation(request)]
    data = {
        "@context": SCHEMA,
        "@type": "NewsArticle",
        "headline": article.title,
        "description": article.standfirst,
        "datePublished": article.publish_at.isoformat(),
        "dateModified": max(article.updated_at, article.publish_at).isoformat(),
        "author": authors,
        "publisher": organisation(request),
        "mainEntityOfPage": absolute(request, article.get_absolute_url()),
        "about": [actor_ld(actor, request) for actor in actors],
        "keywords": [topic.name for topic in topics],
    }
    if article.series:
        data["articleSection"] = article.series.name
    if image:
        data["image"] = {"@type": "ImageObject", "url": image.url, "width": image.width, "height": image.height}
    return data


def article_ref(article, request):
    return {"@type": "NewsArticle", "headline": article.title, "url": absolute(request, article.get_absolute_url())}


def collection_ld(request, *, name, parts, about=()):
    """A listing page: its parts are JSON-LD items (updates, people, actors)."""
    data = {"@context": SCHEMA, "@type": "CollectionPage", "name": name, "url": absolute(request, request.path)}
    data["hasPart"] = list(parts)
    if about:
        data["about"] = list(about)
    return data


def canonical_path(request, page_obj=None):
    """The page's path without tracking parameters; listings keep their page number."""
    if page_obj is not None and page_obj.number > 1:
        return f"{request.path}?page={page_obj.number}"
    return request.path


def page_meta(request, *, title, description="", json_ld=None, feeds=(), og_type="website", page_obj=None, **extra):
    return PageMeta(
        title=title,
        description=description or SITE_DESCRIPTION,
        canonical=absolute(request, canonical_path(request, page_obj)),
        og_type=og_type,
        json_ld=json_ld,
        feeds=[*feeds, site_feed()],
        **extra,
    )
