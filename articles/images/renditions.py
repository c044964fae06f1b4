"""Pillow's part: a checked image made clean, and the sizes the pages need, as bytes ready to store.

Clean means: turned upright as the camera's orientation tag said, then copied without any of the
file's metadata — EXIF (camera, time, GPS location), XMP, comments, PNG text — keeping only the
colour profile. The original is kept re-encoded that way, in its own format; renditions are JPEG,
or PNG when the image has transparency.
"""

import io
from dataclasses import dataclass

import PIL.Image
import PIL.ImageOps

from articles.images.checks import ACCEPTED_FORMATS

# Widths of the stored renditions: phones and the 38rem column at 1× and 2×, and the 1200 pixels
# OpenGraph, Twitter cards and JSON-LD ask for (`SHARE_WIDTH`). Never wider than the original.
WIDTHS = (480, 800, 1200, 1600)
SHARE_WIDTH = 1200
JPEG_QUALITY = 85
ORIGINAL_QUALITY = 92


@dataclass(frozen=True)
class Encoded:
    width: int
    height: int
    extension: str
    data: bytes


def clean(picture):
    """An upright copy of `picture` holding only its pixels and colour profile; RGB, or RGBA with transparency."""
    upright = PIL.ImageOps.exif_transpose(picture)
    has_alpha = "A" in upright.getbands() or "transparency" in upright.info
    pixels = upright.convert("RGBA" if has_alpha else "RGB")
    icc_profile = picture.info.get("icc_profile")
    pixels.info = {"icc_profile": icc_profile} if icc_profile else {}
    return pixels


def encode_original(pixels, image_format):
    """The clean picture in the format it was uploaded in."""
    return _encode(pixels, image_format, quality=ORIGINAL_QUALITY)


def make_renditions(pixels):
    """One `Encoded` per width in WIDTHS narrower than the picture, and one at its own width when that is narrower
    than the widest."""
    widths = [width for width in WIDTHS if width < pixels.width] + [min(pixels.width, WIDTHS[-1])]
    image_format = "PNG" if pixels.mode == "RGBA" else "JPEG"
    renditions = []
    for width in sorted(set(widths)):
        height = max(1, round(pixels.height * width / pixels.width))
        resized = pixels if width == pixels.width else pixels.resize((width, height), PIL.Image.LANCZOS, reducing_gap=3)
        resized.info = dict(pixels.info)
        renditions.append(_encode(resized, image_format, quality=JPEG_QUALITY))
    return renditions


def _encode(pixels, image_format, *, quality):
    options = {"icc_profile": pixels.info["icc_profile"]} if "icc_profile" in pixels.info else {}
    if image_format == "JPEG":
        options |= {"quality": quality, "optimize": True, "progressive": True}
    elif image_format == "WEBP":
        options |= {"quality": quality}
    else:
        options |= {"optimize": True}
    buffer = io.BytesIO()
    pixels.save(buffer, format=image_format, **options)
    return Encoded(
        width=pixels.width, height=pixels.height, extension=ACCEPTED_FORMATS[image_format], data=buffer.getvalue()
    )
