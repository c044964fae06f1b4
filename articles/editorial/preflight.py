"""Checks an article must pass before it may be published.

Each check is a small function registered with `@check`; it takes an article
and yields `Problem`s. `run_preflight(article)` runs them all, and publishing
refuses while any blocking problem remains.

The checks: a link in the body to nowhere (`#`, empty, `javascript:`, an
anchor no heading has — anchors as the rendered page gives them, `-2` for a
repeated heading, see `articles.markdown` — a path on this site with no page behind it); a quote
its expert has not approved, an actor's quote without a source, or a quote
the text no longer contains; a citation
whose source has no URL; no
standfirst; an author, quoted expert or actor, or tagged actor (not rejected)
without a public page; headings out of order (a level-1 heading in the body,
or a level skipped); a source whose last link check found it dead; a library image the body
places (`![alt](image:42)`) that the library does not hold. Missing
experts or actors cannot occur: foreign keys keep every reference pointing
at a row.
"""

from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

from django.http import Http404, HttpRequest
from django.urls import Resolver404, resolve
from django.utils import timezone
from django.utils.formats import date_format
from django.views.generic.detail import SingleObjectMixin

from actors.models import Actor
from articles import markdown
from articles.models import Expert, Image

CHECKS = []


@dataclass(frozen=True)
class Problem:
    code: str
    message: str
    blocking: bool = True

    def __str__(self):
        return self.message


def check(func):
    """Register a check; it yields Problems for the article it is given."""
    CHECKS.append(func)
    return func


def run_preflight(article):
    """Every problem with the article, in the order the checks were registered."""
    return [problem for func in CHECKS for problem in func(article)]


def blocking_problems(article):
    return [problem for problem in run_preflight(article) if problem.blocking]


def _excerpt(text, length=60):
    return text if len(text) <= length else text[: length - 1].rstrip() + "…"


@check
def expert_quotes_approved(article):
    """Nothing quoting or paraphrasing an expert is published before that expert approves it."""
    for quote in article.quotes.open().select_related("expert"):
        if quote.status == quote.Status.CHANGES_REQUESTED:
            message = f"{quote.expert} asked for a change to “{_excerpt(quote.text)}”."
        else:
            message = f"{quote.expert} has not yet approved “{_excerpt(quote.text)}”."
        yield Problem("quote-not-approved", message)


@check
def actor_quotes_have_sources(article):
    """An actor's words are published only with the source that reported them."""
    for quote in article.quotes.filter(actor__isnull=False, source__isnull=True).select_related("actor"):
        yield Problem("quote-without-source", f"The quote of {quote.actor} “{_excerpt(quote.text)}” needs a source.")


def _comparable(text):
    """Text as a reader sees it: typographic quotes and apostrophes as plain ones, spaces folded."""
    return " ".join(text.translate(TYPOGRAPHIC).split())


TYPOGRAPHIC = str.maketrans({"‘": "'", "’": "'", "“": '"', "”": '"'})


@check
def quotes_found_in_text(article):
    """An approval covers exact words: a quote the update no longer contains must be edited or removed."""
    text = _comparable(" ".join([article.standfirst, article.research_question, article.body]))
    for quote in article.quotes.select_related("expert", "actor"):
        if _comparable(quote.text) not in text:
            yield Problem(
                "quote-not-in-text",
                f"“{_excerpt(quote.text)}” ({quote.speaker}) no longer appears in the text: "
                "edit the quote to match, or remove it.",
            )


# ---- The checks ------------------------------------------------------------------------------
#
# A link in the body that points nowhere usually stands for a citation whose source
# has no URL yet (the sample's five `[text](#)` links). It is reported once, as the
# link, and the citation check skips citations whose cited text is such a link.

BAD_SCHEMES = {"javascript", "vbscript", "data"}


def _same_text(a, b):
    return " ".join(a.split()).casefold() == " ".join(b.split()).casefold()


def _nowhere(href, article):
    """Why the link goes nowhere, or None when it goes somewhere (absolute URLs are the link checker's)."""
    href = href.strip()
    if not href:
        return "has an empty address"
    if href == "#":
        return "points to “#”"
    parts = urlsplit(href)
    if parts.scheme.lower() in BAD_SCHEMES:
        return f"uses “{parts.scheme}:”, which is not a page"
    if parts.scheme or parts.netloc:
        return None
    if not parts.path:
        anchors = {heading.anchor for heading in markdown.headings(article.body)}
        if parts.fragment and parts.fragment not in anchors:
            return f"points to “#{parts.fragment}”, which no heading of this update has"
        return None
    path = urljoin(article.get_absolute_url() if article.slug else "/", parts.path)
    if not _page_exists(path):
        return f"points to “{href}”, a page that does not exist on this site"
    return None


def _page_exists(path):
    try:
        match = resolve(path)
    except Resolver404:
        return False
    view_class = getattr(match.func, "view_class", None)
    if view_class and issubclass(view_class, SingleObjectMixin):
        view = view_class(**match.func.view_initkwargs)
        view.setup(HttpRequest(), *match.args, **match.kwargs)
        try:
            view.get_object()
        except Http404:
            return False
    return True


@check
def links_to_nowhere(article):
    citations = list(article.citations.select_related("source"))
    for text, href in markdown.links(article.body):
        reason = _nowhere(href, article)
        if reason:
            cited = [c for c in citations if _same_text(c.cited_text, text)]
            hint = f" (citation [{cited[0].order}]: give its source a URL and link to it)" if cited else ""
            yield Problem("link_to_nowhere", f"The link “{text}” {reason}{hint}.")


@check
def citations_without_url(article):
    nowhere = [text for text, href in markdown.links(article.body) if _nowhere(href, article)]
    for citation in article.citations.select_related("source").filter(source__url=""):
        if not any(_same_text(citation.cited_text, text) for text in nowhere):
            yield Problem(
                "citation_without_url",
                f"Citation [{citation.order}] cites “{citation.source}”, which has no URL.",
            )


@check
def no_standfirst(article):
    if not article.standfirst.strip():
        yield Problem("no_standfirst", "The update has no standfirst: write the summary shown under the title.")


@check
def unpublished_people(article):
    for expert in article.authors.without_public_page():
        yield Problem("unpublished_expert", f"The author {expert} has no public profile.")
    quotes = article.quotes.select_related("expert", "actor")
    for quote in quotes.filter(expert__in=Expert.objects.without_public_page()):
        yield Problem("unpublished_expert", f"{quote.expert} is quoted but has no public profile.")
    hidden_actors = Actor.objects.without_public_page()
    for quote in quotes.filter(actor__in=hidden_actors):
        yield Problem("unpublished_actor", f"{quote.actor} is quoted but has no public page.")
    mentions = article.mentions.counted().filter(actor__in=hidden_actors).select_related("actor")
    for mention in mentions:
        yield Problem("unpublished_actor", f"The actor {mention.actor} is tagged but has no public page.")


@check
def headings_out_of_order(article):
    previous = 1  # the title is the page's only level-1 heading
    for level, text, _anchor in markdown.headings(article.body):
        if level == 1:
            yield Problem("heading_order", f"The heading “{text}” is level 1; only the title is. Use ## for sections.")
        elif level > previous + 1:
            yield Problem(
                "heading_order",
                f"The heading “{text}” is level {level} after a level-{previous} heading; use level {previous + 1}.",
            )
        previous = level


@check
def dead_sources(article):
    for citation in article.citations.select_related("source").filter(source__check_result="dead"):
        source = citation.source
        detail = f"status {source.check_status_code}" if source.check_status_code else source.check_error
        checked = f" on {date_format(timezone.localtime(source.checked_at), 'j F Y')}" if source.checked_at else ""
        yield Problem(
            "dead_source",
            f"The source “{source}” of citation [{citation.order}] was dead when checked{checked} ({detail}).",
        )


@check
def images_in_the_library(article):
    """A body image the library does not hold would be left out of the page and the PDF."""
    placed = markdown.library_image_ids(article.body)
    missing = sorted(set(placed) - set(Image.objects.filter(pk__in=placed).values_list("pk", flat=True)))
    for pk in missing:
        yield Problem("missing_image", f"The body places image {pk} (image:{pk}), which is not in the image library.")
