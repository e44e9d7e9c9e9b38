"""Filters and sorting accept only known fields: anything else changes nothing."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db

HOSTILE = [
    {"ordering": "leader__password"},
    {"ordering": "registered_by__password"},
    {"ordering": "-issued_by__password"},
    {"ordering": "petitioners__id_number"},
    {"owning_unit__name__startswith": "x"},
    {"unknown": "1"},
    {"q": "' OR 1=1 --"},
]


@pytest.mark.parametrize(
    "page_name",
    ["cases:index", "petitions:index", "supervision:index", "supervision:record_list"],
)
@pytest.mark.parametrize("query", HOSTILE)
def test_hostile_query_strings_change_nothing(client, clerk, foreign, page_name, query):
    client.force_login(clerk)
    plain = client.get(reverse(page_name))
    hostile = client.get(reverse(page_name), query)
    assert hostile.status_code == 200
    if "q" in query:
        return  # a search for that text: no error, no injection
    assert [o.pk for o in hostile.context["page"].object_list] == [
        o.pk for o in plain.context["page"].object_list
    ]
