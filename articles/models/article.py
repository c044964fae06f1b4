from django.conf import settings
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
        """
        return self.filter(status=Article.Status.PUBLISHED, publish_at__lte=timezone.now())

    def scheduled(self, *, now=None):
        """Published, but its publish time is still to come: readers do not see it yet."""
        return self.filter(scheduled_condition(now))


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
    slug = models.SlugField(max_length=250, unique=True)
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
    import_fingerprint = models.CharField(
        max_length=64,
        blank=True,
        db_index=True,
        editable=False,
        help_text="Fingerprint of the file it was imported from.",
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
    def kicker(self):
        return " · ".join(str(part) for part in (self.series, self.region) if part)


# Changed only by the workflow (status, publish time) or by the write path itself (the rest).
NOT_CONTENT = {"id", "status", "publish_at", "version", "created_at", "updated_at"}


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
