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
"""

import time

from django.core.cache import cache
from django.db import transaction

GENERATION_KEY = "public-site:generation"


def public_content_changed():
    """Every cached public page is stale from the commit of the current transaction on."""
    transaction.on_commit(_new_generation)


def _new_generation():
    cache.set(GENERATION_KEY, time.time_ns(), None)


def current_generation():
    """The current generation; a new one when the cache has none (evicted, or never set)."""
    generation = cache.get(GENERATION_KEY)
    if generation is None:
        cache.add(GENERATION_KEY, time.time_ns(), None)  # `add`: one process wins a race
        generation = cache.get(GENERATION_KEY)
    return generation
