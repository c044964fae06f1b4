"""An article body from Markdown to safe HTML, as readers see it.

`render_body()` parses the Markdown with markdown-it-py and rewrites the token
stream before rendering it:

- headings get stable anchors (and a table of contents is collected); a body
  heading is never an h1, because the article title is the page's one h1;
- a link whose text is a citation's cited text (or whose URL is the cited
  source's URL) becomes the text followed by a superscript number pointing into
  the References list; a link that points nowhere ("#") keeps only its text;
- approved expert quotes become pull quotes after the paragraph that holds them,
  and quoted or paraphrased words in the text carry a small attribution mark;
- a library image, `![alt](image:42)`, becomes a `<figure>` with its caption and credit
  when it stands alone in its paragraph, an `<img>` within text, with its renditions in
  `srcset` (`articles.images.html`); one the library does not hold is left out.

Everything goes through nh3 last, so whatever an editor typed (script tags,
event handlers, `javascript:` or `data:` URLs, SVG) comes out inert.
"""

from dataclasses import dataclass, field

import nh3
from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe
from markdown_it.token import Token

from articles import markdown
from articles.images import html as image_html
from articles.markdown import Heading

ALLOWED_TAGS = {
    "a", "abbr", "b", "blockquote", "br", "cite", "code", "del", "em", "figcaption", "figure", "h2", "h3",
    "h4", "h5", "h6", "hr", "i", "img", "li", "ol", "p", "pre", "q", "s", "span", "strong", "sub", "sup",
    "table", "tbody", "td", "th", "thead", "tr", "ul",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title", "aria-label", "class", "id"},
    "abbr": {"title"},
    "img": {"src", "srcset", "sizes", "alt", "title", "width", "height", "loading", "decoding"},
    "span": {"class", "id"},
    "sup": {"class", "id"},
    "figure": {"class", "id"},
    "blockquote": {"class"},
    "figcaption": {"class"},
    "ol": {"start"},
    "th": {"scope"},
    **{f"h{level}": {"id"} for level in range(2, 7)},
}
URL_SCHEMES = {"http", "https", "mailto"}
EMPTY_HREFS = {"", "#"}

_markdown = markdown.RENDERING


@dataclass(frozen=True)
class RenderedBody:
    html: SafeString
    toc: tuple[Heading, ...]
    cited_orders: frozenset[int] = field(default_factory=frozenset)


def sanitise(html):
    """The one place untrusted HTML is made safe."""
    return mark_safe(
        nh3.clean(html, tags=ALLOWED_TAGS, attributes=ALLOWED_ATTRIBUTES, url_schemes=URL_SCHEMES, link_rel=None)
    )


def render_body(markdown_text, *, citations=(), quotes=(), images=None, image_url=image_html.storage_url):
    """Render `markdown_text`; `citations` and `quotes` must already be the public ones.

    `quotes` are approved expert quotes with their `expert` loaded; `images` maps the ids of the
    library images the body places (`markdown.library_image_ids`) to them, renditions prefetched;
    `image_url` addresses a rendition (the PDF reads them from the storage).
    """
    tokens = _markdown.parse(markdown_text or "")
    toc = _anchor_headings(tokens)
    _place_images(tokens, images or {}, image_url)
    citer = _Citer(citations)
    pull_quotes = [quote for quote in quotes if quote.kind == quote.Kind.QUOTE]
    placed = {}
    for index, token in enumerate(tokens):
        if token.type != "inline" or _inside_heading(tokens, index):
            continue
        token.children = citer.rewrite(token.children or [])
        token.children = _mark_attributions(token.children, quotes)
        block_end = _top_level_block_end(tokens, index)
        for quote in pull_quotes:
            if quote.pk not in placed and quote.text in token.content:
                placed[quote.pk] = block_end
    _insert_pull_quotes(tokens, pull_quotes, placed)
    html = _markdown.renderer.render(tokens, _markdown.options, {})
    return RenderedBody(html=sanitise(html), toc=tuple(toc), cited_orders=frozenset(citer.used))


def _anchor_headings(tokens):
    """Give each heading its anchor (`markdown.heading_tokens`, which preflight checks links against)."""
    toc = []
    for index, heading in list(markdown.heading_tokens(tokens)):
        level = max(heading.level, 2)
        opening, inline, closing = tokens[index : index + 3]
        opening.tag = closing.tag = f"h{level}"
        opening.attrSet("id", heading.anchor)
        inline.children = [
            _html(format_html('<a class="heading-link" href="#{}">', heading.anchor)),
            *(inline.children or []),
            _html("</a>"),
        ]
        toc.append(heading._replace(level=level))
    return toc


def _place_images(tokens, images, url):
    """Library images: alone in a paragraph a figure, within text an img, unknown to the library left out."""
    index = 0
    while index < len(tokens):
        token = tokens[index]
        if token.type != "inline" or not any(_library_image(child) for child in token.children or ()):
            index += 1
            continue
        placed = [child for child in token.children if not _blank(child)]
        if len(placed) == 1 and _inside_paragraph(tokens, index):
            image = images.get(markdown.library_image_id(placed[0].attrGet("src")))
            markup = image_html.figure(image, alt=_alt(placed[0]), url=url) if image else ""
            tokens[index - 1 : index + 2] = [Token("html_block", "", 0, content=f"{markup}\n")]
            continue
        token.children = [
            _inline_image(child, images, url) if _library_image(child) else child for child in token.children
        ]
        index += 1


def _blank(token):
    return token.type in markdown.BREAKS or (token.type == "text" and not token.content.strip())


def _library_image(token):
    return token.type == "image" and markdown.library_image_id(token.attrGet("src")) is not None


def _inside_paragraph(tokens, index):
    return 0 < index < len(tokens) - 1 and tokens[index - 1].type == "paragraph_open"


def _alt(token):
    return markdown.plain_text(token.children).strip() or None


def _inline_image(token, images, url):
    image = images.get(markdown.library_image_id(token.attrGet("src")))
    return _html(image_html.img(image, alt=_alt(token), url=url) if image else "")


def _inside_heading(tokens, index):
    return index > 0 and tokens[index - 1].type == "heading_open"


def _top_level_block_end(tokens, index):
    for end in range(index, len(tokens)):
        if tokens[end].level == 0 and tokens[end].nesting <= 0:
            return end
    return len(tokens) - 1


class _Citer:
    """Turns citing links into text + footnote number; remembers which numbers were cited."""

    def __init__(self, citations):
        self.by_text = {_normal(c.cited_text): c for c in citations if c.cited_text}
        self.by_url = {c.source.url: c for c in citations if c.source.url}
        self.used = set()

    def rewrite(self, children):
        result, index = [], 0
        while index < len(children):
            token = children[index]
            if token.type != "link_open":
                result.append(token)
                index += 1
                continue
            close = markdown.link_close(children, index)
            inner = children[index + 1 : close]
            href = token.attrGet("href") or ""
            citation = self.by_url.get(href) or self.by_text.get(_normal(markdown.plain_text(inner)))
            if citation is not None:
                result.extend(self._cite(citation, inner))
            elif href.strip() in EMPTY_HREFS:
                result.extend(inner)
            else:
                result.extend(children[index : close + 1])
            index = close + 1
        return result

    def _cite(self, citation, inner):
        number = citation.order
        anchor = f"cite-{number}" if number not in self.used else ""
        self.used.add(number)
        url = citation.source.url
        linked = [_html(format_html('<a href="{}">', url)), *inner, _html("</a>")] if url else list(inner)
        id_attr = format_html(' id="{}"', anchor) if anchor else ""
        mark = format_html(
            '<sup class="citation"{}><a href="#ref-{}" aria-label="Reference {}">{}</a></sup>',
            id_attr,
            number,
            number,
            number,
        )
        return [*linked, _html(mark)]


def _normal(text):
    return " ".join(text.split()).casefold()


def _mark_attributions(children, quotes):
    """Wrap each quoted or paraphrased passage found in a text token, once per quote."""
    for quote in quotes:
        for index, token in enumerate(children):
            if token.type != "text" or quote.text not in token.content:
                continue
            before, _, after = token.content.partition(quote.text)
            expert = quote.expert
            label = f"{quote.get_kind_display()} attributed to {expert.name}"
            anchor = f"quote-{quote.pk}" if quote.kind == quote.Kind.PARAPHRASE else f"quote-{quote.pk}-text"
            opening = format_html('<span class="attributed" id="{}">', anchor)
            initials = _initials(expert.name)
            closing = format_html(
                # The accessible name starts with the visible initials (WCAG 2.5.3, label in name).
                '</span><sup class="attribution"><a href="{}" title="{}" aria-label="{}: {}">{}</a></sup>',
                expert.get_absolute_url(),
                label,
                initials,
                label,
                initials,
            )
            children[index : index + 1] = [
                _text(before),
                _html(opening),
                _text(quote.text),
                _html(closing),
                _text(after),
            ]
            break
    return children


def _initials(name):
    return "".join(part[0] for part in name.split() if part[:1].isalpha()).upper()


def _insert_pull_quotes(tokens, pull_quotes, placed):
    """Put each pull quote after the block holding its words; unplaced ones close the body."""
    after = {}
    for quote in pull_quotes:
        after.setdefault(placed.get(quote.pk, len(tokens) - 1), []).append(quote)
    for position in sorted(after, reverse=True):
        block = Token("html_block", "", 0, content="".join(_pull_quote(q) for q in after[position]))
        tokens.insert(position + 1, block)


def _pull_quote(quote):
    expert = quote.expert
    credentials = ", ".join(escape(part) for part in (expert.title, expert.role) if part)
    return format_html(
        '<figure class="pull-quote" id="quote-{}"><blockquote><p>“{}”</p></blockquote>'
        '<figcaption><a href="{}">{}</a>{}</figcaption></figure>\n',
        quote.pk,
        quote.text,
        expert.get_absolute_url(),
        expert.name,
        format_html('<span class="credentials">, {}</span>', mark_safe(credentials)) if credentials else "",
    )


def _html(markup):
    return Token("html_inline", "", 0, content=str(markup))


def _text(content):
    return Token("text", "", 0, content=content)
