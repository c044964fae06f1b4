"""Who may open what: every URL of the site × every role × the state of the update it names, GET and POST.

The URLs come from walking the resolver, so a new URL is either classified below or fails
`test_every_url_is_classified`. What each role may do is written out here (`MODEL_RIGHTS`,
`TRANSITION_RULES` and the `cases_for` classification), never read from `articles.roles` or
the workflow: the table says what should happen, the code under test says what does.

Each role's test asks every case and collects every mismatch into one message. A case is
allowed when it answers 2xx, 304 or a redirect anywhere but a sign-in page; denied when it
answers 403, 404, 405 or a redirect to a sign-in page. Besides the verdict:

- nothing a reader may not see (the words of a non-public update, of an unapproved quote,
  the hidden updates of `tests.public_content`) is in a denied response, in any public page,
  or in anything an anonymous visitor, an expert or a staff user without a role receives —
  signed links excepted, and an expert's own review pages, which show the updates quoting them;
- an expert's review pages and signed links never show the other expert's quote text;
- a workflow transition posted by a role changes the status exactly when `TRANSITION_RULES` says.

Every request runs in a transaction that is rolled back, so a POST that deletes or publishes
leaves the content as built; the content is built once for the module.
"""

import datetime
import re
from dataclasses import dataclass, field

import pytest
from django.contrib import admin
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver
from django.utils import timezone

from articles.editorial.saving import create_article, save_article
from articles.expert_review.services import review_link_for
from articles.models import (
    Article,
    ArticleRedirect,
    Citation,
    EditorialComment,
    Image,
    Quote,
    QuoteDecision,
    StatusChange,
)
from articles.public.preview import preview_token
from tests.factories import (
    AdminsGroupUserFactory,
    AdminUserFactory,
    EditorFactory,
    ExpertWithAccountFactory,
    SeriesFactory,
    UserFactory,
)
from tests.public_content import DEMO_SLUG, HIDDEN_MARK, UNAPPROVED_WORDS, build_site

# ---- Roles ------------------------------------------------------------------------------------

ANON, EXPERT_A, EXPERT_B, EDITOR, ADMINS, SUPERUSER, STAFF = (
    "anonymous", "expert A", "expert B", "editor", "Admins member", "superuser", "staff without a role",
)  # fmt: skip
ROLES = (ANON, EXPERT_A, EXPERT_B, EDITOR, ADMINS, SUPERUSER, STAFF)
EVERYONE = frozenset(ROLES)
NOBODY = frozenset()
STAFF_ROLES = frozenset({EDITOR, ADMINS, SUPERUSER, STAFF})
EXPERTS = frozenset({EXPERT_A, EXPERT_B})

# ---- What each role may do in the back office ---------------------------------------------------
# v view, a add, c change, d delete, i import. Admins members and superusers: `ALL_RIGHTS`, unless
# `ADMIN_RIGHTS` says less (history kept by the system is read only, even for them). Staff without
# a role may see the admin's index and their own password page, nothing else.

ALL_RIGHTS = "vacdi"
EDITOR_RIGHTS = {
    "articles.article": "vaci",
    "articles.quote": "vacd",
    "articles.quotedecision": "v",
    "articles.reviewlink": "vc",  # changing a link is revoking it
    "articles.citation": "vacd",
    "articles.source": "vaci",
    "articles.expert": "vaci",
    "articles.series": "v",
    "articles.region": "v",
    "articles.revision": "v",
    "articles.statuschange": "v",
    "articles.editorialcomment": "va",
    "articles.articleredirect": "v",
    "articles.image": "vac",
    "actors.actor": "vaci",
    "actors.alias": "vacd",
    "actors.relation": "vacd",
    "actors.mention": "vacd",
    "taggit.tag": "vac",
    "auth.user": "",
    "auth.group": "",
    "django_tasks_database.dbtaskresult": "",
    "axes.accessattempt": "",
    "axes.accesslog": "",
    "axes.accessfailurelog": "",
}
ADMIN_RIGHTS = {
    "articles.quotedecision": "v",
    "articles.reviewlink": "vc",  # made by sending, never deleted (decisions refer to them)
    "articles.revision": "v",
    "articles.statuschange": "v",
    "django_tasks_database.dbtaskresult": "v",
    "axes.accessattempt": "vcd",
    "axes.accesslog": "vcd",
    "axes.accessfailurelog": "vcd",
}


# Deleting one of these would delete history nobody may delete (the quote chosen has a decision):
# the confirmation page opens, the deletion is refused.
KEEPS_HISTORY = {"articles.article", "articles.quote"}


def may(model, right):
    """The roles that have `right` (one letter) on `model` ("app.model")."""
    roles = set()
    if right in EDITOR_RIGHTS[model]:
        roles.add(EDITOR)
    if right in ADMIN_RIGHTS.get(model, ALL_RIGHTS):
        roles |= {ADMINS, SUPERUSER}
    return frozenset(roles)


# Which roles may open an app's page in the admin (they have some right on one of its models).
APP_PAGES = {
    "articles": {EDITOR, ADMINS, SUPERUSER},
    "actors": {EDITOR, ADMINS, SUPERUSER},
    "taggit": {EDITOR, ADMINS, SUPERUSER},
    "auth": {ADMINS, SUPERUSER},
    "django_tasks_database": {ADMINS, SUPERUSER},
    "axes": {ADMINS, SUPERUSER},
}

# ---- The workflow: which transition applies from which state, for whom ------------------------
STATES = ("draft", "in_review", "approved", "scheduled", "published", "archived")
PUBLIC_STATES = {"published"}
PUBLISHERS = frozenset({EDITOR, ADMINS, SUPERUSER})
TRANSITION_RULES = {
    "submit": ({"draft"}, PUBLISHERS),
    "request_changes": ({"in_review", "approved"}, PUBLISHERS),
    # The in-review update was submitted by another editor, so four eyes let the editor approve it.
    "approve": ({"in_review"}, PUBLISHERS),
    "publish": ({"approved"}, PUBLISHERS),
    "unpublish": ({"scheduled", "published"}, PUBLISHERS),
    # A scheduled update is published (with a future time), so it may be archived like a live one.
    "archive": ({"scheduled", "published"}, frozenset({ADMINS, SUPERUSER})),
}


def words(state):
    """The words only the update in `state` contains: its title, its body, each expert's quote."""
    tag = state.replace("_", "").capitalize()
    return {"title": f"Marmot{tag}", "body": f"Ocelot{tag}", EXPERT_A: f"Axolotl{tag}", EXPERT_B: f"Bonobo{tag}"}


SEARCH_WORD = "Pangolin"  # in every update of the matrix, public or not
NON_PUBLIC_WORDS = sorted(
    {word for state in STATES if state not in PUBLIC_STATES for word in words(state).values()}
    | {f"matrix-{state.replace('_', '-')}" for state in STATES if state not in PUBLIC_STATES}
    | {HIDDEN_MARK, UNAPPROVED_WORDS.split()[0]}
)


def quote_words(expert):
    return sorted(words(state)[expert] for state in STATES)


# ---- The content, built once ------------------------------------------------------------------


@dataclass
class World:
    users: dict
    articles: dict  # state → Article
    quotes: dict  # (state, expert role) → Quote
    objects: dict  # "app.model" → pk of an object to open
    tokens: dict = field(default_factory=dict)


def _article_body(state):
    w = words(state)
    return (
        f"## Where things stand\n\n{w['body']} and {SEARCH_WORD}: the first analyst calls it “{w[EXPERT_A]}”.\n\n"
        f"## What comes next\n\nThe second analyst speaks of “{w[EXPERT_B]}”.\n"
    )


def build_world():
    site = build_site()
    setup_editor = EditorFactory(username="setup-editor", password=None)
    users = {
        EXPERT_A: ExpertWithAccountFactory(name="Ada Expert", is_published=True, user__password=None),
        EXPERT_B: ExpertWithAccountFactory(name="Bea Expert", is_published=True, user__password=None),
        EDITOR: EditorFactory(username="matrix-editor", password=None),
        ADMINS: AdminsGroupUserFactory(username="matrix-admins", password=None),
        SUPERUSER: AdminUserFactory(username="matrix-superuser", password=None),
        STAFF: UserFactory(username="matrix-staff", is_staff=True, password=None),
    }
    experts = {role: users[role] for role in EXPERTS}
    users[EXPERT_A], users[EXPERT_B] = experts[EXPERT_A].user, experts[EXPERT_B].user
    series = SeriesFactory()
    articles, quotes = {}, {}
    later = timezone.now() + datetime.timedelta(days=2)
    earlier = timezone.now() - datetime.timedelta(days=2)
    for state in STATES:
        w = words(state)
        article = Article(
            title=f"{w['title']} update",
            slug=f"matrix-{state.replace('_', '-')}",
            series=series,
            region=site.article.region,
            standfirst=f"{w['title']} in brief.",
            research_question="What changed?",
            body=_article_body(state),
        )
        create_article(article, by=setup_editor)
        article.authors.add(experts[EXPERT_A])
        reviewed = state not in {"draft", "in_review"}
        for position, role in enumerate((EXPERT_A, EXPERT_B)):
            quotes[state, role] = Quote.objects.create(
                article=article,
                expert=experts[role],
                text=w[role],
                position=position,
                status=Quote.Status.APPROVED if reviewed else Quote.Status.PENDING,
            )
        save_article(article, by=setup_editor, expected_version=article.version, comment="Second revision")
        status = {"scheduled": "published"}.get(state, state)
        publish_at = {"scheduled": later, "published": earlier, "archived": earlier}.get(state)
        approved_version = article.version if reviewed else None  # as the workflow's approval records it
        Article.objects.filter(pk=article.pk).update(
            status=status, publish_at=publish_at, approved_version=approved_version
        )
        if state == "in_review":
            StatusChange.objects.create(article=article, from_status="draft", to_status="in_review", by=setup_editor)
        article.refresh_from_db()
        articles[state] = article
    draft = articles["draft"]
    a_quote = quotes["draft", EXPERT_A]
    comment = EditorialComment.objects.create(article=draft, author=setup_editor, body=f"{words('draft')['body']}?")
    decision = QuoteDecision.objects.create(quote=a_quote, decision="approved", text=a_quote.text)
    redirect = ArticleRedirect.objects.create(article=draft, old_slug="matrix-draft-old")
    citation = Citation.objects.filter(article=site.hidden[0]).first()
    objects = {
        "articles.quote": a_quote.pk,
        "articles.quotedecision": decision.pk,
        "articles.citation": citation.pk,
        "articles.source": citation.source_id,
        "articles.expert": experts[EXPERT_A].pk,
        "articles.series": series.pk,
        "articles.region": site.article.region_id,
        "articles.revision": draft.revisions.first().pk,
        "articles.statuschange": StatusChange.objects.filter(article=articles["in_review"]).first().pk,
        "articles.editorialcomment": comment.pk,
        "actors.actor": site.rejected_actor.pk,
        # A part of a draft: the parts of a live update are read-only, as the update is.
        "actors.mention": site.hidden[0].mentions.first().pk,
        "auth.user": users[EXPERT_B].pk,
        "auth.group": users[EDITOR].groups.first().pk,
    }
    objects["articles.articleredirect"] = redirect.pk
    world = World(users=users, articles=articles, quotes=quotes, objects=objects)
    for state, article in articles.items():
        world.tokens[state, "review"] = review_link_for(experts[EXPERT_A], article, by=None).split("/")[-2]
        world.tokens[state, "preview"] = preview_token(article.revisions.first())
    return world


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        try:
            built = build_world()
            _fill_missing_objects(built)
            yield built
        finally:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)


def _fill_missing_objects(world):
    """A row to open for every other registered model: its first row, else one made here."""
    for model in admin.site._registry:
        label = model._meta.label_lower
        if label in world.objects or label == "articles.article":
            continue
        first = model.objects.order_by("pk").first() or ROWS.get(label, lambda: None)()
        world.objects[label] = first.pk if first else "0"


def _task_result():
    from django_tasks_db.models import DBTaskResult, get_date_max

    return DBTaskResult.objects.create(
        task_path="articles.editorial.link_check.check_sources_task",
        args_kwargs={"args": [[]], "kwargs": {}},
        backend_name="default",
        run_after=get_date_max(),
        exception_class_path="",
        traceback="",
    )


def _axes_row(name):
    def make():
        from axes import models

        fields = {"username": "someone", "ip_address": "192.0.2.1", "user_agent": "", "http_accept": ""}
        fields["path_info"] = "/admin/login/"
        if name == "AccessAttempt":
            fields |= {"get_data": "", "post_data": "", "failures_since_start": 1}
        return getattr(models, name).objects.create(**fields)

    return make


def _image():
    # A library row without files: the module's rows are built before any test's media folder exists.
    return Image.objects.create(alt_text="A map of the border", width=800, height=400, file="images/map/original.jpg")


ROWS = {
    "articles.image": _image,
    "django_tasks_database.dbtaskresult": _task_result,
    "axes.accessattempt": _axes_row("AccessAttempt"),
    "axes.accesslog": _axes_row("AccessLog"),
    "axes.accessfailurelog": _axes_row("AccessFailureLog"),
}


# ---- The URLs ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Route:
    pattern: str
    name: str  # "namespace:name", or the pattern when it has no name


def routes(resolver=None, prefix="", namespace=""):
    resolver = resolver or get_resolver()
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            inner = f"{namespace}:{entry.namespace}" if namespace and entry.namespace else entry.namespace or namespace
            yield from routes(entry, prefix + str(entry.pattern), inner)
        elif isinstance(entry, URLPattern):
            pattern = prefix + str(entry.pattern)
            yield Route(pattern, f"{namespace}:{entry.name}" if entry.name and namespace else entry.name or pattern)


@dataclass(frozen=True)
class Case:
    url: str
    method: str
    allowed: frozenset
    kind: str = "page"  # page | public | review (an expert's own pages) | signed (a valid signed link)
    state: str | None = None
    transition: str | None = None
    owner: str | None = None  # the expert whose items a review page or link shows
    sample: str | None = None  # the one state in which the roles `allowed` are asked (see `asked`)
    signs_out: bool = False  # a redirect to a sign-in page is this case's success


def both(url, get, post=None, **extra):
    """A GET case and a POST case; `post` defaults to the same roles as `get`."""
    return [
        Case(url, "GET", frozenset(get), **extra),
        Case(url, "POST", frozenset(get if post is None else post), **extra),
    ]


def admin_model(name):
    """("app.model", suffix) for a ModelAdmin URL name "admin:app_model_suffix"; None for the site's own."""
    bare = name.removeprefix("admin:")
    for model in admin.site._registry:
        opts = model._meta
        stem = f"{opts.app_label}_{opts.model_name}_"
        if bare.startswith(stem):
            return opts.label_lower, bare.removeprefix(stem)
    return None


PUBLIC_PAGES = {
    "home": "/",
    "search": f"/search/?q={SEARCH_WORD}",
    "expert-list": "/experts/",
    "expert-detail": "/experts/remco-breuker/",
    "series-detail": "/series/regional-update/",
    "region-detail": "/regions/bri-and-east-asia/",
    "topic-list": "/topics/",
    "topic-detail": "/topics/sanctions/",
    "site-feed": "/feed/",
    "site-feed-atom": "/feed/atom/",
    "expert-feed": "/experts/remco-breuker/feed/",
    "expert-feed-atom": "/experts/remco-breuker/feed/atom/",
    "series-feed": "/series/regional-update/feed/",
    "series-feed-atom": "/series/regional-update/feed/atom/",
    "region-feed": "/regions/bri-and-east-asia/feed/",
    "region-feed-atom": "/regions/bri-and-east-asia/feed/atom/",
    "topic-feed": "/topics/sanctions/feed/",
    "topic-feed-atom": "/topics/sanctions/feed/atom/",
    "sitemap": "/sitemap.xml",
    "sitemap-section": "/sitemap-updates.xml",
    "robots-txt": "/robots.txt",
    "actor-list": "/actors/",
    "actor-detail": "/actors/china/",
    "actor-pair": "/actors/china/and/north-korea/",
    "actor-feed": "/actors/china/feed/",
    "actor-feed-atom": "/actors/china/feed/atom/",
    "healthz": "/healthz",
}

ARTICLE_PAGES = {  # suffix → (path after the object id, GET roles, POST roles)
    "change": ("change/", may("articles.article", "v"), may("articles.article", "c")),
    "history": ("history/", may("articles.article", "v"), may("articles.article", "v")),
    # Deleting an update would delete its revisions and status changes, which nobody may delete.
    "delete": ("delete/", may("articles.article", "d"), NOBODY),
    "revisions": ("revisions/", may("articles.article", "v"), may("articles.article", "v")),
    "compare": ("revisions/compare/?a=1&b=2", may("articles.article", "v"), may("articles.article", "v")),
    "preview": ("revisions/2/preview/", may("articles.article", "v"), may("articles.article", "v")),
    "share": ("revisions/2/share/", may("articles.article", "c"), may("articles.article", "c")),
    "restore": ("revisions/1/restore/", may("articles.article", "c"), may("articles.article", "c")),
    # The PDF of the update as stored now, to check it before publishing: whoever may view the update.
    "pdf": ("pdf/", may("articles.article", "v"), may("articles.article", "v")),
    # Commenting is a POST; it needs the right to add editorial comments.
    "comment": ("comment/", NOBODY, may("articles.article", "v") & may("articles.editorialcomment", "a")),
    # The expert review panel's buttons post; they need the right to change the update and its quotes.
    "review_accept": ("review/{quote}/accept/", NOBODY, may("articles.article", "c") & may("articles.quote", "c")),
    "review_reject": ("review/{quote}/reject/", NOBODY, may("articles.article", "c") & may("articles.quote", "c")),
    "review_send_link": ("review/send-link/{expert}/", NOBODY, may("articles.article", "c")),
    # Starting (or opening) a live update's new version; a refusal (not live) is a message on the page.
    "new_version": ("new-version/", may("articles.article", "c"), may("articles.article", "c")),
    # Discarding a new version; for an update that is none, a refusal shown as a message.
    "discard": ("discard/", may("articles.article", "c"), may("articles.article", "c")),
}
# What readers see is not changed in place: these POSTs change the update itself, so nobody may post
# them for a scheduled, published or archived update (its words change through a new version).
CHANGES_IN_PLACE = {"change", "review_accept", "review_reject", "review_send_link"}
READ_ONLY_STATES = {"scheduled", "published", "archived"}


def cases_for(route, world):
    """Every case of one route, or None when the route is not classified (the test then fails)."""
    name = route.name
    if name in PUBLIC_PAGES:
        return both(PUBLIC_PAGES[name], EVERYONE, NOBODY, kind="public")  # read only: a POST is refused
    if name == "article-detail":
        return article_cases(world) + both(f"/updates/{DEMO_SLUG}/", EVERYONE, NOBODY, kind="public")
    if name == "article-pdf":  # like the page: readers get the PDF of a published update only, and only GET it
        return article_cases(world, "pdf/")
    if name == "article-preview":
        valid = [
            case
            for state in STATES
            for case in both(f"/preview/{world.tokens[state, 'preview']}/", EVERYONE, kind="signed", state=state)
        ]
        return valid + both("/preview/not-a-token/", NOBODY)
    if name.startswith("review:"):
        return review_cases(name.removeprefix("review:"), world)
    if name.startswith("admin:") or route.pattern.startswith("admin/") or name == "view-on-site":
        return admin_cases(route, world)
    return None


def article_cases(world, tail=""):
    """`/updates/<slug>/<tail>` of the update in each state: everyone GETs a published one, nobody the others."""
    return [
        case
        for state, article in world.articles.items()
        for case in both(
            f"/updates/{article.slug}/{tail}",
            EVERYONE if state in PUBLIC_STATES else NOBODY,
            NOBODY,
            kind="public",
            state=state,
        )
    ]


def review_cases(name, world):
    a_token = world.tokens
    if name == "my-quotes":
        return both("/review/", EXPERTS, NOBODY, kind="review")
    if name == "act":  # POST only; an expert acts on their own items, never on another's
        return [
            case
            for state in STATES
            for role in EXPERTS
            for case in both(
                f"/review/quotes/{world.quotes[state, role].pk}/approve/", NOBODY, {role}, kind="review", state=state
            )
        ]
    if name == "login":
        return both("/review/login/", EVERYONE)
    if name == "logout":
        return both("/review/logout/", NOBODY, EVERYONE, signs_out=True)
    if name == "token":  # a link is its own credential: whoever holds it sees that expert's items
        return [
            case
            for state in STATES
            for case in both(
                f"/review/t/{a_token[state, 'review']}/", EVERYONE, NOBODY, kind="signed", state=state, owner=EXPERT_A
            )
        ] + both("/review/t/not-a-token/", NOBODY)
    if name == "token-act":
        cases = []
        for state in STATES:
            token = a_token[state, "review"]
            own, other = world.quotes[state, EXPERT_A].pk, world.quotes[state, EXPERT_B].pk
            cases += both(
                f"/review/t/{token}/quotes/{own}/approve/", NOBODY, EVERYONE, kind="signed", state=state, owner=EXPERT_A
            )
            cases += both(
                f"/review/t/{token}/quotes/{other}/approve/", NOBODY, kind="signed", state=state, owner=EXPERT_A
            )
        return cases + both(f"/review/t/not-a-token/quotes/{world.quotes['draft', EXPERT_A].pk}/approve/", NOBODY)
    return None


def admin_cases(route, world):
    name = route.name
    site_pages = {
        "admin:index": both("/admin/", STAFF_ROLES),
        "admin:login": both("/admin/login/", EVERYONE),
        # Signing out is a POST; a GET is refused (staff) or sent to the index (others).
        "admin:logout": both("/admin/logout/", EVERYONE - STAFF_ROLES, EVERYONE),
        "admin:password_change": both("/admin/password_change/", STAFF_ROLES),
        "admin:password_change_done": both("/admin/password_change/done/", STAFF_ROLES, NOBODY),
        "admin:jsi18n": both("/admin/jsi18n/", STAFF_ROLES, NOBODY),
        # Autocompletion of a quote's update lists updates: only for those who may view them.
        "admin:autocomplete": both(
            "/admin/autocomplete/?app_label=articles&model_name=quote&field_name=article&term=",
            may("articles.article", "v"),
            NOBODY,
        ),
        "admin:app_list": [case for app, roles in APP_PAGES.items() for case in both(f"/admin/{app}/", roles)],
        "admin:view_on_site": [
            case
            for state, article in world.articles.items()
            for case in both(
                f"/admin/r/{ContentType.objects.get_for_model(Article).pk}/{article.pk}/",
                may("articles.article", "v"),
                state=state,
            )
        ],
        "admin:articles_article_import_briefing": both(
            "/admin/articles/article/import-briefing/", may("articles.article", "i")
        ),
        "admin:articles_quote_pending_reviews": both(
            "/admin/articles/quote/pending-reviews/", may("articles.quote", "v")
        ),
        "admin:taggit_tag_merge_tags": both("/admin/taggit/tag/merge-tags/", may("taggit.tag", "c")),
        # Revoking every review link of an expert is a POST; it needs the right to change review links.
        "admin:articles_expert_revoke_review_links": both(
            f"/admin/articles/expert/{world.objects['articles.expert']}/revoke-review-links/",
            NOBODY,
            may("articles.reviewlink", "c"),
        ),
        "admin:auth_user_password_change": both(
            f"/admin/auth/user/{world.objects['auth.user']}/password/", may("auth.user", "c")
        ),
    }
    # hig_updates.urls answers the admin's "View on site" links in front of Django's own view.
    site_pages["view-on-site"] = site_pages["admin:view_on_site"]
    if name in site_pages:
        return site_pages[name]
    if route.pattern == "admin/(?P<url>.*)$":
        return both("/admin/no-such-page/", NOBODY)
    if route.pattern.endswith("/<path:object_id>/") and route.name == route.pattern:
        # The bare object URL redirects any staff user to the change page, which decides.
        app, model = route.pattern.split("/")[1:3]
        if f"{app}.{model}" == "articles.article":
            return [
                case
                for state, article in world.articles.items()
                for case in both(f"/admin/articles/article/{article.pk}/", STAFF_ROLES, state=state)
            ]
        return both(f"/admin/{app}/{model}/{world.objects[f'{app}.{model}']}/", STAFF_ROLES)
    found = admin_model(name)
    if found is None or found[0] not in EDITOR_RIGHTS:
        return None
    model, suffix = found
    base = "/admin/" + model.replace(".", "/") + "/"
    if model == "articles.article" and suffix == "transition":
        # Every transition is posted in every state (the workflow's answer depends on both); each
        # state's GET shows another transition's page.
        cases = []
        for number, (state, article) in enumerate(world.articles.items()):
            for transition in TRANSITION_RULES:
                url = f"{base}{article.pk}/transition/{transition}/"
                if transition == list(TRANSITION_RULES)[number]:
                    cases.append(Case(url, "GET", may(model, "v"), state=state))
                cases.append(Case(url, "POST", may(model, "v"), state=state, transition=transition))
        return cases
    if model == "articles.article" and suffix in ARTICLE_PAGES:
        tail, get, post = ARTICLE_PAGES[suffix]
        number = list(ARTICLE_PAGES).index(suffix)
        cases = []
        for state, article in world.articles.items():
            a_quote = world.quotes[state, EXPERT_A]
            url = f"{base}{article.pk}/" + tail.format(quote=a_quote.pk, expert=a_quote.expert_id)
            posters = NOBODY if suffix in CHANGES_IN_PLACE and state in READ_ONLY_STATES else post
            cases += [
                Case(url, "GET", frozenset(get), state=state, sample=STATES[number % len(STATES)]),
                Case(url, "POST", frozenset(posters), state=state, sample=STATES[(number + 3) % len(STATES)]),
            ]
        return cases
    object_url = f"{base}{world.objects.get(model)}/"
    generic = {
        "changelist": both(base, may(model, "v")),
        "add": both(f"{base}add/", may(model, "a")),
        "change": both(f"{object_url}change/", may(model, "v"), may(model, "c")),
        "history": both(f"{object_url}history/", may(model, "v")),
        "delete": both(f"{object_url}delete/", may(model, "d"), NOBODY if model in KEEPS_HISTORY else may(model, "d")),
        "export": both(f"{base}export/", may(model, "v")),
        "import": both(f"{base}import/", may(model, "i")),
        # The second step of an import: a POST of the first step's form.
        "process_import": both(f"{base}process_import/", NOBODY, may(model, "i")),
    }
    return generic.get(suffix)


# ---- Asking -----------------------------------------------------------------------------------

LOGIN_PATHS = ("/admin/login/", "/review/login/")


def verdict(response, *, signs_out=False):
    """'allowed' or 'denied' (a refusal or a redirect to sign in), or what else it was."""
    status = response.status_code
    if status in (301, 302, 303, 307, 308):
        target = response.headers.get("Location", "")
        return "denied" if any(path in target for path in LOGIN_PATHS) and not signs_out else "allowed"
    if status in (200, 201, 204, 304):
        return "allowed"
    if status in (403, 404, 405):
        return "denied"
    return f"status {status}"


def leaked(text, forbidden):
    lowered = text.lower()
    return [word for word in forbidden if word.lower() in lowered]


def ask(client, case, world):
    """Make the request inside a transaction that is rolled back; (response, status after) or (None, error)."""
    with transaction.atomic():
        try:
            if case.method == "GET":
                response = client.get(case.url)
            else:
                response = client.post(case.url, {"comment": "From the permission matrix"})
        except Exception as error:  # noqa: BLE001 — every failure is collected into the test's message
            transaction.set_rollback(True)
            return None, f"{type(error).__name__}: {error}"
        status = None
        if case.transition:
            status = Article.objects.values_list("status", flat=True).get(pk=world.articles[case.state].pk)
        transaction.set_rollback(True)
    return response, status


def expected_status(case, role):
    sources, who = TRANSITION_RULES[case.transition]
    before = {"scheduled": "published"}.get(case.state, case.state)
    if case.state in sources and role in who:
        return {
            "submit": "in_review",
            "request_changes": "draft",
            "approve": "approved",
            "publish": "published",
            "unpublish": "approved",
            "archive": "archived",
        }[case.transition]
    return before


def all_cases(world):
    cases, unclassified = [], []
    for route in routes():
        found = cases_for(route, world)
        if found is None:
            unclassified.append(route.name)
        else:
            cases += found
    return cases, unclassified


def forbidden_words(case, role, verdict):
    """The words `role` must not find in the response to `case`, which was `verdict`."""
    forbidden = set()
    unprivileged = role in {ANON, EXPERT_A, EXPERT_B, STAFF}
    if verdict != "allowed" or case.kind == "public" or (unprivileged and case.kind == "page"):
        forbidden |= set(NON_PUBLIC_WORDS)
    if case.kind == "review" and role in EXPERTS:  # an expert's own pages: never the other expert's items
        forbidden |= set(quote_words(EXPERT_B if role == EXPERT_A else EXPERT_A))
    if case.kind == "signed" and case.owner:  # a link for expert A: never expert B's items
        forbidden |= set(quote_words(EXPERT_B))
    return sorted(forbidden)


def asked(case, role):
    """Whether `role` is asked `case`.

    A role refused a page is asked in every state of the update (the refusal holds, and shows
    nothing of it, whatever the state). A role that may open a back-office page of an update
    whatever its state is asked in the case's `sample` state only: the sample differs from page
    to page, so every state is opened, and the suite stays fast. Transitions are asked always.
    """
    return case.sample is None or role not in case.allowed or case.state == case.sample


def check_role(role, world):
    client = Client(raise_request_exception=True)
    if role != ANON:
        client.force_login(world.users[role])
    session = client.cookies.get("sessionid")
    cases, unclassified = all_cases(world)
    assert not unclassified, f"URLs the matrix does not classify: {unclassified}"
    problems = []
    for case in (case for case in cases if asked(case, role)):
        response, result = ask(client, case, world)
        if session is not None:  # a sign-out (rolled back in the database) must not sign the role out
            client.cookies["sessionid"] = session.value
        where = f"{case.method} {case.url}" + (f" [{case.state}]" if case.state else "")
        if response is None:
            problems.append(f"{where}: raised {result}")
            continue
        got = verdict(response, signs_out=case.signs_out)
        wanted = "allowed" if role in case.allowed else "denied"
        if got != wanted:
            problems.append(f"{where}: {wanted} expected, got {got} ({response.status_code})")
        if case.transition and result != expected_status(case, role):
            problems.append(f"{where}: status {expected_status(case, role)} expected after the POST, got {result}")
        text = (
            "" if getattr(response, "streaming", False) else response.content.decode(errors="replace")
        ) + response.headers.get("Location", "")
        if words := leaked(text, forbidden_words(case, role, got)):
            problems.append(f"{where}: the response shows {words}")
    return sum(asked(case, role) for case in cases), problems


@pytest.mark.parametrize("role", ROLES)
def test_each_role_reaches_exactly_what_the_table_allows(role, world, db):
    count, problems = check_role(role, world)
    assert count > 400
    assert not problems, f"{role}: {len(problems)} of {count} cases differ:\n" + "\n".join(problems)


def test_every_url_is_classified(world, db):
    _cases, unclassified = all_cases(world)
    assert unclassified == []


def test_the_checks_catch_a_leak_and_a_wrong_verdict():
    """The leak check finds words whatever their case; a redirect to sign in counts as denied."""
    assert leaked("<h1>marmotdraft update</h1>", ["MarmotDraft"]) == ["MarmotDraft"]

    class Redirect:
        status_code = 302
        headers = {"Location": "/admin/login/?next=/admin/"}

    assert verdict(Redirect()) == "denied"
    assert re.search("Marmot", " ".join(NON_PUBLIC_WORDS))
