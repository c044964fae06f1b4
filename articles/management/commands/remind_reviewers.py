from django.core.management.base import BaseCommand, CommandError

from articles.expert_review.services import remind_reviewers


class Command(BaseCommand):
    help = "Email every expert whose items have waited for their review longer than --older-than days."

    def add_arguments(self, parser):
        parser.add_argument(
            "--older-than",
            type=int,
            default=3,
            metavar="DAYS",
            help="Remind about items waiting longer than this many days (default 3).",
        )

    def handle(self, *args, older_than, **options):
        if older_than < 0:
            raise CommandError("--older-than cannot be negative.")
        sent = remind_reviewers(older_than_days=older_than)
        self.stdout.write(f"Reminded {sent} expert{'s' if sent != 1 else ''}.")
