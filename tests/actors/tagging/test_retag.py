"""`manage.py retag`: every update tagged again, in batches, editors' decisions kept."""

from io import StringIO

from django.core.management import call_command

from actors.models import Actor, Alias, Mention
from tests.factories import ArticleFactory, MentionFactory


def retag(*args):
    out, err = StringIO(), StringIO()
    call_command("retag", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_retag_tags_every_update_in_batches_with_a_progress_bar(gazetteer):
    articles = ArticleFactory.create_batch(5, body="Sanctions on Pyongyang.")
    out, err = retag("--batch-size", "2")
    for article in articles:
        assert list(article.mentions.values_list("actor__slug", "origin")) == [("north-korea", Mention.Origin.AUTO)]
    assert "Re-tagged: 5 mentions added, 0 updated, 0 removed." in out
    assert [step.split("] ")[1] for step in err.strip().split("\r") if step] == [
        "2/5 updates",
        "4/5 updates",
        "5/5 updates",
    ]


def test_retag_leaves_rejected_and_manual_mentions_alone(gazetteer):
    article = ArticleFactory(body="China and Russia, with Iran.")
    china, russia, syria = (Actor.objects.get(slug=slug) for slug in ("china", "russia", "syria"))
    MentionFactory(article=article, actor=china, origin=Mention.Origin.REJECTED, count=7)
    MentionFactory(article=article, actor=russia, origin=Mention.Origin.MANUAL, count=9)
    MentionFactory(article=article, actor=syria, origin=Mention.Origin.MANUAL, count=0)
    retag()
    assert set(article.mentions.values_list("actor__slug", "origin", "count")) == {
        ("china", Mention.Origin.REJECTED, 7),
        ("russia", Mention.Origin.MANUAL, 9),
        ("syria", Mention.Origin.MANUAL, 0),
        ("iran", Mention.Origin.AUTO, 1),
    }


def test_retag_picks_up_a_new_alias_and_is_then_idempotent(gazetteer, in_admin):
    article = ArticleFactory(body="Talks in the Kremlin.")
    retag()
    assert not article.mentions.exists()
    in_admin.save(Alias(actor=Actor.objects.get(slug="russia"), text="Kremlin", kind="capital"))
    retag()
    assert list(article.mentions.values_list("actor__slug", flat=True)) == ["russia"]
    out, _err = retag()
    assert "0 mentions added, 0 updated, 0 removed" in out
