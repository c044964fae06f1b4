from django.core.management import call_command
from django.core.management.base import BaseCommand

from actors.tagging import retag_articles

BAR_WIDTH = 30


class Command(BaseCommand):
    help = "Tag every update again against the current gazetteer. Rejected and hand-added mentions stay as they are."

    def add_arguments(self, parser):
        parser.add_argument("--batch-size", type=int, default=200, help="Updates per transaction (default 200).")

    def handle(self, *args, batch_size, **options):
        result = retag_articles(batch_size=batch_size, on_batch=self.show_progress)
        self.stderr.write("")
        self.stdout.write(
            self.style.SUCCESS(
                f"Re-tagged: {result.added} mentions added, {result.updated} updated, {result.removed} removed."
            )
        )
        # The actor names and aliases search finds an update by changed with the mentions.
        call_command("rebuild_search_index", stdout=self.stdout)

    def show_progress(self, done, total):
        filled = BAR_WIDTH * done // max(total, 1)
        self.stderr.write(f"\r[{'#' * filled}{'.' * (BAR_WIDTH - filled)}] {done}/{total} updates", ending="")
        self.stderr.flush()
