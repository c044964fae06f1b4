"""The one way image files are written and removed.

`save_image(image, upload=…, by=…)` checks the upload (`checks`), makes the clean original and every
rendition in memory (`renditions`), and only then writes: the files under a fresh random folder
`images/<key>/`, the rows in one transaction. If anything fails after a file was written, the files
written so far are deleted again, so a refused or failed upload leaves nothing behind. The files an
upload replaces, and those of deleted images, are deleted once the transaction commits.
"""

import secrets
from functools import partial

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction

from articles.images.checks import check_upload
from articles.images.renditions import clean, encode_original, make_renditions
from articles.models import Image, Rendition

FOLDER = "images"


def save_image(image, *, upload=None, checked=None, by=None):
    """Save `image` (its alternative text, caption, credit) and, with `upload`, its new picture.

    Raises `ImageRefused` (from `checks`) before anything is written when the upload is not an
    image the library takes. `checked`: what `check_upload(upload)` returned, when the caller (a
    form) checked the upload already. Returns the image.
    """
    if checked is None and upload is not None:
        checked = check_upload(upload)
    if checked is None:
        image.full_clean(exclude=["file", "width", "height"])
        image.save()
        return image
    pixels = clean(checked.picture)
    original = encode_original(pixels, checked.format)
    renditions = make_renditions(pixels)
    image.full_clean(exclude=["file", "width", "height"])

    folder = f"{FOLDER}/{secrets.token_hex(8)}"
    written = []
    replaced = _file_names([image]) if image.pk else []
    try:
        with transaction.atomic():
            image.file.name = _store(f"{folder}/original.{original.extension}", original.data, written)
            image.width, image.height = original.width, original.height
            if image.pk is None:
                image.uploaded_by = by
            image.save()
            image.renditions.all().delete()
            Rendition.objects.bulk_create(
                Rendition(
                    image=image,
                    width=rendition.width,
                    height=rendition.height,
                    file=_store(f"{folder}/{rendition.width}w.{rendition.extension}", rendition.data, written),
                )
                for rendition in renditions
            )
            transaction.on_commit(partial(_delete_files, replaced))
    except BaseException:
        _delete_files(written)
        raise
    return image


def delete_images(images):
    """Delete the images (refused with ProtectedError while one leads an update) and, once committed, their files."""
    images = list(images)
    names = _file_names(images)
    with transaction.atomic():
        Image.objects.filter(pk__in=[image.pk for image in images]).delete()
        transaction.on_commit(partial(_delete_files, names))


def _store(name, data, written):
    stored = default_storage.save(name, ContentFile(data))
    written.append(stored)
    return stored


def _file_names(images):
    renditions = Rendition.objects.filter(image__in=images).values_list("file", flat=True)
    return [image.file.name for image in images if image.file] + list(renditions)


def _delete_files(names):
    for name in names:
        default_storage.delete(name)
