"""Actors (states, people, organisations, groups), their aliases, relations and mentions.

Their visibility rules: `Actor.objects.published()`, `Mention.objects.counted()` (no
mention an editor rejected) and `public()` (counted, actor published; `Mention.is_public`
for one in hand), `Relation.objects.public()` (both actors published).
"""

from django.core.validators import RegexValidator
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Lower
from django.urls import reverse


class ActorQuerySet(models.QuerySet):
    def published(self):
        """Actors with a public page; no other actor is ever shown to readers."""
        return self.filter(is_published=True)

    def without_public_page(self):
        return self.filter(is_published=False)


class Actor(models.Model):
    class Kind(models.TextChoices):
        STATE = "state", "State"
        PERSON = "person", "Person"
        ORGANISATION = "organisation", "Organisation"
        GROUP = "group", "Group"
        OTHER = "other", "Other"

    name = models.CharField(max_length=200)
    slug = models.SlugField(max_length=200, unique=True)
    kind = models.CharField(max_length=20, choices=Kind, default=Kind.STATE, db_index=True)
    description = models.TextField("short description", blank=True)
    country = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="nationals",
        limit_choices_to={"kind": "state"},
        help_text="For a person: the state they belong to or lead.",
    )
    wikidata_id = models.CharField(
        "Wikidata id",
        max_length=20,
        blank=True,
        validators=[RegexValidator(r"^Q[1-9][0-9]*$", "A Wikidata id looks like Q148.")],
    )
    is_published = models.BooleanField(
        "public page", default=True, help_text="Only actors with a public page are tagged on published updates."
    )

    objects = ActorQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        permissions = [("import_actor", "Can import actors")]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("actor-detail", kwargs={"slug": self.slug})


class Alias(models.Model):
    """Another way the text names an actor: "DPRK", "Pyongyang", "North Korean", "Sino-"."""

    class Kind(models.TextChoices):
        NAME = "name", "Name"
        ABBREVIATION = "abbreviation", "Abbreviation"
        DEMONYM = "demonym", "Demonym"
        CAPITAL = "capital", "Capital (for the government)"
        PREFIX = "prefix", "Prefix (e.g. Sino-)"

    actor = models.ForeignKey(Actor, on_delete=models.CASCADE, related_name="aliases")
    text = models.CharField(max_length=200)
    kind = models.CharField(max_length=20, choices=Kind, default=Kind.NAME)

    class Meta:
        ordering = ["actor", "kind", "text"]
        verbose_name_plural = "aliases"
        constraints = [
            models.UniqueConstraint(
                Lower("text"),
                "actor",
                name="alias_text_unique_per_actor",
                violation_error_message="This actor already has that alias.",
            ),
        ]

    def __str__(self):
        return self.text


class RelationQuerySet(models.QuerySet):
    def public(self):
        """Relations readers may see: both actors have a public page."""
        published = Actor.objects.published()
        return self.filter(from_actor__in=published, to_actor__in=published)


class Relation(models.Model):
    """A dated relation between two actors, such as an alliance or a treaty."""

    class Kind(models.TextChoices):
        ALLIANCE = "alliance", "Alliance"
        TREATY = "treaty", "Treaty"
        PARTNERSHIP = "partnership", "Partnership"
        VISIT = "visit", "Visit"
        MEETING = "meeting", "Meeting"
        EVENT = "event", "Event"
        SANCTION = "sanction", "Sanction"
        TRADE = "trade", "Trade"
        CONFLICT = "conflict", "Conflict"
        OTHER = "other", "Other"

    class Precision(models.TextChoices):
        YEAR = "year", "Year"
        MONTH = "month", "Month"
        DAY = "day", "Day"

    from_actor = models.ForeignKey(Actor, on_delete=models.CASCADE, related_name="relations_from")
    to_actor = models.ForeignKey(Actor, on_delete=models.CASCADE, related_name="relations_to")
    kind = models.CharField(max_length=20, choices=Kind)
    label = models.CharField(max_length=250, blank=True, help_text='For example "military alliance".')
    start_date = models.DateField(help_text="With year precision only the year counts; store 1 January.")
    start_precision = models.CharField(max_length=5, choices=Precision, default=Precision.DAY)
    end_date = models.DateField(null=True, blank=True)
    end_precision = models.CharField(max_length=5, choices=Precision, default=Precision.DAY)
    source = models.ForeignKey(
        "articles.Source", on_delete=models.SET_NULL, null=True, blank=True, related_name="relations"
    )

    objects = RelationQuerySet.as_manager()

    class Meta:
        ordering = ["start_date", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(from_actor=F("to_actor")),
                name="relation_not_to_itself",
                violation_error_message="An actor cannot have a relation with itself.",
            ),
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=F("start_date")),
                name="relation_ends_after_start",
                violation_error_message="The end date cannot be before the start date.",
            ),
        ]

    def __str__(self):
        return f"{self.from_actor} – {self.to_actor}: {self.label or self.get_kind_display()}"


class MentionQuerySet(models.QuerySet):
    def counted(self):
        """Mentions that count: found or added, not rejected by an editor (`Mention.COUNTED_ORIGINS`)."""
        return self.filter(origin__in=Mention.COUNTED_ORIGINS)

    def public(self):
        """Mentions readers may see: counted, of an actor with a public page (see `Mention.is_public`).

        Whether the update itself is published is the caller's question: chain
        `in_published_articles()` when the mentions are not reached through published updates.
        """
        return self.counted().filter(actor__in=Actor.objects.published())

    def in_published_articles(self):
        article_model = self.model._meta.get_field("article").related_model
        return self.filter(article__in=article_model.objects.published())


class Mention(models.Model):
    """An actor named in an article; found by the tagger or set by hand."""

    class Origin(models.TextChoices):
        AUTO = "auto", "Found automatically"
        MANUAL = "manual", "Added by hand"
        REJECTED = "rejected", "Rejected by an editor"

    # A mention an editor rejected is no mention at all: it is never shown or counted.
    COUNTED_ORIGINS = (Origin.AUTO, Origin.MANUAL)

    article = models.ForeignKey("articles.Article", on_delete=models.CASCADE, related_name="mentions")
    actor = models.ForeignKey(Actor, on_delete=models.CASCADE, related_name="mentions")
    count = models.PositiveIntegerField(default=0, help_text="How often the text names the actor.")
    first_position = models.PositiveIntegerField(
        null=True, blank=True, help_text="Character offset of the first mention."
    )
    origin = models.CharField(max_length=10, choices=Origin, default=Origin.MANUAL, db_index=True)

    objects = MentionQuerySet.as_manager()

    class Meta:
        ordering = ["article", "-count", "actor__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["article", "actor"],
                name="mention_unique_per_article_actor",
                violation_error_message="This actor is already tagged on this update.",
            ),
        ]

    def __str__(self):
        return f"{self.actor} in {self.article}"

    @property
    def is_counted(self):
        """`Mention.objects.counted()` for one mention in hand."""
        return self.origin in self.COUNTED_ORIGINS

    @property
    def is_public(self):
        """`Mention.objects.public()` for one mention in hand (previews judge unsaved ones)."""
        return self.is_counted and self.actor.is_published
