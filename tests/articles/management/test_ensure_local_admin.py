from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

pytestmark = pytest.mark.django_db


def test_ensure_local_admin_creates_one_admin_and_prints_its_password_once():
    out = StringIO()
    call_command("ensure_local_admin", stdout=out)
    password = out.getvalue().split("password: ")[1].split()[0]
    admin = get_user_model().objects.get(username="admin")
    assert admin.is_superuser and admin.check_password(password)
    assert admin.groups.filter(name="Admins").exists()

    again = StringIO()
    call_command("ensure_local_admin", stdout=again)
    assert "password" not in again.getvalue()
    assert get_user_model().objects.count() == 1
