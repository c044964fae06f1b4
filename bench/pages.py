"""`python -m bench pages`: every public page uncached, on the database at `DATABASE_URL`, and search against `icontains`.

Fill that database first with `manage.py generate_corpus --articles N`. Each page is asked for
`--repeat` times through Django's test client with the page cache cleared before each request,
so every answer is rendered from the database: median and p95 in milliseconds and the number
of SQL queries. Search runs `search_articles` (the stored vector on PostgreSQL) and the same
words as an `icontains` filter over the same text fields, side by side in the same run. The
table is printed and written to `bench/results.md`. Times are of this machine at this moment:
compare the ratios measured together, not numbers across runs.
"""

import statistics
import time
from pathlib import Path

from django.core.cache import cache
from django.core.management import call_command
from django.db import connection
from django.db.models import Q
from django.test import Client
from django.test.utils import CaptureQueriesContext

RESULTS = Path(__file__).parent / "results.md"
SEARCHES = ["nuclear", "sanctions", "korea", "trade agreement", "pyongyang"]


def percentile(values, fraction):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


def timed(call, repeat):
    """(median ms, p95 ms, queries of the last run) for `call()`, the cache cleared before each run."""
    times, queries = [], 0
    for _ in range(repeat):
        cache.clear()
        with CaptureQueriesContext(connection) as captured:
            started = time.perf_counter()
            call()
            times.append((time.perf_counter() - started) * 1000)
        queries = len(captured)
    return statistics.median(times), percentile(times, 0.95), queries


def public_paths():
    from django.urls import reverse

    from actors.models import Actor
    from articles.models import Article, Expert
    from articles.public.queries import public_topics

    article = Article.objects.published().order_by("-publish_at").first()
    actors = list(Actor.objects.published().filter(slug__in=["china", "north-korea"]).order_by("slug"))
    expert = Expert.objects.published().first()
    topic = public_topics().order_by("pk").first()
    paths = ["/", "/?page=50", reverse("actor-list"), reverse("expert-list"), reverse("topic-list")]
    if article:
        paths.append(article.get_absolute_url())
        if article.series:
            paths.append(reverse("series-detail", args=[article.series.slug]))
        if article.region:
            paths.append(reverse("region-detail", args=[article.region.slug]))
    paths += [actor.get_absolute_url() for actor in actors]
    if len(actors) == 2:
        paths.append(reverse("actor-pair", args=[actors[0].slug, actors[1].slug]))
    if expert:
        paths.append(expert.get_absolute_url())
    if topic:
        paths.append(reverse("topic-detail", args=[topic.slug]))
    paths += [reverse("site-feed"), reverse("sitemap"), *(f"{reverse('search')}?q={term}" for term in SEARCHES[:2])]
    return paths


def first_page_and_count(results):
    """What a search page asks of its results: the first twenty, and how many there are."""
    return list(results.all()[:20]), results.all().count()


def icontains(query):
    from articles.public import queries
    from articles.public.search import TEXT_FIELDS

    match = Q()
    for word in query.split():
        match &= Q.create([(f"{field}__icontains", word) for field in TEXT_FIELDS], connector=Q.OR)
    return queries.article_listing().filter(match)


def main(repeat=7):
    from articles.models import Article
    from articles.public.search import search_articles

    call_command("collectstatic", interactive=False, verbosity=0)  # production storage needs its manifest
    client = Client()
    total = Article.objects.published().count()
    lines = [
        f"# Public pages, uncached — {total:,} published updates on {connection.vendor}",
        "",
        "| page | median ms | p95 ms | queries |",
        "| --- | ---: | ---: | ---: |",
    ]
    for path in public_paths():
        median, p95, queries = timed(lambda path=path: client.get(path), repeat)
        lines.append(f"| `{path}` | {median:.1f} | {p95:.1f} | {queries} |")
    lines += [
        "",
        "| search | results | p50 ms | p95 ms | icontains p50 ms | ratio |",
        "| --- | ---: | ---: | ---: | ---: | ---: |",
    ]
    for query in SEARCHES:
        found = search_articles(query)
        results = found.count()
        p50, p95, _ = timed(lambda found=found: first_page_and_count(found), repeat)
        slow, _, _ = timed(lambda query=query: first_page_and_count(icontains(query)), max(3, repeat // 2))
        lines.append(f"| {query} | {results:,} | {p50:.1f} | {p95:.1f} | {slow:.1f} | {slow / max(p50, 0.001):.0f}× |")
    text = "\n".join(lines) + "\n"
    print(text)
    RESULTS.write_text(text)
    return 0
