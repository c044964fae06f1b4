"""Reads from a replica, writes to the primary, against two PostgreSQL databases on the local server.

The test makes two databases itself, a primary and a copy standing in for its replica, with one
difference a reader can see: the update's title. Django runs in a subprocess with DATABASE_URL and
DATABASE_REPLICA_URL pointing at them, so the router and the middleware are configured as in
production. Skipped when no PostgreSQL answers at 127.0.0.1:5432 as user postgres without a password
(the CI job that runs the suite on PostgreSQL has one); the router's rules without a database:
test_db_router.py.
"""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

psycopg = pytest.importorskip("psycopg")

ROOT = Path(__file__).resolve().parents[2]
SERVER = "postgres://postgres@127.0.0.1:5432"
SLUG = "replicated-update"

SEED = f"""
import django; django.setup()
from tests.factories import ArticleFactory, EditorFactory
EditorFactory(username="editor")
ArticleFactory(published=True, slug="{SLUG}", title="Title on the primary")
"""

SCENARIO = f"""
import json
import django; django.setup()
from django.core.cache import cache
from django.db import transaction
from django.test import Client
from articles.models import Article

def title(response):
    text = response.content.decode()
    return [name for name in ("Title on the primary", "Title on the replica") if name in text]

def page(client):
    cache.clear()  # the public page cache would answer both clients alike; the database is what is tested
    return title(client.get("/updates/{SLUG}/"))

seen = {{"outside a transaction": Article.objects.get(slug="{SLUG}").title}}
with transaction.atomic():
    seen["inside a transaction"] = Article.objects.get(slug="{SLUG}").title
reader, editor = Client(), Client()
seen["reader"] = page(reader)
login = editor.post("/admin/login/?next=/admin/", {{"username": "editor", "password": "correct horse battery staple"}})
seen["login"] = [login.status_code, login.headers.get("Location")]
seen["editor's admin after login"] = editor.get("/admin/").status_code
seen["editor"] = page(editor)
seen["reader again"] = page(reader)
print(json.dumps(seen))
"""


def server_or_skip():
    try:
        return psycopg.connect(f"{SERVER}/postgres", autocommit=True, connect_timeout=3)
    except psycopg.OperationalError as error:
        pytest.skip(f"no PostgreSQL at 127.0.0.1:5432 for user postgres without a password ({error})")


def run_django(code_or_args, **env):
    environment = {
        key: value for key, value in os.environ.items() if key not in {"DATABASE_URL", "DATABASE_REPLICA_URL"}
    }
    environment.update(
        env, DEBUG="1", SECRET_KEY="x", ALLOWED_HOSTS="testserver", DJANGO_SETTINGS_MODULE="hig_updates.settings"
    )
    args = code_or_args if isinstance(code_or_args, list) else ["-c", code_or_args]
    result = subprocess.run([sys.executable, *args], cwd=ROOT, env=environment, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    return result.stdout


def rows(database, query):
    with psycopg.connect(f"{SERVER}/{database}", autocommit=True) as connection:
        return connection.execute(query).fetchall()


@pytest.fixture
def primary_and_replica():
    server = server_or_skip()
    primary, replica = f"hig_updates_primary_{os.getpid()}", f"hig_updates_replica_{os.getpid()}"
    try:
        server.execute(f'CREATE DATABASE "{primary}"')
        run_django(["manage.py", "migrate", "--noinput"], DATABASE_URL=f"{SERVER}/{primary}")
        run_django(SEED, DATABASE_URL=f"{SERVER}/{primary}")
        # The replica starts as a copy of the primary, then differs where a reader can see it.
        server.execute(f'CREATE DATABASE "{replica}" TEMPLATE "{primary}"')
        with psycopg.connect(f"{SERVER}/{replica}", autocommit=True) as connection:
            connection.execute("UPDATE articles_article SET title = 'Title on the replica' WHERE slug = %s", [SLUG])
        yield primary, replica
    finally:
        for database in (primary, replica):
            server.execute(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')
        server.close()


def test_reads_go_to_the_replica_and_a_client_reads_its_own_writes_from_the_primary(primary_and_replica):
    primary, replica = primary_and_replica
    sessions_before = rows(primary, "SELECT count(*) FROM django_session")[0][0]

    seen = json.loads(
        run_django(SCENARIO, DATABASE_URL=f"{SERVER}/{primary}", DATABASE_REPLICA_URL=f"{SERVER}/{replica}")
    )

    assert seen["outside a transaction"] == "Title on the replica"
    assert seen["inside a transaction"] == "Title on the primary"
    assert seen["reader"] == ["Title on the replica"]
    assert seen["login"] == [302, "/admin/"]
    # The login wrote its session and last login to the primary only...
    assert rows(primary, "SELECT count(*) FROM django_session")[0][0] == sessions_before + 1
    assert rows(replica, "SELECT count(*) FROM django_session")[0][0] == sessions_before
    assert rows(primary, "SELECT last_login IS NOT NULL FROM auth_user WHERE username = 'editor'") == [(True,)]
    assert rows(replica, "SELECT last_login IS NOT NULL FROM auth_user WHERE username = 'editor'") == [(False,)]
    # ...and the editor's next requests read from the primary: the session is found, the primary's title shown,
    assert seen["editor's admin after login"] == 200
    assert seen["editor"] == ["Title on the primary"]
    # while a reader who wrote nothing still reads the replica.
    assert seen["reader again"] == ["Title on the replica"]
