from django.core.management.base import BaseCommand

from articles.demo.loading import load_demo


class Command(BaseCommand):
    help = "Load the sample update with its experts, actors, relations and sources. Safe to run again."

    def handle(self, *args, **options):
        article = load_demo()
        self.stdout.write(self.style.SUCCESS(f"Demo loaded: {article.title} ({article.get_absolute_url()})"))
