from django.apps import AppConfig
from django.db.models.signals import post_migrate


def sync_roles_after_migrate(sender, using, **kwargs):
    # The roles are applied here, after every `migrate` (test databases included), and
    # nowhere else: every app's permissions exist by then, so the Admins group is complete.
    # Other apps' post_migrate handlers may not have run yet (e.g. after a test flush),
    # so make sure every app's permissions exist first.
    from django.apps import apps
    from django.contrib.auth.management import create_permissions
    from django.contrib.auth.models import Group, Permission

    from articles.roles import apply_roles

    for app_config in apps.get_app_configs():
        create_permissions(app_config, verbosity=0, using=using)
    apply_roles(Group, Permission)


class ArticlesConfig(AppConfig):
    name = "articles"
    verbose_name = "Updates"

    def ready(self):
        # The only signal receiver of the project: roles after every `migrate`. Everything
        # else (page cache, old slugs, tagging, the gazetteer stamp) is an explicit call
        # from the service that makes the change.
        post_migrate.connect(sync_roles_after_migrate, sender=self)
