"""The load generator counts what it sees: answers by status, errors, latencies and their percentiles.

Against a tiny threaded server on 127.0.0.1, a handful of requests; nothing here asserts speed.
"""

import socket
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from bench.load import percentile, run_load


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep-alive unless a response says otherwise

    def do_GET(self):
        status, body, close = {
            "/ok": (200, b"fine", False),
            "/moved": (302, b"", False),
            "/missing": (404, b"no such page", False),
            "/broken": (500, b"oops", True),
        }[self.path]
        self.send_response(status)
        self.send_header("Content-Length", str(len(body)))
        if close:
            self.send_header("Connection", "close")
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format, *args):
        pass


@pytest.fixture
def server():
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield httpd.server_address[1]
    httpd.shutdown()
    httpd.server_close()


def test_counts_every_request_by_status_and_errors_outside_2xx_3xx(server):
    # One client walks the four paths in turn, twelve requests in all: three of each.
    tally = run_load(server, ["/ok", "/moved", "/missing", "/broken"], seconds=30, clients=1, max_requests=12)

    assert tally.requests == 12
    assert dict(tally.statuses) == {200: 3, 302: 3, 404: 3, 500: 3}
    assert (tally.http_errors, tally.connection_errors, tally.errors) == (6, 0, 6)
    assert len(tally.latencies) == 12
    assert tally.latency(0.5) <= tally.latency(0.95) <= tally.latency(0.99) == max(tally.latencies)


def test_concurrent_clients_share_the_request_budget(server):
    tally = run_load(server, ["/ok", "/broken"], seconds=30, clients=3, max_requests=10)

    assert tally.requests == sum(tally.statuses.values()) == len(tally.latencies) == 10
    assert tally.errors == tally.statuses[500] and tally.connection_errors == 0


def test_a_refused_connection_is_an_error_with_no_latency():
    with socket.socket() as sock:  # a port nobody listens on
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]

    tally = run_load(port, ["/"], seconds=30, clients=1, max_requests=3)

    assert (tally.requests, tally.connection_errors, tally.errors, tally.latencies) == (3, 3, 3, [])


def test_percentile_is_the_nearest_rank():
    values = [5, 1, 4, 2, 3, 10, 9, 8, 7, 6]

    assert [percentile(values, f) for f in (0.1, 0.5, 0.95, 0.99, 1.0)] == [1, 5, 10, 10, 10]
    assert percentile(list(range(1, 101)), 0.95) == 95
    assert percentile([], 0.5) is None
