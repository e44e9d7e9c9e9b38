"""The plans of the hot queries, on a few thousand generated rows (bench_seed's
generator): with sequential scans priced out, every query the case list and the
dashboard send for a unit still finds an index to use. A query that cannot —
a missing index, a filter no index serves — keeps its Seq Scan and fails here.
"""

import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.models import Unit, User
from bench.seed import Seeder

pytestmark = pytest.mark.django_db


@pytest.fixture
def generated(db):
    Seeder(3000).run()
    return {
        u.username: u for u in User.objects.filter(username__in=["clerk", "liaison"])
    }


def seq_scans(plan, table="cases_case"):
    found = []
    if plan.get("Node Type") == "Seq Scan" and plan.get("Relation Name") == table:
        found.append(plan)
    for child in plan.get("Plans", []):
        found.extend(seq_scans(child, table))
    return found


def plans_of(client, url, params):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url, params)
    assert response.status_code == 200
    plans = []
    with connection.cursor() as cur:
        cur.execute("SET LOCAL enable_seqscan = off")
        for query in ctx.captured_queries:
            sql = query["sql"]
            if not sql.startswith("SELECT") or '"cases_case"' not in sql:
                continue
            cur.execute("EXPLAIN (FORMAT JSON) " + sql)
            result = cur.fetchone()[0]
            if isinstance(result, str):
                result = json.loads(result)
            plans.append((sql, result[0]["Plan"]))
    assert plans, "no query of the case table was captured"
    return plans


@pytest.mark.parametrize(
    ("username", "url", "params"),
    [
        ("clerk", "cases:index", {}),
        ("clerk", "cases:index", {"owning_unit": "UNIT", "status": "in_progress"}),
        ("clerk", "cases:index", {"owning_unit": "UNIT", "page": "3"}),
        ("liaison", "cases:index", {}),
        ("clerk", "dashboard:index", {"unit": "UNIT"}),
        ("liaison", "dashboard:index", {}),
    ],
)
def test_no_sequential_scan_of_cases(generated, client, username, url, params):
    unit = Unit.objects.get(code="bx-t0001")
    params = {k: str(unit.pk) if v == "UNIT" else v for k, v in params.items()}
    client.force_login(generated[username])
    for sql, plan in plans_of(client, reverse(url), params):
        assert not seq_scans(plan), f"sequential scan of cases_case:\n{sql}"


def test_the_first_page_reads_the_index_in_order(generated, client):
    """Page 1 of the default list: an index in list order, no sort of the table."""
    client.force_login(generated["clerk"])
    plans = plans_of(client, reverse("cases:index"), {})
    (sql, plan) = next(p for p in plans if "LIMIT 25" in p[0] and "COUNT" not in p[0])
    text = json.dumps(plan)
    assert '"Node Type": "Sort"' not in text, sql
    assert "case_opened" in text, sql
