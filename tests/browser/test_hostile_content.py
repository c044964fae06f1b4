"""An update full of stored-XSS payloads (tests/fixtures/xss_payloads.txt): no script of theirs runs."""

import pytest

from articles.models import Expert, Quote, Source
from tests.factories import ArticleFactory, CitationFactory, QuoteFactory
from tests.xss import PAYLOADS, packed

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_payloads_open_no_dialog_on_the_article_page(page_at):
    expert = Expert.objects.create(name=packed(150)[0], slug="hostile-expert", bio="\n\n".join(PAYLOADS))
    article = ArticleFactory(
        published=True,
        title=packed(250)[0],
        standfirst=" ".join(PAYLOADS),
        research_question=" ".join(PAYLOADS),
        body="\n\n".join(PAYLOADS),
    )
    article.authors.add(expert)
    for order, url in enumerate(["javascript:alert(1)", "java\tscript:alert(1)", "https://example.org/"], 1):
        source = Source.objects.create(title=packed(300)[order], publisher=packed(200)[order], url=url)
        CitationFactory(article=article, source=source, order=order, cited_text="")
    QuoteFactory(article=article, expert=expert, text=PAYLOADS[0], status=Quote.Status.APPROVED)

    dialogs = []
    page = page_at("/")
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.goto(page.url.rstrip("/") + article.get_absolute_url())
    assert page.locator("h1").count() == 1
    for link in page.locator("main a").all()[:60]:  # hover and focus what a payload might hook
        if link.is_visible():
            link.hover(timeout=1000)
        link.focus()
    page.mouse.move(5, 5)
    for link in page.locator(".references a").all():  # the hostile sources' links
        link.click(timeout=2000, no_wait_after=True)
    assert dialogs == []
