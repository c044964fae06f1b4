from django.conf import settings
from django.contrib.postgres.search import SearchVectorField
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from taggit.managers import TaggableManager


class ArticleQuerySet(models.QuerySet):
    def published(self):
        """What readers may see: published, and its publish time has come.

        Every public view, feed, sitemap and search starts from this, so a
        scheduled update appears at its minute without any worker flipping a flag.
        A new version in the making is never published (a check constraint holds it
        to that); it is left out here all the same, so no public query can meet one.
        """
        return self.excluding_new_versions().filter(status=Article.Status.PUBLISHED, publish_at__lte=timezone.now())

    def scheduled(self, *, now=None):
        """Published, but its publish time is still to come: readers do not see it yet."""
        return self.excluding_new_versions().filter(scheduled_condition(now))

    def excluding_new_versions(self):
        """Updates as such, without the new versions being prepared of live ones.

        A new version shares its live update's slug, so whoever looks an update up by
        slug (commands, importers) starts from this.
        """
        return self.filter(new_version_of__isnull=True)


def scheduled_condition(now=None):
    """The condition of `scheduled()`, for aggregates that count it beside other states."""
    return Q(status=Article.Status.PUBLISHED, publish_at__gt=now or timezone.now())


class Article(models.Model):
    """A regional update."""

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        IN_REVIEW = "in_review", "In review"
        APPROVED = "approved", "Approved"
        PUBLISHED = "published", "Published"
        ARCHIVED = "archived", "Archived"

    title = models.CharField(max_length=250)
    slug = models.SlugField(max_length=250)  # unique among updates that are not new versions: see Meta
    series = models.ForeignKey(
        "articles.Series", on_delete=models.PROTECT, null=True, blank=True, related_name="articles"
    )
    region = models.ForeignKey(
        "articles.Region", on_delete=models.PROTECT, null=True, blank=True, related_name="articles"
    )
    standfirst = models.TextField(blank=True, help_text="The opening summary shown under the title.")
    research_question = models.TextField(blank=True, help_text="The question this update answers.")
    body = models.TextField(
        blank=True,
        help_text="Markdown. Use ## for section headings; place a library image with ![alt](image:ID).",
    )
    lead_image = models.ForeignKey(
        "articles.Image",
        on_delete=models.PROTECT,  # an image leading an update is not deleted from under it
        null=True,
        blank=True,
        related_name="leading",
        help_text="Shown above the text, in the PDF and when the link is shared.",
    )
    status = models.CharField(max_length=20, choices=Status, default=Status.DRAFT, db_index=True)
    publish_at = models.DateTimeField(
        "publish time", null=True, blank=True, db_index=True, help_text="A future time schedules the update."
    )
    authors = models.ManyToManyField(
        "articles.Expert", blank=True, related_name="bylined_articles", help_text="The public bylines."
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="owned_articles",
        help_text="The editor responsible for this update.",
    )
    topics = TaggableManager("topics", blank=True, help_text="Free topics, e.g. sanctions, trade.")
    actors = models.ManyToManyField("actors.Actor", through="actors.Mention", blank=True, related_name="articles")
    version = models.PositiveIntegerField(
        default=1, editable=False, help_text="Raised on every save; a save from an older version is refused."
    )
    approved_version = models.PositiveIntegerField(
        null=True,
        blank=True,
        editable=False,
        help_text="The version a second editor approved; publishing refuses any other.",
    )
    new_version_of = models.OneToOneField(
        "self",
        on_delete=models.CASCADE,  # a working copy means nothing without the update it will replace
        null=True,
        blank=True,
        editable=False,
        related_name="new_version",
        help_text="The live update this working copy will replace once approved and published.",
    )
    import_fingerprint = models.CharField(
        max_length=64,
        blank=True,
        db_index=True,
        editable=False,
        help_text="Fingerprint of the file it was imported from.",
    )
    search_vector = SearchVectorField(
        null=True, editable=False, help_text="What search matches, computed on write (articles.public.search_index)."
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ArticleQuerySet.as_manager()

    class Meta:
        ordering = ["-publish_at", "-created_at"]
        permissions = [
            ("publish_article", "Can publish, schedule and unpublish updates"),
            ("import_article", "Can import updates"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status__in=["published", "archived"]) | Q(publish_at__isnull=False),
                name="article_published_has_publish_time",
                violation_error_message="A published or archived update needs a publish time.",
            ),
            models.UniqueConstraint(
                fields=["slug"],
                condition=Q(new_version_of__isnull=True),
                name="article_slug_unique",
                violation_error_message="Another update already has this slug.",
            ),
            models.CheckConstraint(
                condition=Q(new_version_of__isnull=True) | ~Q(status__in=["published", "archived"]),
                name="article_new_version_never_published",
                violation_error_message="A new version is published by merging it into its live update, never itself.",
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("article-detail", kwargs={"slug": self.slug})

    @property
    def is_public(self):
        """`Article.objects.published()` for one article in hand."""
        return (
            self.status == self.Status.PUBLISHED and self.publish_at is not None and self.publish_at <= timezone.now()
        )

    @property
    def is_new_version(self):
        return self.new_version_of_id is not None

    def slug_clash(self):
        """Why this update may not have its slug, or None: a slug leads to one update.

        A new version shares its live update's slug, or takes one that no other update
        (nor its new version) has, and that is no old address (a redirect) of another
        update, so merging it can never break another address. In the database,
        `article_slug_unique` holds the updates that are not new versions to it too.
        """
        others = Article.objects.filter(slug=self.slug)
        if self.pk:
            others = others.exclude(pk=self.pk).exclude(new_version_of=self.pk)
        if self.new_version_of_id:
            others = others.exclude(pk=self.new_version_of_id)
        taken = others.select_related("new_version_of").first()
        if taken:
            whose = f"the new version of “{taken.new_version_of}”" if taken.is_new_version else f"“{taken}”"
            return f"The slug “{self.slug}” is already used by {whose}."
        if self.is_new_version:
            redirect = ArticleRedirect.objects.filter(old_slug=self.slug).exclude(article=self.new_version_of_id)
            if moved := redirect.select_related("article").first():
                return f"The slug “{self.slug}” is an old address of “{moved.article}”, which it still leads to."
        return None

    def clean(self):
        super().clean()
        if message := self.slug_clash():
            raise ValidationError({"slug": message})

    @property
    def kicker(self):
        return " · ".join(str(part) for part in (self.series, self.region) if part)


# Changed only by the workflow (status, publish time, the version approved), by the write path itself
# (version, times) or, for `new_version_of`, once, when a new version is started.
NOT_CONTENT = {
    "id",
    "status",
    "publish_at",
    "approved_version",
    "new_version_of",
    "version",
    "search_vector",
    "created_at",
    "updated_at",
}


def content_fields():
    """The fields a save of an update's content writes: every concrete field but the workflow's and the bookkeeping."""
    return [field for field in Article._meta.concrete_fields if field.name not in NOT_CONTENT]


class ArticleRedirect(models.Model):
    """A slug an article used to have, so its old URL answers 301."""

    old_slug = models.SlugField(max_length=250, unique=True)
    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="redirects")
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self):
        return f"{self.old_slug} → {self.article.slug}"
