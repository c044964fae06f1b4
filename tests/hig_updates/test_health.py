"""`/healthz`: 200 when the database and the cache answer, 503 naming what is down, JSON either way."""

import logging
from unittest import mock

import pytest
from django.db import InterfaceError, OperationalError, connection
from django.test import override_settings

pytestmark = pytest.mark.django_db

REDIS_DOWN = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": "redis://127.0.0.1:1"}}


def database_away(error=OperationalError):
    return mock.patch.object(connection, "ensure_connection", side_effect=error("could not connect to server"))


def test_healthy_it_answers_200_ok_uncached_and_without_cookies(client):
    response = client.get("/healthz")

    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok", "cache": "ok"}
    assert response["Content-Type"] == "application/json"
    assert response["Cache-Control"] == "no-store"
    assert not response.cookies
    assert "Set-Cookie" not in response.headers


def test_a_signed_in_visitor_gets_no_cookie_either(editor_client):
    response = editor_client.get("/healthz")

    assert response.status_code == 200 and not response.cookies


@pytest.mark.parametrize("error", [OperationalError, InterfaceError])
def test_the_database_away_answers_its_own_json_503_not_the_styled_page_nor_an_error(client, caplog, error):
    with database_away(error), caplog.at_level(logging.WARNING):
        response = client.get("/healthz")

    assert response.status_code == 503
    assert response.json() == {"status": "unavailable", "database": "down", "cache": "ok"}
    assert response["Cache-Control"] == "no-store"
    assert not [record for record in caplog.records if record.levelno >= logging.ERROR]
    assert "could not connect to server" in caplog.text  # said once, as a warning


def test_the_cache_away_answers_503_naming_the_cache(client):
    with override_settings(CACHES=REDIS_DOWN):
        response = client.get("/healthz")

    assert response.status_code == 503
    assert response.json() == {"status": "unavailable", "database": "ok", "cache": "down"}


def test_both_away_names_both(client):
    with override_settings(CACHES=REDIS_DOWN), database_away():
        response = client.get("/healthz")

    assert response.json() == {"status": "unavailable", "database": "down", "cache": "down"}


def test_it_answers_the_next_request_once_the_database_is_back(client):
    with database_away():
        assert client.get("/healthz").status_code == 503

    assert client.get("/healthz").status_code == 200


def test_a_post_is_refused(client):
    assert client.post("/healthz").status_code == 405
