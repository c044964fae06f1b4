"""articles.markdown: the one reading of an update's body, shared by rendering, preflight, importer and review."""

import pytest

from articles import markdown
from articles.importers.citations import find_links
from articles.markdown import Heading, Link
from articles.public.rendering import render_body


def test_links_are_every_link_in_order_with_their_words_and_address():
    body = (
        "Signed [the  **friendship**\ntreaty](#) and [nothing]().\n\n"
        "- [script](javascript:alert(1)) and [`code` words](https://example.org/a_(b))\n\n"
        "| cell |\n| --- |\n| [in a table](/updates/x/) |\n\n"
        '<https://example.org/auto> [titled](https://example.org/t "Title") ![image](/i.png)\n\n'
        "`[in code](https://example.org/no)`\n\n"
        "[reference][ref]\n\n[ref]: https://example.org/ref"
    )
    assert markdown.links(body) == [
        Link("the friendship treaty", "#"),
        Link("nothing", ""),
        Link("script", "javascript:alert(1)"),  # kept, for preflight to judge
        Link("code words", "https://example.org/a_(b)"),
        Link("in a table", "/updates/x/"),
        Link("https://example.org/auto", "https://example.org/auto"),
        Link("titled", "https://example.org/t"),
        Link("reference", "https://example.org/ref"),
    ]


def test_links_of_an_empty_body():
    assert markdown.links("") == markdown.links(None) == []


def test_headings_carry_level_words_and_the_anchor_readers_get():
    body = (
        "# Top\n\n## Background\n\ntext\n\n## Background\n\n### Deeper `code`\n\n"
        "## Background\n\n## Background 2\n\n## ???\n\nSetext\n---"
    )
    assert markdown.headings(body) == [
        Heading(1, "Top", "top"),
        Heading(2, "Background", "background"),
        Heading(2, "Background", "background-2"),
        Heading(3, "Deeper code", "deeper-code"),
        Heading(2, "Background", "background-3"),
        Heading(2, "Background 2", "background-2-2"),
        Heading(2, "???", "section"),
        Heading(2, "Setext", "setext"),
    ]
    level, text, anchor = markdown.headings("## A")[0]
    assert (level, text, anchor) == (2, "A", "a")


@pytest.mark.parametrize(
    "body",
    [
        "# Top\n\n## Same\n\n## Same\n\n## Same 2\n\n### **Bold** and `code` <em>html</em>",
        "## [Linked](https://example.org) heading\n\n## ![alt](/i.png) image\n\n## ",
        "Two\nlines\n---\n\n## Two lines",
    ],
)
def test_headings_anchors_are_those_of_the_rendered_page(body):
    assert [heading.anchor for heading in markdown.headings(body)] == [
        heading.anchor for heading in render_body(body).toc
    ]
    for heading in render_body(body).toc:
        assert f'id="{heading.anchor}"' in render_body(body).html


def test_anchors_number_repeats():
    anchors = markdown.Anchors()
    assert [anchors(text) for text in ["Background", "Background", "background!", "", "—"]] == [
        "background",
        "background-2",
        "background-3",
        "section",
        "section-2",
    ]


def test_paragraphs_are_plain_text_with_links_as_their_words():
    body = (
        "## A heading\n"
        "Breuker calls it a “multilateral mini UN”. The [friendship\ntreaty](#) shows **new** ties.\n\n"
        "    indented code is not running text\n\n"
        "> Quoted <b>words</b>.\n\n"
        "- item one\n- item `two`\n\n"
        "| cell |\n| --- |\n| in a [table](/x/) |"
    )
    assert markdown.paragraphs(body) == [
        "A heading",
        "Breuker calls it a “multilateral mini UN”. The friendship treaty shows new ties.",
        "Quoted words.",
        "item one",
        "item two",
        "cell",
        "in a table",
    ]


def test_plain_text_of_inline_tokens():
    [inline] = [token for token in markdown.READING.parse("A *b* `c`\n![d](e) <i>f</i>") if token.type == "inline"]
    assert markdown.plain_text(inline.children) == "A b c d f"


def test_the_rendering_parser_drops_unsafe_links_the_reading_parser_keeps():
    body = "[x](javascript:alert(1))"
    assert "link_open" not in {t.type for t in markdown.RENDERING.parse(body)[1].children}
    assert "link_open" in {t.type for t in markdown.READING.parse(body)[1].children}


def test_the_importer_cites_the_links_the_body_has():
    """find_links reads links with this module: placeholders stay placeholders, code and images cite nothing."""
    body = (
        "[Report](https://example.org/r) [treaty](#) [empty]() [script](javascript:x) [Report again](https://example.org/r)\n"
        "[treaty](#) `[code](https://example.org/code)` ![image](https://example.org/i.png) [](https://example.org/no-words)"
    )
    assert [(link.text, link.url, link.target) for link in find_links(body)] == [
        ("Report", "https://example.org/r", "https://example.org/r"),
        ("treaty", "", "#"),
        ("empty", "", ""),
        ("script", "", "javascript:x"),
    ]


def test_heading_line_takes_a_line_as_a_heading_exactly_where_rendering_would():
    assert markdown.heading_line("## Shifting dynamics ##") == "Shifting dynamics"
    assert markdown.heading_line("# Conclusion") == "Conclusion"
    assert markdown.heading_line("    # indented is code") is None
    assert markdown.heading_line("#hashtag") is None
    assert markdown.heading_line("Not a # heading") is None
