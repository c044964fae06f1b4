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
