"""Property: whatever Markdown or HTML an editor types, `render_body` gives inert HTML."""

from html.parser import HTMLParser

from hypothesis import given, settings
from hypothesis import strategies as st

from articles.public.rendering import render_body
from tests.xss import PAYLOADS, url_scheme

FRAGMENTS = [
    "[", "]", "(", ")", "<", ">", "!", '"', "'", "`", "=", "/", "&", "#", ";", ":", " ", "\n", "\n\n", "\t",
    "# ", "## ", "> ", "- ", "1. ", "```", "|", "---", "<!--", "-->", "&#", "&#x", "&colon;", "&lt;",
    "javascript:", "JaVaScRiPt:", "vbscript:", "data:text/html,", "java\tscript:", "java\nscript:",
    "<script>", "</script>", "<img src=x ", "onerror=", "onload=", " onmouseover=", "alert(1)", "<svg ",
    "<a href=", "<iframe ", "<style>", "<textarea>", "</textarea>", "<math>", "https://example.org",
    "mailto:a@example.org", "[x](", "![x](", "](", "<https://", "<javascript:", "[ref]: ",
]  # fmt: skip
markdownish = st.lists(st.sampled_from(FRAGMENTS) | st.sampled_from(PAYLOADS) | st.text(max_size=8), max_size=30).map(
    "".join
)


class Elements(HTMLParser):
    """Every start tag of a fragment with its attributes, entities decoded (as a browser reads them)."""

    def __init__(self, html):
        super().__init__(convert_charrefs=True)
        self.found = []
        self.feed(html)
        self.close()

    def handle_starttag(self, tag, attrs):
        self.found.append((tag, attrs))


def check_inert(html):
    for tag, attrs in Elements(html).found:
        assert tag not in {"script", "style", "iframe", "object", "embed", "svg", "math"}, html
        for name, value in attrs:
            assert not name.startswith("on"), html
            if name in ("href", "src"):
                assert url_scheme(value or "") in (None, "http", "https", "mailto"), html


@settings(max_examples=150, deadline=None)
@given(st.text())
def test_any_text_renders_inert(text):
    check_inert(render_body(text).html)


@settings(max_examples=300, deadline=None)
@given(markdownish)
def test_markdown_and_html_fragments_render_inert(text):
    check_inert(render_body(text).html)
