import pytest

from actors.gazetteer import load_gazetteer
from actors.models import Actor
from actors.tagging import find_actors
from tests.public_content import site  # noqa: F401  (the public-site tests' fixture)


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
