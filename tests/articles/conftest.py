"""Fixtures of the article tests: the briefing importer's sample, taxonomy, experts and importing editor."""

from pathlib import Path

import pytest

from tests.factories import ExpertFactory, RegionFactory, SeriesFactory, UserFactory

SAMPLE = Path(__file__).resolve().parents[1] / "data" / "sino-north-korean-partnership.txt"


@pytest.fixture
def sample_text():
    return SAMPLE.read_text(encoding="utf-8")


@pytest.fixture
def briefing_taxonomy(db):
    """The series and region the sample's kicker names."""
    return (
        SeriesFactory(name="Regional Update", slug="regional-update"),
        RegionFactory(name="BRI and East Asia", slug="bri-and-east-asia"),
    )


@pytest.fixture
def briefing_experts(db):
    """The two experts the sample quotes, with their roles at HIG."""
    return (
        ExpertFactory(name="Remco Breuker", slug="remco-breuker", role="HIG's Korea analyst"),
        ExpertFactory(name="Casper Wits", slug="casper-wits", title="", role="HIG's East Asia expert"),
    )


@pytest.fixture
def importer(db):
    """An editor: staff in the Editors group, which may import updates."""
    return UserFactory(username="importer", is_staff=True, groups=["Editors"], password=None)


@pytest.fixture
def importing_editor(briefing_taxonomy, briefing_experts, importer):
    """The importer, with the series, region and experts the sample names in place."""
    return importer
