"""The benchmark: `make bench` (bench/README.md).

Requests go through Django's test client inside this process, so the figures are
server time (middleware, views, queries, templates) without the network. Every
item is requested a few times after a warm-up; the report gives p50 and p95, the
number of SQL queries of one request, and for the export the peak resident
memory of the process. A request that does not answer 200 stops the benchmark: the
run in CI (a few thousand cases) is there to keep this file working.

Beat jobs run inside a transaction that is rolled back, so every repetition does
the same work and the database is left as it was.
"""

import argparse
import os
import resource
import statistics
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


@dataclass
class Result:
    name: str
    times_ms: list[float]
    queries: int
    note: str = ""
    peak_mb: float | None = None
    target_ms: float | None = None
    extra: dict = field(default_factory=dict)

    @property
    def p50(self) -> float:
        return statistics.median(self.times_ms)

    @property
    def p95(self) -> float:
        ordered = sorted(self.times_ms)
        return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


class Failure(Exception):
    pass


def setup_django() -> None:
    from bench.prepare import DEFAULT_REDIS

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.bench")
    os.environ.setdefault("REDIS_URL", DEFAULT_REDIS)
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()


class Bench:
    def __init__(self, repeat: int):
        from django.db import connection
        from django.test import Client

        from accounts.models import User

        self.repeat = repeat
        self.connection = connection
        self.results: list[Result] = []
        self.users = {
            u.username: u
            for u in User.objects.filter(
                username__in=["clerk", "leader", "liaison", "dept"]
            )
        }
        missing = {"clerk", "leader", "liaison"} - set(self.users)
        if missing:
            raise Failure(f"no {', '.join(sorted(missing))} account: run bench_seed")
        self.clients = {}
        for name, user in self.users.items():
            client = Client()
            client.force_login(user)
            self.clients[name] = client
        self.anonymous = Client()

    # -- measuring -----------------------------------------------------------------

    def timed(self, fn) -> tuple[float, object]:
        t0 = time.perf_counter()
        value = fn()
        return (time.perf_counter() - t0) * 1000, value

    def count_queries(self, fn) -> int:
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(self.connection) as ctx:
            fn()
        return len(ctx.captured_queries)

    def measure(self, name, fn, *, target_ms=None, repeat=None, note="") -> Result:
        fn()  # warm-up: caches, connection, compiled templates
        queries = self.count_queries(fn)
        times = [self.timed(fn)[0] for _ in range(repeat or self.repeat)]
        result = Result(name, times, queries, note=note, target_ms=target_ms)
        self.results.append(result)
        print(
            f"  {name:<48} p50 {result.p50:8.1f} ms  p95 {result.p95:8.1f} ms  "
            f"{queries:4d} queries",
            flush=True,
        )
        return result

    def get(self, client_name, url, **params):
        client = self.clients[client_name] if client_name else self.anonymous

        def fn():
            response = client.get(url, params)
            if response.status_code != 200:
                raise Failure(
                    f"GET {url} {params} as {client_name}: {response.status_code}"
                )
            if getattr(response, "streaming", False):
                for _ in response.streaming_content:
                    pass
            return response

        return fn

    def recount(self, unit):
        from django.utils import timezone

        from supervision.dashboard import Window, refresh_dashboard_now

        def fn():
            window = Window.parse("month", "", "", timezone.localdate())
            refresh_dashboard_now(self.users["clerk"], window=window, unit=unit)

        return fn

    def cold(self, fn):
        from common.cache import bump

        def cold_fn():
            bump("dashboard")
            bump("scorecards")
            return fn()

        return cold_fn

    def post(self, client_name, url, data, *, expect=200, **extra):
        client = self.clients[client_name] if client_name else self.anonymous

        def fn():
            response = client.post(url, data, **extra)
            if response.status_code != expect:
                raise Failure(f"POST {url} as {client_name}: {response.status_code}")
            return response

        return fn

    # -- the items -----------------------------------------------------------------

    def run(self, export_rows: int) -> None:
        from django.urls import reverse

        from accounts.models import Unit
        from cases.models import Case
        from cases.views.pages import PAGE_SIZE, TIMELINE_PAGE_SIZE
        from common.pagination import COUNT_CAP

        unit = Unit.objects.filter(kind="township").order_by("id").first()
        big_case = Case.objects.get(number="BX1")
        cases = Case.objects.count()
        self.size = {"cases": cases}
        last_page = max(1, -(-min(cases, COUNT_CAP) // PAGE_SIZE))

        print("pages:", flush=True)
        self.measure(
            "dashboard, county-wide (clerk)",
            self.get("clerk", reverse("dashboard:index")),
            target_ms=150,
        )
        self.measure(
            "dashboard, one unit (clerk, unit filter)",
            self.get("clerk", reverse("dashboard:index"), unit=unit.pk),
            target_ms=150,
        )
        self.measure(
            "dashboard, a liaison's own unit",
            self.get("liaison", reverse("dashboard:index")),
            target_ms=150,
        )
        self.measure(
            "dashboard, a leader",
            self.get("leader", reverse("dashboard:index")),
            target_ms=150,
        )
        # Just after a change anywhere (invalidated before every request): the
        # page shows the last numbers and queues a recount ...
        self.measure(
            "dashboard, county-wide, just after a change",
            self.cold(self.get("clerk", reverse("dashboard:index"))),
            target_ms=150,
        )
        # ... which the worker does: the whole count, county-wide and for a unit.
        self.measure(
            "dashboard recount, county-wide (background task)",
            self.recount(None),
            repeat=min(self.repeat, 5),
        )
        self.measure(
            "dashboard recount, one unit (background task)",
            self.recount(unit),
            repeat=min(self.repeat, 5),
        )
        cases_url = reverse("cases:index")
        self.measure(
            "case list, default (clerk)", self.get("clerk", cases_url), target_ms=50
        )
        self.measure(
            "case list, unit + status (clerk)",
            self.get("clerk", cases_url, owning_unit=unit.pk, status="in_progress"),
            target_ms=50,
        )
        self.measure(
            "case list, one status (clerk)",
            self.get("clerk", cases_url, status="in_progress"),
            target_ms=50,
        )
        self.measure(
            "case list, a liaison's own unit",
            self.get("liaison", cases_url),
            target_ms=50,
        )
        self.measure(
            "case list, text search",
            self.get("clerk", cases_url, q="征地补偿"),
            target_ms=150,
        )
        self.measure(
            f"case list, deep page ({last_page})",
            self.get("clerk", cases_url, page=last_page),
            target_ms=50,
        )
        self.measure(
            f"case detail, {big_case.events.count()} events",
            self.get("clerk", reverse("cases:detail", args=[big_case.pk])),
            target_ms=50,
        )
        timeline = reverse("cases:timeline", args=[big_case.pk])
        self.measure("case timeline, page 1", self.get("clerk", timeline), target_ms=50)
        self.measure(
            "case timeline, last page",
            self.get(
                "clerk",
                timeline,
                page=-(-big_case.events.count() // TIMELINE_PAGE_SIZE),
            ),
            target_ms=50,
        )
        self.measure(
            "petition list (clerk)",
            self.get("clerk", reverse("petitions:index")),
            target_ms=50,
        )
        self.measure(
            "petition registration: repeat check",
            self.post("clerk", reverse("petitions:register"), registration_data()),
            target_ms=200,
        )
        self.measure(
            "public progress page (code + phone)",
            self.public_query(reverse("public:query")),
            target_ms=50,
        )
        self.measure(
            "supervision orders (clerk)",
            self.get("clerk", reverse("supervision:index")),
            target_ms=50,
        )
        self.measure(
            "report grid (clerk)",
            self.get("clerk", reverse("reports:index")),
            target_ms=50,
        )
        self.measure(
            "unit scorecards (clerk)",
            self.get("clerk", reverse("reports:scorecards")),
            target_ms=150,
        )

        print("export:", flush=True)
        self.export(export_rows)

        print("beat jobs (all units, rolled back):", flush=True)
        self.jobs()

    def public_query(self, url):
        from bench.seed import PUBLIC_CODE, PUBLIC_PHONE

        counter = iter(range(10**9))

        def fn():
            # A new address each time: the rate limit is per address.
            n = next(counter)
            response = self.anonymous.post(
                url,
                {"code": PUBLIC_CODE, "phone_last4": PUBLIC_PHONE[-4:]},
                REMOTE_ADDR=f"10.{n // 65536 % 256}.{n // 256 % 256}.{n % 256}",
            )
            if (
                response.status_code != 200
                or PUBLIC_CODE not in response.content.decode()
            ):
                raise Failure(f"public page: {response.status_code}")

        return fn

    def export(self, rows: int) -> None:
        from django.urls import reverse

        from cases.models import Case

        since = Case.objects.order_by("-opened_on").values_list("opened_on", flat=True)[
            rows - 1 : rows
        ]
        params = {"opened_from": since[0].isoformat()} if since else {}
        expected = (
            Case.objects.filter(opened_on__gte=since[0]).count()
            if since
            else Case.objects.count()
        )
        fn = self.get("clerk", reverse("cases:export"), **params)
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(self.connection) as ctx:
            seconds, _ = self.timed(fn)
        queries = len(ctx.captured_queries)
        # The process's peak resident memory (Linux reports KiB): the export is
        # the largest thing this process does, so its peak is the export's.
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        result = Result(
            f"Excel export, {expected:,} rows",
            [seconds],
            queries,
            peak_mb=peak,
            target_ms=30_000,
        )
        self.results.append(result)
        print(
            f"  {result.name:<48} {seconds / 1000:8.1f} s  {queries} queries  "
            f"peak {peak:.0f} MB",
            flush=True,
        )

    def jobs(self) -> None:
        from django.db import transaction

        from supervision import tasks

        for name in (
            "remind_before_cutoff",
            "sweep_missing_reports",
            "lookback_reminders",
            "deadline_warnings",
            "escalate_urgent_reports",
            "auto_supervision_orders",
            "weekly_briefing",
        ):
            task = getattr(tasks, name)

            def fn(task=task):
                # The task's body, in this process, rolled back afterwards.
                with transaction.atomic():
                    task.run()
                    transaction.set_rollback(True)

            self.measure(f"job {name}", fn, target_ms=10_000, repeat=3)

    # -- the report ----------------------------------------------------------------

    def markdown(self) -> str:
        lines = [
            "| item | p50 ms | p95 ms | queries | peak MB | target |",
            "|---|---:|---:|---:|---:|---|",
        ]
        for r in self.results:
            met = "" if r.target_ms is None else ("✓" if r.p50 <= r.target_ms else "✗")
            target = "" if r.target_ms is None else f"≤ {r.target_ms:,.0f} ms {met}"
            peak = "" if r.peak_mb is None else f"{r.peak_mb:.0f}"
            lines.append(
                f"| {r.name} | {r.p50:,.1f} | {r.p95:,.1f} | {r.queries} | {peak} "
                f"| {target} |"
            )
        return "\n".join(lines)


def registration_data() -> dict:
    from django.utils import timezone

    from bench.seed import _id_number

    return {
        "action": "check",
        "channel": "visit",
        "received_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M"),
        "proposed_title": "东湖村征地补偿款未足额发放问题",
        "content": "群众反映征地补偿款未足额发放，涉及十余户，要求尽快解决。",
        "head_count": "1",
        "people-TOTAL_FORMS": "1",
        "people-INITIAL_FORMS": "0",
        "people-MIN_NUM_FORMS": "0",
        "people-MAX_NUM_FORMS": "20",
        "people-0-name": "王建国",
        # An existing petitioner (bench_seed's fifth): "same person" candidates too.
        "people-0-id_number": _id_number(5),
        "people-0-phone": "13900001234",
    }


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--export-rows", type=int, default=100_000)
    parser.add_argument("--output", default=str(ROOT / "docs" / "benchmarks.md"))
    parser.add_argument("--no-write", action="store_true")
    args = parser.parse_args(argv)
    setup_django()
    from bench.prepare import DEFAULT_URL
    from bench.report import machine_description, machine_markdown, replace_section

    bench = Bench(args.repeat)
    started = time.monotonic()
    try:
        bench.run(args.export_rows)
    except Failure as failure:
        print(f"bench: FAILED: {failure}", file=sys.stderr)
        return 1
    from django.utils import timezone

    database_url = os.environ.get("DATABASE_URL") or DEFAULT_URL
    machine = machine_markdown(machine_description(database_url))
    text = (
        f"Run on {timezone.localdate():%Y-%m-%d} against {bench.size['cases']:,} cases "
        f"(`manage.py bench_seed`), {args.repeat} requests per item after a warm-up, "
        f"in {time.monotonic() - started:.0f} s.\n\n"
        f"{machine}\n\n{bench.markdown()}\n"
    )
    print(text)
    if not args.no_write:
        replace_section(Path(args.output), "bench", text)
        print(f"written to {args.output}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
