"""Who an expert is: the address their review links go to, and the account they sign in with to review.

Whoever receives an expert's review link, or signs in with the expert's account, approves
what is attributed to the expert. So only those with `articles.change_expert_identity` (the
Admins: `articles.roles`) change an expert's `email` or `user`, or give a new expert one.
Every save of an expert — the admin's form, a spreadsheet import — goes through
`changing_expert`, which refuses anyone else's change before anything is written. An allowed
change of an existing expert revokes the review links sent to an address that is no longer
theirs, and tells the old and the new address (each its own email, once the change commits).
"""

from contextlib import contextmanager
from functools import partial

from django.core.exceptions import PermissionDenied
from django.db import transaction

from articles.mail import render_email, send_emails
from articles.models import Expert

IDENTITY_FIELDS = ("email", "user")
IDENTITY_PERMISSION = "articles.change_expert_identity"


class IdentityChangeRefused(PermissionDenied):
    """Someone who is not an Admin tried to change an expert's address or account."""


def may_change_identity(user):
    return user is not None and user.has_perm(IDENTITY_PERMISSION)


def _identity(expert):
    return (expert.email or "", expert.user_id)


def check_identity_change(expert, *, by):
    """(the expert as saved, or None for a new one; whether `expert` changes its address or account).

    Raises `IdentityChangeRefused` when it does and `by` may not change them.
    """
    before = Expert.objects.select_related("user").filter(pk=expert.pk).first() if expert.pk else None
    changed = _identity(expert) != (_identity(before) if before else ("", None))
    if changed and not may_change_identity(by):
        raise IdentityChangeRefused(
            f"Only Admins can change an expert's email address or account (those of {expert}): review links go "
            "there. Leave them as they are, or ask an Admin."
        )
    return before, changed


@contextmanager
def changing_expert(expert, *, by):
    """Save `expert` inside the block; refused (`IdentityChangeRefused`, nothing written) when its address or
    account changed and `by` may not change them. On a clean exit of an allowed change, the links sent
    to an old address are revoked (by `by`) and both addresses are told on commit."""
    before, changed = check_identity_change(expert, by=by)
    with transaction.atomic():
        yield
        if before is not None and changed:
            _identity_changed(before, Expert.objects.select_related("user").get(pk=expert.pk), by=by)


def _identity_changed(before, after, *, by):
    links = after.review_links.all()
    if after.contact_email:
        links = links.exclude(sent_to__iexact=after.contact_email)
    links.revoke(by=by)
    addresses = {address.lower(): address for address in (after.contact_email, before.contact_email) if address}
    context = {"before": before, "after": after, "by": by, "old": before.contact_email, "new": after.contact_email}
    messages = [
        render_email("review/email/identity_changed.txt", context, to=[address]) for address in addresses.values()
    ]
    transaction.on_commit(partial(send_emails, messages))
