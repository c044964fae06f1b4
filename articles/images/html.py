"""The markup of a library image: `<img>` with srcset, sizes, width and height, and `<figure>` with its caption.

Width and height are the intrinsic size of the `src` rendition, so a browser reserves the right
space before the picture arrives (the stylesheet scales it with `height: auto`) and nothing shifts
as it loads. No inline style: the Content-Security-Policy allows none.

`url` says how a rendition is addressed: by default its storage URL; the PDF passes its own, so
WeasyPrint reads the files from the storage rather than over the network.
"""

from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe

from articles.images.renditions import SHARE_WIDTH

# The page's column is 38rem wide from 40rem of viewport up; below that, the viewport less its padding.
COLUMN_SIZES = "(min-width: 40rem) 38rem, calc(100vw - 2.5rem)"


def storage_url(rendition):
    return rendition.file.url


def img(image, *, alt=None, sizes=COLUMN_SIZES, url=storage_url, lead=False):
    """`<img>` for `image` (its renditions prefetched); `alt` replaces its alternative text; the lead image loads first."""
    src = image.rendition(SHARE_WIDTH)
    if src is None:  # an image always has renditions; a row without any shows nothing rather than a broken picture
        return ""
    srcset = ", ".join(f"{url(rendition)} {rendition.width}w" for rendition in image.renditions.all())
    loading = mark_safe('fetchpriority="high"' if lead else 'loading="lazy"')
    return format_html(
        '<img src="{}" srcset="{}" sizes="{}" width="{}" height="{}" alt="{}" decoding="async" {}>',
        url(src),
        srcset,
        sizes,
        src.width,
        src.height,
        image.alt_text if alt is None else alt,
        loading,
    )


def figure(image, *, alt=None, sizes=COLUMN_SIZES, url=storage_url, lead=False, css_class="figure"):
    """`<figure>` holding the image and, when it has them, its caption and credit."""
    picture = img(image, alt=alt, sizes=sizes, url=url, lead=lead)
    if not picture:
        return ""
    parts = [(css_class, text) for css_class, text in (("text", image.caption), ("credit", image.credit)) if text]
    caption = (
        format_html(
            '<figcaption class="figure__caption">{}</figcaption>',
            format_html_join(" ", '<span class="figure__{}">{}</span>', parts),
        )
        if parts
        else ""
    )
    return format_html('<figure class="{}">{}{}</figure>', css_class, picture, caption)
