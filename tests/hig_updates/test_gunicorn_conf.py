"""`make serve`'s gunicorn, for real: production settings from the environment, hig_updates/gunicorn.conf.py.

A subprocess with DEBUG unset, a migrated SQLite file and collected static files in a temporary
folder, on a free port: /healthz answers, a public page is served, HEAD / has no body and gunicorn
does not warn about one, and every request left its JSON line on standard error and its access
line on standard output. Every wait is bounded; the server is always stopped.
"""

import json
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CONFIG = "hig_updates/gunicorn.conf.py"
BOOT_SECONDS = 60
BODY_WARNING = "WSGI app sent body bytes on a no-body response"


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="module")
def production_env(tmp_path_factory):
    folder = tmp_path_factory.mktemp("serve")
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": str(folder),
        "SECRET_KEY": "a-production-like-secret-key-for-this-test-only",
        "ALLOWED_HOSTS": "127.0.0.1",
        "DATABASE_URL": f"sqlite:///{folder / 'db.sqlite3'}",
        "STATIC_ROOT": str(folder / "static"),
        "WEB_CONCURRENCY": "1",
    }
    for command in (["migrate", "--noinput"], ["collectstatic", "--noinput"]):
        subprocess.run(
            [sys.executable, "manage.py", *command], cwd=ROOT, env=env, check=True, capture_output=True, timeout=180
        )
    return env, folder


def get(url, method="GET"):
    try:
        with urllib.request.urlopen(urllib.request.Request(url, method=method), timeout=10) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read()


def raw_head(port, path="/"):
    """Every byte the server sends for a HEAD, read until it closes the connection."""
    with socket.create_connection(("127.0.0.1", port), timeout=10) as conn:
        conn.sendall(f"HEAD {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n".encode())
        received = b""
        while chunk := conn.recv(65536):
            received += chunk
    return received


def wait_for_health(process, url):
    deadline = time.monotonic() + BOOT_SECONDS
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"gunicorn exited with {process.returncode} before answering")
        try:
            return get(url)
        except OSError:
            time.sleep(0.2)
    pytest.fail(f"gunicorn did not answer {url} within {BOOT_SECONDS} s")


@pytest.fixture(scope="module")
def served(production_env):
    """Run the requests against a real gunicorn, stop it, and hand over what it answered and logged."""
    env, folder = production_env
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    stdout, stderr = folder / "stdout.log", folder / "stderr.log"
    with stdout.open("wb") as out, stderr.open("wb") as err:
        process = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "--config", CONFIG, "--bind", f"127.0.0.1:{port}"],
            cwd=ROOT,
            env=env,
            stdout=out,
            stderr=err,
        )
        try:
            answers = {
                "healthz": wait_for_health(process, f"{base}/healthz"),
                "home": get(f"{base}/"),
                "experts": get(f"{base}/experts/"),
                "head": raw_head(port),
                "missing": get(f"{base}/no-such-page/"),
            }
        finally:
            process.terminate()
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(timeout=10)
    return answers, stdout.read_text(), stderr.read_text()


def test_health_and_public_pages_answer(served):
    answers, _out, _err = served

    status, headers, body = answers["healthz"]
    assert status == 200 and json.loads(body) == {"status": "ok", "database": "ok", "cache": "ok"}
    assert headers["Cache-Control"] == "no-store"
    assert answers["home"][0] == 200 and b"</html>" in answers["home"][2]
    assert answers["experts"][0] == 200
    assert answers["missing"][0] == 404


def test_head_sends_headers_and_no_body_and_gunicorn_does_not_warn(served):
    answers, _out, err = served

    head, _, after = answers["head"].partition(b"\r\n\r\n")
    assert head.startswith(b"HTTP/1.1 200")
    assert int(dict(line.split(": ", 1) for line in head.decode().splitlines()[1:])["Content-Length"]) > 0
    assert after == b""
    assert BODY_WARNING not in err


def test_every_request_logs_one_json_line_to_stderr_and_an_access_line_to_stdout(served):
    _answers, out, err = served

    entries = [json.loads(line) for line in err.splitlines() if line.startswith("{")]
    requests = [entry for entry in entries if entry["logger"] == "hig_updates.requests"]
    assert [(entry["method"], entry["path"], entry["status"]) for entry in requests] == [
        ("GET", "/healthz", 200),
        ("GET", "/", 200),
        ("GET", "/experts/", 200),
        ("HEAD", "/", 200),
        ("GET", "/no-such-page/", 404),
    ]
    for entry in requests:
        assert entry["user_id"] is None
        assert isinstance(entry["queries"], int) and isinstance(entry["duration_ms"], float)
    assert requests[0]["queries"] == 1  # the health check's SELECT 1
    assert '"HEAD / HTTP/1.1" 200' in out and '"GET /healthz HTTP/1.1" 200' in out
    assert not [entry for entry in entries if entry["level"] == "ERROR"]
