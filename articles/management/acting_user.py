"""Who a management command acts as: the audit log and ownership always name a person."""

from django.contrib.auth import get_user_model
from django.core.management.base import CommandError


def acting_user(username, *, doing, stdout):
    """The active user called `username`; without one, the only active superuser.

    `doing` completes the sentences, e.g. "imports" or "publishes".
    """
    users = get_user_model().objects.filter(is_active=True)
    if username:
        try:
            return users.get(username=username)
        except users.model.DoesNotExist:
            raise CommandError(f"No active user called “{username}”.") from None
    superusers = list(users.filter(is_superuser=True)[:2])
    if len(superusers) != 1:
        raise CommandError(
            f"Say who {doing} with --user USERNAME "
            f"(without it the only superuser {doing}, but there are {'several' if superusers else 'none'})."
        )
    stdout.write(f"Acting as {superusers[0]} (the only superuser).")
    return superusers[0]
