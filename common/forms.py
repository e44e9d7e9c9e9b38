from django import forms


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


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")
