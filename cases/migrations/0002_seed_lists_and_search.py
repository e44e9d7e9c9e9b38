"""Seed the admin-editable lists, and add trigram indexes on PostgreSQL.

The lists come from the source text: categories where the county's key cases
concentrate, the tags it names (越级访, 重复访, 缠访闹访, 集体访), the resolution
channels of the "eight batches" that fit case handling, and the look-back offsets.
"""

from django.db import migrations

CATEGORIES = [
    ("land", "征地拆迁"),
    ("housing", "棚改与住房"),
    ("social", "社会建设"),
    ("labour", "劳动与工资"),
    ("social_security", "社会保障"),
    ("environment", "生态环境"),
    ("other", "其他"),
]
TAGS = [
    ("skip_level", "越级访"),
    ("repeat", "重复访"),
    ("persistent", "缠访闹访"),
    ("collective", "集体访"),
]
CHANNELS = [
    ("leader", "领导包案接访"),
    ("territorial", "落实属地管理责任"),
    ("department", "夯实主体责任"),
    ("joint", "部门联动"),
    ("bureau", "信访力量督办"),
    ("judicial", "司法介入社会调解"),
]
LOOKBACK_DAYS = [30, 90, 180]

TRIGRAM_INDEXES = [
    ("case_title_trgm", "title"),
    ("case_summary_trgm", "summary"),
    ("case_demands_trgm", "demands"),
]


def seed(apps, schema_editor):
    for model, rows in (
        ("Category", CATEGORIES),
        ("Tag", TAGS),
        ("ResolutionChannel", CHANNELS),
    ):
        Model = apps.get_model("cases", model)
        for order, (code, name) in enumerate(rows):
            Model.objects.update_or_create(
                code=code, defaults={"name": name, "sort_order": order}
            )
    LookBackOffset = apps.get_model("cases", "LookBackOffset")
    for days in LOOKBACK_DAYS:
        LookBackOffset.objects.get_or_create(days=days)


def trigram_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    for name, column in TRIGRAM_INDEXES:
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {name} ON cases_case "
            f"USING gin ({column} gin_trgm_ops)"
        )


def drop_trigram_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name, _column in TRIGRAM_INDEXES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [("cases", "0001_initial")]

    operations = [
        migrations.RunPython(seed, migrations.RunPython.noop),
        migrations.RunPython(trigram_indexes, drop_trigram_indexes),
    ]
