"""A corpus of script payloads in every text field renders inert on every page,
print view and export, as the bureau (who sees everything) opens them."""

import io
import re

import pytest
from django.urls import reverse

from tests.security import test_url_walk as walk

pytestmark = pytest.mark.django_db

PAYLOADS = [
    '<script>alert("x1")</script>',
    "<img src=x onerror=alert(2)>",
    "<svg/onload=alert(3)>",
    '"><script>alert(4)</script>',
    "' onmouseover='alert(5)",
    "javascript:alert(6)",
]
CORPUS = " ".join(PAYLOADS)
LIVE = [
    re.compile(r"<script>alert", re.I),
    re.compile(r"<img src=x onerror", re.I),
    re.compile(r"<svg/onload", re.I),
    re.compile(r"""href\s*=\s*["']?\s*javascript:""", re.I),
    re.compile(r"""'\s*onmouseover='alert""", re.I),
]


@pytest.fixture
def poisoned(foreign):
    """The url-walk county, with the corpus written into every text field."""
    from cases.models import (
        Case,
        Instruction,
        Measure,
        ProgressEntry,
        RootCause,
    )
    from petitions.models import Petition, Petitioner, ReceptionDay
    from supervision.models import DailyReport, SupervisionOrder, UrgentReport

    for model, fields in [
        (Case, ["title", "summary", "demands"]),
        (RootCause, ["mechanism", "conduct", "methods", "history"]),
        (Measure, ["content", "responsible_person"]),
        (ProgressEntry, ["content"]),
        (Instruction, ["content", "response"]),
        (Petition, ["content", "demands", "proposed_title", "decision_reason"]),
        (Petitioner, ["name", "address"]),
        (ReceptionDay, ["place", "topics"]),
        (DailyReport, ["incidents", "progress", "notes"]),
        (UrgentReport, ["title", "content"]),
        (SupervisionOrder, ["requirements", "reply"]),
    ]:
        limits = {f: model._meta.get_field(f).max_length for f in fields}
        model.objects.update(
            **{f: CORPUS[: limits[f]] if limits[f] else CORPUS for f in fields}
        )
    return foreign


def assert_inert(text, where):
    for pattern in LIVE:
        assert not pattern.search(text), (where, pattern.pattern)


def test_pages_prints_and_exports_render_the_corpus_inert(client, clerk, poisoned):
    from openpyxl import load_workbook

    client.force_login(clerk)
    seen = 0
    for _route, name, params in walk.routes():
        if name in ("accounts:logout",):
            continue
        kwargs = walk.kwargs_for(name, params, poisoned) if params else {}
        response = client.get(reverse(name, kwargs=kwargs))
        if response.status_code != 200:
            continue
        if name == "cases:export":
            body = b"".join(response.streaming_content)
            sheet = load_workbook(io.BytesIO(body), read_only=True).active
            cells = [c for row in sheet.iter_rows(values_only=True) for c in row]
            assert any(isinstance(c, str) and "<script>" in c for c in cells)
            # Text stays text: nothing became a formula.
            assert not any(isinstance(c, str) and c.startswith("=") for c in cells)
            continue
        if getattr(response, "streaming", False) or not response[
            "Content-Type"
        ].startswith("text/html"):
            continue
        html = response.content.decode()
        assert_inert(html, name)
        if "&lt;script&gt;alert" in html:
            seen += 1
    assert seen >= 10  # the corpus really was on the pages, escaped
