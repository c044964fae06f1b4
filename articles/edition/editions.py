"""The kept PDF of a published update: made once per version, stored, replaced when the update changes.

One `Edition` row per update points at its PDF on the media storage,
`editions/<article id>/<slug>-v<version>-<fingerprint>.pdf`.

- `schedule_edition(article)`: the write path and the workflow call it after every change; once the
  transaction commits, for a published update (a scheduled one included, so its PDF is ready at its
  minute), it enqueues `make_edition_task`, so readers find the PDF made.
- `make_edition(article_id)`: the PDF of the update as it is now, unless the kept one already shows
  exactly that (same version, same fingerprint of its HTML); a new one replaces the row's file and
  the old file is deleted once committed.
- `edition_for_reader(article)`: what `/updates/<slug>/pdf/` serves. The kept PDF when it still
  shows what the update shows now — judged by the fingerprint, which catches what changes without
  a new version too (an expert withdrawing a quote, a source's title corrected); the fingerprint is
  cached under the public content generation, so this costs a query while nothing changed. When
  the PDF is missing or stale (its task has not run yet), the first request makes it then, once,
  under a lock; a request arriving meanwhile gets `EditionBusy` (the view answers 503 with
  Retry-After) rather than starting a second render on the same two cores.
"""

import contextlib
import logging
from functools import partial

from django.core.cache import cache
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.tasks import task
from django.utils import timezone

from articles.content_generation import cache_get, cache_set, current_generation
from articles.edition.document import EditionDocument
from articles.edition.pdf import render_pdf
from articles.models import Article, Edition
from articles.public import queries as public

FOLDER = "editions"
LOCK_SECONDS = 120  # longer than any render takes; a crashed render's lock lapses after it
FINGERPRINT_TIMEOUT = 60 * 60 * 24

logger = logging.getLogger(__name__)


class EditionBusy(Exception):
    """Another request is making this update's PDF right now."""


def schedule_edition(article):
    """Have the PDF of `article` made once the current transaction commits, if it is published (or scheduled)."""
    if article.status == Article.Status.PUBLISHED:
        transaction.on_commit(partial(_enqueue, article.pk), robust=True)


def _enqueue(article_id):
    try:
        make_edition_task.enqueue(article_id)
    except Exception:  # a task queue that is down must not fail a publish; readers' requests make it then
        logger.exception("Could not queue the PDF of update %s.", article_id)


@task
def make_edition_task(article_id):
    """`make_edition` in the background; returns the version the kept PDF shows (None: not published)."""
    edition = make_edition(article_id)
    return {"article_id": article_id, "version": edition.version if edition else None}


def load_for_edition(articles):
    """`articles` loaded with everything the PDF shows."""
    return public.with_everything_shown(public.listed(articles))


def make_edition(article_id):
    """The kept PDF of the update as it is now, made when it is missing or stale; None unless published."""
    article = load_for_edition(Article.objects.filter(pk=article_id, status=Article.Status.PUBLISHED)).first()
    if article is None:
        return None
    document = EditionDocument(article)
    kept = Edition.objects.filter(article=article).first()
    if kept and kept.version == article.version and kept.fingerprint == document.fingerprint:
        return kept
    rendered = render_pdf(document)
    return _keep(article, document.fingerprint, rendered)


def _keep(article, fingerprint, rendered):
    name = default_storage.save(
        f"{FOLDER}/{article.pk}/{article.slug}-v{article.version}-{fingerprint[:12]}.pdf", ContentFile(rendered.data)
    )
    try:
        with transaction.atomic():
            previous = Edition.objects.select_for_update().filter(article=article).values_list("file", flat=True)
            previous = previous.first()
            edition, _ = Edition.objects.update_or_create(
                article=article,
                defaults={
                    "version": article.version,
                    "fingerprint": fingerprint,
                    "file": name,
                    "pages": rendered.pages,
                    "made_at": timezone.now(),
                },
            )
            if previous and previous != name:
                transaction.on_commit(partial(default_storage.delete, previous))
    except BaseException:
        default_storage.delete(name)
        raise
    return edition


def edition_for_reader(article):
    """The PDF to serve for `article` (published); made now when missing or stale."""
    kept = Edition.objects.filter(article_id=article.pk).first()
    if kept and kept.version == article.version and kept.fingerprint == _fingerprint_now(article):
        return kept
    with _render_lock(article.pk):
        return make_edition(article.pk)


def _fingerprint_now(article):
    generation = current_generation()
    key = f"edition:fingerprint:{generation}:{article.pk}:{article.version}"
    fingerprint = cache_get(key) if generation else None
    if fingerprint is None:
        loaded = load_for_edition(Article.objects.filter(pk=article.pk)).get()
        fingerprint = EditionDocument(loaded).fingerprint
        if generation:
            cache_set(key, fingerprint, FINGERPRINT_TIMEOUT)
    return fingerprint


@contextlib.contextmanager
def _render_lock(article_id):
    key = f"edition:rendering:{article_id}"
    try:
        acquired = cache.add(key, True, LOCK_SECONDS)
    except Exception:  # noqa: BLE001 — no cache, no lock: at worst two requests render the same PDF
        acquired, key = True, None
    if not acquired:
        raise EditionBusy
    try:
        yield
    finally:
        if key:
            with contextlib.suppress(Exception):
                cache.delete(key)
