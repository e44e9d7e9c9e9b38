from html import escape as html_escape

import django_filters
import django_filters.fields
from django import forms
from django.forms.renderers import DjangoTemplates
from django.utils.safestring import mark_safe


class BootstrapFormMixin:
    """Adds Bootstrap classes to every widget, and is-invalid where a field failed."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            widget = field.widget
            if isinstance(widget, forms.HiddenInput):
                continue
            if isinstance(
                widget,
                forms.CheckboxInput | forms.CheckboxSelectMultiple | forms.RadioSelect,
            ):
                css = "form-check-input"
            elif isinstance(widget, forms.Select | forms.SelectMultiple):
                css = "form-select"
            else:
                css = "form-control"
            widget.attrs["class"] = (widget.attrs.get("class", "") + " " + css).strip()

    def full_clean(self):
        # Mark failed fields after validating. (Reading self.errors in __init__
        # would validate before a subclass had finished setting its fields up.)
        super().full_clean()
        for name in self.errors:
            field = self.fields.get(name)
            if field is not None and "is-invalid" not in field.widget.attrs.get(
                "class", ""
            ):
                field.widget.attrs["class"] = (
                    field.widget.attrs.get("class", "") + " is-invalid"
                ).strip()


class NameChoiceIterator(forms.models.ModelChoiceIterator):
    """A model choice's options as (id, name) rows read with values_list, not as
    model instances: a province's unit filter builds a thousand Unit objects on
    every list page otherwise. For models whose str() is their `name`."""

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        yield from self.queryset.values_list("pk", "name")


class NameChoiceField(forms.ModelChoiceField):
    """A model choice offered through NameChoiceIterator (validation still reads
    the queryset): for the unit pickers."""

    iterator = NameChoiceIterator


class NameMultipleChoiceField(forms.ModelMultipleChoiceField):
    iterator = NameChoiceIterator


class _NameChoiceFilterField(django_filters.fields.ModelChoiceField):
    iterator = NameChoiceIterator


class NameChoiceFilter(django_filters.ModelChoiceFilter):
    """The same for a list's filter (django-filter)."""

    field_class = _NameChoiceFilterField


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")


SELECT_TEMPLATES = {"django/forms/widgets/select.html"}
OPTION_TEMPLATE = "django/forms/widgets/select_option.html"


def _esc(value) -> str:
    """conditional_escape(): safe strings as they are, anything else escaped."""
    if hasattr(value, "__html__"):
        return value.__html__()
    return html_escape(str(value))


def _attrs(attrs: dict) -> str:
    """flatatt() without its overhead: True → the bare name, False/None → nothing."""
    parts = []
    for name, value in attrs.items():
        if value is True:
            parts.append(f" {name}")
        elif value is not False and value is not None:
            parts.append(f' {name}="{_esc(value)}"')
    return "".join(parts)


def render_select(widget: dict) -> str:
    """The HTML of Django's select.html, made in Python.

    The template engine spends about a millisecond per <option>; a unit filter
    with a thousand units made the case list spend most of its time there.
    Every value, label and attribute is escaped (html.escape, as Django's
    escape does), so the result is safe.
    """
    parts = [f'<select name="{_esc(widget["name"])}"{_attrs(widget["attrs"])}>']
    for group_name, options, _index in widget["optgroups"]:
        if group_name:
            parts.append(f'<optgroup label="{_esc(group_name)}">')
        for option in options:
            value = "" if option["value"] is None else str(option["value"])
            parts.append(
                f'<option value="{_esc(value)}"{_attrs(option["attrs"])}>'
                f"{_esc(option['label'])}</option>"
            )
        if group_name:
            parts.append("</optgroup>")
    parts.append("</select>")
    return mark_safe("\n".join(parts))


class FormRenderer(DjangoTemplates):
    """Django's renderer, with <select> made in Python (render_select)."""

    def render(self, template_name, context, request=None):
        widget = context.get("widget")
        if (
            template_name in SELECT_TEMPLATES
            and widget is not None
            and all(
                option.get("template_name") == OPTION_TEMPLATE
                for _name, options, _index in widget["optgroups"]
                for option in options
            )
        ):
            return render_select(widget)
        return super().render(template_name, context, request)
