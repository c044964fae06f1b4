"""`python -m hig_updates.production_check`: refuse to serve in production without its settings.

`make serve` runs it before anything else. It reads the environment only (importing the settings
would stop at the first missing variable) and names, in one message, every required variable that
is missing — `SECRET_KEY`, `ALLOWED_HOSTS`, `DATABASE_URL`, and `REDIS_URL` when gunicorn will
run more than one worker (`worker_count`: WEB_CONCURRENCY, or 2 × CPU cores + 1): without a shared
cache a spreadsheet upload waiting for its confirmation lives in one worker's memory, and the
confirmation may reach another (each worker would also render and keep every page itself; what is
current is in the database, so no worker serves a stale page) — and refuses `DEBUG` turned on.
`DATABASE_URL` is required even though the settings fall back to SQLite in `var/`: in production
the database is a choice to make explicitly, `postgres://…`, or `sqlite:////abs/path/db.sqlite3`
to keep SQLite on a single server. Exits 0 when all is set, 1 with the message otherwise.
"""

import multiprocessing
import os
import sys

REQUIRED = {
    "SECRET_KEY": "Django's signing key: a long random string, e.g. from `python -c 'import secrets; print(secrets.token_urlsafe(50))'`",
    "ALLOWED_HOSTS": "the host names the site answers to, comma-separated, e.g. updates.example.org",
    "DATABASE_URL": "postgres://user@host:5432/hig, or sqlite:////absolute/path/db.sqlite3 to keep SQLite on one server",
}
TRUE = {"1", "true", "yes", "on"}


def worker_count(environ):
    """Gunicorn's workers (hig_updates/gunicorn.conf.py): WEB_CONCURRENCY, or 2 × CPU cores + 1."""
    configured = environ.get("WEB_CONCURRENCY", "").strip()
    return int(configured) if configured else multiprocessing.cpu_count() * 2 + 1


def problems_with(environ):
    """What stops the site from serving in production with `environ`, one sentence each."""
    problems = [
        f"{name} is not set: {meaning}." for name, meaning in REQUIRED.items() if not environ.get(name, "").strip()
    ]
    try:
        workers = worker_count(environ)
    except ValueError:
        problems.append(f"WEB_CONCURRENCY is {environ['WEB_CONCURRENCY']!r}: it must be a whole number of workers.")
    else:
        if workers < 1:
            problems.append(f"WEB_CONCURRENCY is {workers}: gunicorn needs at least one worker.")
        if workers > 1 and not environ.get("REDIS_URL", "").strip():
            problems.append(
                f"REDIS_URL is not set: the {workers} workers would each keep their own cache, and a spreadsheet "
                "import confirmed through another worker than the one that took the upload would fail; set "
                "REDIS_URL (redis://host:6379/0), or WEB_CONCURRENCY=1."
            )
    if environ.get("DEBUG", "").strip().lower() in TRUE:
        problems.append("DEBUG is on: unset it (debug pages show settings and code to anyone).")
    return problems


def main(environ=None, stream=None):
    environ = os.environ if environ is None else environ
    stream = sys.stderr if stream is None else stream
    problems = problems_with(environ)
    if problems:
        print("Not starting: the production environment is incomplete.", file=stream)
        for problem in problems:
            print(f"  - {problem}", file=stream)
        print("Set these in the environment (see README.md, Configuration), then run `make serve` again.", file=stream)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
