"""Every public page shows the demo and nothing readers must not see."""

import json
import re

import pytest
from django.template.loader import render_to_string

from tests.public_content import DEMO_SLUG, DEMO_TITLE, FEEDS, HIDDEN_MARK, PUBLIC_PAGES, UNAPPROVED_WORDS

pytestmark = pytest.mark.django_db


def json_ld(html):
    blocks = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    assert len(blocks) == 1
    return json.loads(blocks[0])


@pytest.mark.parametrize("url", PUBLIC_PAGES + FEEDS + ["/sitemap-updates.xml"])
def test_public_surfaces_show_the_demo_and_hide_the_unpublished(client, site, url):
    response = client.get(url)

    assert response.status_code == 200
    text = response.content.decode()
    assert HIDDEN_MARK not in text and HIDDEN_MARK.lower() not in text
    assert "hidden-" not in text
    assert UNAPPROVED_WORDS not in text
    if url != "/actors/":  # Atlantis is a public actor, named only by a rejected mention
        assert "Atlantis" not in text and "/actors/atlantis/" not in text
    if url not in {"/experts/", "/actors/"}:
        assert DEMO_SLUG in text


@pytest.mark.parametrize("url", PUBLIC_PAGES)
def test_every_page_has_canonical_opengraph_twitter_feeds_and_json_ld(client, site, url):
    html = client.get(url).content.decode()

    assert f'<link rel="canonical" href="http://testserver{url}">' in html
    assert '<meta property="og:title"' in html and '<meta property="og:url"' in html
    assert '<meta name="twitter:card" content="summary">' in html
    assert 'rel="alternate" type="application/rss+xml"' in html
    assert 'rel="alternate" type="application/atom+xml"' in html
    assert json_ld(html)["@context"] == "https://schema.org"
    assert html.count("<h1") == 1


def test_unpublished_updates_answer_404(client, site):
    for secret in site.hidden:
        response = client.get(secret.get_absolute_url())
        assert response.status_code == 404
        assert 'class="site-header"' in response.content.decode()


def test_topics_used_only_by_unpublished_updates_answer_404(client, site):
    assert client.get("/topics/hiddenword-topic-draft/").status_code == 404
    assert client.get("/topics/hiddenword-topic-draft/feed/").status_code == 404


def test_article_page_renders_the_demo(client, site):
    html = client.get(f"/updates/{DEMO_SLUG}/").content.decode()

    assert DEMO_TITLE in html
    assert "Regional Update" in html and "BRI and East Asia" in html
    assert 'class="research-question"' in html and "In what way has the current Sino-North Korean" in html
    for anchor in (
        "strategic-relations-with-north-korea",
        "north-koreas-new-positioning",
        "shifting-dynamics",
        "conclusion",
    ):
        assert f'<li class="toc__item toc__item--h2"><a href="#{anchor}">' in html
        assert f'<h2 id="{anchor}">' in html
    assert 'href="/experts/remco-breuker/"' in html and 'href="/experts/casper-wits/"' in html
    assert html.count('class="chip chip--') >= 10
    for number in range(1, 6):
        assert f'<li id="ref-{number}" value="{number}">' in html
        assert f'<sup class="citation" id="cite-{number}"><a href="#ref-{number}"' in html
        assert f'href="#cite-{number}"' in html
    assert 'href="#"' not in html
    assert "5 min read" in html and "2 April 2026" in html


def test_article_shows_approved_quotes_as_pull_quotes_and_marks_paraphrases(client, site):
    html = client.get(f"/updates/{DEMO_SLUG}/").content.decode()

    pull_quotes = re.findall(r'<figure class="pull-quote" id="quote-\d+">(.*?)</figure>', html, re.S)
    assert len(pull_quotes) == 2
    assert (
        "“multilateral mini UN”" in pull_quotes[0]
        and '<a href="/experts/remco-breuker/">Remco Breuker</a>' in (pull_quotes[0])
    )
    assert "Professor in Korea Studies" in pull_quotes[0] and "HIG's Korea analyst" in pull_quotes[0]
    assert '<span class="attributed" id="quote-' in html
    assert 'aria-label="CW: Paraphrase attributed to Casper Wits"' in html


def test_article_json_ld_is_a_news_article_about_its_public_actors(client, site):
    data = json_ld(client.get(f"/updates/{DEMO_SLUG}/").content.decode())

    assert data["@type"] == "NewsArticle"
    assert data["headline"] == site.article.title
    assert data["datePublished"].startswith("2026-04-02T09:00:00")
    assert data["dateModified"]
    assert data["author"]
    about = {actor["name"]: actor["@type"] for actor in data["about"]}
    assert len(about) == 19 and "Atlantis" not in about
    assert (
        about["China"] == "Country" and about["Kim Jong-un"] == "Person" and about["United Nations"] == "Organization"
    )


def test_related_updates_rank_by_shared_actors_and_topics_and_skip_unpublished(client, site):
    from actors.models import Actor, Mention
    from tests.factories import ArticleFactory, MentionFactory

    close = ArticleFactory(published=True, title="Close relative", slug="close")
    close.topics.set(["sanctions", "trade"])
    for slug in ("china", "north-korea", "russia"):
        MentionFactory(article=close, actor=Actor.objects.get(slug=slug))
    distant = ArticleFactory(published=True, title="Distant relative", slug="distant")
    distant.topics.set(["trade"])
    MentionFactory(article=distant, actor=Actor.objects.get(slug="china"), origin=Mention.Origin.REJECTED)
    ArticleFactory(published=True, title="Unrelated", slug="unrelated")

    html = client.get(f"/updates/{DEMO_SLUG}/").content.decode()
    related = html.split('<aside class="related"', 1)[1]

    assert related.index("Close relative") < related.index("Distant relative")
    assert "Unrelated" not in related


def test_home_features_the_newest_and_paginates(client, site):
    from tests.factories import ArticleFactory

    ArticleFactory.create_batch(21, published=True, title="Filler update")
    page_one = client.get("/").content.decode()
    page_two = client.get("/?page=2").content.decode()

    assert page_one.count("item--featured") == 1
    assert 'rel="next" href="?page=2"' in page_one
    assert DEMO_TITLE in page_two and '<link rel="canonical" href="http://testserver/?page=2">' in page_two


def test_expert_page_lists_approved_quotes_and_updates(client, site):
    html = client.get("/experts/remco-breuker/").content.decode()

    assert "Professor in Korea Studies" in html and "HIG&#x27;s Korea analyst" in html
    assert "“multilateral mini UN”" in html and f"/updates/{DEMO_SLUG}/#quote-" in html
    assert json_ld(html)["@type"] == "Person"
    assert 'href="/experts/remco-breuker/feed/"' in html


def test_unpublished_experts_and_actors_answer_404(client, site):
    from tests.factories import ActorFactory, ExpertFactory

    ExpertFactory(slug="private-expert", is_published=False)
    ActorFactory(slug="private-actor", is_published=False)

    assert client.get("/experts/private-expert/").status_code == 404
    assert client.get("/actors/private-actor/").status_code == 404
    assert client.get("/actors/private-actor/feed/").status_code == 404


def test_robots_txt_names_the_sitemap(client, db):
    response = client.get("/robots.txt")

    assert response["Content-Type"].startswith("text/plain")
    assert "Sitemap: http://testserver/sitemap.xml" in response.content.decode()


def test_error_pages_are_in_the_site_style(client, db):
    assert 'class="site-header"' in client.get("/no-such-page/").content.decode()
    html = render_to_string("500.html")
    assert 'class="site-header"' in html and "Something went wrong" in html


def test_a_new_version_in_the_making_is_never_what_readers_get(client, site):
    """It shares the demo's slug, is approved and waits to be published: readers get the live update."""
    html = client.get(site.article.get_absolute_url()).content.decode()
    assert DEMO_TITLE in html and HIDDEN_MARK not in html
    assert site.new_version.slug == site.article.slug


def test_an_experts_page_lists_their_updates_twenty_a_page_and_their_newest_words(client, site):
    from articles.models import Expert, Quote
    from tests.factories import ArticleFactory, QuoteFactory

    breuker = Expert.objects.get(slug="remco-breuker")
    for number in range(21):
        update = ArticleFactory(published=True, slug=f"bylined-{number:02d}", title=f"Bylined update {number:02d}")
        update.authors.add(breuker)
        QuoteFactory(article=update, expert=breuker, text=f"words number {number}", status=Quote.Status.APPROVED)
    ArticleFactory(title="Draft with Breuker").authors.add(breuker)

    first = client.get("/experts/remco-breuker/").content.decode()
    second = client.get("/experts/remco-breuker/?page=2").content.decode()

    assert first.count('<article class="item') == 20 and 'href="?page=2"' in first
    assert second.count('<article class="item') == 2  # the last copy and the demo update
    assert first.count('class="pull-quote pull-quote--small"') == 10
    assert "Draft with Breuker" not in first + second
