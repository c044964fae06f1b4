"""The public content generation: one number that changes whenever anything a public page shows changes.

Every cached public page is stored under the generation (`articles.public.cache`), so
raising the number invalidates every page at once; no page needs to know which rows
it showed. `public_content_changed()` raises it once the current transaction commits
(at once outside a transaction), so a rolled-back change invalidates nothing.

The number is the "public-content" row of `articles.models.ChangeStamp`, in the database,
because that is what every process shares: each gunicorn worker, the task worker and a
management command in another terminal see a change on their next request, with or without
REDIS_URL. Raising it is one `UPDATE`; reading it one query by primary key per request.

Why a page stored under generation G never shows less than G stands for. A reader reads G
(1), looks the page up under G (2), and on a miss renders it from the rows (3) and stores it
under G (4). A writer commits its change (a), and only then raises the number to G' (b).
- The reader read G before (b): its rows (3) may or may not hold the change, so the page under
  G is the site as it was at G or later, never earlier. From (b) on every reader reads G' and
  never asks for G again; a request that read G just before (b) may still answer with the page
  from before the change: it started before the change was announced.
- The reader read G' after (b): (a) committed before (b), and (3) reads after (1), so the
  rows hold the change (autocommit: each query sees what was committed before it; a read
  transaction's snapshot holds both the number and the rows of one moment).
- Several writers: each raises the number after its own commit, and every value is new
  (`ChangeStamp.advance`: larger than every earlier one), so a page stored under an old value
  is never looked up again, whatever the order of the commits and the raises.
- A rolled-back change raises nothing; a raise whose `UPDATE` fails after the commit raises an
  error to the caller instead of leaving the site stale in silence.
- With a read replica the number is read where the page's rows are read (the router decides
  both): a replica shows the raise only after the change, which committed first.

One way to trigger it: the services that change public content call
`public_content_changed()` explicitly — the update write path, the workflow, expert
review decisions, tagging, the gazetteer and demo loaders, the import-export resources,
and the admin's `PublicContentAdmin` for rows editors change directly. No model signal
does it behind anyone's back. It sits just above the models (it imports `articles.models`
and nothing else of the project) so that every layer may call it, `actors.tagging` included.

The cache is a help, never a need: `cache_get` and `cache_set` answer as if the key were
missing (and log a warning) when the cache cannot be reached (Redis down), so pages are
served from the database and no save or publish fails because of it.
"""

import logging

from django.core.cache import cache
from django.db import transaction

from articles.models import ChangeStamp

logger = logging.getLogger(__name__)


def _tolerant(operation, *args, default=None):
    """`cache.<operation>(*args)`, or `default` when the cache cannot be reached."""
    try:
        return getattr(cache, operation)(*args)
    except Exception as error:  # noqa: BLE001 — any backend's failure: Redis, memcached, a socket
        logger.warning("The cache is unavailable (%s: %s); going on without it.", type(error).__name__, error)
        return default


def cache_get(key):
    """The cached value, or None when there is none or the cache cannot be reached."""
    return _tolerant("get", key)


def cache_set(key, value, timeout):
    _tolerant("set", key, value, timeout)


def public_content_changed():
    """Every cached public page is stale from the commit of the current transaction on, in every process."""
    transaction.on_commit(_new_generation)


def _new_generation():
    ChangeStamp.objects.advance(ChangeStamp.PUBLIC_CONTENT)


def current_generation():
    """The current generation (a time in nanoseconds, or a little later): one query."""
    return ChangeStamp.objects.value(ChangeStamp.PUBLIC_CONTENT)
