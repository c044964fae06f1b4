"""Signed links: a token carrying a small payload for one purpose, until it expires.

`make_token(purpose, payload, max_age=…)` signs the payload with the purpose as
the salt (`django.core.signing`), so a token made for one purpose never reads
as a token for another, and records the purpose and the maximum age inside the
signed value, so each link lives as long as whoever made it chose. The token
is URL-safe and compressed.

`read_token(token, purpose)` answers the payload, or raises `LinkExpired` or
`LinkInvalid` (both `LinkRefused`), whose messages can be shown to whoever
followed the link as they are, or refined by the caller
(`except LinkExpired: raise MyRefusal("This preview link has expired …")`).

The purposes in use: "articles.preview" (previews of a revision) and
"articles.review.link" (the id of a stored, revocable `ReviewLink`).
"""

import datetime

from django.core import signing


class LinkRefused(Exception):
    """A signed link that cannot be used; the message says why, for whoever followed it."""

    default_message = "This link cannot be used."

    def __init__(self, message=None):
        super().__init__(message or self.default_message)


class LinkExpired(LinkRefused):
    """The link was signed for this purpose, but its maximum age has passed."""

    default_message = "This link has expired. Ask for a new one."


class LinkInvalid(LinkRefused):
    """The link was altered, cut short, or made for another purpose."""

    default_message = "This link is not valid. Check that you copied all of it."


def _seconds(max_age):
    seconds = int(max_age.total_seconds() if isinstance(max_age, datetime.timedelta) else max_age)
    if seconds <= 0:
        raise ValueError(f"A signed link needs a positive maximum age, not {max_age!r}.")
    return seconds


def make_token(purpose, payload, *, max_age):
    """A token carrying `payload` (anything JSON can hold) for `purpose`, valid for `max_age` (timedelta or seconds)."""
    envelope = {"purpose": purpose, "max_age": _seconds(max_age), "payload": payload}
    return signing.dumps(envelope, salt=purpose, compress=True)


def read_token(token, purpose):
    """The payload of a token made for `purpose`; `LinkExpired` or `LinkInvalid` otherwise."""
    try:
        # The signature first: only a signed envelope's max age can be trusted.
        envelope = signing.loads(token, salt=purpose)
        if not isinstance(envelope, dict) or envelope.get("purpose") != purpose or "payload" not in envelope:
            raise LinkInvalid()
        signing.loads(token, salt=purpose, max_age=envelope["max_age"])
    except signing.SignatureExpired:
        raise LinkExpired() from None
    except (signing.BadSignature, KeyError, TypeError, ValueError):
        raise LinkInvalid() from None
    return envelope["payload"]
