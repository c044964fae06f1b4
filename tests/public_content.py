"""Content for the public-site tests: the demo plus everything readers must never see.

`build_site()` loads the demo and adds, each naming the demo's actors, topics,
series, region and experts so they would show up anywhere a filter is missing:
a draft, an update in review, an approved one, one scheduled for later, an
archived one, a new version of the demo in the making (approved, sharing its
slug), a pending quote, and a rejected mention of an actor.
"""

import datetime
from dataclasses import dataclass

from django.db.models import Max
from django.utils import timezone

from actors.models import Actor, Mention
from articles.demo.loading import load_demo
from articles.models import Article, Expert, Quote
from tests.factories import ActorFactory, ArticleFactory, CitationFactory, MentionFactory, QuoteFactory

DEMO_SLUG = "sino-north-korean-partnership-today"
DEMO_TITLE = "The Sino-North Korean Partnership Today: North Korea&#x27;s Power Shift"
HIDDEN_MARK = "Hiddenword"
UNAPPROVED_WORDS = "Unapprovedwords of the expert"


@dataclass
class Site:
    article: Article
    hidden: list
    rejected_actor: Actor
    new_version: Article


def build_site():
    article = load_demo()
    china, north_korea = Actor.objects.get(slug="china"), Actor.objects.get(slug="north-korea")
    breuker = Expert.objects.get(slug="remco-breuker")
    later = timezone.now() + datetime.timedelta(days=2)
    states = {
        "draft": {"status": Article.Status.DRAFT},
        "in-review": {"status": Article.Status.IN_REVIEW},
        "approved": {"status": Article.Status.APPROVED},
        "scheduled": {"status": Article.Status.PUBLISHED, "publish_at": later},
        "archived": {"status": Article.Status.ARCHIVED, "publish_at": article.publish_at},
        # The demo's new version, approved and waiting to be published: it shares the demo's slug.
        "new-version": {"status": Article.Status.APPROVED, "new_version_of": article, "slug": article.slug},
    }
    hidden = []
    for name, fields in states.items():
        secret = ArticleFactory(
            **{"slug": f"hidden-{name}", **fields},
            title=f"{HIDDEN_MARK} {name} update",
            standfirst=f"{HIDDEN_MARK} standfirst",
            series=article.series,
            region=article.region,
        )
        secret.topics.set(["sanctions", "trade", f"{HIDDEN_MARK.lower()}-topic-{name}"])
        secret.authors.add(breuker)
        for actor in (china, north_korea):
            MentionFactory(article=secret, actor=actor, origin=Mention.Origin.MANUAL)
        QuoteFactory(article=secret, expert=breuker, text=f"{HIDDEN_MARK} quote", status=Quote.Status.APPROVED)
        CitationFactory(article=secret, order=1)
        hidden.append(secret)
    new_version = hidden.pop()  # its address is the demo's: it is no hidden page of its own
    # An actor only ever mentioned through a mention an editor rejected.
    rejected_actor = ActorFactory(name="Atlantis", slug="atlantis")
    MentionFactory(article=article, actor=rejected_actor, origin=Mention.Origin.REJECTED, count=99)
    # Words attributed to an expert who has not approved them yet.
    QuoteFactory(article=article, expert=Expert.objects.get(slug="casper-wits"), text=UNAPPROVED_WORDS)
    return Site(article=article, hidden=hidden, rejected_actor=rejected_actor, new_version=new_version)


def add_public_bulk(site, *, articles, actors_each, extras_each):
    """More of everything on every public page: published updates, actors, quotes, sources, tags."""
    breuker = Expert.objects.get(slug="remco-breuker")
    wits = Expert.objects.get(slug="casper-wits")
    china = Actor.objects.get(slug="china")
    start = Article.objects.aggregate(last=Max("pk"))["last"]
    for number in range(articles):
        update = ArticleFactory(
            published=True,
            slug=f"bulk-{start}-{number}",
            series=site.article.series,
            region=site.article.region,
            body="## One\n\n" + " ".join(f"[cited {n}](#)" for n in range(extras_each)) + "\n\n## Two\n\nText.",
        )
        update.topics.set(["sanctions", *(f"bulk-topic-{start}-{number}-{n}" for n in range(extras_each))])
        update.authors.add(breuker, wits)
        MentionFactory(article=update, actor=china)
        for _ in range(actors_each):
            MentionFactory(article=update, actor=ActorFactory())
        for n in range(extras_each):
            QuoteFactory(article=update, expert=breuker, text=f"words {n}", status=Quote.Status.APPROVED)
            CitationFactory(article=update, order=n + 1, cited_text=f"cited {n}")


PUBLIC_PAGES = [
    "/",
    f"/updates/{DEMO_SLUG}/",
    "/experts/",
    "/experts/remco-breuker/",
    "/experts/casper-wits/",
    "/actors/",
    "/actors/china/",
    "/actors/north-korea/",
    "/actors/china/and/north-korea/",
    "/topics/sanctions/",
    "/regions/bri-and-east-asia/",
    "/series/regional-update/",
]
FEEDS = [
    f"{prefix}feed/{kind}"
    for prefix in (
        "/",
        "/actors/china/",
        "/experts/remco-breuker/",
        "/topics/sanctions/",
        "/regions/bri-and-east-asia/",
        "/series/regional-update/",
    )
    for kind in ("", "atom/")
]
