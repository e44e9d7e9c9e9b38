"""History tables (common/history.py, django-pghistory): every change of a case,
its records, petitions and petitioners, orders and reports is copied by a
PostgreSQL trigger, so bulk updates are caught too; a web request leaves its
user and URL with the rows it writes, a Celery job its name."""

import datetime

import pgtrigger
import pytest
from django.apps import apps
from django.contrib import admin
from django.core.exceptions import ImproperlyConfigured
from django.db import DatabaseError, connection, transaction
from django.urls import reverse
from django.utils import timezone

from cases import services as case_services
from cases.models import Case, CaseEvent
from common import access, history
from petitions import services as petition_services
from petitions.models import ReceptionDay
from supervision import tasks
from supervision.services import reports as report_services

pytestmark = pytest.mark.django_db

# Every model whose rows officials answer for, and its history model.
TRACKED = {
    "cases.Case": "cases.CaseHistory",
    "cases.CaseEvent": "cases.CaseEventHistory",
    "cases.RootCause": "cases.RootCauseHistory",
    "cases.Plan": "cases.PlanHistory",
    "cases.Measure": "cases.MeasureHistory",
    "cases.ProgressEntry": "cases.ProgressEntryHistory",
    "cases.ClosingSubmission": "cases.ClosingSubmissionHistory",
    "cases.LookBack": "cases.LookBackHistory",
    "cases.Instruction": "cases.InstructionHistory",
    "cases.LeaderVisit": "cases.LeaderVisitHistory",
    "cases.Attachment": "cases.AttachmentHistory",
    "cases.Extension": "cases.ExtensionHistory",
    "cases.ReviewRequest": "cases.ReviewRequestHistory",
    "cases.Hearing": "cases.HearingHistory",
    "petitions.Petition": "petitions.PetitionHistory",
    "petitions.Petitioner": "petitions.PetitionerHistory",
    "petitions.PetitionPetitioner": "petitions.PetitionPetitionerHistory",
    "petitions.ReceptionDay": "petitions.ReceptionDayHistory",
    "supervision.SupervisionOrder": "supervision.SupervisionOrderHistory",
    "supervision.AccountabilityRecord": "supervision.AccountabilityRecordHistory",
    "supervision.ReportingPeriod": "supervision.ReportingPeriodHistory",
    "supervision.DailyReport": "supervision.DailyReportHistory",
    "supervision.MissingReport": "supervision.MissingReportHistory",
    "supervision.UrgentReport": "supervision.UrgentReportHistory",
}


def installed_triggers(table: str) -> set[str]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT t.tgname FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid "
            "WHERE c.relname = %s AND NOT t.tgisinternal",
            [table],
        )
        return {row[0] for row in cursor.fetchall()}


def labels(obj) -> list[str]:
    return list(obj.pgh_events.order_by("pgh_id").values_list("pgh_label", flat=True))


@pytest.mark.parametrize(("label", "history_label"), TRACKED.items())
def test_triggers_are_installed_for_every_tracked_table(label, history_label):
    model, event = apps.get_model(label), apps.get_model(history_label)
    assert event.pgh_tracked_model is model
    on_table = installed_triggers(model._meta.db_table)
    expected = {"delete_delete"} | (
        {"before_update_update"}
        if model is CaseEvent
        else {"insert_insert", "update_update"}
    )
    assert {name.rsplit("_", 1)[0].removeprefix("pgtrigger_") for name in on_table} >= (
        expected
    )
    # The history table itself refuses updates and deletes.
    assert any(
        "append_only" in name for name in installed_triggers(event._meta.db_table)
    )


def test_a_case_and_its_records_are_recorded_as_they_change(make_case, clerk):
    case = make_case("prescription")
    assert labels(case)[0] == "insert"
    before = case.pgh_events.count()
    case_services.case_update_details(
        case=case,
        actor=clerk,
        title="东湖镇征地补偿纠纷（更正）",
        summary=case.summary,
        demands=case.demands,
        category=case.category,
        tags=[],
        is_key=True,
        expected_version=Case.objects.get(pk=case.pk).version,
    )
    latest = case.pgh_events.order_by("-pgh_id").first()
    assert case.pgh_events.count() == before + 1
    assert (latest.pgh_label, latest.title, latest.is_key) == (
        "update",
        "东湖镇征地补偿纠纷（更正）",
        True,
    )
    # The records kept along the way have their own history.
    assert labels(case.root_cause)[0] == "insert"
    assert labels(case.events.first()) == []  # the timeline is not copied again


def test_a_bulk_update_gives_one_history_row_per_case_with_old_and_new(make_case):
    cases = [make_case("new", title=f"案件{i}") for i in range(4)]
    pks = [c.pk for c in cases]
    before = {pk: Case.objects.get(pk=pk).pgh_events.count() for pk in pks}

    assert Case.objects.filter(pk__in=pks).update(is_key=True, title="批量改名") == 4

    for case in cases:
        rows = list(case.pgh_events.order_by("-pgh_id"))
        assert len(rows) == before[case.pk] + 1
        new, old = rows[0], rows[1]
        assert (new.pgh_label, new.title, new.is_key) == ("update", "批量改名", True)
        assert (old.title, old.is_key) == (case.title, False)
        assert new.pgh_obj_id == case.pk


def test_bulk_update_with_different_values_is_caught_row_by_row(make_case):
    cases = [make_case("new", title=f"案件{i}") for i in range(3)]
    due = timezone.localdate() + datetime.timedelta(days=30)
    for i, case in enumerate(cases):
        case.due_date = due + datetime.timedelta(days=i)
    Case.objects.bulk_update(cases, ["due_date"])
    for i, case in enumerate(cases):
        latest = case.pgh_events.order_by("-pgh_id").first()
        assert latest.pgh_label == "update"
        assert latest.due_date == due + datetime.timedelta(days=i)


def test_an_update_that_changes_nothing_writes_nothing(make_case):
    case = make_case("new")
    count = case.pgh_events.count()
    Case.objects.filter(pk=case.pk).update(title=case.title)
    assert case.pgh_events.count() == count


def test_a_web_request_records_the_user_and_the_url(login, clerk, make_case):
    case = make_case("in_progress")
    case.refresh_from_db()
    url = reverse("cases:edit", args=[case.pk])
    response = login(clerk).post(
        url,
        {
            "version": case.version,
            "title": "经网页修改的标题",
            "summary": case.summary,
            "demands": case.demands,
            "category": case.category_id,
            "reason": "更正标题",
        },
    )
    assert response.status_code == 302
    latest = case.pgh_events.order_by("-pgh_id").first()
    assert latest.title == "经网页修改的标题"
    assert latest.pgh_context is not None
    assert latest.pgh_context.metadata == {"user": clerk.pk, "url": url}


def test_away_from_postgresql_the_context_steps_aside(
    monkeypatch, login, clerk, make_case
):
    """On SQLite (the demo) pghistory's per-statement context would fail every
    POST; there the middleware and the task context do nothing."""
    monkeypatch.setattr(history, "_postgres", lambda: False)
    case = make_case("in_progress")
    case.refresh_from_db()
    response = login(clerk).post(
        reverse("cases:edit", args=[case.pk]),
        {
            "version": case.version,
            "title": "无上下文",
            "summary": case.summary,
            "category": case.category_id,
        },
    )
    assert response.status_code == 302
    with history.context(task="demo"):
        Case.objects.filter(pk=case.pk).update(is_key=True)
    assert not case.pgh_events.filter(pgh_context__isnull=False).exists()


def test_writes_outside_a_request_or_job_have_no_context(make_case):
    case = make_case("new")
    assert case.pgh_events.exists()
    assert not case.pgh_events.filter(pgh_context__isnull=False).exists()


def test_a_celery_job_records_its_name(liaison):
    reported = timezone.now() - datetime.timedelta(hours=3)
    report = report_services.urgent_report_file(
        actor=liaison,
        unit=liaison.unit,
        title="群众聚集",
        content="二十余人聚集在镇政府门口",
        now=reported,
    )
    assert tasks.escalate_urgent_reports.apply().get() == 1
    latest = report.pgh_events.order_by("-pgh_id").first()
    assert latest.pgh_label == "update"
    assert latest.escalated_at is not None
    assert latest.pgh_context.metadata == {
        "task": "supervision.tasks.escalate_urgent_reports"
    }


def test_petitioners_personal_data_stays_encrypted_in_the_history(clerk):
    id_number, phone = "110101199003071234", "13812345678"
    petition = petition_services.petition_register(
        actor=clerk,
        channel="visit",
        received_at=timezone.now(),
        people=[
            petition_services.PersonInput(
                name="赵信访", id_number=id_number, phone=phone
            )
        ],
        content="反映宅基地纠纷",
        proposed_title="宅基地纠纷",
    )
    petitioner = petition.petitioners.get()
    event = petitioner.pgh_events.get()
    # Through the model the history reads as the person's data …
    assert (event.id_number, event.phone) == (id_number, phone)
    # … but the table holds only the ciphertext, as the petitioner table does.
    table = apps.get_model("petitions.PetitionerHistory")._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT row_to_json(h)::text, h.id_number FROM {table} h "
            "WHERE h.pgh_obj_id = %s",
            [petitioner.pk],
        )
        raw_row, raw_id_number = cursor.fetchone()
    assert id_number not in raw_row
    assert phone not in raw_row
    assert raw_id_number.startswith("gAAAA")  # a Fernet token


def test_the_history_cannot_be_edited_or_deleted(make_case):
    case = make_case("new")
    event = case.pgh_events.order_by("pgh_id").last()
    with pytest.raises(DatabaseError), transaction.atomic():
        type(event).objects.filter(pk=event.pk).update(title="抹掉")
    with pytest.raises(DatabaseError), transaction.atomic():
        type(event).objects.filter(pk=event.pk).delete()
    event.refresh_from_db()
    assert event.title == case.title


def test_a_changed_timeline_entry_keeps_what_it_said(make_case):
    case = make_case("in_progress")
    entry = case.events.order_by("id").first()
    original = entry.reason
    CaseEvent.objects.filter(pk=entry.pk).update(reason="事后改写")
    event = entry.pgh_events.get()
    assert (event.pgh_label, event.reason) == ("before_update", original)


def test_a_delete_keeps_the_deleted_row(clerk, leader):
    day = petition_services.reception_day_save(
        actor=clerk,
        leader=leader,
        date=timezone.localdate() + datetime.timedelta(days=3),
        start_time=datetime.time(9),
        end_time=datetime.time(11),
        place="县信访局接待室",
    )
    pk = day.pk
    day.delete()
    assert not ReceptionDay.objects.filter(pk=pk).exists()
    history_model = apps.get_model("petitions.ReceptionDayHistory")
    rows = history_model.objects.filter(pgh_obj_id=pk).order_by("pgh_id")
    assert [(r.pgh_label, r.place) for r in rows] == [
        ("insert", "县信访局接待室"),
        ("delete", "县信访局接待室"),
    ]


def test_a_bulk_load_without_triggers_then_a_baseline_snapshot(make_case):
    """What a bulk seeder does: load with the triggers off, then (if it wants a
    history to start from) take the migration's baseline copy."""
    with pgtrigger.ignore("cases.Case:insert_insert", "cases.Case:update_update"):
        case = make_case("new", title="批量导入的案件")
    assert not case.pgh_events.exists()
    with connection.schema_editor() as editor:
        history.snapshot_existing("cases.CaseHistory")(apps, editor)
    assert [(e.pgh_label, e.title) for e in case.pgh_events.all()] == [
        (history.SNAPSHOT, "批量导入的案件")
    ]


def test_history_is_behind_no_access_rule_and_not_in_the_admin(clerk):
    for label in TRACKED.values():
        model = apps.get_model(label)
        with pytest.raises(ImproperlyConfigured):
            access.scope(clerk, model.objects.all())
        assert model not in admin.site._registry
