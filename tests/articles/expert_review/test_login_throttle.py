"""The experts' sign-in at /review/login/ is throttled like the admin's (django-axes).

Every test signs in through the real form (`client.post("/review/login/", …)`).
"""

import datetime
import io

import pytest
import time_machine
from django.core.management import call_command
from django.utils import timezone

from tests.factories import ExpertWithAccountFactory
from tests.sign_in_pages import ATTACKER, ELSEWHERE, PASSWORD, SignInPage

pytestmark = pytest.mark.django_db

PAGE = SignInPage("/review/login/")
LOGIN = PAGE.path
sign_in, guess_wrong = PAGE.sign_in, PAGE.guess_wrong


def signed_in(response):
    return response.status_code == 302 and response["Location"] == "/review/"


@pytest.fixture
def breuker(db):
    return ExpertWithAccountFactory(name="Remco Breuker", user__username="breuker")


def test_after_five_wrong_passwords_the_right_one_is_refused_with_429(client, breuker):
    assert guess_wrong(client, "breuker") == [200, 200, 200, 200, 429]

    response = sign_in(client, "breuker")

    assert response.status_code == 429
    assert "_auth_user_id" not in client.session
    page = response.content.decode()
    assert "Too many sign-in attempts" in page
    assert "Try again in 15 minutes" in page
    assert "an Admin" in page
    assert "review.css" in page  # in the review pages' look
    assert response["Retry-After"] == "900"


def test_a_lockout_on_the_review_sign_in_also_holds_the_admin_sign_in(client, breuker):
    guess_wrong(client, "breuker")

    response = client.post("/admin/login/", {"username": "breuker", "password": PASSWORD}, REMOTE_ADDR=ELSEWHERE)

    assert response.status_code == 429


def test_another_expert_from_another_address_is_not_locked(client, breuker):
    ExpertWithAccountFactory(name="Casper Wits", user__username="wits")
    guess_wrong(client, "breuker")

    assert sign_in(client, "wits", address=ATTACKER).status_code == 429
    assert signed_in(sign_in(client, "wits", address=ELSEWHERE))


def test_the_lockout_ends_fifteen_minutes_after_the_last_try(client, breuker):
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        guess_wrong(client, "breuker")
    with time_machine.travel(start + datetime.timedelta(minutes=14), tick=False):
        assert sign_in(client, "breuker").status_code == 429
    with time_machine.travel(start + datetime.timedelta(minutes=30), tick=False):
        assert signed_in(sign_in(client, "breuker"))


def test_the_reset_command_unlocks_the_expert(client, breuker):
    guess_wrong(client, "breuker")

    call_command("axes_reset_username", "breuker", stdout=io.StringIO())

    assert signed_in(sign_in(client, "breuker"))
