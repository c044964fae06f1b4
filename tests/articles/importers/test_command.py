import pytest
from django.core.management import CommandError, call_command

from articles.models import Article
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def briefing_file(tmp_path, sample_text):
    path = tmp_path / "sino-north-korean-partnership.txt"
    path.write_text(sample_text, encoding="utf-8")
    return path


def test_the_command_imports_each_file_as_the_given_user(importer, briefing_taxonomy, briefing_file, capsys):
    other = briefing_file.with_name("other.md")
    other.write_text("# Another update\n\nIts only paragraph.", encoding="utf-8")

    call_command("import_briefing", str(briefing_file), str(other), "--user", "importer")

    assert sorted(Article.objects.values_list("title", "owner__username")) == [
        ("Another update", "importer"),
        ("The Sino-North Korean Partnership Today: North Korea's Power Shift", "importer"),
    ]
    out = capsys.readouterr().out
    assert "sino-north-korean-partnership.txt: draft" in out and "created." in out
    assert "Needs attention:" in out and "5 citations (5 placeholders)" in out


def test_a_dry_run_writes_nothing(importer, briefing_file, capsys):
    call_command("import_briefing", str(briefing_file), "--dry-run", "--user", "importer")

    assert not Article.objects.exists()
    assert "Dry run" in capsys.readouterr().out


def test_refused_files_are_reported_and_the_others_imported(importer, briefing_file, tmp_path, capsys):
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")

    with pytest.raises(CommandError, match="2 of 3 file"):
        call_command(
            "import_briefing", str(empty), str(briefing_file), str(tmp_path / "missing.txt"), "--user", "importer"
        )

    assert Article.objects.count() == 1
    err = capsys.readouterr().err
    assert "Refused: empty.txt is empty." in err
    assert "Refused: Cannot read" in err and "missing.txt" in err


def test_without_user_the_only_superuser_imports(briefing_file, capsys):
    admin = UserFactory(username="admin", is_superuser=True, is_staff=True, password=None)

    call_command("import_briefing", str(briefing_file))

    assert Article.objects.get().owner == admin
    assert "Acting as admin (the only superuser)." in capsys.readouterr().out


def test_without_user_several_superusers_are_ambiguous(briefing_file):
    UserFactory.create_batch(2, is_superuser=True, password=None)

    with pytest.raises(CommandError, match="--user USERNAME"):
        call_command("import_briefing", str(briefing_file))

    assert not Article.objects.exists()


def test_an_unknown_user_is_refused(briefing_file):
    with pytest.raises(CommandError, match="No active user called “nobody”"):
        call_command("import_briefing", str(briefing_file), "--user", "nobody")
