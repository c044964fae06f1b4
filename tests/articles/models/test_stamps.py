"""ChangeStamp: values that never come back, one statement to change one, and a row that is always there."""

import datetime

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext

from articles.models import ChangeStamp

pytestmark = pytest.mark.django_db


def test_both_stamps_exist_after_migrate():
    assert set(ChangeStamp.objects.values_list("name", flat=True)) >= {"public-content", "gazetteer"}


def test_advance_is_one_update_and_always_raises_the_value_even_with_the_clock_stopped():
    with time_machine.travel(datetime.datetime(2020, 1, 1, tzinfo=datetime.UTC), tick=False):
        values = [ChangeStamp.objects.value("public-content")]
        for _ in range(3):
            with CaptureQueriesContext(connection) as queries:
                ChangeStamp.objects.advance("public-content")
            assert [query["sql"].split()[0] for query in queries] == ["UPDATE"]
            values.append(ChangeStamp.objects.value("public-content"))
    assert values == sorted(set(values))  # each larger than the one before


def test_advance_follows_the_clock_once_it_passes_the_value():
    ChangeStamp.objects.filter(name="public-content").update(value=0)
    moment = datetime.datetime(2026, 4, 2, 9, 0, tzinfo=datetime.UTC)
    with time_machine.travel(moment, tick=False):
        ChangeStamp.objects.advance("public-content")
    assert ChangeStamp.objects.value("public-content") == int(moment.timestamp()) * 1_000_000_000


def test_renew_gives_a_value_not_seen_before():
    seen = {ChangeStamp.objects.value("gazetteer")}
    for _ in range(20):
        ChangeStamp.objects.renew("gazetteer")
        seen.add(ChangeStamp.objects.value("gazetteer"))
    assert len(seen) == 21


def test_a_missing_row_is_created_on_first_read_or_change():
    ChangeStamp.objects.all().delete()  # as a flushed database has it

    first = ChangeStamp.objects.value("public-content")
    ChangeStamp.objects.advance("gazetteer")

    assert ChangeStamp.objects.value("public-content") == first
    assert ChangeStamp.objects.filter(name="gazetteer").count() == 1
    ChangeStamp.objects._create("gazetteer")  # another process creating it meanwhile: no error, no second row
    assert ChangeStamp.objects.filter(name="gazetteer").count() == 1
