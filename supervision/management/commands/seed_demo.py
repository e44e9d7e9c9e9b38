from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils.translation import gettext as _

from accounts.demo import DEMO_PASSWORD, seed_accounts
from cases.demo import seed_cases
from petitions.demo import seed_petitions
from supervision.demo import seed_supervision


class Command(BaseCommand):
    help = "Create or update the fictional demo county. Safe to run twice."

    def handle(self, *args, **options):
        if settings.ENVIRONMENT == "production":
            raise CommandError(_("seed_demo refuses to run under production settings."))
        with transaction.atomic():
            county = seed_accounts()
            demo = seed_cases(county)
            petitions = seed_petitions(county, demo)
            seed_supervision(county)
        self.stdout.write(
            self.style.SUCCESS(
                _(
                    "Demo county ready: %(units)d units, %(users)d users. "
                    "Log in as clerk, liaison, dept, leader or admin with "
                    "password %(password)s."
                )
                % {
                    "units": 2 + len(county["townships"]) + len(county["departments"]),
                    "users": len(county["users"]),
                    "password": DEMO_PASSWORD,
                }
            )
        )
        self.stdout.write(
            self.style.SUCCESS(
                _("Demo cases: %(cases)d, of which %(key)d key cases (%(new)d added).")
                % {
                    "cases": len(demo["cases"]),
                    "key": demo["key"],
                    "new": demo["created"],
                }
            )
        )
        self.stdout.write(
            self.style.SUCCESS(
                _(
                    "Demo petitions: %(petitions)d (%(new)d added), "
                    "reception days: %(days)d."
                )
                % {
                    "petitions": petitions["petitions"],
                    "new": petitions["created"],
                    "days": petitions["days"],
                }
            )
        )
        from supervision.models import ReportingPeriod, SupervisionOrder

        self.stdout.write(
            self.style.SUCCESS(
                _("Reporting periods: %(periods)d, supervision orders: %(orders)d.")
                % {
                    "periods": ReportingPeriod.objects.count(),
                    "orders": SupervisionOrder.objects.count(),
                }
            )
        )
