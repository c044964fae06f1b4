"""The one write path for an update's content.

Every change to an update's content goes through `changing_article`: the admin's
change form, an import-export row, a briefing import or re-import, accepting an
expert's proposed wording, restoring a revision, a topic merge, the demo, merging
a new version into its live update. Workflow fields (status, publish time, the
version approved) are written here only to send a changed approved update back
to review; otherwise `articles.editorial.workflow` owns them.

    with changing_article(article, by=user, expected_version=opened, comment="…") as change:
        ...  # save related rows: authors, topics, inlines, quotes, citations
    change.revision  # the Revision stored for this save

On entering, one transaction starts and the update's own fields are written: a new
update is inserted (version 1); an existing one with a conditional
`UPDATE … WHERE version = <expected_version>` that raises the version, so when
someone else saved in between nothing is written and `StaleArticle` says who saved,
when and what changed. What readers see is never changed in place: a published
(or scheduled) or archived update, or one whose new version is in the making, is
refused with `ReadOnlyArticle` (`edit_refusal` says why), writing nothing; its
words change through a new version (`articles.editorial.new_versions`). An approval
belongs to a version: saving an approved update sends it back to review (a
`StatusChange` by the saver, who may then not approve it). Changes that are not an
editor's edit of the update (`housekeeping=True`: a topic merge, the demo, merging an
approved new version) are allowed on live updates and keep a current approval.

The caller then saves its related rows in the same transaction; nothing here calls
back into the caller. On leaving without an exception, in this order: an expert's
approved item whose words differ from the words of its last approval goes back to
its expert (pending, a `WITHDRAWN` decision) — one place for every path that changes
an item's text; the update is tagged with the actors it names
(`actors.tagging.tag_article`, after its quotes are saved); its stored search text is
computed (`articles.public.search_index`); an old slug is kept
answering (`record_slug_change`); a `Revision` of the whole update is
stored (after the tagging, so it holds the actors); public content is marked
changed (on commit) and a published update's PDF is made again (`articles.edition`,
a task enqueued on commit). A new version has no public address of its own: it records no
redirect and marks nothing public. An exception anywhere rolls everything back.

Side effects are explicit calls, here and in every service, never model signals:
whoever reads a service sees everything it does.
"""

from contextlib import contextmanager
from dataclasses import dataclass
from functools import partial

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, OuterRef, Subquery
from django.utils import timezone

from actors.tagging import tag_article
from articles.content_generation import public_content_changed
from articles.edition.editions import schedule_edition
from articles.editorial.notifications import notify_status_change
from articles.editorial.revisions import diff_revisions, record_revision
from articles.models import Article, ArticleRedirect, Quote, QuoteDecision, Revision, StatusChange
from articles.models.article import content_fields
from articles.public.search_index import refresh_search_vectors

Status = Article.Status


class StaleArticle(Exception):
    """Someone saved the update after the editor opened it; nothing was written."""

    def __init__(self, article, *, expected_version, current_version, latest, changes):
        self.article = article
        self.expected_version = expected_version
        self.current_version = current_version
        self.latest = latest
        self.changes = changes
        who = f" by {latest.created_by}" if latest and latest.created_by else ""
        when = f" at {timezone.localtime(latest.created_at):%H:%M on %d %B %Y}" if latest else ""
        what = ", ".join(change.label for change in changes) or "its related rows"
        super().__init__(
            f"“{article}” was saved{who}{when}, after you opened it (you had version {expected_version}; "
            f"it is now version {current_version}). Your changes were not saved, so nothing was overwritten. "
            f"Changed meanwhile: {what}. Copy your changes, reload the update and apply them again."
        )


class ReadOnlyArticle(Exception):
    """The update is not changed in place (see `edit_refusal`); nothing was written."""


def edit_refusal(article):
    """Why `article`'s content may not be changed in place, or None when it may.

    Readers see a published update as it was approved, so it changes only through a
    new version; a scheduled one too (it goes live at its minute as approved); an
    archived one is kept as it was published. An update whose new version is in the
    making is changed through that new version, so the two never drift apart.
    """
    if article.status == Status.PUBLISHED:
        state = "published" if article.is_public else "scheduled"
        return (
            f"“{article}” is {state}: readers see it as it was approved, so it is not changed in place. "
            "Start a new version of it, change that, and publish it once another editor has approved it."
        )
    if article.status == Status.ARCHIVED:
        return f"“{article}” is archived: it is kept as it was published and is not changed."
    if article.pk and Article.objects.filter(new_version_of=article.pk).exists():
        return f"“{article}” has a new version in the making: change that one instead."
    return None


@dataclass
class ArticleChange:
    """What `changing_article` yields; `revision` is set once the change is saved."""

    article: Article
    created: bool
    previous_slug: str | None
    revision: Revision | None = None


@contextmanager
def changing_article(article, *, by, expected_version=None, comment="", housekeeping=False):
    """Write `article`'s content, let the caller save related rows, then withdraw, tag, redirect, revise and mark public.

    A new update (no primary key) is inserted and needs no `expected_version`; an
    existing one needs the version the editor opened and raises `StaleArticle`,
    writing nothing, when it is no longer the stored one, and `ReadOnlyArticle` when
    it may not be changed in place. `comment` describes the save in the revision
    ("Created" for a new update when left blank). `housekeeping` is for changes that
    are no editor's edit of this update — a topic merge, the demo loader, merging an
    approved new version: they apply to live updates too and keep a current approval.
    """
    with transaction.atomic():
        change = _write_fields(article, expected_version, by=by, housekeeping=housekeeping)
        yield change
        _withdraw_changed_approvals(article, by=by)
        tag_article(article)
        refresh_search_vectors([article.pk])  # after tagging and the items: the vector holds their words
        if not article.is_new_version:  # a new version has no address of its own until it is merged
            record_slug_change(article, previous_slug=change.previous_slug)
        if change.created and not comment:
            comment = "Created"
        change.revision = record_revision(article, by=by, comment=comment)
        if not article.is_new_version:
            public_content_changed()
        schedule_edition(article)  # a published update's PDF is made again, once committed


def create_article(article, *, by, comment="Created"):
    """Insert a new update that has no related rows to save; returns revision 1."""
    with changing_article(article, by=by, comment=comment) as change:
        pass
    return change.revision


def save_article(article, *, by, expected_version, comment=""):
    """Save an update's own fields if it is still at `expected_version` (`StaleArticle` otherwise); returns the Revision."""
    with changing_article(article, by=by, expected_version=expected_version, comment=comment) as change:
        pass
    return change.revision


def _write_fields(article, expected_version, *, by, housekeeping):
    if article.pk is None:
        if expected_version is not None:
            raise ValueError("A new update has no version to expect.")
        _check_slug(article)
        article.version = 1
        article.save(force_insert=True)
        return ArticleChange(article=article, created=True, previous_slug=None)
    if expected_version is None:
        raise ValueError("Saving an existing update needs the version the editor opened (expected_version).")
    # Lock the row: a workflow transition (which locks it too) waits for this save, and the other way round.
    stored = Article.objects.select_for_update().filter(pk=article.pk).first()
    if stored is None or stored.version != expected_version:
        raise stale_article_error(article, expected_version)
    if not housekeeping and (refusal := edit_refusal(stored)):
        raise ReadOnlyArticle(refusal)
    if article.slug != stored.slug:
        _check_slug(article)
    _keep_untracked_state(stored)
    values = {field.attname: getattr(article, field.attname) for field in content_fields()}
    values |= _approval_after_save(stored, housekeeping=housekeeping)
    updated = Article.objects.filter(pk=article.pk, version=expected_version).update(
        **values, version=F("version") + 1, updated_at=timezone.now()
    )
    if not updated:
        raise stale_article_error(article, expected_version)
    article.version = expected_version + 1
    for name in ("status", "approved_version"):
        setattr(article, name, values.get(name, getattr(stored, name)))
    if values.get("status") == Status.IN_REVIEW:
        _record_sent_back(stored, by=by)
    return ArticleChange(article=article, created=False, previous_slug=stored.slug)


def _check_slug(article):
    if message := article.slug_clash():
        raise ValidationError({"slug": message})


def _approval_after_save(stored, *, housekeeping):
    """The workflow fields a save changes: an approval is of one version, so a changed approved update is reviewed again."""
    if housekeeping:
        current = stored.approved_version == stored.version
        return {"approved_version": stored.version + 1} if current else {}
    if stored.status == Status.APPROVED:
        return {"status": Status.IN_REVIEW, "approved_version": None}
    return {}


def _record_sent_back(stored, *, by):
    change = StatusChange.objects.create(
        article=stored,
        from_status=Status.APPROVED,
        to_status=Status.IN_REVIEW,
        by=by,
        comment=(
            f"Changed after it was approved (version {stored.approved_version}): "
            "it needs approving again, by an editor other than whoever changed it."
        ),
    )
    transaction.on_commit(partial(notify_status_change, change))


def _keep_untracked_state(stored):
    """Keep the state before this save when no revision holds it yet (content created before revisions)."""
    if not Revision.objects.filter(article_id=stored.pk, data__version=stored.version).exists():
        record_revision(stored, by=None, comment="State before the first tracked save")


def _withdraw_changed_approvals(article, *, by):
    """Send back to its expert every approved item whose words are no longer the words of its last approval.

    An expert approves exact words, so whatever changed the text (an inline, the item's
    own page, an import, a restore, any code) the item is pending again, with a
    `WITHDRAWN` decision, and preflight blocks publishing until the expert approves.
    An item with no recorded approval (approved before decisions were kept) has no
    words to compare and is left as it is. `edit_quote_text` withdraws an approval
    itself (and emails the expert); the item is then pending and not counted twice.
    """
    approvals = QuoteDecision.objects.filter(
        quote=OuterRef("pk"), decision__in=[QuoteDecision.Decision.APPROVED, QuoteDecision.Decision.ACCEPTED]
    ).order_by("-decided_at", "-pk")
    changed = (
        article.quotes.of_experts()
        .filter(status=Quote.Status.APPROVED)
        .annotate(approved_text=Subquery(approvals.values("text")[:1]))
        .filter(approved_text__isnull=False)
        .exclude(text=F("approved_text"))
    )
    for quote in changed:
        Quote.objects.filter(pk=quote.pk).update(status=Quote.Status.PENDING, reviewer_note="", proposed_text="")
        QuoteDecision.objects.create(
            quote=quote,
            decision=QuoteDecision.Decision.WITHDRAWN,
            decided_by=by,
            text=quote.text,
            note=f"Text changed after approval; approved was “{quote.approved_text}”.",
        )


def find_conflict(article, expected_version):
    """A `StaleArticle` describing what changed since `expected_version`, or None when nothing did."""
    current = Article.objects.filter(pk=article.pk).values_list("version", flat=True).first()
    if current is None or current == expected_version:
        return None
    return stale_article_error(article, expected_version)


def stale_article_error(article, expected_version):
    current = Article.objects.filter(pk=article.pk).values_list("version", flat=True).first()
    revisions = Revision.objects.filter(article_id=article.pk).select_related("created_by")
    latest = revisions.first()
    opened = revisions.filter(data__version=expected_version).first()
    changes = diff_revisions(opened, latest) if opened and latest else []
    return StaleArticle(
        article, expected_version=expected_version, current_version=current, latest=latest, changes=changes
    )


def record_slug_change(article, *, previous_slug):
    """Old slugs keep working: redirect `previous_slug` to the article when its slug changed.

    The write path is the only place an update's slug changes, so it calls this after
    every save; a slug taken up again (by the same or another update) stops redirecting.
    """
    if previous_slug == article.slug:
        return
    ArticleRedirect.objects.filter(old_slug=article.slug).delete()
    if previous_slug:
        ArticleRedirect.objects.update_or_create(old_slug=previous_slug, defaults={"article": article})
