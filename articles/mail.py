"""The one way to send mail: plain-text templates whose first line is the subject, sent through Django's mailers.

`render_email(template, context, to=[…])` renders a template (under
`templates/…/email/`, wrapped in `{% autoescape off %}`): its first line is the
subject, the rest the body. `site_name` is in every context.

`send_emails(messages)` sends a batch over one connection of a mailer from
`settings.MAILERS` (the console in development, locmem in tests) and answers
how many were sent. Callers that must not email about a change that may still
be rolled back call it from `transaction.on_commit`. A mailer that fails (the SMTP
server down, refusing, timing out) never breaks the save, publish or decision that
sent the mail: the failure is logged and `send_emails` answers 0.
"""

import logging

from django.conf import settings
from django.core.mail import EmailMessage, mailers
from django.template.loader import render_to_string

DEFAULT_MAILER = "default"

logger = logging.getLogger(__name__)


def render_email(template, context, *, to):
    """The email rendered from `template` with `context`, addressed to `to` (a list of addresses)."""
    text = render_to_string(template, {"site_name": settings.SITE_NAME, **context})
    subject, _, body = text.strip().partition("\n")
    return EmailMessage(subject=subject.strip(), body=body.strip() + "\n", to=list(to))


def send_emails(messages, *, using=DEFAULT_MAILER):
    """Send `messages` over one connection of the mailer `using`; how many were sent.

    Messages without a recipient are dropped, and nothing connects when none is left. When
    the mailer fails, the failure is logged (with the subjects and recipients) and 0 is answered.
    """
    messages = [message for message in messages if message.recipients()]
    if not messages:
        return 0
    try:
        return mailers[using].send_messages(messages) or 0
    except Exception:  # noqa: BLE001 — whatever the backend raises, the change that emails stands
        logger.exception(
            "Could not send %d email(s): %s",
            len(messages),
            "; ".join(f"“{message.subject}” to {', '.join(message.recipients())}" for message in messages),
        )
        return 0
