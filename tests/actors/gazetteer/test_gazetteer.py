"""The starter gazetteer and its loader."""

import csv
from collections import defaultdict

import pytest
from django.core.management import CommandError, call_command

from actors.gazetteer import FILES, GazetteerError, load_gazetteer, read_gazetteer
from actors.models import Actor, Alias

pytestmark = pytest.mark.django_db

HEADER = "slug,name,kind,description,country,wikidata_id,aliases\n"


def write(tmp_path, text, name="extra.csv"):
    path = tmp_path / name
    path.write_text(HEADER + text, encoding="utf-8")
    return path


def test_every_un_member_and_observer_state_has_its_names():
    states = [
        entry for entry in read_gazetteer() if entry.actor.kind == Actor.Kind.STATE and entry.actor.slug != "taiwan"
    ]
    assert len(states) == 193 + 2  # members, and the Holy See and Palestine as observers
    for entry in states:
        kinds = {kind for kind, _text in entry.aliases}
        assert Alias.Kind.CAPITAL in kinds or entry.actor.slug == "singapore", entry.actor.name  # a city state
        assert Alias.Kind.DEMONYM in kinds, entry.actor.name


def test_no_state_is_called_korean():
    """ "Korean" is the people, the language and the peninsula of both Koreas: it must name neither."""
    aliases = {text.lower(): entry.actor.slug for entry in read_gazetteer() for _kind, text in entry.aliases}
    assert "korean" not in aliases and "koreans" not in aliases


def test_a_name_belongs_to_one_actor_unless_two_share_it_on_purpose():
    """A shared name names neither actor (actors.tagging.matching): only where no other word tells them apart."""
    owners = defaultdict(set)
    for entry in read_gazetteer():
        for text in [entry.actor.name, *(text for _kind, text in entry.aliases)]:
            owners[text.lower()].add(entry.actor.slug)
    shared = {text: slugs for text, slugs in owners.items() if len(slugs) > 1}
    assert shared == {
        "congolese": {"democratic-republic-of-the-congo", "republic-of-the-congo"},
        "dominican": {"dominica", "dominican-republic"},
    }


def test_no_alias_repeats_its_actors_name():
    for entry in read_gazetteer():
        assert entry.actor.name.lower() not in {text.lower() for _kind, text in entry.aliases}, entry.actor.slug


def test_the_shipped_files_are_in_the_import_columns():
    for path in FILES:
        with open(path, newline="", encoding="utf-8") as file:
            assert next(csv.reader(file)) == HEADER.strip().split(",")


def test_loading_twice_changes_nothing():
    first = load_gazetteer()
    snapshot = list(Alias.objects.values_list("pk", "actor_id", "text", "kind"))
    second = load_gazetteer()
    assert first.actors_created == Actor.objects.count()
    assert (second.actors_created, second.actors_filled_in, second.aliases_added) == (0, 0, 0)
    assert list(Alias.objects.values_list("pk", "actor_id", "text", "kind")) == snapshot


def test_a_gazetteer_loaded_before_the_new_demonyms_gains_them_and_keeps_the_rest():
    load_gazetteer()
    Alias.objects.filter(actor__slug="laos", text="Laotian").delete()  # as loaded by an earlier version
    Alias.objects.filter(actor__slug="holy-see", text="Vatican").update(kind=Alias.Kind.NAME)
    Alias.objects.create(actor=Actor.objects.get(slug="laos"), text="Lan Xang", kind=Alias.Kind.NAME)
    before = set(Alias.objects.values_list("actor__slug", "text", "kind"))

    result = load_gazetteer()

    assert (result.actors_created, result.actors_filled_in, result.aliases_added) == (0, 0, 1)
    after = set(Alias.objects.values_list("actor__slug", "text", "kind"))
    assert after - before == {("laos", "Laotian", Alias.Kind.DEMONYM)} and before <= after
    assert ("holy-see", "Vatican", Alias.Kind.NAME) in after  # an alias it has is never changed, even its kind


def test_the_sample_actors_exist_with_their_aliases_and_links():
    load_gazetteer()
    kim = Actor.objects.get(slug="kim-jong-un")
    assert (kim.kind, kim.country.slug, kim.wikidata_id) == (Actor.Kind.PERSON, "north-korea", "Q56226")
    assert set(Actor.objects.get(slug="china").aliases.values_list("kind", "text")) >= {
        ("abbreviation", "PRC"),
        ("capital", "Beijing"),
        ("demonym", "Chinese"),
        ("prefix", "Sino-"),
    }


def test_loading_fills_in_but_never_overwrites_an_editors_work():
    china = Actor.objects.create(slug="china", name="China (PRC)", description="Edited by an editor.")
    Alias.objects.create(actor=china, text="beijing", kind=Alias.Kind.CAPITAL)
    Alias.objects.create(actor=china, text="Middle Kingdom")
    result = load_gazetteer()
    china.refresh_from_db()
    assert (china.name, china.description, china.wikidata_id) == ("China (PRC)", "Edited by an editor.", "Q148")
    assert result.actors_filled_in == 1
    assert set(china.aliases.values_list("text", flat=True)) == {
        "beijing",
        "Middle Kingdom",
        "People's Republic of China",
        "PRC",
        "Chinese",
        "Sino-",
    }


def test_bad_rows_are_each_reported_and_nothing_is_written(tmp_path):
    path = write(
        tmp_path,
        "atlantis,Atlantis,state,,,,capital:Poseidonia\n"
        "bad slug,Nowhere,planet,,,,\n"
        "lemuria,Lemuria,state,,,Q0,capital Lemur\n"
        "mu,Mu,person,,nowhere,,\n"
        "atlantis,Atlantis again,state,,,,\n",
    )
    with pytest.raises(GazetteerError) as raised:
        load_gazetteer([path])
    problems = raised.value.problems
    assert any(p.startswith("extra.csv line 3: slug:") for p in problems)
    assert any(p.startswith("extra.csv line 3: kind:") for p in problems)
    assert any(p.startswith("extra.csv line 4: wikidata_id: A Wikidata id looks like Q148.") for p in problems)
    assert any(p.startswith("extra.csv line 4: aliases:") for p in problems)
    assert "mu: the country nowhere is neither in the gazetteer nor in the database." in problems
    assert "extra.csv line 6: the slug atlantis is listed twice." in problems
    assert not Actor.objects.exists()


def test_a_file_without_the_columns_is_refused(tmp_path):
    path = tmp_path / "wrong.csv"
    path.write_text("name\nAtlantis\n", encoding="utf-8")
    with pytest.raises(GazetteerError, match="missing columns slug, kind"):
        load_gazetteer([path])


def test_a_country_may_be_an_actor_already_in_the_database(tmp_path):
    Actor.objects.create(slug="atlantis", name="Atlantis")
    load_gazetteer([write(tmp_path, "king-atlas,King Atlas,person,,atlantis,,name:Atlas\n")])
    assert Actor.objects.get(slug="king-atlas").country.slug == "atlantis"


def test_command_reports_what_it_did(capsys):
    call_command("load_gazetteer")
    assert "actors created" in capsys.readouterr().out
    call_command("load_gazetteer")
    assert "0 actors created, 0 completed, 0 aliases added" in capsys.readouterr().out


def test_command_lists_the_problems_and_loads_nothing(tmp_path):
    with pytest.raises(CommandError, match=r"Nothing was loaded:\nextra.csv line 2: kind:"):
        call_command("load_gazetteer", str(write(tmp_path, "atlantis,Atlantis,planet,,,,\n")))
    assert not Actor.objects.exists()
