"""The fixtures every test may use; a fixture name means one thing across the whole suite.

Autouse: plain static storage, media in a temporary folder, a fresh cache, no tagging matcher yet
and a fast password hasher for every test.

site            the public-site content: the demo plus everything readers must never see
                (`tests/public_content.py`)
editor          a staff user in the Editors group, Eva Editor
editor_client   the test `client`, signed in as `editor`
expert          Remco Breuker, an expert without an account, at breuker@example.org
article         an update whose body quotes Breuker, Wits and Kim Jong-un
quote           Breuker's pending quote “multilateral mini UN” in `article`
another_process `with another_process(): …` makes a change as another process without REDIS_URL
                would: its own local-memory cache, its on-commit callbacks run

Fixtures only one package's tests use live in that package's conftest (the briefing
importer's under tests/articles/, the gazetteer under tests/actors/, the browser's).

Time is faked one way: time-machine, `with time_machine.travel(moment, tick=False): …`
(the `time_machine` fixture of its pytest plugin works too). It moves every clock
(`timezone.now()`, `time.time()`, signed links' timestamps) together.
"""

import contextlib

import pytest
from django.test import override_settings

from tests.factories import ArticleFactory, EditorFactory, ExpertFactory, QuoteFactory
from tests.public_content import build_site

# The body of `article`: each quote the expert-review tests attribute is in it exactly once.
QUOTED_BODY = (
    "## North Korea's new positioning\n\n"
    "Breuker calls it a “multilateral mini UN” of authoritarian states. The recently signed "
    "[friendship and cooperation treaty](https://example.org/treaty) shows new ties.\n\n"
    "Wits says that North Korea has gained a more powerful position in the region.\n\n"
    "Kim Jong-un calls the ties his “top priority”."
)


@pytest.fixture(autouse=True)
def plain_static_storage(settings):
    """Hashed static names need collectstatic; tests render templates without it."""
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    """Uploads and kept PDFs go to a folder of the test's own (the default storage reads MEDIA_ROOT anew)."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture(autouse=True)
def fresh_cache():
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def fresh_matcher(monkeypatch):
    """No tagging matcher built yet, as in a new process.

    Factories write actors and aliases without `gazetteer_changed()`, and each test's rollback takes
    the gazetteer stamp back to its value before the test, so a matcher left by an earlier test would
    look current.
    """
    from actors.tagging import service

    monkeypatch.setattr(service, "_built", service._MatcherCache())


@pytest.fixture(autouse=True)
def fast_password_hasher(settings):
    """Factories hash a password per user; the default hasher makes that take most of a test's time."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def another_process(settings, django_capture_on_commit_callbacks):
    """A context manager: what its block changes, it changes as another process without REDIS_URL.

    This process keeps a local-memory cache of its own (whatever REDIS_URL says), and the block runs
    with another one, as a management command, the task worker or another gunicorn worker does; the
    block's on-commit callbacks run as its commit would run them. Whatever that process writes to its
    cache, this one never sees: only what it writes to the database reaches this process.
    """
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "this"}}

    @contextlib.contextmanager
    def another_process():
        other = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "another"}}
        with override_settings(CACHES=other), django_capture_on_commit_callbacks(execute=True):
            from django.core.cache import cache

            cache.clear()  # nothing left from an earlier test
            yield

    return another_process


@pytest.fixture
def site(db):
    """The public-site content (`tests.public_content.Site`)."""
    return build_site()


@pytest.fixture
def editor(db):
    return EditorFactory(first_name="Eva", last_name="Editor")


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor)
    return client


@pytest.fixture
def expert(db):
    return ExpertFactory(name="Remco Breuker", email="breuker@example.org")


@pytest.fixture
def article(db):
    return ArticleFactory(title="The partnership today", body=QUOTED_BODY)


@pytest.fixture
def quote(article, expert):
    return QuoteFactory(article=article, expert=expert, text="multilateral mini UN")


def pytest_collection_modifyitems(items):
    """Browser tests last: Playwright's sync API leaves an event loop in the main thread for the
    rest of the session, which would make later tests that run asyncio, or check Django's async
    safety, fail for reasons of order alone."""
    items.sort(key=lambda item: item.get_closest_marker("browser") is not None)
