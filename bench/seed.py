"""Fill the load benchmark's database: `python -m bench.seed COPIES`, run with the server's environment.

Migrates, collects static files (the production storage needs the manifest), loads the demo, then
writes COPIES published copies of the demo update through the write path (tagged, revised, with
their topics, quotes and citations), so lists, feeds, actor pages and the sitemap hold realistic
numbers of rows. Idempotent: copies that exist already are left alone. Prints the public paths the
load run requests, as JSON, on its last line of output.
"""

import datetime
import json
import sys


def copy_demo(demo, number):
    """The demo update's `number`th copy, published a day further back each, through the write path."""
    from articles.editorial.saving import changing_article
    from articles.models import Article

    slug = f"bench-update-{number:03d}"
    if Article.objects.filter(slug=slug).exists():
        return
    article = Article(
        slug=slug,
        title=f"{demo.title} ({number})",
        standfirst=demo.standfirst,
        research_question=demo.research_question,
        body=demo.body,
        series=demo.series,
        region=demo.region,
        status=Article.Status.PUBLISHED,
        publish_at=demo.publish_at - datetime.timedelta(days=number),
    )
    with changing_article(article, by=None, comment="Benchmark copy of the demo"):
        article.topics.set(list(demo.topics.all()))
        for quote in demo.quotes.all():
            quote.pk, quote.id, quote.article = None, None, article
            quote.save()
        for citation in demo.citations.all():
            citation.pk, citation.id, citation.article = None, None, article
            citation.save()


def public_paths():
    """The mix of public pages the load run asks for, from the rows that exist."""
    from django.urls import reverse

    from actors.models import Actor
    from articles.models import Article

    demo_slug = "sino-north-korean-partnership-today"
    updates = [demo_slug, *Article.objects.filter(slug__startswith="bench-update-").values_list("slug", flat=True)[:20]]
    actors = list(
        Actor.objects.filter(slug__in=["china", "north-korea", "russia", "belarus"]).values_list("slug", flat=True)
    )
    topics = list(Article.objects.get(slug=demo_slug).topics.values_list("slug", flat=True))
    searches = ["korea", "china", "sanctions", "russia", "alliance", "trade", "beijing", "treaty", "parade", "nuclear"]
    paths = [
        "/",
        "/",
        "/?page=2",
        reverse("actor-list"),
        reverse("sitemap"),
        reverse("sitemap-section", kwargs={"section": "updates"}),
        reverse("site-feed"),
        reverse("site-feed-atom"),
    ]
    paths += [reverse("article-detail", args=[slug]) for slug in updates]
    paths += [reverse("actor-detail", args=[slug]) for slug in actors]
    if {"china", "north-korea"} <= set(actors):
        paths.append(reverse("actor-pair", args=["china", "north-korea"]))
    paths += [reverse("topic-detail", args=[slug]) for slug in topics]
    paths += [reverse("topic-feed", args=[slug]) for slug in topics[:2]]
    paths += [f"{reverse('search')}?q={term}" for term in searches]
    return paths


def main(argv):
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import transaction

    from articles.content_generation import public_content_changed
    from articles.demo.loading import load_demo

    copies = int(argv[0]) if argv else 200
    call_command("migrate", interactive=False, verbosity=0)
    call_command("collectstatic", interactive=False, verbosity=0)
    demo = load_demo()
    with transaction.atomic():
        for number in range(1, copies + 1):
            copy_demo(demo, number)
    public_content_changed()
    print(json.dumps(public_paths()))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
