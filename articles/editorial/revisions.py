"""Saving an update: optimistic concurrency, a revision per save, diffs and restores.

`save_article` is the one way to save an existing update's content. It writes
with a conditional `UPDATE … WHERE version = <the version the editor opened>`,
so when someone else saved in between, nothing is written and `StaleArticle`
says who saved, when, and what changed. Every save stores a `Revision`: a
snapshot of the whole update (fields, authors, topics, actors, citations,
quotes). Revisions are never edited; restoring one saves its content again as
a new revision.
"""

import datetime
import difflib
import re
from dataclasses import dataclass

from django.db import transaction
from django.db.models import F, Max
from django.utils import timezone
from django.utils.html import escape
from django.utils.safestring import mark_safe

from actors.models import Actor
from articles.editorial.redirects import slug_changed
from articles.models import Article, Expert, Revision, Source
from articles.public.cache import mark_public_content_changed

# Changed only by the workflow (status, publish time) or by the save itself.
NOT_CONTENT = {"id", "status", "publish_at", "version", "created_at", "updated_at"}


def content_fields():
    """The article's own fields a save writes: every concrete field but the workflow's and the bookkeeping."""
    return [field for field in Article._meta.concrete_fields if field.name not in NOT_CONTENT]


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


def snapshot(article):
    """The whole update as JSON-ready data."""
    fields = {}
    for field in content_fields() + [Article._meta.get_field("status"), Article._meta.get_field("publish_at")]:
        if field.is_relation:
            related = getattr(article, field.name)
            fields[field.name] = {"id": related.pk, "name": str(related)} if related else None
        else:
            value = field.value_from_object(article)
            fields[field.name] = value.isoformat() if isinstance(value, datetime.date) else value
    return {
        "version": article.version,
        "fields": fields,
        "authors": [{"id": expert.pk, "name": expert.name} for expert in article.authors.order_by("name")],
        "topics": [tag.name for tag in article.topics.all()],  # in the order the public page shows them
        "mentions": [
            {
                "actor_id": m.actor_id,
                "actor": m.actor.name,
                "origin": m.origin,
                "count": m.count,
                "first_position": m.first_position,
            }
            for m in article.mentions.select_related("actor").order_by("actor__name")
        ],
        "citations": [
            {
                "order": c.order,
                "source_id": c.source_id,
                "source": c.source.title,
                "url": c.source.url,
                "cited_text": c.cited_text,
                "is_placeholder": c.is_placeholder,
            }
            for c in article.citations.select_related("source").order_by("order")
        ],
        "quotes": [
            {
                "id": q.pk,
                "position": q.position,
                "expert_id": q.expert_id,
                "actor_id": q.actor_id,
                "speaker": str(q.speaker),
                "kind": q.kind,
                "text": q.text,
                "status": q.status,
            }
            for q in article.quotes.select_related("expert", "actor").order_by("position", "pk")
        ],
    }


def record_revision(article, *, by, comment=""):
    """Store a snapshot of the update as it is in the database now, numbered after the last one."""
    article.refresh_from_db()
    last = Revision.objects.filter(article=article).aggregate(last=Max("number"))["last"] or 0
    return Revision.objects.create(
        article=article, number=last + 1, data=snapshot(article), created_by=by, comment=comment[:300]
    )


def create_article(article, *, by, save_related=None, comment="Created"):
    """Insert a new update, let `save_related` store its related rows, and record revision 1."""
    with transaction.atomic():
        article.save()
        if save_related:
            save_related()
        return record_revision(article, by=by, comment=comment)


def save_article(article, *, by, expected_version, save_related=None, comment=""):
    """Save the update's fields if it is still at `expected_version`; refuse with `StaleArticle` otherwise.

    `save_related` (optional) stores related rows (authors, topics, inlines) inside
    the same transaction, so a refused save writes nothing at all. Workflow fields
    (status, publish time) are never written here. Returns the new Revision.
    """
    with transaction.atomic():
        _ensure_revision_of_version(article.pk, expected_version)
        previous_slug = Article.objects.filter(pk=article.pk).values_list("slug", flat=True).first()
        values = {field.attname: getattr(article, field.attname) for field in content_fields()}
        updated = Article.objects.filter(pk=article.pk, version=expected_version).update(
            **values, version=F("version") + 1, updated_at=timezone.now()
        )
        if not updated:
            raise stale_article_error(article, expected_version)
        slug_changed(article, previous_slug)  # update() sends no signals: keep the old URL answering
        transaction.on_commit(mark_public_content_changed)  # update() sends no signal for the page cache
        if save_related:
            save_related()
        return record_revision(article, by=by, comment=comment)


def _ensure_revision_of_version(pk, version):
    """Keep the state before this save when no revision holds it yet (content created before revisions)."""
    if Revision.objects.filter(article_id=pk, data__version=version).exists():
        return
    stored = Article.objects.filter(pk=pk, version=version).first()
    if stored:
        record_revision(stored, by=None, comment="State before the first tracked save")


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


# ---- Readable diffs ---------------------------------------------------------------------------

LIST_LABELS = {
    "authors": "Authors",
    "topics": "Topics",
    "mentions": "Actors",
    "citations": "Citations",
    "quotes": "Quotes",
}
TOKENS = re.compile(r"\w+|\s+|[^\w\s]")


@dataclass(frozen=True)
class Change:
    label: str
    html: str


def readable(data):
    """The snapshot as (label, text) pairs, in the order editors read an update."""
    labels = {field.name: field.verbose_name.capitalize() for field in content_fields() if field.editable}
    pairs = []
    for name, label in labels.items():  # model order: jsonb does not keep the keys' order
        if name in data["fields"]:
            value = data["fields"][name]
            text = value["name"] if isinstance(value, dict) else ("" if value is None else str(value))
            pairs.append((label, text))
    lines = {
        "authors": [a["name"] for a in data["authors"]],
        "topics": sorted(data["topics"], key=str.lower),
        "mentions": [f"{m['actor']} ({m['origin']})" for m in data["mentions"]],
        "citations": [
            f"[{c['order']}] “{c['cited_text']}” → {c['source']} {c['url'] or '(no URL)'}" for c in data["citations"]
        ],
        "quotes": [f"{q['speaker']} ({q['kind']}, {q['status']}): {q['text']}" for q in data["quotes"]],
    }
    pairs += [(LIST_LABELS[key], "\n".join(values)) for key, values in lines.items()]
    return pairs


def diff_html(old, new):
    """A word-level diff of two texts as escaped HTML with <del> and <ins>."""
    a, b = TOKENS.findall(old), TOKENS.findall(new)
    parts = []
    for op, a1, a2, b1, b2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if op == "equal":
            parts.append(escape("".join(a[a1:a2])))
            continue
        if a2 > a1:
            parts.append(f"<del>{escape(''.join(a[a1:a2]))}</del>")
        if b2 > b1:
            parts.append(f"<ins>{escape(''.join(b[b1:b2]))}</ins>")
    return mark_safe("".join(parts))


def diff_revisions(old, new):
    """The changes from revision `old` to revision `new`, one per changed field or list."""
    before, after = dict(readable(old.data)), readable(new.data)
    return [Change(label, diff_html(before.get(label, ""), text)) for label, text in after if before.get(label) != text]


# ---- Restore ----------------------------------------------------------------------------------


class RestoreRefused(Exception):
    pass


def restore_revision(revision, *, by, expected_version):
    """Save revision's content again as a new revision; nothing in between is lost.

    Restores the fields, authors, topics, actors and citations. Quotes are not
    restored: an expert approves the exact words, so a quote's wording goes
    through expert review (the revision still shows it). Related objects that
    no longer exist (a deleted source, actor or expert) are left out.
    """
    article = revision.article
    fields = revision.data["fields"]
    slug = fields.get("slug", article.slug)
    taken = Article.objects.exclude(pk=article.pk).filter(slug=slug).first()
    if taken:
        raise RestoreRefused(f"The slug “{slug}” of revision {revision.number} is now used by “{taken}”.")
    for field in content_fields():
        if field.name not in fields or not field.editable:
            continue
        value = fields[field.name]
        if field.is_relation:
            value = value and field.related_model.objects.filter(pk=value["id"]).values_list("pk", flat=True).first()
        setattr(article, field.attname, value)
    data = revision.data

    def restore_related():
        article.authors.set(Expert.objects.filter(pk__in=[a["id"] for a in data["authors"]]))
        article.topics.set(data["topics"])
        _replace_rows(article.mentions, data["mentions"], "actor_id", Actor, ["origin", "count", "first_position"])
        _replace_rows(
            article.citations, data["citations"], "source_id", Source, ["order", "cited_text", "is_placeholder"]
        )

    return save_article(
        article,
        by=by,
        expected_version=expected_version,
        save_related=restore_related,
        comment=f"Restored revision {revision.number}",
    )


def _replace_rows(related, rows, key, key_model, fields):
    """Replace an update's mentions or citations with a revision's rows whose `key` object still exists."""
    existing = set(key_model.objects.filter(pk__in=[row[key] for row in rows]).values_list("pk", flat=True))
    related.all().delete()
    related.model.objects.bulk_create(
        related.model(**{related.field.name: related.instance, key: row[key], **{name: row[name] for name in fields}})
        for row in rows
        if row[key] in existing
    )
