"""<select> is rendered in Python (common.forms.FormRenderer) for speed: the
markup must be what Django's templates make, escaping included."""

import re

from django import forms
from django.forms.renderers import DjangoTemplates

from common.forms import FormRenderer


class Form(forms.Form):
    plain = forms.ChoiceField(
        choices=[
            ("", "—"),
            ('x"<', 'X "quoted" <b>bold</b> & more'),
            ("Group <1>", [("g1", "G1"), ("g2", "G2")]),
        ]
    )
    many = forms.MultipleChoiceField(choices=[("1", "one"), ("2", "two"), ("3", "三")])


def normalised(html: str) -> str:
    return re.sub(r">\s+<", "><", str(html)).strip()


def test_the_python_select_matches_djangos():
    initial = {"plain": "g2", "many": ["1", "3"]}
    ours = Form(initial=initial, renderer=FormRenderer())
    theirs = Form(initial=initial, renderer=DjangoTemplates())
    for name in ("plain", "many"):
        ours[name].field.widget.attrs["class"] = "form-select"
        theirs[name].field.widget.attrs["class"] = "form-select"
        assert normalised(ours[name]) == normalised(theirs[name])
    html = str(ours["plain"])
    assert "<b>" not in html
    assert "&lt;b&gt;" in html


def test_a_bound_invalid_value_selects_nothing():
    form = Form({"plain": "nope", "many": ["9"]}, renderer=FormRenderer())
    assert not form.is_valid()
    assert "selected" not in str(form["plain"])
