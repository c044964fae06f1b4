"""Review links are stored and revocable: each is refused once revoked, expired, sent to an address that is
no longer the expert's, or when the expert's account is inactive; an item whose words changed since it was
sent cannot be answered through it; a decision made through it records the link, not an account."""

import datetime

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from articles.expert_review import services as review
from articles.models import Quote, ReviewLink
from articles.signed_links import make_token
from tests.factories import ArticleFactory, EditorFactory, ExpertFactory, ExpertWithAccountFactory, QuoteFactory

pytestmark = pytest.mark.django_db

SECOND = "has gained a more powerful position"  # also in the body of `article`


def token_in(path):
    return path.removeprefix("/review/t/").rstrip("/")


def act(client, token, quote, action="approve", **data):
    return client.post(reverse("review:token-act", kwargs={"token": token, "pk": quote.pk, "action": action}), data)


@pytest.fixture
def second(article, expert):
    return QuoteFactory(article=article, expert=expert, text=SECOND, position=1)


@pytest.fixture
def sent(quote, second, expert, article, editor):
    """A link sent by the editor to Breuker for his two items."""
    return token_in(review.review_link_for(expert, article, by=editor))


def test_a_link_is_stored_with_its_address_sender_and_the_words_it_was_sent_for(sent, quote, second, editor):
    link = ReviewLink.objects.get()
    assert (link.sent_to, link.sent_by, link.revoked_at) == ("breuker@example.org", editor, None)
    assert link.items == {str(quote.pk): "multilateral mini UN", str(second.pk): SECOND}
    assert link.expires_at - link.created_at == review.REVIEW_LINK_MAX_AGE
    assert review.verify_review_token(sent) == link
    assert link.state == ReviewLink.State.ACTIVE


def test_a_decision_through_a_link_records_the_link_not_the_experts_account(client, article, editor):
    expert = ExpertWithAccountFactory(name="Remco Breuker")
    quote = QuoteFactory(article=article, expert=expert, text="multilateral mini UN")
    token = token_in(review.review_link_for(expert, article, by=editor))
    assert act(client, token, quote).status_code == 302
    decision = quote.decisions.get()
    assert decision.via_link == ReviewLink.objects.get()
    assert decision.decided_by is None
    assert decision.made_by.startswith("through the link sent to ") and expert.user.email in decision.made_by


def test_a_revoked_link_is_refused(client, sent, quote, editor):
    ReviewLink.objects.get().revoke(by=editor)
    with pytest.raises(review.InvalidReviewLink, match="revoked"):
        review.verify_review_token(sent)
    for response in (client.get(f"/review/t/{sent}/"), act(client, sent, quote)):
        assert response.status_code == 403
        assert "has been revoked" in response.content.decode()
        assert "multilateral mini UN" not in response.content.decode()
    quote.refresh_from_db()
    assert quote.status == Quote.Status.PENDING


def test_revoking_all_of_an_experts_links_leaves_other_experts_links_working(sent, expert, article, editor):
    another = token_in(review.review_link_for(expert, ArticleFactory(), by=None))
    wits = ExpertFactory(name="Casper Wits", email="wits@example.org")
    QuoteFactory(article=article, expert=wits, text=SECOND)
    theirs = token_in(review.review_link_for(wits, article, by=editor))

    assert ReviewLink.objects.filter(expert=expert).revoke(by=editor) == 2

    for token in (sent, another):
        with pytest.raises(review.InvalidReviewLink, match="revoked"):
            review.verify_review_token(token)
    assert review.verify_review_token(theirs).expert == wits
    revoked = ReviewLink.objects.filter(expert=expert)
    assert {(link.revoked_by, link.state) for link in revoked} == {(editor, ReviewLink.State.REVOKED)}


def test_an_item_whose_words_changed_since_the_link_was_sent_cannot_be_answered_through_it(
    client, sent, quote, second, editor
):
    review.edit_quote_text(quote, text="multilateral mini-UN", by=editor)

    page = client.get(f"/review/t/{sent}/")
    assert page.status_code == 200
    content = page.content.decode()
    assert "changed this item after this link was sent" in content
    assert content.count('<button type="submit">Approve</button>') == 1  # the unchanged item only

    response = act(client, sent, quote)
    assert response.status_code == 302
    quote.refresh_from_db()
    assert quote.status == Quote.Status.PENDING and not quote.decisions.exists()
    assert "changed this item after this link was sent" in client.get(response["Location"]).content.decode()

    with pytest.raises(review.ReviewError, match="changed this item after this link was sent"):
        review.propose_wording(
            quote, by=None, expert=quote.expert, text="other words", via_link=ReviewLink.objects.get()
        )

    assert act(client, sent, second).status_code == 302
    second.refresh_from_db()
    assert second.status == Quote.Status.APPROVED


def test_an_item_added_after_the_link_was_sent_is_not_reachable_through_it(client, sent, article, expert):
    later = QuoteFactory(article=article, expert=expert, text="Kim Jong-un")
    assert "Kim Jong-un" not in client.get(f"/review/t/{sent}/").content.decode()
    assert act(client, sent, later).status_code == 404
    assert not later.decisions.exists()


def test_a_link_of_an_expert_whose_account_is_inactive_is_refused(client, article, editor):
    expert = ExpertWithAccountFactory(name="Remco Breuker")
    quote = QuoteFactory(article=article, expert=expert, text="multilateral mini UN")
    token = token_in(review.review_link_for(expert, article, by=editor))
    expert.user.is_active = False
    expert.user.save()
    with pytest.raises(review.InvalidReviewLink, match="inactive"):
        review.verify_review_token(token)
    assert act(client, token, quote).status_code == 403
    assert not quote.decisions.exists()


def test_a_link_sent_to_an_address_that_is_no_longer_the_experts_is_refused(sent, expert):
    """However the address changed (here without the identity service): the link was for the old one."""
    expert.email = "new@example.org"
    expert.save()
    with pytest.raises(review.InvalidReviewLink, match="no longer the expert's"):
        review.verify_review_token(sent)


def test_the_stored_expiry_is_what_counts(sent):
    now = timezone.now()
    ReviewLink.objects.update(
        created_at=now - datetime.timedelta(days=1), expires_at=now - datetime.timedelta(minutes=1)
    )
    with pytest.raises(review.InvalidReviewLink, match="expired"):
        review.verify_review_token(sent)
    assert ReviewLink.objects.get().state == ReviewLink.State.EXPIRED


def test_an_expired_token_is_refused(quote, expert, article):
    with time_machine.travel(timezone.now() - datetime.timedelta(days=3), tick=False):
        token = token_in(review.review_link_for(expert, article, by=None, max_age=datetime.timedelta(days=2)))
    with pytest.raises(review.InvalidReviewLink, match="expired"):
        review.verify_review_token(token)


def test_a_link_of_the_old_format_is_refused_with_a_clear_message(client, quote, expert, article):
    old = make_token(review.REVIEW_LINK_SALT, {"expert": expert.pk, "article": article.pk}, max_age=3600)
    with pytest.raises(review.InvalidReviewLink, match="older kind of review link"):
        review.verify_review_token(old)
    response = client.get(f"/review/t/{old}/")
    assert response.status_code == 403 and "older kind of review link" in response.content.decode()


def test_a_link_needs_an_address(quote, article):
    silent = ExpertFactory(name="No Address")
    with pytest.raises(review.ReviewError, match="has no email address"):
        review.review_link_for(silent, article, by=EditorFactory())
    assert not ReviewLink.objects.exists()


def test_token_pages_are_never_stored(client, sent, quote):
    page = client.get(f"/review/t/{sent}/")
    refused = client.get(f"/review/t/{sent[:-2]}xx/")
    acted = act(client, sent, quote)
    for response in (page, refused, acted):
        assert "no-store" in response["Cache-Control"], response.status_code


def test_two_links_under_the_same_prefix_never_serve_each_others_page(client, article, quote, expert, editor):
    wits = ExpertFactory(name="Casper Wits", email="wits@example.org")
    QuoteFactory(article=article, expert=wits, text=SECOND)
    mine = token_in(review.review_link_for(expert, article, by=editor))
    theirs = token_in(review.review_link_for(wits, article, by=editor))
    for _ in range(2):  # the second round would come from any cache that stored the first
        first, other = client.get(f"/review/t/{mine}/").content.decode(), client.get(f"/review/t/{theirs}/").content
        assert "<mark>multilateral mini UN</mark>" in first and SECOND not in first
        assert f"<mark>{SECOND}</mark>" in other.decode() and "<mark>multilateral mini UN</mark>" not in other.decode()
