"""Actor pages: grouped list, relations timeline and SVG graph, co-mentions, the page of two actors."""

import re

import pytest
from lxml import etree

from actors.models import Actor, Mention
from actors.public.graph import articles_mentioning_both, co_mentioned_actors
from articles.models import Article
from tests.factories import ActorFactory, ArticleFactory, MentionFactory, RelationFactory
from tests.public_content import DEMO_SLUG

pytestmark = pytest.mark.django_db


def test_actor_list_is_grouped_by_kind_and_counts_published_updates(client, site):
    html = client.get("/actors/").content.decode()

    for group in ("States", "People", "Organisations", "Other actors"):
        assert f">{group}</h2>" in html
    china = re.search(r'href="/actors/china/">China</a> <span class="meta">(\d+) update', html)
    assert china.group(1) == "1"  # the demo; drafts, scheduled and archived updates do not count
    atlantis = re.search(r'href="/actors/atlantis/">Atlantis</a> <span class="meta">(\d+) update', html)
    assert atlantis.group(1) == "0"  # its only mention was rejected


def test_actor_page_shows_name_aliases_timeline_graph_and_updates(client, site):
    html = client.get("/actors/north-korea/").content.decode()

    assert "<h1>North Korea</h1>" in html and "DPRK" in html and "Pyongyang" in html
    assert 'China–North Korea</a> military alliance, <span class="timeline__when">1961–</span>' in html
    assert (
        'Russia–North Korea</a> comprehensive strategic partnership, <span class="timeline__when">2024–</span>' in html
    )
    assert '<span class="timeline__when">26 March 2026–</span>' in html
    assert html.index("1961–") < html.index("2024–") < html.index("26 March 2026")
    assert f'href="/updates/{DEMO_SLUG}/"' in html
    assert 'href="/actors/north-korea/and/china/"' in html  # often mentioned with


def test_relations_graph_is_an_svg_that_reads_without_javascript(client, site):
    html = client.get("/actors/north-korea/").content.decode()
    svg = etree.fromstring(re.search(r"<svg.*?</svg>", html, re.S).group(0))
    ns = {"svg": "http://www.w3.org/2000/svg"}

    assert svg.get("role") == "group"  # not "img": its actor links stay reachable (axe: nested-interactive)
    assert svg.find("svg:title", ns).text == "Relations of North Korea"
    names = {text.text for text in svg.iterfind(".//svg:a/svg:text", ns)}
    assert names == {"China", "Russia", "Belarus"}
    labels = {span.text for span in svg.iterfind(".//svg:tspan", ns)}
    assert {"alliance 1961", "visit 2021", "event 2025", "partnership 2024", "treaty 2026"} == labels
    assert len(svg.findall("svg:line", ns)) == 3
    assert "<script" not in html.split("<body>")[1]


def test_co_mentioned_actors_count_published_updates_and_ignore_rejected_mentions(site, django_assert_num_queries):
    china = Actor.objects.get(slug="china")
    russia = Actor.objects.get(slug="russia")
    second = ArticleFactory(published=True)
    for actor in (china, russia):
        MentionFactory(article=second, actor=actor)
    MentionFactory(article=second, actor=Actor.objects.get(slug="iran"), origin=Mention.Origin.REJECTED)

    with django_assert_num_queries(1):
        actors = list(co_mentioned_actors(china, limit=3))

    assert actors[0] == russia and actors[0].co_mentions == 2
    assert all(actor.co_mentions == 1 for actor in actors[1:])
    names = {actor.name for actor in co_mentioned_actors(china, limit=50)}
    assert "Atlantis" not in names and "China" not in names
    assert len(names) == 18
    assert not list(co_mentioned_actors(site.rejected_actor))


def test_articles_mentioning_both_skip_unpublished_and_rejected(site):
    china, north_korea = Actor.objects.get(slug="china"), Actor.objects.get(slug="north-korea")

    assert list(articles_mentioning_both(china, north_korea)) == [site.article]
    assert not list(articles_mentioning_both(china, site.rejected_actor))
    assert all(article.status == Article.Status.PUBLISHED for article in articles_mentioning_both(china, north_korea))


def test_pair_page_shows_relations_between_two_actors_and_updates_naming_both(client, site):
    html = client.get("/actors/china/and/north-korea/").content.decode()

    assert "military alliance" in html and "Xi Jinping&#x27;s first visit to North Korea" in html
    assert "Kim Jong-un at the Beijing military parade" in html
    assert "comprehensive strategic partnership" not in html  # Russia's, not theirs
    assert f'href="/updates/{DEMO_SLUG}/"' in html
    assert client.get("/actors/china/and/china/").status_code == 404
    assert client.get("/actors/china/and/nowhere/").status_code == 404


def test_pair_page_lists_updates_naming_both_twenty_a_page(client, site):
    china, north_korea = Actor.objects.get(slug="china"), Actor.objects.get(slug="north-korea")
    for number in range(21):
        update = ArticleFactory(published=True, slug=f"pair-{number:02d}", title=f"Pair update {number:02d}")
        MentionFactory(article=update, actor=china)
        MentionFactory(article=update, actor=north_korea)
    draft = ArticleFactory(title="Draft naming both")
    MentionFactory(article=draft, actor=china)
    MentionFactory(article=draft, actor=north_korea)

    first = client.get("/actors/china/and/north-korea/").content.decode()
    second = client.get("/actors/china/and/north-korea/?page=2").content.decode()

    assert first.count('<article class="item') == 20 and 'href="?page=2"' in first
    assert second.count('<article class="item') == 2  # the last copy and the demo update
    assert "Draft naming both" not in first + second


def test_relations_with_actors_without_a_public_page_stay_hidden(client, site):
    private = ActorFactory(name="Secret Service", slug="secret-service", is_published=False)
    RelationFactory(from_actor=Actor.objects.get(slug="china"), to_actor=private, label="covert deal")

    html = client.get("/actors/china/").content.decode()

    assert "Secret Service" not in html and "covert deal" not in html
