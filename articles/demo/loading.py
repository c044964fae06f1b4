"""The demo content: the sample update, its experts, actors, relations and sources.

`load_demo()` is idempotent: it updates rows in place by their natural keys,
so running it twice changes nothing. The actors come from the gazetteer. The
update is written through the write path (`articles.editorial.saving`) like any
other, so it is tagged and has revisions; when a run would change nothing in it,
that write is rolled back (no new version, no new revision). Public content is
marked changed explicitly at the end (no signals).
"""

import datetime
from pathlib import Path

from django.db import transaction
from django.db.models import F

from actors.gazetteer import load_gazetteer
from actors.models import Actor, Relation
from articles.content_generation import public_content_changed
from articles.editorial.revisions import snapshot
from articles.editorial.saving import changing_article
from articles.models import Article, Citation, Expert, Quote, QuoteDecision, Region, Series, Source

BODY_FILE = Path(__file__).parent / "sino-north-korean-partnership.md"

ARTICLE = {
    "slug": "sino-north-korean-partnership-today",
    "title": "The Sino-North Korean Partnership Today: North Korea's Power Shift",
    "standfirst": (
        "Russia's partnership with Pyongyang has loosened North Korea's dependence on China. "
        "HIG's experts weigh what that means for an alliance that dates back to 1961."
    ),
    "research_question": (
        "In what way has the current Sino-North Korean relationship changed in light of recent events "
        "such as the Russo-North Korean partnership?"
    ),
    "publish_at": datetime.datetime(2026, 4, 2, 9, 0, tzinfo=datetime.UTC),
    "topics": ["sanctions", "nuclear programme", "trade", "Taiwan", "BRI"],
}

SERIES = {
    "slug": "regional-update",
    "name": "Regional Update",
    "description": "Short briefings on a question of the day.",
}
REGION = {
    "slug": "bri-and-east-asia",
    "name": "BRI and East Asia",
    "description": "The Belt and Road Initiative and East Asia.",
}

EXPERTS = [
    {
        "slug": "remco-breuker",
        "name": "Remco Breuker",
        "title": "Professor in Korea Studies",
        "role": "HIG's Korea analyst",
        "areas": "Korea, North Korea, East Asia",
        "bio": "Remco Breuker is professor in Korea Studies and HIG's Korea analyst.",
    },
    {
        "slug": "casper-wits",
        "name": "Casper Wits",
        "title": "",
        "role": "HIG's East Asia expert",
        "areas": "East Asia, China, North Korea",
        "bio": "Casper Wits is HIG's East Asia expert.",
    },
]

# (expert slug, kind, text) — approved by their experts for the demo.
QUOTES = [
    ("remco-breuker", Quote.Kind.PARAPHRASE, "North Korea is considered to be China's back door"),
    ("remco-breuker", Quote.Kind.PARAPHRASE, "they fundamentally mistrust each other"),
    ("remco-breuker", Quote.Kind.QUOTE, "multilateral mini UN"),
    ("remco-breuker", Quote.Kind.QUOTE, "backdoor"),
    ("casper-wits", Quote.Kind.PARAPHRASE, "North Korea has gained a more powerful position"),
    (
        "casper-wits",
        Quote.Kind.PARAPHRASE,
        "the Russo-North Korean alliance as a factor which makes North Korea more attractive to China",
    ),
]

# The five links of the sample point nowhere ("#"): they stay placeholders until an editor fixes them.
PLACEHOLDER_SOURCES = [
    "friendship and cooperation treaty",
    "North Korea's resilience",
    "ideological exchange",
    "prioritises Russia",
    "military parade held in Beijing on September 3, 2025",
]

# (from, to, kind, label, start, precision, placeholder source title or None)
RELATIONS = [
    ("china", "north-korea", Relation.Kind.ALLIANCE, "military alliance", datetime.date(1961, 1, 1), "year", None),
    (
        "china",
        "north-korea",
        Relation.Kind.VISIT,
        "Xi Jinping's first visit to North Korea",
        datetime.date(2021, 6, 1),
        "month",
        None,
    ),
    (
        "russia",
        "north-korea",
        Relation.Kind.PARTNERSHIP,
        "comprehensive strategic partnership",
        datetime.date(2024, 1, 1),
        "year",
        None,
    ),
    (
        "north-korea",
        "belarus",
        Relation.Kind.TREATY,
        "friendship and cooperation treaty",
        datetime.date(2026, 3, 26),
        "day",
        "friendship and cooperation treaty",
    ),
    (
        "north-korea",
        "china",
        Relation.Kind.EVENT,
        "Kim Jong-un at the Beijing military parade",
        datetime.date(2025, 9, 3),
        "day",
        "military parade held in Beijing on September 3, 2025",
    ),
]


@transaction.atomic
def load_demo():
    """Create or refresh the demo; returns the article."""
    series, _ = Series.objects.update_or_create(slug=SERIES["slug"], defaults=SERIES)
    region, _ = Region.objects.update_or_create(slug=REGION["slug"], defaults=REGION)
    experts = {data["slug"]: Expert.objects.update_or_create(slug=data["slug"], defaults=data)[0] for data in EXPERTS}
    load_gazetteer()  # the sample's actors and their aliases
    actors = Actor.objects.in_bulk({slug for relation in RELATIONS for slug in relation[:2]}, field_name="slug")
    sources = {
        title: Source.objects.update_or_create(url="", title=title[:1].upper() + title[1:], defaults={})[0]
        for title in PLACEHOLDER_SOURCES
    }

    article = _write_article(series, region, experts, sources)
    for from_slug, to_slug, kind, label, start, precision, source_title in RELATIONS:
        Relation.objects.update_or_create(
            from_actor=actors[from_slug],
            to_actor=actors[to_slug],
            kind=kind,
            start_date=start,
            defaults={"label": label, "start_precision": precision, "source": sources.get(source_title)},
        )
    public_content_changed()
    return article


def _write_article(series, region, experts, sources):
    """The sample update through the write path, put back as published; a write that changes nothing is undone."""
    fields = {key: value for key, value in ARTICLE.items() if key not in {"slug", "topics", "publish_at"}}
    fields |= {"body": BODY_FILE.read_text(encoding="utf-8"), "series": series, "region": region}
    article = Article.objects.excluding_new_versions().filter(slug=ARTICLE["slug"]).first()
    before = None
    # The demo is published, approved as it is; only the workflow and this loader set status and publish time.
    published = {"status": Article.Status.PUBLISHED, "publish_at": ARTICLE["publish_at"]}
    if article is None:
        article = Article(slug=ARTICLE["slug"], approved_version=1, **published)
    else:
        before = snapshot(article)
        Article.objects.filter(pk=article.pk).update(approved_version=F("version"), **published)
        article.status, article.publish_at = published["status"], published["publish_at"]
    for name, value in fields.items():
        setattr(article, name, value)

    expected_version = article.version if before else None
    with transaction.atomic():  # a savepoint, undone when this run changes nothing
        # The demo loader writes its published update in place, as its history: housekeeping, not an edit.
        with changing_article(
            article, by=None, expected_version=expected_version, comment="Demo content", housekeeping=True
        ) as change:
            _save_related(article, experts, sources)
        unchanged = before is not None and _without_version(before) == _without_version(change.revision.data)
        transaction.set_rollback(unchanged)  # then no new version and no new revision
    if unchanged:
        article.refresh_from_db()
    return article


def _without_version(data):
    return {key: value for key, value in data.items() if key != "version"}


def _save_related(article, experts, sources):
    article.topics.set(ARTICLE["topics"])
    for position, (expert_slug, kind, text) in enumerate(QUOTES):
        quote, _ = Quote.objects.update_or_create(
            article=article,
            expert=experts[expert_slug],
            text=text,
            defaults={
                "kind": kind,
                "status": Quote.Status.APPROVED,
                "position": position,
                "reviewed_at": article.publish_at,
            },
        )
        if not quote.decisions.exists():  # the history shows who approved the demo's words
            QuoteDecision.objects.create(
                quote=quote, decision=QuoteDecision.Decision.APPROVED, text=text, note="Approved for the demo."
            )
    for order, title in enumerate(PLACEHOLDER_SOURCES, start=1):
        Citation.objects.update_or_create(
            article=article,
            order=order,
            defaults={"source": sources[title], "cited_text": title, "is_placeholder": True},
        )
