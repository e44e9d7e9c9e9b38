"""Every dashboard number equals the count of the case list it links to, on the
demo county, for each role, period and unit filter."""

import io
import re

import pytest
from django.core.management import call_command
from django.db import transaction
from django.urls import reverse

from accounts.models import User

NUMBER = re.compile(r'href="([^"]+)" data-number="([^"]+)" data-count="(\d+)"')


def numbers_of(html):
    return [
        (href.replace("&amp;", "&"), name, int(count))
        for href, name, count in NUMBER.findall(html)
    ]


def listed_count(client, href):
    response = client.get(href)
    assert response.status_code == 200, href
    return response.context["page"].paginator.count


@pytest.fixture(scope="module")
def demo_county(django_db_setup, django_db_blocker):
    """Seed once for the module's read-only tests; rolled back at the end."""
    with django_db_blocker.unblock(), transaction.atomic():
        call_command("seed_demo", stdout=io.StringIO())
        yield
        transaction.set_rollback(True)


@pytest.mark.django_db
@pytest.mark.parametrize("username", ["clerk", "leader", "liaison"])
@pytest.mark.parametrize(
    "query", ["", "?window=year", "?window=week&unit=__chengguan__"]
)
def test_every_number_equals_its_linked_list_on_the_demo_county(
    client, demo_county, username, query
):
    from accounts.models import Unit

    query = query.replace("__chengguan__", str(Unit.objects.get(code="chengguan").pk))
    client.force_login(User.objects.get(username=username))
    response = client.get(reverse("dashboard:index") + query)
    assert response.status_code == 200
    found = numbers_of(response.content.decode())
    assert len(found) > 20
    for href, name, count in found:
        assert listed_count(client, href) == count, (name, href)
