"""axe-core in Chromium: no serious or critical accessibility violation on the pages readers and experts use."""

import json

import pytest

from actors.models import Actor
from articles.demo.loading import load_demo
from articles.expert_review import services as review
from articles.models import Expert
from tests.factories import ExpertUserFactory, QuoteFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "correct horse battery staple"  # every factory user's
# axe is injected as an inline script, which the site's strict CSP rightly refuses.
AXE = {"bypass_csp": True}

# Each violation as the rule, its impact, its help text and the first nodes it found.
SERIOUS_VIOLATIONS = """async () => {
  const results = await axe.run(document, {resultTypes: ["violations"]});
  return results.violations
    .filter((violation) => ["serious", "critical"].includes(violation.impact))
    .map((violation) => ({
      rule: violation.id,
      impact: violation.impact,
      help: violation.help,
      nodes: violation.nodes.slice(0, 5).map((node) => ({target: node.target, html: node.html, why: node.failureSummary})),
      count: violation.nodes.length,
    }));
}"""


def assert_accessible(page, axe_script):
    """axe finds no serious or critical violation on the page, in light mode and in dark mode (colour contrast)."""
    page.add_script_tag(path=str(axe_script))
    for color_scheme in ("light", "dark"):
        page.emulate_media(color_scheme=color_scheme)
        violations = page.evaluate(SERIOUS_VIOLATIONS)
        assert violations == [], f"axe found serious or critical violations on {page.url} ({color_scheme}):\n" + (
            json.dumps(violations, indent=2, ensure_ascii=False)
        )


@pytest.fixture
def demo():
    """The demo update, with a pending item for Breuker, who signs in to review it."""
    article = load_demo()
    breuker = Expert.objects.get(slug="remco-breuker")
    breuker.user = ExpertUserFactory(username="breuker")
    breuker.save(update_fields=["user"])
    QuoteFactory(article=article, expert=breuker, text="China's back door")
    return article, breuker


PUBLIC_PAGES = {
    "home": lambda article: "/",
    "article": lambda article: article.get_absolute_url(),
    "actor": lambda article: Actor.objects.get(slug="north-korea").get_absolute_url(),
    "actor pair": lambda article: "/actors/china/and/north-korea/",
    "expert": lambda article: Expert.objects.get(slug="remco-breuker").get_absolute_url(),
    "search results": lambda article: "/search/?q=North+Korea",
}


@pytest.mark.parametrize("name", PUBLIC_PAGES)
def test_public_pages_have_no_serious_violations(page_at, axe_script, demo, name):
    article, _ = demo
    page = page_at(PUBLIC_PAGES[name](article), **AXE)
    assert page.locator("main").count() == 1  # the page itself, not an error page
    assert_accessible(page, axe_script)


def test_the_signed_in_review_pages_have_no_serious_violations(page_at, axe_script, demo):
    page = page_at("/review/login/", **AXE)
    assert_accessible(page, axe_script)
    page.get_by_label("Username").fill("breuker")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url("**/review/")
    assert page.get_by_text("China's back door").count() >= 1  # the pending item, with its forms
    assert_accessible(page, axe_script)


def test_the_signed_review_link_page_has_no_serious_violations(page_at, axe_script, demo):
    article, breuker = demo
    page = page_at(review.review_link_for(breuker, article, by=None), **AXE)
    assert page.get_by_text("China's back door").count() >= 1
    assert_accessible(page, axe_script)
