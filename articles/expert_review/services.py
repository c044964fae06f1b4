"""Experts approve what is attributed to them.

Every decision on an expert's quote or paraphrase goes through these
functions, whether it comes from the expert's pages, a signed review link,
the admin or a command. Each one locks the quote, checks the move is allowed,
writes the new state and a `QuoteDecision` (who, when, decision, note and the
exact text) in one transaction, and sends its email only once that commits.

A review link is a stored `ReviewLink` (to which address, by whom, until when,
the words of each item it was sent for); its signed token carries only the
link's id. `verify_review_token` refuses it once revoked, expired, sent to an
address that is no longer the expert's, or when the expert's account is
inactive. An item whose words changed since the link was sent cannot be
answered through it (the others still can: each was sent, and is answered,
for its own words). A decision made through a link records the link
(`QuoteDecision.via_link`) and no account: whoever holds a link is not
thereby signed in as anyone.

An item waits on its expert while `pending`, and on the editors while
`changes_requested`. Publication is blocked until every expert item is
`approved` (the preflight check `expert_quotes_approved`).

Side effects are explicit calls, never model signals: each decision marks public
content changed (on commit), since what an item shows publicly depends on its
status and text; accepting a proposed wording rewrites the body through the
update's write path (`articles.editorial.saving`).
"""

import datetime

from django.conf import settings
from django.db import transaction
from django.tasks import task
from django.urls import reverse
from django.utils import timezone

from articles.content_generation import public_content_changed
from articles.editorial.saving import changing_article
from articles.mail import render_email, send_emails
from articles.models import Article, Expert, Quote, QuoteDecision, ReviewLink
from articles.public.search_index import refresh_search_vectors
from articles.signed_links import LinkExpired, LinkInvalid, make_token, read_token

REVIEW_LINK_SALT = "articles.review.link"  # the signed-link purpose
REVIEW_LINK_MAX_AGE = datetime.timedelta(days=14)
# An item is due by its article's scheduled publish time, or else this long after it began to wait.
REVIEW_DUE_AFTER = datetime.timedelta(days=5)

Status = Quote.Status
Decision = QuoteDecision.Decision


class ReviewError(Exception):
    """A review step that is not allowed; the message tells the person who tried why."""


class InvalidReviewLink(ReviewError):
    """A review link that cannot be used (tampered with, expired, revoked …); the message says why."""


ASK_AGAIN = "Ask the editors to send you a new one."
CHANGED_SINCE_SENT = (
    "The editors changed this item after this link was sent to you, so it cannot be answered here. "
    "They will send you a new link."
)


def _locked(quote):
    return Quote.objects.select_for_update().get(pk=quote.pk)


def _record(quote, decision, *, by, text, note="", via_link=None):
    QuoteDecision.objects.create(quote=quote, decision=decision, decided_by=by, text=text, note=note, via_link=via_link)


def _check_reviewer(quote, expert, via_link):
    if quote.expert_id is None or quote.expert_id != expert.pk:
        raise ReviewError("Only the expert an item is attributed to can review it.")
    if via_link is not None:
        # Read again inside the quote's transaction: revoked or edited since the page was opened, it refuses.
        link = ReviewLink.objects.select_related("expert__user").get(pk=via_link.pk)
        _check_usable(link)
        if link.expert_id != expert.pk or not link.sent_for(quote):
            raise ReviewError(CHANGED_SINCE_SENT)


def _public_item_changed(quote):
    """Whether and how the item shows publicly may have changed: pages, and the words search finds."""
    public_content_changed()
    refresh_search_vectors([quote.article_id])


def _clear_review(quote, status):
    quote.status = status
    quote.reviewer_note = ""
    quote.proposed_text = ""


def approve_quote(quote, *, by, expert, via_link=None):
    """The expert approves the item as it reads now."""
    with transaction.atomic():
        quote = _locked(quote)
        _check_reviewer(quote, expert, via_link)
        if quote.status == Status.APPROVED:
            raise ReviewError("You have already approved this item.")
        _clear_review(quote, Status.APPROVED)
        quote.reviewed_at = timezone.now()
        quote.save(update_fields=["status", "reviewer_note", "proposed_text", "reviewed_at"])
        _public_item_changed(quote)
        _record(quote, Decision.APPROVED, by=by, text=quote.text, via_link=via_link)
    return quote


def request_quote_change(quote, *, by, expert, note, via_link=None):
    """The expert asks the editors for a change, saying what in `note`."""
    note = note.strip()
    if not note:
        raise ReviewError("Say what should change, so the editors know what to do.")
    with transaction.atomic():
        quote = _locked(quote)
        _check_reviewer(quote, expert, via_link)
        quote.status = Status.CHANGES_REQUESTED
        quote.reviewer_note = note
        quote.proposed_text = ""
        quote.reviewed_at = timezone.now()
        quote.save(update_fields=["status", "reviewer_note", "proposed_text", "reviewed_at"])
        _public_item_changed(quote)
        _record(quote, Decision.CHANGES_REQUESTED, by=by, text=quote.text, note=note, via_link=via_link)
    return quote


def propose_wording(quote, *, by, expert, text, note="", via_link=None):
    """The expert proposes wording of their own; the editors accept or reject it."""
    text, note = text.strip(), note.strip()
    if not text:
        raise ReviewError("Write the wording you propose.")
    with transaction.atomic():
        quote = _locked(quote)
        _check_reviewer(quote, expert, via_link)
        if text == quote.text:
            raise ReviewError("The proposed wording is the same as the current text; approve it instead.")
        quote.status = Status.CHANGES_REQUESTED
        quote.proposed_text = text
        quote.reviewer_note = note
        quote.reviewed_at = timezone.now()
        quote.save(update_fields=["status", "reviewer_note", "proposed_text", "reviewed_at"])
        _public_item_changed(quote)
        _record(quote, Decision.PROPOSED, by=by, text=text, note=note, via_link=via_link)
    return quote


def accept_proposed_wording(quote, *, by):
    """An editor accepts the expert's wording: it replaces the old text in the article body.

    The old text must occur exactly once in the body, so the replacement is
    never a guess; otherwise nothing is written and the editor is told why.
    The item is then approved: the expert wrote these words. The body changes
    through the write path, so the update gets a new version, is tagged again
    and keeps a revision (holding the new wording) saying whose wording it took.
    """
    with transaction.atomic():
        quote = _locked(quote)
        if quote.status != Status.CHANGES_REQUESTED or not quote.proposed_text:
            raise ReviewError("There is no proposed wording to accept for this item.")
        article = Article.objects.select_for_update().get(pk=quote.article_id)
        occurrences = article.body.count(quote.text) if quote.text else 0
        if occurrences != 1:
            where = "is not in" if occurrences == 0 else f"occurs {occurrences} times in"
            raise ReviewError(
                f"The current text “{quote.text}” {where} the body of “{article.title}”, so the proposed "
                "wording cannot replace it there. Edit the body so the current text occurs once, then accept."
            )
        new_text = quote.proposed_text
        article.body = article.body.replace(quote.text, new_text)
        comment = f"Accepted {quote.expert}'s proposed wording"
        with changing_article(article, by=by, expected_version=article.version, comment=comment):
            quote.text = new_text
            _clear_review(quote, Status.APPROVED)
            quote.reviewed_at = timezone.now()
            quote.save(update_fields=["text", "status", "reviewer_note", "proposed_text", "reviewed_at"])
            _record(quote, Decision.ACCEPTED, by=by, text=new_text)
    return quote


def reject_proposed_wording(quote, *, by, note=""):
    """An editor rejects the expert's wording; the item goes back to the expert, who is told why."""
    note = note.strip()
    with transaction.atomic():
        quote = _locked(quote)
        if quote.status != Status.CHANGES_REQUESTED or not quote.proposed_text:
            raise ReviewError("There is no proposed wording to reject for this item.")
        _record(quote, Decision.REJECTED, by=by, text=quote.proposed_text, note=note)
        _clear_review(quote, Status.PENDING)
        quote.save(update_fields=["status", "reviewer_note", "proposed_text"])
        _public_item_changed(quote)
        transaction.on_commit(lambda: _notify(quote, "proposal_rejected", note=note))
    return quote


def edit_quote_text(quote, *, text, by):
    """An editor changes the text of an item.

    When an expert had approved it, or asked for a change, the item goes
    back to that expert (pending), the withdrawal is recorded, and the
    expert is emailed. Actors' quotes and pending items just take the text.
    """
    text = text.strip()
    if not text:
        raise ReviewError("An item needs its text.")
    with transaction.atomic():
        quote = _locked(quote)
        if text == quote.text:
            return quote
        previous_status = quote.status
        sent_back = quote.expert_id is not None and previous_status != Status.PENDING
        quote.text = text
        if sent_back:
            _clear_review(quote, Status.PENDING)
            note = "Text edited after approval." if previous_status == Status.APPROVED else "Text edited."
            _record(quote, Decision.WITHDRAWN, by=by, text=text, note=note)
            transaction.on_commit(lambda: _notify(quote, "text_edited"))
        quote.save(update_fields=["text", "status", "reviewer_note", "proposed_text"])
        _public_item_changed(quote)
    return quote


def attribute_quote(quote, *, by, expert=None, actor=None):
    """An editor attributes an item to another expert, or to an actor.

    Another expert's approval cannot stand for the new one, so an item given to
    a new expert waits on that expert (pending); dropping a decision made by
    the previous expert is recorded as a withdrawal.
    """
    if (expert is None) == (actor is None):
        raise ReviewError("An item is attributed to exactly one expert or one actor.")
    with transaction.atomic():
        quote = _locked(quote)
        if (quote.expert_id, quote.actor_id) == (expert and expert.pk, actor and actor.pk):
            return quote
        previous = quote.speaker
        quote.expert, quote.actor = expert, actor
        if expert is not None and quote.status != Status.PENDING:
            _clear_review(quote, Status.PENDING)
            note = f"Attributed to {expert} instead of {previous}."
            _record(quote, Decision.WITHDRAWN, by=by, text=quote.text, note=note)
        quote.save(update_fields=["expert", "actor", "status", "reviewer_note", "proposed_text"])
        _public_item_changed(quote)
    return quote


def review_link_for(expert, article, *, by, max_age=REVIEW_LINK_MAX_AGE):
    """The path of a new review link for `expert`'s items in `article`, as they read now, to be emailed to
    the expert's address by `by` (None for reminders and notifications); it works until `max_age` passes.

    The link is stored first (address, sender, expiry, the words of each item), and its token carries
    only the link's id.
    """
    if not expert.contact_email:
        raise ReviewError(f"{expert} has no email address; add one to their expert profile first.")
    now = timezone.now()
    items = article.quotes.filter(expert=expert).values_list("pk", "text")
    link = ReviewLink.objects.create(
        expert=expert,
        article=article,
        sent_to=expert.contact_email,
        sent_by=by,
        created_at=now,
        expires_at=now + max_age,
        items={str(pk): text for pk, text in items},
    )
    token = make_token(REVIEW_LINK_SALT, {"link": link.pk}, max_age=max_age)
    return reverse("review:token", kwargs={"token": token})


def verify_review_token(token):
    """The `ReviewLink` a review token stands for, when it may be used; `InvalidReviewLink` otherwise."""
    try:
        payload = read_token(token, REVIEW_LINK_SALT)
    except LinkExpired as error:
        raise InvalidReviewLink(f"This review link has expired. {ASK_AGAIN}") from error
    except LinkInvalid as error:
        raise InvalidReviewLink("This review link is not valid. Check that you copied all of it.") from error
    if not isinstance(payload, dict) or not isinstance(payload.get("link"), int):
        # Links signed before links were stored name an expert and an update, and could not be revoked.
        raise InvalidReviewLink(f"This is an older kind of review link, which no longer works. {ASK_AGAIN}")
    link = ReviewLink.objects.select_related("expert__user", "article").filter(pk=payload["link"]).first()
    if link is None:
        raise InvalidReviewLink("This review link no longer points to anything to review.")
    _check_usable(link)
    return link


def _check_usable(link):
    """Refuse a stored link that is revoked, expired, no longer the expert's address, or of an inactive account."""
    expert = link.expert
    if link.revoked_at is not None:
        raise InvalidReviewLink(f"This review link has been revoked. {ASK_AGAIN}")
    if link.expires_at <= timezone.now():
        raise InvalidReviewLink(f"This review link has expired. {ASK_AGAIN}")
    if expert.user_id and not expert.user.is_active:
        raise InvalidReviewLink("The account of the expert this link was sent to is inactive, so it no longer works.")
    if link.sent_to.lower() != expert.contact_email.lower():
        raise InvalidReviewLink(f"This review link was sent to an address that is no longer the expert's. {ASK_AGAIN}")


def review_url(expert, article):
    """The absolute address where `expert` reviews `article`: their pages if they sign in, else a signed link."""
    if expert.user_id and expert.user.is_active:
        return settings.SITE_URL + reverse("review:my-quotes")
    return settings.SITE_URL + review_link_for(expert, article, by=None)


def due_at(quote):
    """When the expert's answer is due: the scheduled publish time, or some days after the item began to wait.

    Needs the `waiting_since` annotation (`Quote.objects.with_waiting_since()`).
    """
    publish_at = quote.article.publish_at
    if publish_at and publish_at > timezone.now():
        return publish_at
    return quote.waiting_since + REVIEW_DUE_AFTER


def send_review_request(expert, article, *, by):
    """Email `expert` a link to review their items in `article`."""
    if not article.quotes.filter(expert=expert).exists():
        raise ReviewError(f"{expert} is not quoted in “{article.title}”.")
    context = {"article": article, "url": settings.SITE_URL + review_link_for(expert, article, by=by), "sender": by}
    send_emails([_email_expert(expert, "review_request", context)])


def remind_reviewers(*, older_than_days):
    """Email every expert whose pending items have waited more than `older_than_days`; returns how many."""
    cutoff = timezone.now() - datetime.timedelta(days=older_than_days)
    waiting = (
        Quote.objects.of_experts()
        .filter(status=Status.PENDING)
        .with_waiting_since()
        .filter(waiting_since__lt=cutoff)
        .select_related("expert__user", "article")
        .order_by("expert__name", "expert", "article__title", "article", "position", "pk")
    )
    by_expert = {}
    for quote in waiting:
        by_expert.setdefault(quote.expert, []).append(quote)
    reminders = [
        _email_expert(expert, "reminder", {"articles": _by_article(expert, quotes), "older_than_days": older_than_days})
        for expert, quotes in by_expert.items()
        if expert.contact_email
    ]
    send_emails(reminders)
    return len(reminders)


def _by_article(expert, quotes):
    """[(article, where to review it, its items)] for the expert's `quotes`, in their order."""
    groups = {}
    for quote in quotes:
        groups.setdefault(quote.article, []).append(quote)
    return [(article, review_url(expert, article), items) for article, items in groups.items()]


def _email_expert(expert, name, context):
    """The review email `name` (`templates/review/email/<name>.txt`) to `expert`."""
    return render_email(f"review/email/{name}.txt", {"expert": expert, **context}, to=[expert.contact_email])


def _notify(quote, template, **context):
    """Tell the quote's expert about an editor's decision, with where to review it again."""
    expert = Expert.objects.select_related("user").get(pk=quote.expert_id)
    article = Article.objects.get(pk=quote.article_id)
    if expert.contact_email:
        context |= {"quote": quote, "article": article, "url": review_url(expert, article)}
        send_emails([_email_expert(expert, template, context)])


@task
def remind_reviewers_task(older_than_days):
    """`remind_reviewers` as a background task, for a scheduler or worker to enqueue."""
    return remind_reviewers(older_than_days=older_than_days)
