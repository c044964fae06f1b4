from django.db import models


class Edition(models.Model):
    """The PDF of an update, made once for one version of it and kept on the media storage.

    `articles.edition` makes it, replaces it (deleting the old file) when the update has a new
    version or what the PDF shows changed otherwise (`fingerprint`: of the HTML it was made from),
    and serves it.
    """

    article = models.OneToOneField("articles.Article", on_delete=models.CASCADE, related_name="edition")
    version = models.PositiveIntegerField(help_text="The version of the update this PDF shows.")
    fingerprint = models.CharField(max_length=64, help_text="SHA-256 of the HTML the PDF was made from.")
    file = models.FileField(max_length=300)
    pages = models.PositiveIntegerField()
    made_at = models.DateTimeField()

    def __str__(self):
        return f"PDF of {self.article_id}, version {self.version}"
