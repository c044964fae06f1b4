"""Periodic jobs: each job enqueued once per time slot, however many processes or hosts ask."""

import datetime
import threading

import pytest
import time_machine
from django.core.management import call_command
from django.db import connection
from django.tasks import task_backends

from articles.editorial.periodic import PeriodicJob, run_due_jobs, slot_start
from articles.models import PeriodicRun
from tests.factories import SourceFactory

MONDAY_NOON = datetime.datetime(2026, 3, 2, 12, 0, tzinfo=datetime.UTC)
DUMMY_TASKS = {"default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend"}}


@pytest.fixture
def queued(settings):
    """The tasks enqueued in this test, as (task name, args), from Django's dummy backend."""
    settings.TASKS = DUMMY_TASKS
    backend = task_backends["default"]
    backend.clear()
    return lambda: [(result.task.name, result.args) for result in backend.results]


def run_command():
    call_command("run_periodic_jobs", stdout=open("/dev/null", "w"))  # noqa: SIM115


def test_a_slot_starts_at_a_multiple_of_its_interval_since_the_epoch():
    moment = datetime.datetime(2026, 3, 2, 13, 45, tzinfo=datetime.UTC)
    assert slot_start(every=datetime.timedelta(hours=6), now=moment) == datetime.datetime(
        2026, 3, 2, 12, 0, tzinfo=datetime.UTC
    )


@pytest.mark.django_db
def test_each_job_is_enqueued_once_per_slot_however_often_the_command_runs(queued):
    SourceFactory(url="https://example.org/a")
    with time_machine.travel(MONDAY_NOON, tick=False):
        run_command()
        run_command()
    assert sorted(name for name, _args in queued()) == ["check_sources_task", "remind_reviewers_task"]
    assert PeriodicRun.objects.count() == 2
    assert all(run.task_id for run in PeriodicRun.objects.all())


@pytest.mark.django_db
def test_a_job_runs_again_in_its_next_slot_and_not_before(queued):
    with time_machine.travel(MONDAY_NOON, tick=False):
        run_command()
    with time_machine.travel(MONDAY_NOON + datetime.timedelta(hours=11, minutes=59), tick=False):
        run_command()  # still Monday (UTC): the daily slot is taken
    assert [name for name, _args in queued()].count("remind_reviewers_task") == 1
    with time_machine.travel(MONDAY_NOON + datetime.timedelta(hours=12), tick=False):
        run_command()  # Tuesday: reminders again; the weekly link check's slot is still taken
    names = [name for name, _args in queued()]
    assert names.count("remind_reviewers_task") == 2
    assert names.count("check_sources_task") == 1


@pytest.mark.django_db
def test_the_jobs_enqueue_reminders_after_three_days_and_a_check_of_every_linked_source(queued):
    linked = SourceFactory(url="https://example.org/a")
    SourceFactory(url="")
    with time_machine.travel(MONDAY_NOON, tick=False):
        run_command()
    assert dict(queued()) == {"remind_reviewers_task": [3], "check_sources_task": [[linked.pk]]}


@pytest.mark.django_db
def test_a_failed_enqueue_leaves_the_slot_free_for_the_next_call():
    calls = []

    def broken():
        calls.append(1)
        raise RuntimeError("queue unavailable")

    job = PeriodicJob(name="flaky", every=datetime.timedelta(hours=1), enqueue=broken)
    with pytest.raises(RuntimeError):
        run_due_jobs(jobs=[job], now=MONDAY_NOON)
    assert not PeriodicRun.objects.exists()
    working = PeriodicJob(name="flaky", every=datetime.timedelta(hours=1), enqueue=lambda: None)
    assert [outcome.enqueued for outcome in run_due_jobs(jobs=[working], now=MONDAY_NOON)] == [True]


@pytest.mark.django_db(transaction=True)
def test_two_concurrent_calls_enqueue_each_job_once():
    """Two processes racing for the same slots: threads with their own connections (PostgreSQL)."""
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL (DATABASE_URL=postgres://…): SQLite serialises writers, covered sequentially")
    enqueued = []
    lock = threading.Lock()
    barrier = threading.Barrier(2)

    def enqueue(name):
        with lock:
            enqueued.append(name)

    jobs = [
        PeriodicJob(name=name, every=datetime.timedelta(hours=24), enqueue=lambda name=name: enqueue(name))
        for name in ("first", "second", "third")
    ]
    errors = []

    def call():
        from django.db import connections

        try:
            barrier.wait(timeout=30)
            run_due_jobs(jobs=jobs, now=MONDAY_NOON)
        except Exception as error:  # noqa: BLE001 — reported by the assertion below
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=call) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert errors == []
    assert sorted(enqueued) == ["first", "second", "third"]
    assert PeriodicRun.objects.count() == 3
