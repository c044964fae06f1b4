import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from actors.models import Mention
from articles.content_generation import current_generation
from articles.demo.loading import load_demo
from articles.editorial import workflow
from articles.editorial.new_versions import RestoreRefused, restore_revision
from articles.editorial.revisions import diff_html, diff_revisions
from articles.editorial.saving import StaleArticle, changing_article, save_article
from articles.expert_review import services as review
from articles.models import Article, Revision
from tests.articles.importers.briefings import run_import
from tests.factories import (
    ActorFactory,
    ArticleFactory,
    CitationFactory,
    EditorFactory,
    ExpertFactory,
    QuoteFactory,
)

pytestmark = pytest.mark.django_db


def edit(article, *, by, **fields):
    """Change fields of the update and save it the way every editor does."""
    for name, value in fields.items():
        setattr(article, name, value)
    return save_article(article, by=by, expected_version=article.version)


def test_creating_stores_revision_one_of_the_whole_update():
    editor = EditorFactory()
    expert, actor = ExpertFactory(name="Remco Breuker"), ActorFactory(name="China")
    article = ArticleFactory.build(title="First", slug="first", series=None, region=None)

    with changing_article(article, by=editor) as change:
        article.authors.add(expert)
        article.topics.add("sanctions", "trade")
        Mention.objects.create(article=article, actor=actor, count=3, origin=Mention.Origin.MANUAL)
        CitationFactory(article=article, order=1, cited_text="treaty", source__title="Treaty text")
        QuoteFactory(article=article, expert=expert, text="backdoor")
    revision = change.revision
    assert (revision.number, revision.created_by, revision.comment) == (1, editor, "Created")
    data = revision.data
    assert data["version"] == 1
    assert data["fields"]["title"] == "First" and data["fields"]["status"] == "draft"
    assert data["authors"] == [{"id": expert.pk, "name": "Remco Breuker"}]
    assert data["topics"] == ["sanctions", "trade"]
    assert [(m["actor"], m["count"], m["origin"]) for m in data["mentions"]] == [("China", 3, "manual")]
    assert [(c["order"], c["cited_text"], c["source"]) for c in data["citations"]] == [(1, "treaty", "Treaty text")]
    assert [(q["speaker"], q["text"], q["status"]) for q in data["quotes"]] == [
        ("Remco Breuker", "backdoor", "pending")
    ]


def test_a_save_tags_the_update_before_its_revision_so_the_revision_holds_the_actors():
    china = ActorFactory(name="China")
    article = ArticleFactory(body="Talks in Beijing.")
    revision = edit(article, by=EditorFactory(), body="Talks with China.")
    assert [(m["actor"], m["origin"]) for m in revision.data["mentions"]] == [("China", "auto")]
    assert list(article.mentions.values_list("actor", flat=True)) == [china.pk]


def test_every_save_stores_a_numbered_revision_and_raises_the_version():
    editor = EditorFactory()
    article = ArticleFactory(title="Zero")
    first = edit(article, by=editor, title="One")
    second = edit(article, by=editor, title="Two")
    # The state before the first tracked save is kept too, so nothing is lost.
    assert list(article.revisions.order_by("number").values_list("number", "data__fields__title", "comment")) == [
        (1, "Zero", "State before the first tracked save"),
        (2, "One", ""),
        (3, "Two", ""),
    ]
    assert (first.data["version"], second.data["version"]) == (2, 3)
    article.refresh_from_db()
    assert (article.version, article.title) == (3, "Two")


def test_saving_never_touches_status_or_publish_time():
    article = ArticleFactory(status="in_review", publish_at=timezone.now())
    publish_at = article.publish_at
    article.status, article.publish_at = "draft", None
    edit(article, by=EditorFactory(), title="Typo fixed")
    article.refresh_from_db()
    assert (article.status, article.publish_at, article.title) == ("in_review", publish_at, "Typo fixed")


def test_word_diff_marks_words_and_escapes_html():
    html = diff_html("The <b>old</b> treaty of 1961", "The <b>new</b> treaty of 1961 & more")
    assert html == ("The &lt;b&gt;<del>old</del><ins>new</ins>&lt;/b&gt; treaty of 1961<ins> &amp; more</ins>")
    assert diff_html("same words", "same words") == "same words"


def test_diff_between_any_two_revisions_lists_only_what_changed():
    editor = EditorFactory()
    article = ArticleFactory(title="Alliance", body="China and North Korea.", standfirst="Short.")
    edit(article, by=editor, title="Alliance today")
    article.topics.add("sanctions")
    edit(article, by=editor, body="China, Russia and North Korea.")
    first, second, third = article.revisions.order_by("number")
    assert [change.label for change in diff_revisions(first, second)] == ["Title"]
    changes = {change.label: change.html for change in diff_revisions(first, third)}
    assert list(changes) == ["Title", "Body", "Topics"]
    assert changes["Title"] == "Alliance<ins> today</ins>"
    assert changes["Body"] == "China<ins>, Russia</ins> and North Korea."
    assert changes["Topics"] == "<ins>sanctions</ins>"
    assert [c.label for c in diff_revisions(third, first)] == ["Title", "Body", "Topics"]


def test_restoring_saves_the_old_content_as_a_new_revision():
    editor = EditorFactory()
    expert, other = ExpertFactory(), ExpertFactory()
    china, russia = ActorFactory(name="China"), ActorFactory(name="Russia")
    article = ArticleFactory(title="Before", body="Old body.")
    article.authors.add(expert)
    article.topics.add("trade")
    Mention.objects.create(article=article, actor=china, origin=Mention.Origin.MANUAL)
    CitationFactory(article=article, order=1, cited_text="old citation")
    quote = QuoteFactory(article=article, expert=expert, text="approved words", status="approved")
    old = edit(article, by=editor, comment="good version")

    article.authors.set([other])
    article.topics.set(["sanctions"])
    article.mentions.all().delete()
    Mention.objects.create(article=article, actor=russia)
    article.citations.all().delete()
    CitationFactory(article=article, order=1, cited_text="new citation")
    edit(article, by=editor, title="After", body="New body.")
    count = article.revisions.count()

    restored = restore_revision(old, by=editor, expected_version=article.version)
    assert restored.number == count + 1 and restored.comment == f"Restored revision {old.number}"
    article.refresh_from_db()
    assert (article.title, article.body) == ("Before", "Old body.")
    assert list(article.authors.all()) == [expert]
    assert list(article.topics.names()) == ["trade"]
    assert list(article.mentions.values_list("actor__name", "origin")) == [("China", "manual")]
    assert list(article.citations.values_list("order", "cited_text")) == [(1, "old citation")]
    assert diff_revisions(old, restored) == []
    # Nothing is lost: the version that was replaced is still a revision, and quotes keep their review.
    assert article.revisions.filter(data__fields__title="After").exists()
    quote.refresh_from_db()
    assert quote.status == "approved"


def test_restore_refusals():
    editor = EditorFactory()
    article = ArticleFactory(slug="original")
    old = edit(article, by=editor)
    edit(article, by=editor, slug="renamed")
    ArticleFactory(slug="original")
    with pytest.raises(RestoreRefused, match="already used by"):
        restore_revision(old, by=editor, expected_version=article.version)
    with pytest.raises(StaleArticle):
        restore_revision(article.revisions.first(), by=editor, expected_version=article.version - 1)
    assert article.revisions.count() == 3


def test_saving_the_demo_keeps_its_untracked_state_first():
    article = load_demo()
    assert article.revisions.get().comment == "Demo content"
    Revision.objects.all().delete()  # as content stored before revisions were tracked
    workflow.unpublish_article(article, by=EditorFactory())  # a live update is not changed in place
    edit(article, by=EditorFactory(), standfirst="A new standfirst.")
    baseline, saved = article.revisions.order_by("number")
    assert baseline.created_by is None and baseline.data["version"] == 1
    assert len(baseline.data["citations"]) == 5 and len(baseline.data["mentions"]) == 19
    assert [change.label for change in diff_revisions(baseline, saved)] == ["Standfirst"]


def test_admin_lists_compares_and_restores_revisions(editor_client, editor):
    client = editor_client
    article = ArticleFactory(title="Before")
    old = edit(article, by=editor)
    edit(article, by=editor, title="After")

    page = client.get(reverse("admin:articles_article_revisions", args=[article.pk]))
    assert page.status_code == 200
    assert "State before the first tracked save" in page.content.decode()

    compare = reverse("admin:articles_article_compare", args=[article.pk])
    page = client.get(compare, {"a": old.number, "b": old.number + 1})
    assert "<del>Before</del><ins>After</ins>" in page.content.decode()
    assert client.get(compare).status_code == 302  # nothing chosen

    restore = reverse("admin:articles_article_restore", args=[article.pk, old.number])
    confirm = client.get(restore)
    assert "<del>After</del><ins>Before</ins>" in confirm.content.decode()
    response = client.post(restore, {"expected_version": article.version})
    assert response.status_code == 302
    article.refresh_from_db()
    assert article.title == "Before"
    assert article.revisions.first().created_by == editor

    stale = client.post(restore, {"expected_version": 1}, follow=True)
    assert "after you opened it" in stale.content.decode()


def test_revision_list_costs_the_same_queries_for_few_and_many(editor_client, editor):
    client = editor_client
    small, large = ArticleFactory(), ArticleFactory()
    for article, saves in ((small, 2), (large, 20)):
        for number in range(saves):
            edit(article, by=editor, title=f"Title {number}")
    counts = []
    for article in (small, large):
        with CaptureQueriesContext(connection) as queries:
            assert client.get(reverse("admin:articles_article_revisions", args=[article.pk])).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1]


def test_revision_pages_need_view_permission_and_restore_needs_change(client):
    article = ArticleFactory()
    edit(article, by=EditorFactory())
    client.force_login(EditorFactory(groups=["Experts"], is_staff=True))
    for url in (
        reverse("admin:articles_article_revisions", args=[article.pk]),
        reverse("admin:articles_article_restore", args=[article.pk, 1]),
    ):
        assert client.get(url).status_code == 403


def test_a_slug_changed_by_a_save_keeps_the_old_url_answering(client):
    article = ArticleFactory(status="approved", slug="old-slug")
    edit(article, by=EditorFactory(), slug="new-slug")
    workflow.approve_article(article, by=EditorFactory())
    workflow.publish_article(article, by=EditorFactory())
    response = client.get("/updates/old-slug/")
    assert (response.status_code, response["Location"]) == (301, "/updates/new-slug/")


def test_imports_go_through_the_service_so_an_editor_form_from_before_a_reimport_is_stale():
    editor = EditorFactory()
    text = "A SHORT UPDATE\n\nRegional Update BRI and East Asia | First paragraph about China.\n\nSecond paragraph."
    first = run_import(text, by=editor).article
    assert first.revisions.get().comment == "Imported from briefing.txt"
    opened = Article.objects.get(pk=first.pk)
    run_import(text, by=editor)  # the same file again updates its draft
    first.refresh_from_db()
    assert first.version == 2 and first.revisions.first().comment == "Imported again from briefing.txt"
    opened.title = "Edited in a form opened before the re-import"
    with pytest.raises(StaleArticle):
        save_article(opened, by=editor, expected_version=opened.version)


def test_accepting_an_experts_proposed_wording_goes_through_the_write_path(django_capture_on_commit_callbacks):
    editor = EditorFactory()
    china = ActorFactory(name="China")
    expert = ExpertFactory(name="Remco Breuker")
    article = ArticleFactory(body="They call it a “backdoor” of the region.")
    quote = QuoteFactory(article=article, expert=expert, text="backdoor")
    review.propose_wording(quote, by=None, expert=expert, text="back door of China")
    generation = current_generation()

    with django_capture_on_commit_callbacks(execute=True):
        review.accept_proposed_wording(quote, by=editor)

    article.refresh_from_db()
    assert article.version == 2 and "back door of China" in article.body
    revision = article.revisions.first()
    assert (revision.created_by, revision.comment) == (editor, "Accepted Remco Breuker's proposed wording")
    assert revision.data["version"] == 2
    assert [(q["text"], q["status"]) for q in revision.data["quotes"]] == [("back door of China", "approved")]
    assert [m["actor_id"] for m in revision.data["mentions"]] == [china.pk]  # tagged again, before the revision
    assert current_generation() != generation
