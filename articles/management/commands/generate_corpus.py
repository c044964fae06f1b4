import sys
import time

from django.core.management.base import BaseCommand, CommandError

from articles.corpus.generating import MAX_ARTICLES, generate_corpus


class Command(BaseCommand):
    help = (
        "Fill the database with a seeded archive of published updates, in bulk (a benchmark and development "
        "fixture: it bypasses the editorial write path). Slugs are corpus-<seed>-<n>; a re-run continues the numbering."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--articles", type=int, required=True, help=f"How many updates to add (1 to {MAX_ARTICLES:,})."
        )
        parser.add_argument("--seed", type=int, default=0, help="The same seed gives the same updates (default 0).")

    def handle(self, *args, articles, seed, **options):
        if not 1 <= articles <= MAX_ARTICLES:
            raise CommandError(f"--articles must be between 1 and {MAX_ARTICLES:,}; got {articles:,}.")
        started = time.monotonic()
        interactive = self.stderr.isatty() if hasattr(self.stderr, "isatty") else sys.stderr.isatty()

        def progress(done, total):
            width = 30
            filled = width * done // total
            line = f"[{'#' * filled}{'.' * (width - filled)}] {done:,}/{total:,} updates, {time.monotonic() - started:.1f} s"
            self.stderr.write(("\r" if interactive else "") + line, ending="" if interactive and done < total else "\n")

        ids = generate_corpus(articles, seed=seed, progress=progress)
        self.stdout.write(
            self.style.SUCCESS(
                f"Generated {len(ids):,} published updates (seed {seed}) in {time.monotonic() - started:.1f} s."
            )
        )
