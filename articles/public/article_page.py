"""An update's public page: the one place that builds and renders it.

The public view (`ArticleDetailView`) and every preview (`articles/preview.py`)
go through `article_page_context`, so a preview shows exactly what readers
would see. `article` is an Article loaded with
`public.article_for_reading()`, or a preview's Article built from a revision
(`preview.article_from_revision`); either holds `citations`, `topics` and
`authors` prefetched, and `public_mentions` and `public_quotes` as lists.
"""

import math

from django.shortcuts import render
from django.utils.cache import add_never_cache_headers

from articles.public import queries as public
from articles.public import seo
from articles.public.rendering import render_body

ARTICLE_TEMPLATE = "articles/article_detail.html"
PREVIEW_TEMPLATE = "articles/article_preview.html"  # the public template plus noindex and a banner
WORDS_PER_MINUTE = 230


def article_page_context(request, article):
    citations = list(article.citations.all())
    actors = [mention.actor for mention in article.public_mentions]
    topics = list(article.topics.all())
    image = seo.shared_image(request, article.lead_image)
    images = public.library_images(article.body)
    return {
        "article": article,
        "body": render_body(article.body, citations=citations, quotes=article.public_quotes, images=images),
        "citations": citations,
        "quoted_experts": list(dict.fromkeys(quote.expert for quote in article.public_quotes)),
        "actors": actors,
        "topics": topics,
        "related": public.related_articles(article),
        "reading_minutes": max(1, math.ceil(len(article.body.split()) / WORDS_PER_MINUTE)),
        "meta": seo.page_meta(
            request,
            title=article.title,
            description=article.standfirst,
            og_type="article",
            json_ld=seo.article_ld(article, request, actors=actors, topics=topics, image=image),
            article=article,
            tags=[topic.name for topic in topics],
            image=image,
        ),
    }


def render_article_page(request, article, *, preview=False, revision=None):
    """The page of `article`; a preview is marked noindex and never cached."""
    context = {**article_page_context(request, article), "preview": preview, "revision": revision}
    response = render(request, PREVIEW_TEMPLATE if preview else ARTICLE_TEMPLATE, context)
    if preview:
        mark_private(response)
    return response


def mark_private(response):
    add_never_cache_headers(response)
    response["X-Robots-Tag"] = "noindex"
    return response
