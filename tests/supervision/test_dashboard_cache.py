"""The dashboard and scorecards are cached per audience and computed afresh after
any change to what they count (common/cache.py, supervision/invalidation.py)."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from .test_dashboard import numbers_of


@pytest.fixture
def cached_dashboard(settings):
    settings.DASHBOARD_CACHE_SECONDS = 60
    cache.clear()
    yield
    cache.clear()


def open_count(client):
    response = client.get(reverse("dashboard:index"))
    assert response.status_code == 200
    return {
        name: count for _href, name, count in numbers_of(response.content.decode())
    }["open"]


def case_queries(client) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(reverse("dashboard:index")).status_code == 200
    return sum('"cases_case"' in q["sql"] for q in ctx.captured_queries)


def test_a_second_look_reads_the_cache(cached_dashboard, login, clerk, make_case):
    make_case("in_progress")
    client = login(clerk)
    assert case_queries(client) > 0
    assert case_queries(client) == 0


def test_after_a_change_the_last_numbers_show_while_new_ones_are_counted(
    cached_dashboard,
    login,
    clerk,
    make_case,
    django_capture_on_commit_callbacks,
    monkeypatch,
):
    from supervision import tasks

    queued = []
    monkeypatch.setattr(
        tasks.refresh_dashboard, "delay", lambda *args: queued.append(args)
    )
    make_case("in_progress")
    client = login(clerk)
    before = open_count(client)
    with django_capture_on_commit_callbacks(execute=True):
        make_case("in_progress", title="又一件")
    # The page does not wait for the count: the last numbers, marked, and one
    # refresh queued however many people look meanwhile.
    response = client.get(reverse("dashboard:index"))
    assert 'data-testid="dashboard-refreshing"' in response.content.decode()
    assert open_count(client) == before
    assert len(queued) == 1
    # The worker's refresh lands: the new number, no longer marked.
    tasks.refresh_dashboard(*queued[0])
    response = client.get(reverse("dashboard:index"))
    assert 'data-testid="dashboard-refreshing"' not in response.content.decode()
    assert open_count(client) == before + 1


def test_with_the_broker_down_the_next_look_counts_afresh(
    cached_dashboard,
    login,
    clerk,
    make_case,
    django_capture_on_commit_callbacks,
    monkeypatch,
):
    from supervision import tasks

    def down(*args):
        raise ConnectionError("broker down")

    monkeypatch.setattr(tasks.refresh_dashboard, "delay", down)
    make_case("in_progress")
    client = login(clerk)
    before = open_count(client)
    with django_capture_on_commit_callbacks(execute=True):
        make_case("in_progress", title="又一件")
    # Nothing could be queued: the page counts afresh rather than wait forever.
    assert open_count(client) == before + 1


def test_audiences_do_not_share_numbers(
    cached_dashboard, login, clerk, liaison, make_case, other_township
):
    make_case("in_progress")
    make_case("in_progress", unit=other_township)
    assert open_count(login(clerk)) == 2
    assert open_count(login(liaison)) == 1


def test_without_a_cache_the_dashboard_still_works(
    cached_dashboard, login, clerk, make_case, monkeypatch
):
    make_case("in_progress")

    def down(*args, **kwargs):
        raise ConnectionError("cache down")

    monkeypatch.setattr(cache, "get", down)
    monkeypatch.setattr(cache, "set", down)
    assert open_count(login(clerk)) == 1
