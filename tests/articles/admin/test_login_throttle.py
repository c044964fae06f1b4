"""The admin's sign-in is throttled (django-axes): five wrong passwords lock the account and the address.

Every test signs in through the real form (`client.post("/admin/login/", …)`), the way an attacker would.
"""

import datetime
import io

import pytest
import time_machine
from axes.models import AccessAttempt
from django.core.management import call_command
from django.utils import timezone

from tests.factories import AdminsGroupUserFactory, EditorFactory
from tests.sign_in_pages import ATTACKER, ELSEWHERE, SignInPage

pytestmark = pytest.mark.django_db

PAGE = SignInPage("/admin/login/", next="/admin/")
LOGIN = PAGE.path
sign_in, guess_wrong = PAGE.sign_in, PAGE.guess_wrong


def signed_in(response):
    return response.status_code == 302 and response["Location"] == "/admin/"


@pytest.fixture
def eva(db):
    return EditorFactory(username="eva")


def test_after_five_wrong_passwords_the_right_one_is_refused_with_429(client, eva):
    assert guess_wrong(client, "eva") == [200, 200, 200, 200, 429]

    response = sign_in(client, "eva")

    assert response.status_code == 429
    assert not signed_in(response)
    assert "_auth_user_id" not in client.session
    page = response.content.decode()
    assert "Too many sign-in attempts" in page
    assert "Try again in 15 minutes" in page
    assert "an Admin" in page
    assert 'id="site-name"' in page  # in the admin's look
    assert response["Retry-After"] == "900"


def test_the_lockout_holds_the_account_from_another_address_and_the_address_for_another_account(client, eva):
    EditorFactory(username="olga")
    guess_wrong(client, "eva")

    assert sign_in(client, "eva", address=ELSEWHERE).status_code == 429
    assert sign_in(client, "olga", address=ATTACKER).status_code == 429


def test_another_account_from_another_address_is_not_locked(client, eva):
    EditorFactory(username="olga")
    guess_wrong(client, "eva")

    assert signed_in(sign_in(client, "olga", address=ELSEWHERE))


def test_the_lockout_ends_fifteen_minutes_after_the_last_try(client, eva):
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        guess_wrong(client, "eva")
    with time_machine.travel(start + datetime.timedelta(minutes=14), tick=False):
        assert sign_in(client, "eva").status_code == 429  # and this try restarts the fifteen minutes
    with time_machine.travel(start + datetime.timedelta(minutes=20), tick=False):
        assert sign_in(client, "eva").status_code == 429
    with time_machine.travel(start + datetime.timedelta(minutes=36), tick=False):
        assert signed_in(sign_in(client, "eva"))


def test_an_admin_unlocks_the_account_by_deleting_its_access_attempt(client, eva):
    guess_wrong(client, "eva")
    attempt = AccessAttempt.objects.get(username="eva")
    admin = AdminsGroupUserFactory()  # a member of the Admins group, not a superuser
    client.force_login(admin)

    assert client.get("/admin/axes/accessattempt/").status_code == 200
    response = client.post(f"/admin/axes/accessattempt/{attempt.pk}/delete/", {"post": "yes"})
    assert response.status_code == 302
    client.logout()

    assert signed_in(sign_in(client, "eva"))


def test_the_reset_command_unlocks_the_account(client, eva):
    guess_wrong(client, "eva")

    call_command("axes_reset_username", "eva", stdout=io.StringIO())

    assert signed_in(sign_in(client, "eva"))


def test_the_stored_attempt_keeps_no_password(client, eva):
    guess_wrong(client, "eva", times=1)

    assert "guess" not in AccessAttempt.objects.get(username="eva").post_data
