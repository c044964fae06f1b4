"""MEDIA_STORAGE_*: uploads make a real round trip through an S3 server (moto, on 127.0.0.1).

test_replica_and_media_settings.py checks the configuration; here a fresh interpreter with a
production-like environment saves, reads, links and deletes a file through default_storage, and the
bucket, read with boto3 on its own, must hold it — not the local MEDIA_ROOT.
"""

import json
import os
import subprocess
import sys
import urllib.parse
import urllib.request
import uuid
from pathlib import Path
from threading import Thread

import boto3
import pytest
from moto.server import ThreadedMotoServer

ROOT = Path(__file__).resolve().parents[2]
OURS = ("DEBUG", "DJANGO_", "DATABASE_", "REDIS_URL", "TASKS_BACKEND", "MEDIA_STORAGE_", "AWS_")
BUCKET = "hig-media"
REGION = "eu-central-1"
KEYS = {"aws_access_key_id": "AKIAROUNDTRIP", "aws_secret_access_key": "round-trip-secret"}
CONTENT = b"Briefing \xe2\x80\x94 Sahel, week 48\n"

# Run by the fresh interpreter: argv is the action ("save" or "delete") and the file's name.
SCRIPT = """
import json, sys
from pathlib import Path
import django
django.setup()
from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage, storages

action, name = sys.argv[1:]
if action == "save":
    saved = default_storage.save(name, ContentFile(CONTENT))
    with default_storage.open(saved, "rb") as stored:
        read_back = stored.read()
    report = {
        "backend": f"{type(storages['default']).__module__}.{type(storages['default']).__name__}",
        "saved": saved,
        "read_back": read_back.hex(),
        "exists": default_storage.exists(saved),
        "url": default_storage.url(saved),
        "on_local_disk": (Path(settings.MEDIA_ROOT) / saved).exists(),
    }
else:
    default_storage.delete(name)
    report = {"exists": default_storage.exists(name)}
print(json.dumps(report))
"""


def start_s3_server():
    """moto's S3 on 127.0.0.1 at a port the system picks; start() waits for the socket, within 10 s here."""
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    starting = Thread(target=server.start, daemon=True)
    starting.start()
    starting.join(timeout=10)
    if starting.is_alive():
        pytest.fail("moto's S3 server did not start within 10 s")
    return server


def production_environment(endpoint, tmp_path):
    environment = {key: value for key, value in os.environ.items() if not key.startswith(OURS)}
    environment.update(
        DJANGO_SETTINGS_MODULE="hig_updates.settings",
        SECRET_KEY="a-long-random-production-key",
        ALLOWED_HOSTS="updates.example.org",
        DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}",
        MEDIA_STORAGE_BUCKET=BUCKET,
        MEDIA_STORAGE_ENDPOINT_URL=endpoint,
        MEDIA_STORAGE_REGION=REGION,
        MEDIA_STORAGE_ACCESS_KEY_ID=KEYS["aws_access_key_id"],
        MEDIA_STORAGE_SECRET_ACCESS_KEY=KEYS["aws_secret_access_key"],
        # No operator's AWS files, and no proxy between boto3 and the local server.
        AWS_CONFIG_FILE=str(tmp_path / "no-aws-config"),
        AWS_SHARED_CREDENTIALS_FILE=str(tmp_path / "no-aws-credentials"),
        NO_PROXY="127.0.0.1",
        no_proxy="127.0.0.1",
    )
    return environment


def run_storage(action, name, environment):
    code = f"CONTENT = {CONTENT!r}\n{SCRIPT}"
    result = subprocess.run(
        [sys.executable, "-c", code, action, name],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def download(url):
    """GET from the local server only, never through a proxy."""
    assert urllib.parse.urlsplit(url).hostname == "127.0.0.1", url
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    with opener.open(url, timeout=10) as response:
        return response.status, response.read()


def test_an_upload_goes_to_the_bucket_and_back_with_a_signed_link(tmp_path, settings):
    media_root = Path(settings.MEDIA_ROOT)
    media_root_existed = media_root.exists()
    name = f"round-trip-{uuid.uuid4().hex}.txt"
    server = start_s3_server()
    environment = None
    deleted = False
    try:
        host, port = server.get_host_and_port()
        endpoint = f"http://{host}:{port}"
        s3 = boto3.client("s3", endpoint_url=endpoint, region_name=REGION, **KEYS)
        s3.create_bucket(Bucket=BUCKET, CreateBucketConfiguration={"LocationConstraint": REGION})
        environment = production_environment(endpoint, tmp_path)

        report = run_storage("save", name, environment)

        assert report["backend"] == "storages.backends.s3.S3Storage"
        assert report["saved"] == name
        assert bytes.fromhex(report["read_back"]) == CONTENT
        assert report["exists"] is True
        assert report["on_local_disk"] is False
        listed = s3.list_objects_v2(Bucket=BUCKET).get("Contents", [])
        assert [(item["Key"], item["Size"]) for item in listed] == [(name, len(CONTENT))]
        assert s3.get_object(Bucket=BUCKET, Key=name)["Body"].read() == CONTENT

        url = report["url"]
        assert url.startswith(f"{endpoint}/{BUCKET}/{name}?")
        query = urllib.parse.parse_qs(urllib.parse.urlsplit(url).query)
        assert "X-Amz-Signature" in query
        assert query["X-Amz-Expires"] == ["172800"]
        assert download(url) == (200, CONTENT)

        assert run_storage("delete", name, environment) == {"exists": False}
        deleted = True
        assert s3.list_objects_v2(Bucket=BUCKET).get("Contents", []) == []
    finally:
        if environment is not None and not deleted:
            # Wherever the save went (a local file if the bucket settings were ignored), remove it.
            subprocess.run(
                [sys.executable, "-c", f"CONTENT = b''\n{SCRIPT}", "delete", name],
                cwd=ROOT,
                env=environment,
                capture_output=True,
                timeout=60,
            )
        if not media_root_existed and media_root.is_dir() and not any(media_root.iterdir()):
            media_root.rmdir()
        server.stop()
