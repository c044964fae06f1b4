"""Only Admins change where an expert's review links go (their email address) or the account they review with.

An editor who could set an expert's address to their own would receive that expert's review link and
approve the expert's quotes as the expert. In the admin's form and in a spreadsheet import, a change by
anyone else is refused; a change by an Admin is told to the old and the new address, and the links sent
to the old address stop working.
"""

import re

import pytest
import tablib
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from articles.expert_review import services as review
from articles.importers.spreadsheets import ExpertResource
from articles.models import Expert, ReviewLink
from tests.factories import AdminsGroupUserFactory, AdminUserFactory, EditorFactory, ExpertUserFactory

pytestmark = pytest.mark.django_db

NEW = "new-address@example.org"


def change_url(expert):
    return reverse("admin:articles_expert_change", args=[expert.pk])


def form_data(expert, **changes):
    data = {
        "name": expert.name,
        "slug": expert.slug,
        "title": expert.title,
        "role": expert.role,
        "bio": expert.bio,
        "areas": expert.areas,
        "email": expert.email,
        "user": expert.user_id or "",
        "is_published": "on" if expert.is_published else "",
    }
    return {**data, **changes}


@pytest.fixture
def old_link(quote, expert, article):
    """A review link sent to Breuker's present address."""
    return review.review_link_for(expert, article, by=None).removeprefix("/review/t/").rstrip("/")


def test_an_editor_cannot_change_an_experts_address_or_account_in_the_admin(
    editor_client, expert, old_link, django_capture_on_commit_callbacks
):
    page = editor_client.get(change_url(expert)).content.decode()
    assert 'name="email"' not in page and 'name="user"' not in page
    assert "Only Admins can change" in page

    own_account = ExpertUserFactory()
    with django_capture_on_commit_callbacks(execute=True):
        response = editor_client.post(
            change_url(expert), form_data(expert, email="editor@example.org", user=own_account.pk, role="Analyst")
        )
    assert response.status_code == 302
    expert.refresh_from_db()
    assert (expert.email, expert.user, expert.role) == ("breuker@example.org", None, "Analyst")
    assert mail.outbox == []
    assert review.verify_review_token(old_link).expert == expert


def test_an_editor_creates_an_expert_without_an_address(editor_client):
    page = editor_client.get(reverse("admin:articles_expert_add")).content.decode()
    assert 'name="email"' not in page
    response = editor_client.post(
        reverse("admin:articles_expert_add"),
        {"name": "New Expert", "slug": "new-expert", "email": "editor@example.org", "is_published": "on"},
    )
    assert response.status_code == 302
    assert Expert.objects.get(slug="new-expert").email == ""


@pytest.mark.parametrize("make_admin", [AdminsGroupUserFactory, AdminUserFactory])
def test_an_admin_changes_the_address_both_addresses_are_told_and_old_links_stop_working(
    client, expert, old_link, make_admin, django_capture_on_commit_callbacks
):
    admin_user = make_admin(first_name="Ada", last_name="Admin")
    client.force_login(admin_user)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(change_url(expert), form_data(expert, email=NEW))
    assert response.status_code == 302
    expert.refresh_from_db()
    assert expert.email == NEW

    assert sorted(email.to[0] for email in mail.outbox) == ["breuker@example.org", NEW]
    for email in mail.outbox:
        assert len(email.to) == 1
        assert "breuker@example.org" in email.body and NEW in email.body and "Ada Admin" in email.body
    with pytest.raises(review.InvalidReviewLink, match="revoked"):
        review.verify_review_token(old_link)
    link = ReviewLink.objects.get()
    assert link.revoked_by == admin_user
    assert client.get(f"/review/t/{old_link}/").status_code == 403


def test_an_admin_links_an_account_and_the_addresses_involved_are_told(
    client, expert, old_link, django_capture_on_commit_callbacks
):
    expert.email = ""
    expert.save()
    account = ExpertUserFactory(email="account@example.org")
    client.force_login(AdminUserFactory())
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(change_url(expert), form_data(expert, user=account.pk)).status_code == 302
    expert.refresh_from_db()
    assert expert.user == account
    assert [email.to for email in mail.outbox] == [["account@example.org"]]  # there was no address before


# ---- Spreadsheet imports ------------------------------------------------------------------------


def import_csv(csv, user):
    return ExpertResource().import_data(tablib.Dataset().load(csv, format="csv"), raise_errors=False, user=user)


def row_errors(result):
    return [str(error.error) for row in result.rows for error in row.errors]


def test_an_editors_import_changing_an_address_is_refused_and_writes_nothing(
    expert, old_link, django_capture_on_commit_callbacks
):
    csv = f"slug,name,role,email\nfresh,Fresh Expert,Analyst,\n{expert.slug},Remco Breuker,Analyst,editor@example.org\n"
    with django_capture_on_commit_callbacks(execute=True):
        result = import_csv(csv, EditorFactory())
    assert result.has_errors()
    assert any("Only Admins can change" in message for message in row_errors(result)), row_errors(result)
    expert.refresh_from_db()
    assert (expert.email, expert.role) == ("breuker@example.org", "HIG analyst")
    assert not Expert.objects.filter(slug="fresh").exists()
    assert mail.outbox == []
    assert review.verify_review_token(old_link).expert == expert


def test_an_editors_import_may_not_give_a_new_expert_an_address():
    result = import_csv("slug,name,email\nfresh,Fresh Expert,editor@example.org\n", EditorFactory())
    assert any("Only Admins can change" in message for message in row_errors(result))
    assert not Expert.objects.filter(slug="fresh").exists()


def test_an_editors_import_that_keeps_the_address_goes_through(expert):
    result = import_csv(
        f"slug,name,role,email\n{expert.slug},Remco Breuker,Analyst,breuker@example.org\n", EditorFactory()
    )
    assert not result.has_errors(), row_errors(result)
    expert.refresh_from_db()
    assert expert.role == "Analyst"


def test_an_admins_import_changes_the_address_and_tells_both(expert, old_link, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        result = import_csv(f"slug,name,email\n{expert.slug},Remco Breuker,{NEW}\n", AdminsGroupUserFactory())
    assert not result.has_errors(), row_errors(result)
    expert.refresh_from_db()
    assert expert.email == NEW
    assert sorted(email.to[0] for email in mail.outbox) == ["breuker@example.org", NEW]
    with pytest.raises(review.InvalidReviewLink, match="revoked"):
        review.verify_review_token(old_link)


def test_the_admins_import_page_shows_an_editors_refused_row(editor_client, expert):
    upload = SimpleUploadedFile("experts.csv", f"slug,name,email\n{expert.slug},Remco Breuker,e@example.org\n".encode())
    response = editor_client.post(
        reverse("admin:articles_expert_import"), {"resource": "0", "format": "0", "import_file": upload}
    )
    content = response.content.decode()
    assert "Only Admins can change" in content
    assert "confirm_form" not in response.context or response.context["confirm_form"] is None
    expert.refresh_from_db()
    assert expert.email == "breuker@example.org"


# ---- Seeing and revoking review links -------------------------------------------------------------


def test_the_expert_page_lists_the_links_sent_and_revokes_them_all(editor_client, expert, old_link, editor):
    response = editor_client.get(change_url(expert))
    content = response.content.decode()
    assert "breuker@example.org" in content and "Active" in content

    url = reverse("admin:articles_expert_revoke_review_links", args=[expert.pk])
    assert url in content
    assert editor_client.get(url).status_code == 405
    response = editor_client.post(url, follow=True)
    assert "Revoked 1 review link of Remco Breuker." in response.content.decode()
    assert ReviewLink.objects.get().revoked_by == response.wsgi_request.user
    with pytest.raises(review.InvalidReviewLink, match="revoked"):
        review.verify_review_token(old_link)


def test_the_experts_list_revokes_the_links_of_the_selected_experts(editor_client, expert, old_link):
    response = editor_client.post(
        reverse("admin:articles_expert_changelist"),
        {"action": "revoke_review_links", "_selected_action": [expert.pk]},
        follow=True,
    )
    assert "Revoked 1 review link" in response.content.decode()
    assert ReviewLink.objects.get().state == ReviewLink.State.REVOKED


def test_the_links_list_shows_who_sent_what_to_whom_and_revokes_one(editor_client, expert, quote, article, editor):
    review.send_review_request(expert, article, by=editor)
    kept = review.review_link_for(expert, article, by=None)
    first = ReviewLink.objects.order_by("pk").first()
    response = editor_client.get(reverse("admin:articles_reviewlink_changelist"))
    content = response.content.decode()
    assert "breuker@example.org" in content and str(editor) in content and "Active" in content
    assert editor_client.get(reverse("admin:articles_reviewlink_add")).status_code == 403

    response = editor_client.post(
        reverse("admin:articles_reviewlink_changelist"),
        {"action": "revoke_selected_links", "_selected_action": [first.pk]},
        follow=True,
    )
    assert "Revoked 1 review link" in response.content.decode()
    first.refresh_from_db()
    assert first.state == ReviewLink.State.REVOKED
    assert review.verify_review_token(kept.removeprefix("/review/t/").rstrip("/")).state == ReviewLink.State.ACTIVE


def test_the_review_panel_says_which_link_a_decision_came_through(client, editor_client, expert, quote, article):
    editor_client.post(reverse("admin:articles_article_review_send_link", args=[article.pk, expert.pk]))
    [link] = re.findall(r"http://localhost:8000(/review/t/\S+/)", mail.outbox[0].body)
    client.post(f"{link}quotes/{quote.pk}/approve/")
    panel = editor_client.get(reverse("admin:articles_article_change", args=[article.pk])).content.decode()
    sent_on = timezone.localtime(ReviewLink.objects.get().created_at)
    assert f"Approved through the link sent to breuker@example.org on {sent_on:%-d %b %Y}" in panel


def test_the_links_list_and_the_expert_page_cost_the_same_queries_for_5_and_50_links(editor_client, expert, quote):
    def add(n):
        for _ in range(n):
            review.review_link_for(expert, quote.article, by=EditorFactory())

    def count(url):
        with CaptureQueriesContext(connection) as queries:
            assert editor_client.get(url).status_code == 200
        return len(queries)

    urls = [reverse("admin:articles_reviewlink_changelist"), change_url(expert)]
    add(5)
    small = [count(url) for url in urls]
    add(45)
    assert [count(url) for url in urls] == small
