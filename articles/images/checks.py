"""An upload is an image we take, or `ImageRefused` says why; nothing is stored before these pass.

The content decides, never the name: Pillow identifies the file among the accepted formats only,
reads its size from the header (a decompression bomb — a small file declaring billions of pixels —
is refused before a pixel is decoded), then decodes it whole, so a truncated or corrupt file is
refused too.
"""

import contextlib
import io
import threading
import warnings
from dataclasses import dataclass

import PIL.Image
import PIL.ImageFile
from django.conf import settings
from django.template.defaultfilters import filesizeformat

# Pillow's format name → the extension its files are stored with.
ACCEPTED_FORMATS = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp"}


class ImageRefused(Exception):
    """An upload that is not an image the library takes; the message says why. Nothing was stored."""


@dataclass(frozen=True)
class CheckedImage:
    picture: PIL.Image.Image  # decoded
    format: str  # a key of ACCEPTED_FORMATS


def check_upload(upload):
    """The decoded image of `upload` (a Django UploadedFile or File), or ImageRefused."""
    name = getattr(upload, "name", "") or "The file"
    if upload.size > settings.IMAGE_UPLOAD_MAX_BYTES:
        raise ImageRefused(
            f"“{name}” is {filesizeformat(upload.size)}; an image may be at most "
            f"{filesizeformat(settings.IMAGE_UPLOAD_MAX_BYTES)}. Export it smaller and upload it again."
        )
    upload.seek(0)
    data = upload.read()
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", PIL.Image.DecompressionBombWarning)
            picture = PIL.Image.open(io.BytesIO(data), formats=list(ACCEPTED_FORMATS))
    except (PIL.Image.DecompressionBombError, PIL.Image.DecompressionBombWarning):
        raise ImageRefused(_too_many_pixels(name, None)) from None
    except (PIL.UnidentifiedImageError, OSError, ValueError, SyntaxError):
        raise ImageRefused(
            f"“{name}” is not a JPEG, PNG or WebP image (its content was checked, not its name)."
        ) from None
    if picture.width * picture.height > settings.IMAGE_MAX_PIXELS:
        raise ImageRefused(_too_many_pixels(name, picture.size))
    try:
        with _whole_files_only():
            picture.load()
    except (OSError, ValueError, SyntaxError, PIL.Image.DecompressionBombError):
        raise ImageRefused(f"“{name}” could not be read whole: the file is damaged or cut short.") from None
    return CheckedImage(picture=picture, format=picture.format)


_STRICT = threading.Lock()


@contextlib.contextmanager
def _whole_files_only():
    """Pillow refuses a truncated file unless its process-wide LOAD_TRUNCATED_IMAGES is on, and WeasyPrint
    turns it on when imported (to draw what it can of a broken picture). An upload must be whole, so the
    flag is off while one is decoded (under a lock: it is one flag for every thread)."""
    with _STRICT:
        before = PIL.ImageFile.LOAD_TRUNCATED_IMAGES
        PIL.ImageFile.LOAD_TRUNCATED_IMAGES = False
        try:
            yield
        finally:
            PIL.ImageFile.LOAD_TRUNCATED_IMAGES = before


def _too_many_pixels(name, size):
    limit = f"{settings.IMAGE_MAX_PIXELS / 1_000_000:g} million"
    declared = f" declares {size[0]:,} × {size[1]:,} pixels;" if size else " declares far too many pixels;"
    return f"“{name}”{declared} an image may have at most {limit} pixels. Export it smaller and upload it again."
