"""Side effects are explicit calls from services, never model signals.

The only receiver of the project is `post_migrate` (articles/apps.py: roles after every
`migrate`). The page cache, old slugs, tagging and the gazetteer stamp are triggered by the
services that make the change.
"""

import weakref

import pytest
from django.db.models import signals

from articles.apps import sync_roles_after_migrate

MODEL_SIGNALS = ["pre_save", "post_save", "pre_delete", "post_delete", "m2m_changed"]
OURS = ("articles", "actors")


def live_receivers(signal):
    """The functions connected to `signal` that are still alive."""
    functions = [entry[1]() if isinstance(entry[1], weakref.ReferenceType) else entry[1] for entry in signal.receivers]
    return [function for function in functions if function is not None]


def receivers_of(signal):
    """The modules of the live receivers connected to `signal`."""
    return {function.__module__ for function in live_receivers(signal)}


@pytest.mark.parametrize("name", MODEL_SIGNALS)
def test_no_model_signal_receivers_from_articles_or_actors(name):
    modules = receivers_of(getattr(signals, name))
    assert sorted(module for module in modules if module.split(".")[0] in OURS) == []


def test_the_one_receiver_is_roles_after_migrate():
    ours = [receiver for receiver in live_receivers(signals.post_migrate) if receiver.__module__.split(".")[0] in OURS]
    assert ours == [sync_roles_after_migrate]
