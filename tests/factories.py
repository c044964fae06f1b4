"""Factories for every model; tests build their data from these."""

import datetime

import factory
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.utils import timezone

from actors.models import Actor, Alias, Mention, Relation
from articles.models import Article, Citation, Expert, Quote, Region, Series, Source
from articles.public.search_index import refresh_search_vectors


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.org")
    password = factory.django.Password("correct horse battery staple")

    @factory.post_generation
    def groups(self, create, extracted, **kwargs):
        """`UserFactory(groups=["Editors"])` puts the user in those roles."""
        for name in extracted or ():
            self.groups.add(Group.objects.get(name=name))


class EditorFactory(UserFactory):
    is_staff = True

    @factory.post_generation
    def groups(self, create, extracted, **kwargs):
        for name in extracted or ["Editors"]:
            self.groups.add(Group.objects.get(name=name))


class AdminUserFactory(UserFactory):
    is_staff = True
    is_superuser = True


class SeriesFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Series
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"Series {n}")
    slug = factory.Sequence(lambda n: f"series-{n}")


class RegionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Region
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"Region {n}")
    slug = factory.Sequence(lambda n: f"region-{n}")


class ExpertFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Expert

    name = factory.Faker("name")
    slug = factory.Sequence(lambda n: f"expert-{n}")
    title = "Professor"
    role = "HIG analyst"


class ArticleFactory(factory.django.DjangoModelFactory):
    """A draft by default; `ArticleFactory(published=True)` makes a public one."""

    class Meta:
        model = Article
        skip_postgeneration_save = True  # the hook below stores the search text; a save after it would drop it

    class Params:
        published = factory.Trait(
            status=Article.Status.PUBLISHED,
            publish_at=factory.LazyFunction(lambda: timezone.now() - datetime.timedelta(hours=1)),
        )

    title = factory.Sequence(lambda n: f"Update number {n}")
    slug = factory.Sequence(lambda n: f"update-{n}")
    # Approved, published or archived: approved as it is made (version 1), as the workflow would have.
    approved_version = factory.LazyAttribute(
        lambda o: (
            1 if o.status in (Article.Status.APPROVED, Article.Status.PUBLISHED, Article.Status.ARCHIVED) else None
        )
    )
    series = factory.SubFactory(SeriesFactory)
    region = factory.SubFactory(RegionFactory)
    standfirst = "A short summary of the update."
    research_question = "What changed?"

    # The default quotes of QuoteFactory and ActorQuoteFactory appear in it, as quotes must.
    @factory.post_generation
    def search_text(self, create, extracted, **kwargs):
        """Its stored search text, as the write path computes it (a no-op on SQLite)."""
        if create:
            refresh_search_vectors([self.pk])

    body = (
        "## First section\n\nAn analyst calls it a “multilateral mini UN”; the leader calls the ties his "
        "“top priority”.\n\n## Conclusion\n\nMore text."
    )


class SourceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Source

    url = factory.Sequence(lambda n: f"https://example.org/source/{n}")
    title = factory.Sequence(lambda n: f"Source {n}")
    publisher = "Example Press"


class CitationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Citation

    article = factory.SubFactory(ArticleFactory)
    source = factory.SubFactory(SourceFactory)
    cited_text = "a cited phrase"
    order = factory.Sequence(lambda n: n + 1)


class ActorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Actor

    name = factory.Sequence(lambda n: f"Actor {n}")
    slug = factory.Sequence(lambda n: f"actor-{n}")
    kind = Actor.Kind.STATE


class AliasFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Alias

    actor = factory.SubFactory(ActorFactory)
    text = factory.Sequence(lambda n: f"Alias {n}")
    kind = Alias.Kind.NAME


class RelationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Relation

    from_actor = factory.SubFactory(ActorFactory)
    to_actor = factory.SubFactory(ActorFactory)
    kind = Relation.Kind.ALLIANCE
    label = "alliance"
    start_date = datetime.date(1961, 1, 1)
    start_precision = Relation.Precision.YEAR


class MentionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Mention

    article = factory.SubFactory(ArticleFactory)
    actor = factory.SubFactory(ActorFactory)
    count = 1
    origin = Mention.Origin.AUTO


class QuoteFactory(factory.django.DjangoModelFactory):
    """An expert's quote, pending review, by default."""

    class Meta:
        model = Quote

    article = factory.SubFactory(ArticleFactory)
    expert = factory.SubFactory(ExpertFactory)
    text = "multilateral mini UN"
    kind = Quote.Kind.QUOTE


class AdminsGroupUserFactory(UserFactory):
    """A member of the Admins group (not a superuser)."""

    is_staff = True

    @factory.post_generation
    def groups(self, create, extracted, **kwargs):
        for name in extracted or ["Admins"]:
            self.groups.add(Group.objects.get(name=name))


class ExpertUserFactory(UserFactory):
    """A user in the Experts group, without admin access."""

    @factory.post_generation
    def groups(self, create, extracted, **kwargs):
        for name in extracted or ["Experts"]:
            self.groups.add(Group.objects.get(name=name))


class ExpertWithAccountFactory(ExpertFactory):
    """An expert who signs in to review their quotes."""

    user = factory.SubFactory(ExpertUserFactory)


class ActorQuoteFactory(QuoteFactory):
    expert = None
    actor = factory.SubFactory(ActorFactory)
    text = "top priority"
