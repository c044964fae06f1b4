"""`/healthz`: whether this app server can serve, for a load balancer or a monitor.

200 and `{"status": "ok", "database": "ok", "cache": "ok"}` when the database answers a
`SELECT 1` and the cache gives back a key just set; 503 and `"status": "unavailable"` with
`"down"` for whatever did not answer (`"database": "down"` …) otherwise. The check catches its
own errors, so the styled 503 page of `hig_updates.middleware` never replaces its JSON, and its
503 is not logged as a server error: a monitor polls it while something is down, and the request
log records every answer anyway. `Cache-Control: no-store`, no cookie (it touches neither the
session nor the CSRF token), outside the public page cache; GET and HEAD only.
"""

import logging
import uuid

from django.core.cache import cache
from django.db import connection
from django.http import JsonResponse
from django.views.decorators.http import require_safe

logger = logging.getLogger(__name__)

CACHE_KEY = "healthz:probe"


def database_answers():
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            return cursor.fetchone() == (1,)
    except Exception as error:  # noqa: BLE001 — any driver's failure means "down"
        logger.warning("Health check: the database does not answer (%s: %s).", type(error).__name__, error)
        return False


def cache_answers():
    token = uuid.uuid4().hex
    try:
        cache.set(CACHE_KEY, token, 10)
        return cache.get(CACHE_KEY) == token
    except Exception as error:  # noqa: BLE001 — any backend's failure: Redis, memcached, a socket
        logger.warning("Health check: the cache does not answer (%s: %s).", type(error).__name__, error)
        return False


@require_safe
def healthz(request):
    checks = {"database": database_answers(), "cache": cache_answers()}
    healthy = all(checks.values())
    body = {"status": "ok" if healthy else "unavailable"}
    body.update({name: "ok" if answered else "down" for name, answered in checks.items()})
    response = JsonResponse(body, status=200 if healthy else 503)
    response["Cache-Control"] = "no-store"
    # Django logs every 5xx answer as an error (django.request); an expected "down" is not one.
    response._has_been_logged = True
    return response
