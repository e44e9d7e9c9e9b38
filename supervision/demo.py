"""The demo county's reporting and supervision: an active reporting period with a
few days of history (a missing day and a late report among them), urgent reports,
supervision orders (open, overdue, answered, and the automatic ones the jobs
raise), and accountability and commendation records.

Everything goes through the services; times are passed as `now=` where the
services take it. Idempotent: if the demo period exists, nothing is added.
"""

import datetime

from django.utils import timezone

from cases.models import Case
from supervision.models import ReportingPeriod, SupervisionOrder
from supervision.services import jobs
from supervision.services.orders import order_issue, order_reply, record_create
from supervision.services.reports import (
    period_declare,
    report_file,
    urgent_acknowledge,
    urgent_report_file,
)

PERIOD_NAME = "岁末年初信访稳定日报告期"


def _at(day: datetime.date, hour: int, minute: int = 0) -> datetime.datetime:
    return timezone.make_aware(
        datetime.datetime.combine(day, datetime.time(hour, minute))
    )


def seed_supervision(county: dict) -> dict:
    if ReportingPeriod.objects.filter(name=PERIOD_NAME).exists():
        return {"created": False}
    users = county["users"]
    clerk = users["clerk"]
    today = timezone.localdate()
    start = today - datetime.timedelta(days=4)
    period_declare(
        actor=clerk,
        name=PERIOD_NAME,
        start_date=start,
        end_date=today + datetime.timedelta(days=20),
        cutoff_time=datetime.time(17, 0),
    )
    units = [*county["townships"].values(), *county["departments"].values()]
    liaisons = {u.unit_id: u for u in users.values() if u.role == "liaison"}
    for offset in range(4, 0, -1):
        day = today - datetime.timedelta(days=offset)
        for index, unit in enumerate(units):
            actor = liaisons[unit.pk]
            if unit.code == "xishan" and offset == 2:
                continue  # 西山乡 missed this day: the sweep records it
            late = unit.code == "beiling" and offset == 1
            hour = 19 if late else 9 + index % 7
            if (index + offset) % 3 == 0:
                report_file(
                    actor=actor,
                    unit=unit,
                    date=day,
                    kind="daily",
                    new_petitions=(index + offset) % 3,
                    incidents="",
                    progress="重点案件按计划推进，已入户走访信访人。",
                    now=_at(day, hour),
                )
            else:
                report_file(
                    actor=actor, unit=unit, date=day, kind="zero", now=_at(day, hour)
                )
    # Today, before the cutoff: half the units have filed; 城关镇 (the demo
    # liaison) has not, so the one-tap zero report is there to try.
    now = timezone.now()
    for index, unit in enumerate(units):
        if index % 2 == 0 or unit.code == "chengguan":
            continue
        report_file(
            actor=liaisons[unit.pk],
            unit=unit,
            date=today,
            kind="zero",
            now=min(now, _at(today, 9, index)),
        )
    jobs.sweep_missing_reports(_at(today - datetime.timedelta(days=1), 23))

    chengguan = county["townships"]["chengguan"]
    key_case = (
        Case.objects.filter(owning_unit=chengguan, is_key=True).order_by("pk").first()
    )
    urgent_report_file(
        actor=liaisons[chengguan.pk],
        unit=chengguan,
        title="棚改安置户约20人聚集镇政府门口",
        content="上午9时许，老城区棚改安置户约20人聚集在镇政府门口，要求明确交房时间。"
        "镇党委书记已到场接待，现场秩序平稳。",
        case=key_case,
    )
    earlier = urgent_report_file(
        actor=liaisons[county["townships"]["donghu"].pk],
        unit=county["townships"]["donghu"],
        title="征地村民拟集体赴市上访",
        content="王家湾村部分村民在微信群中商议明日集体赴市上访，镇村干部正在逐户做工作。",
        now=_at(today - datetime.timedelta(days=1), 8, 30),
    )
    urgent_acknowledge(
        report=earlier, actor=clerk, now=_at(today - datetime.timedelta(days=1), 8, 45)
    )

    open_cases = list(
        Case.objects.filter(
            status=Case.Status.IN_PROGRESS, owning_unit__isnull=False
        ).order_by("pk")[:3]
    )
    orders = []
    for case, phase, requirement in zip(
        open_cases,
        ["during", "before", "after"],
        [
            "请于期限内报送化解方案落实情况，包案领导要亲自接访、亲自调度。",
            "春节前须完成入户走访，稳控措施落实到人，防止越级访。",
            "对已化解事项开展回头看，防止问题反弹。",
        ],
        strict=False,
    ):
        orders.append(
            order_issue(
                actor=clerk,
                case=case,
                phase=phase,
                requirements=requirement,
                deadline=today + datetime.timedelta(days=7),
            )
        )
    if orders:
        # One order is overdue: issued two weeks ago, due three days ago (demo
        # shaping of dates the form would not accept).
        SupervisionOrder.objects.filter(pk=orders[0].pk).update(
            issued_at=timezone.now() - datetime.timedelta(days=14),
            deadline=today - datetime.timedelta(days=3),
        )
    if len(orders) > 2:
        order_reply(
            order=orders[2],
            actor=liaisons[orders[2].unit_id],
            reply="已组织回头看，信访人表示满意，未发现反弹迹象。",
        )
    automatic = jobs.auto_supervision_orders(today)

    record_create(
        actor=clerk,
        kind="commendation",
        unit=chengguan,
        person="城关镇信访办",
        case=key_case,
        decided_on=today - datetime.timedelta(days=10),
        description="包案化解棚改遗留问题成效明显，予以通报表扬。",
    )
    record_create(
        actor=clerk,
        kind="accountability",
        unit=county["townships"]["xishan"],
        person="西山乡信访联络员",
        case=None,
        decided_on=today - datetime.timedelta(days=1),
        description="报告期内未按时报送日报告，予以约谈提醒。",
    )
    return {"created": True, "orders": len(orders) + automatic}
