from django.core.management.base import BaseCommand, CommandError

from articles.editorial.link_check import check_sources, sources_cited_by
from articles.models import Article, Source


class Command(BaseCommand):
    help = "Check every source URL (or those cited by one update) and store alive/dead on each source."

    def add_arguments(self, parser):
        parser.add_argument("--article", metavar="SLUG", help="Only the sources this update cites.")
        parser.add_argument("--timeout", type=float, help="Seconds to wait per request (default: settings).")

    def handle(self, *args, article=None, timeout=None, **options):
        sources = Source.objects.exclude(url="")
        if article:
            found = Article.objects.filter(slug=article)
            if not found.exists():
                raise CommandError(f"No update has the slug “{article}”.")
            sources = sources_cited_by(found)
        results = check_sources(sources.order_by("pk"), timeout=timeout)
        for _source, result in results:
            verdict = "alive" if result.alive else "DEAD "
            detail = result.status_code or result.error
            moved = f" → {result.final_url}" if result.final_url and result.final_url != result.url else ""
            self.stdout.write(f"{verdict} {detail} {result.url}{moved} ({result.duration_ms} ms)")
        dead = sum(not result.alive for _source, result in results)
        self.stdout.write(f"Checked {len(results)} source{'s' if len(results) != 1 else ''}; {dead} dead.")
