"""`python manage.py rebuild_search_index`: compute the stored search text of every update (PostgreSQL)."""

from django.core.management.base import BaseCommand
from django.db import connection, transaction

from articles.models import Article
from articles.public.search_index import refresh_search_vectors


class Command(BaseCommand):
    help = "Compute every update's stored search text again (after a gazetteer change, an upgrade or a bulk load)."

    def add_arguments(self, parser):
        parser.add_argument("--batch-size", type=int, default=2000, help="updates per statement (default 2000)")

    def handle(self, *args, batch_size, **options):
        if connection.vendor != "postgresql":
            self.stdout.write("Nothing to do: search on this database reads the updates' text itself.")
            return
        ids = list(Article.objects.order_by("pk").values_list("pk", flat=True))
        for start in range(0, len(ids), batch_size):
            with transaction.atomic():
                refresh_search_vectors(ids[start : start + batch_size])
            self.stdout.write(f"\r{min(start + batch_size, len(ids))} / {len(ids)} updates", ending="")
        self.stdout.write(f"\nSearch text computed for {len(ids)} updates.")
