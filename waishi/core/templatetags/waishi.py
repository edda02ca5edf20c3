from typing import Any

from django import forms, template
from django.utils.safestring import SafeString

from waishi.core.names import is_chinese
from waishi.core.names import localized as _localized

register = template.Library()


@register.filter
def localized(obj: object, field: str = "name") -> str:
    """`{{ partner|localized:"name" }}`: the name in the active language."""
    return _localized(obj, field)


@register.simple_tag
def other_language() -> str:
    """The `lang` of a name shown in the other language beside the page's own
    (`<div lang="{% other_language %}">{{ unit.other_name }}</div>`): screen readers then
    read it in its language, and the check that Chinese pages carry no English names
    (core/tests/test_one_language.py) lets it be."""
    return "en" if is_chinese() else "zh-Hans"


def _css_class(widget: forms.Widget) -> str:
    if isinstance(widget, forms.CheckboxInput):
        return "form-check-input"
    if isinstance(widget, forms.CheckboxSelectMultiple | forms.RadioSelect):
        return ""
    if isinstance(widget, forms.Select | forms.SelectMultiple):
        return "form-select"
    return "form-control"


@register.filter
def bs(field: forms.BoundField) -> SafeString:
    """Render a form field's widget with Bootstrap's classes and ARIA error state."""
    attrs: dict[str, Any] = {}
    css = _css_class(field.field.widget)
    if field.errors:
        css += " is-invalid"
        attrs["aria-invalid"] = "true"
        attrs["aria-describedby"] = f"{field.auto_id}_errors"
    elif field.help_text:
        attrs["aria-describedby"] = f"{field.auto_id}_help"
    if css.strip():
        attrs["class"] = css.strip()
    return field.as_widget(attrs=attrs)


@register.filter
def is_checkbox(field: forms.BoundField) -> bool:
    return isinstance(field.field.widget, forms.CheckboxInput)


@register.filter
def is_multi_choice(field: forms.BoundField) -> bool:
    return isinstance(field.field.widget, forms.CheckboxSelectMultiple | forms.RadioSelect)
