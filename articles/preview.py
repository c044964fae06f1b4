"""Previews: any revision rendered exactly as the public page would render it.

`render_article_page()` is the one function that renders an update's page; the
public view can call it with a saved Article, and previews call it with an
`ArticleSnapshot` built from a revision. A preview is never cached
(`Cache-Control: no-store …`) and never indexed (`X-Robots-Tag: noindex` and a
robots meta tag).

A signed preview link (`preview_token`) lets someone without an account — an
expert, an outside reviewer — see one revision until the link expires after
`PREVIEW_LINK_MAX_AGE`; an expired or tampered link is refused with a 403.
"""

import datetime

from django.core import signing
from django.shortcuts import render
from django.utils.cache import add_never_cache_headers
from django.utils.dateparse import parse_datetime
from django.utils.text import slugify
from django.views.decorators.cache import never_cache
from taggit.models import Tag

from actors.models import Actor, Mention

from .models import Article, Citation, Expert, Quote, Revision, Source
from .revisions import content_fields

ARTICLE_TEMPLATE = "articles/article_detail.html"
PREVIEW_TEMPLATE = "articles/article_preview.html"  # the public template plus noindex and a banner
PREVIEW_SALT = "articles.preview"
PREVIEW_LINK_MAX_AGE = datetime.timedelta(days=7)


def render_article_page(request, article, *, preview=False, revision=None, status=200):
    """The public page of `article` (an Article or an ArticleSnapshot); `preview` adds noindex and no-store."""
    template = PREVIEW_TEMPLATE if preview else ARTICLE_TEMPLATE
    response = render(request, template, {"article": article, "preview": preview, "revision": revision}, status=status)
    if preview:
        mark_private(response)
    return response


def mark_private(response):
    add_never_cache_headers(response)
    response["X-Robots-Tag"] = "noindex"
    return response


class RelatedList(list):
    """A list that answers the calls templates make on related managers."""

    def all(self):
        return self

    def exists(self):
        return bool(self)

    def count(self):
        return len(self)


class ArticleSnapshot:
    """An unsaved Article holding a revision's fields, with its related rows as they were then.

    Attribute lookups go to the Article (so `kicker`, `get_absolute_url` … work);
    the related names a page shows (authors, topics, actors, mentions, citations,
    quotes) answer from the revision instead of the database.
    """

    def __init__(self, article, **related):
        self._article = article
        for name, items in related.items():
            setattr(self, name, RelatedList(items))

    def __getattr__(self, name):
        return getattr(self._article, name)

    def __str__(self):
        return str(self._article)


def _by_pk(model, ids):
    return model.objects.in_bulk([pk for pk in ids if pk is not None])


def article_from_revision(revision):
    data = revision.data
    fields = data["fields"]
    article = Article(pk=revision.article_id, version=data["version"], status=fields.get("status", "draft"))
    article.publish_at = parse_datetime(fields["publish_at"]) if fields.get("publish_at") else None
    for field in content_fields():
        if field.name not in fields:
            continue
        value = fields[field.name]
        if field.is_relation:
            value = field.related_model.objects.filter(pk=value["id"]).first() if value else None
        setattr(article, field.name, value)

    experts = _by_pk(Expert, [a["id"] for a in data["authors"]] + [q["expert_id"] for q in data["quotes"]])
    actors = _by_pk(Actor, [m["actor_id"] for m in data["mentions"]] + [q["actor_id"] for q in data["quotes"]])
    sources = _by_pk(Source, [c["source_id"] for c in data["citations"]])
    tags = {tag.name.lower(): tag for tag in Tag.objects.filter(name__in=data["topics"])}
    mentions = [
        Mention(actor=actors[m["actor_id"]], count=m["count"], first_position=m["first_position"], origin=m["origin"])
        for m in data["mentions"]
        if m["actor_id"] in actors
    ]
    return ArticleSnapshot(
        article,
        authors=[experts[a["id"]] for a in data["authors"] if a["id"] in experts],
        topics=[tags.get(name.lower()) or Tag(name=name, slug=slugify(name)) for name in data["topics"]],
        mentions=mentions,
        actors=[m.actor for m in mentions if m.origin != Mention.Origin.REJECTED],
        citations=[
            Citation(
                order=c["order"],
                cited_text=c["cited_text"],
                is_placeholder=c["is_placeholder"],
                source=sources.get(c["source_id"]) or Source(title=c["source"], url=c["url"]),
            )
            for c in data["citations"]
        ],
        quotes=[
            Quote(
                pk=q["id"],
                text=q["text"],
                kind=q["kind"],
                status=q["status"],
                position=q["position"],
                expert=experts.get(q["expert_id"]),
                actor=actors.get(q["actor_id"]),
            )
            for q in data["quotes"]
        ],
    )


# ---- Signed links -----------------------------------------------------------------------------


class PreviewLinkRefused(Exception):
    pass


def _signer():
    return signing.TimestampSigner(salt=PREVIEW_SALT)


def preview_token(revision):
    return _signer().sign_object({"article": revision.article_id, "revision": revision.number})


def revision_for_token(token):
    """The revision a preview link shows; `PreviewLinkRefused` when the link expired or was altered."""
    try:
        payload = _signer().unsign_object(token, max_age=PREVIEW_LINK_MAX_AGE)
    except signing.SignatureExpired:
        raise PreviewLinkRefused("This preview link has expired. Ask the editor for a new one.") from None
    except signing.BadSignature:
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
