"""Periodic jobs, run once per time slot however many hosts ask.

Every host (or only the worker host) runs `manage.py run_periodic_jobs` from cron or a systemd
timer every few minutes. For each job, the slot is the current `every`-long window counted from
the Unix epoch (UTC); `run_due_jobs` inserts a `PeriodicRun(job, slot)` row and, only when that
insert wins the unique constraint, enqueues the job through Django's tasks API in the same
transaction. A process that loses the race (or runs again within the slot) skips the job.
A slot missed because nothing ran is not caught up: the next call runs the job once, in its slot.

The table of jobs lives with the command (`articles/management/commands/run_periodic_jobs.py`),
the layer allowed to import the tasks of every package.
"""

import datetime
from collections.abc import Callable
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.utils import timezone

from articles.models import PeriodicRun


@dataclass(frozen=True)
class PeriodicJob:
    """A job: its name (the key in `PeriodicRun`), how often, and a callable that enqueues it."""

    name: str
    every: datetime.timedelta
    enqueue: Callable[[], object]  # returns the django.tasks TaskResult


@dataclass(frozen=True)
class Outcome:
    job: str
    slot: datetime.datetime
    enqueued: bool
    task_id: str = ""


def slot_start(*, every, now):
    """The start of the `every`-long slot holding `now`, counted from the Unix epoch in UTC."""
    seconds = int(every.total_seconds())
    if seconds <= 0:
        raise ValueError("A periodic job needs a positive interval.")
    return datetime.datetime.fromtimestamp(int(now.timestamp()) // seconds * seconds, tz=datetime.UTC)


def run_due_jobs(*, jobs, now=None):
    """Claim each job's current slot and enqueue the job when this call won it; one `Outcome` per job."""
    now = now or timezone.now()
    outcomes = []
    for job in jobs:
        slot = slot_start(every=job.every, now=now)
        with transaction.atomic():
            try:
                with transaction.atomic():
                    run = PeriodicRun.objects.create(job=job.name, slot=slot)
            except IntegrityError:
                outcomes.append(Outcome(job=job.name, slot=slot, enqueued=False))
                continue
            # Enqueued inside the claim's transaction: if enqueuing fails, the slot stays free.
            result = job.enqueue()
            run.task_id = str(getattr(result, "id", "") or "")
            run.save(update_fields=["task_id"])
        outcomes.append(Outcome(job=job.name, slot=slot, enqueued=True, task_id=run.task_id))
    return outcomes
