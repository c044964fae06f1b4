import secrets

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand

from articles.roles import ADMINS


class Command(BaseCommand):
    help = "Create a local superuser 'admin' when there is none, and print its password once."

    def handle(self, *args, **options):
        User = get_user_model()
        if User.objects.filter(is_superuser=True).exists():
            self.stdout.write("A superuser exists already; no admin was created.")
            return
        password = secrets.token_urlsafe(12)
        user = User.objects.create_superuser("admin", "admin@localhost", password)
        user.groups.add(Group.objects.get(name=ADMINS))
        self.stdout.write(
            self.style.WARNING(
                f"Created local admin — user: admin  password: {password}\n"
                "Sign in at http://127.0.0.1:8000/admin/ (this password is shown only once)."
            )
        )
