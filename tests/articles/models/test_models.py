import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from articles.models import Article, Citation, Quote, Source
from tests.factories import ActorFactory, ArticleFactory, CitationFactory, ExpertFactory, QuoteFactory, SourceFactory

pytestmark = pytest.mark.django_db


def test_article_slug_is_unique():
    ArticleFactory(slug="same")
    with pytest.raises(ValidationError, match="Another update already has this slug"):
        Article(title="Other", slug="same").validate_constraints()
    with pytest.raises(ValidationError, match="already used by"):  # what a form without the constraint's fields runs
        Article(title="Other", slug="same").clean()
    with pytest.raises(IntegrityError), transaction.atomic():
        ArticleFactory(slug="same")


def test_published_article_needs_a_publish_time():
    article = Article(title="Dated", slug="dated", status=Article.Status.PUBLISHED, publish_at=None)
    with pytest.raises(ValidationError, match="needs a publish time"):
        article.validate_constraints()
    with pytest.raises(IntegrityError), transaction.atomic():
        article.save()


def test_published_queryset_only_returns_public_articles():
    public = ArticleFactory(published=True)
    ArticleFactory()  # draft
    ArticleFactory(status=Article.Status.IN_REVIEW)
    ArticleFactory(status=Article.Status.APPROVED, publish_at=timezone.now() - datetime.timedelta(days=1))
    ArticleFactory(status=Article.Status.PUBLISHED, publish_at=timezone.now() + datetime.timedelta(minutes=5))
    ArticleFactory(status=Article.Status.ARCHIVED, publish_at=timezone.now() - datetime.timedelta(days=1))
    assert list(Article.objects.published()) == [public]
    assert public.is_public


def test_quote_is_attributed_to_exactly_one_expert_or_actor():
    article = ArticleFactory()
    neither = Quote(article=article, text="x")
    both = Quote(article=article, text="x", expert=ExpertFactory(), actor=ActorFactory())
    for quote in (neither, both):
        with pytest.raises(ValidationError, match="exactly one expert or one actor"):
            quote.validate_constraints()
        with pytest.raises(IntegrityError), transaction.atomic():
            quote.save()
    QuoteFactory(article=article)
    Quote.objects.create(article=article, actor=ActorFactory(), text="top priority")


def test_citation_order_is_unique_per_article():
    citation = CitationFactory(order=1)
    duplicate = Citation(article=citation.article, source=SourceFactory(), order=1)
    with pytest.raises(ValidationError, match="its own number"):
        duplicate.validate_constraints()
    with pytest.raises(IntegrityError), transaction.atomic():
        duplicate.save()
    CitationFactory(order=1)  # another article may use number 1


def test_source_url_is_unique_but_many_sources_may_lack_one():
    SourceFactory(url="https://example.org/a")
    with pytest.raises(ValidationError, match="URL already exists"):
        Source(url="https://example.org/a", title="Again").validate_constraints()
    with pytest.raises(IntegrityError), transaction.atomic():
        Source.objects.create(url="https://example.org/a", title="Again")
    Source.objects.create(url="", title="Placeholder one")
    Source.objects.create(url="", title="Placeholder two")


def test_public_models_have_absolute_urls():
    article = ArticleFactory()
    assert article.get_absolute_url() == f"/updates/{article.slug}/"
    assert article.series.get_absolute_url() == f"/series/{article.series.slug}/"
    assert article.region.get_absolute_url() == f"/regions/{article.region.slug}/"
    expert = ExpertFactory()
    assert expert.get_absolute_url() == f"/experts/{expert.slug}/"
