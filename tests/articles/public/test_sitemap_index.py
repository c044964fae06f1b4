"""sitemap.xml is an index of sections; a section over its limit is paginated (`?p=2`), and the index lists each page."""

import pytest
from lxml import etree

from articles.public.sitemaps import SITEMAPS, ArticleSitemap
from tests.factories import ArticleFactory
from tests.public_content import HIDDEN_MARK

pytestmark = pytest.mark.django_db
NS = {"sm": "http://www.sitemaps.org/schemas/sitemap/0.9"}


def locations(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return response, etree.fromstring(response.content).xpath("//sm:loc/text()", namespaces=NS)


def test_the_index_lists_every_section(client, site):
    response, sections = locations(client, "/sitemap.xml")

    assert b"<sitemapindex" in response.content
    assert sections == [f"http://testserver/sitemap-{name}.xml" for name in SITEMAPS]
    for section in sections:
        assert client.get(section.removeprefix("http://testserver")).status_code == 200


def test_a_section_over_its_limit_is_paginated_and_the_index_lists_its_pages(client, site, monkeypatch):
    monkeypatch.setattr(ArticleSitemap, "limit", 2)
    extra = [ArticleFactory(published=True, slug=f"paged-{n}") for n in range(3)]  # with the demo: four updates

    _, sections = locations(client, "/sitemap.xml")
    _, first = locations(client, "/sitemap-updates.xml")
    _, second = locations(client, "/sitemap-updates.xml?p=2")

    assert "http://testserver/sitemap-updates.xml" in sections
    assert "http://testserver/sitemap-updates.xml?p=2" in sections
    assert "http://testserver/sitemap-updates.xml?p=3" not in sections
    assert len(first) == len(second) == 2 and not set(first) & set(second)
    assert {f"http://testserver/updates/{update.slug}/" for update in extra} <= set(first) | set(second)
    assert client.get("/sitemap-updates.xml?p=3").status_code == 404
    assert client.get("/sitemap-nothing.xml").status_code == 404


def test_drafts_never_appear_in_the_index_or_any_section(client, site, monkeypatch):
    monkeypatch.setattr(ArticleSitemap, "limit", 1)
    _, sections = locations(client, "/sitemap.xml")

    for section in sections:
        text = client.get(section.removeprefix("http://testserver")).content.decode()
        assert "hidden-" not in text and HIDDEN_MARK.lower() not in text


def test_robots_txt_still_names_the_index(client, db):
    assert "Sitemap: http://testserver/sitemap.xml\n" in client.get("/robots.txt").content.decode()


def test_the_index_is_cheap_and_pages_of_a_section_are_cached_apart(
    client, site, monkeypatch, django_assert_max_num_queries
):
    monkeypatch.setattr(ArticleSitemap, "limit", 1)
    first = client.get("/sitemap-updates.xml?p=1").content

    assert client.get("/sitemap-updates.xml?p=2&utm_source=x").content != first
    with django_assert_max_num_queries(1):
        assert client.get("/sitemap-updates.xml?utm_source=y&p=1").content == first
