"""The expert's pages: "My quotes" for a signed-in expert, and the same review through a signed link.

A reviewer only ever reaches quotes attributed to them: every lookup starts
from `Quote.objects.filter(expert=...)`, so another expert's item is a 404;
through a link, only the items that link was sent for. The decisions themselves
are made by `articles.expert_review.services`. Every page here is personal and
sent with `Cache-Control: no-store` (`never_cache`), refusals included.
"""

from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.views import View
from django.views.decorators.cache import never_cache
from django.views.generic import TemplateView

from articles import markdown
from articles.expert_review import services as review
from articles.models import Expert, Quote


def paragraph_around(body, text):
    """(before, text, after): the paragraph of the Markdown `body` that contains `text`, as plain text
    (`markdown.paragraphs`: links shown as their words).

    None when the text is not in the body.
    """
    if not text:
        return None
    for plain in markdown.paragraphs(body):
        index = plain.find(text)
        if index >= 0:
            return plain[:index], text, plain[index + len(text) :]
    return None


ACTIONS = ("approve", "request-change", "propose")


@dataclass
class ReviewItem:
    quote: Quote
    context: tuple | None
    due_at: object
    urls: dict  # empty when the item cannot be answered here


def review_groups(quotes, action_url, answerable):
    """The quotes as [(article, [ReviewItem])], articles with open items first, then by the earliest due date.

    `action_url(quote, action)` is where each of the item's forms posts; `answerable(quote)` whether it has any.
    """
    groups = {}
    for quote in quotes:
        urls = {action.replace("-", "_"): action_url(quote, action) for action in ACTIONS} if answerable(quote) else {}
        item = ReviewItem(quote, paragraph_around(quote.article.body, quote.text), review.due_at(quote), urls)
        groups.setdefault(quote.article, []).append(item)

    def order(group):
        article, items = group
        open_items = [item for item in items if item.quote.status != Quote.Status.APPROVED]
        return (not open_items, min(item.due_at for item in open_items or items), article.title)

    return sorted(groups.items(), key=order)


class ReviewerMixin:
    """A view on behalf of one expert (`self.expert`), over the quotes they may review.

    Decisions are recorded as made by `self.reviewer` (an account) through `self.via_link` (a review link).
    """

    via_link = None

    def reviewable_quotes(self):
        return Quote.objects.filter(expert=self.expert).with_waiting_since().select_related("article")

    def answerable(self, quote):
        return True

    def get_context_data(self, **kwargs):
        quotes = self.reviewable_quotes().order_by("article", "position", "pk")
        groups = review_groups(quotes, self.action_url, self.answerable)
        return super().get_context_data(expert=self.expert, groups=groups, **kwargs)


@method_decorator(never_cache, name="dispatch")
class SignedInExpertMixin(ReviewerMixin):
    """The signed-in user's own expert profile; anyone else is sent to sign in, or told this is for experts."""

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path(), reverse("review:login"))
        expert = Expert.objects.filter(user=request.user).first()
        if expert is None or not request.user.has_perm("articles.review_own_quotes"):
            return render(request, "review/not_an_expert.html", status=403)
        self.expert = expert
        self.reviewer = request.user
        return super().dispatch(request, *args, **kwargs)

    def action_url(self, quote, action):
        return reverse("review:act", kwargs={"pk": quote.pk, "action": action})

    def back_url(self):
        return reverse("review:my-quotes")


@method_decorator(never_cache, name="dispatch")
class ReviewLinkMixin(ReviewerMixin):
    """The items a stored review link was sent for; a link that cannot be used gets a page saying why.

    Whoever holds the link acts through it, signed in as nobody: `reviewer` is None.
    """

    def dispatch(self, request, *args, **kwargs):
        try:
            self.via_link = review.verify_review_token(kwargs["token"])
        except review.InvalidReviewLink as error:
            return render(request, "review/invalid_link.html", {"reason": str(error)}, status=403)
        self.expert, self.article, self.reviewer = self.via_link.expert, self.via_link.article, None
        return super().dispatch(request, *args, **kwargs)

    def reviewable_quotes(self):
        return super().reviewable_quotes().filter(article=self.article, pk__in=[int(pk) for pk in self.via_link.items])

    def answerable(self, quote):
        return self.via_link.sent_for(quote)

    def get_context_data(self, **kwargs):
        return super().get_context_data(article=self.article, not_answerable=review.CHANGED_SINCE_SENT, **kwargs)

    def action_url(self, quote, action):
        return reverse("review:token-act", kwargs={"token": self.kwargs["token"], "pk": quote.pk, "action": action})

    def back_url(self):
        return reverse("review:token", kwargs={"token": self.kwargs["token"]})


class QuoteActionMixin:
    """POST one decision on one of the reviewer's quotes, then go back to the list with a message."""

    http_method_names = ["post"]

    def post(self, request, *args, pk, action, **kwargs):
        quote = get_object_or_404(self.reviewable_quotes(), pk=pk)
        data = request.POST
        who = {"by": self.reviewer, "expert": self.expert, "via_link": self.via_link}
        try:
            if action == "approve":
                review.approve_quote(quote, **who)
                done = "Approved. Thank you."
            elif action == "request-change":
                review.request_quote_change(quote, note=data.get("note", ""), **who)
                done = "Your request for a change has been sent to the editors."
            elif action == "propose":
                review.propose_wording(quote, text=data.get("text", ""), note=data.get("note", ""), **who)
                done = "Your wording has been sent to the editors."
            else:
                raise Http404("No such review action.")
        except review.ReviewError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, done)
        return redirect(f"{self.back_url()}#quote-{quote.pk}")


class MyQuotesView(SignedInExpertMixin, TemplateView):
    template_name = "review/my_quotes.html"


class QuoteActionView(SignedInExpertMixin, QuoteActionMixin, View):
    pass


class ReviewLinkView(ReviewLinkMixin, TemplateView):
    template_name = "review/link_review.html"


class ReviewLinkActionView(ReviewLinkMixin, QuoteActionMixin, View):
    pass
