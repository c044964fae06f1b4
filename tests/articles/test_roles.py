import pytest
from django.contrib.auth.models import Group, Permission
from django.core.management import call_command

from articles.roles import ROLE_PERMISSIONS
from tests.factories import EditorFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_migrations_create_the_three_roles():
    assert set(Group.objects.values_list("name", flat=True)) >= set(ROLE_PERMISSIONS)


def test_admins_have_every_permission():
    assert Group.objects.get(name="Admins").permissions.count() == Permission.objects.count()


def test_editors_can_edit_and_import_but_not_delete_updates_or_manage_users():
    editor = EditorFactory()
    for perm in ["articles.change_article", "articles.publish_article", "actors.import_actor", "articles.add_quote"]:
        assert editor.has_perm(perm), perm
    for perm in ["articles.delete_article", "auth.change_user", "auth.add_group"]:
        assert not editor.has_perm(perm), perm


def test_experts_have_no_back_office_permissions():
    expert = UserFactory(groups=["Experts"])
    assert expert.get_all_permissions() == {"articles.review_own_quotes"}


def test_migrate_applies_the_roles_again():
    editors = Group.objects.get(name="Editors")
    editors.permissions.clear()
    Group.objects.filter(name="Experts").delete()

    call_command("migrate", verbosity=0)

    assert editors.permissions.filter(codename="change_article").exists()
    assert Group.objects.filter(name="Experts").exists()
