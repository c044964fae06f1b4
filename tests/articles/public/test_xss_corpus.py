"""Stored XSS: every payload of tests/fixtures/xss_payloads.txt, written through every field an
editor or expert can write, comes out inert on every page that shows it.

The payloads are batched per object (as many as a field's length allows), so a few dozen objects
carry the whole corpus through each field; each page is parsed and walked (`tests.xss`).
"""

import json
from dataclasses import dataclass, field

import lxml.etree
import pytest
from django.core import mail
from django.urls import reverse

from actors.models import Mention
from articles.editorial.comments import add_comment
from articles.editorial.revisions import record_revision
from articles.expert_review import services as review
from articles.models import Article, Citation, EditorialComment, Expert, Quote, Source
from articles.public.preview import preview_token
from tests.factories import (
    ActorFactory,
    AdminUserFactory,
    AliasFactory,
    ArticleFactory,
    ExpertUserFactory,
    MentionFactory,
    QuoteFactory,
    RegionFactory,
    SeriesFactory,
)
from tests.xss import PAYLOADS, packed, spread, unsafe_markup

pytestmark = pytest.mark.django_db

URL_PAYLOADS = [payload for payload in PAYLOADS if ":" in payload.split("(")[0] and " " not in payload.strip()] + [
    'https://example.org/"><script>alert(1)</script>',
    "https://example.org/' onmouseover='alert(1)",
    " javascript:alert(1)",
    "java\tscript:alert(1)",
    "JaVaScRiPt:alert(1)",
    "vbscript:msgbox(1)",
    "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
]


def fitted(max_length, count):
    """`count` values of at most `max_length` characters that together hold every payload."""
    chunks = packed(max_length)
    return [chunks[index % len(chunks)] for index in range(max(count, len(chunks)))]


@dataclass
class Hostile:
    articles: list
    experts: list
    actors: list
    series: list
    regions: list
    topics: list
    reviewer: Expert
    pages: dict = field(default_factory=dict)


@pytest.fixture
def hostile(db):
    """Published updates, experts, actors, sources, quotes, series, regions and topics full of payloads."""
    titles = packed(250)
    count = len(titles)
    series = [
        SeriesFactory(name=name, slug=f"series-{index}", description=description)
        for index, (name, description) in enumerate(zip(packed(120), spread(len(packed(120))), strict=True))
    ]
    regions = [
        RegionFactory(name=name, slug=f"region-{index}", description=description)
        for index, (name, description) in enumerate(zip(packed(120), spread(len(packed(120))), strict=True))
    ]
    names, bios = packed(150), spread(len(packed(150)))
    titles_200, areas = fitted(200, len(names)), fitted(300, len(names))
    experts = [
        Expert.objects.create(
            name=name,
            slug=f"expert-{index}",
            title=titles_200[index],
            role=titles_200[-index - 1],
            bio=bios[index],
            areas=areas[index],
            email=f"expert{index}@example.org",
        )
        for index, name in enumerate(names)
    ]
    reviewer = experts[0]
    reviewer.user = ExpertUserFactory(username="hostile-expert")
    reviewer.save(update_fields=["user"])
    actor_names = packed(200)
    actors = [
        ActorFactory(name=name, slug=f"actor-{index}", description=description)
        for index, (name, description) in enumerate(zip(actor_names, spread(len(actor_names)), strict=True))
    ]
    for index, text in enumerate(packed(200)):
        AliasFactory(actor=actors[index % len(actors)], text=text)
    topics = packed(100)
    standfirsts, questions, bodies = spread(count), spread(count, separator=" "), spread(count)
    articles = []
    for index, title in enumerate(titles):
        article = ArticleFactory(
            published=True,
            title=title,
            slug=f"hostile-{index}",
            standfirst=standfirsts[index],
            research_question=questions[index],
            body=bodies[index],
            series=series[index % len(series)],
            region=regions[index % len(regions)],
        )
        article.topics.set(topics[index::count])
        article.authors.add(*experts[index::count])
        for actor in actors[index::count]:
            MentionFactory(article=article, actor=actor, origin=Mention.Origin.MANUAL)
        articles.append(article)
    # Quotes: approved (public pull quotes and attribution marks) and, for the reviewer, awaiting review
    # with a hostile note and proposed wording.
    quote_texts = spread(len(experts), separator=" ")
    for index, expert in enumerate(experts):
        QuoteFactory(
            article=articles[index % count], expert=expert, text=quote_texts[index], status=Quote.Status.APPROVED
        )
    notes = spread(count, separator=" ")
    for index, article in enumerate(articles):
        QuoteFactory(
            article=article,
            expert=reviewer,
            text=f"pending {index} {notes[index]}",
            status=Quote.Status.CHANGES_REQUESTED,
            reviewer_note=notes[index],
            proposed_text=notes[-index - 1],
        )
        QuoteFactory(article=article, expert=reviewer, text=f"waiting {index} {notes[index]}")
    # Sources: hostile titles, publishers and URLs, cited by the updates.
    source_titles, publishers = packed(300), fitted(200, len(packed(300)))
    for index in range(max(len(source_titles), len(URL_PAYLOADS))):
        source = Source.objects.create(
            title=source_titles[index % len(source_titles)],
            publisher=publishers[index % len(publishers)],
            url=URL_PAYLOADS[index] if index < len(URL_PAYLOADS) else f"https://example.org/{index}",
        )
        article = articles[index % count]
        Citation.objects.create(
            article=article, source=source, order=article.citations.count() + 1, cited_text=source.title[:500]
        )
    return Hostile(articles, experts, actors, series, regions, topics, reviewer)


def change_url(obj):
    return reverse(f"admin:{obj._meta.app_label}_{obj._meta.model_name}_change", args=[obj.pk])


def problems_on(client, urls, *, parse=unsafe_markup):
    """{url: problems} for every url whose page is not inert; each page must answer 200."""
    found = {}
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, f"{url} answered {response.status_code}"
        problems = parse(response.content)
        if problems:
            found[url] = problems
    return found


def report(found):
    return "payloads came out live:\n" + json.dumps(found, indent=1, ensure_ascii=False)[:20000]


def test_public_pages_render_every_payload_inert(client, hostile):
    urls = [
        "/",
        "/experts/",
        "/actors/",
        *(article.get_absolute_url() for article in hostile.articles),
        *(expert.get_absolute_url() for expert in hostile.experts),
        *(actor.get_absolute_url() for actor in hostile.actors),
        reverse("actor-pair", args=[hostile.actors[0].slug, hostile.actors[1].slug]),
        *(reverse("series-detail", args=[series.slug]) for series in hostile.series),
        *(reverse("region-detail", args=[region.slug]) for region in hostile.regions),
        *(reverse("topic-detail", args=[topic.slug]) for topic in Article.topics.all()),
        "/search/?q=alert",
        *(reverse("search") + "?" + f"q={payload}" for payload in PAYLOADS[::7]),
    ]
    found = problems_on(client, urls)
    assert found == {}, report(found)


def read_as_html(element):
    """Whether feed readers render the element's text as HTML: an RSS item's description (the channel's
    is a plain sentence), Atom text of type html."""
    parent = element.getparent()
    in_item = parent is not None and lxml.etree.QName(parent).localname == "item"
    return (in_item and lxml.etree.QName(element).localname == "description") or element.get("type") in (
        "html",
        "xhtml",
    )


def feed_problems(content):
    """Feeds are XML; the HTML inside them (what a feed reader renders as HTML) must be inert."""
    root = lxml.etree.fromstring(content)
    problems = []
    for element in root.iter():
        if isinstance(element.tag, str) and element.text and read_as_html(element):
            problems += unsafe_markup(f"<div>{element.text}</div>")
        for name, value in element.attrib.items():
            if name == "href" and value.lower().startswith(("javascript", "data", "vbscript")):
                problems.append(f"a {value[:20]} link in <{element.tag}>")
    return problems


def test_feeds_and_the_sitemap_are_well_formed_and_inert(client, hostile):
    urls = [
        reverse("site-feed"),
        reverse("site-feed-atom"),
        "/sitemap.xml",
        *(f"/sitemap-{section}.xml" for section in ("updates", "experts", "actors", "series", "regions", "topics")),
        *(
            reverse(f"{kind}-feed{suffix}", args=[obj.slug])
            for suffix in ("", "-atom")
            for kind, obj in [
                ("expert", hostile.experts[1]),
                ("actor", hostile.actors[1]),
                ("series", hostile.series[1]),
                ("region", hostile.regions[1]),
            ]
        ),
        *(reverse("topic-feed", args=[topic.slug]) for topic in Article.topics.all()[:3]),
    ]
    found = problems_on(client, urls, parse=feed_problems)
    assert found == {}, report(found)


def test_previews_and_the_back_office_render_every_payload_inert(client, hostile):
    admin = AdminUserFactory()
    for article in hostile.articles:
        add_comment(article, by=admin, body=article.research_question)
    revisions = [record_revision(article, by=admin) for article in hostile.articles]
    client.force_login(admin)
    changelists = [
        "articles_article", "articles_expert", "articles_source", "articles_quote", "articles_series",
        "articles_region", "articles_citation", "articles_editorialcomment", "taggit_tag", "actors_actor",
        "actors_alias", "actors_mention",
    ]  # fmt: skip
    # Every name is on a changelist; change pages (Django's widgets around the project's panels) for
    # a stride of each model's objects, so the test stays quick.
    tags = list(Article.topics.all())
    urls = [
        reverse("admin:index"),
        *(reverse(f"admin:{name}_changelist") for name in changelists),
        reverse("admin:articles_quote_pending_reviews"),
        *(reverse("article-preview", args=[preview_token(revision)]) for revision in revisions),
        *(reverse("admin:articles_article_preview", args=[r.article_id, r.number]) for r in revisions[::5]),
        *(reverse("admin:articles_article_revisions", args=[article.pk]) for article in hostile.articles[::5]),
        *(change_url(article) for article in hostile.articles[::4]),
        *(change_url(expert) for expert in hostile.experts[::8]),
        *(change_url(actor) for actor in hostile.actors[::8]),
        *(change_url(source) for source in Source.objects.all()[::4]),
        *(change_url(quote) for quote in Quote.objects.filter(expert=hostile.reviewer)[::8]),
        *(change_url(taxon) for taxon in [*hostile.series[::15], *hostile.regions[7::15], *tags[::15]]),
        *(change_url(comment) for comment in EditorialComment.objects.all()[:2]),
    ]
    found = problems_on(client, urls)
    assert found == {}, report(found)


def test_the_review_pages_and_the_emails_keep_payloads_inert(client, hostile):
    article = hostile.articles[0]
    link = review.review_link_for(hostile.reviewer, article, by=None)
    found = problems_on(client, [link])
    client.force_login(hostile.reviewer.user)
    found |= problems_on(client, ["/review/"])
    assert found == {}, report(found)

    mail.outbox = []
    editor = AdminUserFactory()
    for hostile_article in hostile.articles:
        review.send_review_request(hostile.reviewer, hostile_article, by=editor)
        add_comment(hostile_article, by=AdminUserFactory(), body=hostile_article.body)
    assert len(mail.outbox) >= len(hostile.articles)
    for message in mail.outbox:
        assert "\n" not in message.subject and "\r" not in message.subject
        assert message.content_subtype == "plain" and not getattr(message, "alternatives", [])
