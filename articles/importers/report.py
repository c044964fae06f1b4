from dataclasses import dataclass, field


@dataclass
class ImportReport:
    """What one import found in the file, what it created, and what an editor must still do."""

    file_name: str
    dry_run: bool = False
    article: object = None
    updated: bool = False
    found: list = field(default_factory=list)
    created: list = field(default_factory=list)
    attention: list = field(default_factory=list)

    @property
    def outcome(self):
        verb = "updates" if self.updated else "creates"
        if self.dry_run:
            return f"Dry run: importing {self.file_name} {verb} a draft; nothing was written."
        return f"{self.file_name}: draft “{self.article}” {'updated' if self.updated else 'created'}."

    @property
    def created_heading(self):
        return "Would create" if self.dry_run else "Created"

    def lines(self):
        """The report as plain text lines, for the command line."""
        lines = [self.outcome]
        for heading, items in (
            ("Found", self.found),
            (self.created_heading, self.created),
            ("Needs attention", self.attention),
        ):
            if items:
                lines.append(f"  {heading}:")
                lines += [f"    - {item}" for item in items]
        return lines
