from django.db import migrations, models


class Migration(migrations.Migration):
    """Optimistic locking for replying to and closing supervision orders."""

    dependencies = [
        ("supervision", "0004_weekly_briefing"),
    ]

    operations = [
        migrations.AddField(
            model_name="supervisionorder",
            name="version",
            field=models.PositiveIntegerField(default=1, verbose_name="version"),
        ),
    ]
