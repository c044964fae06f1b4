"""The demo content: the sample update, its experts, actors, relations and sources.

`load_demo()` is idempotent: it updates rows in place by their natural keys,
so running it twice changes nothing.
"""

import datetime
from pathlib import Path

from django.db import transaction

from actors.models import Actor, Alias, Mention, Relation

from .models import Article, Citation, Expert, Quote, Region, Series, Source

BODY_FILE = Path(__file__).parent / "demo_content" / "sino-north-korean-partnership.md"

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

S, P, ORG = Actor.Kind.STATE, Actor.Kind.PERSON, Actor.Kind.ORGANISATION
NAME, ABBR, DEM, CAP, PRE = (
    Alias.Kind.NAME,
    Alias.Kind.ABBREVIATION,
    Alias.Kind.DEMONYM,
    Alias.Kind.CAPITAL,
    Alias.Kind.PREFIX,
)

# slug: (name, kind, description, country slug, wikidata, [(alias kind, alias text)])
ACTORS = {
    "china": (
        "China",
        S,
        "People's Republic of China.",
        None,
        "Q148",
        [(NAME, "People's Republic of China"), (ABBR, "PRC"), (CAP, "Beijing"), (DEM, "Chinese"), (PRE, "Sino-")],
    ),
    "north-korea": (
        "North Korea",
        S,
        "Democratic People's Republic of Korea.",
        None,
        "Q423",
        [(NAME, "Democratic People's Republic of Korea"), (ABBR, "DPRK"), (CAP, "Pyongyang"), (DEM, "North Korean")],
    ),
    "russia": (
        "Russia",
        S,
        "Russian Federation.",
        None,
        "Q159",
        [(NAME, "Russian Federation"), (CAP, "Moscow"), (DEM, "Russian"), (PRE, "Russo-")],
    ),
    "united-states": (
        "United States",
        S,
        "United States of America.",
        None,
        "Q30",
        [(NAME, "United States of America"), (ABBR, "US"), (ABBR, "USA"), (CAP, "Washington"), (DEM, "American")],
    ),
    "south-korea": (
        "South Korea",
        S,
        "Republic of Korea.",
        None,
        "Q884",
        [(NAME, "Republic of Korea"), (ABBR, "ROK"), (CAP, "Seoul"), (DEM, "South Korean")],
    ),
    "belarus": ("Belarus", S, "Republic of Belarus.", None, "Q184", [(CAP, "Minsk"), (DEM, "Belarusian")]),
    "iran": ("Iran", S, "Islamic Republic of Iran.", None, "Q794", [(CAP, "Tehran"), (DEM, "Iranian")]),
    "syria": ("Syria", S, "Syrian Arab Republic.", None, "Q858", [(CAP, "Damascus"), (DEM, "Syrian")]),
    "laos": ("Laos", S, "Lao People's Democratic Republic.", None, "Q819", [(CAP, "Vientiane"), (DEM, "Lao")]),
    "vietnam": (
        "Vietnam",
        S,
        "Socialist Republic of Vietnam.",
        None,
        "Q881",
        [(NAME, "Viet Nam"), (CAP, "Hanoi"), (DEM, "Vietnamese")],
    ),
    "indonesia": ("Indonesia", S, "Republic of Indonesia.", None, "Q252", [(CAP, "Jakarta"), (DEM, "Indonesian")]),
    "taiwan": (
        "Taiwan",
        S,
        "Governed from Taipei; claimed by the PRC.",
        None,
        "Q865",
        [(CAP, "Taipei"), (DEM, "Taiwanese")],
    ),
    "hong-kong": ("Hong Kong", Actor.Kind.OTHER, "Special administrative region of China.", None, "Q8646", []),
    "ukraine": ("Ukraine", S, "Ukraine.", None, "Q212", [(CAP, "Kyiv"), (DEM, "Ukrainian")]),
    "kim-jong-un": ("Kim Jong-un", P, "Supreme Leader of North Korea.", "north-korea", "Q56226", []),
    "xi-jinping": (
        "Xi Jinping",
        P,
        "General Secretary of the Chinese Communist Party and President of China.",
        "china",
        "Q15031",
        [],
    ),
    "wang-yi": ("Wang Yi", P, "Foreign Minister of China.", "china", "Q17193", []),
    "alexander-lukashenko": (
        "Alexander Lukashenko",
        P,
        "President of Belarus.",
        "belarus",
        "Q161031",
        [(NAME, "Lukashenko")],
    ),
    "united-nations": ("United Nations", ORG, "Intergovernmental organisation.", None, "Q1065", [(ABBR, "UN")]),
}

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
    actors = _load_actors()
    sources = {
        title: Source.objects.update_or_create(url="", title=title[:1].upper() + title[1:], defaults={})[0]
        for title in PLACEHOLDER_SOURCES
    }

    fields = {key: value for key, value in ARTICLE.items() if key not in {"slug", "topics"}}
    article, _ = Article.objects.update_or_create(
        slug=ARTICLE["slug"],
        defaults={
            **fields,
            "body": BODY_FILE.read_text(encoding="utf-8"),
            "series": series,
            "region": region,
            "status": Article.Status.PUBLISHED,
        },
    )
    article.topics.set(ARTICLE["topics"])
    for position, (expert_slug, kind, text) in enumerate(QUOTES):
        Quote.objects.update_or_create(
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
    for order, title in enumerate(PLACEHOLDER_SOURCES, start=1):
        Citation.objects.update_or_create(
            article=article,
            order=order,
            defaults={"source": sources[title], "cited_text": title, "is_placeholder": True},
        )
    for actor in actors.values():
        Mention.objects.get_or_create(article=article, actor=actor, defaults={"origin": Mention.Origin.MANUAL})
    for from_slug, to_slug, kind, label, start, precision, source_title in RELATIONS:
        Relation.objects.update_or_create(
            from_actor=actors[from_slug],
            to_actor=actors[to_slug],
            kind=kind,
            start_date=start,
            defaults={"label": label, "start_precision": precision, "source": sources.get(source_title)},
        )
    return article


def _load_actors():
    actors = {}
    for slug, (name, kind, description, _country, wikidata, _aliases) in ACTORS.items():
        actors[slug], _ = Actor.objects.update_or_create(
            slug=slug, defaults={"name": name, "kind": kind, "description": description, "wikidata_id": wikidata}
        )
    for slug, (_name, _kind, _description, country, _wikidata, aliases) in ACTORS.items():
        if country:
            Actor.objects.filter(pk=actors[slug].pk).update(country=actors[country])
        for alias_kind, text in aliases:
            Alias.objects.update_or_create(actor=actors[slug], text=text, defaults={"kind": alias_kind})
    return actors
