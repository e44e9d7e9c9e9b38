from django import template
from django.utils.html import format_html

register = template.Library()

STATUS_CLASS = {
    "new": "text-bg-secondary",
    "in_progress": "text-bg-primary",
    "closing_submitted": "text-bg-warning",
    "closed": "text-bg-success",
}
STAGE_CLASS = {
    "root_cause": "badge-stage-1",
    "prescription": "badge-stage-2",
    "follow_up": "badge-stage-3",
}


@register.simple_tag
def status_badge(case):
    return format_html(
        '<span class="badge {}" data-status="{}">{}</span>',
        STATUS_CLASS.get(case.status, "text-bg-light"),
        case.status,
        case.get_status_display(),
    )


@register.simple_tag
def stage_badge(case):
    return format_html(
        '<span class="badge {}" data-stage="{}">{}</span>',
        STAGE_CLASS.get(case.stage, "text-bg-light"),
        case.stage,
        case.get_stage_display(),
    )


@register.filter
def change_label(key):
    """Readable names of the fields a timeline event lists as changed."""
    from django.utils.translation import gettext as _

    labels = {
        "title": _("title"),
        "summary": _("summary"),
        "demands": _("petitioner's demands"),
        "category": _("category"),
        "tags": _("tags"),
        "is_key": _("key and difficult case"),
        "owning_unit": _("owning unit"),
        "leader": _("responsible leader"),
        "co_units": _("co-handling units"),
        "due_date": _("due date"),
        "status": _("status"),
        "stage": _("stage"),
        "strategy": _("strategy"),
        "channels": _("resolution channels"),
        "reply_due": _("reply due"),
        "mechanism": _("work mechanism"),
        "conduct": _("cadre conduct"),
        "methods": _("methods"),
        "history": _("history of the matter"),
    }
    return labels.get(key, key)


def _choices():
    from cases.models import (
        Attachment,
        Case,
        ClosingSubmission,
        LookBack,
        ProgressEntry,
        ReviewRequest,
    )

    return {
        "status": dict(Case.Status.choices),
        "stage": dict(Case.Stage.choices),
        "satisfaction": dict(ClosingSubmission.Satisfaction.choices),
        "result": dict(LookBack.Result.choices),
        "entry_kind": dict(ProgressEntry.Kind.choices),
        "attachment_kind": dict(Attachment.Kind.choices),
        "review_kind": dict(ReviewRequest.Kind.choices),
    }


@register.filter
def change_value(value, key):
    """A value stored on a timeline event, shown in the reader's language."""
    if isinstance(value, bool):
        return yes_no(value)
    labels = _choices().get(key)
    if labels and value in labels:
        return labels[value]
    return value


@register.filter
def yes_no(value):
    from django.utils.translation import gettext as _

    if value is True:
        return _("Yes")
    if value is False:
        return _("No")
    return value
