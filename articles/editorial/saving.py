"""The one write path for an update's content.

Every change to an update's content goes through `changing_article`: the admin's
change form, an import-export row, a briefing import or re-import, accepting an
expert's proposed wording, restoring a revision, the demo. Workflow fields (status,
publish time) are never written here; `articles.editorial.workflow` owns them.

    with changing_article(article, by=user, expected_version=opened, comment="…") as change:
        ...  # save related rows: authors, topics, inlines, quotes, citations
    change.revision  # the Revision stored for this save

On entering, one transaction starts and the update's own fields are written: a new
update is inserted (version 1); an existing one with a conditional
`UPDATE … WHERE version = <expected_version>` that raises the version, so when
someone else saved in between nothing is written and `StaleArticle` says who saved,
when and what changed. The caller then saves its related rows in the same
transaction; nothing here calls back into the caller. On leaving without an
exception, in this order: the update is tagged with the actors it names
(`actors.tagging.tag_article`, after its quotes are saved), an old slug is kept
answering (`redirects.record_slug_change`), a `Revision` of the whole update is
stored (after the tagging, so it holds the actors), public content is marked
changed (on commit), and a published update's PDF is made again (`articles.edition`,
a task enqueued on commit). An exception anywhere rolls everything back.

Side effects are explicit calls, here and in every service, never model signals:
whoever reads a service sees everything it does.
"""

from contextlib import contextmanager
from dataclasses import dataclass

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from actors.models import Actor
from actors.tagging import tag_article
from articles.content_generation import public_content_changed
from articles.edition.editions import schedule_edition
from articles.editorial.redirects import record_slug_change
from articles.editorial.revisions import diff_revisions, record_revision
from articles.models import Article, Expert, Revision, Source
from articles.models.article import content_fields


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


@dataclass
class ArticleChange:
    """What `changing_article` yields; `revision` is set once the change is saved."""

    article: Article
    created: bool
    previous_slug: str | None
    revision: Revision | None = None


@contextmanager
def changing_article(article, *, by, expected_version=None, comment=""):
    """Write `article`'s content, let the caller save related rows, then tag, redirect, revise and mark public.

    A new update (no primary key) is inserted and needs no `expected_version`; an
    existing one needs the version the editor opened and raises `StaleArticle`,
    writing nothing, when it is no longer the stored one. `comment` describes the
    save in the revision ("Created" for a new update when left blank).
    """
    with transaction.atomic():
        change = _write_fields(article, expected_version)
        yield change
        tag_article(article)
        record_slug_change(article, previous_slug=change.previous_slug)
        if change.created and not comment:
            comment = "Created"
        change.revision = record_revision(article, by=by, comment=comment)
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


def _write_fields(article, expected_version):
    if article.pk is None:
        if expected_version is not None:
            raise ValueError("A new update has no version to expect.")
        article.version = 1
        article.save(force_insert=True)
        return ArticleChange(article=article, created=True, previous_slug=None)
    if expected_version is None:
        raise ValueError("Saving an existing update needs the version the editor opened (expected_version).")
    _keep_untracked_state(article.pk, expected_version)
    previous_slug = Article.objects.filter(pk=article.pk).values_list("slug", flat=True).first()
    values = {field.attname: getattr(article, field.attname) for field in content_fields()}
    updated = Article.objects.filter(pk=article.pk, version=expected_version).update(
        **values, version=F("version") + 1, updated_at=timezone.now()
    )
    if not updated:
        raise stale_article_error(article, expected_version)
    article.version = expected_version + 1
    return ArticleChange(article=article, created=False, previous_slug=previous_slug)


def _keep_untracked_state(pk, version):
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


# ---- Restore: a revision's content saved again, as a new revision -------------------------------


class RestoreRefused(Exception):
    pass


def restore_revision(revision, *, by, expected_version):
    """Save revision's content again as a new revision; nothing in between is lost. Returns the new Revision.

    Restores the fields, authors, topics, actors and citations. Quotes are not
    restored: an expert approves the exact words, so a quote's wording goes
    through expert review (the revision still shows it). Related objects that
    no longer exist (a deleted source, actor or expert) are left out.
    """
    article = revision.article
    data = revision.data
    fields = data["fields"]
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

    comment = f"Restored revision {revision.number}"
    with changing_article(article, by=by, expected_version=expected_version, comment=comment) as change:
        article.authors.set(Expert.objects.filter(pk__in=[a["id"] for a in data["authors"]]))
        article.topics.set(data["topics"])
        _replace_rows(article.mentions, data["mentions"], "actor_id", Actor, ["origin", "count", "first_position"])
        _replace_rows(
            article.citations, data["citations"], "source_id", Source, ["order", "cited_text", "is_placeholder"]
        )
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
