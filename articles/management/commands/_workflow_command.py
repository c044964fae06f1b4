"""Shared parts of the publish and unpublish commands: finding the update and the acting user."""

from django.core.management.base import BaseCommand, CommandError

from articles.editorial.workflow import WorkflowError
from articles.management.acting_user import acting_user
from articles.models import Article


class WorkflowCommand(BaseCommand):
    doing = "acts"  # completes “Say who … with --user”

    def add_arguments(self, parser):
        parser.add_argument("slug")
        parser.add_argument(
            "--user", help="Username of the editor doing this, for the audit log (default: the only superuser)."
        )
        parser.add_argument("--comment", default="", help="A note for the audit log.")

    def handle(self, *args, slug, user, **options):
        article = Article.objects.filter(slug=slug).first()
        if article is None:
            raise CommandError(f"No update has the slug “{slug}”.")
        by = acting_user(user, doing=self.doing, stdout=self.stdout)
        try:
            change = self.transition(article, by=by, **options)
        except WorkflowError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(self.style.SUCCESS(self.done_message(article, change)))
