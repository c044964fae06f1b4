"""Reads from a replica, writes to the primary, and every client reads its own writes.

Installed by settings only when DATABASE_REPLICA_URL is set (the "replica" database alias);
without it there is one database and none of this runs.

`PrimaryReplicaRouter` (DATABASE_ROUTERS) sends:
- every write to the primary ("default");
- a read to the primary when it happens inside a transaction on the primary (`atomic()`: the
  transaction must see its own rows and lock what it read), after a write earlier in the same
  request or in the same context outside a request (a management command, a task), or when the
  request carries the read-your-writes mark;
- every other read to the replica.
Migrations run on the primary only (the replica gets its schema by replication); rows of the two
aliases may relate, as they are the same data.

`ReadYourWritesMiddleware` (first in MIDDLEWARE when a replica is configured): after a request that
wrote (a POST, PUT, PATCH or DELETE, or any request during which the router routed a write) it
sets a short-lived signed cookie; for REPLICA_LAG_SECONDS (default 10) that client's requests read
from the primary, so an editor who saves, logs in or publishes sees the result on the next page
even while the replica lags behind. Other clients keep reading the replica. The cookie is signed
and timestamped: it cannot be forged or kept alive past its age, and it holds nothing else.
"""

import contextvars
from dataclasses import dataclass

from django.conf import settings
from django.db import connections

PRIMARY = "default"
REPLICA = "replica"
COOKIE_NAME = "hig_read_primary"
COOKIE_SALT = "hig_updates.db_router.read_your_writes"
UNSAFE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})


@dataclass
class ReadState:
    """Where the current request (or context) reads: `primary` once marked or after a write."""

    primary: bool = False
    wrote: bool = False


_read_state = contextvars.ContextVar("hig_updates_read_state", default=None)


def replica_lag_seconds():
    return int(getattr(settings, "REPLICA_LAG_SECONDS", 10))


class PrimaryReplicaRouter:
    def db_for_read(self, model, **hints):
        state = _read_state.get()
        if state is not None and (state.primary or state.wrote):
            return PRIMARY
        if connections[PRIMARY].in_atomic_block:
            return PRIMARY
        return REPLICA

    def db_for_write(self, model, **hints):
        state = _read_state.get()
        if state is None:  # outside a request: this context reads from the primary from now on
            state = ReadState()
            _read_state.set(state)
        state.wrote = True
        return PRIMARY

    def allow_relation(self, obj1, obj2, **hints):
        aliases = {PRIMARY, REPLICA}
        if obj1._state.db in aliases and obj2._state.db in aliases:
            return True
        return None

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return db == PRIMARY


class ReadYourWritesMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        state = ReadState(primary=self.marked(request))
        token = _read_state.set(state)
        try:
            response = self.get_response(request)
        finally:
            _read_state.reset(token)
        if state.wrote or request.method in UNSAFE_METHODS:
            response.set_signed_cookie(
                COOKIE_NAME,
                "1",
                salt=COOKIE_SALT,
                max_age=replica_lag_seconds(),
                secure=settings.SESSION_COOKIE_SECURE,
                httponly=True,
                samesite="Lax",
            )
        return response

    def marked(self, request):
        value = request.get_signed_cookie(COOKIE_NAME, default=None, salt=COOKIE_SALT, max_age=replica_lag_seconds())
        return value == "1"
