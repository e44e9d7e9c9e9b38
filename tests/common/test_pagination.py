"""Lists count at most COUNT_CAP + 1 rows and page through at most COUNT_CAP."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.models import Unit
from common.pagination import CappedPaginator


@pytest.fixture
def units(db):
    Unit.objects.bulk_create(
        Unit(code=f"u{i}", name=f"单位{i}", kind="township") for i in range(12)
    )
    return Unit.objects.filter(code__startswith="u").order_by("code")


def test_counts_no_further_than_the_cap(units):
    paginator = CappedPaginator(units, 2, cap=5)
    with CaptureQueriesContext(connection) as ctx:
        assert paginator.count == 5
    assert paginator.is_capped
    assert paginator.num_pages == 3
    # One count of a sliced subquery: LIMIT cap + 1, never the whole table.
    (query,) = ctx.captured_queries
    assert "LIMIT 6" in query["sql"]
    # Asking for a page past the cap gives the last reachable one.
    assert paginator.get_page(99).number == 3


def test_under_the_cap_it_is_an_ordinary_paginator(units):
    paginator = CappedPaginator(units, 5, cap=100)
    assert paginator.count == units.count() == 12
    assert not paginator.is_capped
    assert [u.code for u in paginator.page(3)] == [u.code for u in units][10:]


def test_a_capped_case_list_says_so(login, clerk, make_case, monkeypatch):
    monkeypatch.setattr("cases.views.pages.COUNT_CAP", 3)
    for i in range(5):
        make_case("in_progress", title=f"案件{i}")
    html = login(clerk).get(reverse("cases:index")).content.decode()
    assert "超过 3 件" in html
    assert 'data-testid="capped"' in html


def test_a_deep_page_reads_its_ids_then_its_rows(db, monkeypatch):
    monkeypatch.setattr("common.pagination.DEFERRED_JOIN_FROM", 4)
    Unit.objects.bulk_create(
        Unit(code=f"u{i:02d}", name=f"单位{i}", kind="township") for i in range(12)
    )
    units = Unit.objects.filter(code__startswith="u").order_by("-code")
    expected = [u.code for u in units]
    paginator = CappedPaginator(units, 3, cap=100)
    assert [u.code for u in paginator.page(1)] == expected[:3]  # shallow: one read
    with CaptureQueriesContext(connection) as ctx:
        page = paginator.page(3)
        codes = [u.code for u in page]
    assert codes == expected[6:9]  # in the list's order
    ids_query, rows_query = (q["sql"] for q in ctx.captured_queries[-2:])
    assert "OFFSET 6" in ids_query
    assert '"code"' not in ids_query.split("FROM")[0]
    assert "OFFSET" not in rows_query
    assert " IN (" in rows_query
    assert [u.code for u in paginator.page(4)] == expected[9:]
