"""Every gunicorn worker sees a change made by another process on its next request: real processes.

The test makes a database of its own (a temporary SQLite file; a fresh PostgreSQL database, dropped
afterwards, when the suite runs on PostgreSQL), migrates it and loads the demo with `manage.py`,
and starts gunicorn with three workers and production settings (and the suite's REDIS_URL, when it
has one) on a free port of 127.0.0.1. Each request carries a probe header that the access log writes
beside the answering worker's pid, so the test asks, over fresh connections, until every worker has
served (and so cached) every page. Then other processes change the site through the services — a
slug change, an unpublish, a publish — and after each one every worker must answer every affected
page in the new state: the article, the home page, the feed, the old slug's redirect.
"""

import concurrent.futures
import http.client
import os
import re
import secrets
import signal
import socket
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest
from django.conf import settings

pytestmark = pytest.mark.processes

ROOT = Path(__file__).resolve().parents[3]
WORKERS = 3
LIMIT = 120  # seconds for any one command
PATIENCE = 60  # seconds to wait until every worker has answered
TITLE = "The Sino-North Korean Partnership Today"  # the demo's title, as the home page and the feed show it
OLD, RENAMED, NEW = "sino-north-korean-partnership-today", "partnership-renamed", "ferry-timetables"
NEW_TITLE = "Ferry timetables across the strait"

# Run by `manage.py shell -c` (one process, not four: the machine may be busy): the schema, the demo,
# the static files' manifest that production's storage needs (the public pages use none of the admin's
# files), an editor, the chief editor who approves, and an approved update to publish later.
PREPARE = f"""
from django.core.management import call_command
call_command("migrate", interactive=False, verbosity=0)
call_command("load_demo")
call_command("collectstatic", interactive=False, verbosity=0, ignore_patterns=["admin", "import_export"])
from django.contrib.auth.models import Group
from django.contrib.auth import get_user_model
from articles.editorial.saving import create_article
from articles.editorial.workflow import approve_article, submit_for_review
from articles.models import Article
from articles.roles import EDITORS
User = get_user_model()
writer = User.objects.create_user("writer", is_staff=True)
writer.groups.add(Group.objects.get(name=EDITORS))
chief = User.objects.create_superuser("chief", "chief@example.org", None)
update = Article(slug="{NEW}", title="{NEW_TITLE}", standfirst="Two crossings a day.", body="Two crossings a day.")
create_article(update, by=writer)
submit_for_review(update, by=writer)
approve_article(update, by=chief)
"""
# A live update's slug changes through a new version merged into it, as publishing one does.
RENAME = f"""
from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone
from articles.editorial.new_versions import publish_new_version, start_new_version
from articles.editorial.saving import save_article
from articles.models import Article
chief = get_user_model().objects.get(username="chief")
new = start_new_version(Article.objects.excluding_new_versions().get(slug="{OLD}"), by=chief)
new.slug = "{RENAMED}"
save_article(new, by=chief, expected_version=new.version)
with transaction.atomic():  # merged as the publish transition does (the demo's placeholders fail preflight)
    publish_new_version(new, by=chief, at=timezone.now())
"""


def link(slug):
    return f"/updates/{slug}/"


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Site:
    """The database, the environment and the commands of the site under test."""

    def __init__(self, folder):
        self.folder = folder
        self.database = settings.DATABASES["default"]
        self.postgres = self.database["ENGINE"] == "django.db.backends.postgresql"
        self.name = f"hig_processes_{uuid.uuid4().hex[:8]}"
        if self.postgres:
            db = self.database
            password = f":{db['PASSWORD']}" if db.get("PASSWORD") else ""
            url = f"postgres://{db['USER']}{password}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{self.name}"
        else:
            url = f"sqlite:///{folder / 'db.sqlite3'}"
        dropped = {"DEBUG", "DATABASE_REPLICA_URL", "BEHIND_HTTPS_PROXY", "TASKS_BACKEND", "WEB_CONCURRENCY"}
        self.env = {key: value for key, value in os.environ.items() if key not in dropped} | {
            "DJANGO_SETTINGS_MODULE": "hig_updates.settings",
            "SECRET_KEY": secrets.token_urlsafe(50),
            "ALLOWED_HOSTS": "127.0.0.1",
            "DATABASE_URL": url,
            "STATIC_ROOT": str(folder / "static"),
        }  # REDIS_URL stays as the suite has it: set, the workers share the suite's Redis; unset, each its memory

    def _admin(self, sql):
        import psycopg

        db = self.database
        params = {"host": db["HOST"] or "127.0.0.1", "port": db["PORT"] or 5432, "user": db["USER"]}
        with psycopg.connect(**params, dbname="postgres", password=db.get("PASSWORD") or None, autocommit=True) as c:
            c.execute(sql)

    def create(self):
        if self.postgres:
            self._admin(f'CREATE DATABASE "{self.name}"')
        self.shell(PREPARE)

    def drop(self):
        if self.postgres:
            self._admin(f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)')

    def manage(self, *args):
        done = subprocess.run(
            [sys.executable, "manage.py", *args], cwd=ROOT, env=self.env, capture_output=True, text=True, timeout=LIMIT
        )
        assert done.returncode == 0, f"manage.py {' '.join(args)} failed:\n{done.stdout}\n{done.stderr}"

    def shell(self, code):
        self.manage("shell", "--no-imports", "-c", code)


class Gunicorn:
    """gunicorn with WORKERS workers; `answers()` tells which worker answered each request."""

    def __init__(self, site):
        self.port = free_port()
        self.access_log = site.folder / "access.log"
        self.error_log = site.folder / "error.log"
        self.access_log.touch()
        self.error_log.touch()
        command = [
            str(Path(sys.executable).parent / "gunicorn"),
            *("--config", str(ROOT / "hig_updates" / "gunicorn.conf.py")),
            *("--bind", f"127.0.0.1:{self.port}", "--workers", str(WORKERS), "--max-requests", "0"),
            *("--access-logfile", str(self.access_log), "--error-logfile", str(self.error_log)),
            *("--access-logformat", "%(p)s %({x-probe}i)s"),
        ]
        self.process = subprocess.Popen(command, cwd=ROOT, env=site.env, stdout=subprocess.DEVNULL)

    def wait_until_serving(self):
        deadline = time.monotonic() + LIMIT
        while time.monotonic() < deadline:
            assert self.process.poll() is None, f"gunicorn stopped:\n{self.error_log.read_text()}"
            if len(self.workers()) == WORKERS:
                try:
                    with socket.create_connection(("127.0.0.1", self.port), timeout=1):
                        return
                except OSError:
                    pass
            time.sleep(0.2)
        raise AssertionError(f"gunicorn did not serve within {LIMIT} s:\n{self.error_log.read_text()}")

    def workers(self):
        return set(re.findall(r"Booting worker with pid: (\d+)", self.error_log.read_text()))

    def stop(self):
        self.process.send_signal(signal.SIGINT)  # a quick shutdown: nothing to finish
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()

    def get(self, path):
        """(probe, status, Location, body) of one GET over a connection of its own."""
        probe = uuid.uuid4().hex
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=LIMIT)
        try:
            connection.request("GET", path, headers={"X-Probe": probe, "Connection": "close"})
            response = connection.getresponse()
            return probe, response.status, response.getheader("Location"), response.read().decode()
        finally:
            connection.close()

    def pids_of(self, probes):
        """{probe: worker pid} from the access log, once it holds every probe."""
        deadline = time.monotonic() + 10
        while True:
            logged = {probe: pid for pid, probe in re.findall(r"<(\d+)> (\w+)", self.access_log.read_text())}
            if all(probe in logged for probe in probes) or time.monotonic() > deadline:
                return {probe: logged.get(probe) for probe in probes}
            time.sleep(0.05)

    def answers(self, paths):
        """{path: {worker pid: [(status, Location, body), …]}}: asks until every worker has answered every path."""
        seen = {path: {} for path in paths}
        deadline = time.monotonic() + PATIENCE
        workers = self.workers()
        with concurrent.futures.ThreadPoolExecutor(max_workers=4 * WORKERS) as pool:
            while any(set(by_worker) != workers for by_worker in seen.values()):
                assert time.monotonic() < deadline, f"not every worker answered within {PATIENCE} s: {seen}"
                # As many requests at once as there are workers, for each path some worker has not answered.
                asked = [path for path, by_worker in seen.items() if set(by_worker) != workers for _ in workers]
                replies = list(pool.map(self.get, asked))
                pids = self.pids_of([probe for probe, *_ in replies])
                assert None not in pids.values(), "a request is missing from the access log"
                for path, (probe, *answer) in zip(asked, replies, strict=True):
                    seen[path].setdefault(pids[probe], []).append(tuple(answer))
        return seen


def every_answer(seen, path):
    return [answer for answers in seen[path].values() for answer in answers]


@pytest.fixture
def own_site(tmp_path):
    site = Site(tmp_path)
    try:
        site.create()
        yield site
    finally:
        site.drop()


@pytest.fixture
def gunicorn(own_site):
    server = Gunicorn(own_site)
    try:
        server.wait_until_serving()
        yield server
    finally:
        server.stop()


def test_every_worker_shows_a_change_made_by_another_process_on_its_next_request(own_site, gunicorn):
    site = own_site
    before = gunicorn.answers([link(OLD), "/", "/feed/"])  # every worker has cached each page now
    assert {(status, TITLE in body) for status, _, body in every_answer(before, link(OLD))} == {(200, True)}
    assert all(TITLE in body for _, _, body in every_answer(before, "/") + every_answer(before, "/feed/"))

    site.shell(RENAME)  # through the write path, in another process
    renamed = gunicorn.answers([link(OLD), link(RENAMED), "/", "/feed/"])
    assert set(every_answer(renamed, link(OLD))) == {(301, link(RENAMED), "")}
    assert {status for status, _, _ in every_answer(renamed, link(RENAMED))} == {200}
    for page in ("/", "/feed/"):
        bodies = [body for _, _, body in every_answer(renamed, page)]
        assert all(link(RENAMED) in body and link(OLD) not in body for body in bodies), page

    site.manage("unpublish", RENAMED, "--user", "chief")
    unpublished = gunicorn.answers([link(RENAMED), link(OLD), "/", "/feed/"])
    assert {status for status, _, _ in every_answer(unpublished, link(RENAMED))} == {404}
    assert {status for status, _, _ in every_answer(unpublished, link(OLD))} == {404}
    assert not any(TITLE in body for _, _, body in every_answer(unpublished, "/") + every_answer(unpublished, "/feed/"))

    site.manage("publish", NEW, "--user", "chief")
    published = gunicorn.answers([link(NEW), "/", "/feed/"])
    assert {status for status, _, _ in every_answer(published, link(NEW))} == {200}
    assert all(NEW_TITLE in body for _, _, body in every_answer(published, "/") + every_answer(published, "/feed/"))
    assert len(gunicorn.workers()) == WORKERS  # none replaced: each kept its own cache all along
