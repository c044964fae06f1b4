from django.core.management.base import BaseCommand, CommandError

from actors.gazetteer import GazetteerError, load_gazetteer


class Command(BaseCommand):
    help = (
        "Load the starter gazetteer (UN member and observer states, the sample's people and organisations). "
        "Adds what is missing and never overwrites; safe to run again."
    )

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="*", help="CSV files to load instead of the shipped gazetteer.")

    def handle(self, *args, paths, **options):
        try:
            result = load_gazetteer(paths or None)
        except GazetteerError as error:
            raise CommandError("Nothing was loaded:\n" + "\n".join(error.problems)) from error
        self.stdout.write(
            self.style.SUCCESS(
                f"Gazetteer loaded: {result.actors_created} actors created, {result.actors_filled_in} completed, "
                f"{result.aliases_added} aliases added."
            )
        )
        if result.changed:
            self.stdout.write("Run `manage.py retag` to tag existing updates with the new names.")
