"""Public pages for actors; only published updates and mentions readers may see are counted."""

from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404
from django.views.generic import DetailView, ListView, TemplateView

from actors.models import Actor, Mention
from actors.public import graph
from actors.public.relations import relations_between, relations_graph, relations_of, timeline
from articles.public import queries as public
from articles.public import seo

UPDATES_PER_PAGE = 20
KIND_HEADINGS = {
    Actor.Kind.STATE: "States",
    Actor.Kind.PERSON: "People",
    Actor.Kind.ORGANISATION: "Organisations",
    Actor.Kind.GROUP: "Groups",
    Actor.Kind.OTHER: "Other actors",
}


class ActorListView(ListView):
    """Every public actor, grouped by kind, with how many published updates name it."""

    template_name = "actors/actor_list.html"
    context_object_name = "actors"

    def get_queryset(self):
        counted = Q(mentions__in=Mention.objects.public().in_published_articles())
        return Actor.objects.published().annotate(update_count=Count("mentions", filter=counted)).order_by("name")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        groups = {}
        for actor in context["actors"]:
            groups.setdefault(actor.kind, []).append(actor)
        context["groups"] = [(heading, groups[kind]) for kind, heading in KIND_HEADINGS.items() if kind in groups]
        context["meta"] = seo.page_meta(
            self.request,
            title="Actors",
            description="States, people and organisations in our updates.",
            json_ld=seo.collection_ld(
                self.request, name="Actors", parts=[seo.actor_ld(a, self.request) for a in context["actors"]]
            ),
        )
        return context


class ActorDetailView(DetailView):
    template_name = "actors/actor_detail.html"
    context_object_name = "actor"

    def get_queryset(self):
        return Actor.objects.published().select_related("country").prefetch_related("aliases")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        actor = self.object
        entries = timeline(actor, relations_of(actor))
        page = Paginator(public.articles_mentioning(actor), UPDATES_PER_PAGE).get_page(self.request.GET.get("page"))
        context.update(
            timeline=entries,
            graph=relations_graph(actor, entries),
            co_mentioned=graph.co_mentioned_actors(actor, limit=10),
            page_obj=page,
            articles=page.object_list,
            meta=seo.page_meta(
                self.request,
                title=actor.name,
                description=actor.description,
                og_type="profile" if actor.kind == Actor.Kind.PERSON else "website",
                json_ld=seo.actor_ld(actor, self.request, full=True),
                feeds=[seo.feed_for(f"Updates mentioning {actor.name}", actor.get_absolute_url())],
                page_obj=page,
            ),
        )
        return context


class ActorPairView(TemplateView):
    """Two actors side by side: the relations between them and the updates naming both."""

    template_name = "actors/actor_pair.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        actors = Actor.objects.published()
        first = get_object_or_404(actors, slug=kwargs["slug"])
        second = get_object_or_404(actors.exclude(pk=first.pk), slug=kwargs["other"])
        title = f"{first.name} and {second.name}"
        both = public.listed(graph.articles_mentioning_both(first, second))
        page = Paginator(both, UPDATES_PER_PAGE).get_page(self.request.GET.get("page"))
        articles = page.object_list
        context.update(
            first=first,
            second=second,
            timeline=timeline(first, relations_between(first, second)),
            page_obj=page,
            articles=articles,
            meta=seo.page_meta(
                self.request,
                title=title,
                description=f"Relations and updates: {title}.",
                json_ld=seo.collection_ld(
                    self.request,
                    name=title,
                    parts=[seo.article_ref(article, self.request) for article in articles],
                    about=[seo.actor_ld(first, self.request), seo.actor_ld(second, self.request)],
                ),
                page_obj=page,
            ),
        )
        return context
