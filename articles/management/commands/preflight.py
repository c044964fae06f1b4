from django.core.management.base import BaseCommand, CommandError

from articles.editorial.preflight import run_preflight
from articles.management.commands._workflow_command import to_publish, update_by_slug


class Command(BaseCommand):
    help = (
        "List the problems that block publishing an update (its new version, when a published update has one); "
        "exits 1 when any blocks."
    )

    def add_arguments(self, parser):
        parser.add_argument("slug")

    def handle(self, *args, slug, **options):
        article = to_publish(update_by_slug(slug))
        if article.is_new_version:
            self.stdout.write(f"Checking the new version of “{article}”.")
        problems = run_preflight(article)
        for problem in problems:
            kind = "BLOCKS" if problem.blocking else "warning"
            self.stdout.write(f"{kind} {problem.code}: {problem.message}")
        blocking = sum(problem.blocking for problem in problems)
        if blocking:
            raise CommandError(f"{blocking} problem{'s' if blocking != 1 else ''} block publishing “{article}”.")
        self.stdout.write(self.style.SUCCESS(f"“{article}” passes preflight."))
