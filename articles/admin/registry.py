"""Every ModelAdmin of the articles app, and taggit's Tag admin.

Every ModelAdmin of a model public pages show derives from `PublicContentAdmin`, so
every edit marks public content changed. ArticleAdmin saves through the one write
path (`articles.editorial.saving`): its `save_model` / `save_related` below are the
whole of it; its mixins only add panels and pages. An update that may not be changed
in place (a live one, `saving.edit_refusal`) has a read-only change page, inlines
included; its words change through its new version (`workflow_pages`).
"""

import taggit.admin
from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db import models
from django.db.models import Count, Q
from django.shortcuts import redirect
from django.template.loader import render_to_string
from django.template.response import TemplateResponse
from taggit.forms import MergeTagsForm
from taggit.models import Tag

from actors.admin import retag_selected_articles
from actors.models import Mention
from articles.admin.article_parts import ArticlePartAdmin, RefusalsAsMessages, edit_refusal_of
from articles.admin.briefing_import import import_briefing_urls
from articles.admin.edition import ArticlePdfMixin
from articles.admin.expert_review import (
    ExpertIdentityMixin,
    ExpertReviewPanelMixin,
    PendingReviewsMixin,
    apply_reviewed_changes,
    hold_reviewed_changes,
    revoke_selected_links,
    save_quote_formset,
)
from articles.admin.inlines import EfficientInline
from articles.admin.public_content import PublicContentAdmin
from articles.admin.spreadsheet_import import SpreadsheetImportExportMixin
from articles.admin.workflow_pages import (
    WORKFLOW_ACTIONS,
    ArticleAdminForm,
    ArticleWorkflowPagesMixin,
    check_source_links,
)
from articles.editorial.comments import post_comment
from articles.editorial.link_check import CHECK_FIELDS
from articles.editorial.saving import changing_article
from articles.editorial.topics import merge_topics
from articles.importers.spreadsheets import ArticleResource, ExpertResource, SourceResource
from articles.models import (
    Article,
    ArticleRedirect,
    Citation,
    EditorialComment,
    Expert,
    Quote,
    QuoteDecision,
    Region,
    ReviewLink,
    Revision,
    Series,
    Source,
    StatusChange,
)


class TaxonAdmin(PublicContentAdmin):
    list_display = ["name", "slug", "article_count"]
    search_fields = ["name", "description"]
    prepopulated_fields = {"slug": ["name"]}

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(article_count=Count("articles"))

    @admin.display(description="updates", ordering="article_count")
    def article_count(self, obj):
        return obj.article_count


admin.site.register(Series, TaxonAdmin)
admin.site.register(Region, TaxonAdmin)


@admin.register(Expert)
class ExpertAdmin(ExpertIdentityMixin, SpreadsheetImportExportMixin, PublicContentAdmin):
    resource_classes = [ExpertResource]
    list_display = ["name", "title", "role", "user", "is_published", "pending_quotes", "approved_quotes"]
    list_filter = ["is_published"]
    list_select_related = ["user"]
    search_fields = ["name", "title", "role", "areas", "bio"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["user"]
    fieldsets = [
        (None, {"fields": ["name", "slug", "title", "role", "bio", "photo", "areas", "is_published"]}),
        ("Where review links go", {"fields": ["email", "user"]}),
    ]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(
                pending=Count("quotes", filter=~Q(quotes__status=Quote.Status.APPROVED)),
                approved=Count("quotes", filter=Q(quotes__status=Quote.Status.APPROVED)),
            )
        )

    @admin.display(description="awaiting review", ordering="pending")
    def pending_quotes(self, obj):
        return obj.pending

    @admin.display(description="approved", ordering="approved")
    def approved_quotes(self, obj):
        return obj.approved


@admin.register(Source)
class SourceAdmin(SpreadsheetImportExportMixin, PublicContentAdmin):
    resource_classes = [SourceResource]
    actions = [check_source_links]
    list_display = ["title", "publisher", "url", "published_on", "check_result", "checked_at"]
    list_filter = ["check_result", "publisher"]
    search_fields = ["title", "url", "publisher"]
    readonly_fields = CHECK_FIELDS
    fieldsets = [
        (None, {"fields": ["url", "title", "publisher", "published_on", "accessed_on"]}),
        ("Last link check", {"fields": readonly_fields}),
    ]


class ArticleRowsInline(EfficientInline):
    """An inline of an update's rows: read-only when the update may not be changed in place."""

    def has_add_permission(self, request, obj=None):
        return super().has_add_permission(request, obj) and not (obj and edit_refusal_of(obj))

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and not (obj and edit_refusal_of(obj))

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and not (obj and edit_refusal_of(obj))


class QuoteInline(ArticleRowsInline):
    """The expert's note and proposed wording are shown in the Expert review panel above."""

    model = Quote
    fields = ["position", "expert", "actor", "kind", "text", "status", "source"]
    readonly_fields = ["status"]
    formfield_overrides = {models.TextField: {"widget": forms.Textarea(attrs={"rows": 3})}}
    autocomplete_fields = ["expert", "actor", "source"]
    select_related = ["expert", "actor", "source"]


class CitationInline(ArticleRowsInline):
    model = Citation
    fields = ["order", "source", "cited_text", "is_placeholder"]
    autocomplete_fields = ["source"]
    select_related = ["source"]


class MentionInline(ArticleRowsInline):
    model = Mention
    fields = ["actor", "origin", "count", "first_position"]
    readonly_fields = ["count", "first_position"]
    autocomplete_fields = ["actor"]
    select_related = ["actor", "article"]
    verbose_name = "actor"
    verbose_name_plural = "actors"


class TopicListFilter(admin.SimpleListFilter):
    title = "topic"
    parameter_name = "topic"

    def lookups(self, request, model_admin):
        return Article.topics.most_common().values_list("slug", "name")

    def queryset(self, request, queryset):
        return queryset.filter(topics__slug=self.value()) if self.value() else queryset


@admin.register(Article)
class ArticleAdmin(
    ArticlePdfMixin,
    RefusalsAsMessages,
    ArticleWorkflowPagesMixin,
    ExpertReviewPanelMixin,
    SpreadsheetImportExportMixin,
    PublicContentAdmin,
):
    form = ArticleAdminForm  # carries the version the editor opened
    resource_classes = [ArticleResource]
    actions = [*WORKFLOW_ACTIONS, retag_selected_articles]
    list_display = [
        "title",
        "new_version_state",
        "status",
        "publish_at",
        "series",
        "region",
        "owner",
        "topic_list",
        "updated_at",
    ]
    list_filter = [
        "status",
        "series",
        "region",
        TopicListFilter,
        ("actors", admin.RelatedOnlyFieldListFilter),
        ("authors", admin.RelatedOnlyFieldListFilter),
        ("quotes__expert", admin.RelatedOnlyFieldListFilter),
    ]
    list_select_related = ["series", "region", "owner", "new_version_of", "new_version"]
    search_fields = ["title", "slug", "standfirst", "research_question", "body"]
    date_hierarchy = "publish_at"
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["authors", "owner", "lead_image"]
    inlines = [QuoteInline, CitationInline, MentionInline]
    # Only the workflow's buttons and actions change status and publish time.
    readonly_fields = ["status", "publish_at", "created_at", "updated_at", "version"]
    fieldsets = [
        (
            None,
            {
                "fields": [
                    "title",
                    "slug",
                    ("series", "region"),
                    "standfirst",
                    "research_question",
                    "lead_image",
                    "body",
                ]
            },
        ),
        ("Attribution", {"fields": ["authors", "owner", "topics"]}),
        (
            "Publication",
            {"fields": ["status", "publish_at", "version", "expected_version", "created_at", "updated_at"]},
        ),
    ]

    change_list_template = "admin/articles/article/change_list.html"

    class Media:
        css = {"all": ["admin/hig/editor.css"]}

    def get_urls(self):
        return import_briefing_urls(self.admin_site) + super().get_urls()

    def get_changeform_initial_data(self, request):
        # The editor who starts an update is responsible for it until someone else takes it over.
        return {"owner": request.user.pk, **super().get_changeform_initial_data(request)}

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("topics")

    @admin.display(description="topics")
    def topic_list(self, obj):
        return ", ".join(tag.name for tag in obj.topics.all())

    # ---- Saving: one change through the write path ---------------------------------------------

    def save_model(self, request, obj, form, change):
        """Nothing here: `save_related` writes the update and its related rows as one change."""

    def save_related(self, request, form, formsets, change):
        """The update's fields, then authors, topics and inlines, then tagging, the revision and the page cache.

        `changing_article` writes the fields (refusing a stale save with `StaleArticle`), lets the
        related rows be saved inside its transaction, and on leaving tags, records the revision,
        keeps an old slug answering and marks public content changed.
        """
        expected = form.cleaned_data["expected_version"] if change else None
        with changing_article(form.instance, by=request.user, expected_version=expected):
            super().save_related(request, form, formsets, change)  # m2m fields, then `save_formset` per inline

    def save_formset(self, request, form, formset, change):
        if formset.model is Quote:
            save_quote_formset(formset, by=request.user)  # edits of reviewed quotes go through expert review
        else:
            super().save_formset(request, form, formset, change)

    def has_change_permission(self, request, obj=None):
        """A live update's page only shows it (inlines too); the write path refuses its change all the same."""
        return super().has_change_permission(request, obj) and not (obj and edit_refusal_of(obj))


@admin.register(Quote)
class QuoteAdmin(PendingReviewsMixin, ArticlePartAdmin):
    list_display = ["text_start", "expert", "actor", "article", "kind", "status", "reviewed_at"]
    list_filter = ["status", "kind", ("expert", admin.RelatedOnlyFieldListFilter)]
    list_select_related = ["expert", "actor", "article"]
    search_fields = ["text", "article__title", "expert__name", "actor__name"]
    autocomplete_fields = ["article", "expert", "actor", "source"]
    readonly_fields = ["status", "reviewer_note", "proposed_text", "reviewed_at"]

    @admin.display(description="text")
    def text_start(self, obj):
        return obj.text[:80]

    def save_part(self, request, obj, form, change):
        """A changed attribution or text of a saved quote goes through expert review (it may withdraw approval)."""
        held = hold_reviewed_changes(form) if change else {}
        super().save_part(request, obj, form, change)
        apply_reviewed_changes(obj, held, by=request.user)


@admin.register(Citation)
class CitationAdmin(ArticlePartAdmin):
    list_display = ["article", "order", "source", "cited_text", "is_placeholder"]
    list_filter = ["is_placeholder"]
    list_select_related = ["article", "source"]
    search_fields = ["cited_text", "source__title", "article__title"]
    autocomplete_fields = ["article", "source"]


class ReadOnlyAdmin(admin.ModelAdmin):
    """History is written by the workflow, never edited by hand."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(QuoteDecision)
class QuoteDecisionAdmin(ReadOnlyAdmin):
    list_display = ["quote", "decision", "made_by", "decided_at"]
    list_filter = ["decision"]
    list_select_related = ["quote__expert", "quote__actor", "decided_by", "via_link"]
    search_fields = ["text", "note", "quote__text"]

    @admin.display(description="made")
    def made_by(self, obj):
        return obj.made_by


@admin.register(ReviewLink)
class ReviewLinkAdmin(admin.ModelAdmin):
    """The review links sent: made only by sending one, never deleted (decisions refer to them); revoking
    (the list's action) is the only change."""

    actions = [revoke_selected_links]
    list_display = ["created_at", "expert", "article", "sent_to", "sent_by", "state"]
    list_filter = [("expert", admin.RelatedOnlyFieldListFilter), "created_at", "revoked_at"]
    list_select_related = ["expert", "article", "sent_by", "revoked_by"]
    search_fields = ["sent_to", "expert__name", "article__title"]
    readonly_fields = [
        "expert", "article", "sent_to", "sent_by", "created_at", "expires_at", "revoked_at", "revoked_by", "items",
    ]  # fmt: skip
    date_hierarchy = "created_at"

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description="state")
    def state(self, obj):
        return render_to_string("admin/articles/reviewlink/_state.html", {"link": obj})


@admin.register(Revision)
class RevisionAdmin(ReadOnlyAdmin):
    list_display = ["article", "number", "created_by", "created_at", "comment"]
    list_select_related = ["article", "created_by"]
    search_fields = ["article__title", "comment"]


@admin.register(StatusChange)
class StatusChangeAdmin(ReadOnlyAdmin):
    list_display = ["article", "from_status", "to_status", "by", "at", "comment"]
    list_filter = ["to_status"]
    list_select_related = ["article", "by"]
    search_fields = ["article__title", "comment"]


@admin.register(EditorialComment)
class EditorialCommentAdmin(admin.ModelAdmin):
    """A comment's author is whoever writes it, signed in: never a field of the form."""

    list_display = ["article", "author", "created_at", "body"]
    list_select_related = ["article", "author"]
    search_fields = ["body", "article__title"]
    autocomplete_fields = ["article"]
    fields = ["article", "author", "created_at", "body"]
    readonly_fields = ["author", "created_at"]

    def save_model(self, request, obj, form, change):
        if change:
            super().save_model(request, obj, form, change)  # new words; the author stays
        else:
            post_comment(obj, by=request.user)


@admin.register(ArticleRedirect)
class ArticleRedirectAdmin(PublicContentAdmin):
    list_display = ["old_slug", "article", "created_at"]
    list_select_related = ["article"]
    search_fields = ["old_slug", "article__title"]
    autocomplete_fields = ["article"]


# taggit's merge page reads the selected topics' ids from the session, under this key.
SELECTED_TAGS = "selected_tag_ids"


# taggit's own admin, with the base every public model's admin has: topics are public.
admin.site.unregister(Tag)


@admin.register(Tag)
class TagAdmin(PublicContentAdmin, taggit.admin.TagAdmin):
    """taggit's Tag admin, whose "Merge selected tags" needs `taggit.change_tag` and explains itself.

    taggit's merge page opens for any staff user, answers a POST with no (or a stale)
    selection with a 500, and drops the topic from every item already tagged with it when
    the topic merged into is one of the selected ones. Here the action and the page need the
    right to change topics (403 otherwise), the page merges only topics that still exist, says
    what to do when none is selected or the name is missing, merges into an existing topic of
    that name whatever its case (topics are case-insensitive), and marks public content changed.
    """

    @admin.action(description="Merge selected tags", permissions=["change"])
    def render_tag_form(self, request, queryset):
        # The action's queryset honours "select all"; the page's address holds no list filter.
        request.session[SELECTED_TAGS] = ",".join(str(pk) for pk in queryset.values_list("pk", flat=True))
        return redirect("admin:taggit_tag_merge_tags")

    def merge_tags_view(self, request):
        if not self.has_change_permission(request):
            raise PermissionDenied
        selected = self.tags_selected_for_merging(request)
        if not selected:
            self.message_user(
                request,
                "Select the topics to merge in the list, then choose “Merge selected tags” from the actions.",
                messages.WARNING,
            )
            return redirect("admin:taggit_tag_changelist")
        form = MergeTagsForm(request.POST if request.method == "POST" else None)
        if form.is_bound and form.is_valid():
            target = merge_topics(selected, into=form.cleaned_data["new_tag_name"].strip(), by=request.user)
            request.session.pop(SELECTED_TAGS, None)
            self.message_user(request, f"Merged {len(selected)} topics into “{target.name}”.", messages.SUCCESS)
            return redirect("admin:taggit_tag_changelist")
        if form.is_bound:
            self.message_user(request, "Enter the name of the topic to merge the selected ones into.", messages.ERROR)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": f"Merge topics: {', '.join(tag.name for tag in selected)}",
            "form": form,
        }
        return TemplateResponse(request, "admin/taggit/merge_tags_form.html", context)

    def tags_selected_for_merging(self, request):
        ids = [part for part in str(request.session.get(SELECTED_TAGS, "")).split(",") if part.isdecimal()]
        return list(Tag.objects.filter(pk__in=ids).order_by("name"))
