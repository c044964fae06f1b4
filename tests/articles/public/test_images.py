"""Images on the public page: the lead image and body images with srcset, sizes, width, height and alt;
the page's OpenGraph, Twitter and JSON-LD image a 1200-wide rendition."""

import json
import re

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from articles.public.rendering import render_body
from tests.factories import ArticleFactory
from tests.pictures import library_image

pytestmark = pytest.mark.django_db


def page(client, article):
    response = client.get(article.get_absolute_url())
    assert response.status_code == 200
    return response.content.decode()


def test_the_lead_image_shows_with_srcset_alt_and_its_size(client):
    image = library_image(2000, 1000, caption="Kim Jong-un beside Xi Jinping.", credit="Photo: Xinhua")
    article = ArticleFactory(published=True, lead_image=image)
    html = page(client, article)
    lead = re.search(r'<figure class="figure figure--lead">.*?</figure>', html, re.S).group(0)
    img = re.search(r"<img [^>]+>", lead).group(0)
    srcset = re.search(r'srcset="([^"]+)"', img).group(1)
    assert [entry.rsplit(" ", 1)[1] for entry in srcset.split(", ")] == ["480w", "800w", "1200w", "1600w"]
    assert 'sizes="(min-width: 40rem) 38rem, calc(100vw - 2.5rem)"' in img
    assert 'width="1200" height="600"' in img  # the size of `src`, so the box is reserved before it loads
    assert f'alt="{image.alt_text}"' in img
    assert 'fetchpriority="high"' in img and "loading=" not in img  # above the fold: not lazy
    assert "Kim Jong-un beside Xi Jinping." in lead and "Photo: Xinhua" in lead
    assert "style=" not in lead


def test_the_shared_image_is_the_1200_wide_rendition(client):
    image = library_image(2400, 1350)
    article = ArticleFactory(published=True, lead_image=image)
    html = page(client, article)
    share = image.rendition(1200)
    assert share.width == 1200
    url = f"http://testserver{share.file.url}"
    assert f'<meta property="og:image" content="{url}">' in html
    assert '<meta property="og:image:width" content="1200">' in html
    assert '<meta property="og:image:height" content="675">' in html
    assert f'<meta property="og:image:alt" content="{image.alt_text}">' in html
    assert '<meta name="twitter:card" content="summary_large_image">' in html
    assert f'<meta name="twitter:image" content="{url}">' in html
    data = json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S).group(1))
    assert data["image"] == {"@type": "ImageObject", "url": url, "width": 1200, "height": 675}


def test_a_page_without_an_image_has_no_image_tags(client):
    html = page(client, ArticleFactory(published=True))
    assert "og:image" not in html and '<meta name="twitter:card" content="summary">' in html


def test_body_images_become_figures_or_inline_images_and_unknown_ones_are_left_out():
    alone, inline = library_image(1000, 500, caption="The border."), library_image(600, 300, alt_text="A flag")
    body = (
        f"Before.\n\n![]({alone.markdown.split('(')[1]}\n\n"
        f"A flag ![the North Korean flag](image:{inline.pk}) in text.\n\n"
        "![gone](image:999999)\n\nAfter ![x](image:999998)."
    )
    html = str(render_body(body, images={alone.pk: alone, inline.pk: inline}).html)
    figure = re.search(r'<figure class="figure">(.*?)</figure>', html, re.S).group(1)
    assert f'alt="{alone.alt_text}"' in figure  # no alt in the Markdown: the library's
    assert 'loading="lazy"' in figure and "480w" in figure and "1000w" in figure
    assert '<figcaption class="figure__caption"><span class="figure__text">The border.</span>' in figure
    assert "<p><figure" not in html  # a figure is never inside a paragraph
    assert re.search(r'<p>A flag <img [^>]*alt="the North Korean flag"[^>]*> in text\.</p>', html)
    assert "999999" not in html and "gone" not in html and "<p>After .</p>" in html


def test_an_editors_raw_image_keeps_only_the_allowed_attributes():
    html = str(
        render_body(
            '<img src="https://example.org/a.png" srcset="https://example.org/a.png 2x" style="x" onerror="alert(1)">'
        ).html
    )
    assert 'srcset="https://example.org/a.png 2x"' in html
    assert "style" not in html and "onerror" not in html


def test_images_cost_the_same_queries_however_many_the_page_shows(client):
    def queries(article):
        cache.clear()
        with CaptureQueriesContext(connection) as context:
            page(client, article)
        return len(context)

    one = [library_image(800, 400)]
    three = [library_image(800, 400) for _ in range(3)]
    few = ArticleFactory(published=True, lead_image=one[0], body=f"Text.\n\n![](image:{one[0].pk})")
    many = ArticleFactory(
        published=True, lead_image=three[0], body="\n\n".join(f"![](image:{image.pk})" for image in three)
    )
    assert queries(few) == queries(many)
