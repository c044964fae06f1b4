"""The editorial desk on the admin's index page: each panel, its empty state, who sees it, its queries."""

import datetime

import lxml.html
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from articles.editorial import desk
from articles.models import Article, Quote, QuoteDecision, StatusChange
from tests.factories import (
    AdminUserFactory,
    ArticleFactory,
    EditorFactory,
    QuoteFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

Status = Article.Status
INDEX = "/admin/"
HOUR = datetime.timedelta(hours=1)


def panel(response, name):
    """The text of one panel, and the titles it links to."""
    html = lxml.html.fromstring(response.content.decode())
    (section,) = html.xpath(f"//*[@id='desk-{name}']")
    titles = [link.text_content() for link in section.xpath(".//tbody//th/a")]
    return " ".join(" ".join(section.itertext()).split()), titles


def submit(article, *, by, at):
    change = StatusChange.objects.create(article=article, from_status="draft", to_status="in_review", by=by)
    StatusChange.objects.filter(pk=change.pk).update(at=at)


def age(article, delta):
    Article.objects.filter(pk=article.pk).update(updated_at=timezone.now() - delta)


def test_my_updates_lists_my_drafts_and_updates_in_review_newest_first(editor_client, editor):
    older = ArticleFactory(title="My older draft", owner=editor)
    age(older, 3 * HOUR)
    ArticleFactory(title="My draft in review", owner=editor, status=Status.IN_REVIEW)
    ArticleFactory(title="My approved one", owner=editor, status=Status.APPROVED)
    ArticleFactory(title="My published one", owner=editor, published=True)
    ArticleFactory(title="Someone else's draft", owner=UserFactory())
    ArticleFactory(title="Nobody's draft")

    text, titles = panel(editor_client.get(INDEX), "mine")

    assert titles == ["My draft in review", "My older draft"]
    assert "In review" in text and "Draft" in text and "3 hours ago" in text


def test_my_updates_shows_ten_and_links_to_the_filtered_list(editor_client, editor):
    for _ in range(12):
        ArticleFactory(owner=editor)
    ArticleFactory(owner=editor, status=Status.IN_REVIEW)
    ArticleFactory(owner=UserFactory())

    response = editor_client.get(INDEX)
    text, titles = panel(response, "mine")
    (link,) = lxml.html.fromstring(response.content.decode()).xpath("//*[@id='desk-mine']//p[@class='desk-more']/a")

    assert len(titles) == desk.LIST_LIMIT
    assert "All 13 of my drafts and updates in review" in text
    changelist = editor_client.get(link.get("href"))
    assert changelist.status_code == 200
    assert changelist.context["cl"].result_count == 13


def test_waiting_for_approval_lists_updates_in_review_oldest_first_with_their_submitter(editor_client, editor):
    now = timezone.now()
    newer = ArticleFactory(title="Submitted an hour ago", status=Status.IN_REVIEW)
    older = ArticleFactory(title="Submitted two days ago", status=Status.IN_REVIEW)
    other = UserFactory(username="jan")
    submit(newer, by=editor, at=now - HOUR)
    # Sent back and submitted again: the latest submission counts.
    submit(older, by=editor, at=now - datetime.timedelta(days=5))
    submit(older, by=other, at=now - datetime.timedelta(days=2))
    ArticleFactory(title="A draft")
    ArticleFactory(title="Approved", status=Status.APPROVED)

    text, titles = panel(editor_client.get(INDEX), "waiting")

    assert titles == ["Submitted two days ago", "Submitted an hour ago"]
    assert "jan 2 days" in text
    assert "Eva Editor 1 hour" in text


def test_scheduled_lists_future_publications_soonest_first_with_the_time(editor_client, editor):
    now = timezone.now()
    later = ArticleFactory(title="Next week", status=Status.PUBLISHED, publish_at=now + datetime.timedelta(days=7))
    ArticleFactory(title="Tomorrow", status=Status.PUBLISHED, publish_at=now + datetime.timedelta(days=1))
    ArticleFactory(title="Already out", published=True)
    ArticleFactory(title="Approved, no time", status=Status.APPROVED)

    text, titles = panel(editor_client.get(INDEX), "scheduled")

    assert titles == ["Tomorrow", "Next week"]
    local = timezone.localtime(later.publish_at)
    assert f"{local:%A} {local.day} {local:%B %Y, %H:%M}" in text
    changelist = editor_client.get(desk.desk_panels(editor)["scheduled"].url)
    assert [article.title for article in changelist.context["cl"].result_list] == ["Next week", "Tomorrow"]


def test_approved_but_blocked_counts_blocking_problems(editor_client):
    blocked = ArticleFactory(title="No standfirst, quote pending", status=Status.APPROVED, standfirst="")
    QuoteFactory(article=blocked)
    ArticleFactory(title="Ready to publish", status=Status.APPROVED)
    ArticleFactory(title="A blocked draft", standfirst="")

    text, titles = panel(editor_client.get(INDEX), "blocked")

    assert titles == ["No standfirst, quote pending"]
    assert "has not yet approved" in text
    assert text.endswith("2")  # the problems column of the only row
    assert "most recently changed" not in text


def test_approved_but_blocked_checks_a_capped_number_of_updates_and_says_so(editor_client, monkeypatch):
    monkeypatch.setattr(desk, "PREFLIGHT_LIMIT", 2)
    old = ArticleFactory(title="Old and blocked", status=Status.APPROVED, standfirst="")
    age(old, 24 * HOUR)
    ArticleFactory(title="Recent and blocked", status=Status.APPROVED, standfirst="")
    ArticleFactory(title="Recent and ready", status=Status.APPROVED)

    text, titles = panel(editor_client.get(INDEX), "blocked")

    assert titles == ["Recent and blocked"]
    assert "Checked the 2 most recently changed of 3 approved updates" in text


def test_expert_review_counts_open_items_and_their_oldest_age(editor_client):
    pending = QuoteFactory()
    Quote.objects.filter(pk=pending.pk).update(created_at=timezone.now() - datetime.timedelta(days=4))
    asked = QuoteFactory(status=Quote.Status.CHANGES_REQUESTED)
    QuoteDecision.objects.create(quote=asked, decision=QuoteDecision.Decision.CHANGES_REQUESTED, text=asked.text)
    QuoteFactory(status=Quote.Status.APPROVED)

    response = editor_client.get(INDEX)
    text, _ = panel(response, "expert")
    (link,) = lxml.html.fromstring(response.content.decode()).xpath("//*[@id='desk-expert']//a")

    assert "2 open items" in text
    assert "the oldest has waited 4 days" in text
    assert link.get("href") == reverse("admin:articles_quote_pending_reviews")


def test_every_panel_has_an_empty_state(editor_client):
    response = editor_client.get(INDEX)

    assert "No drafts or updates in review are yours." in panel(response, "mine")[0]
    assert "Nothing waits for approval." in panel(response, "waiting")[0]
    assert "Nothing scheduled." in panel(response, "scheduled")[0]
    assert "No update is approved." in panel(response, "blocked")[0]
    assert "No expert review is open." in panel(response, "expert")[0]


def test_staff_without_view_permission_sees_the_normal_index(client):
    ArticleFactory(title="A draft in review", status=Status.IN_REVIEW)
    client.force_login(UserFactory(is_staff=True))

    response = client.get(INDEX)

    assert response.status_code == 200
    assert b"editorial-desk" not in response.content
    assert b"A draft in review" not in response.content


def test_the_index_still_lists_the_apps(editor_client):
    html = lxml.html.fromstring(editor_client.get(INDEX).content.decode())

    assert html.xpath("//div[@class='editorial-desk']")
    assert html.xpath("//*[@id='content-main']/div[@class='app-articles module']")
    assert html.xpath("//*[@id='content-main']/div[@class='app-actors module']")
    assert html.xpath("//*[@id='recent-actions-module']")


def populate(n, *, owner, submitter):
    now = timezone.now()
    for i in range(n):
        ArticleFactory(owner=owner)
        ArticleFactory(owner=UserFactory())
        submit(ArticleFactory(owner=owner, status=Status.IN_REVIEW), by=submitter, at=now - i * HOUR)
        ArticleFactory(status=Status.PUBLISHED, publish_at=now + (i + 1) * HOUR)
        ArticleFactory(published=True)
        QuoteFactory(article=ArticleFactory(status=Status.APPROVED, standfirst=""))


def test_the_index_runs_the_same_queries_with_3_and_30_updates_in_each_state(
    client, monkeypatch, django_assert_num_queries
):
    # Preflight runs per approved update up to PREFLIGHT_LIMIT; at the small size the cap is full too.
    monkeypatch.setattr(desk, "PREFLIGHT_LIMIT", 3)
    editor = EditorFactory()
    client.force_login(editor)
    populate(3, owner=editor, submitter=AdminUserFactory())
    client.get(INDEX)  # warm the content-type cache
    with CaptureQueriesContext(connection) as small:
        client.get(INDEX)

    populate(27, owner=editor, submitter=AdminUserFactory())
    with django_assert_num_queries(len(small)):
        response = client.get(INDEX)

    assert len(panel(response, "waiting")[1]) == desk.LIST_LIMIT
    assert len(panel(response, "blocked")[1]) == 3
