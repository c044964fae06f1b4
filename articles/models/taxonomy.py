from django.db import models
from django.urls import reverse


class Taxon(models.Model):
    """A small editorial list readers can browse by (a series or a region)."""

    name = models.CharField(max_length=120, unique=True)
    slug = models.SlugField(max_length=120, unique=True)
    description = models.TextField(blank=True)

    class Meta:
        abstract = True
        ordering = ["name"]

    def __str__(self):
        return self.name


class Series(Taxon):
    class Meta(Taxon.Meta):
        verbose_name_plural = "series"

    def get_absolute_url(self):
        return reverse("series-detail", kwargs={"slug": self.slug})


class Region(Taxon):
    """A programme or region of the institute, e.g. "BRI and East Asia"."""

    def get_absolute_url(self):
        return reverse("region-detail", kwargs={"slug": self.slug})
