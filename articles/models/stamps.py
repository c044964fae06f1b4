import secrets
import time

from django.db import models
from django.db.models import F, Value
from django.db.models.functions import Greatest


class ChangeStampManager(models.Manager):
    def value(self, name):
        """The stamp's value: one query by primary key; the row is created first if it is missing."""
        values = list(self.filter(name=name).values_list("value", flat=True))
        if not values:  # a database flushed by a test, or a stamp that no migration created
            self._create(name)
            values = list(self.filter(name=name).values_list("value", flat=True))
        return values[0]

    def advance(self, name):
        """Raise the stamp in one statement, above every value it ever had: `max(value + 1, now in ns)`."""
        self._update(name, Greatest(F("value") + 1, Value(time.time_ns()), output_field=models.BigIntegerField()))

    def renew(self, name):
        """Give the stamp a random value in one statement: unlike any before (a chance of 2**-62 of meeting one)."""
        self._update(name, Value(secrets.randbits(62)))

    def _update(self, name, value):
        if not self.filter(name=name).update(value=value):
            self._create(name)
            self.filter(name=name).update(value=value)

    def _create(self, name):
        """Insert the row unless another process did meanwhile (`ON CONFLICT DO NOTHING`: no error, no race)."""
        self.bulk_create([ChangeStamp(name=name, value=time.time_ns())], ignore_conflicts=True)


class ChangeStamp(models.Model):
    """A number that every process reads to know whether something it keeps in memory is stale.

    One row per kind of change: "public-content" (the page cache's generation,
    `articles.content_generation`) and "gazetteer" (the tagger's matcher, `actors.tagging`). It lives in
    the database because the database is the one thing every process shares, with or without Redis.
    A reader compares the value with the one it saw before; `value()` is one read by primary key.

    Two ways to change it, each one `UPDATE` (concurrent writers queue on the row's lock):
    - `advance()`: `value = MAX(value + 1, <now in ns>)`, larger than every earlier value and close to
      the time of the last change (Last-Modified and the read replica's settling read it as one). For a
      stamp raised after its change committed, in a transaction of its own that nothing rolls back.
    - `renew()`: a random 62-bit value. For a stamp changed inside the changing transaction: if that
      transaction rolls back, a process that read the value inside it must never meet it again, and
      a counter (or the clock, frozen in tests or behind another host's) would give it out again.
    """

    PUBLIC_CONTENT = "public-content"
    GAZETTEER = "gazetteer"

    name = models.CharField(max_length=50, primary_key=True)
    value = models.BigIntegerField(help_text="A new value after every change of its kind.")

    objects = ChangeStampManager()

    def __str__(self):
        return f"{self.name}: {self.value}"
