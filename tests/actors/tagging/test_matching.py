"""The tagger's rules, one case each, against the shipped gazetteer."""

import re
from pathlib import Path

import pytest

from actors.models import Actor
from actors.tagging import current_matcher, find_actors


def test_abbreviation_matches_only_in_its_own_case(named):
    assert named("China joined forces with the US to impose sanctions.") == ["China", "United States"]
    assert named("Let us talk about it; Us too.") == []


def test_abbreviations_are_never_matched_in_another_case(named):
    assert named("The DPRK and the PRC") == ["China", "North Korea"]
    assert named("The Dprk and the prc") == []


def test_possessive_names_the_actor(named):
    assert named("China's strategic move") == ["China"]


def test_possessive_of_a_capital_names_the_government(named):
    assert named("Beijing's depiction of the relationship") == ["China"]
    assert named("Beijing\u2019s depiction, with a typographic apostrophe") == ["China"]


def test_capitals_stand_for_their_governments(named):
    assert named("the meeting between Washington and Pyongyang") == ["North Korea", "United States"]


def test_sino_prefix_in_a_hyphenated_compound(named):
    assert named("the Sino-North Korean relationship") == ["China", "North Korea"]


def test_russo_prefix_in_a_hyphenated_compound(named):
    assert named("the Russo-North Korean partnership") == ["North Korea", "Russia"]


def test_a_prefix_must_be_glued_to_a_word(named):
    assert named("Sino- and Russo- are prefixes") == []


def test_demonym_names_the_state(named):
    assert named("Chinese Foreign Minister Wang Yi") == ["China", "Wang Yi"]


def test_longest_match_north_korean_is_north_korea_only(named):
    found = find_actors("a North Korean nuclear provocation")
    assert list(found) == [Actor.objects.get(slug="north-korea").pk]
    assert found[Actor.objects.get(slug="north-korea").pk] == (1, 2)


def test_south_korea_is_not_north_korea(named):
    assert named("US ally South Korea") == ["South Korea", "United States"]
    assert named("South Korean exporters") == ["South Korea"]


def test_korea_or_korean_alone_names_no_actor(named):
    assert named("professor in Korea Studies; the Korean conflict; the Korean peninsula") == []


def test_south_china_sea_is_not_china(named):
    assert named("patrols in the South China Sea") == ["South China Sea"]


def test_official_names_take_the_longest_match(named):
    assert named("the Democratic People's Republic of Korea") == ["North Korea"]
    assert named("the Republic of Korea") == ["South Korea"]
    assert named("the People's Republic of China") == ["China"]
    assert named("the Republic of China") == ["Taiwan"]


def test_names_inside_longer_state_names_do_not_count(named):
    assert named("Papua New Guinea and Guinea-Bissau") == ["Guinea-Bissau", "Papua New Guinea"]
    assert named("East Jerusalem") == ["Palestine"]


def test_mini_un_is_the_united_nations(named):
    assert named("a \u201cmultilateral mini UN\u201d of authoritarian states") == ["United Nations"]


def test_names_only_match_whole_words(named):
    assert named("Indochina, Chinatown and the UNESCO") == []
    assert named("Nigerian and Nigerien troops") == ["Niger", "Nigeria"]


def test_common_nouns_in_lower_case_are_not_names(named):
    assert named("fine china from a turkey farm in chad") == []


def test_all_capital_headings_still_name_actors(named):
    assert named("THE SINO-NORTH KOREAN PARTNERSHIP TODAY") == ["China", "North Korea"]


def test_people_by_full_name_and_by_surname(named):
    assert named("Kim Jong-un's meeting") == ["Kim Jong-un"]
    assert named("Belarusian President Alexander Lukashenko") == ["Alexander Lukashenko", "Belarus"]
    assert named("Lukashenko said") == ["Alexander Lukashenko"]


def test_plural_demonym_names_the_state(named):
    assert named("North Koreans and Russians") == ["North Korea", "Russia"]


def test_a_name_several_actors_share_names_none(named):
    assert named("Congolese and Dominican diplomats") == []


def test_counts_and_first_position(named):
    china = Actor.objects.get(slug="china").pk
    assert find_actors("Trade: China, then Beijing, then Chinese firms.") == {china: (3, 7)}


# ---- Text from PDFs: hard line breaks, tabs, runs of spaces, non-breaking spaces inside names -----


def test_a_name_broken_across_lines_or_spaced_oddly_still_names_its_actor(named):
    assert named("the Democratic People\u2019s\nRepublic of Korea") == ["North Korea"]  # not South Korea
    assert named("the Democratic People's\r\nRepublic of\tKorea") == ["North Korea"]
    assert named("the Democratic  People's Republic\u00a0of \n Korea") == ["North Korea"]
    assert named("the Republic of\nKorea") == ["South Korea"]


def test_the_samples_phrases_broken_across_lines(named):
    assert named("Chinese Foreign\nMinister Wang\nYi") == ["China", "Wang Yi"]
    assert named("Kim\nJong-un's meeting") == ["Kim Jong-un"]
    assert named("Belarusian President Alexander\nLukashenko") == ["Alexander Lukashenko", "Belarus"]
    assert named("the Sino-North\nKorean relationship") == ["China", "North Korea"]
    assert named("the Russo-North\u00a0Korean partnership") == ["North Korea", "Russia"]
    assert named("US ally South\nKorea") == ["South Korea", "United States"]
    assert named("a \u201cmultilateral mini\nUN\u201d") == ["United Nations"]
    assert named("patrols in the South\nChina Sea") == ["South China Sea"]


def test_a_blank_line_parts_paragraphs_and_no_name_spans_it(named):
    assert named("Strategic relations with North\n\nKorea") == []
    assert named("a title ending in South \n \n Korea") == []


def test_positions_and_counts_are_those_of_the_original_text(named):
    text = "Trade:\n\tthe Democratic  People\u2019s\nRepublic of Korea, then North\u00a0Koreans."
    hits = current_matcher().find(text)
    assert [text[hit.start : hit.end] for hit in hits] == [
        "Democratic  People\u2019s\nRepublic of Korea",
        "North\u00a0Koreans",
    ]
    north_korea = Actor.objects.get(slug="north-korea").pk
    assert find_actors(text) == {north_korea: (2, text.index("Democratic"))}


def test_the_sample_wrapped_like_a_pdf_names_the_same_actors_as_often_at_the_same_places(gazetteer):
    sample = (Path(__file__).parents[2] / "data" / "sino-north-korean-partnership.txt").read_text(encoding="utf-8")
    wrapped = re.sub(r"(.{40,60}?) ", lambda line: line[1] + "\n", sample)  # a line break every 40-60 characters
    assert wrapped.count("\n") > sample.count("\n") + 100 and len(wrapped) == len(sample)

    assert find_actors(wrapped) == find_actors(sample)


@pytest.mark.parametrize(
    ("text", "state"),
    [
        ("Laotian officials", "Laos"),
        ("Lao officials", "Laos"),
        ("two Laotians", "Laos"),
        ("North Korean officials", "North Korea"),
        ("Chinese officials", "China"),
        ("Azeri gas", "Azerbaijan"),
        ("a Croat general", "Croatia"),
        ("the Danes", "Denmark"),
        ("the Hellenic Navy", "Greece"),
        ("Serb leaders", "Serbia"),
        ("Spaniards abroad", "Spain"),
        ("a Vatican envoy", "Holy See"),
        ("Northern Irish parties", "United Kingdom"),
        ("East Timorese refugees", "Timor-Leste"),
        ("Cabo Verdean sailors", "Cape Verde"),
    ],
)
def test_common_demonyms_name_their_state(named, text, state):
    assert named(text) == [state]
