"""The one Markdown module: how the project parses an update's body, and what it reads out of it.

Two parsers share one configuration (CommonMark with raw HTML, tables and strikethrough),
so they see the same blocks, headings and links:

- `RENDERING` parses the body as readers get it (`articles.public.rendering`); like any
  markdown-it parser it leaves a link it deems unsafe (`javascript:`, `vbscript:`, most
  `data:`) as plain text.
- `READING` keeps every link, whatever its address, so preflight can judge it and the
  importer can see it.

What the project reads out of a body:

- `links(body)`: each link's words and address, in order (`Link(text, href)`);
- `headings(body)`: each heading's level, words and anchor, in order
  (`Heading(level, text, anchor)`), the anchors exactly those the rendered page gives
  its headings (`heading_tokens()`, which rendering uses too);
- `paragraphs(body)`: the words of each paragraph, links shown as their words;
- `library_image_ids(body)`: the library images the body places, `![alt](image:42)` — the one
  syntax for them (`library_image_id(src)` reads one address);
- `heading_line(line)`: the words of a line that is a `#` heading of its own (the importer's test);
- `plain_text(tokens)`: the words of inline tokens as a reader reads them;
- `Anchors`: a heading's anchor is its slug (`section` when it has none), with `-2`,
  `-3` … for repeats, so two "Background" headings are `#background` and `#background-2`.

This module imports nothing of the project (tests/test_layout.py).
"""

import re
from typing import NamedTuple

from django.utils.text import slugify
from markdown_it import MarkdownIt


def _parser():
    return MarkdownIt("commonmark", {"html": True}).enable("table").enable("strikethrough")


RENDERING = _parser()
READING = _parser()
# markdown-it drops javascript: links silently; reading keeps every link so it can be judged.
READING.validateLink = lambda url: True

BREAKS = {"softbreak", "hardbreak"}
# `![alt](image:42)` places image 42 of the library (articles.models.Image).
LIBRARY_IMAGE = re.compile(r"image:(\d{1,18})")


class Link(NamedTuple):
    text: str
    href: str


class Heading(NamedTuple):
    level: int  # as written: 1 for "#"; rendering shows level 1 as h2
    text: str
    anchor: str


class Anchors:
    """Hands out heading anchors in document order: the slug, then `-2`, `-3` … for repeats."""

    def __init__(self):
        self.seen = set()

    def __call__(self, text):
        slug = slugify(text) or "section"
        candidate, number = slug, 1
        while candidate in self.seen:
            number += 1
            candidate = f"{slug}-{number}"
        self.seen.add(candidate)
        return candidate


def plain_text(tokens):
    """The words of inline tokens: text and code as written, a line break as a space, an image as its
    alternative text, markup (emphasis, links, raw HTML) left out."""
    words = []
    for token in tokens or ():
        if token.type in {"text", "code_inline"}:
            words.append(token.content)
        elif token.type in BREAKS:
            words.append(" ")
        elif token.type == "image":
            words.append(plain_text(token.children))
    return "".join(words)


def link_close(children, start):
    """The index of the `link_close` that closes the `link_open` at `children[start]`."""
    depth = 0
    for index in range(start, len(children)):
        if children[index].type in {"link_open", "link_close"}:
            depth += children[index].nesting
            if depth == 0:
                return index
    return len(children) - 1


def heading_tokens(tokens):
    """(index of its `heading_open`, Heading) for each heading of a token stream, anchors as rendered."""
    anchors = Anchors()
    for index, token in enumerate(tokens):
        if token.type == "heading_open":
            text = plain_text(tokens[index + 1].children).strip()
            yield index, Heading(level=int(token.tag[1]), text=text, anchor=anchors(text))


def headings(body):
    """Every heading of the body, in order, with the anchor the rendered page gives it."""
    return [heading for _index, heading in heading_tokens(RENDERING.parse(body or ""))]


def library_image_id(src):
    """The library image an image address names (`image:42` → 42), else None."""
    match = LIBRARY_IMAGE.fullmatch((src or "").strip())
    return int(match[1]) if match else None


def library_image_ids(body):
    """The ids of the library images the body places, in order, each once."""
    ids = {}
    for inline in _inlines(body):
        for token in inline.children or ():
            if token.type == "image" and (pk := library_image_id(token.attrGet("src"))) is not None:
                ids[pk] = None
    return list(ids)


def heading_line(line):
    """The words of `line` when it is a heading of its own (`## Background`), else None.

    The importer reads plain text line by line and asks this of each line, so it takes
    headings exactly where the renderer will (not an indented `#` line, which is code).
    """
    if "#" not in line[:4]:  # most lines: no parse needed
        return None
    tokens = READING.parse(line)
    if [token.type for token in tokens] == ["heading_open", "inline", "heading_close"] and tokens[0].markup[:1] == "#":
        return tokens[1].content.strip()
    return None


def _inlines(body):
    return [token for token in READING.parse(body or "") if token.type == "inline"]


def links(body):
    """(text, href) of every link in the body, in order, whatever its address (autolinks too)."""
    found = []
    for inline in _inlines(body):
        children = inline.children or []
        for index, token in enumerate(children):
            if token.type == "link_open":
                words = plain_text(children[index + 1 : link_close(children, index)])
                found.append(Link(text=" ".join(words.split()), href=token.attrGet("href") or ""))
    return found


def paragraphs(body):
    """The plain text of each block of running text, in order: paragraphs (in lists and quotes too),
    headings and table cells; links read as their words."""
    return [text for inline in _inlines(body) if (text := plain_text(inline.children).strip())]
