"""The one signed-link helper: a payload for one purpose, until its own maximum age passes."""

import datetime

import pytest
import time_machine
from django.core import signing
from django.utils import timezone

from articles.signed_links import LinkExpired, LinkInvalid, LinkRefused, make_token, read_token

PAYLOAD = {"article": 7, "revision": 3}


def test_a_token_reads_back_as_its_payload_for_its_purpose():
    token = make_token("tests.purpose", PAYLOAD, max_age=datetime.timedelta(hours=1))
    assert read_token(token, "tests.purpose") == PAYLOAD
    assert "/" not in token and "+" not in token  # URL-safe


def test_a_token_for_another_purpose_is_invalid():
    token = make_token("tests.purpose", PAYLOAD, max_age=60)
    with pytest.raises(LinkInvalid, match="not valid"):
        read_token(token, "tests.other-purpose")
    envelope = {"purpose": "tests.other-purpose", "max_age": 60, "payload": PAYLOAD}
    with pytest.raises(LinkInvalid):  # the right salt, but the envelope says otherwise
        read_token(signing.dumps(envelope, salt="tests.purpose"), "tests.purpose")
    with pytest.raises(LinkInvalid):  # signed, but not an envelope at all
        read_token(signing.dumps(PAYLOAD, salt="tests.purpose"), "tests.purpose")


@pytest.mark.parametrize(
    "tamper",
    [
        lambda token: token[:-1] + ("A" if token[-1] != "A" else "B"),
        lambda token: token[1:],
        lambda token: "",
        lambda token: "not-a-token",
    ],
    ids=["signature", "cut short", "empty", "garbage"],
)
def test_an_altered_token_is_invalid(tamper):
    token = make_token("tests.purpose", PAYLOAD, max_age=60)
    with pytest.raises(LinkInvalid, match="Check that you copied all of it"):
        read_token(tamper(token), "tests.purpose")


def test_each_token_expires_after_its_own_maximum_age():
    made = timezone.now()
    with time_machine.travel(made, tick=False):
        short = make_token("tests.purpose", PAYLOAD, max_age=datetime.timedelta(hours=1))
        long = make_token("tests.purpose", PAYLOAD, max_age=7200)
    with time_machine.travel(made + datetime.timedelta(minutes=59), tick=False):
        assert read_token(short, "tests.purpose") == PAYLOAD
    with time_machine.travel(made + datetime.timedelta(minutes=61), tick=False):
        with pytest.raises(LinkExpired, match="expired") as refusal:
            read_token(short, "tests.purpose")
        assert read_token(long, "tests.purpose") == PAYLOAD
    assert isinstance(refusal.value, LinkRefused) and not isinstance(refusal.value, LinkInvalid)


def test_a_link_needs_a_positive_maximum_age():
    for max_age in (0, -5, datetime.timedelta(0)):
        with pytest.raises(ValueError, match="positive maximum age"):
            make_token("tests.purpose", PAYLOAD, max_age=max_age)


def test_callers_may_refine_the_message():
    assert str(LinkExpired()) == "This link has expired. Ask for a new one."
    assert str(LinkExpired("This preview link has expired.")) == "This preview link has expired."
