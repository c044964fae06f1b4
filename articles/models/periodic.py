from django.db import models


class PeriodicRun(models.Model):
    """One periodic job's time slot, claimed by the one process that enqueued it.

    The unique constraint is the lock: every host may run `run_periodic_jobs`, and only the
    process whose insert wins enqueues the job for that slot (`articles.editorial.periodic`).
    """

    job = models.CharField(max_length=100)
    slot = models.DateTimeField(help_text="The start of the time slot this run belongs to.")
    claimed_at = models.DateTimeField(auto_now_add=True)
    task_id = models.CharField(max_length=100, blank=True)

    class Meta:
        ordering = ["-slot", "job"]
        constraints = [
            models.UniqueConstraint(
                fields=["job", "slot"],
                name="periodic_run_once_per_slot",
                violation_error_message="This job already ran in this time slot.",
            )
        ]

    def __str__(self):
        return f"{self.job} at {self.slot:%Y-%m-%d %H:%M}"
