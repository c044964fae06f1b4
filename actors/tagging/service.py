"""Tagging updates with the actors they name: automatic suggestions, and the editor's say over them.

`tag_article(article)` reads the update's title, standfirst, research question, body and
quotes and stores one automatic mention per actor found, with how often and where first
(the offset in that text, read in that order with a blank line between the parts). It
never touches a mention an editor rejected or added by hand, so a rejection survives every
later save and every `retag`.

Nothing tags behind anyone's back: the write path (`articles.editorial.saving`) calls
`tag_article()` after every save of an update, once its quotes are saved; `retag` tags them all.

The matcher (actors.tagging.matching) is built once per process from the whole gazetteer and kept
until the gazetteer changes. Whatever changes an actor or alias calls `gazetteer_changed()`
explicitly (`load_gazetteer`, the actor import, the actor and alias admin), which gives the
"gazetteer" row of `articles.models.ChangeStamp` a new random value inside the changing
transaction; every process reads the stamp on every tagging call (one query) and rebuilds when it
differs from the one its matcher was built under. Why that never leaves a stale matcher:
- The new stamp commits with the new names, in one transaction: another process sees both or
  neither. This process's own transaction sees its new stamp at once and rebuilds from what it sees.
- A process reads the stamp first, then the names. A change committed between the two gives it a
  matcher newer than its stamp, never older; the next call sees the new stamp and builds again.
- A change rolled back takes its stamp with it. A process that tagged inside that transaction keeps
  a matcher of names that never were, under a value nobody will write again (it was random), so
  its next call sees another value and rebuilds.

Side effects are explicit calls, never model signals: a service here that changes mentions
calls `public_content_changed()` (on commit) itself.
"""

from dataclasses import dataclass

from django.contrib.admin.models import CHANGE, LogEntry
from django.db import transaction

from actors.models import Actor, Alias, Mention
from actors.tagging.matching import Matcher, Name, summarise
from articles.content_generation import public_content_changed
from articles.models import Article, ChangeStamp


def gazetteer_changed():
    """Make every process rebuild its matcher: this one at once, the others once the current transaction commits."""
    ChangeStamp.objects.renew(ChangeStamp.GAZETTEER)


def gazetteer_stamp():
    """The gazetteer's stamp: one query."""
    return ChangeStamp.objects.value(ChangeStamp.GAZETTEER)


class _MatcherCache:
    stamp = None
    matcher = None


_built = _MatcherCache()


def current_matcher():
    """The process's matcher, rebuilt only when the gazetteer stamp has changed."""
    stamp = gazetteer_stamp()
    if _built.matcher is None or _built.stamp != stamp:
        _built.matcher = build_matcher()
        _built.stamp = stamp
    return _built.matcher


def build_matcher():
    names = [Name(name, pk) for pk, name in Actor.objects.values_list("pk", "name")]
    names.extend(
        Name(text, actor_id, exact_case=kind == Alias.Kind.ABBREVIATION, plural=kind == Alias.Kind.DEMONYM)
        for actor_id, text, kind in Alias.objects.values_list("actor_id", "text", "kind")
    )
    return Matcher(names)


def article_text(article):
    """The text tagging reads: title, standfirst, research question, body, then quotes not already in the body."""
    parts = [article.title, article.standfirst, article.research_question, article.body]
    parts.extend(quote.text for quote in article.quotes.all() if quote.text not in article.body)
    return "\n\n".join(part for part in parts if part)


def find_actors(text):
    """{actor id: (count, first position)} for the actors `text` names."""
    return summarise(current_matcher().find(text))


@dataclass(frozen=True)
class TaggingResult:
    added: int
    updated: int
    removed: int


@transaction.atomic
def tag_article(article):
    """Store the actors the article names as automatic mentions; rejected and manual ones stay as they are."""
    found = find_actors(article_text(article))
    _lock(article)
    mentions = {mention.actor_id: mention for mention in Mention.objects.filter(article=article)}
    new, changed = [], []
    for actor_id, wanted in found.items():
        mention = mentions.get(actor_id)
        if mention is None:
            mention = Mention(article=article, actor_id=actor_id, origin=Mention.Origin.AUTO)
            new.append(mention)
        elif mention.origin == Mention.Origin.AUTO and (mention.count, mention.first_position) != wanted:
            changed.append(mention)
        else:
            continue
        mention.count, mention.first_position = wanted
    gone = [m.pk for m in mentions.values() if m.origin == Mention.Origin.AUTO and m.actor_id not in found]
    if new:
        Mention.objects.bulk_create(new)
    if changed:
        Mention.objects.bulk_update(changed, ["count", "first_position"])
    if gone:
        Mention.objects.filter(pk__in=gone).delete()
    if new or changed or gone:
        public_content_changed()
    return TaggingResult(added=len(new), updated=len(changed), removed=len(gone))


@transaction.atomic
def reject_mention(mention, *, by):
    """Mark a suggestion as wrong; later tagging leaves it rejected and public pages ignore it."""
    mention.origin = Mention.Origin.REJECTED
    mention.save(update_fields=["origin"])
    public_content_changed()
    _log(by, mention.article, f"Rejected the actor {mention.actor}.")
    return mention


@transaction.atomic
def add_mention(article, actor, *, by):
    """Tag an actor by hand (or take back a rejection); tagging never removes it."""
    _lock(article)
    count, first_position = find_actors(article_text(article)).get(actor.pk, (0, None))
    mention, _ = Mention.objects.update_or_create(
        article=article,
        actor=actor,
        defaults={"origin": Mention.Origin.MANUAL, "count": count, "first_position": first_position},
    )
    public_content_changed()
    _log(by, article, f"Tagged the actor {actor} by hand.")
    return mention


def _lock(article):
    """Serialise tagging of one article, so two saves cannot both insert the same mention."""
    list(Article.objects.select_for_update().filter(pk=article.pk).values_list("pk", flat=True))


def _log(user, article, message):
    LogEntry.objects.log_actions(user.pk, [article], CHANGE, change_message=message, single_object=True)


def retag_articles(*, batch_size=200, on_batch=None):
    """Tag every article again, one transaction per batch; `on_batch(done, total)` reports progress."""
    total = Article.objects.count()
    added = updated = removed = done = 0
    last_pk = 0
    while batch := list(Article.objects.filter(pk__gt=last_pk).order_by("pk").prefetch_related("quotes")[:batch_size]):
        with transaction.atomic():
            for article in batch:
                result = tag_article(article)
                added, updated, removed = added + result.added, updated + result.updated, removed + result.removed
        last_pk = batch[-1].pk
        done += len(batch)
        if on_batch:
            on_batch(done, total)
    return TaggingResult(added=added, updated=updated, removed=removed)
