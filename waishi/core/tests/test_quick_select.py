"""The list pages' country and unit selects are written in Python (core.widgets.QuickSelect):
they must give exactly the HTML of Django's own templates."""

import pytest
from django import forms

from waishi.core.widgets import QuickSelect, QuickSelectMultiple

CHOICES = [
    ("", "---------"),
    (1, "Tom & Jerry <b>"),
    ("x", 'Ünï "中文"'),
    ("Group", [(3, "one"), (4, "two")]),
]


@pytest.mark.parametrize(
    ("django_widget", "quick", "value"),
    [
        (forms.Select, QuickSelect, "x"),
        (forms.Select, QuickSelect, None),
        (forms.SelectMultiple, QuickSelectMultiple, [1, 4]),
    ],
)
def test_quick_select_writes_what_django_writes(django_widget, quick, value):
    attrs = {"class": "form-select", "data-note": 'a "quoted" <value>'}
    extra = {"id": "id_field", "required": True, "disabled": False}
    expected = django_widget(choices=CHOICES, attrs=attrs).render("field", value, extra)
    assert quick(choices=CHOICES, attrs=attrs).render("field", value, extra) == expected
