"""The report grid's cells, made in Python: a page of a hundred units over two
weeks is 1,400 cells, and three template includes per cell cost a second."""

from django import template
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html

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
def grid_cell(cell, unit_name):
    """One unit-day of the grid: a badge, a link to the report when there is one."""
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
        reverse("reports:daily_detail", args=[report.pk]),
        label,
        filed_at,
        label,
        mark,
    )
