"""Every admin of a model public pages show marks public content changed, through one base class."""

import pytest
from django.contrib import admin
from django.test import RequestFactory

from articles.admin.public_content import PublicContentAdmin
from articles.content_generation import current_generation
from articles.public.cache import PUBLIC_MODELS
from tests.factories import SeriesFactory, UserFactory


def test_every_registered_admin_of_a_public_model_uses_the_public_content_base():
    registered = {model: model_admin for model, model_admin in admin.site._registry.items() if model in PUBLIC_MODELS}
    assert registered, "no public model is registered"
    assert {
        model._meta.label
        for model, model_admin in registered.items()
        if not isinstance(model_admin, PublicContentAdmin)
    } == set()
    # Every public model editors can change is registered (TaggedItem is edited through Tag's inline).
    assert {model._meta.label for model in PUBLIC_MODELS} - {model._meta.label for model in registered} == {
        "taggit.TaggedItem"
    }


@pytest.mark.django_db
@pytest.mark.parametrize("method", ["save_model", "save_related", "delete_model", "delete_queryset"])
def test_each_way_of_editing_in_the_admin_marks_public_content_changed(method, django_capture_on_commit_callbacks):
    series = SeriesFactory()
    model_admin = admin.site._registry[type(series)]
    request = RequestFactory().post("/admin/")
    request.user = UserFactory(is_superuser=True, is_staff=True)
    arguments = {
        "save_model": (series, None, True),
        "save_related": (type("Form", (), {"instance": series, "save_m2m": lambda self: None})(), [], True),
        "delete_model": (series,),
        "delete_queryset": (type(series).objects.filter(pk=series.pk),),
    }[method]
    before = current_generation()
    with django_capture_on_commit_callbacks(execute=True):
        getattr(model_admin, method)(request, *arguments)
    assert current_generation() != before
