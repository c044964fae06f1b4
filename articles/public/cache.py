"""How fresh the public site is: cached pages, ETag / Last-Modified and 304s.

Everything readers see is derived from one *content generation*
(`articles.content_generation`): a number in the database (about the time of the
last change, in nanoseconds), read with one query per request, so a change made by
any process reaches every worker on its next request. A page is cached under the
generation, so a change invalidates every page at once; no page needs to know which
rows it showed. `articles.content_generation` says why a page cached under a
generation is never older than it.

A scheduled update becomes public at its minute without any write, so the
generation alone is not enough: the state also carries the latest scheduled
publish time that has passed (`visible_since`). The upcoming publish times are
read once per generation (one query) and kept with it.

No signal replaces the generation: every service that changes a row a public page
may show (`PUBLIC_MODELS`) calls `public_content_changed()` explicitly, on commit,
and the admin edits those models through `articles.admin.public_content.PublicContentAdmin`, which
does the same (a test checks that every public model's admin uses it).
"""

import datetime
import hashlib
import time
from dataclasses import dataclass
from functools import wraps

from django.conf import settings
from django.http import HttpResponse, HttpResponseNotAllowed, QueryDict
from django.utils import timezone
from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.http import http_date, urlencode
from taggit.models import Tag, TaggedItem

from actors.models import Actor, Alias, Mention, Relation
from articles.content_generation import cache_get, cache_set, current_generation
from articles.models import Article, ArticleRedirect, Citation, Expert, Image, Quote, Region, Series, Source

PAGE_TIMEOUT = 60 * 60 * 24
BROWSER_MAX_AGE = 60
# The models whose rows public pages show: whatever changes one calls `public_content_changed()`.
PUBLIC_MODELS = (
    Article, ArticleRedirect, Citation, Expert, Image, Quote, Region, Series, Source, Tag, TaggedItem,
    Actor, Alias, Mention, Relation,
)  # fmt: skip


@dataclass(frozen=True)
class SiteState:
    generation: int
    visible_since: datetime.datetime | None

    @property
    def key(self):
        since = int(self.visible_since.timestamp()) if self.visible_since else 0
        return f"{self.generation}.{since}"

    @property
    def etag(self):
        return f'"{self.key}"'

    @property
    def settling(self):
        """Whether the change behind this generation may not have reached a read replica yet."""
        return time.time_ns() - self.generation < settings.PAGE_CACHE_SETTLE_SECONDS * 1_000_000_000

    @property
    def last_modified(self):
        changed = self.generation // 1_000_000_000
        since = int(self.visible_since.timestamp()) if self.visible_since else 0
        return max(changed, since)


def current_state():
    """The state pages are cached under: one query, and one more for a generation's first request."""
    generation = current_generation()
    schedule_key = f"public-site:schedule:{generation}"
    schedule = cache_get(schedule_key)
    if schedule is None:
        schedule = sorted(Article.objects.scheduled().values_list("publish_at", flat=True).distinct())
        cache_set(schedule_key, schedule, PAGE_TIMEOUT)
    now = timezone.now()
    return SiteState(generation, max((moment for moment in schedule if moment <= now), default=None))


def read_params(request, params):
    """(name, value) for each of `params` in the request, in the request's order, with the value `GET.get` reads."""
    return [(name, request.GET.get(name)) for name in dict.fromkeys(request.GET) if name in params]


def page_query(request, params):
    """The query string a page is cached under: only `params`, in sorted order."""
    return urlencode(sorted(read_params(request, params)))


def page_key(state, request, params):
    """Scheme, host and path plus the query parameters the page reads (hashed): junk parameters share one entry."""
    address = f"{request.build_absolute_uri(request.path)}?{page_query(request, params)}"
    return f"public-site:page:{state.key}:{hashlib.sha256(address.encode()).hexdigest()}"


def public_page(view, params=()):
    """Serve a public view from the cache, with validators, answering conditional GETs with 304.

    `params` names the query parameters the view reads (`("page",)` for a paginated list):
    the page is cached under them alone, and the view sees only them (so no other
    parameter, a `?utm_source=` say, can reach a cached page through its links).

    Only complete 200 responses are cached; the cached copy carries no cookies and
    no `Vary`, because a public page is the same for every reader. Nor does it carry
    headers: the security headers (Content-Security-Policy and the rest) are added to
    every response by the middleware in settings, so a cached page may hold no CSP
    nonce (it would be stale on the next request; public templates use none).
    When the cache cannot be reached every page is rendered from the database.
    """

    @wraps(view)
    def cached_view(request, *args, **kwargs):
        if request.method not in {"GET", "HEAD"}:  # public pages are read only (and a POST must not skip the cache)
            return HttpResponseNotAllowed(["GET", "HEAD"])
        request.GET = QueryDict(urlencode(read_params(request, params)))
        state = current_state()
        if state.settling:  # a replica may still hold the rows before the change: keep nothing of this page
            response = view(request, *args, **kwargs)
            patch_cache_control(response, no_cache=True)
            return response
        last_modified = http_date(state.last_modified)
        response = get_conditional_response(request, etag=state.etag, last_modified=state.last_modified)
        if response is None:
            key = page_key(state, request, params)
            page = cache_get(key)
            if page is None:
                rendered = view(request, *args, **kwargs)
                if hasattr(rendered, "render"):
                    rendered.render()
                if rendered.status_code != 200 or rendered.streaming:
                    return rendered
                page = (rendered.content, rendered["Content-Type"])
                cache_set(key, page, PAGE_TIMEOUT)
            response = HttpResponse(page[0], content_type=page[1])
        response["ETag"] = state.etag
        response["Last-Modified"] = last_modified
        patch_cache_control(response, public=True, max_age=BROWSER_MAX_AGE)
        return response

    return cached_view
