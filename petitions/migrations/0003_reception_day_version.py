from django.db import migrations, models


class Migration(migrations.Migration):
    """Optimistic locking for editing reception days."""

    dependencies = [
        ("petitions", "0002_decision_label"),
    ]

    operations = [
        migrations.AddField(
            model_name="receptionday",
            name="version",
            field=models.PositiveIntegerField(default=1, verbose_name="version"),
        ),
    ]
