"""Revisions of an update: snapshots, and readable diffs between them.

A `Revision` is a snapshot of the whole update (fields, authors, topics, actors,
citations, quotes) as it is in the database. The write path
(`articles.editorial.saving`) stores one after every save of an update's content,
restores included; revisions are never edited. `diff_revisions` says, field by
field and list by list, what changed from one revision to another.
"""

import datetime
import difflib
import re
from dataclasses import dataclass

from django.db.models import Max
from django.utils.html import escape
from django.utils.safestring import mark_safe

from articles.models import Article, Revision
from articles.models.article import content_fields


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
    """Store a snapshot of the update as it is in the database now, numbered after the last one.

    Called by the write path at the end of every save; reloads `article` from the database.
    """
    article.refresh_from_db()
    last = Revision.objects.filter(article=article).aggregate(last=Max("number"))["last"] or 0
    return Revision.objects.create(
        article=article, number=last + 1, data=snapshot(article), created_by=by, comment=comment[:300]
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
    return diff_snapshots(old.data, new.data)


def diff_snapshots(old, new):
    """The changes from one snapshot (`snapshot()`, a revision's data) to another, one per changed field or list."""
    before, after = dict(readable(old)), readable(new)
    return [Change(label, diff_html(before.get(label, ""), text)) for label, text in after if before.get(label) != text]
