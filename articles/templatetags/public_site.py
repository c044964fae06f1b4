"""Template helpers of the public site."""

import json
import re

from django import template
from django.core.serializers.json import DjangoJSONEncoder
from django.utils.safestring import mark_safe

from articles.images import html as image_html

register = template.Library()

# Inside <script> nothing may close the element or open a comment.
_SCRIPT_ESCAPES = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}


@register.filter
def ld_json(data):
    """JSON-LD for a <script type="application/ld+json"> element, safe against `</script>` in the data."""
    return mark_safe(json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False).translate(_SCRIPT_ESCAPES))


_CONTROLS = re.compile(r"[\x00-\x20]")


@register.filter
def web_url(url):
    """`url` when a browser would read it as an http(s) address, else "" (a `javascript:` URL stored
    past the form's validation, by a script or an import, never becomes a link)."""
    scheme, colon, _ = _CONTROLS.sub("", url or "").partition(":")
    return url if colon and scheme.lower() in {"http", "https"} else ""


@register.simple_tag
def lead_figure(image):
    """An update's lead image (renditions prefetched): a figure that loads first, with caption and credit."""
    return image_html.figure(image, lead=True, css_class="figure figure--lead")
