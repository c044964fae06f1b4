"""Faults the site rides out: the database away, the cache away, a mailer or task queue failing.

- The database unreachable: public pages answer the styled 503 page (`templates/503.html`,
  `Retry-After`, no stack trace) and serve again by themselves once it answers.
- The cache unreachable (Redis at a closed port): pages are served from the database and
  saves, tagging and the page-cache generation carry on.
- A mailer that fails never undoes a publish, a submission, a comment or an expert decision:
  the failure is logged. A task queue that refuses the link check leaves the admin page working.
"""

import logging
from unittest import mock

import pytest
from django.core.mail.backends.base import BaseEmailBackend
from django.db import InterfaceError, OperationalError, connection
from django.test import override_settings
from django.urls import reverse

from actors.models import Mention
from actors.tagging.service import gazetteer_changed
from articles.editorial.comments import add_comment
from articles.editorial.saving import save_article
from articles.editorial.workflow import submit_for_review
from articles.expert_review.services import propose_wording, reject_proposed_wording, send_review_request
from articles.models import Article, EditorialComment, Quote
from tests.factories import AdminUserFactory, ArticleFactory, EditorFactory, SourceFactory
from tests.public_content import DEMO_SLUG, DEMO_TITLE

pytestmark = pytest.mark.django_db

ARTICLE_PAGE = f"/updates/{DEMO_SLUG}/"


# ---- The database away ---------------------------------------------------------------------------


def database_away(error=OperationalError):
    """Every new query fails as it does when the server is down or the file is gone."""
    return mock.patch.object(connection, "ensure_connection", side_effect=error("could not connect to server"))


@pytest.mark.parametrize("error", [OperationalError, InterfaceError])
@pytest.mark.parametrize("path", ["/", ARTICLE_PAGE, "/actors/china/", "/experts/"])
def test_a_public_page_answers_a_styled_503_while_the_database_is_away_then_serves_again(
    client, site, caplog, path, error
):
    with database_away(error), caplog.at_level(logging.ERROR, logger="hig_updates.middleware"):
        response = client.get(path)

    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    page = response.content.decode()
    assert "We will be back in a moment" in page
    assert 'href="/static/css/site.css"' in page  # the site's own style
    assert "Traceback" not in page and "could not connect" not in page
    assert "could not connect to server" in caplog.text

    assert client.get(path).status_code == 200


def test_the_admin_keeps_djangos_own_error_handling(client, site):
    client.force_login(AdminUserFactory())
    with database_away(), pytest.raises(OperationalError):
        client.get(reverse("admin:articles_article_changelist"))


# ---- The cache away ------------------------------------------------------------------------------

REDIS_DOWN = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": "redis://127.0.0.1:1"}}


def test_pages_are_served_from_the_database_while_the_cache_is_away(client, site, caplog):
    with override_settings(CACHES=REDIS_DOWN), caplog.at_level(logging.WARNING, logger="articles.content_generation"):
        home = client.get("/")
        article = client.get(ARTICLE_PAGE)
        actor = client.get("/actors/china/")

    assert (home.status_code, article.status_code, actor.status_code) == (200, 200, 200)
    assert DEMO_TITLE in article.content.decode()
    assert "The cache is unavailable" in caplog.text


def test_saving_and_tagging_carry_on_while_the_cache_is_away(site, django_capture_on_commit_callbacks):
    article = ArticleFactory(body="North Korea asked for help.")  # a draft: a live update changes by a new version
    article.body += "\n\nChina answered."
    with override_settings(CACHES=REDIS_DOWN), django_capture_on_commit_callbacks(execute=True):
        revision = save_article(article, by=EditorFactory(), expected_version=article.version)
        gazetteer_changed()

    assert revision.number > 1
    assert Article.objects.get(pk=article.pk).body.endswith("China answered.")
    assert Mention.objects.filter(article=article, actor__slug="china").exists()


# ---- A mailer or task queue failing --------------------------------------------------------------


class RefusingMailer(BaseEmailBackend):
    """A mail server that is down."""

    def send_messages(self, email_messages):
        raise ConnectionRefusedError("[Errno 111] Connection refused")


@pytest.fixture
def mailer_down(settings, caplog):
    settings.MAILERS = {"default": {"BACKEND": f"{__name__}.RefusingMailer"}}
    with caplog.at_level(logging.ERROR, logger="articles.mail"):
        yield caplog


def test_publishing_in_the_admin_stands_when_the_mail_fails(client, mailer_down, django_capture_on_commit_callbacks):
    owner = EditorFactory(email="owner@example.org")
    article = ArticleFactory(status=Article.Status.APPROVED, owner=owner)
    client.force_login(AdminUserFactory())

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        url = reverse("admin:articles_article_transition", args=[article.pk, "publish"])
        response = client.post(url, {"comment": "Back online"})

    assert response.status_code == 302, response.context["form"].errors
    assert Article.objects.get(pk=article.pk).status == Article.Status.PUBLISHED
    assert callbacks  # the status email was due
    assert "Could not send 1 email(s)" in mailer_down.text and "owner@example.org" in mailer_down.text


def test_submitting_commenting_and_expert_decisions_stand_when_the_mail_fails(
    article, quote, expert, mailer_down, django_capture_on_commit_callbacks
):
    editor, owner = EditorFactory(), EditorFactory(email="owner@example.org")
    Article.objects.filter(pk=article.pk).update(owner=owner)
    article.refresh_from_db()
    with django_capture_on_commit_callbacks(execute=True):
        submit_for_review(article, by=editor)
        add_comment(article, by=editor, body="Looks ready.")
        propose_wording(quote, by=None, expert=expert, text="mini UN of autocrats")
        reject_proposed_wording(quote, by=editor, note="Keep the original words.")
    send_review_request(expert, article, by=editor)  # sent at once, outside any transaction

    assert Article.objects.get(pk=article.pk).status == Article.Status.IN_REVIEW
    assert EditorialComment.objects.filter(article=article, body="Looks ready.").exists()
    assert Quote.objects.get(pk=quote.pk).status == Quote.Status.PENDING  # back with the expert
    failures = [record for record in mailer_down.records if record.name == "articles.mail"]
    assert len(failures) == 4  # the status change, the comment, the rejection, the review request
    assert all(record.exc_info for record in failures)


def test_a_link_check_that_cannot_be_queued_leaves_the_admin_page_working(editor_client):
    source = SourceFactory()
    changelist = reverse("admin:articles_source_changelist")
    with mock.patch("articles.admin.workflow_pages.check_sources_task") as task:
        task.enqueue.side_effect = ConnectionError("queue down")
        response = editor_client.post(
            changelist, {"action": "check_source_links", "_selected_action": [source.pk]}, follow=True
        )

    assert response.status_code == 200
    assert "The link check could not be started" in response.content.decode()
