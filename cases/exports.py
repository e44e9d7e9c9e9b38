"""The case ledger (台账): any filtered case list as an Excel workbook.

The rows are the case list's own: the same FilterSet on the same scoped queryset,
so an export holds exactly what the list shows the user.  The workbook streams:
the queryset is read with `.iterator(chunk_size=...)` (Django runs each prefetch
once per chunk, never per row) into openpyxl's write-only workbook, which writes
rows to disk as they come.  The latest follow-up entry and, on PostgreSQL, the
petitioners' names are subqueries of the one case query.

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
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from accounts.models import Unit
from cases import selectors
from cases.filters import CaseFilter
from cases.models import Case, ProgressEntry
from common import access
from common.masking import mask_name
from common.models import AccessLog

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
        .prefetch_related(
            Prefetch("co_units", queryset=Unit.objects.only("id", "name"))
        )
    )
    if connection.vendor == "postgresql":
        return qs.annotate(petitioner_names=_petitioner_names_subquery())
    # Elsewhere (SQLite in development): the names come once per chunk, by
    # prefetch.  Petitions are a higher floor: their models are reached through
    # the case's relations, and only the names are read.
    Petition = Case._meta.get_field("petitions").related_model
    Petitioner = Petition._meta.get_field("petitioners").related_model
    return qs.prefetch_related(
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


def _petitioner_names_subquery() -> Subquery:
    """The names of everyone behind a case, oldest petition first (PostgreSQL).

    Named through the case's relations only: petitions are a higher floor.
    """
    from django.contrib.postgres.aggregates import StringAgg

    names = (
        Case.objects.filter(pk=OuterRef("pk"))
        .order_by()
        .values("pk")
        .annotate(
            names=StringAgg(
                "petitions__petitioners__name",
                delimiter=NAME_SEPARATOR,
                order_by=(
                    F("petitions__received_at"),
                    F("petitions__id"),
                    F("petitions__petitioners__id"),
                ),
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
        LIST_SEPARATOR.join(unit.name for unit in case.co_units.all()),
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


def _cell(sheet, value):
    """A cell whose text is always text: user input never becomes a formula.

    openpyxl takes a string for a formula only when it starts with "="; only
    those need a cell object forced to text (a cell object costs more than the
    rest of the row)."""
    if not isinstance(value, str):
        return value
    if not value.isprintable():  # only then can it hold a control character
        value = ILLEGAL_CHARACTERS_RE.sub("", value)
    if not value.startswith("="):
        return value
    cell = WriteOnlyCell(sheet, value=value)
    cell.data_type = "s"
    return cell


def ledger_export(*, user, params) -> IO[bytes]:
    """Write the user's ledger for these filters to a temporary .xlsx file.

    Returns the open file, at its start; closing it deletes it.  The export is
    logged with the filters it was made with.
    """
    access.require(user, "case.list")
    full_names = access.can(user, "petition.reveal")
    columns = ledger_columns()

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=_("Ledger"))
    for position, (_label, width) in enumerate(columns, start=1):
        sheet.column_dimensions[get_column_letter(position)].width = width
    sheet.freeze_panes = "A2"
    sheet.print_title_rows = "1:1"
    bold = Font(bold=True)
    centred = Alignment(horizontal="center", vertical="center", wrap_text=True)
    header = []
    for label, _width in columns:
        cell = WriteOnlyCell(sheet, value=label)
        cell.font = bold
        cell.alignment = centred
        header.append(cell)
    sheet.append(header)

    queryset = ledger_queryset(user=user, params=params)
    labels = row_labels()
    for index, case in enumerate(queryset.iterator(chunk_size=CHUNK_SIZE), start=1):
        row = ledger_row(case, index=index, full_names=full_names, labels=labels)
        sheet.append([_cell(sheet, value) for value in row])

    AccessLog.objects.create(
        user=user,
        action=AccessLog.Action.EXPORT,
        object_type="cases.Case",
        detail=_log_detail(params),
    )
    output = tempfile.NamedTemporaryFile(suffix=".xlsx")  # noqa: SIM115
    try:
        workbook.save(output)
        output.seek(0)
    except BaseException:
        output.close()
        raise
    return output


def _log_detail(params) -> str:
    """The filters, readable ("status=in_progress&q=征地"), cut to the column."""
    query = params.copy()
    query.pop("page", None)
    limit = AccessLog._meta.get_field("detail").max_length
    return unquote_plus(query.urlencode())[:limit]
