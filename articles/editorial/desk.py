"""The editorial desk: what waits on whom, shown above the app list on the admin's index page.

`desk_panels(user)` returns plain data for the template tag `{% editorial_desk as desk %}`
(`articles/templatetags/desk.py`), or None for a user who may not view updates. Its queries
do not depend on how many updates there are: one aggregate counts every panel, each list
is a slice of at most `LIST_LIMIT` rows, and the submitters of the updates in review are read
in one query.

New versions of live updates are updates in their own states (draft, in review, approved): they
are listed where their state puts them, marked as new versions (`Article.is_new_version`, no query).

"Approved but blocked" runs the preflight checks, several queries per update, so it looks at
the `PREFLIGHT_LIMIT` most recently changed approved updates only and says so.
"""

from dataclasses import dataclass
from datetime import datetime
from urllib.parse import urlencode

from django.contrib.auth import get_user_model
from django.db.models import Count, F, Min, OuterRef, Q, Subquery
from django.urls import reverse
from django.utils import timezone

from articles.editorial.preflight import blocking_problems
from articles.models import Article, Quote, StatusChange
from articles.models.article import scheduled_condition

LIST_LIMIT = 10
PREFLIGHT_LIMIT = 10

Status = Article.Status
OPEN = [Status.DRAFT, Status.IN_REVIEW]


@dataclass(frozen=True)
class Panel:
    """Up to LIST_LIMIT rows, how many there are in all, and the changelist that shows them all."""

    rows: list
    total: int
    url: str

    @property
    def more(self):
        return self.total > len(self.rows)


@dataclass(frozen=True)
class Blocked:
    article: Article
    problems: list


@dataclass(frozen=True)
class BlockedPanel:
    rows: list[Blocked]
    checked: int  # approved updates whose preflight ran
    approved: int  # approved updates in all
    url: str


@dataclass(frozen=True)
class ExpertReview:
    open: int
    oldest: datetime | None
    url: str | None  # None when the user may not open the pending-reviews page


def _changelist(**filters):
    url = reverse("admin:articles_article_changelist")
    return f"{url}?{urlencode(filters)}" if filters else url


def desk_panels(user, *, now=None):
    if not user.has_perm("articles.view_article"):
        return None
    now = now or timezone.now()
    mine = Q(owner=user, status__in=OPEN)
    waiting = Q(status=Status.IN_REVIEW)
    scheduled = scheduled_condition(now)
    approved = Q(status=Status.APPROVED)
    totals = Article.objects.aggregate(
        mine=Count("pk", filter=mine),
        waiting=Count("pk", filter=waiting),
        scheduled=Count("pk", filter=scheduled),
        approved=Count("pk", filter=approved),
    )
    return {
        "mine": Panel(
            rows=list(Article.objects.filter(mine).order_by("-updated_at", "-pk")[:LIST_LIMIT]),
            total=totals["mine"],
            url=_changelist(owner__id__exact=user.pk, status__in=",".join(OPEN)),
        ),
        "waiting": Panel(
            rows=_in_review(waiting),
            total=totals["waiting"],
            url=_changelist(status__exact=Status.IN_REVIEW),
        ),
        "scheduled": Panel(
            rows=list(Article.objects.filter(scheduled).order_by("publish_at", "pk")[:LIST_LIMIT]),
            total=totals["scheduled"],
            url=_changelist(status__exact=Status.PUBLISHED, publish_at__gt=now.isoformat()),
        ),
        "blocked": _blocked(approved, totals["approved"]),
        "expert": _expert_review(user),
        "now": now,
    }


def _in_review(condition):
    """Updates in review, oldest submission first, each with `submitted_at` and `submitted_by` (a user or None)."""
    submission = StatusChange.objects.filter(article=OuterRef("pk"), to_status=Status.IN_REVIEW).order_by("-at", "-pk")
    rows = list(
        Article.objects.filter(condition)
        .annotate(
            submitted_at=Subquery(submission.values("at")[:1]),
            submitted_by_id=Subquery(submission.values("by")[:1]),
        )
        .order_by(F("submitted_at").asc(nulls_first=True), "updated_at", "pk")[:LIST_LIMIT]
    )
    users = get_user_model().objects.in_bulk({row.submitted_by_id for row in rows if row.submitted_by_id})
    for row in rows:
        row.submitted_by = users.get(row.submitted_by_id)
    return rows


def _blocked(condition, approved):
    checked = list(Article.objects.filter(condition).order_by("-updated_at", "-pk")[:PREFLIGHT_LIMIT])
    rows = [Blocked(article, problems) for article in checked if (problems := blocking_problems(article))]
    return BlockedPanel(
        rows=rows, checked=len(checked), approved=approved, url=_changelist(status__exact=Status.APPROVED)
    )


def _expert_review(user):
    items = Quote.objects.open().with_waiting_since().aggregate(open=Count("pk"), oldest=Min("waiting_since"))
    url = reverse("admin:articles_quote_pending_reviews") if user.has_perm("articles.view_quote") else None
    return ExpertReview(open=items["open"], oldest=items["oldest"], url=url)
