"""The starter gazetteer: every UN member and observer state, and the people, organisations and places of the sample.

The data sits in the CSV files next to this module (states.csv, others.csv), in the columns of
the admin's actor import: slug, name, kind, description, country (a slug), wikidata_id, and
aliases as "kind:text; kind:text". A state's aliases give its official name, capital (for the
government: "Pyongyang"), demonym ("North Korean") and any abbreviation or prefix ("DPRK", "Sino-").
Places whose names hold a state's name ("South China Sea") are entries of their own, so the
tagger's longest match takes them instead of the state.

Every state has its common demonyms, each one a word that names that state alone in an update:
"Lao" and "Laotian", "Dane" beside "Danish", "Northern Irish" for the United Kingdom (else its
"Irish" would name Ireland). Words that name more than one thing are left out on purpose:
"Korean" (the people, language and peninsula of both Koreas: neither may take it), "Macedonian"
(the Greek region as much as North Macedonia), "Persian" (the Persian Gulf is no mention of Iran),
"Pole" (the North Pole), "Papuan" (Indonesia's Papua too), "English", "Scottish" and "Welsh" (a
language; nations inside the United Kingdom), and "Finn" (a given name). "Congolese" and
"Dominican" are given to both states that use them, so that they name neither
(`actors.tagging.matching`).

`load_gazetteer()` fills in and never overwrites: it creates the actors that are missing, sets
an existing actor's description, Wikidata id or country only where they are blank, and adds the
aliases it lacks. Editors' changes survive, and a second run changes nothing. The whole file set
is checked first; any bad row stops the load with every problem listed and nothing written.
When it changed something it says so explicitly (no signals): `gazetteer_changed()` for the
tagger's matcher and `public_content_changed()` for the page cache.

May import `actors.models`, `actors.tagging` and the actor import (`actors.spreadsheets`), through
which it loads; never the public site or an admin.
"""

import csv
from dataclasses import dataclass
from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models.functions import Lower

from actors.models import Actor, Alias
from actors.spreadsheets import AliasListWidget
from actors.tagging import gazetteer_changed
from articles.content_generation import public_content_changed

FILES = sorted(Path(__file__).parent.glob("*.csv"))
COLUMNS = ["slug", "name", "kind", "description", "country", "wikidata_id", "aliases"]
FILLED_FIELDS = ["description", "wikidata_id", "country"]


class GazetteerError(Exception):
    def __init__(self, problems):
        self.problems = problems
        super().__init__("\n".join(problems))


@dataclass(frozen=True)
class Entry:
    actor: Actor  # unsaved, with the row's fields
    country: str
    aliases: list  # [(kind, text)]


@dataclass(frozen=True)
class GazetteerResult:
    actors_created: int
    actors_filled_in: int
    aliases_added: int

    @property
    def changed(self):
        return any((self.actors_created, self.actors_filled_in, self.aliases_added))


def read_gazetteer(paths=None):
    """The entries of the files, checked; raises GazetteerError listing every bad row."""
    entries, problems = {}, []
    for path in paths or FILES:
        with open(path, newline="", encoding="utf-8") as file:
            reader = csv.DictReader(file)
            missing = [column for column in COLUMNS if column not in (reader.fieldnames or [])]
            if missing:
                problems.append(f"{Path(path).name}: missing columns {', '.join(missing)}.")
                continue
            for row in reader:
                where = f"{Path(path).name} line {reader.line_num}"
                entry, row_problems = _entry(row)
                if entry.actor.slug in entries:
                    row_problems.append(f"the slug {entry.actor.slug} is listed twice.")
                problems.extend(f"{where}: {problem}" for problem in row_problems)
                if not row_problems:
                    entries[entry.actor.slug] = entry
    known = set(entries) | set(
        Actor.objects.filter(slug__in={e.country for e in entries.values()}).values_list("slug", flat=True)
    )
    problems.extend(
        f"{slug}: the country {entry.country} is neither in the gazetteer nor in the database."
        for slug, entry in entries.items()
        if entry.country and entry.country not in known
    )
    if problems:
        raise GazetteerError(problems)
    return list(entries.values())


def _entry(row):
    values = {column: (row.get(column) or "").strip() for column in COLUMNS}
    actor = Actor(**{column: values[column] for column in ("slug", "name", "kind", "description", "wikidata_id")})
    problems = []
    try:
        actor.full_clean(exclude=["country"], validate_unique=False, validate_constraints=False)
    except ValidationError as error:
        problems.extend(f"{field}: {' '.join(messages)}" for field, messages in error.message_dict.items())
    try:
        aliases = AliasListWidget().clean(values["aliases"])
    except ValueError as error:
        problems.append(f"aliases: {error}")
        aliases = []
    return Entry(actor, values["country"], aliases), problems


@transaction.atomic
def load_gazetteer(paths=None):
    """Create and complete the gazetteer's actors and aliases; see the module's docstring."""
    entries = read_gazetteer(paths)
    slugs = [entry.actor.slug for entry in entries]
    existing = set(Actor.objects.filter(slug__in=slugs).values_list("slug", flat=True))
    Actor.objects.bulk_create([entry.actor for entry in entries if entry.actor.slug not in existing])
    actors = Actor.objects.in_bulk(slugs + [entry.country for entry in entries if entry.country], field_name="slug")

    filled = []
    for entry in entries:
        actor = actors[entry.actor.slug]
        wanted = {
            "description": entry.actor.description,
            "wikidata_id": entry.actor.wikidata_id,
            "country": actors[entry.country] if entry.country else None,
        }
        blanks = [field for field in FILLED_FIELDS if wanted[field] and not getattr(actor, field)]
        for field in blanks:
            setattr(actor, field, wanted[field])
        if blanks:
            filled.append(actor)
    Actor.objects.bulk_update(filled, FILLED_FIELDS)

    have = set(
        Alias.objects.filter(actor__slug__in=slugs).annotate(lower=Lower("text")).values_list("actor_id", "lower")
    )
    new_aliases = [
        Alias(actor=actors[entry.actor.slug], kind=kind, text=text)
        for entry in entries
        for kind, text in entry.aliases
        if (actors[entry.actor.slug].pk, text.lower()) not in have
    ]
    Alias.objects.bulk_create(new_aliases)

    result = GazetteerResult(
        actors_created=len(slugs) - len(existing),
        actors_filled_in=sum(1 for actor in filled if actor.slug in existing),
        aliases_added=len(new_aliases),
    )
    if result.changed:
        gazetteer_changed()
        public_content_changed()
    return result
