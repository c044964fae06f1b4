"""No lost updates: two editors open the same update; the second save is refused, never silently applied."""

import re
from unittest import mock

import pytest
from django.test import Client
from django.urls import reverse

from articles.editorial.saving import StaleArticle, changing_article, save_article
from articles.models import Article
from tests.factories import ArticleFactory, CitationFactory, EditorFactory

pytestmark = pytest.mark.django_db


def test_the_second_of_two_editors_is_refused_and_told_what_changed():
    alice, bob = EditorFactory(username="alice"), EditorFactory(username="bob")
    article = ArticleFactory(title="Alliance", body="China and North Korea.")
    opened_by_alice = Article.objects.get(pk=article.pk)
    opened_by_bob = Article.objects.get(pk=article.pk)

    opened_by_alice.title = "Alliance today"
    save_article(opened_by_alice, by=alice, expected_version=1)

    related_saves = []
    opened_by_bob.body = "Bob's body."
    with pytest.raises(StaleArticle) as refusal, changing_article(opened_by_bob, by=bob, expected_version=1):
        related_saves.append(1)
    error = refusal.value
    assert "was saved by alice" in str(error)
    assert "you had version 1; it is now version 2" in str(error)
    assert "Changed meanwhile: Title." in str(error)
    assert [(change.label, change.html) for change in error.changes] == [("Title", "Alliance<ins> today</ins>")]

    article.refresh_from_db()
    assert (article.title, article.body, article.version) == ("Alliance today", "China and North Korea.", 2)
    assert related_saves == []
    assert article.revisions.count() == 2  # the state alice opened, and her save; nothing of bob's


def change_form_data(page, **overrides):
    """The change form as the browser would submit it: every field with the value the page shows."""
    form = page.context["adminform"].form
    data = {}
    for name, field in form.fields.items():
        value = form[name].value()
        if value is None:
            continue
        if isinstance(value, list):
            data[name] = [str(v) for v in value]
        else:
            data[name] = field.widget.format_value(value) if hasattr(field.widget, "format_value") else value
    if form.instance.pk:
        data["topics"] = ", ".join(tag.name for tag in form.instance.topics.all())
    for formset in page.context["inline_admin_formsets"]:
        management = formset.formset.management_form
        for name in management.fields:
            data[f"{management.prefix}-{name}"] = management[name].value()
        for index, inline_form in enumerate(formset.formset.forms):
            for name in inline_form.fields:
                value = inline_form[name].value()
                if value not in (None, False):
                    data[f"{formset.formset.prefix}-{index}-{name}"] = value
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def test_two_editors_in_the_admin_the_second_save_is_refused_with_the_changes():
    article = ArticleFactory(title="Alliance", standfirst="Old standfirst.")
    CitationFactory(article=article, order=1, cited_text="treaty")
    url = reverse("admin:articles_article_change", args=[article.pk])
    alice, bob = Client(), Client()
    alice.force_login(EditorFactory(username="alice"))
    bob.force_login(EditorFactory(username="bob"))
    alice_page, bob_page = alice.get(url), bob.get(url)
    assert re.search(r'<input type="hidden" name="expected_version" value="1"', bob_page.content.decode())

    saved = alice.post(url, change_form_data(alice_page, title="Alliance today"))
    assert saved.status_code == 302, saved.context["adminform"].form.errors

    refused = bob.post(
        url, change_form_data(bob_page, standfirst="Bob's standfirst.", **{"citations-0-cited_text": "x"})
    )
    assert refused.status_code == 200
    html = refused.content.decode()
    assert "was saved by alice" in html and "Your changes were not saved" in html
    assert "Alliance<ins> today</ins>" in html  # what alice changed, shown to bob
    assert "Bob&#x27;s standfirst." in html  # bob's input is still on the page to copy

    article.refresh_from_db()
    assert (article.title, article.standfirst, article.version) == ("Alliance today", "Old standfirst.", 2)
    assert article.citations.get().cited_text == "treaty"
    assert article.revisions.first().created_by.username == "alice"

    # Reloaded, bob's form carries the new version and his save goes through.
    bob_again = bob.get(url)
    assert bob.post(url, change_form_data(bob_again, standfirst="Bob's standfirst.")).status_code == 302
    article.refresh_from_db()
    assert (article.title, article.standfirst, article.version) == ("Alliance today", "Bob's standfirst.", 3)


def test_a_save_that_loses_the_race_after_the_form_check_still_writes_nothing():
    article = ArticleFactory(title="Alliance")
    url = reverse("admin:articles_article_change", args=[article.pk])
    client = Client()
    client.force_login(EditorFactory())
    page = client.get(url)
    Article.objects.filter(pk=article.pk).update(version=5)  # someone saved after the form was checked
    with mock.patch("articles.admin.workflow_pages.find_conflict", return_value=None):
        response = client.post(url, change_form_data(page, title="Mine", topics="new topic"), follow=True)
    assert "after you opened it" in response.content.decode()
    article.refresh_from_db()
    assert (article.title, article.version, list(article.topics.names())) == ("Alliance", 5, [])


def test_status_and_publish_time_are_read_only_in_the_admin():
    article = ArticleFactory(title="Alliance")
    url = reverse("admin:articles_article_change", args=[article.pk])
    client = Client()
    client.force_login(EditorFactory())
    page = client.get(url)
    data = change_form_data(page, status="published", publish_at_0="2026-01-01", publish_at_1="09:00")
    assert client.post(url, data).status_code == 302
    article.refresh_from_db()
    assert (article.status, article.publish_at, article.version) == ("draft", None, 2)


def test_adding_an_update_in_the_admin_stores_revision_one():
    editor = EditorFactory()
    client = Client()
    client.force_login(editor)
    page = client.get(reverse("admin:articles_article_add"))
    data = change_form_data(page, title="New update", slug="new-update", body="Text.", topics="trade")
    response = client.post(reverse("admin:articles_article_add"), data)
    assert response.status_code == 302
    article = Article.objects.get(slug="new-update")
    revision = article.revisions.get()
    assert (revision.number, revision.created_by, revision.data["topics"]) == (1, editor, ["trade"])
