"""Emails to an update's authors and owner when its status changes or someone comments on it.

Called by the workflow and comment services once their transaction has committed,
so nobody hears about a change that was rolled back. The person who acted is
not emailed about their own action. Mail goes through `articles.mail`: the templates
under `templates/articles/email/` hold the subject on their first line.
"""

from django.urls import reverse

from articles.mail import render_email, send_emails
from articles.models import Article


def recipients(article, *, exclude=None):
    """The authors' contact addresses and the owner's, without duplicates or the person in `exclude`."""
    addresses = [expert.contact_email for expert in article.authors.select_related("user")]
    if article.owner_id:
        addresses.append(article.owner.email)
    excluded = {exclude.email.lower()} if exclude is not None and exclude.email else set()
    seen, result = set(), []
    for address in addresses:
        if address and address.lower() not in seen | excluded:
            seen.add(address.lower())
            result.append(address)
    return result


def _send(article, *, template, context, exclude):
    to = recipients(article, exclude=exclude)
    if not to:
        return 0
    context = {"article": article, "admin_path": reverse("admin:articles_article_change", args=[article.pk]), **context}
    return send_emails([render_email(template, context, to=to)])


def notify_status_change(change):
    article = change.article
    from_label, to_label = (Article.Status(status).label.lower() for status in (change.from_status, change.to_status))
    return _send(
        article,
        template="articles/email/status_change.txt",
        context={"change": change, "from_label": from_label, "to_label": to_label},
        exclude=change.by,
    )


def notify_comment(comment):
    return _send(
        comment.article,
        template="articles/email/comment.txt",
        context={"comment": comment},
        exclude=comment.author,
    )
