"""Previews: any revision rendered exactly as the public page would render it.

Previews render through `article_page.render_article_page()` — the context the
public view uses too — with an Article built from a revision, so they
show exactly what readers would see then. A preview is never cached
(`Cache-Control: no-store …`) and never indexed (`X-Robots-Tag: noindex` and a
robots meta tag).

A signed preview link (`preview_token`) lets someone without an account — an
expert, an outside reviewer — see one revision until the link expires after
`PREVIEW_LINK_MAX_AGE`; an expired or tampered link is refused with a 403.
"""

import datetime

from django.shortcuts import render
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.text import slugify
from django.views.decorators.cache import never_cache
from taggit.models import Tag

from actors.models import Actor, Mention
from articles.models import Article, Citation, Expert, Quote, Revision, Source
from articles.models.article import content_fields
from articles.public.article_page import mark_private, render_article_page
from articles.signed_links import LinkExpired, LinkInvalid, make_token, read_token

PREVIEW_SALT = "articles.preview"  # the signed-link purpose
PREVIEW_LINK_MAX_AGE = datetime.timedelta(days=7)


def _by_pk(model, ids):
    return model.objects.in_bulk([pk for pk in ids if pk is not None])


def _hold(article, name, items):
    """Make `article.<name>.all()` answer `items`, the way `prefetch_related` fills its cache."""
    queryset = getattr(article, name).get_queryset()  # the live rows, should anything filter further
    queryset._result_cache = list(items)
    queryset._prefetch_done = True
    article._prefetched_objects_cache[name] = queryset


def article_from_revision(revision):
    """An unsaved Article holding the revision's fields, with its related rows as they were then.

    `authors`, `topics` and `citations` answer `.all()` from the revision, and
    `public_mentions` and `public_quotes` keep what `Mention.is_public` and
    `Quote.is_public` allow (the rules of `Mention.objects.public()` and
    `Quote.objects.public()`), so the public page renders the revision. Without a publish
    time yet, it is dated as if published now.
    """
    data = revision.data
    fields = data["fields"]
    article = Article(pk=revision.article_id, version=data["version"], status=fields.get("status", "draft"))
    article.publish_at = parse_datetime(fields["publish_at"]) if fields.get("publish_at") else timezone.now()
    article.updated_at = revision.created_at
    for field in content_fields():
        if field.name not in fields:
            continue
        value = fields[field.name]
        if field.is_relation:
            value = field.related_model.objects.filter(pk=value["id"]).first() if value else None
        setattr(article, field.name, value)

    experts = _by_pk(Expert, [a["id"] for a in data["authors"]] + [q["expert_id"] for q in data["quotes"]])
    actors = _by_pk(Actor, [m["actor_id"] for m in data["mentions"]])
    sources = _by_pk(Source, [c["source_id"] for c in data["citations"]])
    tags = {tag.name.lower(): tag for tag in Tag.objects.filter(name__in=data["topics"])}
    article._prefetched_objects_cache = {}
    _hold(article, "authors", [experts[a["id"]] for a in data["authors"] if a["id"] in experts])
    _hold(article, "topics", [tags.get(name.lower()) or Tag(name=name, slug=slugify(name)) for name in data["topics"]])
    _hold(
        article,
        "citations",
        [
            Citation(
                order=c["order"],
                cited_text=c["cited_text"],
                is_placeholder=c["is_placeholder"],
                source=sources.get(c["source_id"]) or Source(title=c["source"], url=c["url"]),
            )
            for c in data["citations"]
        ],
    )
    mentions = [
        Mention(actor=actors[m["actor_id"]], count=m["count"], first_position=m["first_position"], origin=m["origin"])
        for m in sorted(data["mentions"], key=lambda m: (-m["count"], m["actor"]))
        if m["actor_id"] in actors
    ]
    article.public_mentions = [mention for mention in mentions if mention.is_public]
    quotes = [
        Quote(pk=q["id"], text=q["text"], kind=q["kind"], status=q["status"], expert=experts.get(q["expert_id"]))
        for q in sorted(data["quotes"], key=lambda q: (q["position"], q["id"]))
    ]
    article.public_quotes = [quote for quote in quotes if quote.is_public]
    return article


# ---- Signed links -----------------------------------------------------------------------------


class PreviewLinkRefused(Exception):
    pass


def preview_token(revision):
    """A signed token for a link that shows `revision` for `PREVIEW_LINK_MAX_AGE`."""
    payload = {"article": revision.article_id, "revision": revision.number}
    return make_token(PREVIEW_SALT, payload, max_age=PREVIEW_LINK_MAX_AGE)


def revision_for_token(token):
    """The revision a preview link shows; `PreviewLinkRefused` when the link expired or was altered."""
    try:
        payload = read_token(token, PREVIEW_SALT)
    except LinkExpired:
        raise PreviewLinkRefused("This preview link has expired. Ask the editor for a new one.") from None
    except LinkInvalid:
        raise PreviewLinkRefused("This preview link is not valid. Check that you copied all of it.") from None
    revision = (
        Revision.objects.select_related("article")
        .filter(article_id=payload["article"], number=payload["revision"])
        .first()
    )
    if revision is None:
        raise PreviewLinkRefused("The update this link previews no longer exists.")
    return revision


@never_cache
def signed_preview_view(request, token):
    """The preview behind a signed link; no account needed."""
    try:
        revision = revision_for_token(token)
    except PreviewLinkRefused as refusal:
        response = render(request, "articles/preview_refused.html", {"message": str(refusal)}, status=403)
        return mark_private(response)
    return render_article_page(request, article_from_revision(revision), preview=True, revision=revision)
