"""History tables: every insert, update and delete of the rows officials answer for.

django-pghistory installs PostgreSQL triggers that copy a row into its history
table whenever it changes, so `QuerySet.update()`, `bulk_update()` and raw SQL
are recorded too, not only `save()`. Each history row carries a context: the
acting user and URL of a web request, or the task name of a Celery job.

On SQLite (the demo of `make run`) nothing is installed: triggers are PostgreSQL
only, and the context is not attached there.

History is not shown anywhere in the app and has no access rule: it holds every
field of cases and petitions, so it is read by the database owner only.
"""

import contextlib

import celery
import pghistory
import pghistory.middleware
from django.db import connection

# The label of the baseline copy that the history migrations take of the rows
# already in the database, so that the first change of such a row has an "old".
SNAPSHOT = "snapshot"


def track(model_name: str, verbose_name, *, inserts: bool = True):
    """Record inserts, updates and deletes of a model in `<app>.<model_name>`, a
    table protected against updates and deletes of its own.

    The history rows of an object are its `.pgh_events`: ordered by `pgh_id`, each is
    a full copy of the row after the change (before it, for a delete).

    `inserts=False` is for a table that is itself a record never edited (the case
    timeline): its new rows are not copied, and an update or a delete keeps the
    row as it was before ("before_update", "delete"), so tampering shows.
    """
    if inserts:
        trackers = [pghistory.InsertEvent(), pghistory.UpdateEvent()]
    else:
        trackers = [pghistory.UpdateEvent("before_update", row="OLD")]
    trackers.append(pghistory.DeleteEvent())
    return pghistory.track(
        *trackers,
        model_name=model_name,
        obj_field=pghistory.ObjForeignKey(related_name="pgh_events"),
        append_only=True,
        meta={"verbose_name": verbose_name, "verbose_name_plural": verbose_name},
    )


def _postgres() -> bool:
    return connection.vendor == "postgresql"


def context(**metadata):
    """Attach metadata (e.g. task="…") to the history rows written inside."""
    return pghistory.context(**metadata) if _postgres() else contextlib.nullcontext()


@contextlib.contextmanager
def immediate_constraints():
    """Check foreign keys as each row is written, for a bulk write to a tracked
    table inside a transaction.

    Django makes foreign keys DEFERRABLE INITIALLY DEFERRED, so each inserted row
    queues a check for the commit; and a history trigger runs one INSERT per row,
    at the end of which PostgreSQL walks the queue of pending checks again. A
    bulk write therefore cost time in the square of its rows (50,000 automatic
    orders: 40 s of inserts; 4 s with the checks immediate). Afterwards the
    transaction's checks are deferred again, as Django expects."""
    if not _postgres():
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    yield  # on an error the transaction or savepoint is rolled back, and with
    # it the constraint mode
    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL DEFERRED")


class HistoryMiddleware(pghistory.middleware.HistoryMiddleware):
    """pghistory's middleware (user and URL of every POST), on PostgreSQL only:
    on SQLite its per-statement context would fail."""

    def __call__(self, request):
        if not _postgres():
            return self.get_response(request)
        return super().__call__(request)


class HistoryTask(celery.Task):
    """A Celery task whose writes carry its name in the history context."""

    def __call__(self, *args, **kwargs):
        with context(task=self.name):
            return super().__call__(*args, **kwargs)


def snapshot_existing(*labels: str):
    """A migration operation's function: copy every existing row of the models
    tracked by the given history models (labels "app.ModelHistory") into their
    history, labelled SNAPSHOT. PostgreSQL only, like the triggers."""

    def forwards(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        quote = schema_editor.quote_name
        for label in labels:
            event = apps.get_model(label)
            tracked = event._meta.get_field("pgh_obj").related_model
            columns = [
                f.column
                for f in event._meta.concrete_fields
                if not f.name.startswith("pgh_")
            ]
            listed = ", ".join(quote(c) for c in columns)
            schema_editor.execute(
                f"INSERT INTO {quote(event._meta.db_table)} "
                f"({listed}, pgh_created_at, pgh_label, pgh_obj_id) "
                f"SELECT {listed}, NOW(), %s, {quote(tracked._meta.pk.column)} "
                f"FROM {quote(tracked._meta.db_table)}",
                [SNAPSHOT],
            )

    return forwards
