from django import template
from django.utils.html import format_html, format_html_join
from django.utils.text import Truncator

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


@register.simple_tag
def event_details(data):
    """What a timeline event recorded, one line per fact.

    Made in Python: in a template, each of the ~18 facts an event may lack was a
    failed lookup (Django then calls dir() on the dict), and a case with 200
    events spent most of its detail page there.
    """
    from django.utils.translation import gettext as _

    data = data or {}
    lines = []  # (css class, html)

    def add(html, css=""):
        lines.append((css, html))

    for key, pair in (data.get("changes") or {}).items():
        add(
            format_html(
                "{}：{} → {}",
                change_label(key),
                change_value(pair[0], key),
                change_value(pair[1], key),
            )
        )
    if data.get("changed"):
        add(format_html_join("、", "{}", ((change_label(k),) for k in data["changed"])))
    if data.get("measure"):
        if data.get("responsible_person"):
            add(
                format_html(
                    "{}（{}，{}）",
                    data["measure"],
                    data["responsible_person"],
                    data.get("due_date", ""),
                )
            )
        else:
            add(format_html("{}", data["measure"]))
    if data.get("instruction"):
        add(
            format_html("{}", Truncator(data["instruction"]).chars(60)),
            "text-secondary",
        )
    if data.get("entry_kind"):
        add(
            format_html(
                "{}：{}",
                change_value(data["entry_kind"], "entry_kind"),
                Truncator(data.get("content", "")).chars(120),
            )
        )
    elif data.get("content"):
        add(format_html("{}", Truncator(data["content"]).chars(120)))
    if data.get("satisfaction"):
        value = change_value(data["satisfaction"], "satisfaction")
        add(format_html("{}：{}", _("Satisfaction"), value))
    if data.get("result"):
        add(format_html("{}：{}", _("Result"), change_value(data["result"], "result")))
    if data.get("lookbacks"):
        add(
            format_html(
                "{}：{}", _("Look-backs due"), "、".join(map(str, data["lookbacks"]))
            )
        )
    if data.get("leader"):
        add(
            format_html(
                "{} · {} · {}",
                data["leader"],
                data.get("visited_on", ""),
                data.get("place", ""),
            )
        )
    if data.get("name"):
        if data.get("attachment_kind"):
            kind = change_value(data["attachment_kind"], "attachment_kind")
            add(format_html("{}（{}）", data["name"], kind))
        else:
            add(format_html("{}", data["name"]))
    if data.get("title"):
        add(format_html("{}", data["title"]))
    if data.get("petition"):
        add(format_html("{} {}", _("Petition"), data["petition"]))
    if data.get("accepted_on"):
        add(format_html("{} {}", _("Accepted on"), data["accepted_on"]))
    if data.get("days"):
        text = _("Extension of %(days)s days") % {"days": data["days"]}
        if data.get("approved") is not None:
            decided = _("Approved") if data["approved"] else _("Rejected")
            add(format_html("{}：{}", text, decided))
        else:
            add(format_html("{}", text))
    if data.get("review_kind"):
        kind = change_value(data["review_kind"], "review_kind")
        if data.get("reply_due"):
            add(format_html("{} · {} {}", kind, _("Reply due"), data["reply_due"]))
        else:
            add(format_html("{}", kind))
    if data.get("started_on"):
        if data.get("ended_on"):
            add(
                format_html(
                    "{} {} – {}", _("Hearing"), data["started_on"], data["ended_on"]
                )
            )
        else:
            add(format_html("{} {}", _("Hearing"), data["started_on"]))
    return format_html(
        '<div class="small event-details">{}</div>',
        format_html_join(
            "",
            "<div{}>{}</div>",
            (
                (format_html(' class="{}"', css) if css else "", html)
                for css, html in lines
            ),
        ),
    )
