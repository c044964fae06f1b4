import datetime

import pytest
import time_machine
from django.core import mail, signing
from django.core.management import CommandError, call_command
from django.db import IntegrityError, transaction
from django.utils import timezone

from articles.editorial.preflight import blocking_problems
from articles.expert_review import services as review
from articles.models import Article, Quote, QuoteDecision
from articles.signed_links import make_token
from tests.factories import (
    ActorFactory,
    ActorQuoteFactory,
    ArticleFactory,
    ExpertFactory,
    ExpertWithAccountFactory,
    QuoteFactory,
    SourceFactory,
)

pytestmark = pytest.mark.django_db

Status = Quote.Status
Decision = QuoteDecision.Decision


def test_expert_approves_and_the_decision_keeps_the_exact_text(quote, expert):
    review.approve_quote(quote, by=None, expert=expert)
    quote.refresh_from_db()
    assert quote.status == Status.APPROVED
    assert quote.reviewed_at is not None
    decision = quote.decisions.get()
    assert (decision.decision, decision.text, decision.decided_by) == (Decision.APPROVED, "multilateral mini UN", None)
    with pytest.raises(review.ReviewError, match="already approved"):
        review.approve_quote(quote, by=None, expert=expert)
    assert quote.decisions.count() == 1


def test_an_expert_cannot_decide_on_another_experts_item(quote):
    other = ExpertWithAccountFactory()
    for decide in (
        lambda: review.approve_quote(quote, by=other.user, expert=other),
        lambda: review.request_quote_change(quote, by=other.user, expert=other, note="No"),
        lambda: review.propose_wording(quote, by=other.user, expert=other, text="Other words"),
    ):
        with pytest.raises(review.ReviewError, match="Only the expert"):
            decide()
    quote.refresh_from_db()
    assert quote.status == Status.PENDING
    assert not QuoteDecision.objects.exists()


def test_an_actors_quote_has_no_expert_to_approve_it(article, expert):
    actor_quote = ActorQuoteFactory(article=article)
    with pytest.raises(review.ReviewError, match="Only the expert"):
        review.approve_quote(actor_quote, by=None, expert=expert)


def test_a_change_request_needs_a_note(quote, expert):
    with pytest.raises(review.ReviewError, match="Say what should change"):
        review.request_quote_change(quote, by=None, expert=expert, note="   ")
    assert not quote.decisions.exists()
    review.request_quote_change(quote, by=None, expert=expert, note="I said 'mini-UN'.")
    quote.refresh_from_db()
    assert (quote.status, quote.reviewer_note) == (Status.CHANGES_REQUESTED, "I said 'mini-UN'.")
    assert quote.decisions.get().decision == Decision.CHANGES_REQUESTED


def test_a_proposal_must_be_new_wording(quote, expert):
    with pytest.raises(review.ReviewError, match="Write the wording"):
        review.propose_wording(quote, by=None, expert=expert, text=" ")
    with pytest.raises(review.ReviewError, match="same as the current text"):
        review.propose_wording(quote, by=None, expert=expert, text="multilateral mini UN")
    review.propose_wording(quote, by=None, expert=expert, text="multilateral mini-UN", note="Hyphen.")
    quote.refresh_from_db()
    assert (quote.status, quote.proposed_text, quote.reviewer_note) == (
        Status.CHANGES_REQUESTED,
        "multilateral mini-UN",
        "Hyphen.",
    )
    decision = quote.decisions.get()
    assert (decision.decision, decision.text, decision.note) == (Decision.PROPOSED, "multilateral mini-UN", "Hyphen.")


def test_accepting_a_proposal_changes_the_body_and_the_quote(quote, expert, editor, article):
    review.propose_wording(quote, by=None, expert=expert, text="multilateral mini-UN")
    review.accept_proposed_wording(quote, by=editor)
    article.refresh_from_db()
    quote.refresh_from_db()
    assert "“multilateral mini-UN” of authoritarian states" in article.body
    assert "multilateral mini UN" not in article.body
    assert article.version == 2
    assert (quote.text, quote.status, quote.proposed_text) == ("multilateral mini-UN", Status.APPROVED, "")
    accepted = quote.decisions.first()
    assert (accepted.decision, accepted.text, accepted.decided_by) == (
        Decision.ACCEPTED,
        "multilateral mini-UN",
        editor,
    )
    assert blocking_problems(article) == []


@pytest.mark.parametrize(
    ("body", "reason"),
    [("The text no longer has the words.", "is not in the body"), ("mini UN and mini UN", "occurs 2 times")],
)
def test_accepting_refuses_when_the_old_text_is_not_once_in_the_body(article, expert, editor, body, reason):
    article.body = body
    article.save()
    quote = QuoteFactory(article=article, expert=expert, text="mini UN")
    review.propose_wording(quote, by=None, expert=expert, text="mini-UN")
    with pytest.raises(review.ReviewError, match=reason):
        review.accept_proposed_wording(quote, by=editor)
    article.refresh_from_db()
    quote.refresh_from_db()
    assert article.body == body
    assert (quote.text, quote.status, quote.proposed_text) == ("mini UN", Status.CHANGES_REQUESTED, "mini-UN")
    assert list(quote.decisions.values_list("decision", flat=True)) == [Decision.PROPOSED]


def test_there_must_be_a_proposal_to_accept_or_reject(quote, editor):
    with pytest.raises(review.ReviewError, match="no proposed wording to accept"):
        review.accept_proposed_wording(quote, by=editor)
    with pytest.raises(review.ReviewError, match="no proposed wording to reject"):
        review.reject_proposed_wording(quote, by=editor)


def test_rejecting_a_proposal_sends_the_item_back_to_the_expert(
    quote, expert, editor, django_capture_on_commit_callbacks
):
    review.propose_wording(quote, by=None, expert=expert, text="a mini UN")
    with django_capture_on_commit_callbacks(execute=True):
        review.reject_proposed_wording(quote, by=editor, note="The interview says otherwise.")
    quote.refresh_from_db()
    assert (quote.status, quote.proposed_text, quote.text) == (Status.PENDING, "", "multilateral mini UN")
    rejected = quote.decisions.first()
    assert (rejected.decision, rejected.text, rejected.note) == (
        Decision.REJECTED,
        "a mini UN",
        "The interview says otherwise.",
    )
    [email] = mail.outbox
    assert email.to == ["breuker@example.org"]
    assert "The interview says otherwise." in email.body


def test_editing_an_approved_quote_withdraws_approval_and_tells_the_expert(
    quote, expert, editor, django_capture_on_commit_callbacks
):
    review.approve_quote(quote, by=None, expert=expert)
    with django_capture_on_commit_callbacks(execute=True):
        review.edit_quote_text(quote, text="multilateral mini-UN", by=editor)
    quote.refresh_from_db()
    assert (quote.status, quote.text) == (Status.PENDING, "multilateral mini-UN")
    withdrawn = quote.decisions.first()
    assert (withdrawn.decision, withdrawn.text, withdrawn.decided_by) == (
        Decision.WITHDRAWN,
        "multilateral mini-UN",
        editor,
    )
    [email] = mail.outbox
    assert email.to == ["breuker@example.org"]
    assert "Please review again" in email.subject
    assert "multilateral mini-UN" in email.body
    assert "/review/t/" in email.body  # no account: a signed link
    assert blocking_problems(quote.article)


def test_editing_a_pending_or_an_actors_quote_just_changes_the_text(
    quote, editor, article, django_capture_on_commit_callbacks
):
    actor_quote = ActorQuoteFactory(article=article)
    with django_capture_on_commit_callbacks(execute=True):
        review.edit_quote_text(quote, text="mini UN", by=editor)
        review.edit_quote_text(actor_quote, text="top priority, again", by=editor)
        review.edit_quote_text(quote, text="mini UN", by=editor)  # unchanged
    quote.refresh_from_db()
    actor_quote.refresh_from_db()
    assert (quote.text, quote.status) == ("mini UN", Status.PENDING)
    assert actor_quote.text == "top priority, again"
    assert not QuoteDecision.objects.exists()
    assert mail.outbox == []
    with pytest.raises(review.ReviewError, match="needs its text"):
        review.edit_quote_text(quote, text="  ", by=editor)


def test_expert_items_block_publication_until_approved(quote, expert, article):
    other = QuoteFactory(article=article, text="a more powerful position")
    assert {p.code for p in blocking_problems(article)} == {"quote-not-approved"}
    assert len(blocking_problems(article)) == 2

    review.approve_quote(quote, by=None, expert=expert)
    review.request_quote_change(other, by=None, expert=other.expert, note="Not my words.")
    [problem] = blocking_problems(article)
    assert problem.code == "quote-not-approved"
    assert "asked for a change" in problem.message

    review.approve_quote(other, by=None, expert=other.expert)
    assert blocking_problems(article) == []


def test_an_actors_quote_needs_a_source(article):
    actor_quote = ActorQuoteFactory(article=article)
    [problem] = blocking_problems(article)
    assert problem.code == "quote-without-source"
    assert "top priority" in problem.message
    actor_quote.source = SourceFactory()
    actor_quote.save()
    assert blocking_problems(article) == []


def test_a_quote_is_attributed_to_exactly_one_expert_or_actor_in_the_database(quote):
    with pytest.raises(IntegrityError), transaction.atomic():
        Quote.objects.filter(pk=quote.pk).update(actor=ActorFactory())
    with pytest.raises(IntegrityError), transaction.atomic():
        Quote.objects.filter(pk=quote.pk).update(expert=None)
    assert Quote.objects.filter(expert__isnull=False, actor__isnull=True).count() == 1


def test_a_review_link_names_its_expert_and_article(quote, expert, article):
    path = review.review_link_for(expert, article, by=None)
    token = path.removeprefix("/review/t/").rstrip("/")
    link = review.verify_review_token(token)
    assert (link.expert, link.article) == (expert, article)


def test_a_tampered_review_link_is_refused(expert, article):
    token = review.review_link_for(expert, article, by=None).removeprefix("/review/t/").rstrip("/")
    tampered = token[:-3] + ("aaa" if not token.endswith("aaa") else "bbb")
    with pytest.raises(review.InvalidReviewLink, match="not valid"):
        review.verify_review_token(tampered)


def test_a_token_signed_for_another_purpose_is_refused(expert, article):
    payload = {"expert": expert.pk, "article": article.pk}
    for purpose in ("articles.preview", "django.core.signing"):  # a preview link; Django's default salt
        with pytest.raises(review.InvalidReviewLink, match="not valid"):
            review.verify_review_token(make_token(purpose, payload, max_age=3600))
    # Signed with the review salt, but the envelope names another purpose.
    forged = signing.dumps(
        {"purpose": "unsubscribe", "max_age": 3600, "payload": payload}, salt=review.REVIEW_LINK_SALT
    )
    with pytest.raises(review.InvalidReviewLink, match="not valid"):
        review.verify_review_token(forged)


def test_an_expired_review_link_is_refused(expert, article):
    with time_machine.travel(timezone.now() - datetime.timedelta(hours=3), tick=False):
        token = review.review_link_for(expert, article, by=None, max_age=datetime.timedelta(hours=2))
    with pytest.raises(review.InvalidReviewLink, match="expired"):
        review.verify_review_token(token.removeprefix("/review/t/").rstrip("/"))
    fresh = review.review_link_for(expert, article, by=None, max_age=datetime.timedelta(hours=4))
    with pytest.raises(review.InvalidReviewLink, match="no longer points"):
        Article.objects.filter(pk=article.pk).delete()
        review.verify_review_token(fresh.removeprefix("/review/t/").rstrip("/"))


def test_an_item_is_due_at_a_scheduled_publication_or_days_after_it_began_to_wait(quote, article):
    waiting = Quote.objects.with_waiting_since().get(pk=quote.pk)
    assert review.due_at(waiting) == quote.created_at + review.REVIEW_DUE_AFTER
    article.publish_at = timezone.now() + datetime.timedelta(days=1)
    article.save()
    waiting = Quote.objects.with_waiting_since().select_related("article").get(pk=quote.pk)
    assert review.due_at(waiting) == article.publish_at


def days_ago(days):
    return timezone.now() - datetime.timedelta(days=days)


@pytest.fixture
def waiting_items(article):
    """Breuker waits 5 days, Wits 1 day, Jansen's old item is approved, Smit has no email address."""
    breuker = ExpertFactory(name="Remco Breuker", email="breuker@example.org")
    wits = ExpertWithAccountFactory(name="Casper Wits")
    jansen = ExpertFactory(name="Jansen", email="jansen@example.org")
    smit = ExpertFactory(name="Smit")
    QuoteFactory(article=article, expert=breuker, created_at=days_ago(5))
    QuoteFactory(article=ArticleFactory(), expert=breuker, created_at=days_ago(4), text="backdoor")
    QuoteFactory(article=article, expert=wits, created_at=days_ago(1))
    QuoteFactory(article=article, expert=jansen, created_at=days_ago(9), status=Status.APPROVED)
    QuoteFactory(article=article, expert=smit, created_at=days_ago(9))
    # Wits's second item is old, but its approval was withdrawn yesterday: it has waited one day.
    withdrawn = QuoteFactory(article=article, expert=wits, created_at=days_ago(9))
    decision = QuoteDecision.objects.create(quote=withdrawn, decision=Decision.WITHDRAWN, text=withdrawn.text)
    QuoteDecision.objects.filter(pk=decision.pk).update(decided_at=days_ago(1))
    return breuker, wits


def test_remind_reviewers_emails_only_experts_with_items_waiting_longer(waiting_items):
    breuker, wits = waiting_items
    assert review.remind_reviewers(older_than_days=3) == 1
    [email] = mail.outbox
    assert email.to == ["breuker@example.org"]
    assert "more than 3 days" in email.body
    assert "multilateral mini UN" in email.body and "backdoor" in email.body
    assert email.body.count("/review/t/") == 2  # a link per article

    mail.outbox.clear()
    assert review.remind_reviewers(older_than_days=0) == 2
    assert sorted(email.to[0] for email in mail.outbox) == ["breuker@example.org", wits.user.email]
    [wits_email] = [email for email in mail.outbox if email.to == [wits.user.email]]
    assert "http://localhost:8000/review/\n" in wits_email.body  # has an account: their own pages


def test_remind_reviewers_command_and_task(waiting_items, settings):
    call_command("remind_reviewers", "--older-than", "3")
    assert [email.to for email in mail.outbox] == [["breuker@example.org"]]
    with pytest.raises(CommandError, match="negative"):
        call_command("remind_reviewers", "--older-than", "-1")

    mail.outbox.clear()
    result = review.remind_reviewers_task.enqueue(older_than_days=6)
    assert result.return_value == 0
    assert mail.outbox == []
    result = review.remind_reviewers_task.enqueue(older_than_days=4)
    assert result.return_value == 1


def test_giving_an_approved_item_to_another_expert_needs_that_experts_approval(quote, expert, editor, article):
    review.approve_quote(quote, by=None, expert=expert)
    wits = ExpertFactory(name="Casper Wits")
    review.attribute_quote(quote, expert=wits, by=editor)
    quote.refresh_from_db()
    assert (quote.expert, quote.status) == (wits, Status.PENDING)
    withdrawn = quote.decisions.first()
    assert (withdrawn.decision, withdrawn.note) == (
        Decision.WITHDRAWN,
        f"Attributed to Casper Wits instead of {expert}.",
    )
    assert blocking_problems(article)

    actor = ActorFactory(name="Kim Jong-un")
    review.attribute_quote(quote, actor=actor, by=editor)
    quote.refresh_from_db()
    assert (quote.expert, quote.actor) == (None, actor)
    with pytest.raises(review.ReviewError, match="exactly one expert or one actor"):
        review.attribute_quote(quote, expert=wits, actor=actor, by=editor)
    assert quote.decisions.count() == 2
