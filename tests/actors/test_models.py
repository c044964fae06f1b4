import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from actors.models import Alias, Mention, Relation
from tests.factories import ActorFactory, AliasFactory, ArticleFactory, MentionFactory, RelationFactory

pytestmark = pytest.mark.django_db


def test_alias_is_unique_per_actor_whatever_its_case():
    alias = AliasFactory(text="DPRK")
    duplicate = Alias(actor=alias.actor, text="dprk")
    with pytest.raises(ValidationError, match="already has that alias"):
        duplicate.validate_constraints()
    with pytest.raises(IntegrityError), transaction.atomic():
        duplicate.save()
    AliasFactory(text="DPRK")  # another actor may share it


def test_relation_cannot_link_an_actor_to_itself():
    actor = ActorFactory()
    relation = Relation(from_actor=actor, to_actor=actor, kind="alliance", start_date=datetime.date(1961, 1, 1))
    with pytest.raises(ValidationError, match="relation with itself"):
        relation.validate_constraints()
    with pytest.raises(IntegrityError), transaction.atomic():
        relation.save()


def test_relation_cannot_end_before_it_starts():
    relation = RelationFactory.build(
        from_actor=ActorFactory(),
        to_actor=ActorFactory(),
        start_date=datetime.date(2024, 1, 1),
        end_date=datetime.date(2023, 12, 31),
    )
    with pytest.raises(ValidationError, match="end date cannot be before"):
        relation.validate_constraints()
    with pytest.raises(IntegrityError), transaction.atomic():
        relation.save()
    relation.end_date = datetime.date(2024, 1, 1)
    relation.save()


def test_one_mention_per_article_and_actor():
    mention = MentionFactory()
    duplicate = Mention(article=mention.article, actor=mention.actor, origin=Mention.Origin.MANUAL)
    with pytest.raises(ValidationError, match="already tagged"):
        duplicate.validate_constraints()
    with pytest.raises(IntegrityError), transaction.atomic():
        duplicate.save()


def test_wikidata_id_is_validated():
    actor = ActorFactory.build(wikidata_id="148")
    with pytest.raises(ValidationError, match="Q148"):
        actor.full_clean()


def test_actor_url():
    actor = ActorFactory(slug="china")
    assert actor.get_absolute_url() == "/actors/china/"
    assert ArticleFactory().actors.count() == 0
