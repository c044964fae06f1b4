"""Changing a live update the only way there is: a new version, approved by another editor, published into it."""

from articles.editorial import workflow
from articles.editorial.new_versions import start_new_version
from articles.editorial.saving import changing_article
from tests.factories import EditorFactory


def publish_a_change(live, *, by, approver=None, change=None, **fields):
    """Start a new version of `live`, set `fields` and call `change(new_version)` in one save, have it
    approved (by `approver`, or a new editor) and published; returns the live update, reloaded."""
    new = start_new_version(live, by=by)
    for name, value in fields.items():
        setattr(new, name, value)
    with changing_article(new, by=by, expected_version=new.version, comment="Changed in the new version"):
        if change:
            change(new)
    workflow.submit_for_review(new, by=by)
    workflow.approve_article(new, by=approver or EditorFactory())
    workflow.publish_article(new, by=by)
    live.refresh_from_db()
    return live
