import datetime

from django.core.management.base import CommandError
from django.utils import timezone

from articles.editorial.workflow import publish_article
from articles.management.commands._workflow_command import WorkflowCommand, to_publish


def aware_datetime(value):
    try:
        moment = datetime.datetime.fromisoformat(value)
    except ValueError:
        raise CommandError(f"“{value}” is not an ISO date and time, e.g. 2026-04-02T09:00+02:00.") from None
    return moment if timezone.is_aware(moment) else timezone.make_aware(moment)


class Command(WorkflowCommand):
    doing = "publishes"
    help = (
        "Publish an approved update now, or schedule it with --at; refused while preflight finds problems. "
        "For a published update with a new version in the making, publishes that new version into it (now)."
    )

    def add_arguments(self, parser):
        super().add_arguments(parser)
        parser.add_argument("--at", type=aware_datetime, help="ISO date and time; a future one schedules the update.")

    def target(self, article):
        return to_publish(article)

    def transition(self, article, *, by, at=None, comment="", **options):
        self.new_version = article.is_new_version
        return publish_article(article, by=by, at=at, comment=comment)

    def done_message(self, change):
        article = change.article  # the live update, when a new version was published into it
        when = timezone.localtime(article.publish_at).strftime("%d %B %Y %H:%M")
        if self.new_version:
            return f"Published the new version of “{article}” (live since {when})."
        verb = "Scheduled" if article.publish_at > timezone.now() else "Published"
        return f"{verb} “{article}” ({when})."
