"""GiST trigram indexes of the open cases, for repeat detection.

Registering a petition looks for the open cases whose title, summary or demands
are nearest to its text (`ORDER BY title <-> text LIMIT 5`). A GiST trigram
index answers that by walking the nearest entries; without one PostgreSQL scored
every case (50 s at a million cases). Partial (open cases only), so the walk is
over the cases still being handled. The GIN indexes of 0002 stay for the list's
substring search, which GIN answers faster. PostgreSQL only.
"""

from django.db import migrations

NEAREST_INDEXES = [
    ("case_open_title_gist", "title"),
    ("case_open_summary_gist", "summary"),
    ("case_open_demands_gist", "demands"),
]


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name, column in NEAREST_INDEXES:
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {name} ON cases_case "
            f"USING gist ({column} gist_trgm_ops) WHERE status <> 'closed'"
        )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name, _column in NEAREST_INDEXES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [("cases", "0005_history_tables")]

    operations = [migrations.RunPython(create, drop)]
