"""The beat schedule, in the database (django-celery-beat): editable in the admin
under "Periodic tasks". Times are Beijing time."""

from django.db import migrations

# name, task, crontab (minute, hour)
SCHEDULE = [
    ("日报告截止前提醒", "supervision.tasks.remind_before_cutoff", "*/10", "6-23"),
    ("日报告漏报清查", "supervision.tasks.sweep_missing_reports", "*/10", "*"),
    ("回头看提醒", "supervision.tasks.lookback_reminders", "0", "8"),
    ("期限预警", "supervision.tasks.deadline_warnings", "10", "8"),
    ("急事急报升级", "supervision.tasks.escalate_urgent_reports", "*/5", "*"),
    ("自动督办", "supervision.tasks.auto_supervision_orders", "20", "8"),
    ("通知邮件补发", "accounts.tasks.send_notification_emails", "*/15", "*"),
]


def create(apps, schema_editor):
    CrontabSchedule = apps.get_model("django_celery_beat", "CrontabSchedule")
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    for name, task, minute, hour in SCHEDULE:
        crontab, _ = CrontabSchedule.objects.get_or_create(
            minute=minute,
            hour=hour,
            day_of_week="*",
            day_of_month="*",
            month_of_year="*",
            timezone="Asia/Shanghai",
        )
        PeriodicTask.objects.update_or_create(
            name=name, defaults={"task": task, "crontab": crontab, "enabled": True}
        )


def remove(apps, schema_editor):
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    PeriodicTask.objects.filter(name__in=[row[0] for row in SCHEDULE]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("supervision", "0001_initial"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [migrations.RunPython(create, remove)]
