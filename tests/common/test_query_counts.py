"""Every list, detail and dashboard page sends the same number of queries on a
small data set and on one ten times larger (bench_seed's generator, grown in
place); detail pages are compared between an ordinary case and the case with 200
timeline events. The jobs have their own two-size tests (tests/supervision/
test_jobs.py, test_dashboard.py, test_scorecards.py)."""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.models import User
from bench.run import registration_data
from bench.seed import PUBLIC_CODE, PUBLIC_PHONE, Seeder
from cases.models import Case
from petitions.models import Petition
from supervision.models import SupervisionOrder

pytestmark = pytest.mark.django_db


def case_of(size):
    # The small measure reads an ordinary case; the large one the case with 200
    # events, 5 petitions and their records.
    return Case.objects.get(number="BX2" if size == "small" else "BX1")


def order_of(size):
    return SupervisionOrder.objects.filter(case__isnull=False).order_by(
        "id" if size == "small" else "-id"
    )[0]


PAGES = [
    # (name, user, url name, args from the size, query string)
    ("home", "clerk", "home", None, {}),
    ("case list", "clerk", "cases:index", None, {}),
    ("case list, unit + status", "clerk", "cases:index", None, {"status": "closed"}),
    ("case list, search", "clerk", "cases:index", None, {"q": "征地补偿"}),
    ("case list, deep page", "clerk", "cases:index", None, {"page": "6"}),
    ("case list (liaison)", "liaison", "cases:index", None, {}),
    ("case detail", "clerk", "cases:detail", lambda s: [case_of(s).pk], {}),
    ("case detail (liaison)", "liaison", "cases:detail", lambda s: [case_of(s).pk], {}),
    ("case sheet", "clerk", "cases:sheet", lambda s: [case_of(s).pk], {}),
    ("case timeline", "clerk", "cases:timeline", lambda s: [case_of(s).pk], {}),
    (
        "case timeline, page 4",
        "clerk",
        "cases:timeline",
        lambda s: [case_of(s).pk],
        {"page": "4"},
    ),
    ("ledger export", "clerk", "cases:export", None, {}),
    ("petition list", "clerk", "petitions:index", None, {}),
    (
        "petition detail",
        "clerk",
        "petitions:detail",
        lambda s: [Petition.objects.filter(case=case_of(s)).first().pk],
        {},
    ),
    ("reception days", "clerk", "petitions:reception_days", None, {}),
    ("orders", "clerk", "supervision:index", None, {}),
    (
        "order detail",
        "clerk",
        "supervision:order_detail",
        lambda s: [order_of(s).pk],
        {},
    ),
    ("accountability records", "clerk", "supervision:record_list", None, {}),
    ("report grid", "clerk", "reports:index", None, {}),
    ("urgent reports", "clerk", "reports:urgent_list", None, {}),
    ("scorecards", "clerk", "reports:scorecards", None, {}),
    ("dashboard", "clerk", "dashboard:index", None, {}),
    ("dashboard, year", "clerk", "dashboard:index", None, {"window": "year"}),
    ("dashboard (leader)", "leader", "dashboard:index", None, {}),
    ("dashboard (liaison)", "liaison", "dashboard:index", None, {}),
    ("notifications", "liaison", "accounts:notifications", None, {}),
]


def measure(size) -> dict:
    users = {
        u.username: u
        for u in User.objects.filter(username__in=["clerk", "leader", "liaison"])
    }
    clients = {}
    for name, user in users.items():
        clients[name] = Client()
        clients[name].force_login(user)
    counts = {}
    for name, username, url_name, args, params in PAGES:
        url = reverse(url_name, args=args(size) if args else None)
        client = clients[username]
        client.get(url, params)  # warm: sessions, caches of lists
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(url, params)
            if getattr(response, "streaming", False):
                b"".join(response.streaming_content)
        assert response.status_code == 200, (name, response.status_code)
        counts[name] = len(ctx.captured_queries)
    anonymous = Client()
    with CaptureQueriesContext(connection) as ctx:
        response = anonymous.post(
            reverse("public:query"),
            {"code": PUBLIC_CODE, "phone_last4": PUBLIC_PHONE[-4:]},
            REMOTE_ADDR=f"10.0.0.{1 if size == 'small' else 2}",
        )
    assert response.status_code == 200
    counts["public progress page"] = len(ctx.captured_queries)
    with CaptureQueriesContext(connection) as ctx:
        response = clients["clerk"].post(
            reverse("petitions:register"), registration_data()
        )
    assert response.status_code == 200
    counts["registration check"] = len(ctx.captured_queries)
    return counts


def test_no_page_sends_more_queries_for_more_data():
    Seeder(100).run()
    small = measure("small")
    Seeder(900, grow=True).run()
    assert Case.objects.count() == 1000
    large = measure("large")
    differing = {
        name: (small[name], large[name]) for name in small if small[name] != large[name]
    }
    assert not differing, differing
    assert len(small) == len(PAGES) + 2
