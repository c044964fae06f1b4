"""DATABASE_REPLICA_URL and MEDIA_STORAGE_*: settings read in a fresh interpreter with our environment.

These tests check the configured backend and the links it signs (signing needs no network);
test_media_on_object_storage.py stores, reads, links and deletes a real object on a local S3 server.
"""

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
OURS = ("DATABASE_REPLICA_URL", "REPLICA_LAG_SECONDS", "MEDIA_STORAGE_", "AWS_")


def settings_as_json(expression, **env):
    environment = {key: value for key, value in os.environ.items() if not key.startswith(OURS)}
    environment.update(env, SECRET_KEY="x", DJANGO_SETTINGS_MODULE="hig_updates.settings")
    code = (
        "import django, json; django.setup(); from django.conf import settings; "
        f"from django.core.files.storage import storages; print(json.dumps({expression}, default=str))"
    )
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=environment, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


DATABASE_SETUP = (
    "[sorted(settings.DATABASES), getattr(settings, 'DATABASE_ROUTERS', []), "
    "'hig_updates.db_router.ReadYourWritesMiddleware' in settings.MIDDLEWARE, "
    "settings.DATABASES.get('replica'), getattr(settings, 'REPLICA_LAG_SECONDS', None)]"
)


def test_without_a_replica_there_is_one_database_and_no_router():
    aliases, routers, middleware, _, _ = settings_as_json(DATABASE_SETUP, DATABASE_URL="postgres://u@db1:5432/hig")
    assert (aliases, routers, middleware) == (["default"], [], False)


def test_a_replica_url_adds_the_replica_the_router_and_the_read_your_writes_middleware():
    aliases, routers, middleware, replica, lag = settings_as_json(
        DATABASE_SETUP,
        DATABASE_URL="postgres://u@db1:5432/hig",
        DATABASE_REPLICA_URL="postgres://reader:secret@db2:5433/hig",
        REPLICA_LAG_SECONDS="5",
    )
    assert aliases == ["default", "replica"]
    assert routers == ["hig_updates.db_router.PrimaryReplicaRouter"]
    assert middleware is True
    assert (replica["HOST"], replica["PORT"], replica["USER"], replica["NAME"]) == ("db2", 5433, "reader", "hig")
    assert (replica["CONN_MAX_AGE"], replica["CONN_HEALTH_CHECKS"]) == (600, True)
    assert replica["TEST"]["MIRROR"] == "default"
    assert lag == 5


def test_without_a_bucket_uploads_stay_on_the_file_system():
    backend = settings_as_json("settings.STORAGES['default']['BACKEND']")
    assert backend == "django.core.files.storage.FileSystemStorage"


S3 = {
    "MEDIA_STORAGE_BUCKET": "hig-media",
    "MEDIA_STORAGE_ENDPOINT_URL": "https://objects.example.net",
    "MEDIA_STORAGE_REGION": "eu-central-1",
    "MEDIA_STORAGE_ACCESS_KEY_ID": "AKIAEXAMPLE",
    "MEDIA_STORAGE_SECRET_ACCESS_KEY": "not-a-real-secret",
}


def test_a_bucket_puts_uploads_on_s3_with_private_signed_links():
    storage, url = settings_as_json(
        "[settings.STORAGES['default'], storages['default'].url('experts/photo.jpg')]",
        **S3,
    )
    assert storage["BACKEND"] == "storages.backends.s3.S3Storage"
    options = storage["OPTIONS"]
    assert options["bucket_name"] == "hig-media"
    assert options["endpoint_url"] == "https://objects.example.net"
    assert options["region_name"] == "eu-central-1"
    assert (options["access_key"], options["secret_key"]) == ("AKIAEXAMPLE", "not-a-real-secret")
    assert options["file_overwrite"] is False
    assert options["default_acl"] is None
    assert url.startswith("https://objects.example.net/hig-media/experts/photo.jpg?")
    assert "X-Amz-Signature=" in url
    assert "X-Amz-Expires=172800" in url


def test_a_custom_domain_gives_plain_public_links():
    url = settings_as_json(
        "storages['default'].url('experts/photo.jpg')", MEDIA_STORAGE_CUSTOM_DOMAIN="media.example.org", **S3
    )
    assert url == "https://media.example.org/experts/photo.jpg"


def test_without_keys_boto3_finds_the_credentials_itself():
    options = settings_as_json("settings.STORAGES['default']['OPTIONS']", MEDIA_STORAGE_BUCKET="hig-media")
    assert (options["access_key"], options["secret_key"], options["endpoint_url"]) == (None, None, None)


def test_half_a_key_pair_is_refused_with_a_clear_message():
    environment = {key: value for key, value in os.environ.items() if not key.startswith(OURS)}
    environment.update(SECRET_KEY="x", MEDIA_STORAGE_BUCKET="hig-media", MEDIA_STORAGE_ACCESS_KEY_ID="AKIAEXAMPLE")
    environment["DJANGO_SETTINGS_MODULE"] = "hig_updates.settings"
    code = "import django; django.setup()"
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=environment, capture_output=True, text=True)
    assert result.returncode != 0
    assert "Set both MEDIA_STORAGE_ACCESS_KEY_ID and MEDIA_STORAGE_SECRET_ACCESS_KEY, or neither" in result.stderr
