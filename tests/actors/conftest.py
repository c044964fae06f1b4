"""Fixtures of the actor tests: the gazetteer loaded, and what the tagger finds in a text."""

import pytest

from actors.gazetteer import load_gazetteer
from actors.models import Actor
from actors.tagging import find_actors


@pytest.fixture
def gazetteer(db):
    load_gazetteer()


@pytest.fixture
def named(gazetteer):
    """named(text) -> the names of the actors the tagger finds in text, sorted."""
    names = dict(Actor.objects.values_list("pk", "name"))

    def named(text):
        return sorted(names[pk] for pk in find_actors(text))

    return named


class AdminEdits:
    """Saves and deletes made the way an editor makes them in the admin, through the registered ModelAdmin."""

    def __init__(self, user):
        from django.test import RequestFactory

        self.request = RequestFactory().post("/admin/")
        self.request.user = user

    def _admin(self, model):
        from django.contrib import admin

        return admin.site._registry[model]

    def save(self, obj):
        self._admin(type(obj)).save_model(self.request, obj, form=None, change=obj.pk is not None)
        return obj

    def delete(self, queryset):
        self._admin(queryset.model).delete_queryset(self.request, queryset)


@pytest.fixture
def in_admin(db):
    from tests.factories import UserFactory

    return AdminEdits(UserFactory(is_superuser=True, is_staff=True))
