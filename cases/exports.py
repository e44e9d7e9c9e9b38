"""The case ledger (台账): any filtered case list as an Excel workbook.

The rows are the case list's own: the same FilterSet on the same scoped queryset,
so an export holds exactly what the list shows the user.  The workbook streams:
the queryset is read with `.iterator(chunk_size=...)` (Django runs each prefetch
once per chunk, never per row) into `common.xlsx`, which writes the sheet's XML
as the rows come.  The latest follow-up entry and, on PostgreSQL, the
petitioners' and co-handling units' names are subqueries of the one case query,
read through a server-side cursor: the export sends the same number of queries
whatever its size.

Personal data: petitioners' names are masked (张*) unless the user may see full
personal data (clerks); ID numbers and phone numbers are never read.  Every
export is written to the access log.
"""

import tempfile
from typing import IO
from urllib.parse import unquote_plus

from django.db import connection
from django.db.models import F, OuterRef, Prefetch, QuerySet, Subquery
from django.db.models.functions import Left
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Unit
from cases import selectors
from cases.filters import CaseFilter
from cases.models import Case, ProgressEntry
from common import access
from common.masking import mask_name
from common.models import AccessLog
from common.xlsx import write_table

CHUNK_SIZE = 2000
PROGRESS_CHARS = 200
# Joins the names in the database; a control character no name contains.
NAME_SEPARATOR = "\x1f"
LIST_SEPARATOR = "、"

# What the ledger reads of a case (the list's own fields and a few more).
LEDGER_FIELDS = (
    "id",
    "number",
    "title",
    "demands",
    "is_key",
    "stage",
    "status",
    "opened_on",
    "accepted_on",
    "due_date",
    "closed_at",
    "category__name",
    "owning_unit__name",
    "leader__name",
    "leader__username",
)


def ledger_columns() -> list[tuple[str, int]]:
    """The header row, in the active language, with each column's width."""
    return [
        (_("Serial no."), 6),
        (_("Case number"), 16),
        (_("Petitioners"), 16),
        (_("Petition matter"), 30),
        (_("Demands"), 30),
        (_("Category"), 10),
        (_("Owning unit"), 14),
        (_("Co-handling units"), 18),
        (_("Responsible leader"), 10),
        (_("Stage"), 8),
        (_("Status"), 12),
        (_("Key case"), 9),
        (_("Opened on"), 12),
        (_("Accepted on"), 12),
        (_("Deadline for resolution"), 12),
        (_("Closing date"), 12),
        (_("Latest progress"), 50),
    ]


def ledger_queryset(*, user, params) -> QuerySet[Case]:
    """The filtered, scoped cases of the ledger, with what each row shows."""
    filterset = CaseFilter(
        params or None, queryset=selectors.case_list(user), user=user
    )
    latest_progress = (
        ProgressEntry.objects.filter(case=OuterRef("pk"))
        .order_by("-created_at", "-id")
        .values("content")[:1]
    )
    qs = (
        filterset.qs.only(*LEDGER_FIELDS)
        .annotate(latest_progress=Left(Subquery(latest_progress), PROGRESS_CHARS + 1))
        .prefetch_related(None)  # not the list's tags
    )
    if connection.vendor == "postgresql":
        return qs.annotate(
            petitioner_names=_petitioner_names_subquery(),
            co_unit_names=_co_unit_names_subquery(),
        )
    # Elsewhere (SQLite in development): the names come once per chunk, by
    # prefetch.  Petitions are a higher floor: their models are reached through
    # the case's relations, and only the names are read.
    Petition = Case._meta.get_field("petitions").related_model
    Petitioner = Petition._meta.get_field("petitioners").related_model
    return qs.prefetch_related(
        Prefetch("co_units", queryset=Unit.objects.only("id", "name")),
        Prefetch(
            "petitions",
            queryset=Petition.objects.order_by("received_at", "id").only(
                "id", "case_id"
            ),
        ),
        Prefetch(
            "petitions__petitioners",
            queryset=Petitioner.objects.order_by("id").only("id", "name"),
        ),
    )


def _co_unit_names_subquery() -> Subquery:
    """The co-handling units' names in the units' own order (PostgreSQL)."""
    return _joined(
        "co_units__name",
        LIST_SEPARATOR,
        ("co_units__sort_order", "co_units__name"),
    )


def _petitioner_names_subquery() -> Subquery:
    """The names of everyone behind a case, oldest petition first (PostgreSQL).

    Named through the case's relations only: petitions are a higher floor.
    """
    return _joined(
        "petitions__petitioners__name",
        NAME_SEPARATOR,
        ("petitions__received_at", "petitions__id", "petitions__petitioners__id"),
    )


def _joined(path: str, delimiter: str, order_by: tuple[str, ...]) -> Subquery:
    """One text of a case's related values, in one subquery of the case query."""
    from django.contrib.postgres.aggregates import StringAgg

    names = (
        Case.objects.filter(pk=OuterRef("pk"))
        .order_by()
        .values("pk")
        .annotate(
            names=StringAgg(
                path, delimiter=delimiter, order_by=[F(name) for name in order_by]
            )
        )
        .values("names")
    )
    return Subquery(names)


def _names(case) -> list[str]:
    if hasattr(case, "petitioner_names"):
        names = (case.petitioner_names or "").split(NAME_SEPARATOR)
    else:
        names = [
            person.name
            for petition in case.petitions.all()
            for person in petition.petitioners.all()
        ]
    # The same person behind several petitions is listed once.
    return list(dict.fromkeys(name for name in names if name))


def _co_units(case) -> str:
    if hasattr(case, "co_unit_names"):
        return case.co_unit_names or ""
    return LIST_SEPARATOR.join(unit.name for unit in case.co_units.all())


def _progress(text: str | None) -> str:
    if not text:
        return ""
    if len(text) > PROGRESS_CHARS:
        return text[: PROGRESS_CHARS - 1] + "…"
    return text


def row_labels() -> dict:
    """The translated labels a row needs, made once per export (Django's
    get_FOO_display() hashes every lazy label of the choices on each call)."""
    return {
        "stage": {value: str(label) for value, label in Case.Stage.choices},
        "status": {value: str(label) for value, label in Case.Status.choices},
        "yes": str(_("Yes")),
        "no": str(_("No")),
    }


def ledger_row(case, *, index: int, full_names: bool, labels=None) -> list:
    labels = labels or row_labels()
    names = _names(case)
    if not full_names:
        names = [mask_name(name) for name in names]
    closed_on = timezone.localdate(case.closed_at) if case.closed_at else None
    return [
        index,
        case.number or "",
        LIST_SEPARATOR.join(names),
        case.title,
        case.demands,
        case.category.name,
        case.owning_unit.name if case.owning_unit else "",
        _co_units(case),
        str(case.leader) if case.leader else "",
        labels["stage"].get(case.stage, case.stage),
        labels["status"].get(case.status, case.status),
        labels["yes"] if case.is_key else labels["no"],
        case.opened_on,
        case.accepted_on,
        case.due_date,
        closed_on,
        _progress(case.latest_progress),
    ]


def ledger_export(*, user, params) -> IO[bytes]:
    """Write the user's ledger for these filters to a temporary .xlsx file.

    Returns the open file, at its start; closing it deletes it.  The export is
    logged with the filters it was made with.
    """
    access.require(user, "case.list")
    full_names = access.can(user, "petition.reveal")
    queryset = ledger_queryset(user=user, params=params)
    labels = row_labels()
    rows = (
        ledger_row(case, index=index, full_names=full_names, labels=labels)
        for index, case in enumerate(queryset.iterator(chunk_size=CHUNK_SIZE), start=1)
    )
    output = tempfile.NamedTemporaryFile(suffix=".xlsx")  # noqa: SIM115
    try:
        write_table(output, sheet_name=_("Ledger"), columns=ledger_columns(), rows=rows)
        output.seek(0)
    except BaseException:
        output.close()
        raise
    AccessLog.objects.create(
        user=user,
        action=AccessLog.Action.EXPORT,
        object_type="cases.Case",
        detail=_log_detail(params),
    )
    return output


def _log_detail(params) -> str:
    """The filters, readable ("status=in_progress&q=征地"), cut to the column."""
    query = params.copy()
    query.pop("page", None)
    limit = AccessLog._meta.get_field("detail").max_length
    return unquote_plus(query.urlencode())[:limit]
