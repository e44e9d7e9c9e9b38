import os
from pathlib import Path

import pytest
from django.conf import settings

ARTIFACTS = Path(settings.BASE_DIR) / "test-artifacts"

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture
def screenshot(page):
    """Save a full-page screenshot under test-artifacts/ (ignored by git)."""
    ARTIFACTS.mkdir(exist_ok=True)

    def _shot(name, target=None):
        """`target`: the page to capture, when a test drives its own contexts."""
        path = ARTIFACTS / f"{name}.png"
        (target or page).screenshot(path=str(path), full_page=True)
        return path

    return _shot


@pytest.fixture
def log_in(page, live_server):
    def _log_in(username, password):
        page.goto(f"{live_server.url}/accounts/login/")
        page.fill("input[name=username]", username)
        page.fill("input[name=password]", password)
        page.click("button[type=submit]")

    return _log_in


@pytest.fixture(autouse=True)
def _seeded_lists(transactional_db):
    """Browser tests run in transactions that end with a flush, which also empties
    the lists the migrations seed; put them back (idempotent)."""
    from importlib import import_module

    from django.apps import apps

    for module in (
        "cases.migrations.0002_seed_lists_and_search",
        "common.migrations.0002_seed_calendar_and_limits",
    ):
        import_module(module).seed(apps, None)
