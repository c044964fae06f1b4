from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from articles.importers import ImportRefused, check_size, import_briefing
from articles.management.acting_user import acting_user


class Command(BaseCommand):
    help = (
        "Import briefing files (.txt, .md, .docx) as draft updates, one draft per file, and print a report. "
        "Without --user the only superuser imports; with several superusers (or none) --user is required."
    )

    def add_arguments(self, parser):
        parser.add_argument("files", nargs="+", metavar="FILE")
        parser.add_argument("--dry-run", action="store_true", help="Report what would be imported; write nothing.")
        parser.add_argument("--user", metavar="USERNAME", help="The editor who imports and owns the drafts.")
        parser.add_argument(
            "--new-draft",
            action="store_true",
            help="A file imported before becomes a new draft, instead of replacing its draft (which is refused "
            "once someone saved that draft, or once it left the draft status).",
        )

    def handle(self, *args, files, dry_run, user, new_draft, **options):
        importer = acting_user(user, doing="imports", stdout=self.stdout)
        failed = 0
        for name in files:
            path = Path(name)
            try:
                report = import_briefing(path.name, self._read(path), by=importer, dry_run=dry_run, new_draft=new_draft)
            except ImportRefused as refusal:
                failed += 1
                self.stderr.write(self.style.ERROR(f"Refused: {refusal}"))
                continue
            self.stdout.write(self.style.SUCCESS(report.outcome))
            self.stdout.write("\n".join(report.lines()[1:]))
        if failed:
            raise CommandError(f"{failed} of {len(files)} file(s) refused; nothing was written for them.")

    def _read(self, path):
        """The file's bytes, checking its size before reading it."""
        try:
            check_size(path.name, path.stat().st_size)
            return path.read_bytes()
        except OSError as error:
            raise ImportRefused(f"Cannot read {path}: {error.strerror}.") from error
