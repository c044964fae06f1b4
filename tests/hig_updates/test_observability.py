"""One JSON log line per request, JSON log records, and HEAD answers without a body."""

import json
import logging
import sys

import pytest
from django.http import FileResponse, HttpResponse
from django.test import RequestFactory
from django.urls import reverse

from hig_updates.observability import HeadResponseMiddleware, JsonFormatter

pytestmark = pytest.mark.django_db


def request_records(caplog):
    return [record for record in caplog.records if record.name == "hig_updates.requests"]


def test_every_request_logs_its_method_path_status_duration_queries_and_user(editor_client, editor, site, caplog):
    with caplog.at_level(logging.INFO, logger="hig_updates.requests"):
        editor_client.get(reverse("admin:articles_article_changelist"))
        editor_client.get("/no-such-page/")

    listing, missing = request_records(caplog)
    assert (listing.method, listing.path, listing.status) == ("GET", "/admin/articles/article/", 200)
    assert listing.user_id == editor.pk
    assert listing.queries > 0
    assert listing.duration_ms >= 0
    assert (missing.path, missing.status) == ("/no-such-page/", 404)


def test_an_anonymous_request_logs_no_user_and_its_cached_answer_reads_only_the_generation(client, site, caplog):
    with caplog.at_level(logging.INFO, logger="hig_updates.requests"):
        client.get("/")  # twice: the second answer comes from the page cache, with one query (the generation)
        client.get("/")

    first, cached = request_records(caplog)
    assert first.user_id is None and first.status == 200
    assert first.queries > 1
    assert cached.queries == 1


def test_a_request_record_is_one_json_line_with_its_fields(client, site, caplog):
    with caplog.at_level(logging.INFO, logger="hig_updates.requests"):
        client.get("/experts/")

    line = JsonFormatter().format(request_records(caplog)[0])

    assert "\n" not in line
    entry = json.loads(line)
    assert entry["logger"] == "hig_updates.requests"
    assert entry["level"] == "INFO"
    assert {key: entry[key] for key in ("method", "path", "status", "user_id")} == {
        "method": "GET",
        "path": "/experts/",
        "status": 200,
        "user_id": None,
    }
    assert isinstance(entry["duration_ms"], float) and isinstance(entry["queries"], int)


def test_an_error_record_carries_its_traceback_in_one_json_line():
    try:
        raise ValueError("the view broke")
    except ValueError:
        record = logging.getLogger("django.request").makeRecord(
            "django.request", logging.ERROR, __file__, 1, "Internal Server Error: %s", ("/",), sys.exc_info()
        )

    entry = json.loads(JsonFormatter().format(record))

    assert entry["message"] == "Internal Server Error: /"
    assert "Traceback" in entry["traceback"] and "ValueError: the view broke" in entry["traceback"]


def test_the_logging_config_writes_json_to_standard_error(settings):
    handler = settings.LOGGING["handlers"][settings.LOGGING["root"]["handlers"][0]]
    assert handler["class"] == "logging.StreamHandler" and "stream" not in handler  # standard error
    assert settings.LOGGING["formatters"][handler["formatter"]]["()"] == "hig_updates.observability.JsonFormatter"
    assert logging.getLogger("hig_updates.requests").isEnabledFor(logging.INFO)


# ---- HEAD --------------------------------------------------------------------------------------
# Django's test client drops a HEAD answer's body itself, so the middleware is called directly
# (and through a real gunicorn in test_gunicorn_conf.py).


def head_through_middleware(response, method="HEAD"):
    request = RequestFactory().generic(method, "/")
    return HeadResponseMiddleware(lambda request: response)(request)


def test_a_head_answer_loses_its_body_and_keeps_its_length_and_headers():
    page = HttpResponse(b"<p>hello</p>", headers={"ETag": '"1"'})

    answer = head_through_middleware(page)

    assert answer.content == b""
    assert answer["Content-Length"] == "12"
    assert answer["ETag"] == '"1"'


def test_a_head_answer_keeps_a_content_length_already_set():
    page = HttpResponse(b"<p>hello</p>", headers={"Content-Length": "12"})

    assert head_through_middleware(page)["Content-Length"] == "12"


def test_a_streamed_head_answer_loses_its_body_and_still_closes_its_file(tmp_path):
    path = tmp_path / "file.txt"
    path.write_bytes(b"x" * 100)
    stream = path.open("rb")

    answer = head_through_middleware(FileResponse(stream))

    assert b"".join(answer.streaming_content) == b""
    assert answer["Content-Length"] == "100"
    answer.close()
    assert stream.closed


def test_a_get_answer_keeps_its_body():
    assert head_through_middleware(HttpResponse(b"<p>hello</p>"), method="GET").content == b"<p>hello</p>"


def test_the_middlewares_sit_outside_the_security_headers_and_everything_after(settings):
    order = settings.MIDDLEWARE.index
    security = order("django.middleware.security.SecurityMiddleware")
    assert order("hig_updates.observability.RequestLogMiddleware") < security
    assert order("hig_updates.observability.HeadResponseMiddleware") < security
