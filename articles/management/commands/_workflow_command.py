"""Shared parts of the workflow commands: finding the update and the acting user.

A slug names an update, never the new version being prepared of it (which shares the
slug): `update_by_slug` looks among `Article.objects.excluding_new_versions()`. What
publishing that slug publishes is `to_publish`: the approved new version of a live
update, merged into it; otherwise the update itself.
"""

from django.core.management.base import BaseCommand, CommandError

from articles.editorial.workflow import WorkflowError
from articles.management.acting_user import acting_user
from articles.models import Article


def update_by_slug(slug):
    article = Article.objects.excluding_new_versions().filter(slug=slug).first()
    if article is None:
        raise CommandError(f"No update has the slug “{slug}”.")
    return article


def to_publish(article):
    """The update that `publish` acts on for `article`: its new version while it is published and has one."""
    if article.status == Article.Status.PUBLISHED:
        return Article.objects.filter(new_version_of=article).first() or article
    return article


class WorkflowCommand(BaseCommand):
    doing = "acts"  # completes “Say who … with --user”

    def add_arguments(self, parser):
        parser.add_argument("slug")
        parser.add_argument(
            "--user", help="Username of the editor doing this, for the audit log (default: the only superuser)."
        )
        parser.add_argument("--comment", default="", help="A note for the audit log.")

    def target(self, article):
        """The update this command moves, for the update the slug names."""
        return article

    def handle(self, *args, slug, user, **options):
        article = self.target(update_by_slug(slug))
        by = acting_user(user, doing=self.doing, stdout=self.stdout)
        try:
            change = self.transition(article, by=by, **options)
        except WorkflowError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(self.style.SUCCESS(self.done_message(change)))
