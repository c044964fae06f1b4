"""Live and latest: readers see the live update while editors work on its new version.

A published update is never changed in place (`saving.edit_refusal`). To change it,
`start_new_version(article, by=…)` makes a working copy: an `Article` row with
`new_version_of` set to the live one, a draft, with the live one's fields, authors,
topics, citations, actors (with their origins) and expert items (with their review
state and decisions, so words the experts approved stay approved). It shares the
live slug and is seen by no reader (`Article.objects.published()` leaves it out, and a
check constraint keeps it from ever being published itself).

The new version goes through the workflow like any update: submit, approval by
another editor, publish. Its `publish` transition (same preflight, same four eyes)
calls `publish_new_version`, which merges it into the live row in one transaction:
the content through the write path (a revision of the live update, a redirect when
the slug changed, tagging, the public-content mark), authors, topics, citations and
actors replaced, the live update's items replaced by the new version's rows (moved,
so their decisions follow them), the new version's status changes, comments and
revisions (numbered after the live update's) kept on the live update, and the
working copy deleted. A new version is published at once: scheduling one is refused.
`discard_new_version` drops one that will not be published.

Restoring a revision lives here too (`restore_revision`): a live update's revision is
restored into its new version (started when there is none), never in place.
"""

from collections import defaultdict

from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from actors.models import Actor, Mention
from articles.editorial.saving import ReadOnlyArticle, changing_article, edit_refusal, find_conflict
from articles.models import Article, Citation, Expert, Quote, QuoteDecision, Revision, Source, StatusChange
from articles.models.article import content_fields

Status = Article.Status


class NewVersionRefused(Exception):
    """A new version cannot be started or published now; the message says why."""


def start_new_version(article, *, by):
    """The new version of the live update `article`: the one in the making, or a new draft copy of it.

    Refused for an update that is not published (change it directly), archived, or
    itself a new version, and for someone who may not change updates.
    """
    if not by.has_perm("articles.change_article"):
        raise NewVersionRefused(f"{by} may not change updates, so may not start a new version.")
    with transaction.atomic():
        live = Article.objects.select_for_update().get(pk=article.pk)
        if live.is_new_version:
            raise NewVersionRefused(f"“{live}” is itself a new version; change it directly.")
        existing = Article.objects.filter(new_version_of=live).first()
        if existing:  # one new version per update: whoever asks second works on the same one
            return existing
        if live.status != Status.PUBLISHED:
            raise NewVersionRefused(
                f"“{live}” is {live.get_status_display().lower()}: only a published update gets a new version."
                + ("" if live.status == Status.ARCHIVED else " Change this one directly.")
            )
        new = Article(new_version_of=live, status=Status.DRAFT)
        _copy_content(live, new)
        with changing_article(new, by=by, comment=f"New version of the live update (its version {live.version})"):
            new.authors.set(live.authors.all())
            new.topics.set(list(live.topics.all()))
            Citation.objects.bulk_create(_copy(citation, article=new) for citation in live.citations.all())
            Mention.objects.bulk_create(_copy(mention, article=new) for mention in live.mentions.all())
            _copy_quotes(live, new)
        StatusChange.objects.create(
            article=new,
            from_status=Status.PUBLISHED,
            to_status=Status.DRAFT,
            by=by,
            comment="New version started; readers see the live update until this one is approved and published.",
        )
    return new


def discard_new_version(new, *, by):
    """Delete a new version that will not be published, with its own history; returns its live update, unchanged.

    The live update's audit log says who discarded it and in which state.
    """
    if not by.has_perm("articles.change_article"):
        raise NewVersionRefused(f"{by} may not change updates, so may not discard a new version.")
    with transaction.atomic():
        new = Article.objects.select_for_update().filter(pk=new.pk, new_version_of__isnull=False).first()
        if new is None:
            raise NewVersionRefused("There is no such new version (published or discarded already?).")
        live = new.new_version_of
        StatusChange.objects.create(
            article=live,
            from_status=live.status,
            to_status=live.status,
            by=by,
            comment=f"Its new version ({new.get_status_display().lower()}, version {new.version}) was discarded.",
        )
        new.delete()
    return live


def _copy_content(source, target):
    for field in content_fields():
        setattr(target, field.attname, getattr(source, field.attname))


def _copy(row, **changes):
    """`row` made into an unsaved copy of itself, with `changes`."""
    row.pk = None
    row._state.adding = True
    for name, value in changes.items():
        setattr(row, name, value)
    return row


def _copy_quotes(live, new):
    """Copy the items with their review state, and each item's decisions with their times, in their order."""
    quotes = list(live.quotes.order_by("position", "pk").prefetch_related("decisions"))
    histories = [sorted(quote.decisions.all(), key=lambda d: (d.decided_at, d.pk)) for quote in quotes]
    copies = Quote.objects.bulk_create(_copy(quote, article=new) for quote in quotes)
    decisions = [
        (copy, decision, decision.decided_at)
        for copy, history in zip(copies, histories, strict=True)
        for decision in history
    ]
    made = QuoteDecision.objects.bulk_create(_copy(decision, quote=copy) for copy, decision, _ in decisions)
    for decision, (_, _, decided_at) in zip(made, decisions, strict=True):
        decision.decided_at = decided_at  # `auto_now_add` stamped the copy; the history keeps its times
    QuoteDecision.objects.bulk_update(made, ["decided_at"])


def publish_new_version(new, *, by, at):
    """Merge the approved new version `new` into its live update; returns the live update.

    Called by the workflow's `publish` transition, inside its transaction, once the
    new version passed its checks (approved at its current version, preflight).
    """
    if at > timezone.now():
        raise NewVersionRefused(
            f"A new version is published at once, into its live update “{new.new_version_of}”; "
            "it cannot be scheduled. Publish it when the change should go live."
        )
    live = Article.objects.select_for_update().get(pk=new.new_version_of_id)
    if live.status != Status.PUBLISHED:
        raise NewVersionRefused(
            f"“{live}”, the live update, is {live.get_status_display().lower()}, no longer published: "
            "publish it again first, or delete this new version and change that update directly."
        )
    _copy_content(new, live)
    comment = f"Published its new version (approved at its version {new.version})"
    with changing_article(live, by=by, expected_version=live.version, comment=comment, housekeeping=True):
        live.authors.set(new.authors.all())
        live.topics.set(list(new.topics.all()))
        for rows in ("citations", "mentions", "quotes"):  # moved, not copied: an item's decisions follow it
            getattr(live, rows).all().delete()
            getattr(new, rows).update(article=live)
        new.status_changes.update(article=live)
        new.comments.update(article=live)
        _move_revisions(new, live)
    new.delete()
    return live


def _move_revisions(new, live):
    """The new version's revisions become the live update's, numbered after its own and labelled as the new version's."""
    last = live.revisions.aggregate(last=Max("number"))["last"] or 0
    revisions = list(new.revisions.order_by("number"))
    for offset, revision in enumerate(revisions, start=1):
        revision.article, revision.number = live, last + offset
        revision.comment = f"New version: {revision.comment}"[:300]
    Revision.objects.bulk_update(revisions, ["article", "number", "comment"])


# ---- Restore: a revision's content saved again, as a new revision -------------------------------


class RestoreRefused(Exception):
    pass


def restore_revision(revision, *, by, expected_version):
    """Save a revision's content again as a new revision; nothing in between is lost. Returns the new Revision.

    `expected_version` is the version of the revision's update the editor opened. A
    live update (or one with a new version in the making) is not changed: the content
    goes into its new version, started when there is none. Restores the fields,
    authors, topics, actors, citations and the words of the expert and actor items (the
    write path sends an approved item whose words change back to its expert); items
    added or removed since stay as they are. Related objects that no longer exist (a
    deleted source, actor or expert) are left out.
    """
    article = revision.article
    if edit_refusal(article):
        if conflict := find_conflict(article, expected_version):
            raise conflict
        if article.status == Status.ARCHIVED:
            raise ReadOnlyArticle(edit_refusal(article))
        article = start_new_version(article, by=by)
        expected_version = article.version
    data = revision.data
    fields = data["fields"]
    for field in content_fields():
        if field.name not in fields or not field.editable:
            continue
        value = fields[field.name]
        if field.is_relation:
            value = value and field.related_model.objects.filter(pk=value["id"]).values_list("pk", flat=True).first()
        setattr(article, field.attname, value)
    if clash := article.slug_clash():
        raise RestoreRefused(f"Revision {revision.number} cannot be restored: {clash}")

    comment = f"Restored revision {revision.number}" + (
        "" if article.pk == revision.article_id else f" of the live update “{revision.article}”"
    )
    with changing_article(article, by=by, expected_version=expected_version, comment=comment) as change:
        article.authors.set(Expert.objects.filter(pk__in=[a["id"] for a in data["authors"]]))
        article.topics.set(data["topics"])
        _replace_rows(article.mentions, data["mentions"], "actor_id", Actor, ["origin", "count", "first_position"])
        _replace_rows(
            article.citations, data["citations"], "source_id", Source, ["order", "cited_text", "is_placeholder"]
        )
        _restore_item_words(article, data["quotes"])
    return change.revision


def _replace_rows(related, rows, key, key_model, fields):
    """Replace an update's mentions or citations with a revision's rows whose `key` object still exists."""
    existing = set(key_model.objects.filter(pk__in=[row[key] for row in rows]).values_list("pk", flat=True))
    related.all().delete()
    related.model.objects.bulk_create(
        related.model(**{related.field.name: related.instance, key: row[key], **{name: row[name] for name in fields}})
        for row in rows
        if row[key] in existing
    )


def _restore_item_words(article, rows):
    """Give each item the words and kind it had in the revision: a speaker's n-th item takes their n-th then.

    Matched by speaker and order, not by id: a new version's items are copies, and
    publishing a new version replaces the live update's items with them.
    """
    then = defaultdict(list)
    for row in sorted(rows, key=lambda row: (row["position"], row["id"])):
        then[(row["expert_id"], row["actor_id"])].append(row)
    now = defaultdict(list)
    for quote in article.quotes.order_by("position", "pk"):
        now[(quote.expert_id, quote.actor_id)].append(quote)
    for speaker, quotes in now.items():
        for quote, row in zip(quotes, then[speaker], strict=False):  # items added since keep their words
            if (quote.text, quote.kind) != (row["text"], row["kind"]):
                Quote.objects.filter(pk=quote.pk).update(text=row["text"], kind=row["kind"])
