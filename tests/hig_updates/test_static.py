"""Production static files: collected with hashed, compressed names and linked by those names."""

import re

import pytest
from django.core.management import call_command


@pytest.mark.django_db
def test_static_files_are_collected_hashed_and_compressed_and_pages_link_them(tmp_path, settings, client):
    settings.STATIC_ROOT = tmp_path
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
    }
    call_command("collectstatic", interactive=False, verbosity=0)

    hashed = [path.name for path in (tmp_path / "css").glob("site.*.css")]
    assert len(hashed) == 1 and (tmp_path / "css" / f"{hashed[0]}.gz").exists()
    page = client.get("/").content.decode()
    assert f"/static/css/{hashed[0]}" in page
    assert not re.search(r"/static/css/site\.css", page)
