from django.contrib.auth.models import Group, Permission
from django.core.management.base import BaseCommand

from articles.roles import ROLE_PERMISSIONS, apply_roles


class Command(BaseCommand):
    help = "Create the Editors, Experts and Admins groups and give each its permissions."

    def handle(self, *args, **options):
        apply_roles(Group, Permission)
        self.stdout.write(f"Synchronised {len(ROLE_PERMISSIONS)} roles.")
