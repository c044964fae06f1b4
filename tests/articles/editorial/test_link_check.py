"""The link checker against an HTTP server the tests start on 127.0.0.1 — never the internet."""

import socket
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.core.management import call_command
from django.urls import reverse

from articles.editorial.link_check import check_sources, check_sources_task, check_url
from articles.editorial.preflight import run_preflight
from articles.models import Source
from tests.factories import ArticleFactory, CitationFactory, EditorFactory, SourceFactory

TIMEOUT = 0.3
SLOW = 1.0  # longer than TIMEOUT


class Handler(BaseHTTPRequestHandler):
    def do_HEAD(self):
        self.answer()

    def do_GET(self):
        self.answer()

    def answer(self):
        server = self.server
        server.requests.append((self.command, self.path))
        if self.path.startswith("/busy"):
            # How many /busy requests are in hand at once. The count drops before the
            # answer is sent, so a worker's next request can never overlap its last one.
            with server.lock:
                server.active += 1
                server.most_active = max(server.most_active, server.active)
            time.sleep(0.1)
            with server.lock:
                server.active -= 1
        self.route()

    def route(self):
        path = self.path
        if path == "/moved":
            self.send_response(301)
            self.send_header("Location", "/ok")
        elif path == "/loop":
            self.send_response(302)
            self.send_header("Location", "/loop")
        elif path == "/missing":
            self.send_response(404)
        elif path == "/broken":
            self.send_response(500)
        elif path == "/slow":
            time.sleep(SLOW)
            self.send_response(200)
        elif path == "/no-head" and self.command == "HEAD":
            self.send_response(405)
        else:
            self.send_response(200)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def server():
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    httpd.daemon_threads = True
    httpd.requests, httpd.lock, httpd.active, httpd.most_active = [], threading.Lock(), 0, 0
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    httpd.url = f"http://127.0.0.1:{httpd.server_address[1]}"
    yield httpd
    httpd.shutdown()
    httpd.server_close()


@pytest.fixture
def closed_port_url():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    return f"http://127.0.0.1:{port}/"


@pytest.fixture(autouse=True)
def short_timeout(settings):
    settings.LINK_CHECK_TIMEOUT = TIMEOUT
    settings.LINK_CHECK_ALLOW_PRIVATE = True  # the test server listens on 127.0.0.1


def test_addresses_that_are_not_public_are_refused_by_default(server, settings):
    settings.LINK_CHECK_ALLOW_PRIVATE = False
    seen = len(server.requests)
    for url in (server.url + "/ok", server.url.replace("127.0.0.1", "localhost") + "/ok"):
        result = check_url(url, timeout=TIMEOUT)
        assert not result.alive
        assert "is not a public address (127.0.0.1)" in result.error
    assert len(server.requests) == seen  # no request ever reached the server


@pytest.mark.parametrize(
    ("path", "alive", "status", "final", "error"),
    [
        ("/ok", True, 200, "/ok", ""),
        ("/moved", True, 200, "/ok", ""),
        ("/no-head", True, 200, "/no-head", ""),
        ("/missing", False, 404, "/missing", ""),
        ("/broken", False, 500, "/broken", ""),
        ("/slow", False, None, "", f"No answer within {TIMEOUT:g} s"),
        ("/loop", False, None, "", "Too many redirects (last answer 302)"),
    ],
)
def test_check_url_verdicts(server, path, alive, status, final, error):
    result = check_url(server.url + path, timeout=TIMEOUT)
    assert (result.alive, result.status_code, result.error) == (alive, status, error)
    assert result.final_url == (server.url + final if final else "")
    if path == "/slow":  # it gave up at the timeout instead of waiting for the late answer
        assert TIMEOUT * 1000 * 0.9 <= result.duration_ms < SLOW * 1000
    else:
        assert isinstance(result.duration_ms, int | float)


def test_a_refused_connection_is_dead(closed_port_url):
    result = check_url(closed_port_url, timeout=TIMEOUT)
    assert (result.alive, result.status_code, result.error) == (False, None, "Connection refused")


def test_only_web_addresses_are_checked():
    result = check_url("ftp://example.org/file", timeout=TIMEOUT)
    assert (result.alive, result.error) == (False, "Only http and https addresses can be checked")


def test_head_first_then_get_when_head_is_refused(server):
    server.requests.clear()
    check_url(server.url + "/no-head", timeout=TIMEOUT)
    check_url(server.url + "/ok", timeout=TIMEOUT)
    assert server.requests == [("HEAD", "/no-head"), ("GET", "/no-head"), ("HEAD", "/ok")]


@pytest.mark.django_db
def test_check_sources_stores_each_result_and_skips_sources_without_url(server, closed_port_url):
    sources = {path: SourceFactory(url=server.url + path) for path in ("/ok", "/moved", "/missing", "/broken", "/slow")}
    refused = SourceFactory(url=closed_port_url)
    placeholder = SourceFactory(url="")
    results = check_sources(Source.objects.all())
    assert len(results) == 6
    stored = {s.url: s for s in Source.objects.all()}
    moved = stored[server.url + "/moved"]
    assert (moved.check_result, moved.check_status_code, moved.check_final_url) == ("alive", 200, server.url + "/ok")
    assert moved.checked_at is not None and moved.check_duration_ms is not None
    assert stored[server.url + "/missing"].check_result == "dead"
    assert stored[server.url + "/broken"].check_status_code == 500
    slow = stored[sources["/slow"].url]
    assert (slow.check_result, slow.check_status_code, slow.check_error) == ("dead", None, "No answer within 0.3 s")
    assert stored[refused.url].check_error == "Connection refused"
    placeholder.refresh_from_db()
    assert (placeholder.check_result, placeholder.checked_at) == ("unchecked", None)


@pytest.mark.django_db
def test_concurrency_is_bounded(server, settings):
    settings.LINK_CHECK_WORKERS = 3
    for number in range(9):
        SourceFactory(url=f"{server.url}/busy/{number}")
    server.most_active = 0
    check_sources(Source.objects.all())
    assert 2 <= server.most_active <= 3  # concurrent, but never more than the pool allows


@pytest.mark.django_db
def test_the_background_task_checks_and_reports(server):
    alive, dead = SourceFactory(url=server.url + "/ok"), SourceFactory(url=server.url + "/missing")
    result = check_sources_task.enqueue([alive.pk, dead.pk])
    assert result.status == "SUCCESSFUL"
    assert result.return_value == {"checked": 2, "dead": 1}
    assert Source.objects.get(pk=dead.pk).check_result == "dead"


@pytest.mark.django_db
def test_check_links_command_for_one_update(server, capsys):
    article = ArticleFactory(slug="the-update")
    CitationFactory(article=article, order=1, source=SourceFactory(url=server.url + "/moved"))
    CitationFactory(article=article, order=2, source=SourceFactory(url=server.url + "/missing"))
    other = SourceFactory(url=server.url + "/ok")
    call_command("check_links", "--article", "the-update")
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].startswith(f"alive 200 {server.url}/moved → {server.url}/ok (")
    assert lines[1].startswith(f"DEAD  404 {server.url}/missing (")
    assert lines[2] == "Checked 2 sources; 1 dead."
    other.refresh_from_db()
    assert other.check_result == "unchecked"
    # A dead source now blocks publishing.
    assert [p.code for p in run_preflight(article)] == ["dead_source"]


@pytest.mark.django_db
def test_admin_actions_check_links_and_show_the_result(server, client):
    client.force_login(EditorFactory())
    source = SourceFactory(url=server.url + "/missing")
    response = client.post(
        reverse("admin:articles_source_changelist"), {"action": "check_source_links", "_selected_action": [source.pk]}
    )
    assert response.status_code == 302
    page = client.get(reverse("admin:articles_source_change", args=[source.pk])).content.decode()
    assert "Dead" in page and "404" in page

    article = ArticleFactory()
    CitationFactory(article=article, source=SourceFactory(url=server.url + "/ok"))
    client.post(
        reverse("admin:articles_article_changelist"), {"action": "check_links", "_selected_action": [article.pk]}
    )
    assert Source.objects.get(url=server.url + "/ok").check_result == "alive"
