"""Hostile input and the checks that it came out inert: the stored-XSS corpus and an HTML walker.

`PAYLOADS` are the lines of tests/fixtures/xss_payloads.txt. `unsafe_markup(html)` parses a page
with lxml and walks its elements and attributes (never substring checks on escaped text): it lists
every script that is not ours, event-handler attribute, `javascript:`/`vbscript:`/`data:` URL,
frame or object, and JSON-LD that does not parse as JSON.
"""

import json
import re
from pathlib import Path

import lxml.html

PAYLOAD_FILE = Path(__file__).parent / "fixtures" / "xss_payloads.txt"


def load_payloads(path=PAYLOAD_FILE):
    lines = path.read_text(encoding="utf-8").splitlines()
    return [line.replace("\\n", "\n") for line in lines if line.strip() and not line.startswith("# ")]


PAYLOADS = load_payloads()


def packed(max_length, payloads=PAYLOADS, separator=" "):
    """The payloads joined into as few strings of at most `max_length` characters as can hold them all."""
    chunks, current = [], ""
    for payload in payloads:
        payload = payload[:max_length]
        joined = f"{current}{separator}{payload}" if current else payload
        if len(joined) <= max_length:
            current = joined
        else:
            chunks.append(current)
            current = payload
    return [*chunks, current] if current else chunks


def spread(count, payloads=PAYLOADS, separator="\n\n"):
    """The payloads dealt into `count` texts (for fields without a length limit)."""
    return [separator.join(payloads[index::count]) for index in range(count)]


SAFE_SCHEMES = {"http", "https", "mailto"}
URL_ATTRIBUTES = {"href", "src", "action", "formaction", "data", "poster", "background", "xlink:href", "srcdoc"}
FORBIDDEN_ELEMENTS = {"iframe", "frame", "frameset", "object", "embed", "applet", "base"}
_CONTROL = re.compile(r"[\x00-\x20]")
_SCHEME = re.compile(r"^([a-z][a-z0-9+.\-]*):")


def url_scheme(value):
    """The scheme a browser reads in a URL attribute (tabs, newlines and controls removed), or None if relative."""
    match = _SCHEME.match(_CONTROL.sub("", value).lower())
    return match.group(1) if match else None


def _own_script(src, own_scripts):
    return src.startswith(own_scripts) and not src.startswith("//")


def unsafe_markup(html, *, allowed_schemes=SAFE_SCHEMES, own_scripts=("/static/", "/admin/jsi18n/")):
    """Every place in `html` where markup could run script, as readable strings; [] when the page is inert."""
    if isinstance(html, bytes):
        html = html.decode()
    if not html.strip():
        return []
    root = lxml.html.document_fromstring(html)
    problems = []
    for element in root.iter():
        if not isinstance(element.tag, str):  # comments, processing instructions
            continue
        tag = element.tag.lower()
        where = f"<{tag}> {lxml.html.tostring(element, encoding=str)[:120]!r}"
        if tag == "script":
            kind = (element.get("type") or "").lower()
            if kind == "application/ld+json":
                try:
                    json.loads(element.text or "")
                except ValueError as error:
                    problems.append(f"JSON-LD that is not JSON ({error}): {where}")
            elif not _own_script(element.get("src") or "", own_scripts) or (element.text or "").strip():
                problems.append(f"a script: {where}")
        if tag in FORBIDDEN_ELEMENTS:
            problems.append(f"an embedding element: {where}")
        if tag == "meta" and (element.get("http-equiv") or "").lower() == "refresh":
            problems.append(f"a refresh: {where}")
        for name, value in element.attrib.items():
            name = name.lower()
            if name.startswith("on"):
                problems.append(f"an event handler {name}: {where}")
            elif name in URL_ATTRIBUTES or name.endswith(":href"):
                scheme = url_scheme(value)
                if name == "srcdoc" or (scheme is not None and scheme not in allowed_schemes):
                    problems.append(f"a {scheme}: URL in {name}: {where}")
            elif name == "style" and re.search(r"expression|javascript:|url\(", value, re.IGNORECASE):
                problems.append(f"a scripted style: {where}")
    return problems
