"""Remove a user's authenticator, e.g. when the only administrator lost the phone."""

from django.core.management.base import BaseCommand, CommandError

from accounts import two_factor
from accounts.models import User


class Command(BaseCommand):
    help = (
        "Reset two-step verification for a user (lost phone): they log in with the "
        "password only; an administrator then sets up a new authenticator at once."
    )

    def add_arguments(self, parser):
        parser.add_argument("username")

    def handle(self, *args, username, **options):
        user = User.objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"No user {username!r}.")
        removed = two_factor.reset(user=user)
        if removed:
            self.stdout.write(f"Two-step verification reset for {username}.")
        else:
            self.stdout.write(f"{username} had no authenticator; nothing changed.")
