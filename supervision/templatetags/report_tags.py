"""The report grid's cells, made in Python: a page of a hundred units over two
weeks is 1,400 cells, and three template includes per cell cost a second."""

from django import template
from django.utils import timezone
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from common.links import link_to

register = template.Library()

STATUS_CLASS = {
    "filed": "text-bg-success",
    "zero": "bg-success-subtle text-success-emphasis border border-success-subtle",
    "late": "text-bg-warning",
    "missing": "text-bg-danger",
    "pending": "bg-body-secondary text-body-secondary border",
}
OTHER_CLASS = "bg-light text-secondary border"
STATUS_MARK = {"filed": "√", "zero": "0", "late": "!", "missing": "×"}
OTHER_MARK = "·"


@register.filter
def report_status_class(status):
    return STATUS_CLASS.get(status, OTHER_CLASS)


@register.filter
def report_status_mark(status):
    return STATUS_MARK.get(status, OTHER_MARK)


@register.simple_tag
def grid_cells(row):
    """A row of the grid, each unit-day a badge, linked to the report when there is
    one: made in one tag, with the report links from one reverse(), since a
    template loop over 1,400 cells and a reverse() each cost 200 ms a page."""
    report_url = link_to("reports:daily_detail")
    unit_name = row.unit.name
    return mark_safe(
        "".join(
            format_html(
                '<td class="p-1" data-cell="{}" data-status="{}">{}</td>',
                cell.key,
                cell.status,
                _badge(cell, unit_name, report_url),
            )
            for cell in row.cells
        )
    )


def _badge(cell, unit_name, report_url):
    css = report_status_class(cell.status)
    mark = report_status_mark(cell.status)
    label = f"{unit_name} {cell.day.isoformat()} {cell.label}"
    report = cell.report
    if report is None:
        return format_html(
            '<span class="badge d-block {}" title="{}" aria-label="{}">{}</span>',
            css,
            label,
            label,
            mark,
        )
    filed_at = timezone.localtime(report.submitted_at).strftime("%H:%M")
    return format_html(
        '<a class="badge d-block text-decoration-none {}" href="{}" title="{} {}" '
        'aria-label="{}">{}</a>',
        css,
        report_url(report.pk),
        label,
        filed_at,
        label,
        mark,
    )
