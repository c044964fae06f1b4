from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from articles.importers import ImportRefused, check_size, import_briefing


class Command(BaseCommand):
    help = (
        "Import briefing files (.txt, .md, .docx) as draft updates, one draft per file, and print a report. "
        "Without --user the only superuser imports; with several superusers (or none) --user is required."
    )

    def add_arguments(self, parser):
        parser.add_argument("files", nargs="+", metavar="FILE")
        parser.add_argument("--dry-run", action="store_true", help="Report what would be imported; write nothing.")
        parser.add_argument("--user", metavar="USERNAME", help="The editor who imports and owns the drafts.")

    def handle(self, *args, files, dry_run, user, **options):
        importer = self._importer(user)
        failed = 0
        for name in files:
            path = Path(name)
            try:
                report = import_briefing(path.name, self._read(path), by=importer, dry_run=dry_run)
            except ImportRefused as refusal:
                failed += 1
                self.stderr.write(self.style.ERROR(f"Refused: {refusal}"))
                continue
            self.stdout.write(self.style.SUCCESS(report.outcome))
            self.stdout.write("\n".join(report.lines()[1:]))
        if failed:
            raise CommandError(f"{failed} of {len(files)} file(s) refused; nothing was written for them.")

    def _importer(self, username):
        users = get_user_model().objects.filter(is_active=True)
        if username:
            try:
                return users.get(username=username)
            except users.model.DoesNotExist:
                raise CommandError(f"No active user called “{username}”.") from None
        superusers = list(users.filter(is_superuser=True)[:2])
        if len(superusers) != 1:
            raise CommandError(
                "Say who imports with --user USERNAME "
                f"(without it the only superuser imports, but there are {'several' if superusers else 'none'})."
            )
        self.stdout.write(f"Importing as {superusers[0]} (the only superuser).")
        return superusers[0]

    def _read(self, path):
        """The file's bytes, checking its size before reading it."""
        try:
            check_size(path.name, path.stat().st_size)
            return path.read_bytes()
        except OSError as error:
            raise ImportRefused(f"Cannot read {path}: {error.strerror}.") from error
