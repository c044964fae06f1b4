"""Public pages for updates, experts, series, regions and topics.

Every view starts from `Article.objects.published()`.
"""

from django.shortcuts import get_object_or_404
from django.views.generic import DetailView, ListView
from taggit.models import Tag

from .models import Article, Expert, Region, Series


def published_articles():
    return (
        Article.objects.published()
        .select_related("series", "region")
        .prefetch_related("authors")
        .order_by("-publish_at")
    )


class ArticleListView(ListView):
    template_name = "articles/article_list.html"
    context_object_name = "articles"
    paginate_by = 20

    def get_queryset(self):
        return published_articles()


class ArticleDetailView(DetailView):
    template_name = "articles/article_detail.html"
    context_object_name = "article"

    def get_queryset(self):
        return published_articles().prefetch_related("citations__source", "quotes__expert", "topics")


class ExpertListView(ListView):
    template_name = "articles/expert_list.html"
    context_object_name = "experts"

    def get_queryset(self):
        return Expert.objects.published()


class ExpertDetailView(DetailView):
    template_name = "articles/expert_detail.html"
    context_object_name = "expert"

    def get_queryset(self):
        return Expert.objects.published()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["articles"] = published_articles().filter(quotes__expert=self.object).distinct()
        return context


class TaxonDetailView(ListView):
    """A listing of the published updates in one series, region or topic."""

    template_name = "articles/taxon_detail.html"
    context_object_name = "articles"
    paginate_by = 20
    taxon_model = None
    article_filter = None

    def get_queryset(self):
        self.taxon = get_object_or_404(self.taxon_model, slug=self.kwargs["slug"])
        return published_articles().filter(**{self.article_filter: self.taxon})

    def get_context_data(self, **kwargs):
        return super().get_context_data(taxon=self.taxon, **kwargs)


class SeriesDetailView(TaxonDetailView):
    taxon_model = Series
    article_filter = "series"


class RegionDetailView(TaxonDetailView):
    taxon_model = Region
    article_filter = "region"


class TopicDetailView(TaxonDetailView):
    taxon_model = Tag
    article_filter = "topics"
