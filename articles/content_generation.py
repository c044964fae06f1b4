"""The public content generation: one number that changes whenever anything a public page shows changes.

Every cached public page is stored under the generation (`articles.public.cache`), so
replacing the number invalidates every page at once; no page needs to know which rows
it showed. `public_content_changed()` replaces it once the current transaction commits
(at once outside a transaction), so a rolled-back change invalidates nothing and no
page rendered from the old rows survives under the new number.

One way to trigger it: the services that change public content call
`public_content_changed()` explicitly — the update write path, the workflow, expert
review decisions, tagging, the gazetteer and demo loaders, the import-export resources,
and the admin's `PublicContentAdmin` for rows editors change directly. No model signal
does it behind anyone's back. It sits below `articles.public` (it imports nothing from
the project) so that every layer may call it, `actors.tagging` included.

The cache is a help, never a need: `cache_get`, `cache_set` and `cache_add` answer as if the
key were missing (and log a warning) when the cache cannot be reached (Redis down), so pages
are served from the database and no save or publish fails because of it. Without a cache
there is no generation (`current_generation()` answers None) and pages are not cached.
"""

import logging
import time

from django.core.cache import cache
from django.db import transaction

GENERATION_KEY = "public-site:generation"

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


def cache_add(key, value, timeout):
    return _tolerant("add", key, value, timeout, default=False)


def public_content_changed():
    """Every cached public page is stale from the commit of the current transaction on."""
    transaction.on_commit(_new_generation)


def _new_generation():
    cache_set(GENERATION_KEY, time.time_ns(), None)


def current_generation():
    """The current generation; a new one when the cache has none (evicted, or never set).

    None when the cache cannot be reached: then nothing can be cached under a generation.
    """
    generation = cache_get(GENERATION_KEY)
    if generation is None:
        cache_add(GENERATION_KEY, time.time_ns(), None)  # `add`: one process wins a race
        generation = cache_get(GENERATION_KEY)
    return generation
