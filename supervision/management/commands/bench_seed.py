import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from bench.seed import Seeder


class Command(BaseCommand):
    help = (
        "Fill an empty PostgreSQL database with a province-sized data set for the "
        "benchmarks (bench/README.md): 1,000 units, 5,000 users, N cases."
    )

    def add_arguments(self, parser):
        parser.add_argument("--cases", type=int, default=1_000_000)

    def handle(self, *args, cases, **options):
        if settings.ENVIRONMENT == "production":
            raise CommandError("bench_seed refuses to run under production settings.")
        if connection.vendor != "postgresql":
            raise CommandError("bench_seed needs PostgreSQL (set DATABASE_URL).")
        if cases < 1:
            raise CommandError("--cases must be at least 1.")
        started = time.monotonic()
        try:
            Seeder(cases, stdout=self.stdout).run()
        except ValueError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(
            self.style.SUCCESS(
                f"bench_seed: {cases:,} cases in {time.monotonic() - started:.0f}s"
            )
        )
