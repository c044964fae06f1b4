"""An expert's approval belongs to exact words: whatever path changes an approved item's text sends it back to them.

The write path (`articles.editorial.saving.changing_article`) does it on leaving, one place for
every path; an item whose words are those of its last approval stays approved.
"""

import pytest
from django.urls import reverse

from articles.editorial import workflow
from articles.editorial.new_versions import restore_revision
from articles.editorial.saving import changing_article, save_article
from articles.expert_review import services as review
from articles.models import Article, QuoteDecision
from tests.articles.editorial.test_concurrency import change_form_data
from tests.factories import EditorFactory

pytestmark = pytest.mark.django_db

D = QuoteDecision.Decision
NEW_WORDS = "multilateral mini-UN"


@pytest.fixture
def approved_item(article, quote, expert):
    """Breuker's quote in `article`, approved by him as it reads."""
    save_article(article, by=EditorFactory(), expected_version=article.version, comment="Before the approval")
    return review.approve_quote(quote, by=None, expert=expert)


def reword_in_the_body(article):
    article.body = article.body.replace("multilateral mini UN", NEW_WORDS)


def through_the_write_path(article, quote, client, editor):
    reword_in_the_body(article)
    with changing_article(article, by=editor, expected_version=article.version, comment="Some code"):
        type(quote).objects.filter(pk=quote.pk).update(text=NEW_WORDS)


def through_the_inline(article, quote, client, editor):
    url = reverse("admin:articles_article_change", args=[article.pk])
    page = client.get(url)
    body = article.body.replace("multilateral mini UN", NEW_WORDS)
    words = {"quotes-0-text": NEW_WORDS, "quotes-0-position": 0}  # the helper drops falsy values
    response = client.post(url, change_form_data(page, body=body, **words))
    assert response.status_code == 302, response.context["adminform"].form.errors


def through_the_quote_page(article, quote, client, editor):
    url = reverse("admin:articles_quote_change", args=[quote.pk])
    form = client.get(url).context["adminform"].form
    data = {name: form[name].value() for name in form.fields if form[name].value() is not None}
    response = client.post(url, {**data, "text": NEW_WORDS})
    assert response.status_code == 302, response.context["adminform"].form.errors


def through_a_restore(article, quote, client, editor):
    """A revision holds other words than those the expert approved last: restoring it brings them back."""
    body = article.body
    reword_in_the_body(article)
    with changing_article(article, by=editor, expected_version=article.version, comment="Reworded"):
        type(quote).objects.filter(pk=quote.pk).update(text=NEW_WORDS)
    reworded = article.revisions.first()
    article.body = body
    with changing_article(article, by=editor, expected_version=article.version, comment="Back to the old words"):
        type(quote).objects.filter(pk=quote.pk).update(text="multilateral mini UN")
    review.approve_quote(quote, by=None, expert=quote.expert)  # approved as it reads again
    article.refresh_from_db()
    restore_revision(reworded, by=editor, expected_version=article.version)


PATHS = [through_the_write_path, through_the_inline, through_the_quote_page, through_a_restore]


@pytest.mark.parametrize("change", PATHS, ids=lambda path: path.__name__.replace("_", " "))
def test_changed_words_go_back_to_the_expert_and_block_publishing(change, approved_item, editor, editor_client):
    article = approved_item.article
    change(article, approved_item, editor_client, editor)

    approved_item.refresh_from_db()
    assert (approved_item.text, approved_item.status) == (NEW_WORDS, "pending")
    latest, before = approved_item.decisions.all()[:2]
    assert (latest.decision, latest.decided_by, latest.text) == (D.WITHDRAWN, editor, NEW_WORDS)
    assert before.decision == D.APPROVED  # recorded once, whichever service saw the change first

    article = Article.objects.get(pk=article.pk)
    if article.status == "draft":
        workflow.submit_for_review(article, by=editor)
    workflow.approve_article(article, by=EditorFactory())
    with pytest.raises(workflow.PublishBlocked, match="Remco Breuker has not yet approved “multilateral mini-UN”"):
        workflow.publish_article(article, by=EditorFactory())
    assert not Article.objects.published().exists()


def test_words_as_approved_stay_approved(approved_item, editor):
    article = approved_item.article
    article.title = "Another title"
    save_article(article, by=editor, expected_version=article.version)
    approved_item.refresh_from_db()
    assert approved_item.status == "approved"
    assert not approved_item.decisions.filter(decision=D.WITHDRAWN).exists()


def test_accepted_wording_is_approved_as_it_now_reads(approved_item, expert, editor):
    review.propose_wording(approved_item, by=None, expert=expert, text=NEW_WORDS)
    review.accept_proposed_wording(approved_item, by=editor)
    approved_item.refresh_from_db()
    assert (approved_item.text, approved_item.status) == (NEW_WORDS, "approved")
    assert not approved_item.decisions.filter(decision=D.WITHDRAWN).exists()


def test_an_item_approved_before_decisions_were_kept_has_nothing_to_compare_and_is_left(article, quote, editor):
    type(quote).objects.filter(pk=quote.pk).update(status="approved")
    reword_in_the_body(article)
    with changing_article(article, by=editor, expected_version=article.version):
        type(quote).objects.filter(pk=quote.pk).update(text=NEW_WORDS)
    quote.refresh_from_db()
    assert quote.status == "approved" and not quote.decisions.exists()
