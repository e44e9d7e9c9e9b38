"""The statutory clock on cases: acceptance, extension, review, re-review,
hearings, and recomputation when the calendar or the time limits change."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from cases import services
from cases.models import Case, ClosingSubmission, Extension
from common import deadlines
from common.deadlines import Clock
from common.errors import ActionRefused
from common.models import CalendarDay, TimeLimit
from tests.case_fixtures import refresh

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate


def accept(case, clerk, on=None):
    return services.case_accept(case=case, actor=clerk, accepted_on=on or TODAY())


def test_acceptance_sets_the_60_day_deadline_with_an_explanation(make_case, clerk):
    case = accept(make_case("in_progress"), clerk, datetime.date(2026, 9, 30))
    # 60 days from 30 September is Sunday 29 November: the next working day.
    assert case.due_date == datetime.date(2026, 11, 30)
    deadline = services.case_deadline(case, Clock.load())
    text = " ".join(deadline.explain())
    assert "2026-11-30" in text
    assert "2026-11-29" in text


def test_a_re_reviewed_case_is_not_accepted_again(make_case, clerk):
    case = make_case("in_progress")
    Case.objects.filter(pk=case.pk).update(no_further_acceptance=True)
    with pytest.raises(ActionRefused):
        accept(case, clerk)
    assert refresh(case).accepted_on is None


# --- extension ----------------------------------------------------------------------


def test_extension_once_at_most_30_days_approved(make_case, clerk, liaison):
    case = accept(make_case("in_progress"), clerk, datetime.date(2026, 9, 30))
    with pytest.raises(ActionRefused, match="30"):
        services.extension_request(case=case, actor=liaison, days=31, reason="x")
    with pytest.raises(ActionRefused, match="理由"):
        services.extension_request(case=case, actor=liaison, days=10, reason=" ")
    extension = services.extension_request(
        case=case, actor=liaison, days=30, reason="涉及多个部门，需要联合调查"
    )
    assert refresh(case).due_date == datetime.date(2026, 11, 30)  # not yet approved
    with pytest.raises(ActionRefused, match="一次"):
        services.extension_request(case=case, actor=liaison, days=5, reason="again")
    services.extension_decide(extension=extension, actor=clerk, approve=True)
    # 90 days from 30 September: 29 December 2026, a Tuesday.
    assert refresh(case).due_date == datetime.date(2026, 12, 29)
    assert refresh(case).events.filter(kind="deadline_changed").exists()


def test_a_rejected_extension_may_be_asked_again(make_case, clerk, liaison):
    case = accept(make_case("in_progress"), clerk)
    first = services.extension_request(case=case, actor=liaison, days=10, reason="a")
    with pytest.raises(ActionRefused):
        services.extension_decide(extension=first, actor=clerk, approve=False)
    services.extension_decide(
        extension=first, actor=clerk, approve=False, note="理由不充分"
    )
    services.extension_request(case=case, actor=liaison, days=10, reason="b")
    assert case.extensions.filter(status=Extension.Status.PENDING).count() == 1


def test_no_extension_without_a_statutory_deadline(make_case, liaison):
    case = make_case("in_progress")
    with pytest.raises(ActionRefused):
        services.extension_request(case=case, actor=liaison, days=10, reason="x")
    assert not case.extensions.exists()


# --- review and re-review -----------------------------------------------------------


@pytest.fixture
def answered_case(make_case, clerk):
    """A case closed ten days ago: the reply date starts the review window."""
    case = make_case("closed")
    ClosingSubmission.objects.filter(case=case).update(
        decided_at=timezone.now() - datetime.timedelta(days=10)
    )
    return refresh(case)


def test_review_within_30_days_of_the_reply(answered_case, clerk):
    review = services.review_request(
        case=answered_case,
        actor=clerk,
        kind="review",
        requested_on=TODAY(),
        reviewing_body="县人民政府",
    )
    assert review.reply_due >= TODAY() + datetime.timedelta(days=30)


def test_review_outside_the_window_is_refused(make_case, clerk):
    case = make_case("closed")
    ClosingSubmission.objects.filter(case=case).update(
        decided_at=timezone.now() - datetime.timedelta(days=60)
    )
    with pytest.raises(ActionRefused, match="超过"):
        services.review_request(
            case=case,
            actor=clerk,
            kind="review",
            requested_on=TODAY(),
            reviewing_body="县人民政府",
        )
    assert not case.reviews.exists()


def test_review_of_an_open_case_is_refused(make_case, clerk):
    case = make_case("follow_up")
    with pytest.raises(ActionRefused):
        services.review_request(
            case=case,
            actor=clerk,
            kind="review",
            requested_on=TODAY(),
            reviewing_body="x",
        )


def test_hearing_time_does_not_count(answered_case, clerk):
    review = services.review_request(
        case=answered_case,
        actor=clerk,
        kind="review",
        requested_on=TODAY() - datetime.timedelta(days=8),
        reviewing_body="县人民政府",
    )
    due_before = review.reply_due
    hearing = services.hearing_start(
        review=review, actor=clerk, started_on=TODAY() - datetime.timedelta(days=5)
    )
    with pytest.raises(ActionRefused, match="听证"):
        services.review_reply(
            review=review, actor=clerk, replied_on=TODAY(), result="x"
        )
    services.hearing_end(
        hearing=hearing, actor=clerk, ended_on=TODAY() - datetime.timedelta(days=2)
    )
    review.refresh_from_db()
    # Four hearing days (inclusive) push the reply date out.
    assert review.reply_due > due_before
    expected = Clock.load().deadline("review_reply", review.requested_on, paused_days=4)
    assert review.reply_due == expected.due


def test_re_review_after_the_review_then_no_further_acceptance(answered_case, clerk):
    with pytest.raises(ActionRefused, match="复查"):
        services.review_request(
            case=answered_case,
            actor=clerk,
            kind="rereview",
            requested_on=TODAY(),
            reviewing_body="市人民政府",
        )
    review = services.review_request(
        case=answered_case,
        actor=clerk,
        kind="review",
        requested_on=TODAY() - datetime.timedelta(days=5),
        reviewing_body="县人民政府",
    )
    services.review_reply(
        review=review,
        actor=clerk,
        replied_on=TODAY() - datetime.timedelta(days=3),
        result="维持原处理意见",
    )
    rereview = services.review_request(
        case=answered_case,
        actor=clerk,
        kind="rereview",
        requested_on=TODAY(),
        reviewing_body="市人民政府",
    )
    services.review_reply(
        review=rereview, actor=clerk, replied_on=TODAY(), result="维持复查意见"
    )
    assert refresh(answered_case).no_further_acceptance


# --- recomputation ------------------------------------------------------------------


def test_a_calendar_change_recomputes_running_deadlines(make_case, clerk, liaison):
    running = accept(make_case("in_progress"), clerk, datetime.date(2026, 9, 30))
    closed = make_case("closed", title="已办结")
    Case.objects.filter(pk=closed.pk).update(
        accepted_on=datetime.date(2026, 9, 30), due_date=datetime.date(2026, 11, 30)
    )
    assert refresh(running).due_date == datetime.date(2026, 11, 30)
    # Monday 30 November 2026 becomes a (fictional) holiday.
    CalendarDay.objects.create(date=datetime.date(2026, 11, 30), kind="holiday")
    moved = deadlines.recompute_all(actor=clerk)
    assert moved == 1
    assert refresh(running).due_date == datetime.date(2026, 12, 1)
    assert refresh(closed).due_date == datetime.date(2026, 11, 30)  # not running
    event = refresh(running).events.filter(kind="deadline_changed").get()
    assert event.data["changes"]["due_date"] == ["2026-11-30", "2026-12-01"]


def test_a_time_limit_change_recomputes_running_deadlines(make_case, clerk):
    case = accept(make_case("in_progress"), clerk, datetime.date(2026, 9, 30))
    TimeLimit.objects.filter(code="handle").update(days=30)
    deadlines.recompute_all(actor=clerk)
    # 30 days from 30 September: 30 October 2026, a Friday.
    assert refresh(case).due_date == datetime.date(2026, 10, 30)


def test_the_admin_recomputes_on_save(client, admin_user, make_case, clerk):
    case = accept(make_case("in_progress"), clerk, datetime.date(2026, 9, 30))
    client.force_login(admin_user)
    response = client.post(
        reverse("admin:common_calendarday_add"),
        {"date": "2026-11-30", "kind": "holiday", "name": "测试假日"},
        follow=True,
    )
    assert response.status_code == 200
    assert "已重新计算进行中的期限" in response.content.decode()
    assert refresh(case).due_date == datetime.date(2026, 12, 1)


def test_detail_page_shows_the_deadline_and_how_it_was_computed(
    login, clerk, make_case
):
    case = accept(make_case("in_progress"), clerk, datetime.date(2026, 9, 30))
    html = login(clerk).get(reverse("cases:detail", args=[case.pk])).content.decode()
    assert "2026-11-30" in html
    assert "为休息日" in html  # 29 November is a Sunday: moved on
    assert "期限是怎样计算的" in html
