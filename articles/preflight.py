"""Checks an article must pass before it may be published.

Each check is a small function registered with `@check`; it takes an article
and yields `Problem`s. `run_preflight(article)` runs them all, and publishing
refuses while any blocking problem remains.
"""

from dataclasses import dataclass

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
