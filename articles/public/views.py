"""Public pages for updates, experts, series, regions and topics, and reader search.

Every view starts from `Article.objects.published()` (through `articles.public`),
runs a fixed number of queries, and is wrapped in `public_page` in the URLconf.
"""

from django.core.paginator import Paginator
from django.db.models import Count, IntegerField, OuterRef, Subquery
from django.db.models.functions import Coalesce, Lower
from django.http import Http404, HttpResponse, HttpResponsePermanentRedirect
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.views.decorators.http import require_safe
from django.views.generic import DetailView, ListView

from articles.models import Article, ArticleRedirect, Expert, Region, Series
from articles.public import queries as public
from articles.public import seo
from articles.public.article_page import article_page_context
from articles.public.search import search_articles

UPDATES_PER_PAGE = 20
QUOTES_SHOWN = 10


class ArticleListView(ListView):
    """The latest updates; the newest one is featured on the first page."""

    template_name = "articles/article_list.html"
    context_object_name = "articles"
    paginate_by = 20

    def get_queryset(self):
        return public.article_listing()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        page = context["page_obj"]
        context["meta"] = seo.page_meta(
            self.request,
            title="Latest updates",
            json_ld=seo.collection_ld(
                self.request,
                name="Latest updates",
                parts=[seo.article_ref(article, self.request) for article in page.object_list],
            ),
            page_obj=page,
        )
        return context


class ArticleDetailView(DetailView):
    template_name = "articles/article_detail.html"
    context_object_name = "article"

    def get_queryset(self):
        return public.article_for_reading()

    def get(self, request, *args, **kwargs):
        try:
            return super().get(request, *args, **kwargs)
        except Http404:
            moved = (
                ArticleRedirect.objects.filter(old_slug=kwargs["slug"], article__in=Article.objects.published())
                .select_related("article")
                .first()
            )
            if moved is None:
                raise
            return HttpResponsePermanentRedirect(moved.article.get_absolute_url())

    def get_context_data(self, **kwargs):
        # Shared with previews, so a preview shows exactly this page.
        return {**super().get_context_data(**kwargs), **article_page_context(self.request, self.object)}


class SearchView(ListView):
    """`/search/?q=…`: published updates matching the query (see `articles.public.search`); a blank query shows the form."""

    template_name = "articles/search.html"
    context_object_name = "articles"
    paginate_by = 20

    def get_queryset(self):
        self.query = self.request.GET.get("q", "").strip()
        return search_articles(self.query)

    def get_context_data(self, **kwargs):
        return super().get_context_data(query=self.query, **kwargs)


class ExpertListView(ListView):
    template_name = "articles/expert_list.html"
    context_object_name = "experts"

    def get_queryset(self):
        return Expert.objects.published()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["meta"] = seo.page_meta(
            self.request,
            title="Experts",
            description="The institute's experts.",
            json_ld=seo.collection_ld(
                self.request, name="Experts", parts=[seo.expert_ld(e, self.request) for e in context["experts"]]
            ),
        )
        return context


class ExpertDetailView(DetailView):
    template_name = "articles/expert_detail.html"
    context_object_name = "expert"

    def get_queryset(self):
        return Expert.objects.published()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        expert = self.object
        # The newest words only, and the updates a page at a time: an expert is quoted across years of the archive.
        context["quotes"] = public.quotes_of(expert)[:QUOTES_SHOWN]
        page = Paginator(public.articles_quoting(expert), UPDATES_PER_PAGE).get_page(self.request.GET.get("page"))
        context["page_obj"], context["articles"] = page, page.object_list
        context["meta"] = seo.page_meta(
            self.request,
            title=expert.name,
            description=expert.bio or expert.role,
            og_type="profile",
            json_ld=seo.expert_ld(expert, self.request, full=True),
            feeds=[seo.feed_for(f"Updates quoting {expert.name}", expert.get_absolute_url())],
            page_obj=page,
        )
        return context


class TopicListView(ListView):
    """Every topic of at least one published update, alphabetical, with its number of published updates."""

    template_name = "articles/topic_list.html"
    context_object_name = "topics"

    def get_queryset(self):
        # One query: the count is a correlated subquery per topic row, not a query per row.
        published_uses = (
            Article.topics.through.objects.filter(
                content_type__app_label="articles",
                content_type__model="article",
                tag=OuterRef("pk"),
                object_id__in=Article.objects.published().values("pk"),
            )
            .order_by()
            .values("tag")
            .annotate(n=Count("pk"))
            .values("n")
        )
        return (
            public.public_topics()
            .annotate(update_count=Coalesce(Subquery(published_uses, output_field=IntegerField()), 0))
            .order_by(Lower("name"), "name", "pk")
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        parts = [
            {"@type": "DefinedTerm", "name": topic.name, "url": seo.absolute(self.request, topic_url(topic))}
            for topic in context["topics"]
        ]
        context["meta"] = seo.page_meta(
            self.request,
            title="Topics",
            description="Every topic of the institute's regional updates.",
            json_ld=seo.collection_ld(self.request, name="Topics", parts=parts),
        )
        return context


def topic_url(topic):
    return reverse("topic-detail", kwargs={"slug": topic.slug})


class TaxonDetailView(ListView):
    """The published updates in one series, region or topic."""

    template_name = "articles/taxon_detail.html"
    context_object_name = "articles"
    paginate_by = 20
    kind = ""
    article_filter = ""
    taxon_model = None

    def get_taxa(self):
        return self.taxon_model.objects.all()

    def get_queryset(self):
        self.taxon = get_object_or_404(self.get_taxa(), slug=self.kwargs["slug"])
        return public.article_listing().filter(**{self.article_filter: self.taxon})

    def get_context_data(self, **kwargs):
        context = super().get_context_data(taxon=self.taxon, kind=self.kind, **kwargs)
        name = f"{self.kind}: {self.taxon.name}"
        url = self.request.path
        context["meta"] = seo.page_meta(
            self.request,
            title=name,
            description=getattr(self.taxon, "description", ""),
            json_ld=seo.collection_ld(
                self.request,
                name=name,
                parts=[seo.article_ref(article, self.request) for article in context["page_obj"].object_list],
            ),
            feeds=[seo.feed_for(f"Updates in {name}", url)],
            page_obj=context["page_obj"],
        )
        return context


class SeriesDetailView(TaxonDetailView):
    kind = "Series"
    article_filter = "series"
    taxon_model = Series


class RegionDetailView(TaxonDetailView):
    kind = "Region"
    article_filter = "region"
    taxon_model = Region


class TopicDetailView(TaxonDetailView):
    kind = "Topic"
    article_filter = "topics"

    def get_taxa(self):
        return public.public_topics()


@require_safe
def robots_txt(request):
    lines = ["User-agent: *", "Disallow: /admin/", f"Sitemap: {request.build_absolute_uri(reverse('sitemap'))}"]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")
