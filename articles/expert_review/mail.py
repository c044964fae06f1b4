"""The emails of the expert review.

Each email is a plain-text template under `templates/review/email/`: its
first line is the subject, the rest the body.
"""

from django.conf import settings
from django.core.mail import EmailMessage, mailers
from django.template.loader import render_to_string


def email_expert(expert, name, context):
    """The email `name` to `expert`, rendered with `context`."""
    text = render_to_string(f"review/email/{name}.txt", {"expert": expert, "site_name": settings.SITE_NAME, **context})
    subject, _, body = text.strip().partition("\n")
    return EmailMessage(subject=subject.strip(), body=body.strip() + "\n", to=[expert.contact_email])


def send_emails(messages):
    """Send `messages` over one connection of the default mailer."""
    if messages:
        mailers.default.send_messages(messages)
