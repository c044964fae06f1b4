"""Quotes, citations and mentions edited on their own admin pages change their update through the write path."""

import pytest

from articles.editorial.saving import StaleArticle, save_article
from articles.models import Article, Citation, Revision
from tests.factories import CitationFactory, EditorFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff_client(client):
    client.force_login(EditorFactory())
    return client


def quote_form(quote, **changes):
    data = {
        "article": quote.article_id,
        "position": quote.position,
        "expert": quote.expert_id or "",
        "actor": quote.actor_id or "",
        "kind": quote.kind,
        "text": quote.text,
        "source": quote.source_id or "",
    }
    return data | changes


def test_editing_a_quote_on_its_page_raises_the_update_version_and_keeps_a_revision(staff_client, quote):
    article = quote.article
    response = staff_client.post(
        f"/admin/articles/quote/{quote.pk}/change/", quote_form(quote, text="multilateral mini UN of autocracies")
    )
    assert response.status_code == 302
    stored = Article.objects.get(pk=article.pk)
    assert stored.version == article.version + 1
    revision = Revision.objects.filter(article=article).first()
    assert revision.comment == "Quote edited on its page"
    assert [q["text"] for q in revision.data["quotes"]] == ["multilateral mini UN of autocracies"]


def test_an_update_form_opened_before_a_quote_edit_is_refused_as_stale(staff_client, quote, editor):
    opened = quote.article.version
    staff_client.post(f"/admin/articles/quote/{quote.pk}/change/", quote_form(quote, text="a mini UN"))
    with pytest.raises(StaleArticle):
        save_article(Article.objects.get(pk=quote.article_id), by=editor, expected_version=opened)


def test_deleting_citations_from_their_list_changes_each_update_once(staff_client):
    first, second = CitationFactory(), CitationFactory()
    versions = {c.article_id: c.article.version for c in (first, second)}
    response = staff_client.post(
        "/admin/articles/citation/",
        {"action": "delete_selected", "_selected_action": [first.pk, second.pk], "post": "yes"},
    )
    assert response.status_code == 302
    assert not Citation.objects.exists()
    for article in Article.objects.filter(pk__in=versions):
        assert article.version == versions[article.pk] + 1
        assert article.revisions.first().data["citations"] == []
