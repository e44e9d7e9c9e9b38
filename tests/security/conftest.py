"""Another unit's world, for the access and XSS walks."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from accounts.models import Notification
from accounts.notifications import notify
from cases import services as case_services
from cases.models import ClosingSubmission
from petitions import services as petition_services
from supervision.models import DailyReport, ReportingPeriod, UrgentReport
from supervision.services.orders import order_issue

SECRET = "外单位机密"


@pytest.fixture
def foreign(
    clerk,
    leader,
    township,
    other_township,
    other_liaison,
    make_case,
    settings,
    tmp_path,
):
    """Another unit's case with every kind of record, and its other objects."""
    settings.MEDIA_ROOT = tmp_path
    worker = other_liaison
    case = make_case(
        "closed",
        title=f"{SECRET}案件",
        unit=other_township,
        worker=worker,
        case_leader=leader,
    )
    ClosingSubmission.objects.filter(case=case).update(
        decided_at=timezone.now() - datetime.timedelta(days=2)
    )
    case_services.case_accept(case=case, actor=clerk, accepted_on=timezone.localdate())
    review = case_services.review_request(
        case=case,
        actor=clerk,
        kind="review",
        requested_on=timezone.localdate(),
        reviewing_body="县人民政府",
    )
    hearing = case_services.hearing_start(
        review=review, actor=clerk, started_on=timezone.localdate()
    )
    instruction = case_services.instruction_add(case=case, actor=leader, content=SECRET)
    attachment = case_services.attachment_add(
        case=case,
        actor=worker,
        upload=SimpleUploadedFile("a.pdf", b"%PDF-1.4 x"),
        kind="other",
    )
    open_case = make_case("in_progress", title=f"{SECRET}在办", unit=other_township)
    case_services.case_accept(
        case=open_case, actor=clerk, accepted_on=timezone.localdate()
    )
    extension = case_services.extension_request(
        case=open_case, actor=clerk, days=10, reason=SECRET
    )
    petition = petition_services.petition_register(
        actor=clerk,
        channel="visit",
        received_at=timezone.now(),
        people=[
            petition_services.PersonInput(name="外单位信访人", phone="13900001111")
        ],
        content=f"{SECRET}信访内容",
        attach_to=open_case,
    )
    day = petition_services.reception_day_save(
        actor=clerk,
        leader=leader,
        date=timezone.localdate(),
        start_time=datetime.time(9),
        end_time=datetime.time(11),
        place="接待厅",
    )
    period = ReportingPeriod.objects.create(
        name="期",
        start_date=timezone.localdate(),
        end_date=timezone.localdate(),
        created_by=clerk,
    )
    report = DailyReport.objects.create(
        period=period,
        unit=other_township,
        date=timezone.localdate(),
        kind="daily",
        progress=SECRET,
        submitted_by=worker,
    )
    urgent = UrgentReport.objects.create(
        unit=other_township, title=f"{SECRET}急报", content=SECRET, reported_by=worker
    )
    order = order_issue(
        actor=clerk,
        case=open_case,
        phase="during",
        requirements=SECRET,
        deadline=timezone.localdate() + datetime.timedelta(days=3),
    )
    notify(users=[worker], key="secret", title=SECRET)
    return {
        "case": case,
        "open_case": open_case,
        "measure": case.measures.first(),
        "lookback": case.lookbacks.first(),
        "instruction": instruction,
        "attachment": attachment,
        "extension": extension,
        "review": review,
        "hearing": hearing,
        "petition": petition,
        "petitioner": petition.petitioners.first(),
        "day": day,
        "report": report,
        "urgent": urgent,
        "order": order,
        "notification": Notification.objects.get(key="secret"),
    }
