"""The editorial workflow in the article admin: the change form, transitions, revisions, previews, comments.

- `ArticleAdminForm` carries the version the form was opened at (a hidden field), so
  ArticleAdmin's save (through `articles.editorial.saving`) refuses a stale one with
  what changed meanwhile;
- `WORKFLOW_ACTIONS`, the list actions: transitions and link checks;
- `ArticleWorkflowPagesMixin` (view only, no saving) shows preflight problems, the audit
  log, recent revisions and comments on the change form, and adds the pages to list,
  compare, preview, share and restore revisions, and the transition buttons' pages.
  Status and publish time change only there, through the workflow functions.
- Live and latest: a published update's page is read-only, with a "Start a new version"
  button (`articles.editorial.new_versions.start_new_version`) or a link to the new
  version in the making; a new version's page links to its live update, shows what
  differs from it and has a "Discard" button; the changelist marks both (`new_version_state`). Restoring a revision
  of a live update restores it into its new version.
"""

import logging

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html

from articles.editorial import workflow
from articles.editorial.comments import add_comment
from articles.editorial.link_check import check_sources_task, sources_cited_by
from articles.editorial.new_versions import (
    NewVersionRefused,
    RestoreRefused,
    discard_new_version,
    restore_revision,
    start_new_version,
)
from articles.editorial.preflight import run_preflight
from articles.editorial.revisions import diff_revisions, diff_snapshots, snapshot
from articles.editorial.saving import ReadOnlyArticle, StaleArticle, find_conflict
from articles.models import Article
from articles.public.article_page import render_article_page
from articles.public.preview import PREVIEW_LINK_MAX_AGE, article_from_revision, preview_token

Status = Article.Status
logger = logging.getLogger(__name__)


class ArticleAdminForm(forms.ModelForm):
    """Carries the version the editor opened; a save from an older version is refused."""

    expected_version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    conflict = None

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["expected_version"].initial = self.instance.version

    def clean(self):
        cleaned = super().clean()
        if self.instance.pk:
            expected = cleaned.get("expected_version")
            if expected is None:
                raise ValidationError("This form does not say which version you opened; reload the update.")
            self.conflict = find_conflict(self.instance, expected)
            if self.conflict:
                raise ValidationError(str(self.conflict))
        return cleaned


class TransitionForm(forms.Form):
    comment = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), required=False)


class ApproveForm(TransitionForm):
    """Carries the version the approver read, so a save made meanwhile is not approved unseen."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


class PublishForm(TransitionForm):
    at = forms.DateTimeField(
        label="Publish at",
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
        help_text="Leave empty to publish now; a future time schedules the update.",
    )


def _bulk_transition(name, description):
    @admin.action(description=description, permissions=["change"])
    def action(modeladmin, request, queryset):
        done, refused = 0, []
        for article in queryset:
            try:
                workflow.TRANSITION_FUNCTIONS[name](article, by=request.user)
                done += 1
            except workflow.WorkflowError as error:
                refused.append(str(error))
        if done:
            modeladmin.message_user(request, f"{description}: {done} update(s).", messages.SUCCESS)
        for message in refused:
            modeladmin.message_user(request, message, messages.ERROR)

    action.__name__ = f"{name}_selected"
    return action


def _start_link_check(modeladmin, request, ids):
    """Queue the link check of the sources `ids`; True, or False after telling the user it could not start."""
    try:
        check_sources_task.enqueue(ids)
    except Exception:  # noqa: BLE001 — a task queue that is down must not break the page
        logger.exception("Could not queue the link check of %d source(s).", len(ids))
        modeladmin.message_user(
            request, "The link check could not be started; nothing was changed. Try again later.", messages.ERROR
        )
        return False
    return True


@admin.action(description="Check the links of their sources", permissions=["change"])
def check_links(modeladmin, request, queryset):
    ids = list(sources_cited_by(queryset).values_list("pk", flat=True))
    if _start_link_check(modeladmin, request, ids):
        modeladmin.message_user(request, f"Checking {len(ids)} source link(s); results appear on each source.")


@admin.action(description="Check their links", permissions=["change"])
def check_source_links(modeladmin, request, queryset):
    ids = list(queryset.exclude(url="").values_list("pk", flat=True))
    if _start_link_check(modeladmin, request, ids):
        modeladmin.message_user(request, f"Checking {len(ids)} link(s); the results appear on each source.")


WORKFLOW_ACTIONS = [
    _bulk_transition("submit", "Submit for review"),
    _bulk_transition("approve", "Approve"),
    _bulk_transition("publish", "Publish now"),
    _bulk_transition("unpublish", "Unpublish"),
    _bulk_transition("archive", "Archive"),
    check_links,
]


class ArticleWorkflowPagesMixin:
    """For ArticleAdmin: the workflow's panels on the change form and its pages; it saves nothing itself."""

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if obj is not None and obj.pk:
            context.update(self._versions_context(obj))
            context.update(
                transitions=workflow.allowed_transitions(obj, request.user),
                preflight_problems=run_preflight(obj),
                audit_log=[
                    (change, Status(change.from_status).label, Status(change.to_status).label)
                    for change in obj.status_changes.select_related("by")
                ],
                recent_revisions=obj.revisions.select_related("created_by")[:5],
                comments=obj.comments.select_related("author"),
                can_comment=request.user.has_perm("articles.add_editorialcomment"),
            )
        return super().render_change_form(request, context, add, change, form_url, obj)

    # ---- Extra pages ----------------------------------------------------------------------

    def get_urls(self):
        def route(pattern, view, name):
            return path(pattern, self.admin_site.admin_view(view), name=f"articles_article_{name}")

        return [
            route("<path:object_id>/revisions/", self.revisions_view, "revisions"),
            route("<path:object_id>/revisions/compare/", self.compare_view, "compare"),
            route("<path:object_id>/revisions/<int:number>/preview/", self.preview_view, "preview"),
            route("<path:object_id>/revisions/<int:number>/share/", self.share_view, "share"),
            route("<path:object_id>/revisions/<int:number>/restore/", self.restore_view, "restore"),
            route("<path:object_id>/transition/<str:name>/", self.transition_view, "transition"),
            route("<path:object_id>/comment/", self.comment_view, "comment"),
            route("<path:object_id>/new-version/", self.new_version_view, "new_version"),
            route("<path:object_id>/discard/", self.discard_view, "discard"),
            *super().get_urls(),
        ]

    def _article(self, request, object_id, *, change=False):
        """The update, for someone who may view it, or (`change`) change updates: a live one included,
        as what changes it (a restore) goes into its new version."""
        article = self.get_object(request, unquote(object_id))
        if article is None:
            raise Http404("No such update.")
        allowed = self.has_change_permission(request) if change else self.has_view_permission(request, article)
        if not allowed:
            raise PermissionDenied
        return article

    def _page(self, request, template, article, title, **context):
        return TemplateResponse(
            request,
            f"admin/articles/article/{template}",
            {
                **self.admin_site.each_context(request),
                "opts": self.opts,
                "original": article,
                "title": title,
                **context,
            },
        )

    def _change_url(self, article):
        return reverse("admin:articles_article_change", args=[article.pk])

    def revisions_view(self, request, object_id):
        article = self._article(request, object_id)
        revisions = article.revisions.select_related("created_by")
        return self._page(request, "revisions.html", article, f"Revisions of “{article}”", revisions=revisions)

    def compare_view(self, request, object_id):
        article = self._article(request, object_id)
        try:
            numbers = sorted(int(request.GET[key]) for key in ("a", "b"))
        except (KeyError, ValueError):
            self.message_user(request, "Choose two revisions to compare.", messages.WARNING)
            return HttpResponseRedirect(reverse("admin:articles_article_revisions", args=[article.pk]))
        old, new = (get_object_or_404(article.revisions, number=number) for number in numbers)
        changes = diff_revisions(old, new)
        title = f"Revision {old.number} → {new.number} of “{article}”"
        return self._page(request, "compare.html", article, title, old=old, new=new, changes=changes)

    def preview_view(self, request, object_id, number):
        article = self._article(request, object_id)
        revision = get_object_or_404(article.revisions, number=number)
        return render_article_page(request, article_from_revision(revision), preview=True, revision=revision)

    def share_view(self, request, object_id, number):
        article = self._article(request, object_id, change=True)
        revision = get_object_or_404(article.revisions, number=number)
        link = request.build_absolute_uri(reverse("article-preview", args=[preview_token(revision)]))
        expires = timezone.now() + PREVIEW_LINK_MAX_AGE
        title = f"Preview link for revision {number} of “{article}”"
        return self._page(request, "share.html", article, title, revision=revision, link=link, expires=expires)

    def restore_view(self, request, object_id, number):
        article = self._article(request, object_id, change=True)
        revision = get_object_or_404(article.revisions, number=number)
        if request.method == "POST":
            try:
                restored = restore_revision(
                    revision, by=request.user, expected_version=int(request.POST.get("expected_version", 0))
                )
            except (StaleArticle, RestoreRefused, ReadOnlyArticle, NewVersionRefused) as error:
                self.message_user(request, str(error), messages.ERROR)
                return HttpResponseRedirect(reverse("admin:articles_article_revisions", args=[article.pk]))
            into = "" if restored.article_id == article.pk else " into its new version"
            self.message_user(
                request, f"Restored revision {number}{into} as revision {restored.number}.", messages.SUCCESS
            )
            return HttpResponseRedirect(self._change_url(restored.article))
        latest = article.revisions.first()
        changes = diff_revisions(latest, revision) if latest else []
        title = f"Restore revision {number} of “{article}”?"
        return self._page(request, "restore.html", article, title, revision=revision, latest=latest, changes=changes)

    def transition_view(self, request, object_id, name):
        article = self._article(request, object_id)
        transition = workflow.TRANSITIONS.get(name)
        if transition is None:
            raise Http404("No such transition.")
        form_class = {"publish": PublishForm, "approve": ApproveForm}.get(name, TransitionForm)
        form = form_class(request.POST or None, initial={"version": article.version})
        if request.method == "POST" and form.is_valid():
            options = {key: value for key, value in form.cleaned_data.items() if value}
            try:
                change = workflow.TRANSITION_FUNCTIONS[name](article, by=request.user, **options)
            except workflow.WorkflowError as error:
                form.add_error(None, str(error))
            else:
                moved = change.article  # the live update, when a new version was published into it
                self.message_user(
                    request, f"{transition.label}: “{moved}” is now {Status(change.to_status).label.lower()}."
                )
                return HttpResponseRedirect(self._change_url(moved))
        return self._page(
            request,
            "transition.html",
            article,
            f"{transition.label}: “{article}”",
            transition=transition,
            form=form,
            refusal=transition.refusal(article, request.user),
            problems=run_preflight(article) if name == "publish" else [],
        )

    # ---- Live and latest ------------------------------------------------------------------

    def _versions_context(self, article):
        """What the change form says of new versions: the live update's, or the new version's, and what differs."""
        if article.is_new_version:
            live = article.new_version_of
            return {"live": live, "differences": diff_snapshots(snapshot(live), snapshot(article))}
        return {
            "new_version": Article.objects.filter(new_version_of=article).first(),
            "may_start_new_version": article.status == Status.PUBLISHED,
        }

    def new_version_view(self, request, object_id):
        """Start a new version of a live update (or open the one in the making) and go to its page."""
        article = self._article(request, object_id, change=True)
        if request.method != "POST":
            return HttpResponseRedirect(self._change_url(article))
        try:
            new = start_new_version(article, by=request.user)
        except NewVersionRefused as error:
            self.message_user(request, str(error), messages.ERROR)
            return HttpResponseRedirect(self._change_url(article))
        self.message_user(
            request,
            f"This is the new version of “{article}”. Readers see the live update until this version is approved "
            "by another editor and published.",
        )
        return HttpResponseRedirect(self._change_url(new))

    def discard_view(self, request, object_id):
        """Ask, then discard a new version and go back to its live update."""
        article = self._article(request, object_id, change=True)
        if request.method != "POST":
            return self._page(request, "discard.html", article, f"Discard the new version of “{article}”?")
        try:
            live = discard_new_version(article, by=request.user)
        except NewVersionRefused as error:
            self.message_user(request, str(error), messages.ERROR)
            return HttpResponseRedirect(self._change_url(article))
        self.message_user(request, f"The new version of “{live}” was discarded; the live update is unchanged.")
        return HttpResponseRedirect(self._change_url(live))

    @admin.display(description="new version")
    def new_version_state(self, obj):
        """For the changelist: a new version names its live update; a live update with a new version links to it."""
        if obj.is_new_version:
            return format_html(
                '<span class="new-version">New version of <a href="{}">{}</a></span>',
                self._change_url(obj.new_version_of),
                obj.new_version_of,
            )
        new = getattr(obj, "new_version", None)
        if new is None:
            return "—"
        return format_html('<a href="{}">New version: {}</a>', self._change_url(new), new.get_status_display().lower())

    def comment_view(self, request, object_id):
        article = self._article(request, object_id)
        if request.method != "POST" or not request.user.has_perm("articles.add_editorialcomment"):
            raise PermissionDenied
        try:
            add_comment(article, by=request.user, body=request.POST.get("body", ""))
        except ValidationError as error:
            self.message_user(request, " ".join(error.messages), messages.ERROR)
        else:
            self.message_user(request, "Comment added; the authors and owner have been emailed.")
        return HttpResponseRedirect(self._change_url(article) + "#comments")
