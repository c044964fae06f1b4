from django.db import models
from django.db.models import Q


class Source(models.Model):
    """An outside document cited by updates, with the result of its last link check."""

    class CheckResult(models.TextChoices):
        UNCHECKED = "unchecked", "Not checked"
        ALIVE = "alive", "Alive"
        DEAD = "dead", "Dead"

    url = models.URLField("URL", max_length=1000, blank=True)
    title = models.CharField(max_length=300)
    publisher = models.CharField(max_length=200, blank=True)
    published_on = models.DateField("published date", null=True, blank=True)
    accessed_on = models.DateField("accessed date", null=True, blank=True)
    check_result = models.CharField(
        "last check", max_length=10, choices=CheckResult, default=CheckResult.UNCHECKED, editable=False
    )
    checked_at = models.DateTimeField(null=True, blank=True, editable=False)
    check_status_code = models.PositiveSmallIntegerField(null=True, blank=True, editable=False)
    check_final_url = models.URLField(max_length=1000, blank=True, editable=False)
    check_duration_ms = models.PositiveIntegerField(null=True, blank=True, editable=False)
    check_error = models.CharField(max_length=300, blank=True, editable=False)

    class Meta:
        ordering = ["title"]
        permissions = [("import_source", "Can import sources")]
        constraints = [
            models.UniqueConstraint(
                fields=["url"],
                condition=~Q(url=""),
                name="source_url_unique",
                violation_error_message="A source with this URL already exists.",
            ),
        ]

    def __str__(self):
        return self.title


class Citation(models.Model):
    """A source cited in an article; `order` is its number in the References list."""

    article = models.ForeignKey("articles.Article", on_delete=models.CASCADE, related_name="citations")
    source = models.ForeignKey(Source, on_delete=models.PROTECT, related_name="citations")
    cited_text = models.CharField(max_length=500, blank=True, help_text="The words in the body that cite it.")
    order = models.PositiveSmallIntegerField(default=1)
    is_placeholder = models.BooleanField(
        default=False, help_text="The link pointed nowhere when imported; fix it before publishing."
    )

    class Meta:
        ordering = ["article", "order"]
        constraints = [
            models.UniqueConstraint(
                fields=["article", "order"],
                name="citation_order_unique_per_article",
                violation_error_message="Each citation in an update needs its own number.",
            ),
        ]

    def __str__(self):
        return f"[{self.order}] {self.source}"
