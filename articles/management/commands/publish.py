import datetime

from django.core.management.base import CommandError
from django.utils import timezone

from articles.editorial.workflow import publish_article
from articles.management.commands._workflow_command import WorkflowCommand


def aware_datetime(value):
    try:
        moment = datetime.datetime.fromisoformat(value)
    except ValueError:
        raise CommandError(f"“{value}” is not an ISO date and time, e.g. 2026-04-02T09:00+02:00.") from None
    return moment if timezone.is_aware(moment) else timezone.make_aware(moment)


class Command(WorkflowCommand):
    doing = "publishes"
    help = "Publish an approved update now, or schedule it with --at; refused while preflight finds problems."

    def add_arguments(self, parser):
        super().add_arguments(parser)
        parser.add_argument("--at", type=aware_datetime, help="ISO date and time; a future one schedules the update.")

    def transition(self, article, *, by, at=None, comment="", **options):
        return publish_article(article, by=by, at=at, comment=comment)

    def done_message(self, article, change):
        when = timezone.localtime(article.publish_at).strftime("%d %B %Y %H:%M")
        verb = "Scheduled" if article.publish_at > timezone.now() else "Published"
        return f"{verb} “{article}” ({when})."
