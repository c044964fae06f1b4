"""The replica router's decisions and the read-your-writes mark, without any database.

The same rules against two real PostgreSQL databases: test_db_replica_postgres.py.
"""

import contextvars
import datetime

import pytest
import time_machine
from django.db import connections
from django.http import HttpResponse
from django.test import RequestFactory

from articles.models import Article
from hig_updates.db_router import COOKIE_NAME, PrimaryReplicaRouter, ReadYourWritesMiddleware

router = PrimaryReplicaRouter()


@pytest.fixture(autouse=True)
def outside_any_transaction(monkeypatch):
    monkeypatch.setattr(connections["default"], "in_atomic_block", False)


def in_fresh_context(function):
    """Runs as a new thread, request or command would: nothing routed before in this context."""
    return contextvars.Context().run(function)


def test_a_read_goes_to_the_replica():
    assert in_fresh_context(lambda: router.db_for_read(Article)) == "replica"


def test_a_write_goes_to_the_primary_and_so_do_later_reads_in_the_same_context():
    def write_then_read():
        return router.db_for_write(Article), router.db_for_read(Article)

    assert in_fresh_context(write_then_read) == ("default", "default")
    assert in_fresh_context(lambda: router.db_for_read(Article)) == "replica"


def test_a_read_inside_a_transaction_on_the_primary_goes_to_the_primary(monkeypatch):
    monkeypatch.setattr(connections["default"], "in_atomic_block", True)
    assert in_fresh_context(lambda: router.db_for_read(Article)) == "default"


def test_migrations_run_on_the_primary_only():
    assert router.allow_migrate("default", "articles") is True
    assert router.allow_migrate("replica", "articles") is False


def test_rows_of_the_primary_and_the_replica_may_relate():
    one, other = Article(), Article()
    one._state.db, other._state.db = "default", "replica"
    assert router.allow_relation(one, other) is True
    other._state.db = "elsewhere"
    assert router.allow_relation(one, other) is None


def run_request(request, *, write=False):
    """Passes a request through the middleware; the view routes a write if asked, then a read."""
    seen = {}

    def view(request):
        if write:
            router.db_for_write(Article)
        seen["read"] = router.db_for_read(Article)
        return HttpResponse("ok")

    response = in_fresh_context(lambda: ReadYourWritesMiddleware(view)(request))
    return response, seen["read"]


def carrying(request, response):
    request.COOKIES[COOKIE_NAME] = response.cookies[COOKIE_NAME].value
    return request


def test_a_request_that_reads_only_leaves_no_mark_and_reads_the_replica():
    response, read = run_request(RequestFactory().get("/"))
    assert read == "replica"
    assert COOKIE_NAME not in response.cookies


@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
def test_a_request_with_an_unsafe_method_marks_the_client(method):
    response, _ = run_request(getattr(RequestFactory(), method)("/"))
    assert response.cookies[COOKIE_NAME]["max-age"] == 10
    assert response.cookies[COOKIE_NAME]["httponly"]


def test_a_get_that_wrote_marks_the_client_and_reads_its_write_in_the_same_request():
    response, read = run_request(RequestFactory().get("/"), write=True)
    assert read == "default"
    assert COOKIE_NAME in response.cookies


def test_a_marked_client_reads_from_the_primary_until_the_mark_expires():
    with time_machine.travel(datetime.datetime(2026, 3, 1, 12, 0, tzinfo=datetime.UTC), tick=False) as clock:
        written, _ = run_request(RequestFactory().post("/"))
        _, read = run_request(carrying(RequestFactory().get("/"), written))
        assert read == "default"
        clock.shift(datetime.timedelta(seconds=11))
        _, read = run_request(carrying(RequestFactory().get("/"), written))
        assert read == "replica"


def test_the_lag_is_a_setting(settings):
    settings.REPLICA_LAG_SECONDS = 3
    response, _ = run_request(RequestFactory().post("/"))
    assert response.cookies[COOKIE_NAME]["max-age"] == 3


def test_a_forged_mark_is_ignored():
    request = RequestFactory().get("/")
    request.COOKIES[COOKIE_NAME] = "1"
    _, read = run_request(request)
    assert read == "replica"


def test_the_next_request_on_the_same_thread_starts_unmarked():
    def two_requests():
        ReadYourWritesMiddleware(lambda request: router.db_for_write(Article) and HttpResponse())(
            RequestFactory().get("/")
        )
        return router.db_for_read(Article)

    assert in_fresh_context(two_requests) == "replica"
