"""Settings refuse to run insecurely: started in a fresh interpreter so the environment is ours."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def load_settings(show="settings.DEBUG, settings.CACHES['default']['BACKEND']", **env):
    environment = {key: value for key, value in os.environ.items() if key not in {"SECRET_KEY", "DEBUG"}}
    environment.update(env, DJANGO_SETTINGS_MODULE="hig_updates.settings")
    code = f"import django; django.setup(); from django.conf import settings; print({show})"
    return subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=environment, capture_output=True, text=True)


def test_refuses_to_start_without_a_secret_key_when_not_debugging():
    result = load_settings()
    assert result.returncode != 0
    assert "SECRET_KEY is not set" in result.stderr


def test_debug_mode_has_a_development_key():
    result = load_settings(DEBUG="1")
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("True")


def test_redis_url_switches_the_cache():
    result = load_settings(SECRET_KEY="x", REDIS_URL="redis://127.0.0.1:6379/1")
    assert result.returncode == 0, result.stderr
    assert "RedisCache" in result.stdout


def test_behind_an_https_proxy_the_site_redirects_to_https_and_sends_hsts():
    show = "settings.SECURE_PROXY_SSL_HEADER, settings.SECURE_SSL_REDIRECT, settings.SECURE_HSTS_SECONDS > 0"
    result = load_settings(show, SECRET_KEY="x", BEHIND_HTTPS_PROXY="1", CSRF_TRUSTED_ORIGINS="https://a.example")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "('HTTP_X_FORWARDED_PROTO', 'https') True True"
    plain = load_settings("settings.SECURE_SSL_REDIRECT, settings.CSRF_TRUSTED_ORIGINS", SECRET_KEY="x")
    assert plain.stdout.strip() == "False []"


def test_a_sqlite_file_lets_processes_read_while_one_writes(tmp_path):
    """WAL, a busy timeout and transactions that take the write lock first: several processes share the file."""
    connection = "__import__('django.db', fromlist=['connection']).connection"
    show = (
        f"{connection}.cursor().execute('PRAGMA journal_mode').fetchone()[0], "
        f"{connection}.cursor().execute('PRAGMA busy_timeout').fetchone()[0], {connection}.transaction_mode"
    )
    result = load_settings(show, SECRET_KEY="x", DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "wal 20000 IMMEDIATE"
