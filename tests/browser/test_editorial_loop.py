"""The whole editorial loop in a real browser, as people do it, through the admin and the public site.

Editor A imports the sample briefing, gives its sources URLs and the update a standfirst, and
sends it to review; each expert signs in and approves what is attributed to them; editor B
approves and publishes; a reader finds the update through search and through an actor page and
follows a footnote to its reference. Then A changes the live update through a new version:
readers keep the approved words (the page cache included) until B approves and publishes it.

Only the accounts, the experts, the series and region and the gazetteer are set up in Python.
"""

import re
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import expect

from actors.gazetteer import load_gazetteer
from articles.demo.loading import EXPERTS, REGION, SERIES
from articles.models import Expert, Region, Series
from tests.factories import EditorFactory, ExpertUserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SAMPLE = Path(__file__).parents[1] / "data" / "sino-north-korean-partnership.txt"
PASSWORD = "correct horse battery staple"  # the factories' password
TITLE = "The Sino-North Korean Partnership Today: North Korea's Power Shift"
STANDFIRST = "Russia's partnership with Pyongyang has loosened North Korea's dependence on China."
# The five links of the sample point nowhere ("#"); each source gets a URL.
SOURCE_URLS = {
    "friendship and cooperation treaty": "https://example.org/news/belarus-treaty",
    "North Korea's resilience": "https://example.org/analysis/resilience",
    "ideological exchange": "https://example.org/analysis/ideology",
    "prioritises Russia": "https://example.org/analysis/russia-first",
    "military parade held in Beijing on September 3, 2025": "https://example.org/news/beijing-parade",
}
OLD_SENTENCE = "A new network between authoritarian states should be perceived as an alarming step."
NEW_SENTENCE = "A new network between authoritarian states should be watched closely, as an axis of autocracies."
NEW_WORD = "autocracies"  # in the new sentence only


@pytest.fixture(autouse=True)
def timeouts(browser):
    # Generous for a loaded CI machine; a failure still says which expectation waited in vain.
    expect.set_options(timeout=15_000)


@pytest.fixture
def people(db):
    Series.objects.create(**SERIES)
    Region.objects.create(**REGION)
    load_gazetteer()
    experts = []
    for data in EXPERTS:
        account = ExpertUserFactory(username=data["slug"])
        experts.append(Expert.objects.create(**data, user=account))
    return {
        "editor_a": EditorFactory(username="editor-a"),
        "editor_b": EditorFactory(username="editor-b"),
        "experts": experts,
    }


def sign_in_to_admin(page_at, username):
    page = page_at("/admin/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("button", name="Log out")).to_be_visible()
    return page


def open_update(page):
    """From anywhere in the admin: the updates list, then the update (never its new version) by its title."""
    page.goto(page.url.split("/admin/")[0] + "/admin/articles/article/")
    live = page.locator("#result_list tbody tr").filter(has_not=page.locator(".new-version"))
    live.get_by_role("link", name=TITLE, exact=True).click()
    expect(page.locator("#workflow-heading")).to_be_visible()


def transition(page, label):
    """Press a workflow button on the update's page and confirm it on the transition page."""
    page.locator(".workflow-buttons").get_by_role("link", name=label, exact=True).click()
    page.get_by_role("button", name=label, exact=True).click()
    expect(page.locator(".messagelist")).to_contain_text(f"{label}: “{TITLE}”")


def test_an_update_goes_from_briefing_to_readers_and_changes_through_a_new_version(page_at, live_server, people):
    # 1. Editor A imports the briefing.
    editor_a = sign_in_to_admin(page_at, "editor-a")
    editor_a.goto(live_server.url + "/admin/articles/article/")
    editor_a.get_by_role("link", name="Import briefing").click()
    editor_a.get_by_label("Briefing files").set_input_files(SAMPLE)
    editor_a.get_by_role("button", name="Import").click()
    report = editor_a.locator(".import-report")
    expect(report).to_contain_text(f"draft “{TITLE}” created")
    expect(report).to_contain_text("5 citations (5 placeholders)")
    expect(report).to_contain_text("Remco Breuker must approve")
    report.get_by_role("link", name="Open the draft").click()
    preflight = editor_a.locator("#preflight")
    expect(preflight).to_contain_text("The update has no standfirst")
    expect(preflight).to_contain_text("The link “prioritises Russia” points to “#”")

    # 2. A gives the five placeholder sources their URLs in the sources' admin…
    for title, url in SOURCE_URLS.items():
        editor_a.goto(live_server.url + "/admin/articles/source/")
        editor_a.get_by_role("link", name=title[:1].upper() + title[1:], exact=True).click()
        editor_a.get_by_label("URL").fill(url)
        editor_a.get_by_role("button", name="Save", exact=True).click()
        expect(editor_a.locator(".messagelist")).to_contain_text("was changed successfully")
    # …links the body's words to them and writes the standfirst.
    open_update(editor_a)
    body = editor_a.get_by_label("Body")
    text = body.input_value()
    for cited, url in SOURCE_URLS.items():
        assert f"[{cited}](#)" in text, f"the imported body should link “{cited}” to nowhere"
        text = text.replace(f"[{cited}](#)", f"[{cited}]({url})")
    body.fill(text)
    editor_a.get_by_label("Standfirst").fill(STANDFIRST)
    editor_a.get_by_role("button", name="Save and continue editing").click()
    expect(editor_a.locator(".messagelist")).to_contain_text("was changed successfully")
    # What still blocks publishing is the experts' approval, nothing else.
    problems = editor_a.locator("#preflight li")
    expect(problems.first).to_be_visible()
    for problem in problems.all_inner_texts():
        assert "has not yet approved" in problem, f"only the experts' approvals should be missing: {problem}"

    # 3. A sends it to review; A may not approve it.
    transition(editor_a, "Submit for review")
    expect(editor_a.locator("#workflow-heading")).to_have_text("Workflow: In review")
    expect(editor_a.locator(".workflow-buttons").get_by_role("link", name="Approve")).to_have_count(0)

    # 4. Each expert signs in and approves their items.
    for expert in people["experts"]:
        reviewer = page_at("/review/")
        reviewer.get_by_label("Username").fill(expert.user.username)
        reviewer.get_by_label("Password").fill(PASSWORD)
        reviewer.get_by_role("button", name="Sign in").click()
        expect(reviewer.get_by_role("heading", name="My quotes")).to_be_visible()
        items = reviewer.locator("article.item")
        expect(items.first).to_be_visible()
        count = items.count()
        for approved in range(1, count + 1):
            reviewer.get_by_role("button", name="Approve", exact=True).first.click()
            # Counted on the page the approval leads to, so the next click never lands on the old one.
            expect(reviewer.locator("article.item-approved")).to_have_count(approved)
            expect(reviewer.get_by_text("Approved. Thank you.")).to_be_visible()
        expect(reviewer.get_by_role("button", name="Approve", exact=True)).to_have_count(0)

    # 5. Editor B approves (four eyes) and publishes.
    editor_b = sign_in_to_admin(page_at, "editor-b")
    open_update(editor_b)
    expect(editor_b.locator("#preflight")).to_contain_text("No problems: nothing blocks publishing.")
    transition(editor_b, "Approve")
    transition(editor_b, "Publish")
    expect(editor_b.locator("#workflow-heading")).to_have_text("Workflow: Published")

    # 6. A reader finds it through search and through North Korea's page, and follows a footnote.
    reader = page_at("/search/?q=Lukashenko")
    expect(reader.get_by_text("1 update matches “Lukashenko”.")).to_be_visible()
    expect(reader.get_by_role("link", name=TITLE)).to_be_visible()
    reader.goto(live_server.url + "/actors/north-korea/")
    expect(reader.get_by_role("heading", name="North Korea", level=1)).to_be_visible()
    reader.get_by_role("link", name=TITLE).click()
    expect(reader.get_by_role("heading", name=TITLE, level=1)).to_be_visible()
    expect(reader.locator(".prose")).to_contain_text(OLD_SENTENCE)
    reader.get_by_role("link", name="Reference 4", exact=True).click()
    expect(reader).to_have_url(re.compile(r"#ref-4$"))
    reference = reader.locator("#ref-4")
    expect(reference).to_be_in_viewport()
    expect(reference.get_by_role("link", name="Prioritises Russia")).to_have_attribute(
        "href", SOURCE_URLS["prioritises Russia"]
    )
    assert reader.problems == [], f"script errors or CSP violations on the reader's page: {reader.problems}"
    article_path = urlsplit(reader.url).path

    # 7. A changes the live update through a new version.
    open_update(editor_a)
    expect(editor_a.get_by_text("Readers see this update as it is, so it is not changed here.")).to_be_visible()
    editor_a.get_by_role("button", name="Start a new version").click()
    expect(editor_a.locator(".messagelist")).to_contain_text(f"This is the new version of “{TITLE}”")
    body = editor_a.get_by_label("Body")
    text = body.input_value()
    assert OLD_SENTENCE in text, "the new version starts from the live update's words"
    body.fill(text.replace(OLD_SENTENCE, NEW_SENTENCE))
    editor_a.get_by_role("button", name="Save and continue editing").click()
    expect(editor_a.locator(".messagelist")).to_contain_text("was changed successfully")
    expect(editor_a.locator("#new-version")).to_contain_text(NEW_WORD)

    # Readers still see the approved words, on the page and in search. Each visit is a fresh
    # browser, so what is tested is the server's page cache, not the browser's own (max-age).
    reader = page_at(article_path)
    expect(reader.locator(".prose")).to_contain_text(OLD_SENTENCE)
    expect(reader.locator(".prose")).not_to_contain_text(NEW_WORD)
    reader = page_at(f"/search/?q={NEW_WORD}")
    expect(reader.get_by_text(f"No published updates match “{NEW_WORD}”.")).to_be_visible()

    transition(editor_a, "Submit for review")
    open_update(editor_b)  # the live update's page links to its new version
    editor_b.get_by_role("link", name=re.compile(r"^Open the new version")).click()
    transition(editor_b, "Approve")
    transition(editor_b, "Publish")
    expect(editor_b.locator("#workflow-heading")).to_have_text("Workflow: Published")

    # Readers now see the new words, at the same address.
    reader = page_at(article_path)
    expect(reader.locator(".prose")).to_contain_text(NEW_SENTENCE)
    expect(reader.locator(".prose")).not_to_contain_text(OLD_SENTENCE)
    reader = page_at(f"/search/?q={NEW_WORD}")
    expect(reader.get_by_text(f"1 update matches “{NEW_WORD}”.")).to_be_visible()
    expect(reader.get_by_role("link", name=TITLE)).to_be_visible()
