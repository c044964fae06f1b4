import pytest
import tablib
from django.contrib.auth.models import Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from actors.models import Actor, Alias
from actors.spreadsheets import ActorResource
from articles.demo.loading import load_demo
from tests.factories import ActorFactory, EditorFactory, UserFactory

pytestmark = pytest.mark.django_db


def import_csv(text):
    dataset = tablib.Dataset().load(text, format="csv")
    return ActorResource().import_data(dataset, raise_errors=False, rollback_on_validation_errors=True)


def test_actors_with_aliases_survive_an_export_wipe_import_round_trip():
    load_demo()
    exported = ActorResource().export().csv
    assert "abbreviation:DPRK" in exported and "capital:Pyongyang" in exported
    Actor.objects.all().delete()
    assert Alias.objects.count() == 0

    result = import_csv(exported)

    assert not result.has_errors() and not result.has_validation_errors()
    assert ActorResource().export().csv == exported
    assert Actor.objects.get(slug="kim-jong-un").country.slug == "north-korea"


@pytest.mark.parametrize("file_format", ["json", "xlsx"])
def test_json_and_xlsx_round_trip_too(file_format):
    load_demo()
    ActorFactory(slug="undescribed", name="Undescribed", description="")  # an empty cell in a spreadsheet
    before = ActorResource().export().csv
    data = ActorResource().export().export(file_format)
    Actor.objects.all().delete()
    result = ActorResource().import_data(tablib.Dataset().load(data, format=file_format), raise_errors=True)
    assert not result.has_validation_errors()
    assert ActorResource().export().csv == before


def test_import_replaces_an_actors_aliases():
    actor = ActorFactory(slug="china", name="China")
    Alias.objects.create(actor=actor, text="Cathay")
    result = import_csv("slug,name,kind,aliases\nchina,China,state,capital:Beijing; prefix:Sino-\n")
    assert not result.has_validation_errors()
    assert sorted(actor.aliases.values_list("kind", "text")) == [("capital", "Beijing"), ("prefix", "Sino-")]


@pytest.mark.parametrize(
    ("csv", "message"),
    [
        ("name,kind\nChina,state\n", "slug"),  # wrong columns: no key column
        ("slug,name,kind,country\nxi,Xi Jinping,person,atlantis\n", "Unknown actor “atlantis”"),
        ("slug,name,kind,aliases\nchina,China,state,nickname:Middle Kingdom\n", "must read kind:text"),
        ("slug,name,kind\nchina,China,planet\n", "not a valid choice"),
    ],
)
def test_malformed_actor_import_is_refused_per_row_and_writes_nothing(csv, message):
    good_row = "good,Good State,state\n"
    result = import_csv(csv + (good_row if csv.startswith("slug,name,kind\n") else ""))
    assert result.has_errors() or result.has_validation_errors()
    reported = [str(error.error) for error in result.base_errors]
    reported += [str(error.error) for row in result.rows for error in row.errors]
    reported += [str(row.error) for row in result.invalid_rows]
    assert any(message in text for text in reported), reported
    assert Actor.objects.count() == 0


def test_import_page_needs_the_import_permission(client):
    user = UserFactory(is_staff=True)
    user.user_permissions.add(Permission.objects.get(codename="view_actor"))
    client.force_login(user)
    assert client.get(reverse("admin:actors_actor_import")).status_code == 403
    client.force_login(EditorFactory())
    assert client.get(reverse("admin:actors_actor_import")).status_code == 200


def test_admin_import_shows_row_errors_and_writes_nothing(client):
    client.force_login(EditorFactory())
    upload = SimpleUploadedFile(
        "actors.csv", b"slug,name,kind,country\nok,Fine,state,\nxi,Xi Jinping,person,atlantis\n", "text/csv"
    )
    response = client.post(
        reverse("admin:actors_actor_import"),
        {"resource": "0", "format": "0", "import_file": upload},
    )
    assert response.status_code == 200
    assert "Unknown actor “atlantis”" in response.content.decode()
    assert 'name="import_file_name"' not in response.content.decode()  # no confirm step offered
    assert Actor.objects.count() == 0
