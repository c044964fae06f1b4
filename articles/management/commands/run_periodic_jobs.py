import datetime

from django.core.management.base import BaseCommand

from articles.editorial.link_check import check_sources_task
from articles.editorial.periodic import PeriodicJob, run_due_jobs
from articles.expert_review.services import remind_reviewers_task
from articles.models import Source

REMIND_AFTER_DAYS = 3


def _enqueue_link_check():
    return check_sources_task.enqueue(list(Source.objects.exclude(url="").order_by("pk").values_list("pk", flat=True)))


# name, every, what to enqueue. A name is the key of its claimed slots: renaming a job starts afresh.
JOBS = (
    PeriodicJob(
        name="remind_reviewers",
        every=datetime.timedelta(hours=24),
        enqueue=lambda: remind_reviewers_task.enqueue(REMIND_AFTER_DAYS),
    ),
    PeriodicJob(name="check_links", every=datetime.timedelta(hours=24 * 7), enqueue=_enqueue_link_check),
)


class Command(BaseCommand):
    help = (
        "Enqueue each periodic job (reviewer reminders daily, link checks weekly) once per time slot; "
        "safe to run every few minutes on every host: only one call per slot enqueues a job."
    )

    def handle(self, *args, **options):
        for outcome in run_due_jobs(jobs=JOBS):
            slot = f"{outcome.slot:%Y-%m-%d %H:%M} UTC"
            if outcome.enqueued:
                self.stdout.write(f"enqueued {outcome.job} for the slot from {slot} (task {outcome.task_id})")
            else:
                self.stdout.write(f"skipped  {outcome.job}: its slot from {slot} is already taken")
