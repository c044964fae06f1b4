"""Pictures made on the spot for the image and PDF tests: real JPEG/PNG/WebP bytes, EXIF with a GPS
position, and PNG files that declare more pixels than they hold (decompression bombs)."""

import io
import struct
import zlib

import PIL.ExifTags
import PIL.Image
from django.core.files.uploadedfile import SimpleUploadedFile

from articles.images.library import save_image
from articles.models import Image

# Amsterdam, as a camera writes it.
GPS = {
    PIL.ExifTags.GPS.GPSLatitudeRef: "N",
    PIL.ExifTags.GPS.GPSLatitude: (52.0, 22.0, 12.0),
    PIL.ExifTags.GPS.GPSLongitudeRef: "E",
    PIL.ExifTags.GPS.GPSLongitude: (4.0, 53.0, 24.0),
}


def picture(width=1600, height=900, *, image_format="JPEG", gps=False, orientation=None, mode="RGB"):
    """The bytes of a `width` × `height` picture (a gradient, so it compresses like a photo)."""
    pixels = PIL.Image.linear_gradient("L").resize((width, height)).convert(mode)
    exif = PIL.Image.Exif()
    exif[PIL.ExifTags.Base.Make] = "Test camera"
    if gps:
        exif[PIL.ExifTags.IFD.GPSInfo] = GPS
    if orientation:
        exif[PIL.ExifTags.Base.Orientation] = orientation
    buffer = io.BytesIO()
    pixels.save(buffer, format=image_format, exif=exif.tobytes(), comment=b"shot at home")
    return buffer.getvalue()


def png_declaring(width, height):
    """A valid-looking PNG of a few hundred bytes whose header declares `width` × `height` pixels."""

    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)  # 1 bit per pixel, greyscale
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"\0" * 4096))
        + chunk(b"IEND", b"")
    )


def upload(data, name="photo.jpg"):
    return SimpleUploadedFile(name, data)


def library_image(width=1600, height=900, *, alt_text="Kim Jong-un and Xi Jinping at the parade", **fields):
    """An image stored in the library the one way images are (`save_image`), renditions prefetched."""
    image = save_image(Image(alt_text=alt_text, **fields), upload=upload(picture(width, height)))
    return Image.objects.prefetch_related("renditions").get(pk=image.pk)
