"""Links in a briefing's body become its citations, in the order the text cites them.

`[text](https://…)` cites a source matched (or created) by its URL; `[text](#)`, `[text]()`
and links that are not web addresses point nowhere yet: they become placeholder citations
of a source without URL, titled by the link text, for an editor to fix before publishing.
The link markup itself stays in the body exactly as written.

The links are the body's links as `articles.markdown` reads them, the same ones the
rendered page shows and preflight checks (a link without words cites nothing).
"""

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator

from articles import markdown
from articles.models import Citation, Source

CITED_TEXT_MAX = Citation._meta.get_field("cited_text").max_length
TITLE_MAX = Source._meta.get_field("title").max_length
is_web_address = URLValidator(schemes=["http", "https"])


@dataclass
class Link:
    text: str
    url: str  # blank for a placeholder
    target: str  # the link's address


def find_links(body):
    """Each cited source once, in order of first citation."""
    links = {}
    for text, target in markdown.links(body):
        if not text:
            continue
        url = target if _is_web_address(target) else ""
        links.setdefault(url or ("", text.casefold()), Link(text=text, url=url, target=target))
    return list(links.values())


def _is_web_address(target):
    try:
        is_web_address(target)
    except ValidationError:
        return False
    return True


def replace_citations(article, links, report):
    """Cite `links` from `article`, replacing its earlier citations; placeholder sources left unused go."""
    old_placeholders = list(article.citations.filter(source__url="").values_list("source_id", flat=True))
    article.citations.all().delete()
    Source.objects.filter(
        pk__in=old_placeholders, citations__isnull=True, quotes__isnull=True, relations__isnull=True
    ).delete()

    urls = [link.url for link in links if link.url]
    known = {source.url: source for source in Source.objects.filter(url__in=urls)} if urls else {}
    sources = [known.get(link.url) or Source(url=link.url, title=_title(link)) for link in links]
    new = [source for source in sources if source.pk is None]
    Source.objects.bulk_create(new)
    Citation.objects.bulk_create(
        Citation(
            article=article,
            source=source,
            order=order,
            cited_text=link.text[:CITED_TEXT_MAX],
            is_placeholder=not link.url,
        )
        for order, (link, source) in enumerate(zip(links, sources, strict=True), start=1)
    )
    for link in links:
        if not link.url:
            report.attention.append(
                f"Link “{link.text}” points to “{link.target or 'nothing'}”: give its source a URL."
            )
    if links:
        placeholders = sum(not link.url for link in links)
        report.created.append(
            f"{len(links)} citations ({placeholders} placeholders); sources: {len(new)} new, "
            f"{len(links) - len(new)} already known."
        )


def _title(link):
    """A new source is titled by the link text (a placeholder's with a capital, as an editor would)."""
    title = link.text if link.url else link.text[:1].upper() + link.text[1:]
    return title[:TITLE_MAX]
