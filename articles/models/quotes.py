from django.conf import settings
from django.db import models
from django.db.models import OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone

from .people import Expert


class QuoteQuerySet(models.QuerySet):
    def of_experts(self):
        return self.filter(expert__isnull=False)

    def public(self):
        """The only quotes readers ever see: approved by their expert, who has a public profile.

        An actor's words are never shown as a quote. `Quote.is_public` judges one quote in
        hand; whether the update is published is the caller's question (`in_published_articles()`).
        """
        return self.filter(status=Quote.PUBLIC_STATUS, expert__in=Expert.objects.published())

    def in_published_articles(self):
        article_model = self.model._meta.get_field("article").related_model
        return self.filter(article__in=article_model.objects.published())

    def open(self):
        """Experts' items not yet approved: pending, or with a change requested."""
        return self.of_experts().exclude(status=Quote.Status.APPROVED)

    def with_waiting_since(self):
        """Annotate `waiting_since`: the item's last decision, or its creation when it has none.

        A pending item waits on its expert since it was created or last sent
        back (approval withdrawn, proposal rejected); an item with a change
        requested waits on the editors since that request.
        """
        last_decision = QuoteDecision.objects.filter(quote=OuterRef("pk")).order_by("-decided_at", "-pk")
        return self.annotate(waiting_since=Coalesce(Subquery(last_decision.values("decided_at")[:1]), "created_at"))


class Quote(models.Model):
    """Words or a paraphrase attributed to one expert or one actor in an article.

    An expert's item must be approved by that expert before publication; an
    actor's item needs no approval but must be backed by a source.
    """

    class Kind(models.TextChoices):
        QUOTE = "quote", "Quote"
        PARAPHRASE = "paraphrase", "Paraphrase"

    class Status(models.TextChoices):
        PENDING = "pending", "Pending"
        APPROVED = "approved", "Approved"
        CHANGES_REQUESTED = "changes_requested", "Changes requested"

    # Only what its expert approved is ever published.
    PUBLIC_STATUS = Status.APPROVED

    article = models.ForeignKey("articles.Article", on_delete=models.CASCADE, related_name="quotes")
    expert = models.ForeignKey(
        "articles.Expert", on_delete=models.PROTECT, null=True, blank=True, related_name="quotes"
    )
    actor = models.ForeignKey("actors.Actor", on_delete=models.PROTECT, null=True, blank=True, related_name="quotes")
    text = models.TextField(help_text="The exact words, or the paraphrase as it reads in the update.")
    kind = models.CharField(max_length=20, choices=Kind, default=Kind.QUOTE)
    status = models.CharField(max_length=20, choices=Status, default=Status.PENDING, db_index=True)
    reviewer_note = models.TextField(blank=True, help_text="The expert's note when asking for a change.")
    proposed_text = models.TextField(blank=True, help_text="Wording the expert proposes instead.")
    reviewed_at = models.DateTimeField(null=True, blank=True)
    source = models.ForeignKey(
        "articles.Source",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="quotes",
        help_text="Where an actor's words were reported.",
    )
    position = models.PositiveIntegerField(default=0, help_text="Order within the article.")
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    objects = QuoteQuerySet.as_manager()

    class Meta:
        ordering = ["article", "position", "pk"]
        permissions = [("review_own_quotes", "Can review the quotes attributed to oneself")]
        constraints = [
            models.CheckConstraint(
                condition=(Q(expert__isnull=False) & Q(actor__isnull=True))
                | (Q(expert__isnull=True) & Q(actor__isnull=False)),
                name="quote_attributed_to_expert_xor_actor",
                violation_error_message="A quote is attributed to exactly one expert or one actor.",
            ),
        ]

    def __str__(self):
        speaker = self.expert or self.actor
        return f"{speaker}: {self.text[:60]}"

    @property
    def speaker(self):
        return self.expert or self.actor

    @property
    def is_public(self):
        """`Quote.objects.public()` for one quote in hand (previews judge unsaved ones)."""
        return self.status == self.PUBLIC_STATUS and self.expert is not None and self.expert.is_published


class QuoteDecision(models.Model):
    """One decision on a quote, kept forever: who, when, what, and the exact text decided on."""

    class Decision(models.TextChoices):
        APPROVED = "approved", "Approved"
        CHANGES_REQUESTED = "changes_requested", "Changes requested"
        PROPOSED = "proposed", "Proposed new wording"
        WITHDRAWN = "withdrawn", "Approval withdrawn (text edited)"
        ACCEPTED = "accepted", "Proposed wording accepted"
        REJECTED = "rejected", "Proposed wording rejected"

    quote = models.ForeignKey(Quote, on_delete=models.CASCADE, related_name="decisions")
    decision = models.CharField(max_length=20, choices=Decision)
    text = models.TextField(help_text="The text the decision was made on.")
    note = models.TextField(blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text="Who decided, signed in; empty for a decision made through a review link.",
    )
    # A decision made through a review link is that link's, whoever holds it: never an account's.
    # PROTECT: the link is part of the decision's history.
    via_link = models.ForeignKey(
        "articles.ReviewLink",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="decisions",
        verbose_name="through the review link",
    )
    decided_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-decided_at", "-pk"]

    def __str__(self):
        return f"{self.get_decision_display()} — {self.quote}"

    @property
    def made_by(self):
        """How the decision was made, for histories: "by Eva Editor", "through the link sent to x@y on
        3 May 2026", or "" when nobody was recorded (decisions from before links were stored, commands)."""
        if self.via_link_id:
            return f"through {self.via_link.describe()}"
        if self.decided_by_id:
            return f"by {self.decided_by.get_full_name() or self.decided_by.get_username()}"
        return ""
