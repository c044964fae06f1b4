import datetime

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from articles.expert_review import services as review
from articles.models import Article, Quote, QuoteDecision
from tests.factories import (
    AdminUserFactory,
    ArticleFactory,
    EditorFactory,
    ExpertFactory,
    ExpertWithAccountFactory,
    QuoteFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

SECRET = "has gained a more powerful position"  # Wits's words in the body of `article`


@pytest.fixture
def breuker():
    return ExpertWithAccountFactory(name="Remco Breuker")


@pytest.fixture
def wits():
    return ExpertWithAccountFactory(name="Casper Wits", email="wits@example.org")


@pytest.fixture
def mine(article, breuker):
    return QuoteFactory(article=article, expert=breuker, text="multilateral mini UN")


@pytest.fixture
def theirs(article, wits):
    return QuoteFactory(article=article, expert=wits, text=SECRET)


def act_url(quote, action):
    return reverse("review:act", kwargs={"pk": quote.pk, "action": action})


def token_of(expert, article, **kwargs):
    return review.review_link_for(expert, article, by=None, **kwargs).removeprefix("/review/t/").rstrip("/")


def test_anonymous_visitors_are_sent_to_the_review_sign_in(client):
    response = client.get("/review/")
    assert response.status_code == 302
    assert response["Location"].startswith("/review/login/?next=/review/")
    page = client.get(response["Location"])
    assert page.status_code == 200
    assert "Sign in to review your quotes" in page.content.decode()
    assert "admin" not in page.templates[0].name


def test_an_expert_signs_in_and_lands_on_my_quotes(client, breuker):
    response = client.post(
        "/review/login/", {"username": breuker.user.username, "password": "correct horse battery staple"}
    )
    assert response.status_code == 302
    assert response["Location"] == "/review/"


@pytest.mark.parametrize("make_user", [EditorFactory, AdminUserFactory, UserFactory])
def test_people_who_are_not_experts_are_told_so(client, mine, make_user):
    user = make_user()
    client.force_login(user)
    response = client.get("/review/")
    assert response.status_code == 403
    content = response.content.decode()
    assert "These pages are for experts" in content
    assert "multilateral mini UN" not in content
    assert ("pending reviews" in content) == user.is_staff
    assert client.post(act_url(mine, "approve")).status_code == 403


def test_an_expert_account_without_the_experts_role_is_refused(client, mine, breuker):
    breuker.user.groups.clear()
    client.force_login(breuker.user)
    assert client.get("/review/").status_code == 403


def test_my_quotes_shows_each_item_in_its_paragraph_and_nothing_of_other_experts(client, mine, theirs, breuker):
    other_article = ArticleFactory(title="Another update", body="Breuker: backdoor.")
    QuoteFactory(article=other_article, expert=breuker, text="backdoor")
    QuoteFactory(article=ArticleFactory(title="Not quoted draft"), expert=theirs.expert)
    client.force_login(breuker.user)
    response = client.get("/review/")
    assert response.status_code == 200
    content = response.content.decode()
    assert "Breuker calls it a “<mark>multilateral mini UN</mark>” of authoritarian states." in content
    assert "friendship and cooperation treaty shows new ties" in content  # the Markdown link reads as its words
    assert "The partnership today" in content and "Another update" in content
    assert "Draft" in content and "please answer by" in content
    assert SECRET not in content
    assert "Not quoted draft" not in content
    assert response.context["expert"] == breuker


def test_an_expert_cannot_read_or_act_on_another_experts_item(client, mine, theirs, breuker):
    client.force_login(breuker.user)
    for action in ("approve", "request-change", "propose"):
        response = client.post(act_url(theirs, action), {"note": "x", "text": "y"})
        assert response.status_code == 404
        assert SECRET not in response.content.decode()
        assert theirs.expert.name not in response.content.decode()
    missing = client.post(reverse("review:act", kwargs={"pk": 999999, "action": "approve"}))
    assert missing.status_code == 404
    theirs.refresh_from_db()
    assert theirs.status == Quote.Status.PENDING
    assert not QuoteDecision.objects.exists()


def test_review_actions_only_answer_post(client, mine, breuker):
    client.force_login(breuker.user)
    assert client.get(act_url(mine, "approve")).status_code == 405
    assert client.post(act_url(mine, "delete")).status_code == 404


def test_an_expert_approves_from_the_page(client, mine, breuker):
    client.force_login(breuker.user)
    response = client.post(act_url(mine, "approve"), follow=True)
    assert response.redirect_chain[-1][0] == f"/review/#quote-{mine.pk}"
    assert "Approved. Thank you." in response.content.decode()
    mine.refresh_from_db()
    assert mine.status == Quote.Status.APPROVED
    decision = mine.decisions.get()
    assert (decision.decided_by, decision.text) == (breuker.user, "multilateral mini UN")


def test_an_expert_asks_for_a_change_and_must_say_what(client, mine, breuker):
    client.force_login(breuker.user)
    response = client.post(act_url(mine, "request-change"), {"note": ""}, follow=True)
    assert "Say what should change" in response.content.decode()
    mine.refresh_from_db()
    assert mine.status == Quote.Status.PENDING
    response = client.post(act_url(mine, "request-change"), {"note": "I said mini-UN."}, follow=True)
    assert "sent to the editors" in response.content.decode()
    mine.refresh_from_db()
    assert (mine.status, mine.reviewer_note) == (Quote.Status.CHANGES_REQUESTED, "I said mini-UN.")


def test_an_expert_proposes_wording(client, mine, breuker):
    client.force_login(breuker.user)
    response = client.post(act_url(mine, "propose"), {"text": "multilateral mini-UN", "note": "Hyphen"}, follow=True)
    content = response.content.decode()
    assert "Your wording has been sent to the editors." in content
    assert "Your wording: “multilateral mini-UN”" in content
    mine.refresh_from_db()
    assert (mine.status, mine.proposed_text) == (Quote.Status.CHANGES_REQUESTED, "multilateral mini-UN")


def test_experts_cannot_enter_the_admin(client, breuker):
    client.force_login(breuker.user)
    response = client.get("/admin/")
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")


def test_a_review_link_shows_only_that_experts_items_in_that_article(client, article, theirs):
    expert = ExpertFactory(name="No Account", email="na@example.org")
    quote = QuoteFactory(article=article, expert=expert, text="multilateral mini UN")
    QuoteFactory(article=ArticleFactory(title="Elsewhere"), expert=expert, text="backdoor")
    token = token_of(expert, article)
    response = client.get(f"/review/t/{token}/")
    assert response.status_code == 200
    content = response.content.decode()
    assert "<mark>multilateral mini UN</mark>" in content
    assert "Elsewhere" not in content and "backdoor" not in content
    assert SECRET not in content

    response = client.post(
        reverse("review:token-act", kwargs={"token": token, "pk": quote.pk, "action": "approve"}), follow=True
    )
    assert "Approved. Thank you." in response.content.decode()
    quote.refresh_from_db()
    assert quote.status == Quote.Status.APPROVED
    decision = quote.decisions.get()
    assert decision.decided_by is None  # no account: the link speaks for the expert

    for other in (theirs, Quote.objects.get(text="backdoor")):
        url = reverse("review:token-act", kwargs={"token": token, "pk": other.pk, "action": "approve"})
        response = client.post(url)
        assert response.status_code == 404
        assert other.text not in response.content.decode()
    assert not theirs.decisions.exists()


def test_an_expired_or_tampered_link_is_refused_with_a_clear_page(client, article, mine, breuker):
    with time_machine.travel(timezone.now() - datetime.timedelta(days=3), tick=False):
        expired = token_of(breuker, article, max_age=datetime.timedelta(days=2))
    tampered = token_of(breuker, article)[:-2] + "xx"
    for token, reason in ((expired, "has expired"), (tampered, "not valid")):
        for response in (
            client.get(f"/review/t/{token}/"),
            client.post(reverse("review:token-act", kwargs={"token": token, "pk": mine.pk, "action": "approve"})),
        ):
            assert response.status_code == 403
            content = response.content.decode()
            assert "This review link cannot be used" in content and reason in content
            assert "multilateral mini UN" not in content
    mine.refresh_from_db()
    assert mine.status == Quote.Status.PENDING


def test_my_quotes_costs_the_same_queries_for_5_and_50_items(client, breuker):
    client.force_login(breuker.user)

    def add(n):
        for i in range(n):
            article = ArticleFactory(body=f"Paragraph one.\n\nThe expert says item {i} here.")
            QuoteFactory(article=article, expert=breuker, text=f"item {i}")

    def count():
        with CaptureQueriesContext(connection) as queries:
            response = client.get("/review/")
        assert response.status_code == 200
        return len(queries), response

    add(5)
    small, response = count()
    assert len(response.context["groups"]) == 5
    add(45)
    large, response = count()
    assert len(response.context["groups"]) == 50
    assert small == large


def test_the_review_pages_use_their_own_calm_base(client, mine, breuker):
    client.force_login(breuker.user)
    response = client.get("/review/")
    names = [template.name for template in response.templates]
    assert "review/base.html" in names and "base.html" not in names
    content = response.content.decode()
    assert "css/review.css" in content
    assert "style=" not in content and "<script" not in content
    assert Article.objects.count() == 1
