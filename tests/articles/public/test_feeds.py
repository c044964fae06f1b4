"""Feeds parse with feedparser, carry no markup from editors, and sitemap.xml validates against the sitemaps.org schema."""

from pathlib import Path

import feedparser
import pytest
from lxml import etree, html

from tests.public_content import DEMO_SLUG, FEEDS, HIDDEN_MARK

pytestmark = pytest.mark.django_db
SITEMAP_XSD = Path(__file__).resolve().parents[2] / "fixtures" / "sitemap.xsd"
NS = {"sm": "http://www.sitemaps.org/schemas/sitemap/0.9"}


@pytest.mark.parametrize("url", FEEDS)
def test_feeds_parse_and_hold_only_published_updates(client, site, url):
    response = client.get(url)
    feed = feedparser.parse(response.content)

    assert not feed.bozo, feed.get("bozo_exception")
    assert feed.version == ("atom10" if url.endswith("atom/") else "rss20")
    assert feed.feed.title.startswith("HIG Updates")
    assert [entry.link for entry in feed.entries] == [f"http://testserver/updates/{DEMO_SLUG}/"]
    entry = feed.entries[0]
    assert entry.title == site.article.title
    assert entry.published_parsed[:3] == (2026, 4, 2)
    assert {"sanctions", "China"} <= {tag.term for tag in entry.tags}
    assert HIDDEN_MARK not in response.content.decode()


def test_feed_lists_the_newest_first(client, site):
    from tests.factories import ArticleFactory

    newer = ArticleFactory(published=True, title="Newer update")

    entries = feedparser.parse(client.get("/feed/").content).entries

    assert [entry.title for entry in entries] == [newer.title, site.article.title]


def test_sitemap_validates_and_lists_only_public_pages(client, site):
    index = etree.fromstring(client.get("/sitemap.xml").content)
    schema = etree.XMLSchema(etree.parse(str(SITEMAP_XSD)))
    locations = set()
    for section in index.xpath("//sm:sitemap/sm:loc/text()", namespaces=NS):
        document = etree.fromstring(client.get(section.removeprefix("http://testserver")).content)
        assert schema.validate(document), schema.error_log
        locations |= set(document.xpath("//sm:loc/text()", namespaces=NS))
    assert {
        f"http://testserver/updates/{DEMO_SLUG}/",
        "http://testserver/",
        "http://testserver/actors/china/",
        "http://testserver/experts/remco-breuker/",
        "http://testserver/topics/sanctions/",
        "http://testserver/regions/bri-and-east-asia/",
        "http://testserver/series/regional-update/",
    } <= locations
    assert not [loc for loc in locations if "hidden" in loc]


def test_a_broken_sitemap_fails_the_schema(client, site):
    """The schema fixture is strict enough to catch a wrong element."""
    document = etree.fromstring(client.get("/sitemap-updates.xml").content)
    document[0].append(etree.Element("{http://www.sitemaps.org/schemas/sitemap/0.9}colour"))

    assert not etree.XMLSchema(etree.parse(str(SITEMAP_XSD))).validate(document)


HOSTILE_STANDFIRST = (
    "<script>alert('feed')</script> Sanctions bite. <img src=x onerror=\"alert('img')\"> "
    "<a href=\"javascript:alert('link')\">Read more</a> <svg onload=alert(1)></svg>"
)


@pytest.mark.parametrize("url", ["/feed/", "/feed/atom/"])
def test_a_standfirst_reaches_feed_readers_as_text_never_as_markup(client, db, url):
    from tests.factories import ArticleFactory

    ArticleFactory(published=True, title="Hostile standfirst", standfirst=HOSTILE_STANDFIRST)

    # What a reader receives as the item's HTML, before any sanitising of its own.
    feed = feedparser.parse(client.get(url).content, sanitize_html=False)

    assert not feed.bozo, feed.get("bozo_exception")
    summary = feed.entries[0].summary
    fragment = html.fragment_fromstring(summary, create_parent="div")
    assert [element.tag for element in fragment.iter()] == ["div"]  # no element at all, only text
    assert not [name for element in fragment.iter() for name in element.attrib]
    assert fragment.text_content() == HOSTILE_STANDFIRST  # shown as typed, as on the update's page


@pytest.mark.parametrize("url", ["/topics/{slug}/feed/", "/topics/{slug}/feed/atom/"])
def test_a_feed_about_a_hostile_name_describes_it_as_text(client, db, url):
    from tests.factories import ArticleFactory

    article = ArticleFactory(published=True)
    article.topics.set(["<img src=x onerror=alert(1)>"])
    slug = article.topics.get().slug

    feed = feedparser.parse(client.get(url.format(slug=slug)).content, sanitize_html=False)

    assert not feed.bozo, feed.get("bozo_exception")
    subtitle = feed.feed.subtitle_detail
    if subtitle.type == "text/html":  # RSS: readers may take the description as HTML
        fragment = html.fragment_fromstring(subtitle.value, create_parent="div")
        assert [element.tag for element in fragment.iter()] == ["div"]
        text = fragment.text_content()
    else:  # Atom declares its subtitle plain text
        assert subtitle.type == "text/plain"
        text = subtitle.value
    assert text.endswith("about <img src=x onerror=alert(1)>.")
