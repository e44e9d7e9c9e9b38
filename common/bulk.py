"""Many rows in one statement: `INSERT … SELECT FROM json_to_recordset(…)`.

The scheduled jobs write tens of thousands of rows on a bad day (the benchmark's
backlog: 100,000 notifications, 50,000 automatic orders). `bulk_create` builds a
model instance per row and sends a statement per batch, so its cost and query
count grow with the rows. Here the rows travel as one JSON parameter (quoting a
single string costs the driver little; quoting 250,000 array elements one by one
cost it seconds), so a write is one statement whatever its size, and rows that
would break a unique constraint are skipped (another run made them first).
SQLite (the development default) runs the same statement through `json_each`.
"""

import json
from collections.abc import Sequence

from django.core.serializers.json import DjangoJSONEncoder
from django.db import connection


def insert_many(
    model,
    columns: dict[str, Sequence],
    *,
    constants: dict | None = None,
    returning: Sequence[str] = (),
) -> list[tuple] | int:
    """Insert one row per position of the `columns` lists (column name → values),
    with `constants` (column name → one value) in every row; rows in conflict
    with a unique constraint are skipped.

    Returns the `returning` columns of the rows inserted, or without them the
    number of rows inserted. Column names are the database's (`user_id`)."""
    lengths = {len(values) for values in columns.values()}
    if len(lengths) != 1:
        raise ValueError("every column needs the same number of values")
    constants = constants or {}
    fields = {f.column: f for f in model._meta.concrete_fields}
    quote = connection.ops.quote_name
    names = list(columns)
    # Short keys keep the JSON small: c0, c1, …
    keys = [f"c{i}" for i in range(len(names))]
    if connection.vendor == "postgresql":
        record = ", ".join(
            f"{key} {fields[name].db_type(connection)}"
            for key, name in zip(keys, names, strict=True)
        )
        values = keys
        source = f"json_to_recordset(%s::json) AS u({record})"
    else:  # SQLite (development): its JSON functions, the same statement
        values = [f"json_extract(u.value, '$.{key}')" for key in keys]
        # "WHERE true" tells SQLite's parser the ON CONFLICT is the INSERT's.
        source = "json_each(%s) AS u WHERE true"
    sql = (
        f"INSERT INTO {quote(model._meta.db_table)} "
        f"({', '.join(quote(name) for name in [*names, *constants])}) "
        f"SELECT {', '.join([*values, *['%s'] * len(constants)])} "
        f"FROM {source} ON CONFLICT DO NOTHING"
    )
    if returning:
        sql += f" RETURNING {', '.join(quote(name) for name in returning)}"
    rows = [
        dict(zip(keys, values, strict=True))
        for values in zip(*columns.values(), strict=True)
    ]
    params = [
        *[
            fields[name].get_db_prep_save(value, connection)
            for name, value in constants.items()
        ],
        json.dumps(rows, cls=DjangoJSONEncoder, ensure_ascii=False),
    ]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        if returning:
            return cursor.fetchall()
        return cursor.rowcount
