"""The image library's files: uploads checked and cleaned, renditions made once, and their HTML.

checks      an upload's checks: real JPEG, PNG or WebP content (not its name), a byte limit and a
            pixel limit (decompression bombs) — `ImageRefused` says why, before anything is stored
renditions  Pillow: the orientation applied, every piece of metadata (EXIF with GPS, XMP, comments)
            dropped, the original re-encoded clean and the widths the pages need
library     `save_image()` and `delete_images()`: the one way image files are written and removed
html        `<img>` and `<figure>` markup with srcset, sizes, width and height, for pages and the PDF

May import `articles.models` only; `articles.public`, `articles.edition` and the admin use it.
"""
