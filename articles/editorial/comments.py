"""Editorial comments: notes between editors on an update, never shown to readers.

A comment's author is the person signed in who writes it (`by`), never a value a form sends.
"""

from functools import partial

from django.core.exceptions import ValidationError
from django.db import transaction

from articles.editorial.notifications import notify_comment
from articles.models import EditorialComment


def add_comment(article, *, by, body):
    """Store a comment by `by` on `article` and email the authors and owner once it is saved."""
    return post_comment(EditorialComment(article=article, body=body), by=by)


def post_comment(comment, *, by):
    """Store the new `comment` (its article and body, from a form) as written by `by`, and email the
    authors and owner once it is saved. The author is always `by`, the person signed in: whatever
    author the comment held is replaced."""
    comment.body = comment.body.strip()
    if not comment.body:
        raise ValidationError("A comment needs some text.")
    comment.author = by
    with transaction.atomic():
        comment.save()
        transaction.on_commit(partial(notify_comment, comment))
    return comment
