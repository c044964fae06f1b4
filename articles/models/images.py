from django.conf import settings
from django.db import models
from django.db.models import Q


class Image(models.Model):
    """A picture in the library: an update's lead image, or one its body places with `![alt](image:<id>)`.

    Its files (the cleaned original and its renditions) are written only by `articles.images.library`,
    which checks the upload first; editors change the words here.
    """

    file = models.FileField("original", editable=False, max_length=300)
    width = models.PositiveIntegerField(editable=False)
    height = models.PositiveIntegerField(editable=False)
    alt_text = models.CharField(
        "alternative text",
        max_length=300,
        help_text="What the picture shows, for readers who cannot see it (read out by screen readers).",
    )
    caption = models.CharField(max_length=500, blank=True, help_text="Shown under the picture.")
    credit = models.CharField(max_length=200, blank=True, help_text="Who made it, e.g. “Photo: Reuters / Jane Doe”.")
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", editable=False
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(alt_text=""),
                name="image_has_alt_text",
                violation_error_message="An image needs alternative text: say what it shows.",
            ),
        ]

    def __str__(self):
        return f"{self.alt_text[:80]} (image {self.pk})"

    @property
    def markdown(self):
        """What an editor types in a body to place this image."""
        return f"![{self.alt_text}](image:{self.pk})"

    def rendition(self, width):
        """The rendition `width` pixels wide, or the widest narrower one (an image is never enlarged).

        Reads `renditions.all()`, so a prefetch serves it.
        """
        renditions = sorted(self.renditions.all(), key=lambda rendition: rendition.width)
        fitting = [rendition for rendition in renditions if rendition.width <= width]
        return (fitting or renditions[:1] or [None])[-1]


class Rendition(models.Model):
    """One stored size of an image, made once when it is uploaded."""

    image = models.ForeignKey(Image, on_delete=models.CASCADE, related_name="renditions")
    width = models.PositiveIntegerField()
    height = models.PositiveIntegerField()
    file = models.FileField(max_length=300)

    class Meta:
        ordering = ["image", "width"]
        constraints = [
            models.UniqueConstraint(
                fields=["image", "width"],
                name="rendition_one_per_width",
                violation_error_message="An image has one rendition of each width.",
            ),
        ]

    def __str__(self):
        return f"{self.image_id} at {self.width} × {self.height}"
