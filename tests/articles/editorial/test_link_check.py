"""The link checker against an HTTP server the tests start on 127.0.0.1 — never the internet."""

import contextlib
import socket
import ssl
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.core.management import call_command
from django.urls import reverse

from articles.editorial.link_check import NOT_PUBLIC, check_sources, check_sources_task, check_url
from articles.editorial.preflight import run_preflight
from articles.models import Source
from tests.factories import ArticleFactory, CitationFactory, EditorFactory, SourceFactory

TIMEOUT = 0.3
SLOW = 1.0  # longer than TIMEOUT
DRIP_EVERY = 0.2  # seconds between the header lines of /drip, which never ends its headers


class Handler(BaseHTTPRequestHandler):
    def do_HEAD(self):
        self.answer()

    def do_GET(self):
        self.answer()

    def answer(self):
        server = self.server
        server.requests.append((self.command, self.path))
        server.hosts.append(self.headers["Host"])
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
        if path == "/drip":
            self.drip()
            return
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
        elif path.startswith("/to-ftp/"):
            self.send_response(302)
            self.send_header("Location", f"ftp://127.0.0.1:{path.removeprefix('/to-ftp/')}/")
        else:
            self.send_response(200)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def drip(self):
        """A status line, then one header line every DRIP_EVERY seconds until the client hangs up."""
        try:
            self.wfile.write(b"HTTP/1.1 200 OK\r\n")
            for number in range(1000):
                self.wfile.write(f"X-Drip-{number}: still here\r\n".encode())
                self.wfile.flush()
                time.sleep(DRIP_EVERY)
        except OSError:
            pass
        self.close_connection = True

    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def server():
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    httpd.daemon_threads = True
    httpd.requests, httpd.lock, httpd.active, httpd.most_active = [], threading.Lock(), 0, 0
    httpd.hosts = []
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


class Listener:
    """A TCP port on 127.0.0.1 that listens but never accepts; `connected()` says whether anyone knocked."""

    def __init__(self):
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(5)
        self.sock.setblocking(False)
        self.port = self.sock.getsockname()[1]

    def connected(self):
        try:
            self.sock.accept()[0].close()
        except BlockingIOError:
            return False
        return True


@pytest.fixture
def listener():
    listening = Listener()
    yield listening
    listening.sock.close()


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
        assert result.error == NOT_PUBLIC
    assert len(server.requests) == seen  # no request ever reached the server


def test_a_refused_address_gets_one_message_whether_its_port_is_open_or_closed(server, closed_port_url, settings):
    settings.LINK_CHECK_ALLOW_PRIVATE = False

    open_port, closed_port = check_url(server.url + "/ok", timeout=TIMEOUT), check_url(closed_port_url, timeout=TIMEOUT)

    assert open_port.error == closed_port.error == NOT_PUBLIC  # nothing tells an editor which ports listen


def test_a_redirect_to_another_scheme_is_refused_without_connecting(server, listener):
    result = check_url(f"{server.url}/to-ftp/{listener.port}", timeout=TIMEOUT)

    assert (result.alive, result.error) == (False, "Only http and https addresses can be checked")
    assert not listener.connected()


class Resolver:
    """socket.getaddrinfo answering `answers[i]` for the i-th look-up of `host` (the last one after that)."""

    def __init__(self, host, *answers):
        self.host, self.answers, self.calls, self.real = host, answers, 0, socket.getaddrinfo

    def __call__(self, host, port, *args, **kwargs):
        if host != self.host:
            return self.real(host, port, *args, **kwargs)
        address = self.answers[min(self.calls, len(self.answers) - 1)]
        self.calls += 1
        return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", (address, port))]


def test_the_address_is_checked_before_connecting_and_the_connection_goes_to_it(
    server, listener, settings, monkeypatch
):
    connects = []
    real_connect = socket.socket.connect

    def connect(sock, address):
        connects.append(address)
        if address[0] != "127.0.0.1":
            raise ConnectionRefusedError  # never the internet
        return real_connect(sock, address)

    monkeypatch.setattr(socket.socket, "connect", connect)
    settings.LINK_CHECK_ALLOW_PRIVATE = False

    # A name that resolves to loopback is refused before any connection.
    monkeypatch.setattr(socket, "getaddrinfo", Resolver("intranet.test", "127.0.0.1"))
    result = check_url(f"http://intranet.test:{listener.port}/", timeout=TIMEOUT)
    assert (result.error, connects, listener.connected()) == (NOT_PUBLIC, [], False)

    # A name that passes the check and then resolves to loopback (DNS rebinding): looked up once,
    # and the connection goes to the public address that was checked.
    resolver = Resolver("rebinding.test", "93.184.215.14", "127.0.0.1")
    monkeypatch.setattr(socket, "getaddrinfo", resolver)
    result = check_url(f"http://rebinding.test:{listener.port}/", timeout=TIMEOUT)
    assert (result.error, resolver.calls) == ("Connection refused", 1)
    assert connects == [("93.184.215.14", listener.port)]
    assert not listener.connected()

    # The connection goes to the checked address, yet the Host header and the TLS server name
    # (and so the certificate check) keep the host name.
    settings.LINK_CHECK_ALLOW_PRIVATE = True  # the test servers listen on 127.0.0.1
    monkeypatch.setattr(socket, "getaddrinfo", Resolver("briefings.test", "127.0.0.1"))
    port = server.server_address[1]
    result = check_url(f"http://briefings.test:{port}/ok", timeout=TIMEOUT)
    assert (result.alive, connects[-1], server.hosts[-1]) == (True, ("127.0.0.1", port), f"briefings.test:{port}")

    # A TLS server that records the name the client asks for; it has no certificate, so the handshake fails.
    names = []
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.sni_callback = lambda _sock, name, _context: names.append(name)
    with socket.socket() as tls_listener:
        tls_listener.bind(("127.0.0.1", 0))
        tls_listener.listen(1)

        def serve():
            connection, _ = tls_listener.accept()
            tls = context.wrap_socket(connection, server_side=True, do_handshake_on_connect=False)
            with connection, tls, contextlib.suppress(ssl.SSLError, OSError):
                tls.do_handshake()

        thread = threading.Thread(target=serve, daemon=True)
        thread.start()
        result = check_url(f"https://briefings.test:{tls_listener.getsockname()[1]}/", timeout=TIMEOUT)
        thread.join(TIMEOUT)
    assert not result.alive
    assert names == ["briefings.test"]


def test_a_server_dripping_its_headers_cannot_hold_the_check_past_its_budget(server):
    budget = 0.5

    result = check_url(server.url + "/drip", timeout=budget)

    assert (result.alive, result.error) == (False, "No answer within 0.5 s")
    # Each header line comes well within the budget; only a budget for the whole check stops it.
    assert result.duration_ms < 3 * budget * 1000


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
        assert result.duration_ms is not None


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
