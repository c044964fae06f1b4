import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse

from articles.editorial.comments import add_comment
from articles.models import EditorialComment
from tests.factories import ArticleFactory, EditorFactory, ExpertFactory, ExpertUserFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def article_with_authors():
    """An update with an owner and three authors: one with an address, one with an account, one without."""
    article = ArticleFactory(owner=EditorFactory(email="owner@example.org"))
    with_account = ExpertFactory(email="", user=UserFactory(email="account@example.org"))
    article.authors.add(ExpertFactory(email="author@example.org"), with_account, ExpertFactory(email=""))
    return article


def test_a_comment_emails_the_authors_and_the_owner_but_not_its_writer(
    article_with_authors, django_capture_on_commit_callbacks
):
    writer = EditorFactory(email="writer@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        comment = add_comment(article_with_authors, by=writer, body="  Please check the treaty date.  ")
    assert comment.body == "Please check the treaty date."
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert sorted(message.to) == ["account@example.org", "author@example.org", "owner@example.org"]
    assert message.subject == f"[HIG Updates] New comment on {article_with_authors}"
    assert "Please check the treaty date." in message.body and str(writer) in message.body

    with django_capture_on_commit_callbacks(execute=True):
        add_comment(article_with_authors, by=article_with_authors.owner, body="Done.")
    assert "owner@example.org" not in mail.outbox[1].to


def test_an_empty_comment_is_refused_and_nothing_is_sent(article_with_authors, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(ValidationError, match="needs some text"):
        add_comment(article_with_authors, by=EditorFactory(), body="   ")
    assert not EditorialComment.objects.exists() and mail.outbox == []


def test_nobody_to_tell_sends_nothing(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        add_comment(ArticleFactory(), by=EditorFactory(), body="Note to self.")
    assert mail.outbox == []


def test_comments_are_written_and_shown_in_the_admin(article_with_authors, client, django_capture_on_commit_callbacks):
    editor = EditorFactory(username="carla")
    client.force_login(editor)
    url = reverse("admin:articles_article_comment", args=[article_with_authors.pk])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"body": "Cite the <treaty>."})
    assert response.status_code == 302 and response["Location"].endswith("#comments")
    assert len(mail.outbox) == 1
    page = client.get(reverse("admin:articles_article_change", args=[article_with_authors.pk])).content.decode()
    assert "Cite the &lt;treaty&gt;." in page and "carla" in page

    assert client.post(url, {"body": ""}, follow=True).content.decode().count("A comment needs some text.") == 1
    assert client.get(url).status_code == 403


def test_someone_without_the_permission_cannot_comment(article_with_authors, client):
    client.force_login(ExpertUserFactory(is_staff=True))  # staff, so the admin answers rather than asking to log in
    response = client.post(reverse("admin:articles_article_comment", args=[article_with_authors.pk]), {"body": "Hi"})
    assert response.status_code == 403
    assert not EditorialComment.objects.exists()


def test_a_comments_author_is_whoever_is_signed_in_whatever_the_form_says(
    article_with_authors, client, django_capture_on_commit_callbacks
):
    editor, someone_else = EditorFactory(username="carla"), EditorFactory(username="dirk")
    client.force_login(editor)
    add_url = reverse("admin:articles_editorialcomment_add")
    assert 'name="author"' not in client.get(add_url).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            add_url, {"article": article_with_authors.pk, "author": someone_else.pk, "body": "Signed by Dirk?"}
        )
        assert response.status_code == 302
        client.post(
            reverse("admin:articles_article_comment", args=[article_with_authors.pk]),
            {"author": someone_else.pk, "body": "And this one?"},
        )
    assert [(c.author, c.body) for c in EditorialComment.objects.all()] == [
        (editor, "Signed by Dirk?"),
        (editor, "And this one?"),
    ]
    assert len(mail.outbox) == 2  # the admin's add form tells the authors and owner too
