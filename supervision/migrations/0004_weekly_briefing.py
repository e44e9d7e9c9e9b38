from django.db import migrations


def create(apps, schema_editor):
    CrontabSchedule = apps.get_model("django_celery_beat", "CrontabSchedule")
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    crontab, _ = CrontabSchedule.objects.get_or_create(
        minute="30",
        hour="7",
        day_of_week="1",
        day_of_month="*",
        month_of_year="*",
        timezone="Asia/Shanghai",
    )
    PeriodicTask.objects.update_or_create(
        name="领导每周简报",
        defaults={
            "task": "supervision.tasks.weekly_briefing",
            "crontab": crontab,
            "enabled": True,
        },
    )


def remove(apps, schema_editor):
    apps.get_model("django_celery_beat", "PeriodicTask").objects.filter(
        name="领导每周简报"
    ).delete()


class Migration(migrations.Migration):
    dependencies = [("supervision", "0003_order_status_label")]

    operations = [migrations.RunPython(create, remove)]
