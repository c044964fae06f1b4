from django.conf import settings
from django.db import models
from django.urls import reverse

# Who receives an expert's review links, or signs in as the expert, may approve what is attributed to them.
IDENTITY_HELP = (
    "Only Admins can change it; both the old and the new address are told, and links sent to the old one stop working."
)


class ExpertQuerySet(models.QuerySet):
    def published(self):
        """Experts with a public profile; no other expert is ever shown or quoted to readers."""
        return self.filter(is_published=True)

    def without_public_page(self):
        return self.filter(is_published=False)


class Expert(models.Model):
    """A person of the institute who is quoted and who approves what is attributed to them."""

    name = models.CharField(max_length=150)
    slug = models.SlugField(max_length=150, unique=True)
    title = models.CharField(
        "academic title", max_length=200, blank=True, help_text='For example "Professor in Korea Studies".'
    )
    role = models.CharField("role at HIG", max_length=200, blank=True, help_text='For example "HIG\'s Korea analyst".')
    bio = models.TextField(blank=True)
    photo = models.ImageField(upload_to="experts/", blank=True)
    areas = models.CharField(
        "areas of expertise", max_length=300, blank=True, help_text="Comma-separated, e.g. Korea, East Asia."
    )
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="expert",
        help_text="The account the expert signs in with to review their quotes (optional). " + IDENTITY_HELP,
    )
    email = models.EmailField(
        blank=True, help_text="Where review links go (else to the account's address). " + IDENTITY_HELP
    )
    is_published = models.BooleanField(
        "public profile",
        default=True,
        help_text="Only experts with a public profile may be quoted in a published update.",
    )

    objects = ExpertQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        permissions = [
            ("import_expert", "Can import experts"),
            ("change_expert_identity", "Can change an expert's email address and account"),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("expert-detail", kwargs={"slug": self.slug})

    @property
    def area_list(self):
        return [area.strip() for area in self.areas.split(",") if area.strip()]

    @property
    def surname(self):
        return self.name.split()[-1] if self.name else ""

    @property
    def contact_email(self):
        return self.email or (self.user.email if self.user_id else "")
