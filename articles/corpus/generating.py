"""`generate_corpus(articles, seed=…)`: a seeded archive of published updates, written in bulk.

A benchmark and development fixture generator. It bypasses the editorial write path on
purpose: rows go in with `bulk_create`, `BATCH_SIZE` updates at a time, all inside one
transaction, so 100,000 updates take minutes, not hours. What the write path would add
(revisions, a tagging run, PDF editions, quote decisions) is not made; the rows it writes are
those a finished, published update has: the update (published, `version` and
`approved_version` 1), its authors, two topics, the mentions of the actors its text names
(origin auto, with the count and first position tagging would store), approved expert quotes
whose words are in the body, and numbered citations of sources. At the end `after_bulk_insert()` tells
the rest of the site, still inside the transaction.

Slugs are `corpus-<seed>-<n>`. A run continues the numbering of earlier runs with the same
seed, so re-running adds updates and never collides; update n of a seed always has the same
title, body and links (its own `random.Random`), whichever run makes it. Publish times spread
over the eight years before the run. The shared rows (series, regions, ~20 experts, 2,000
sources, the topics' tags) are looked up by their natural keys and made only when missing.
"""

import datetime
import random

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import Q
from django.db.models.functions import Length
from django.utils import timezone
from django.utils.text import slugify
from taggit.models import Tag, TaggedItem

from actors.gazetteer import load_gazetteer
from actors.models import Actor, Mention
from articles.content_generation import public_content_changed
from articles.models import Article, Citation, Expert, Quote, Region, Series, Source
from articles.public.search_index import refresh_search_vectors

from . import text

MAX_ARTICLES = 1_000_000
BATCH_SIZE = 1000
SOURCE_COUNT = 2000
ACTORS_PER_ARTICLE = 6
YEARS = 8

SERIES = ["Regional Update", "Analysis", "Commentary", "Briefing"]
REGIONS = [
    "BRI and East Asia",
    "Middle East",
    "Europe",
    "Russia and Eurasia",
    "South and Southeast Asia",
    "Africa",
    "The Americas",
]
EXPERTS = [
    ("Anna de Vries", "HIG's security analyst"),
    ("Bram Jansen", "HIG's trade expert"),
    ("Clara Hoekstra", "HIG's energy analyst"),
    ("Daan Visser", "HIG's maritime expert"),
    ("Eline Bakker", "HIG's human rights researcher"),
    ("Floris Smit", "HIG's diplomacy analyst"),
    ("Greta Mulder", "HIG's migration expert"),
    ("Hugo van Dijk", "HIG's technology analyst"),
    ("Iris Meijer", "HIG's climate researcher"),
    ("Jasper de Boer", "HIG's defence analyst"),
    ("Karin Dekker", "HIG's elections expert"),
    ("Lars Brouwer", "HIG's sanctions analyst"),
    ("Mila Vermeulen", "HIG's alliance researcher"),
    ("Niels Peters", "HIG's economics analyst"),
    ("Olga Hendriks", "HIG's regional analyst"),
    ("Pieter Kok", "HIG's senior fellow"),
    ("Roos Jacobs", "HIG's research fellow"),
    ("Sander Willems", "HIG's policy analyst"),
    ("Tessa Koster", "HIG's strategy expert"),
    ("Victor Prins", "HIG's associate fellow"),
]
PUBLISHERS = ["Reuters", "Associated Press", "The Diplomat", "Foreign Affairs", "Nikkei Asia", "Al Jazeera", "BBC"]
SOURCE_SUBJECTS = [
    "regional security",
    "trade flows",
    "energy markets",
    "maritime incidents",
    "diplomatic visits",
    "sanctions enforcement",
    "election results",
    "migration routes",
    "defence budgets",
    "climate finance",
]

# How often an actor is drawn, against 1 for any other state: the great powers in most updates.
WEIGHTS = {
    "china": 60,
    "united-states": 50,
    "russia": 45,
    "north-korea": 15,
    "japan": 12,
    "south-korea": 12,
    "india": 12,
    "iran": 12,
    "ukraine": 12,
    "united-kingdom": 10,
    "france": 10,
    "germany": 10,
    "taiwan": 8,
    "israel": 8,
    "turkey": 8,
    "saudi-arabia": 6,
    "xi-jinping": 6,
    "kim-jong-un": 4,
    "united-nations": 4,
}

SEARCH_BATCH = 5000


def generate_corpus(articles, *, seed=0, progress=None):
    """Add `articles` published updates; returns their ids. `progress(done, total)` after each batch."""
    if not 1 <= articles <= MAX_ARTICLES:
        raise ValueError(f"The number of updates must be between 1 and {MAX_ARTICLES:,}; {articles:,} is not.")
    with transaction.atomic():
        load_gazetteer()
        world = _shared_rows()
        first = _next_number(seed)
        now = timezone.now()
        ids = []
        for start in range(0, articles, BATCH_SIZE):
            numbers = range(first + start, first + min(start + BATCH_SIZE, articles))
            ids += _write_batch(world, seed, numbers, now)
            if progress:
                progress(len(ids), articles)
        after_bulk_insert(ids)
    return ids


def after_bulk_insert(article_ids):
    """What must follow updates written past the write path, inside the writing transaction.

    The stored search text the write path would have computed (in batches: a statement
    takes at most 65,535 parameters), and the page cache's generation.
    """
    for start in range(0, len(article_ids), SEARCH_BATCH):
        refresh_search_vectors(article_ids[start : start + SEARCH_BATCH])
    public_content_changed()


class _World:
    """The shared rows every update draws from, as plain values."""

    def __init__(self, *, series, regions, experts, sources, tags, actors):
        self.series, self.regions, self.experts, self.sources, self.tags = series, regions, experts, sources, tags
        self.actors = [(pk, name) for pk, name, _, _ in actors]  # in slug order
        weights = [WEIGHTS.get(slug, 1 if kind == Actor.Kind.STATE else 0.3) for _, _, slug, kind in actors]
        self.cumulative = list(_accumulate(weights))
        self.content_type = ContentType.objects.get_for_model(Article)


def _accumulate(values):
    total = 0
    for value in values:
        total += value
        yield total


def _shared_rows():
    series = [_taxon(Series, name) for name in SERIES]
    regions = [_taxon(Region, name) for name in REGIONS]
    experts = _experts()
    sources = _sources()
    tags = _tags()
    return _World(
        series=series,
        regions=regions,
        experts=experts,
        sources=sources,
        tags=tags,
        actors=list(Actor.objects.published().order_by("slug").values_list("id", "name", "slug", "kind")),
    )


def _taxon(model, name):
    return model.objects.get_or_create(slug=slugify(name), defaults={"name": name})[0].pk


def _experts():
    wanted = {slugify(name): (name, role) for name, role in EXPERTS}
    existing = set(Expert.objects.filter(slug__in=wanted).values_list("slug", flat=True))
    Expert.objects.bulk_create(
        Expert(
            slug=slug,
            name=name,
            role=role,
            areas=role.removeprefix("HIG's ").rsplit(" ", 1)[0].capitalize(),
            bio=f"{name} is {role}.",
            is_published=True,
        )
        for slug, (name, role) in wanted.items()
        if slug not in existing
    )
    by_slug = dict(Expert.objects.filter(slug__in=wanted).values_list("slug", "pk"))
    return [(by_slug[slug], name, role) for slug, (name, role) in wanted.items()]


def _source_url(index):
    return f"https://example.org/corpus/sources/{index}"


def _sources():
    urls = [_source_url(index) for index in range(SOURCE_COUNT)]
    existing = set(Source.objects.filter(url__startswith=_source_url("")).values_list("url", flat=True))
    rng = random.Random("sources")
    made = []
    for index, url in enumerate(urls):
        subject, publisher = rng.choice(SOURCE_SUBJECTS), rng.choice(PUBLISHERS)
        published = datetime.date(2018, 1, 1) + datetime.timedelta(days=rng.randrange(365 * YEARS))
        if url not in existing:
            made.append(
                Source(
                    url=url, title=f"Report on {subject}, no. {index + 1}", publisher=publisher, published_on=published
                )
            )
    Source.objects.bulk_create(made, batch_size=BATCH_SIZE)
    by_url = dict(Source.objects.filter(url__startswith=_source_url("")).values_list("url", "pk"))
    titles = dict(Source.objects.filter(url__startswith=_source_url("")).values_list("url", "title"))
    return [(by_url[url], titles[url], url) for url in urls]


def _tags():
    names = list(text.TOPICS)
    query = Q()
    for name in names:
        query |= Q(name__iexact=name)
    found = {tag.name.lower(): tag.pk for tag in Tag.objects.filter(query)}
    Tag.objects.bulk_create(Tag(name=name, slug=slugify(name)) for name in names if name.lower() not in found)
    if len(found) < len(names):
        found = {tag.name.lower(): tag.pk for tag in Tag.objects.filter(query)}
    return {name: found[name.lower()] for name in names}


def _prefix(seed):
    return f"corpus-{seed}-"


def _next_number(seed):
    """One more than the highest n of the slugs `corpus-<seed>-<n>` already there; 1 at first."""
    prefix = _prefix(seed)
    slugs = Article.objects.filter(slug__startswith=prefix).annotate(length=Length("slug"))
    last = slugs.order_by("-length", "-slug").values_list("slug", flat=True).first()
    tail = last[len(prefix) :] if last else ""
    return int(tail) + 1 if tail.isdigit() else 1


def _draw_actors(rng, world):
    """ACTORS_PER_ARTICLE actors, skewed by WEIGHTS, none of whose names holds another's ("China" in "South China Sea")."""
    chosen = []
    for _ in range(ACTORS_PER_ARTICLE * 10):
        if len(chosen) == ACTORS_PER_ARTICLE:
            break
        candidate = world.actors[_bisect(world.cumulative, rng.random() * world.cumulative[-1])]
        if all(candidate[1] not in name and name not in candidate[1] for _, name in chosen):
            chosen.append(candidate)
    return chosen


def _bisect(cumulative, value):
    low, high = 0, len(cumulative) - 1
    while low < high:
        middle = (low + high) // 2
        if cumulative[middle] <= value:
            low = middle + 1
        else:
            high = middle
    return low


def _build(world, seed, number, now):
    """One update and its related rows, as plain values: the same for the same seed and number."""
    rng = random.Random(f"corpus:{seed}:{number}")
    actors = _draw_actors(rng, world)
    names = [name for _, name in actors]
    topics = rng.sample(list(text.TOPICS), 2)
    authors = rng.sample(world.experts, rng.randint(1, 2))
    quoted = authors + rng.sample([e for e in world.experts if e not in authors], 1)
    quotes = [
        (expert, phrase.format(a=rng.choice(names[:3])))
        for expert, phrase in zip(
            quoted[: rng.randint(1, 3)], rng.sample(text.QUOTE_PHRASES, len(text.QUOTE_PHRASES)), strict=False
        )
    ]
    sources = rng.sample(world.sources, rng.randint(2, 4))
    citations = [(source, source[1]) for source in sources]
    body = text.body(
        rng,
        names,
        topics,
        quotes=[(expert[1], expert[2], words) for expert, words in quotes],
        citations=[(cited, source[2]) for source, cited in citations],
    )
    publish_at = now - datetime.timedelta(seconds=rng.randrange(3600, YEARS * 365 * 86400))
    article = Article(
        slug=f"{_prefix(seed)}{number}",
        title=text.title(rng, names[0], names[1], topics[0])[:250],
        standfirst=text.standfirst(rng, names[0], names[1]),
        research_question=text.research_question(rng, names[0], names[1], topics[0]),
        body=body,
        series_id=rng.choice(world.series),
        region_id=rng.choice(world.regions),
        status=Article.Status.PUBLISHED,
        publish_at=publish_at,
        version=1,
        approved_version=1,
    )
    # Counted in what `actors.tagging.tag_article` reads (the quotes are in the body), where the
    # text names no actor but these: the rows tagging would store (the tests check it), found
    # with `str.find`, a hundred times faster than the matcher.
    tagged_text = "\n\n".join((article.title, article.standfirst, article.research_question, body))
    mentions = []
    for actor_id, name in actors:
        found = _occurrences(tagged_text, name)
        if found:
            mentions.append((actor_id, len(found), found[0]))
    return {
        "article": article,
        "mentions": mentions,
        "topics": [world.tags[topic] for topic in topics],
        "authors": [expert[0] for expert in authors],
        "quotes": [(expert[0], words) for expert, words in quotes],
        "citations": [(source[0], cited) for source, cited in citations],
    }


def _occurrences(text, name):
    """Where `text` names `name` as a whole word."""
    found, start = [], text.find(name)
    while start != -1:
        end = start + len(name)
        if (start == 0 or not text[start - 1].isalnum()) and (end == len(text) or not text[end].isalnum()):
            found.append(start)
        start = text.find(name, end)
    return found


def _write_batch(world, seed, numbers, now):
    built = [_build(world, seed, number, now) for number in numbers]
    articles = Article.objects.bulk_create([item["article"] for item in built])
    if any(article.pk is None for article in articles):  # a backend that returns no ids
        ids = dict(Article.objects.filter(slug__in=[a.slug for a in articles]).values_list("slug", "pk"))
        for article in articles:
            article.pk = ids[article.slug]
    mentions, tagged, bylines, quotes, citations = [], [], [], [], []
    for item, article in zip(built, articles, strict=True):
        pk = article.pk
        mentions += [
            Mention(article_id=pk, actor_id=actor, count=count, first_position=first, origin=Mention.Origin.AUTO)
            for actor, count, first in item["mentions"]
        ]
        tagged += [TaggedItem(content_type=world.content_type, object_id=pk, tag_id=tag) for tag in item["topics"]]
        bylines += [Article.authors.through(article_id=pk, expert_id=expert) for expert in item["authors"]]
        quotes += [
            Quote(
                article_id=pk,
                expert_id=expert,
                text=words,
                kind=Quote.Kind.PARAPHRASE,
                status=Quote.Status.APPROVED,
                reviewed_at=article.publish_at,
                created_at=article.publish_at,
                position=position,
            )
            for position, (expert, words) in enumerate(item["quotes"])
        ]
        citations += [
            Citation(article_id=pk, source_id=source, cited_text=cited, order=order)
            for order, (source, cited) in enumerate(item["citations"], start=1)
        ]
    for model, rows in (
        (Mention, mentions),
        (TaggedItem, tagged),
        (Article.authors.through, bylines),
        (Quote, quotes),
        (Citation, citations),
    ):
        model.objects.bulk_create(rows, batch_size=BATCH_SIZE * 4)
    return [article.pk for article in articles]
