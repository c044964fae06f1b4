"""An import's confirm step reads only the upload it stored itself.

django-import-export keeps an uploaded file between the preview and the confirmation
under the name the confirm form sends back (`import_file_name`). With its default
temp-folder storage a crafted name imports, then deletes, any file in the temp folder;
the project keeps uploads in the cache instead (`IMPORT_EXPORT_TMP_STORAGE_CLASS`), and
a name under which nothing waits is a bad request.
"""

import tempfile
from pathlib import Path

import pytest
import tablib
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from actors.models import Actor
from articles.models import Expert
from tests.factories import EditorFactory

pytestmark = pytest.mark.django_db

CONFIRM = {"actor": "admin:actors_actor_process_import", "expert": "admin:articles_expert_process_import"}
PLANTED = {
    "actor": "slug,name,kind\nplanted,Planted State,state\n",
    "expert": "slug,name\nplanted,Planted Expert\n",
}
MODELS = {"actor": Actor, "expert": Expert}
FORMATS = ["csv", "xlsx", "json"]  # settings.IMPORT_EXPORT_FORMATS


@pytest.fixture
def planted_file():
    """A file in the temp folder someone else put there (another upload, another program's data)."""
    with tempfile.NamedTemporaryFile("w", suffix=".csv", delete=False) as file:
        file.write(PLANTED["actor"])
    path = Path(file.name)
    yield path
    path.unlink(missing_ok=True)


@pytest.mark.parametrize("model", ["actor", "expert"])
@pytest.mark.parametrize("crafted", ["{name}", "{path}", "../../..{path}"])
def test_a_crafted_file_name_neither_imports_nor_deletes_a_file_of_the_temp_folder(
    client, planted_file, model, crafted
):
    planted_file.write_text(PLANTED[model])
    client.force_login(EditorFactory())

    response = client.post(
        reverse(CONFIRM[model]),
        {
            "import_file_name": crafted.format(name=planted_file.name, path=planted_file),
            "original_file_name": "innocent.csv",
            "format": "0",
            "resource": "0",
        },
    )

    assert response.status_code == 400  # nothing is waiting under that name
    assert not MODELS[model].objects.filter(slug="planted").exists()
    assert planted_file.read_text() == PLANTED[model]


@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
def test_an_upload_waits_for_its_confirmation_in_the_cache_and_is_imported(client, file_format):
    dataset = tablib.Dataset(["uploaded", "Uploaded State", "state"], headers=["slug", "name", "kind"])
    upload = SimpleUploadedFile(
        f"actors.{file_format}",
        dataset.export(file_format).encode() if file_format == "csv" else dataset.export(file_format),
    )
    client.force_login(EditorFactory())
    preview = client.post(
        reverse("admin:actors_actor_import"),
        {"resource": "0", "format": str(FORMATS.index(file_format)), "import_file": upload},
    )
    confirm_form = preview.context["confirm_form"]
    assert not Actor.objects.filter(slug="uploaded").exists()
    assert not (Path(tempfile.gettempdir()) / confirm_form.initial["import_file_name"]).exists()  # kept in the cache

    response = client.post(reverse(CONFIRM["actor"]), confirm_form.initial)

    assert response.status_code == 302
    assert Actor.objects.get(slug="uploaded").name == "Uploaded State"
    again = client.post(reverse(CONFIRM["actor"]), confirm_form.initial)
    assert again.status_code == 400  # confirmed once: nothing waits any more
