import datetime
import re

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from articles.editorial import workflow
from articles.editorial.comments import add_comment
from articles.editorial.new_versions import start_new_version
from articles.editorial.saving import save_article
from articles.models import Article, StatusChange
from tests.factories import (
    AdminsGroupUserFactory,
    AdminUserFactory,
    ArticleFactory,
    EditorFactory,
    ExpertFactory,
    ExpertUserFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

S = Article.Status
ROLES = {
    "editor": EditorFactory,
    "admins_group": AdminsGroupUserFactory,
    "superuser": AdminUserFactory,
    "expert": ExpertUserFactory,
    "staff_without_role": lambda: UserFactory(is_staff=True),
}
FUNCTIONS = workflow.TRANSITION_FUNCTIONS
# transition: (a state it starts from, the state it reaches, roles allowed)
EDITORIAL = {"editor", "admins_group", "superuser"}
TABLE = {
    "submit": (S.DRAFT, S.IN_REVIEW, EDITORIAL),
    "request_changes": (S.IN_REVIEW, S.DRAFT, EDITORIAL),
    "approve": (S.IN_REVIEW, S.APPROVED, EDITORIAL),
    "publish": (S.APPROVED, S.PUBLISHED, EDITORIAL),
    "unpublish": (S.PUBLISHED, S.APPROVED, EDITORIAL),
    "archive": (S.PUBLISHED, S.ARCHIVED, {"admins_group", "superuser"}),
}


def article_in(status):
    published = status in {S.PUBLISHED, S.ARCHIVED}
    return ArticleFactory(status=status, published=published) if published else ArticleFactory(status=status)


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("name", TABLE)
def test_every_transition_is_allowed_or_refused_by_role(name, role):
    source, target, allowed = TABLE[name]
    article = article_in(source)
    user = ROLES[role]()
    call = lambda: FUNCTIONS[name](article, by=user, comment="why")  # noqa: E731
    if role in allowed:
        change = call()
        article.refresh_from_db()
        assert article.status == target
        assert (change.from_status, change.to_status, change.by) == (source, target, user)
    else:
        with pytest.raises(workflow.TransitionNotAllowed, match=str(user)):
            call()
        article.refresh_from_db()
        assert article.status == source
        assert not StatusChange.objects.exists()


@pytest.mark.parametrize("name", TABLE)
def test_no_transition_starts_from_a_state_outside_the_table(name):
    superuser = AdminUserFactory()
    for status in set(S) - set(workflow.TRANSITIONS[name].sources):
        article = article_in(status)
        with pytest.raises(workflow.TransitionNotAllowed, match="applies only to an update that is"):
            FUNCTIONS[name](article, by=superuser, comment="why")
        article.refresh_from_db()
        assert article.status == status


def test_the_table_matches_the_documented_one():
    for name, (source, target, _roles) in TABLE.items():
        transition = workflow.TRANSITIONS[name]
        assert source in transition.sources and transition.target == target
    assert workflow.TRANSITIONS["request_changes"].sources == (S.IN_REVIEW, S.APPROVED)


def test_an_editor_cannot_approve_what_they_submitted_but_another_editor_or_an_admin_can():
    author, colleague = EditorFactory(), EditorFactory()
    article = ArticleFactory()
    workflow.submit_for_review(article, by=author)
    with pytest.raises(workflow.TransitionNotAllowed, match="another editor must approve it"):
        workflow.approve_article(article, by=author)
    assert workflow.TRANSITIONS["approve"] not in workflow.allowed_transitions(article, author)
    workflow.approve_article(article, by=colleague)
    assert article.status == S.APPROVED

    own = ArticleFactory()
    admin = AdminsGroupUserFactory()
    workflow.submit_for_review(own, by=admin)
    workflow.approve_article(own, by=admin)
    assert own.status == S.APPROVED


def test_inactive_users_and_nobody_may_do_nothing():
    article = ArticleFactory()
    for user in (EditorFactory(is_active=False), None):
        with pytest.raises(workflow.TransitionNotAllowed):
            workflow.submit_for_review(article, by=user)


def test_requesting_changes_needs_a_comment():
    article = ArticleFactory(status=S.IN_REVIEW)
    with pytest.raises(workflow.WorkflowError, match="needs a comment"):
        workflow.request_changes(article, by=EditorFactory(), comment="  ")
    assert not StatusChange.objects.exists()


def test_allowed_transitions_follow_the_table():
    article = article_in(S.PUBLISHED)
    names = lambda user: [t.name for t in workflow.allowed_transitions(article, user)]  # noqa: E731
    assert names(EditorFactory()) == ["unpublish"]
    assert names(AdminUserFactory()) == ["unpublish", "archive"]
    assert names(ExpertUserFactory()) == []


def test_the_audit_log_records_who_when_from_to_and_why(django_capture_on_commit_callbacks):
    owner, reviewer = EditorFactory(email="owner@example.org"), EditorFactory(email="reviewer@example.org")
    admin = AdminUserFactory()
    author = ExpertFactory(email="author@example.org")
    article = ArticleFactory(owner=owner)
    article.authors.add(author)
    moment = datetime.datetime(2026, 5, 1, 9, 0, tzinfo=datetime.UTC)
    with django_capture_on_commit_callbacks(execute=True), time_machine.travel(moment, tick=False):
        workflow.submit_for_review(article, by=owner, comment="Ready")
        workflow.request_changes(article, by=reviewer, comment="Cite the treaty")
        workflow.submit_for_review(article, by=owner)
        workflow.approve_article(article, by=reviewer)
        workflow.publish_article(article, by=reviewer)
        workflow.archive_article(article, by=admin, comment="Superseded")
    log = list(article.status_changes.order_by("pk").values_list("by__username", "from_status", "to_status", "comment"))
    assert log == [
        (owner.username, "draft", "in_review", "Ready"),
        (reviewer.username, "in_review", "draft", "Cite the treaty"),
        (owner.username, "draft", "in_review", ""),
        (reviewer.username, "in_review", "approved", ""),
        (reviewer.username, "approved", "published", ""),
        (admin.username, "published", "archived", "Superseded"),
    ]
    assert set(article.status_changes.values_list("at", flat=True)) == {moment}
    article.refresh_from_db()
    assert (article.status, article.publish_at) == (S.ARCHIVED, moment)

    # Everyone concerned hears about each change, but not about their own.
    assert len(mail.outbox) == 6
    first = mail.outbox[0]
    assert first.to == ["author@example.org"]  # the owner submitted it
    assert first.subject == f"[HIG Updates] {article}: in review"
    assert "moved from draft to in review" in first.body
    assert "Cite the treaty" in mail.outbox[1].body
    assert mail.outbox[1].to == ["author@example.org", "owner@example.org"]
    assert reverse("admin:articles_article_change", args=[article.pk]) in first.body


def test_a_refused_transition_writes_and_sends_nothing(django_capture_on_commit_callbacks):
    article = ArticleFactory(owner=EditorFactory())
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(workflow.TransitionNotAllowed):
        workflow.publish_article(article, by=AdminUserFactory())
    assert not StatusChange.objects.exists()
    assert mail.outbox == []


def test_publishing_is_refused_while_preflight_finds_problems():
    article = ArticleFactory(status=S.APPROVED, standfirst="", body="See [the treaty](#).")
    with pytest.raises(workflow.PublishBlocked) as refusal:
        workflow.publish_article(article, by=EditorFactory())
    assert {problem.code for problem in refusal.value.problems} == {"no_standfirst", "link_to_nowhere"}
    assert "cannot be published until 2 problems are fixed" in str(refusal.value)
    article.refresh_from_db()
    assert (article.status, article.publish_at) == (S.APPROVED, None)
    assert not StatusChange.objects.exists()


def test_a_scheduled_update_goes_public_at_its_exact_minute(client):
    article = ArticleFactory(status=S.APPROVED)
    at = datetime.datetime(2026, 6, 1, 7, 30, tzinfo=datetime.UTC)
    before = at - datetime.timedelta(microseconds=1)
    with time_machine.travel(at - datetime.timedelta(days=1), tick=False):
        change = workflow.publish_article(article, by=EditorFactory(), at=at)
    assert change.comment == "Scheduled for 1 June 2026 09:30."  # shown in Amsterdam time
    url = article.get_absolute_url()
    with time_machine.travel(before, tick=False):
        assert list(Article.objects.published()) == []
        assert client.get(url).status_code == 404
    with time_machine.travel(at, tick=False):
        assert list(Article.objects.published()) == [article]
        assert client.get(url).status_code == 200


def test_unpublishing_a_scheduled_update_cancels_it():
    article = ArticleFactory(status=S.APPROVED)
    at = datetime.datetime(2099, 1, 1, tzinfo=datetime.UTC)
    workflow.publish_article(article, by=EditorFactory(), at=at)
    workflow.unpublish_article(article, by=EditorFactory())
    with time_machine.travel(at, tick=False):
        assert list(Article.objects.published()) == []


def test_publish_and_unpublish_commands_use_the_workflow(capsys):
    editor = EditorFactory(username="ed")
    article = ArticleFactory(status=S.APPROVED, slug="ready")
    call_command("publish", "ready", "--user", "ed", "--at", "2099-01-01T09:00+00:00")
    article.refresh_from_db()
    assert article.status == S.PUBLISHED
    assert article.publish_at == datetime.datetime(2099, 1, 1, 9, 0, tzinfo=datetime.UTC)
    assert "Scheduled" in capsys.readouterr().out
    call_command("unpublish", "ready", "--user", "ed", "--comment", "Wrong date")
    article.refresh_from_db()
    assert article.status == S.APPROVED
    assert article.status_changes.first().comment == "Wrong date"
    assert article.status_changes.first().by == editor


def test_publish_command_without_user_acts_as_the_only_superuser(capsys):
    ArticleFactory(status=S.APPROVED, slug="ready")
    with pytest.raises(CommandError, match="Say who publishes with --user USERNAME"):
        call_command("publish", "ready")  # no superuser at all
    admin = AdminUserFactory(username="chief")
    call_command("publish", "ready")
    article = Article.objects.get(slug="ready")
    assert article.status == S.PUBLISHED and article.status_changes.first().by == admin
    assert "Acting as chief (the only superuser)." in capsys.readouterr().out


def test_publish_command_refusals_are_clear():
    EditorFactory(username="ed")
    ExpertUserFactory(username="expert")
    ArticleFactory(status=S.APPROVED, slug="ready", standfirst="")
    with pytest.raises(CommandError, match="No update has the slug"):
        call_command("publish", "nothing", "--user", "ed")
    with pytest.raises(CommandError, match="No active user called “nobody”"):
        call_command("publish", "ready", "--user", "nobody")
    with pytest.raises(CommandError, match="not an ISO date"):
        call_command("publish", "ready", "--user", "ed", "--at", "tomorrow")
    with pytest.raises(CommandError, match="may not “publish”"):
        call_command("publish", "ready", "--user", "expert")
    with pytest.raises(CommandError, match="no standfirst"):
        call_command("publish", "ready", "--user", "ed")
    assert Article.objects.get(slug="ready").status == S.APPROVED


def transition_url(article, name):
    return reverse("admin:articles_article_transition", args=[article.pk, name])


def test_admin_buttons_call_the_workflow(client):
    editor = EditorFactory()
    client.force_login(editor)
    article = ArticleFactory(status=S.IN_REVIEW)
    change_page = client.get(reverse("admin:articles_article_change", args=[article.pk])).content.decode()
    assert transition_url(article, "approve") in change_page
    assert transition_url(article, "archive") not in change_page
    assert '<option value="draft" selected>' not in change_page  # status is read-only

    assert client.post(transition_url(article, "approve"), {"comment": "Fine"}).status_code == 302
    article.refresh_from_db()
    assert article.status == S.APPROVED
    audit = client.get(reverse("admin:articles_article_change", args=[article.pk])).content.decode()
    assert re.search(r"<td>In review</td><td>Approved</td><td>Fine</td>", audit)
    assert f'href="/admin/articles/article/{article.pk}/revisions/">Revisions</a>' in audit

    refused = client.post(transition_url(article, "archive"))
    assert refused.status_code == 200
    assert "“Archive” applies only to an update that is published." in refused.content.decode()
    live = ArticleFactory(published=True)
    refused = client.post(transition_url(live, "archive"))
    assert "Only Admins may “archive”" in refused.content.decode()
    assert [a.status for a in Article.objects.filter(pk__in=[article.pk, live.pk]).order_by("pk")] == [
        S.APPROVED,
        S.PUBLISHED,
    ]


def test_admin_publish_page_lists_preflight_problems_and_schedules(client):
    client.force_login(EditorFactory())
    article = ArticleFactory(status=S.APPROVED, standfirst="")
    page = client.get(transition_url(article, "publish")).content.decode()
    assert "no standfirst" in page
    blocked = client.post(transition_url(article, "publish"), {"at": "2099-01-01T09:00"})
    assert "cannot be published until 1 problem is fixed" in blocked.content.decode()
    article.standfirst = "Now there is one."
    article.save()
    assert client.post(transition_url(article, "publish"), {"at": "2099-01-01T09:00"}).status_code == 302
    article.refresh_from_db()
    assert article.status == S.PUBLISHED and not article.is_public
    assert article.publish_at == datetime.datetime(2099, 1, 1, 8, 0, tzinfo=datetime.UTC)  # Amsterdam time


def test_admin_list_actions_apply_the_workflow_to_each_selected_update(client):
    client.force_login(EditorFactory())
    drafts = [ArticleFactory(), ArticleFactory()]
    published = ArticleFactory(published=True)
    selected = [a.pk for a in drafts] + [published.pk]
    response = client.post(
        reverse("admin:articles_article_changelist"),
        {"action": "submit_selected", "_selected_action": selected},
        follow=True,
    )
    html = response.content.decode()
    assert "Submit for review: 2 update(s)." in html and "applies only to an update that is draft" in html
    assert list(Article.objects.filter(pk__in=selected).order_by("pk").values_list("status", flat=True)) == [
        S.IN_REVIEW,
        S.IN_REVIEW,
        S.PUBLISHED,
    ]


def test_the_change_form_costs_the_same_queries_with_a_long_history(client):
    editor = EditorFactory()
    client.force_login(editor)
    counts = []
    for size in (1, 15):
        article = ArticleFactory()
        for number in range(size):
            workflow.submit_for_review(article, by=editor)
            workflow.request_changes(article, by=editor, comment=f"round {number}")
            add_comment(article, by=editor, body=f"comment {number}")
            save_article(article, by=editor, expected_version=article.version)
        with CaptureQueriesContext(connection) as queries:
            client.get(reverse("admin:articles_article_change", args=[article.pk]))
        counts.append(len(queries))
    assert counts[0] == counts[1]


def test_workflow_and_saves_refresh_cached_public_pages(client, django_capture_on_commit_callbacks):
    editor, other = EditorFactory(), EditorFactory()
    live = ArticleFactory(published=True, title="Already live")
    waiting = ArticleFactory(status=S.APPROVED, title="Waiting")
    assert "Waiting" not in client.get(reverse("home")).content.decode()  # now cached
    with django_capture_on_commit_callbacks(execute=True):
        workflow.publish_article(waiting, by=editor)
    assert "Waiting" in client.get(reverse("home")).content.decode()

    assert "Already live" in client.get(live.get_absolute_url()).content.decode()
    new = start_new_version(live, by=other)
    new.title = "Corrected title"
    save_article(new, by=other, expected_version=new.version)
    workflow.submit_for_review(new, by=other)
    workflow.approve_article(new, by=editor)
    with django_capture_on_commit_callbacks(execute=True):
        workflow.publish_article(new, by=editor)
    assert "Corrected title" in client.get(live.get_absolute_url()).content.decode()
