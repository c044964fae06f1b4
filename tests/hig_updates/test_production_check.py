"""`python -m hig_updates.production_check` (the first step of `make serve`) names every missing setting."""

import io
import subprocess
import sys
from pathlib import Path

import pytest

from hig_updates.production_check import main, problems_with, worker_count

ROOT = Path(__file__).resolve().parents[2]
COMPLETE = {
    "SECRET_KEY": "a-long-random-key",
    "ALLOWED_HOSTS": "updates.example.org",
    "DATABASE_URL": "postgres://hig@db:5432/hig",
    "REDIS_URL": "redis://cache:6379/0",
}


def test_a_complete_environment_passes():
    assert problems_with(COMPLETE) == []
    assert main(COMPLETE, io.StringIO()) == 0


def test_an_empty_environment_names_every_missing_variable_at_once():
    out = io.StringIO()

    assert main({"WEB_CONCURRENCY": "1"}, out) == 1

    message = out.getvalue()
    assert "Not starting" in message
    for name in ("SECRET_KEY", "ALLOWED_HOSTS", "DATABASE_URL"):
        assert f"{name} is not set" in message


def test_sqlite_is_accepted_when_chosen_explicitly():
    assert problems_with({**COMPLETE, "DATABASE_URL": "sqlite:////srv/hig/db.sqlite3"}) == []


@pytest.mark.parametrize("value", ["1", "true", "on"])
def test_debug_on_is_refused(value):
    assert problems_with({**COMPLETE, "DEBUG": value}) == [
        "DEBUG is on: unset it (debug pages show settings and code to anyone)."
    ]


def test_debug_off_is_fine():
    assert problems_with({**COMPLETE, "DEBUG": "0"}) == []


def test_several_workers_need_a_shared_cache():
    environ = {key: value for key, value in COMPLETE.items() if key != "REDIS_URL"}

    (problem,) = problems_with({**environ, "WEB_CONCURRENCY": "3"})

    assert problem.startswith("REDIS_URL is not set: the 3 workers")
    assert problems_with({**environ, "WEB_CONCURRENCY": "1"}) == []


@pytest.mark.parametrize("value", ["many", "0"])
def test_a_worker_count_that_is_no_count_is_refused(value):
    (problem,) = problems_with({**COMPLETE, "WEB_CONCURRENCY": value})

    assert problem.startswith("WEB_CONCURRENCY is")


def test_the_worker_count_follows_the_cpus_unless_set(monkeypatch):
    monkeypatch.setattr("multiprocessing.cpu_count", lambda: 4)

    assert worker_count({}) == 9
    assert worker_count({"WEB_CONCURRENCY": "2"}) == 2


def test_run_as_a_module_it_exits_1_with_the_message_on_standard_error():
    result = subprocess.run(
        [sys.executable, "-m", "hig_updates.production_check"],
        cwd=ROOT,
        env={"PATH": "/usr/bin:/bin", "WEB_CONCURRENCY": "1", "SECRET_KEY": "k"},
        capture_output=True,
        text=True,
        timeout=60,
    )

    assert result.returncode == 1
    assert "ALLOWED_HOSTS is not set" in result.stderr and "DATABASE_URL is not set" in result.stderr
    assert "SECRET_KEY" not in result.stderr
