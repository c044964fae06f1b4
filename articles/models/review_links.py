from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.formats import date_format


class ReviewLinkQuerySet(models.QuerySet):
    def active(self):
        """Links that still open: neither revoked nor expired (whether their expert may still use them is
        `articles.expert_review.services.verify_review_token`'s question)."""
        return self.filter(revoked_at__isnull=True, expires_at__gt=timezone.now())

    def revoke(self, *, by):
        """Revoke every link here not revoked yet, as done by `by` now; answers how many."""
        return self.filter(revoked_at__isnull=True).update(revoked_at=timezone.now(), revoked_by=by)


class ReviewLink(models.Model):
    """A review link emailed to an expert: to which address, by whom, until when, and the exact words of
    each item it was sent for. Its token carries only its id, so it can be revoked, and an item whose
    words changed since can no longer be answered through it."""

    class State(models.TextChoices):
        ACTIVE = "active", "Active"
        EXPIRED = "expired", "Expired"
        REVOKED = "revoked", "Revoked"

    expert = models.ForeignKey("articles.Expert", on_delete=models.CASCADE, related_name="review_links")
    article = models.ForeignKey("articles.Article", on_delete=models.CASCADE, related_name="review_links")
    sent_to = models.EmailField(help_text="The address the link was emailed to.")
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text="Empty for the links reminders and notifications send.",
    )
    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    expires_at = models.DateTimeField()
    revoked_at = models.DateTimeField(null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    items = models.JSONField(help_text="The words of each item the link was sent for: {quote id: text}.")

    objects = ReviewLinkQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(expires_at__gt=models.F("created_at")),
                name="review_link_expires_after_it_is_made",
                violation_error_message="A review link must expire after it is made.",
            ),
        ]

    def __str__(self):
        return f"Review link for {self.expert} on “{self.article}”, sent to {self.sent_to}"

    @property
    def state(self):
        if self.revoked_at:
            return self.State.REVOKED
        if self.expires_at <= timezone.now():
            return self.State.EXPIRED
        return self.State.ACTIVE

    def revoke(self, *, by):
        """Revoke this link (when not revoked already)."""
        ReviewLink.objects.filter(pk=self.pk).revoke(by=by)
        self.refresh_from_db(fields=["revoked_at", "revoked_by"])

    def sent_for(self, quote):
        """Whether the link was sent for `quote` as its words read now."""
        return self.items.get(str(quote.pk)) == quote.text

    def describe(self):
        """ "the link sent to x@y on 3 May 2026", for histories."""
        return f"the link sent to {self.sent_to} on {date_format(timezone.localtime(self.created_at), 'j M Y')}"
