"""docs/deploy.md's backup and restore, done for real: pg_dump -Fc, pg_restore into a fresh database.

PostgreSQL only (run with DATABASE_URL=postgres://…). Two scratch databases beside the test
database are created and always dropped; every subprocess has a time limit.
"""

import json
import os
import shutil
import subprocess
import sys
import uuid
from pathlib import Path

import pytest
from django.conf import settings

ROOT = Path(__file__).resolve().parents[2]
LIMIT = 180  # seconds for any one subprocess

# What a reader sees: home, the demo update, an actor page, the site's feed and an actor's feed.
PAGES = [
    "/",
    "/updates/sino-north-korean-partnership-today/",
    "/actors/north-korea/",
    "/feed/",
    "/actors/north-korea/feed/",
]

# Renders PAGES in a fresh process against DATABASE_URL and prints {url: [status, body]} as JSON.
RENDER = """
import json, sys, django
django.setup()
from django.test import Client
from django.test.utils import override_settings, setup_test_environment
setup_test_environment()
plain = {"default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
         "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}
with override_settings(STORAGES=plain):
    client = Client()
    pages = {url: client.get(url) for url in json.loads(sys.argv[1])}
print(json.dumps({url: [r.status_code, r.content.decode()] for url, r in pages.items()}))
"""


def _database():
    db = settings.DATABASES["default"]
    if db["ENGINE"] != "django.db.backends.postgresql":
        pytest.skip("backup and restore are tested on PostgreSQL: run with DATABASE_URL=postgres://…")
    missing = [tool for tool in ("pg_dump", "pg_restore") if not shutil.which(tool)]
    if missing:
        pytest.skip(f"{' and '.join(missing)} not installed (apt-get install postgresql-client)")
    return db


def _url(db, name):
    password = f":{db['PASSWORD']}" if db.get("PASSWORD") else ""
    return f"postgres://{db['USER']}{password}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{name}"


def _env(db, name):
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"REDIS_URL", "TASKS_BACKEND", "DATABASE_REPLICA_URL"}
    }
    # Each process its own local-memory cache, so no page can come from the other's cache.
    return env | {"DATABASE_URL": _url(db, name), "DEBUG": "1", "DJANGO_SETTINGS_MODULE": "hig_updates.settings"}


def _run(args, env):
    done = subprocess.run(args, env=env, cwd=ROOT, capture_output=True, text=True, timeout=LIMIT, check=False)
    assert done.returncode == 0, f"{' '.join(map(str, args))} failed:\n{done.stdout}\n{done.stderr}"
    return done.stdout


def _admin(db, sql):
    import psycopg

    params = {"host": db["HOST"] or "127.0.0.1", "port": db["PORT"] or 5432, "user": db["USER"], "dbname": "postgres"}
    with psycopg.connect(**params, password=db.get("PASSWORD") or None, autocommit=True) as conn:
        conn.execute(sql)


def _render(db, name):
    return json.loads(_run([sys.executable, "-c", RENDER, json.dumps(PAGES)], _env(db, name)))


def test_a_dump_restored_into_a_fresh_database_serves_the_same_public_pages(tmp_path):
    db = _database()
    tag = uuid.uuid4().hex[:8]
    source, restored = f"hig_backup_{tag}", f"hig_restore_{tag}"
    dump = tmp_path / "hig.dump"
    try:
        _admin(db, f'CREATE DATABASE "{source}"')
        manage = [sys.executable, "manage.py"]
        _run([*manage, "migrate", "--noinput", "-v", "0"], _env(db, source))
        _run([*manage, "load_demo"], _env(db, source))

        pg_env = os.environ | ({"PGPASSWORD": db["PASSWORD"]} if db.get("PASSWORD") else {})
        _run(["pg_dump", "-Fc", "--no-owner", f"--file={dump}", f"--dbname={_url(db, source)}"], pg_env)
        _admin(db, f'CREATE DATABASE "{restored}"')
        _run(["pg_restore", "--no-owner", "--exit-on-error", f"--dbname={_url(db, restored)}", str(dump)], pg_env)

        before, after = _render(db, source), _render(db, restored)
        assert {url: status for url, (status, _body) in before.items()} == dict.fromkeys(PAGES, 200)
        assert "Sino-North Korean" in before["/"][1]
        assert after == before
    finally:
        for name in (source, restored):
            _admin(db, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
