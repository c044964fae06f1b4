from io import StringIO

import pytest
from django.core.management import call_command

from actors.models import Actor, Alias, Relation
from articles.demo.loading import load_demo
from articles.models import Article, Citation, Expert, Quote, QuoteDecision, Source

pytestmark = pytest.mark.django_db

SAMPLE_ACTOR_SLUGS = [
    *["china", "north-korea", "russia", "united-states", "south-korea", "belarus", "iran", "syria", "laos"],
    *["vietnam", "indonesia", "taiwan", "hong-kong", "ukraine", "united-nations"],
    *["kim-jong-un", "xi-jinping", "wang-yi", "alexander-lukashenko"],
]
TABLES = [Article, Expert, Quote, QuoteDecision, Source, Citation, Actor, Alias, Relation]


def counts():
    return {model.__name__: model.objects.count() for model in TABLES}


def test_load_demo_gives_the_sample_update():
    article = load_demo()
    assert article.title == "The Sino-North Korean Partnership Today: North Korea's Power Shift"
    assert article.series.name == "Regional Update"
    assert article.region.name == "BRI and East Asia"
    assert list(Article.objects.published()) == [article]
    assert article.research_question.startswith("In what way has the current Sino-North Korean relationship")
    headings = [line[3:] for line in article.body.splitlines() if line.startswith("## ")]
    assert headings == [
        "Strategic relations with North Korea",
        "North Korea's new positioning",
        "Shifting dynamics",
        "Conclusion",
    ]
    assert "THE SINO-NORTH KOREAN" not in article.body  # the running header is gone
    assert {tag.name for tag in article.topics.all()} == {"BRI", "nuclear programme", "sanctions", "Taiwan", "trade"}


def test_load_demo_counts_and_experts():
    load_demo()
    assert {name: n for name, n in counts().items() if name not in {"Actor", "Alias"}} == {
        "Article": 1,
        "Expert": 2,
        "Quote": 6,
        "QuoteDecision": 6,
        "Source": 5,
        "Citation": 5,
        "Relation": 5,
    }
    # The actors come from the whole gazetteer; the sample's 19 are among them.
    assert Actor.objects.filter(slug__in=SAMPLE_ACTOR_SLUGS).count() == 19
    breuker = Expert.objects.get(slug="remco-breuker")
    assert (breuker.title, breuker.role) == ("Professor in Korea Studies", "HIG's Korea analyst")
    assert Expert.objects.get(slug="casper-wits").role == "HIG's East Asia expert"
    assert set(Quote.objects.values_list("status", flat=True)) == {Quote.Status.APPROVED}
    assert QuoteDecision.objects.filter(decision="approved").count() == 6  # each approval is in the history
    assert Citation.objects.filter(is_placeholder=True).count() == 5
    assert (
        Actor.objects.get(slug="north-korea").aliases.filter(text__in=["DPRK", "Pyongyang", "North Korean"]).count()
        == 3
    )
    alliance = Relation.objects.get(label="military alliance")
    assert (alliance.from_actor.slug, alliance.to_actor.slug, alliance.start_date.year, alliance.start_precision) == (
        "china",
        "north-korea",
        1961,
        "year",
    )


def test_load_demo_twice_changes_nothing():
    call_command("load_demo", stdout=StringIO())
    first = counts()
    article = Article.objects.get()
    call_command("load_demo", stdout=StringIO())
    assert counts() == first
    assert Article.objects.get().body == article.body
