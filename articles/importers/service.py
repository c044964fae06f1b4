"""Import one briefing file as a draft update, in one transaction, through the write path.

The draft is written by `articles.editorial.saving.changing_article` (a new version, so an
editor's older form is refused; tagged; a revision kept); its citations and quotes are
saved inside that same change.

Importing the same file again (the same fingerprint of its text) replaces the title, body,
citations and quotes of the draft it made, so it is refused — naming who saved and when —
once anyone has saved that draft after its last import (the editor importing included:
their own edit is lost just as silently), and once the update has left the draft status.
`new_draft=True` makes a new draft beside it instead, which later imports of the file update.

Large files are imported in the background: `queue_briefing_import()` stores the upload
(default storage, under `briefing-imports/`) and enqueues `import_briefing_task`, which
imports it, deletes the stored copy and emails the report — or why it was refused — to
the editor who uploaded it.
"""

import uuid
from pathlib import PurePath

from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.core.files.storage import storages
from django.db import transaction
from django.db.models import Q
from django.tasks import task
from django.utils import timezone
from django.utils.text import get_valid_filename, slugify

from articles.editorial.saving import changing_article
from articles.importers.citations import find_links, replace_citations
from articles.importers.errors import ImportRefused
from articles.importers.parsing import fingerprint, parse_briefing
from articles.importers.people import find_people
from articles.importers.reading import read_briefing
from articles.importers.report import ImportReport
from articles.mail import render_email, send_emails
from articles.models import Article, ArticleRedirect, Expert, Quote, Region, Series

SLUG_MAX = Article._meta.get_field("slug").max_length - 10  # room for a "-2" suffix


def import_briefing(file_name, data, *, by, dry_run=False, new_draft=False):
    """Create a draft owned by `by` from a .txt, .md or .docx briefing, or update the draft it made before.

    The draft is matched by a fingerprint of the file's text; a match that has left the
    draft status, or that was saved since its last import, is refused unless `new_draft`
    asks for a new draft instead. A dry run does everything and then rolls it back, so its
    report is exactly what a real import would do. Raises ImportRefused, writing nothing.
    """
    _check_permission(by)
    text = read_briefing(file_name, data)
    try:
        briefing = parse_briefing(text)
    except ImportRefused as refusal:
        raise ImportRefused(f"{file_name}: {refusal}") from None
    report = ImportReport(file_name=file_name, dry_run=dry_run)
    with transaction.atomic():
        article = _draft_for(fingerprint(text), by=by, report=report, new_draft=new_draft)
        _fill(article, briefing, report)
        if article.pk:
            expected, comment = article.version, f"{IMPORTED_AGAIN_FROM}{file_name}"
        else:
            expected, comment = None, f"{IMPORTED_FROM}{file_name}"
        with changing_article(article, by=by, expected_version=expected, comment=comment):
            replace_citations(article, find_links(briefing.body), report)
            _attach_quotes(article, briefing, report)
        _report_actors(article, report)
        if dry_run:
            transaction.set_rollback(True)
    report.article = article
    return report


STORAGE_FOLDER = "briefing-imports"


def queue_briefing_import(file_name, data, *, by, dry_run=False, new_draft=False):
    """Store the file and import it in the background; the report is emailed to `by`. Returns the TaskResult.

    Raises ImportRefused at once, storing nothing, when `by` may not import.
    """
    _check_permission(by)
    safe_name = get_valid_filename(PurePath(file_name).name) or "briefing"
    stored_name = storages["default"].save(f"{STORAGE_FOLDER}/{uuid.uuid4().hex}-{safe_name}", ContentFile(data))
    return import_briefing_task.enqueue(
        stored_name=stored_name, file_name=file_name, user_id=by.pk, dry_run=dry_run, new_draft=new_draft
    )


@task
def import_briefing_task(*, stored_name, file_name, user_id, dry_run=False, new_draft=False):
    """Import a file stored by `queue_briefing_import`, delete it, and email the editor what happened."""
    storage = storages["default"]
    try:
        user = get_user_model().objects.get(pk=user_id)
        with storage.open(stored_name, "rb") as stored:
            data = stored.read()
        try:
            report = import_briefing(file_name, data, by=user, dry_run=dry_run, new_draft=new_draft)
        except ImportRefused as refusal:
            _email_import_result(user, file_name=file_name, report=None, error=str(refusal))
            return {"file_name": file_name, "article_id": None, "error": str(refusal)}
    finally:
        storage.delete(stored_name)
    _email_import_result(user, file_name=file_name, report=report, error="")
    article_id = None if dry_run else report.article.pk
    return {"file_name": file_name, "article_id": article_id, "error": "", "outcome": report.outcome}


def _email_import_result(user, *, file_name, report, error):
    message = render_email(
        "articles/email/briefing_import.txt",
        {"file_name": file_name, "report": report, "error": error},
        to=[user.email] if user.email else [],
    )
    transaction.on_commit(lambda: send_emails([message]))


def _check_permission(by):
    if not by.has_perm("articles.import_article"):
        raise ImportRefused(f"{by} may not import updates (needs the “Can import updates” permission).")


def _draft_for(digest, *, by, report, new_draft):
    """The draft this file made before, to update; a new draft when there is none or when asked for."""
    existing = Article.objects.select_for_update().filter(import_fingerprint=digest).order_by("-created_at").first()
    if existing is not None and new_draft:
        report.found.append(f"Imported before as “{existing}”: a new draft was made beside it.")
    if existing is None or new_draft:
        return Article(import_fingerprint=digest, owner=by, status=Article.Status.DRAFT)
    if existing.status != Article.Status.DRAFT:
        raise ImportRefused(
            f"{report.file_name} was imported before as “{existing}”, which is now "
            f"{existing.get_status_display().lower()}; it is no longer replaced by an import. "
            "Edit that update instead, or import the file as a new draft."
        )
    saves = _saves_since_import(existing)
    if saves:
        raise ImportRefused(f"{report.file_name}: {_saved_since(existing, saves, by=by)}")
    report.updated = True
    return existing


# The comments of the revisions an import stores: how a draft's history tells the import's own saves.
IMPORTED_FROM = "Imported from "
IMPORTED_AGAIN_FROM = "Imported again from "


def _saves_since_import(article):
    """The revisions stored after the draft's last import, newest first: saves an import would replace."""
    revisions = article.revisions.select_related("created_by")
    last_import = revisions.filter(
        Q(comment__startswith=IMPORTED_FROM) | Q(comment__startswith=IMPORTED_AGAIN_FROM)
    ).first()
    return list(revisions.filter(number__gt=last_import.number) if last_import else revisions)


def _saved_since(article, saves, *, by):
    def name(user):
        return "you" if user == by else str(user or "someone")

    latest = saves[0]
    when = f"{timezone.localtime(latest.created_at):%H:%M on %d %B %Y}"
    people = sorted({name(save.created_by) for save in saves})
    count = f"{len(saves)} saves since the import" if len(saves) > 1 else "1 save since the import"
    if len(people) > 1:
        count += f", by {' and '.join(people)}"
    return (
        f"“{article}” was changed after it was imported: last by {name(latest.created_by)} at {when} ({count}). "
        "Importing the file again would replace those changes, so nothing was written. "
        "Edit that draft, or import the file as a new draft."
    )


def _fill(article, briefing, report):
    article.title = briefing.title
    article.research_question = briefing.research_question or article.research_question
    article.body = briefing.body
    if not article.slug:
        article.slug = _unique_slug(briefing.title)
    series, region = _taxonomy(briefing.kicker, report)
    article.series = series or article.series
    article.region = region or article.region

    found = report.found
    found.append(f"Title: “{briefing.title}”")
    if briefing.kicker:
        found.append(f"Kicker: “{briefing.kicker}” (series: {series or 'none'}; region: {region or 'none'})")
    else:
        report.attention.append("No kicker (“Series Region |”) before the first paragraph: set series and region.")
    if briefing.headings:
        found.append(f"{len(briefing.headings)} section headings: " + "; ".join(briefing.headings))
    if briefing.research_question:
        found.append(f"Research question: “{briefing.research_question}”")
    else:
        report.attention.append("No research question (“This raises the question: …”) found: add one.")
    found.append(f"{len(briefing.paragraphs)} paragraphs")
    if briefing.running_headers_removed:
        found.append(f"{briefing.running_headers_removed} running header(s) repeating the title, removed")
    if briefing.page_numbers_removed:
        found.append(f"{briefing.page_numbers_removed} page number(s), removed")
    for line, count in briefing.repeated_lines_removed.items():
        found.append(f"“{line}” repeated at {count} page breaks, removed")
    if briefing.lines_joined:
        found.append(f"{briefing.lines_joined} line break(s) inside paragraphs joined")
    if not article.standfirst:
        report.attention.append("The standfirst is blank: write one before publishing.")


def _unique_slug(title):
    base = slugify(title)[:SLUG_MAX].strip("-") or "imported-update"
    slug, number = base, 1
    while Article.objects.filter(slug=slug).exists() or ArticleRedirect.objects.filter(old_slug=slug).exists():
        number += 1
        slug = f"{base}-{number}"
    return slug


def _taxonomy(kicker, report):
    """The series and region the kicker names, matched case-insensitively; never created."""
    if not kicker:
        return None, None
    rest = kicker.casefold()
    chosen = []
    for model in (Series, Region):
        names = sorted(model.objects.values_list("name", flat=True), key=len, reverse=True)
        name = next((name for name in names if name.casefold() in rest), None)
        chosen.append(model.objects.get(name=name) if name else None)
        if name:
            rest = rest.replace(name.casefold(), " ", 1)
    leftover = " ".join(rest.replace("·", " ").replace("/", " ").replace("-", " ").split())
    series, region = chosen
    if leftover or not (series and region):
        missing = " and ".join(label for label, value in (("series", series), ("region", region)) if value is None)
        report.attention.append(
            f"Kicker “{kicker}”: “{leftover or kicker}” is no known {missing or 'series or region'}; "
            "nothing was created — pick or add it in the admin."
        )
    return series, region


def _attach_quotes(article, briefing, report):
    """Pending quotes and paraphrases for each expert found; items already there keep their review state."""
    people = find_people(briefing.paragraphs, Expert.objects.all())
    if people.unknown:
        report.attention.append("People not known as experts (not created): " + ", ".join(people.unknown))
    existing = {(quote.expert_id, quote.kind, quote.text): quote for quote in article.quotes.filter(actor=None)}
    items = list({(item.expert.pk, item.kind, item.text): item for item in people.attributions}.items())
    new, unapproved = [], []
    for position, (key, item) in enumerate(items):
        quote = existing.pop(key, None)
        if quote is None:
            quote = Quote(article=article, expert=item.expert, kind=item.kind, text=item.text, position=position)
            new.append(quote)
        elif quote.position != position:
            Quote.objects.filter(pk=quote.pk).update(position=position)
        if quote.status != Quote.Status.APPROVED:
            unapproved.append(item.expert)
    Quote.objects.filter(pk__in=[quote.pk for quote in existing.values()]).delete()
    Quote.objects.bulk_create(new)

    for expert, ways in people.recognised.items():
        kinds = [item.kind for _key, item in items if item.expert == expert]
        quotes = kinds.count(Quote.Kind.QUOTE)
        report.found.append(
            f"Expert {expert} (named by {', '.join(sorted(ways))}): "
            f"{quotes} quote(s), {len(kinds) - quotes} paraphrase(s)"
        )
        if expert in unapproved:
            report.attention.append(f"{expert} must approve {unapproved.count(expert)} item(s) before publication.")
    if new:
        report.created.append(f"{len(new)} pending quote(s) and paraphrase(s)")
    if len(new) < len(items):
        report.found.append(
            f"{len(items) - len(new)} quote(s) and paraphrase(s) already on the draft, kept with their review state"
        )


def _report_actors(article, report):
    mentions = article.mentions.counted().select_related("actor")
    names = sorted(mention.actor.name for mention in mentions)
    if names:
        report.found.append(f"{len(names)} actors tagged: " + ", ".join(names))
    else:
        report.attention.append("No actors were tagged: tag them in the admin.")
