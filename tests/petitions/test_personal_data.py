"""ID numbers and phones: encrypted at rest, found by exact ID, masked in lists."""

import pytest
from django.db import connection
from django.urls import reverse

from common.crypto import decrypt, keyed_hash
from common.models import AccessLog
from petitions.models import Petitioner
from tests.petitions.conftest import ID_ZHANG

pytestmark = pytest.mark.django_db


def raw_rows():
    with connection.cursor() as cursor:
        cursor.execute("SELECT * FROM petitions_petitioner")
        return [" ".join(str(v) for v in row) for row in cursor.fetchall()]


def test_the_database_holds_no_plain_id_number_or_phone(register):
    register()
    rows = raw_rows()
    assert rows
    for row in rows:
        assert ID_ZHANG not in row
        assert "13812345678" not in row
        assert "12345678" not in row  # not even a long part of the phone
    stored = Petitioner.objects.values_list("id_number", flat=True).get()
    assert stored == ID_ZHANG  # decrypted for Python


def test_values_are_fernet_tokens_that_decrypt(register):
    register()
    with connection.cursor() as cursor:
        cursor.execute("SELECT id_number, phone FROM petitions_petitioner")
        id_token, phone_token = cursor.fetchone()
    assert id_token.startswith("gAAAA")
    assert decrypt(id_token) == ID_ZHANG
    assert decrypt(phone_token) == "13812345678"


def test_lookup_by_exact_id_number_works(register):
    register()
    found = Petitioner.objects.get(id_number_hash=keyed_hash(ID_ZHANG.lower()))
    assert found.name == "张三"
    assert not Petitioner.objects.filter(id_number_hash=keyed_hash("x" + ID_ZHANG))


def test_the_same_id_number_is_the_same_petitioner(register):
    from petitions.services import PersonInput

    register()
    register(people=[PersonInput(name="张三", id_number=ID_ZHANG, phone="13900001111")])
    assert Petitioner.objects.count() == 1
    assert Petitioner.objects.get().phone == "13900001111"


def test_lists_show_masked_values(login, clerk, register):
    petition = register()
    html = login(clerk).get(reverse("petitions:index")).content.decode()
    assert "张*" in html
    assert ID_ZHANG not in html
    detail = login(clerk).get(petition.get_absolute_url()).content.decode()
    assert "3301**********" in detail
    assert "138****5678" in detail
    assert ID_ZHANG not in detail
    assert "13812345678" not in detail


def test_clerk_reveals_full_values_and_the_view_is_logged(login, clerk, register):
    petition = register()
    person = petition.petitioners.get()
    response = login(clerk).post(
        reverse("petitions:reveal", args=[petition.pk, person.pk])
    )
    html = response.content.decode()
    assert ID_ZHANG in html
    assert "13812345678" in html
    assert response["Cache-Control"] == "no-store"
    log = AccessLog.objects.get()
    assert log.user == clerk
    assert log.action == "view_personal"
    assert log.object_id == str(person.pk)


@pytest.mark.parametrize("who", ["liaison", "leader"])
def test_only_clerks_reveal(request, login, register, make_case, who):
    case = make_case("in_progress")
    petition = register(attach_to=case)
    person = petition.petitioners.get()
    client = login(request.getfixturevalue(who))
    response = client.post(reverse("petitions:reveal", args=[petition.pk, person.pk]))
    assert response.status_code == 403
    assert not AccessLog.objects.exists()


def test_reveal_is_a_post(login, clerk, register):
    petition = register()
    person = petition.petitioners.get()
    url = reverse("petitions:reveal", args=[petition.pk, person.pk])
    assert login(clerk).get(url).status_code == 405
    assert not AccessLog.objects.exists()


def test_no_id_number_or_phone_reaches_the_application_logs(
    login, clerk, register, caplog
):
    """Registration (refused and accepted), the full view, the public page and
    a failed login: whatever they log, no ID number or phone is in it."""
    caplog.set_level("DEBUG")
    client = login(clerk)
    people = {
        "people-TOTAL_FORMS": "1",
        "people-INITIAL_FORMS": "0",
        "people-MIN_NUM_FORMS": "0",
        "people-MAX_NUM_FORMS": "20",
        "people-0-name": "张三",
        "people-0-id_number": ID_ZHANG,
        "people-0-phone": "13812345678",
    }
    # Refused (no content): logged as a bad request.
    client.post(reverse("petitions:register"), {"channel": "visit", **people})
    petition = register()
    person = petition.petitioners.get()
    client.post(reverse("petitions:reveal", args=[petition.pk, person.pk]))
    client.post(
        reverse("public:query"),
        {"code": petition.query_code, "phone_last4": "0000"},
    )
    client.post(reverse("accounts:login"), {"username": ID_ZHANG, "password": "x"})
    logged = "\n".join(record.getMessage() for record in caplog.records)
    assert caplog.records, "nothing was logged: the test would prove nothing"
    assert ID_ZHANG not in logged
    assert "13812345678" not in logged
