"""Merging topics (taggit's "Merge selected tags") needs the right to change topics and never answers with a 500."""

import pytest
from django.contrib.auth.models import Permission
from django.contrib.messages import get_messages
from django.urls import reverse
from taggit.models import Tag

from articles.content_generation import current_generation
from tests.factories import AdminsGroupUserFactory, ArticleFactory, EditorFactory, UserFactory

pytestmark = pytest.mark.django_db

MERGE_URL = reverse("admin:taggit_tag_merge_tags")
CHANGELIST_URL = reverse("admin:taggit_tag_changelist")


def topics_of(article):
    return sorted(tag.name for tag in article.topics.all())


def select_for_merging(client, *tags, url=CHANGELIST_URL):
    """What the changelist's "Merge selected tags" action does; returns its response."""
    return client.post(url, {"action": "render_tag_form", "_selected_action": [tag.pk for tag in tags]})


def shown_messages(response):
    return [str(message) for message in get_messages(response.wsgi_request)]


@pytest.fixture
def tagged():
    article = ArticleFactory()
    article.topics.add("sanctions", "Sanctions regime", "trade")
    return article


def test_merging_needs_the_right_to_change_topics(client, tagged):
    viewer = UserFactory(is_staff=True)
    viewer.user_permissions.add(Permission.objects.get(codename="view_tag"))
    client.force_login(viewer)
    session = client.session
    session["selected_tag_ids"] = ",".join(str(pk) for pk in Tag.objects.values_list("pk", flat=True))
    session.save()

    assert client.get(MERGE_URL).status_code == 403
    assert client.post(MERGE_URL, {"new_tag_name": "merged"}).status_code == 403
    assert "render_tag_form" not in client.get(CHANGELIST_URL).content.decode()  # the action is not offered
    client.force_login(UserFactory(is_staff=True))  # staff without any topic permission
    assert client.get(MERGE_URL).status_code == 403
    assert topics_of(tagged) == ["Sanctions regime", "sanctions", "trade"]


@pytest.mark.parametrize("selected", [None, "", "12345", "abc,-1", "../../x"])
def test_a_merge_with_nothing_selected_says_so_instead_of_failing(client, tagged, selected):
    client.force_login(AdminsGroupUserFactory())
    if selected is not None:
        session = client.session
        session["selected_tag_ids"] = selected
        session.save()

    response = client.post(MERGE_URL, {"new_tag_name": "merged"})

    assert (response.status_code, response["Location"]) == (302, CHANGELIST_URL)
    assert any("Select the topics to merge" in message for message in shown_messages(response))
    assert not Tag.objects.filter(name="merged").exists()
    assert topics_of(tagged) == ["Sanctions regime", "sanctions", "trade"]


def test_a_bad_merge_form_shows_its_error_and_merges_nothing(client, tagged):
    client.force_login(EditorFactory())
    select_for_merging(client, *Tag.objects.filter(name__startswith="s"))

    response = client.post(MERGE_URL, {"new_tag_name": ""})

    assert response.status_code == 200
    assert "This field is required." in response.content.decode()
    assert any("Enter the name of the topic" in message for message in shown_messages(response))
    assert topics_of(tagged) == ["Sanctions regime", "sanctions", "trade"]


@pytest.mark.parametrize("into", ["sanctions", "SANCTIONS"])  # one of the selected topics, in any case
def test_merging_selected_topics_from_a_filtered_list_retags_updates_and_marks_public_content_changed(
    client, tagged, into, django_capture_on_commit_callbacks
):
    client.force_login(EditorFactory())
    selected = Tag.objects.filter(name__istartswith="sanctions")

    chosen = select_for_merging(client, *selected, url=f"{CHANGELIST_URL}?q=sanc")
    page = client.get(chosen["Location"])
    assert (chosen["Location"], page.status_code) == (MERGE_URL, 200)
    assert "Sanctions regime" in page.content.decode()  # the page names what it will merge

    before = current_generation()
    with django_capture_on_commit_callbacks(execute=True):
        merged = client.post(MERGE_URL, {"new_tag_name": into})

    assert (merged.status_code, merged["Location"]) == (302, CHANGELIST_URL)
    assert topics_of(tagged) == ["sanctions", "trade"]
    assert current_generation() != before
    assert any("Merged 2 topics into “sanctions”" in message for message in shown_messages(merged))
