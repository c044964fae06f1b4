"""The expert review in the admin.

`ExpertReviewPanelMixin` (on ArticleAdmin, view only) adds an "Expert review"
panel to an article's change form: every expert item with its state, the
expert's note or proposed wording and its history, with buttons to accept or
reject a proposed wording and to email an expert a review link. The buttons sit
inside the change form and post to their own URLs (`formaction`), so the page
needs no script.

`save_quote_formset` and `hold_reviewed_changes` / `apply_reviewed_changes`
route quote edits, in the article's quote inline (ArticleAdmin.save_formset) and
on a quote's own change form (QuoteAdmin.save_model), through `attribute_quote`
and `edit_quote_text`, so editing the text of an approved quote, or giving it to
another expert, withdraws its approval. ArticleAdmin calls it inside its save
through the write path, so the revision holds the quotes as edited.

`PendingReviewsMixin` (on QuoteAdmin, view only) adds the dashboard of pending
reviews by expert at `/admin/articles/quote/pending-reviews/`.

`ExpertIdentityMixin` (on ExpertAdmin) saves an expert through
`articles.editorial.experts.changing_expert`, shows their email address and account
read-only to anyone but Admins, and lists the review links sent to the expert with a
button (and a list action) revoking them all; `revoke_selected_links` is the action of
the review links' own list. Revoking a link needs the right to change review links.
"""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, redirect
from django.template.defaultfilters import pluralize
from django.template.loader import render_to_string
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from articles.admin.article_parts import edit_refusal_of
from articles.editorial.experts import IDENTITY_FIELDS, changing_expert, may_change_identity
from articles.editorial.saving import ReadOnlyArticle
from articles.expert_review import services as review
from articles.models import Article, Expert, Quote, QuoteDecision, ReviewLink

PANEL = "expert_review"


REVIEWED_FIELDS = ("expert", "actor", "text")


def hold_reviewed_changes(form):
    """Take back, on a saved quote's unsaved instance, the changes that must go through `articles.expert_review.services`.

    Returns them as {field: new value} (empty when there are none), for `apply_reviewed_changes`
    once the rest of the form is saved.
    """
    changed = [name for name in REVIEWED_FIELDS if name in form.changed_data]
    if not form.instance.pk or not changed:
        return {}
    held = {name: form.cleaned_data.get(name, getattr(form.instance, name)) for name in REVIEWED_FIELDS}
    for name in changed:
        field = form.instance._meta.get_field(name)
        setattr(form.instance, field.attname, form.initial[name])
    return held


def apply_reviewed_changes(quote, held, *, by):
    """Apply the changes `hold_reviewed_changes` took back, through the expert review services."""
    if held:
        review.attribute_quote(quote, expert=held["expert"], actor=held["actor"], by=by)
        review.edit_quote_text(quote, text=held["text"], by=by)


def save_quote_formset(formset, *, by):
    """Save a quote inline; changed attributions and texts of saved quotes go through expert review."""
    held = [
        (quote_form.instance, hold_reviewed_changes(quote_form))
        for quote_form in formset.initial_forms
        if quote_form not in formset.deleted_forms
    ]
    formset.save()
    for quote, changes in held:
        apply_reviewed_changes(quote, changes, by=by)


class ExpertReviewPanelMixin:
    """For ArticleAdmin: the expert review panel and its buttons' views; it saves nothing itself."""

    def get_urls(self):
        def view(method):
            return self.admin_site.admin_view(require_POST(method))

        return [
            path(
                "<path:object_id>/review/<int:quote_id>/accept/",
                view(self.accept_wording_view),
                name=self._url_name("review_accept"),
            ),
            path(
                "<path:object_id>/review/<int:quote_id>/reject/",
                view(self.reject_wording_view),
                name=self._url_name("review_reject"),
            ),
            path(
                "<path:object_id>/review/send-link/<int:expert_id>/",
                view(self.send_review_link_view),
                name=self._url_name("review_send_link"),
            ),
        ] + super().get_urls()

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        return [*fields, PANEL] if obj else fields

    def get_fieldsets(self, request, obj=None):
        fieldsets = list(super().get_fieldsets(request, obj))
        if obj:
            fieldsets.append(("Expert review", {"fields": [PANEL], "classes": ["expert-review"]}))
        return fieldsets

    def expert_review(self, article):
        quotes = (
            article.quotes.of_experts()
            .select_related("expert__user")
            .prefetch_related(Prefetch("decisions", QuoteDecision.objects.select_related("decided_by", "via_link")))
            .order_by("position", "pk")
        )
        experts = {quote.expert: None for quote in quotes}
        return render_to_string(
            "admin/articles/article/expert_review.html",
            {
                "article": article,
                "quotes": quotes,
                "experts": list(experts),
                "status": Quote.Status,
                # A live update's items are acted on in its new version: the buttons would be refused.
                "refusal": edit_refusal_of(article),
                "accept_url": "admin:" + self._url_name("review_accept"),
                "reject_url": "admin:" + self._url_name("review_reject"),
                "send_link_url": "admin:" + self._url_name("review_send_link"),
            },
        )

    expert_review.short_description = "Items attributed to experts"

    def _review_target(self, request, object_id):
        article = get_object_or_404(Article, pk=object_id)
        if not self.has_change_permission(request, article):
            raise PermissionDenied
        return article

    def _url_name(self, view):
        return f"{self.opts.app_label}_{self.opts.model_name}_{view}"

    def _back_to_panel(self, article):
        return redirect(reverse("admin:" + self._url_name("change"), args=[article.pk]) + "#expert-review")

    def _decide(self, request, object_id, quote_id, decide):
        article = self._review_target(request, object_id)
        if not request.user.has_perm("articles.change_quote"):
            raise PermissionDenied
        quote = get_object_or_404(article.quotes.of_experts(), pk=quote_id)
        try:
            message = decide(quote)
        except (review.ReviewError, ReadOnlyArticle) as error:
            messages.error(request, str(error))
        else:
            messages.success(request, message)
        return self._back_to_panel(article)

    def accept_wording_view(self, request, object_id, quote_id):
        def accept(quote):
            review.accept_proposed_wording(quote, by=request.user)
            return "The proposed wording now stands in the text of the update, and the item is approved."

        return self._decide(request, object_id, quote_id, accept)

    def reject_wording_view(self, request, object_id, quote_id):
        def reject(quote):
            note = request.POST.get(f"reject-note-{quote.pk}", "")
            review.reject_proposed_wording(quote, by=request.user, note=note)
            return f"The proposed wording was rejected; {quote.expert} has been asked to review the item again."

        return self._decide(request, object_id, quote_id, reject)

    def send_review_link_view(self, request, object_id, expert_id):
        article = self._review_target(request, object_id)
        expert = get_object_or_404(Expert.objects.select_related("user"), pk=expert_id)
        try:
            review.send_review_request(expert, article, by=request.user)
        except review.ReviewError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, f"A review link was emailed to {expert} at {expert.contact_email}.")
        return self._back_to_panel(article)


class PendingReviewsMixin:
    """For QuoteAdmin: the pending reviews dashboard; it saves nothing itself."""

    change_list_template = "admin/articles/quote/review_change_list.html"

    def get_urls(self):
        name = f"{self.opts.app_label}_{self.opts.model_name}_pending_reviews"
        return [
            path("pending-reviews/", self.admin_site.admin_view(self.pending_reviews_view), name=name),
        ] + super().get_urls()

    def pending_reviews_view(self, request):
        """Every expert item not yet approved, by expert, oldest first, with how long it has waited."""
        if not self.has_view_permission(request):
            raise PermissionDenied
        quotes = (
            Quote.objects.open()
            .with_waiting_since()
            .select_related("expert", "article")
            .order_by("expert__name", "expert", "waiting_since", "pk")
        )
        context = {
            **self.admin_site.each_context(request),
            "title": "Pending expert reviews",
            "opts": self.opts,
            "quotes": quotes,
            "now": timezone.now(),
            "due_after_days": review.REVIEW_DUE_AFTER.days,
        }
        return TemplateResponse(request, "admin/articles/quote/pending_reviews.html", context)


# ---- Review links and who an expert is ------------------------------------------------------------

REVOKE_PERMISSION = "articles.change_reviewlink"
LINKS_SHOWN = 20  # on an expert's page; the list of review links has them all


def _revoked_message(count, expert=None):
    of = f" of {expert}" if expert else ""
    return f"Revoked {count} review link{pluralize(count)}{of}." if count else f"No active review link{of} to revoke."


@admin.action(description="Revoke the selected review links", permissions=["change"])
def revoke_selected_links(modeladmin, request, queryset):
    modeladmin.message_user(request, _revoked_message(queryset.revoke(by=request.user)))


class ExpertIdentityMixin:
    """For ExpertAdmin: who may change an expert's address and account, and the expert's review links."""

    actions = ["revoke_review_links"]

    def get_urls(self):
        name = f"{self.opts.app_label}_{self.opts.model_name}_revoke_review_links"
        view = self.admin_site.admin_view(require_POST(self.revoke_review_links_view))
        return [path("<path:object_id>/revoke-review-links/", view, name=name)] + super().get_urls()

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        if not may_change_identity(request.user):
            fields += IDENTITY_FIELDS
        return [*fields, "review_links"] if obj else fields

    def get_fieldsets(self, request, obj=None):
        fieldsets = list(super().get_fieldsets(request, obj))
        return [*fieldsets, ("Review links sent", {"fields": ["review_links"]})] if obj else fieldsets

    def save_model(self, request, obj, form, change):
        with changing_expert(obj, by=request.user):
            super().save_model(request, obj, form, change)

    def has_revoke_permission(self, request):
        return request.user.has_perm(REVOKE_PERMISSION)

    @admin.display(description="Review links sent, newest first")
    def review_links(self, expert):
        links = expert.review_links.select_related("article", "sent_by", "revoked_by")
        return render_to_string(
            "admin/articles/expert/review_links.html",
            {
                "expert": expert,
                "links": links[:LINKS_SHOWN],
                "more": links.count() > LINKS_SHOWN,
                "revoke_url": reverse(
                    f"admin:{self.opts.app_label}_{self.opts.model_name}_revoke_review_links", args=[expert.pk]
                ),
            },
        )

    @admin.action(description="Revoke every review link of the selected experts", permissions=["revoke"])
    def revoke_review_links(self, request, queryset):
        count = ReviewLink.objects.filter(expert__in=queryset).revoke(by=request.user)
        self.message_user(request, _revoked_message(count))

    def revoke_review_links_view(self, request, object_id):
        if not self.has_revoke_permission(request):
            raise PermissionDenied
        expert = get_object_or_404(Expert, pk=object_id)
        count = expert.review_links.revoke(by=request.user)
        self.message_user(request, _revoked_message(count, expert))
        return redirect(reverse(f"admin:{self.opts.app_label}_{self.opts.model_name}_change", args=[expert.pk]))
