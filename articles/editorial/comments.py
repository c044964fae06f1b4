"""Editorial comments: notes between editors on an update, never shown to readers."""

from functools import partial

from django.core.exceptions import ValidationError
from django.db import transaction

from articles.editorial.notifications import notify_comment
from articles.models import EditorialComment


def add_comment(article, *, by, body):
    """Store a comment by `by` and email the authors and owner once it is saved."""
    body = body.strip()
    if not body:
        raise ValidationError("A comment needs some text.")
    with transaction.atomic():
        comment = EditorialComment.objects.create(article=article, author=by, body=body)
        transaction.on_commit(partial(notify_comment, comment))
    return comment
