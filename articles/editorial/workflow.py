"""The editorial workflow: one table of transitions, and the only functions that change an update's status.

    draft ──submit──▶ in review ──approve──▶ approved ──publish──▶ published ──archive──▶ archived
      ▲                 │    ▲                  │  │   ▲                 │
      │                 │    └─ content saved ──┘  │   └───unpublish─────┘
      └─request changes─┴──────────────────────────┘      (the write path sends it back)

    published ──start a new version──▶ new version (draft) ── submit, approve ──▶ approved
        ▲                                                                            │
        └──────────── publish: merged into the live update, which stays up ◀─────────┘

Who may do what (`TRANSITIONS` below is the single source of truth):

| transition       | from                  | to        | who                                                  |
|------------------|-----------------------|-----------|------------------------------------------------------|
| submit           | draft                 | in review | `articles.change_article` (Editors, Admins)          |
| request changes  | in review, approved   | draft     | `articles.publish_article` (Editors, Admins)         |
| approve          | in review             | approved  | `articles.publish_article`, and an Editor may not    |
|                  |                       |           | approve what they submitted, or changed since it was |
|                  |                       |           | submitted (four eyes); Admins and superusers may     |
| publish          | approved              | published | `articles.publish_article`; the version approved     |
|                  |                       |           | must be the stored one; preflight must pass;         |
|                  |                       |           | a future `at` schedules it                           |
| unpublish        | published (or         | approved  | `articles.publish_article`                           |
|                  | scheduled)            |           |                                                      |
| archive          | published             | archived  | the Admins group or a superuser                      |

An approval belongs to a version: `approve` records the version approved
(`Article.approved_version`; an approver who passes the `version` they read is
refused when it changed since), any save of an approved update's content sends it
back to review (`articles.editorial.saving`), and `publish` refuses a stored version
other than the approved one. A published update is changed through a new version
(`articles.editorial.new_versions`): a draft copy that goes through this same table;
its `publish` merges it into the live update (which stays published, with its first
publish time) and is refused with a future `at`: a new version is not scheduled.

Experts and staff without a role may do none of these. Every transition is
recorded as a `StatusChange` (who, when, from, to, comment), and the authors
and owner are emailed once the transaction commits. A scheduled update needs
no worker: `Article.objects.published()` shows it once its publish time has come.

Side effects are explicit calls, never model signals: a transition marks public
content changed (`public_content_changed`, on commit), emails on commit, and publishing
has the update's PDF made (`articles.edition.schedule_edition`).
"""

from dataclasses import dataclass
from functools import partial

from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format

from articles.content_generation import public_content_changed
from articles.edition.editions import schedule_edition
from articles.editorial.new_versions import NewVersionRefused, publish_new_version
from articles.editorial.notifications import notify_status_change
from articles.editorial.preflight import blocking_problems
from articles.models import Article, Revision, StatusChange
from articles.roles import ADMINS

Status = Article.Status


class WorkflowError(Exception):
    """A workflow step was refused; the message says why."""


class TransitionNotAllowed(WorkflowError):
    pass


class PublishBlocked(WorkflowError):
    """Preflight found blocking problems; `problems` lists them."""

    def __init__(self, article, problems):
        self.article = article
        self.problems = problems
        lines = "".join(f"\n- {problem.message}" for problem in problems)
        count = "1 problem is" if len(problems) == 1 else f"{len(problems)} problems are"
        super().__init__(f"“{article}” cannot be published until {count} fixed:{lines}")


def is_admin(user):
    return user.is_active and (user.is_superuser or user.groups.filter(name=ADMINS).exists())


@dataclass(frozen=True)
class Transition:
    name: str
    label: str
    sources: tuple
    target: str
    permission: str | None = None
    admins_only: bool = False
    four_eyes: bool = False
    records_approval: bool = False  # the version it moves to approved is the one approved
    needs_current_approval: bool = False  # refused when the stored version is not the one approved

    def refusal(self, article, user):
        """Why `user` may not apply this transition to `article` now, or None when they may."""
        if article.status not in self.sources:
            allowed = " or ".join(Status(source).label.lower() for source in self.sources)
            return (
                f"“{article}” is {article.get_status_display().lower()}; "
                f"“{self.label}” applies only to an update that is {allowed}."
            )
        if user is None or not user.is_active:
            return f"“{self.label}” needs a signed-in editor."
        if self.admins_only and not is_admin(user):
            return f"Only Admins may “{self.label.lower()}”; {user} is not one."
        if self.permission and not user.has_perm(self.permission):
            return f"{user} may not “{self.label.lower()}”: that needs the permission {self.permission}."
        if self.four_eyes and not is_admin(user) and (why := _own_work(article, user)):
            return f"{user} {why} “{article}”; another editor must approve it."
        if self.needs_current_approval and article.approved_version != article.version:
            approved = f"version {article.approved_version}" if article.approved_version else "no version"
            return (
                f"“{article}” was approved at {approved} and is now version {article.version}: "
                "another editor must approve it as it is before it is published."
            )
        return None


TRANSITIONS = {
    t.name: t
    for t in [
        Transition("submit", "Submit for review", (Status.DRAFT,), Status.IN_REVIEW, "articles.change_article"),
        Transition(
            "request_changes",
            "Request changes",
            (Status.IN_REVIEW, Status.APPROVED),
            Status.DRAFT,
            "articles.publish_article",
        ),
        Transition(
            "approve",
            "Approve",
            (Status.IN_REVIEW,),
            Status.APPROVED,
            "articles.publish_article",
            four_eyes=True,
            records_approval=True,
        ),
        Transition(
            "publish",
            "Publish",
            (Status.APPROVED,),
            Status.PUBLISHED,
            "articles.publish_article",
            needs_current_approval=True,
        ),
        Transition("unpublish", "Unpublish", (Status.PUBLISHED,), Status.APPROVED, "articles.publish_article"),
        Transition("archive", "Archive", (Status.PUBLISHED,), Status.ARCHIVED, admins_only=True),
    ]
}


def _own_work(article, user):
    """What makes the update in review `user`'s own work ("submitted", "changed since submitting"), or None.

    Whoever submitted it, or saved its content since (a save of an approved update
    submits it again, by the saver), may not be the second pair of eyes.
    """
    last = article.status_changes.filter(to_status=Status.IN_REVIEW).order_by("-at", "-pk").first()
    if last and last.by_id == user.pk:
        return "submitted"
    since = Revision.objects.filter(article=article, created_by=user)
    if last:
        since = since.filter(created_at__gte=last.at)
    return "changed, since it was submitted," if since.exists() else None


def allowed_transitions(article, user):
    """The transitions `user` may apply to `article` now, in workflow order."""
    return [t for t in TRANSITIONS.values() if t.refusal(article, user) is None]


def submit_for_review(article, *, by, comment=""):
    return _apply("submit", article, by=by, comment=comment)


def request_changes(article, *, by, comment=""):
    if not comment.strip():
        raise WorkflowError("Say what needs to change: requesting changes needs a comment.")
    return _apply("request_changes", article, by=by, comment=comment)


def approve_article(article, *, by, comment="", version=None):
    """Approve the update as it is stored; refused when `version` (the one the approver read) is given and is not it."""
    return _apply("approve", article, by=by, comment=comment, seen_version=version)


def publish_article(article, *, by, at=None, comment=""):
    """Publish now, or at `at` when that lies in the future; refused while preflight finds blocking problems.

    A new version is published into its live update, now (a future `at` is refused);
    the StatusChange returned is then the live update's (`change.article`).
    """
    return _apply("publish", article, by=by, comment=comment, publish_at=at or timezone.now())


def unpublish_article(article, *, by, comment=""):
    """Take the update off the site (or cancel its schedule); it returns to approved."""
    return _apply("unpublish", article, by=by, comment=comment)


def archive_article(article, *, by, comment=""):
    return _apply("archive", article, by=by, comment=comment)


# The service behind each transition's name, for the admin's buttons and actions.
TRANSITION_FUNCTIONS = {
    "submit": submit_for_review,
    "request_changes": request_changes,
    "approve": approve_article,
    "publish": publish_article,
    "unpublish": unpublish_article,
    "archive": archive_article,
}


def _apply(name, article, *, by, comment, publish_at=None, seen_version=None):
    transition = TRANSITIONS[name]
    with transaction.atomic():
        # Lock the row and judge the stored state, so two editors cannot move the same update at once.
        current = Article.objects.select_for_update().get(pk=article.pk)
        refusal = transition.refusal(current, by)
        if refusal:
            raise TransitionNotAllowed(refusal)
        if seen_version is not None and seen_version != current.version:
            raise TransitionNotAllowed(
                f"“{current}” was saved again (version {current.version}) after you read version {seen_version}: "
                "read it again before approving it."
            )
        from_status = current.status
        changes = {"status": transition.target, "updated_at": timezone.now()}
        if transition.records_approval:
            changes["approved_version"] = current.version
        if publish_at is not None:
            problems = blocking_problems(current)
            if problems:
                raise PublishBlocked(current, problems)
            changes["publish_at"] = publish_at
            if publish_at > timezone.now() and not comment:
                comment = f"Scheduled for {date_format(timezone.localtime(publish_at), 'j F Y H:i')}."
        if current.is_new_version and transition.target == Status.PUBLISHED:  # merged, never published itself
            try:
                target = publish_new_version(current, by=by, at=publish_at)
            except NewVersionRefused as error:
                raise TransitionNotAllowed(str(error)) from None
            comment = comment or "New version published: readers now see it."
        else:
            Article.objects.filter(pk=current.pk).update(**changes)
            target = current
            for field, value in changes.items():
                setattr(target, field, value)
        public_content_changed()  # what readers see changes with the status or the publish time
        change = StatusChange.objects.create(
            article=target, from_status=from_status, to_status=transition.target, by=by, comment=comment
        )
        transaction.on_commit(partial(notify_status_change, change))
    if target.pk == article.pk:
        for field, value in changes.items():
            setattr(article, field, value)
    schedule_edition(target)  # publishing (or scheduling) has its PDF made, so no reader waits for it
    return change
