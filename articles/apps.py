from django.apps import AppConfig
from django.db.models.signals import post_migrate


def sync_roles_after_migrate(sender, **kwargs):
    # Permissions of apps migrated after our data migration only exist now;
    # re-applying keeps the Admins group complete.
    from django.contrib.auth.models import Group, Permission

    from .roles import apply_roles

    apply_roles(Group, Permission)


class ArticlesConfig(AppConfig):
    name = "articles"
    verbose_name = "Updates"

    def ready(self):
        post_migrate.connect(sync_roles_after_migrate, sender=self)
        # Signal receivers: old slugs redirect; any public change invalidates cached pages.
        from . import public_cache, redirects  # noqa: F401
