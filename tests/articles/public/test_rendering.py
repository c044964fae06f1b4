"""The article body: Markdown to sanitised HTML with anchors, citations and attributions."""

import pytest
from lxml import html as lxml_html

from articles.public.rendering import render_body
from tests.factories import ArticleFactory, CitationFactory, ExpertFactory, QuoteFactory, SourceFactory

HOSTILE = """
## Heading <script>alert(1)</script>

<script>alert('body')</script>
<img src="x" onerror="alert(2)">
<a href="javascript:alert(3)" onclick="alert(4)">js link</a>
[markdown js](javascript:alert(5))
[data link](data:text/html;base64,PHNjcmlwdD5hbGVydCg2KTwvc2NyaXB0Pg==)
![data image](data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoNyk+)
<svg onload="alert(8)"><script>alert(9)</script><foreignObject><iframe src="javascript:alert(10)"></iframe></foreignObject></svg>
<math><mtext><style><img src=x onerror=alert(11)></style></mtext></math>
<p style="background:url(javascript:alert(12))" onmouseover="alert(13)">styled</p>
<object data="x.swf"></object><embed src="x.swf"><form action="javascript:alert(14)"><input></form>
<a href="JaVaScRiPt:alert(15)">mixed case</a> <a href="  javascript:alert(16)">spaced</a>
"""


def assert_inert(markup):
    tree = lxml_html.fragment_fromstring(markup, create_parent="div")
    for element in tree.iter():
        assert element.tag not in {"script", "style", "svg", "iframe", "object", "embed", "form", "input", "math"}
        for name, value in element.attrib.items():
            assert not name.startswith("on"), (element.tag, name)
            assert name != "style"
            assert not value.strip().lower().startswith(("javascript:", "data:", "vbscript:")), (element.tag, value)
    assert "alert(" not in "".join(tree.xpath("//@*"))


def test_hostile_markup_renders_inert():
    rendered = render_body(HOSTILE).html

    assert_inert(rendered)
    assert "js link" in rendered and "styled" in rendered


def test_headings_get_anchors_never_h1_and_a_table_of_contents():
    rendered = render_body("# Top\n\n## Same\n\ntext\n\n## Same\n\n### Deeper `code`")

    assert [(h.level, h.anchor, h.text) for h in rendered.toc] == [
        (2, "top", "Top"),
        (2, "same", "Same"),
        (2, "same-2", "Same"),
        (3, "deeper-code", "Deeper code"),
    ]
    assert "<h1" not in rendered.html
    assert '<h2 id="same-2"><a class="heading-link" href="#same-2">Same</a></h2>' in rendered.html


@pytest.mark.django_db
def test_a_link_to_a_repeated_heading_reaches_it_on_the_page(client):
    body = "## Background\n\nFirst.\n\n## Background\n\nSecond, [see](#background-2)."
    article = ArticleFactory(published=True, body=body)

    page = client.get(article.get_absolute_url()).content.decode()

    assert '<h2 id="background">' in page and '<h2 id="background-2">' in page
    assert '<a href="#background-2">see</a>' in page


@pytest.mark.django_db
def test_citations_become_numbered_footnotes():
    article = ArticleFactory()
    placeholder = CitationFactory(article=article, order=1, cited_text="the treaty", source=SourceFactory(url=""))
    by_url = CitationFactory(article=article, order=2, cited_text="", source=SourceFactory(url="https://example.org/r"))
    body = "Signed [the  Treaty](#), see [report](https://example.org/r), [nowhere](#) and [elsewhere](https://x.org/)."

    rendered = render_body(body, citations=[placeholder, by_url])

    assert (
        'Signed the  Treaty<sup class="citation" id="cite-1"><a href="#ref-1" aria-label="Reference 1">1</a></sup>'
        in (rendered.html)
    )
    assert '<a href="https://example.org/r">report</a><sup class="citation" id="cite-2">' in rendered.html
    assert "nowhere" in rendered.html and 'href="#"' not in rendered.html
    assert '<a href="https://x.org/">elsewhere</a>' in rendered.html
    assert rendered.cited_orders == {1, 2}


@pytest.mark.django_db
def test_quotes_become_pull_quotes_and_paraphrases_carry_a_mark():
    expert = ExpertFactory(name="Ada Lovelace", slug="ada", title="Professor", role="Analyst")
    quote = QuoteFactory(expert=expert, text="a bold claim", kind="quote", status="approved")
    paraphrase = QuoteFactory(article=quote.article, expert=expert, text="things changed", kind="paraphrase")
    elsewhere = QuoteFactory(article=quote.article, expert=expert, text="not in the text", kind="quote")

    rendered = render_body(
        "She made “a bold claim”.\n\nShe thinks things changed.\n\nEnd.", quotes=[quote, paraphrase, elsewhere]
    ).html

    first, second, third = rendered.split("</p>")[:3]
    assert '<figure class="pull-quote"' in second and "a bold claim" in second
    assert f'<span class="attributed" id="quote-{paraphrase.pk}">things changed</span>' in rendered
    assert 'aria-label="AL: Paraphrase attributed to Ada Lovelace">AL</a></sup>' in rendered
    assert rendered.rstrip().endswith("</figure>") and f'id="quote-{elsewhere.pk}"' in rendered.split("End.")[1]
    assert '<figcaption><a href="/experts/ada/">Ada Lovelace</a><span class="credentials">, Professor, Analyst' in (
        rendered
    )


@pytest.mark.django_db
def test_hostile_body_on_the_article_page_is_inert(client):
    article = ArticleFactory(published=True, body=HOSTILE)

    html = client.get(article.get_absolute_url()).content.decode()
    body = html.split("</header>", 1)[1]  # the header holds the site's own search form

    assert_inert(body)
    assert "<script" not in body and "<svg" not in body
