"""Seed the statutory time limits (信访工作条例, 2022) and the official 2026
holiday arrangement (国务院办公厅, 2025-11-04). Both are edited in the admin."""

import datetime

from django.db import migrations

LIMITS = [
    # code, name, days, unit, basis
    (
        "handover",
        "登记、转送交办并书面告知",
        15,
        "calendar",
        "信访工作条例 第二十三条、第二十四条",
    ),
    (
        "objection",
        "交办事项不属职责范围的异议",
        5,
        "working",
        "信访工作条例 第二十六条",
    ),
    ("handle", "办理并答复", 60, "calendar", "信访工作条例 第三十二条"),
    (
        "extension_max",
        "延长办理期限（最多）",
        30,
        "calendar",
        "信访工作条例 第三十二条",
    ),
    ("review_request", "申请复查", 30, "calendar", "信访工作条例 第三十五条"),
    ("review_reply", "复查答复", 30, "calendar", "信访工作条例 第三十五条"),
    ("rereview_request", "申请复核", 30, "calendar", "信访工作条例 第三十六条"),
    ("rereview_reply", "复核答复", 30, "calendar", "信访工作条例 第三十六条"),
    ("due_soon", "临期提醒（到期前）", 3, "working", "本系统设置"),
    ("long_overdue", "严重超期（超期后）", 30, "calendar", "本系统设置"),
]


def _days(start, end):
    day = start
    while day <= end:
        yield day
        day += datetime.timedelta(days=1)


D = datetime.date
HOLIDAYS_2026 = [
    ("元旦", D(2026, 1, 1), D(2026, 1, 3), [D(2026, 1, 4)]),
    ("春节", D(2026, 2, 15), D(2026, 2, 23), [D(2026, 2, 14), D(2026, 2, 28)]),
    ("清明节", D(2026, 4, 4), D(2026, 4, 6), []),
    ("劳动节", D(2026, 5, 1), D(2026, 5, 5), [D(2026, 5, 9)]),
    ("端午节", D(2026, 6, 19), D(2026, 6, 21), []),
    ("中秋节", D(2026, 9, 25), D(2026, 9, 27), []),
    ("国庆节", D(2026, 10, 1), D(2026, 10, 7), [D(2026, 9, 20), D(2026, 10, 10)]),
]


def seed(apps, schema_editor):
    TimeLimit = apps.get_model("common", "TimeLimit")
    for code, name, days, unit, basis in LIMITS:
        TimeLimit.objects.get_or_create(
            code=code,
            defaults={"name": name, "days": days, "unit": unit, "basis": basis},
        )
    CalendarDay = apps.get_model("common", "CalendarDay")
    for name, first, last, workdays in HOLIDAYS_2026:
        for day in _days(first, last):
            CalendarDay.objects.get_or_create(
                date=day, defaults={"kind": "holiday", "name": name}
            )
        for day in workdays:
            CalendarDay.objects.get_or_create(
                date=day, defaults={"kind": "workday", "name": f"{name}调休上班"}
            )


class Migration(migrations.Migration):
    dependencies = [("common", "0001_initial")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
