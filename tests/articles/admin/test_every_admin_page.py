"""Every admin page answers 200 for an admin, in a number of queries that does not grow with the data."""

import pytest
from django.contrib import admin
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from actors.models import Actor
from articles.models import (
    Article,
    ArticleRedirect,
    EditorialComment,
    QuoteDecision,
    Revision,
    StatusChange,
)
from tests.factories import (
    ActorFactory,
    AdminUserFactory,
    AliasFactory,
    ArticleFactory,
    CitationFactory,
    EditorFactory,
    ExpertFactory,
    MentionFactory,
    QuoteFactory,
    RelationFactory,
)
from tests.pictures import library_image

pytestmark = pytest.mark.django_db

REGISTERED = sorted(admin.site._registry, key=lambda model: model._meta.label)


def grow(n):
    """Add n rows to every table, half of them hanging off one article and one actor."""
    article = Article.objects.filter(slug="big").first() or ArticleFactory(slug="big")
    actor = Actor.objects.filter(slug="big").first() or ActorFactory(slug="big")
    for _ in range(n):
        other = ArticleFactory()
        other.topics.add(f"topic {other.pk}")
        QuoteFactory(article=article)
        CitationFactory(article=article)
        MentionFactory(article=article)
        MentionFactory(article=other, actor=actor)
        AliasFactory(actor=actor)
        RelationFactory(from_actor=actor)
        quote = QuoteFactory(article=other, expert=ExpertFactory())
        QuoteDecision.objects.create(quote=quote, decision="approved", text=quote.text)
        Revision.objects.create(article=other, number=1, data={})
        StatusChange.objects.create(article=other, from_status="draft", to_status="in_review")
        EditorialComment.objects.create(article=other, body="Looks good.")
        ArticleRedirect.objects.create(article=other, old_slug=f"old-{other.slug}")
        other.lead_image = library_image(120, 80)
        other.save(update_fields=["lead_image"])
    article.topics.add("big topic")


def page_urls(model):
    opts = model._meta
    urls = [
        reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist"),
        reverse(f"admin:{opts.app_label}_{opts.model_name}_add"),
    ]
    obj = model.objects.filter(slug="big").first() if hasattr(model, "slug") else None
    obj = obj or model.objects.order_by("pk").first()
    if obj is None:  # a third-party model the tests have no rows for (task results)
        return urls
    urls.append(reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk]))
    return urls


def measure(client, urls):
    counts = {}
    for url in urls:
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        assert response.status_code in (200, 403), (url, response.status_code)
        counts[url] = (response.status_code, len(queries))
    return counts


@pytest.mark.parametrize("model", REGISTERED, ids=lambda model: model._meta.label)
def test_admin_pages_load_in_constant_queries(client, model):
    client.force_login(AdminUserFactory())
    grow(5)
    urls = page_urls(model)
    measure(client, urls)  # warm the content-type and permission caches
    small = measure(client, urls)
    grow(45)
    large = measure(client, urls)
    assert large == small
    # Only the read-only history models refuse the add page.
    assert all(status == 200 for url, (status, _) in small.items() if not url.endswith("/add/")), small


def test_a_new_update_is_owned_by_the_editor_who_starts_it(client):
    editor = EditorFactory()
    client.force_login(editor)
    response = client.get(reverse("admin:articles_article_add"))
    assert response.context["adminform"].form.initial["owner"] == editor.pk
