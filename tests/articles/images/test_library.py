"""Uploads: real images only, within the limits, stored clean (no EXIF, no GPS) with their renditions;
a refused one leaves no file and no row."""

import io

import PIL.Image
import pytest
from django.core.files.storage import default_storage

from articles.images.checks import ImageRefused
from articles.images.library import delete_images, save_image
from articles.models import Image, Rendition
from tests.pictures import picture, png_declaring, upload

pytestmark = pytest.mark.django_db


def stored_files(media_root):
    return sorted(path for path in media_root.rglob("*") if path.is_file()) if media_root.exists() else []


def assert_nothing_stored(media_root):
    assert stored_files(media_root) == []
    assert not Image.objects.exists()
    assert not Rendition.objects.exists()


def test_an_upload_is_stored_with_the_renditions_the_pages_need():
    image = save_image(Image(alt_text="The parade", credit="Photo: KCNA"), upload=upload(picture(2000, 1000)))
    assert (image.width, image.height) == (2000, 1000)
    renditions = list(image.renditions.values_list("width", "height"))
    assert renditions == [(480, 240), (800, 400), (1200, 600), (1600, 800)]
    for rendition in image.renditions.all():
        with default_storage.open(rendition.file.name) as stored:
            assert PIL.Image.open(stored).size == (rendition.width, rendition.height)
    assert image.file.name.endswith("/original.jpg")


def test_a_small_image_is_never_enlarged():
    image = save_image(Image(alt_text="A map"), upload=upload(picture(700, 350, image_format="PNG"), "map.png"))
    assert list(image.renditions.values_list("width", flat=True)) == [480, 700]


@pytest.mark.parametrize("image_format", ["JPEG", "WEBP"])
def test_exif_with_the_gps_position_is_gone_from_every_stored_file(media_root, image_format):
    sent = picture(1300, 700, image_format=image_format, gps=True)
    assert PIL.Image.open(io.BytesIO(sent)).getexif().get_ifd(PIL.ExifTags.IFD.GPSInfo)  # the upload has it
    save_image(Image(alt_text="At home"), upload=upload(sent, f"home.{image_format.lower()}"))
    files = stored_files(media_root)
    assert len(files) == 1 + 4  # the original and its renditions
    for path in files:
        stored = PIL.Image.open(path)
        assert dict(stored.getexif()) == {}
        assert not {"exif", "xmp", "comment"} & set(stored.info)
        assert b"Exif" not in path.read_bytes() and b"shot at home" not in path.read_bytes()


def test_the_camera_orientation_is_applied_before_it_is_dropped():
    image = save_image(Image(alt_text="Portrait"), upload=upload(picture(600, 300, orientation=6)))
    assert (image.width, image.height) == (300, 600)


@pytest.mark.parametrize(
    ("data", "name", "message"),
    [
        (png_declaring(50_000, 50_000), "bomb.png", "declares far too many pixels"),
        (
            png_declaring(8_000, 8_000),
            "bomb.png",
            "declares 8,000 × 8,000 pixels; an image may have at most 40 million",
        ),
        (b"%PDF-1.7 not a picture at all\n" * 20, "photo.jpg", "is not a JPEG, PNG or WebP image"),
        (picture(50, 50, image_format="GIF", mode="L"), "photo.png", "is not a JPEG, PNG or WebP image"),
        (picture(400, 400)[:-2000], "cut.jpg", "is damaged or cut short"),
    ],
    ids=["bomb beyond Pillow's limit", "bomb beyond ours", "renamed non-image", "a GIF", "truncated"],
)
def test_a_bad_file_is_refused_with_a_reason_and_nothing_stored(media_root, data, name, message):
    import weasyprint  # noqa: F401 — it lets Pillow load truncated files process-wide; uploads stay refused

    with pytest.raises(ImageRefused, match=message):
        save_image(Image(alt_text="Anything"), upload=upload(data, name))
    assert_nothing_stored(media_root)


def test_an_oversized_image_is_refused_before_it_is_read(media_root, settings):
    settings.IMAGE_UPLOAD_MAX_BYTES = 10_000
    data = picture(3000, 2000, image_format="PNG")
    assert len(data) > 10_000
    with pytest.raises(ImageRefused, match=r"is 22.6\sKB; an image may be at most 9.8\sKB"):
        save_image(Image(alt_text="Too big"), upload=upload(data, "big.png"))
    assert_nothing_stored(media_root)


def test_a_failed_write_deletes_the_files_already_written(media_root, monkeypatch):
    def refuse(*args, **kwargs):
        raise RuntimeError("the database went away")

    monkeypatch.setattr(Rendition.objects, "bulk_create", refuse)
    with pytest.raises(RuntimeError):
        save_image(Image(alt_text="Half way"), upload=upload(picture(900, 500)))
    assert_nothing_stored(media_root)


def test_alt_text_is_required():
    with pytest.raises(Exception, match="This field cannot be blank"):
        save_image(Image(alt_text=""), upload=upload(picture(500, 300)))


def test_replacing_and_deleting_remove_the_old_files(media_root, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        image = save_image(Image(alt_text="First"), upload=upload(picture(900, 500)))
    first = stored_files(media_root)
    with django_capture_on_commit_callbacks(execute=True):
        save_image(image, upload=upload(picture(500, 900)))
    second = stored_files(media_root)
    assert len(second) == 3 and not set(first) & set(second)
    with django_capture_on_commit_callbacks(execute=True):
        delete_images([image])
    assert_nothing_stored(media_root)
