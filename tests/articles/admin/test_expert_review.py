import datetime
import re

import lxml.html
import pytest
from django.core import mail
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from articles.expert_review import services as review
from articles.models import Quote, QuoteDecision
from tests.factories import (
    ActorQuoteFactory,
    ExpertFactory,
    ExpertWithAccountFactory,
    QuoteFactory,
)

pytestmark = pytest.mark.django_db

Status = Quote.Status
Decision = QuoteDecision.Decision


def change_url(article):
    return reverse("admin:articles_article_change", args=[article.pk])


def review_url(article, name, target):
    return reverse(f"admin:articles_article_review_{name}", args=[article.pk, target.pk])


def form_values(response, form_id):
    """What a browser would send for the form `form_id` on the page, as test client data."""
    form = lxml.html.fromstring(response.content.decode()).get_element_by_id(form_id)
    textareas = {textarea.name for textarea in form.iter("textarea")}
    data = {}
    for name, value in form.form_values():
        # A browser drops the newline that opens a textarea's content.
        data.setdefault(name, []).append(value.removeprefix("\n") if name in textareas else value)
    return data


def test_the_change_form_shows_each_expert_item_with_its_state_and_history(editor_client, article, quote, expert):
    review.propose_wording(quote, by=None, expert=expert, text="multilateral mini-UN", note="With a hyphen.")
    approved = QuoteFactory(article=article, expert=ExpertFactory(name="Casper Wits"), text="more powerful")
    review.approve_quote(approved, by=None, expert=approved.expert)
    ActorQuoteFactory(article=article, text="lips and teeth")
    response = editor_client.get(change_url(article))
    assert response.status_code == 200
    panel = lxml.html.fromstring(response.content.decode()).get_element_by_id("expert-review").text_content()
    assert "Changes requested" in panel and "Approved" in panel
    assert "Proposed wording: “multilateral mini-UN”" in panel
    assert "Note: With a hyphen." in panel
    assert re.search(r"Proposed new wording:\s+“multilateral mini-UN”", panel)  # nobody recorded: no "by"
    assert "lips and teeth" not in panel
    assert "Email Casper Wits a review link" not in panel  # no email address
    assert "Email Remco Breuker a review link" in panel
    assert review_url(article, "accept", quote) in response.content.decode()


def test_proposed_wording_accepted_end_to_end(editor_client, article):
    expert = ExpertWithAccountFactory(name="Remco Breuker")
    quote = QuoteFactory(article=article, expert=expert, text="multilateral mini UN")
    expert_client = Client()
    expert_client.force_login(expert.user)
    response = expert_client.post(
        reverse("review:act", kwargs={"pk": quote.pk, "action": "propose"}), {"text": "mini-UN of autocracies"}
    )
    assert response.status_code == 302

    page = editor_client.get(change_url(article))
    assert "mini-UN of autocracies" in page.content.decode()
    data = form_values(page, "article_form")  # the Accept button posts the whole change form elsewhere
    response = editor_client.post(review_url(article, "accept", quote), data, follow=True)
    assert response.redirect_chain[0][0] == change_url(article) + "#expert-review"
    assert "now stands in the text of the update" in response.content.decode()

    article.refresh_from_db()
    quote.refresh_from_db()
    assert "Breuker calls it a “mini-UN of autocracies” of authoritarian states." in article.body
    assert (quote.text, quote.status) == ("mini-UN of autocracies", Status.APPROVED)
    assert [(d.decision, d.text) for d in quote.decisions.all()] == [
        (Decision.ACCEPTED, "mini-UN of autocracies"),
        (Decision.PROPOSED, "mini-UN of autocracies"),
    ]
    assert quote.decisions.first().decided_by == response.wsgi_request.user


def test_accepting_is_refused_clearly_when_the_text_is_gone(editor_client, article, quote, expert):
    review.propose_wording(quote, by=None, expert=expert, text="mini-UN")
    article.body = "Rewritten entirely."
    article.save()
    response = editor_client.post(review_url(article, "accept", quote), follow=True)
    assert "is not in the body" in response.content.decode()
    quote.refresh_from_db()
    assert quote.status == Status.CHANGES_REQUESTED


def test_rejecting_a_proposal_tells_the_expert(
    editor_client, article, quote, expert, django_capture_on_commit_callbacks
):
    review.propose_wording(quote, by=None, expert=expert, text="mini-UN")
    with django_capture_on_commit_callbacks(execute=True):
        response = editor_client.post(
            review_url(article, "reject", quote), {f"reject-note-{quote.pk}": "We keep the interview's words."}
        )
    assert response.status_code == 302
    quote.refresh_from_db()
    assert (quote.status, quote.proposed_text) == (Status.PENDING, "")
    assert quote.decisions.first().note == "We keep the interview's words."
    [email] = mail.outbox
    assert email.to == ["breuker@example.org"] and "We keep the interview's words." in email.body


def test_review_actions_need_post_a_matching_article_and_an_editor(client, editor_client, article, quote, expert):
    assert editor_client.get(review_url(article, "accept", quote)).status_code == 405
    elsewhere = QuoteFactory(expert=expert)
    assert editor_client.post(review_url(article, "accept", elsewhere)).status_code == 404
    client.force_login(ExpertWithAccountFactory().user)  # an expert is not staff
    response = client.post(review_url(article, "accept", quote))
    assert response.status_code == 302 and response["Location"].startswith("/admin/login/")


def test_editing_an_approved_quote_in_the_article_form_withdraws_approval(
    editor_client, article, quote, expert, django_capture_on_commit_callbacks
):
    review.approve_quote(quote, by=None, expert=expert)
    data = form_values(editor_client.get(change_url(article)), "article_form")
    [prefix] = [name.removesuffix("-text") for name in data if re.fullmatch(r"quotes-\d+-text", name)]
    assert data[f"{prefix}-text"] == ["multilateral mini UN"]
    data[f"{prefix}-text"] = ["multilateral mini-UN"]
    data["body"] = [article.body.replace("mini UN", "mini-UN")]
    with django_capture_on_commit_callbacks(execute=True):
        response = editor_client.post(change_url(article), data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    quote.refresh_from_db()
    assert (quote.text, quote.status) == ("multilateral mini-UN", Status.PENDING)
    withdrawn = quote.decisions.first()
    assert (withdrawn.decision, withdrawn.text) == (Decision.WITHDRAWN, "multilateral mini-UN")
    [email] = mail.outbox
    assert email.to == ["breuker@example.org"] and "Please review again" in email.subject


def test_saving_the_article_form_unchanged_keeps_approval(editor_client, article, quote, expert):
    review.approve_quote(quote, by=None, expert=expert)
    data = form_values(editor_client.get(change_url(article)), "article_form")
    assert editor_client.post(change_url(article), data).status_code == 302
    quote.refresh_from_db()
    assert quote.status == Status.APPROVED
    assert quote.decisions.count() == 1


def test_editing_an_approved_quote_on_its_own_page_withdraws_approval(
    editor_client, quote, expert, django_capture_on_commit_callbacks
):
    review.approve_quote(quote, by=None, expert=expert)
    url = reverse("admin:articles_quote_change", args=[quote.pk])
    data = form_values(editor_client.get(url), "quote_form")
    data["text"] = ["a multilateral mini UN"]
    with django_capture_on_commit_callbacks(execute=True):
        assert editor_client.post(url, data).status_code == 302
    quote.refresh_from_db()
    assert (quote.text, quote.status) == ("a multilateral mini UN", Status.PENDING)
    assert len(mail.outbox) == 1


def test_an_editor_emails_an_expert_a_review_link_that_works(client, editor_client, article, quote, expert):
    response = editor_client.post(review_url(article, "send_link", expert), follow=True)
    assert "A review link was emailed to Remco Breuker at breuker@example.org." in response.content.decode()
    [email] = mail.outbox
    assert email.to == ["breuker@example.org"]
    [link] = re.findall(r"http://localhost:8000(/review/t/\S+/)", email.body)
    page = client.get(link)
    assert page.status_code == 200
    assert "<mark>multilateral mini UN</mark>" in page.content.decode()


def test_sending_a_link_needs_an_address_and_a_quoted_expert(editor_client, article, quote):
    silent = ExpertFactory(name="No Address")
    QuoteFactory(article=article, expert=silent)
    response = editor_client.post(review_url(article, "send_link", silent), follow=True)
    assert "has no email address" in response.content.decode()
    stranger = ExpertFactory(name="Stranger", email="s@example.org")
    response = editor_client.post(review_url(article, "send_link", stranger), follow=True)
    assert "is not quoted in" in response.content.decode()
    assert mail.outbox == []


def test_pending_reviews_dashboard_lists_open_items_by_expert_with_their_age(editor_client, article, quote, expert):
    Quote.objects.filter(pk=quote.pk).update(created_at=timezone.now() - datetime.timedelta(days=4))
    wits = ExpertFactory(name="Casper Wits")
    asked = QuoteFactory(article=article, expert=wits, text="a more powerful position")
    review.request_quote_change(asked, by=None, expert=wits, note="Soften it.")
    done = QuoteFactory(article=article, expert=ExpertFactory(name="Done Expert"), text="all approved")
    review.approve_quote(done, by=None, expert=done.expert)
    ActorQuoteFactory(article=article, text="lips and teeth")

    changelist = editor_client.get(reverse("admin:articles_quote_changelist"))
    url = reverse("admin:articles_quote_pending_reviews")
    assert url in changelist.content.decode()
    response = editor_client.get(url)
    assert response.status_code == 200
    content = response.content.decode()
    assert "Remco Breuker" in content and "4\xa0days" in content
    assert "Casper Wits" in content and "Changes requested" in content
    assert "all approved" not in content and "lips and teeth" not in content
    assert content.index("Casper Wits") < content.index("Remco Breuker")


def test_pending_reviews_is_for_staff_only(client):
    client.force_login(ExpertWithAccountFactory().user)
    response = client.get(reverse("admin:articles_quote_pending_reviews"))
    assert response.status_code == 302


def test_pending_reviews_and_the_panel_cost_the_same_queries_for_5_and_50_items(editor_client, article):
    def add(n):
        for _ in range(n):
            quote = QuoteFactory(article=article, expert=ExpertFactory(email="e@example.org"))
            review.propose_wording(quote, by=None, expert=quote.expert, text="other words")

    def count(url):
        with CaptureQueriesContext(connection) as queries:
            assert editor_client.get(url).status_code == 200
        return len(queries)

    urls = [reverse("admin:articles_quote_pending_reviews"), change_url(article)]
    add(5)
    small = [count(url) for url in urls]
    add(45)
    assert [count(url) for url in urls] == small


def test_giving_an_approved_quote_to_another_expert_in_the_admin_withdraws_approval(editor_client, quote, expert):
    review.approve_quote(quote, by=None, expert=expert)
    wits = ExpertFactory(name="Casper Wits")
    url = reverse("admin:articles_quote_change", args=[quote.pk])
    data = form_values(editor_client.get(url), "quote_form")
    data["expert"] = [str(wits.pk)]
    assert editor_client.post(url, data).status_code == 302
    quote.refresh_from_db()
    assert (quote.expert, quote.status, quote.text) == (wits, Status.PENDING, "multilateral mini UN")
    assert quote.decisions.first().decision == Decision.WITHDRAWN
