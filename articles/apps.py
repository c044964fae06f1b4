from django.apps import AppConfig
from django.db.models.signals import post_migrate


def sync_roles_after_migrate(sender, using, **kwargs):
    # Permissions of apps migrated after our data migration only exist now;
    # re-applying keeps the Admins group complete. Other apps' post_migrate
    # handlers may not have run yet (e.g. after a test flush), so make sure
    # every app's permissions exist first.
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
        post_migrate.connect(sync_roles_after_migrate, sender=self)
        # Signal receivers: old slugs redirect; any public change invalidates cached pages.
