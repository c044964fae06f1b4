"""Public pages for actors; only published updates are listed."""

from django.views.generic import DetailView, ListView

from articles.models import Article

from .models import Actor, Mention


class ActorListView(ListView):
    template_name = "actors/actor_list.html"
    context_object_name = "actors"

    def get_queryset(self):
        return Actor.objects.published().order_by("kind", "name")


class ActorDetailView(DetailView):
    template_name = "actors/actor_detail.html"
    context_object_name = "actor"

    def get_queryset(self):
        return Actor.objects.published().prefetch_related("aliases")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["articles"] = (
            Article.objects.published()
            .filter(mentions__actor=self.object, mentions__origin__in=[Mention.Origin.AUTO, Mention.Origin.MANUAL])
            .select_related("series", "region")
            .order_by("-publish_at")
        )
        return context
