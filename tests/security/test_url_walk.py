"""Every URL of the project, walked from the URL resolver, as a liaison and as an
administrator against another unit's objects: 403 or 404 (or 405 for a method
the page does not take), never the object; lists, counts and exports contain
none of it. A new page cannot be forgotten: a route with an id that this test
does not know how to fill makes it fail."""

import io

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from accounts.models import Notification
from cases.models import Case, Extension, Hearing, ReviewRequest
from supervision.models import UrgentReport

pytestmark = pytest.mark.django_db

SECRET = "外单位机密"
FORBIDDEN = {403, 404, 405}
SKIP_PREFIXES = ("admin/", "i18n/", "static/")


def walk(patterns, prefix="", namespace=""):
    for entry in patterns:
        if isinstance(entry, URLResolver):
            ns = entry.namespace
            full = f"{namespace}:{ns}" if namespace and ns else (ns or namespace)
            yield from walk(entry.url_patterns, prefix + str(entry.pattern), full)
        elif isinstance(entry, URLPattern):
            name = f"{namespace}:{entry.name}" if namespace else entry.name
            yield prefix + str(entry.pattern), name, list(entry.pattern.converters)


def routes():
    for route, name, params in walk(get_resolver().url_patterns):
        if not route.startswith(SKIP_PREFIXES):
            yield route, name, params


ITEMS = {
    "cases:measure_toggle": "measure",
    "cases:lookback_record": "lookback",
    "cases:instruction_answer": "instruction",
    "cases:attachment_download": "attachment",
    "cases:extension_decide": "extension",
    "cases:review_reply": "review",
    "cases:hearing_start": "review",
    "cases:hearing_end": "hearing",
}


def kwargs_for(name, params, objects):
    """The ids of the foreign objects that this route takes; None if unknown."""
    app = name.split(":")[0]
    kwargs = {}
    for param in params:
        if param == "pk":
            if name in ("cases:extension_request", "cases:extension_decide"):
                kwargs["pk"] = objects["open_case"].pk
            elif app == "cases":
                kwargs["pk"] = objects["case"].pk
            elif name == "petitions:reception_day_edit":
                kwargs["pk"] = objects["day"].pk
            elif app == "petitions":
                kwargs["pk"] = objects["petition"].pk
            elif name == "reports:daily_detail":
                kwargs["pk"] = objects["report"].pk
            elif name == "reports:urgent_acknowledge":
                kwargs["pk"] = objects["urgent"].pk
            elif app == "supervision":
                kwargs["pk"] = objects["order"].pk
            elif name == "accounts:notification_read":
                kwargs["pk"] = objects["notification"].pk
            else:
                return None
        elif param == "item" and name in ITEMS:
            kwargs["item"] = objects[ITEMS[name]].pk
        elif param == "person":
            kwargs["person"] = objects["petitioner"].pk
        else:
            return None
    return kwargs


def test_every_route_with_an_id_is_known():
    unknown = [
        name
        for route, name, params in routes()
        if params and kwargs_for(name, params, _Everything()) is None
    ]
    assert unknown == []


class _Everything(dict):
    def __missing__(self, key):
        return type("Obj", (), {"pk": 1})()


@pytest.mark.parametrize("who", ["liaison", "admin_user"])
def test_no_page_opens_another_units_object(request, client, foreign, who):
    user = request.getfixturevalue(who)
    client.force_login(user)
    before = _state(foreign)
    checked = 0
    for _route, name, params in routes():
        if not params:
            continue
        url = reverse(name, kwargs=kwargs_for(name, params, foreign))
        for method in (client.get, client.post):
            status = method(url).status_code
            assert status in FORBIDDEN, (who, method.__name__, url, status)
            checked += 1
    assert checked > 60
    assert _state(foreign) == before  # nothing changed


def _state(objects):
    case = Case.objects.get(pk=objects["case"].pk)
    return (
        case.version,
        case.events.count(),
        Extension.objects.get(pk=objects["extension"].pk).status,
        ReviewRequest.objects.get(pk=objects["review"].pk).replied_on,
        Hearing.objects.get(pk=objects["hearing"].pk).ended_on,
        Notification.objects.get(pk=objects["notification"].pk).read_at,
        UrgentReport.objects.get(pk=objects["urgent"].pk).acknowledged_at,
    )


@pytest.mark.parametrize("who", ["liaison", "admin_user"])
def test_lists_counts_and_exports_contain_nothing_of_another_unit(
    request, client, foreign, who
):
    from openpyxl import load_workbook

    client.force_login(request.getfixturevalue(who))
    pages = 0
    for _route, name, params in routes():
        if params or name in ("accounts:logout",):
            continue
        response = client.get(reverse(name))
        if response.status_code != 200:
            continue
        pages += 1
        if name == "cases:export":
            body = b"".join(response.streaming_content)
            sheet = load_workbook(io.BytesIO(body), read_only=True).active
            text = " ".join(
                str(c) for row in sheet.iter_rows(values_only=True) for c in row
            )
        elif getattr(response, "streaming", False):
            text = b"".join(response.streaming_content).decode(errors="ignore")
        else:
            text = response.content.decode()
        assert SECRET not in text, name
    assert pages >= (12 if who == "liaison" else 5)  # the walk really read pages


def test_the_unit_scope_is_real(client, foreign, other_liaison):
    """The same pages do show the objects to their own unit: the walk above
    tests the gate, not a broken page."""
    client.force_login(other_liaison)
    assert (
        client.get(reverse("cases:detail", args=[foreign["case"].pk])).status_code
        == 200
    )
    assert SECRET in client.get(reverse("cases:index")).content.decode()
    assert (
        client.get(
            reverse("supervision:order_detail", args=[foreign["order"].pk])
        ).status_code
        == 200
    )
