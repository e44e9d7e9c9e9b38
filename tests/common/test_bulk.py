"""One-statement bulk inserts, and foreign keys checked during a bulk write."""

import datetime

import pytest
from django.db import IntegrityError, connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from accounts.models import Notification
from common.bulk import insert_many
from common.history import immediate_constraints
from supervision.models import SupervisionOrder

pytestmark = pytest.mark.django_db


def test_rows_go_in_one_statement_and_conflicts_are_skipped(clerk, liaison):
    now = timezone.now()
    columns = {
        "user_id": [clerk.pk, liaison.pk, clerk.pk],
        "key": ["a", "a", "a"],  # the third repeats the first
        "title": ["通知", "通知'; DROP TABLE x; --", "重复"],
        "body": ["", "正文\n第二行", ""],
        "url": ["/cases/1/", "", ""],
    }
    with CaptureQueriesContext(connection) as ctx:
        inserted = insert_many(Notification, columns, constants={"created_at": now})
    assert len(ctx.captured_queries) == 1
    assert inserted == 2
    rows = {
        (n.user_id, n.title, n.body, n.created_at)
        for n in Notification.objects.order_by("user_id")
    }
    assert rows == {
        (clerk.pk, "通知", "", now),
        (liaison.pk, "通知'; DROP TABLE x; --", "正文\n第二行", now),
    }


def test_returning_gives_only_the_rows_made_here(make_case):
    case = make_case("in_progress")
    day = datetime.date(2026, 12, 31)

    def orders(refs):
        return insert_many(
            SupervisionOrder,
            {
                "case_id": [case.pk] * len(refs),
                "unit_id": [case.owning_unit_id] * len(refs),
                "trigger": ["half_time"] * len(refs),
                "trigger_ref": refs,
                "requirements": ["要求"] * len(refs),
                "deadline": [day] * len(refs),
            },
            constants={
                "phase": "during",
                "status": "open",
                "issued_at": timezone.now(),
                "reply": "",
                "version": 1,
            },
            returning=("trigger_ref", "deadline"),
        )

    assert sorted(orders(["r1", "r2"])) == [("r1", day), ("r2", day)]
    assert orders(["r2", "r3"]) == [("r3", day)]
    assert SupervisionOrder.objects.count() == 3


def test_columns_of_different_lengths_are_refused(clerk):
    with pytest.raises(ValueError, match="same number"):
        insert_many(Notification, {"user_id": [clerk.pk], "key": []})
    assert not Notification.objects.exists()


def test_foreign_keys_are_checked_at_once_inside_and_deferred_after(clerk):
    missing_user = 987654321

    def dangling():
        Notification.objects.create(user_id=missing_user, key="k", title="t")

    with pytest.raises(IntegrityError), transaction.atomic(), immediate_constraints():
        dangling()  # refused at the statement, not at the commit
    with transaction.atomic():
        with immediate_constraints():
            pass
        sid = transaction.savepoint()
        dangling()  # deferred again: accepted until the check at commit
        transaction.savepoint_rollback(sid)
    assert not Notification.objects.exists()
