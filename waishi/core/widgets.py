"""Form widgets shared by every app."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django import forms
from django.forms.renderers import BaseRenderer
from django.urls import reverse
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    _Select = forms.Select  # the mixin comes before a select widget
else:
    _Select = object


class _Searching(_Select):
    """A select that renders only the chosen options; the page's script (core/js/pickers.js)
    asks the picker named `picker` (waishi.core.pickers) for matches as the user types. The
    form field still validates against its whole queryset."""

    def __init__(self, picker: str, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs)
        self.picker = picker

    def get_context(self, name: str, value: Any, attrs: dict[str, Any] | None) -> dict[str, Any]:
        attrs = dict(attrs or {})
        attrs["data-search-url"] = reverse("core:pick", args=[self.picker])
        attrs["data-search-placeholder"] = str(_("Type a name to search…"))
        context: dict[str, Any] = super().get_context(name, value, attrs)
        return context

    def optgroups(self, name: str, value: list[str], attrs: dict[str, Any] | None = None) -> Any:
        chosen = [str(v) for v in value if v not in ("", None)]
        iterator = self.choices
        empty = getattr(getattr(iterator, "field", None), "empty_label", "---------")
        keep: list[tuple[Any, Any]] = []
        if not self.allow_multiple_selected and empty is not None:
            keep.append(("", empty))
        queryset = getattr(iterator, "queryset", None)
        if queryset is not None and chosen:
            field: forms.ModelChoiceField[Any] = getattr(iterator, "field")  # noqa: B009
            key = field.to_field_name or "pk"
            try:
                found = queryset.filter(**{f"{key}__in": chosen})
            except (ValueError, TypeError):
                found = queryset.none()
            keep += [(getattr(obj, key), field.label_from_instance(obj)) for obj in found]
        groups = []
        for index, (option_value, label) in enumerate(keep):
            selected = str(option_value) in chosen
            groups.append(
                (
                    None,
                    [self.create_option(name, option_value, label, selected, index, None, attrs)],
                    index,
                )
            )
        return groups


class SearchSelect(_Searching, forms.Select):
    pass


class SearchSelectMultiple(_Searching, forms.SelectMultiple):
    pass


def search_by_typing(field: forms.Field, picker: str, **attrs: Any) -> None:
    """Make a form's model field a search-as-you-type chooser using the picker `picker`."""
    if not isinstance(field, forms.ModelChoiceField):
        raise TypeError(f"{field!r} does not choose among model rows")
    many = isinstance(field, forms.ModelMultipleChoiceField)
    field.widget = (SearchSelectMultiple if many else SearchSelect)(picker, attrs=attrs or None)
    field.widget.choices = field.choices


def _attrs_html(attrs: dict[str, Any]) -> str:
    """Django's widgets/attrs.html, in Python."""
    parts = []
    for name, value in attrs.items():
        if value is False:
            continue
        parts.append(
            f" {conditional_escape(name)}"
            if value is True
            else f' {conditional_escape(name)}="{conditional_escape(str(value))}"'
        )
    return "".join(parts)


class _QuickRender(_Select):
    """A select whose options are written in Python rather than by a template each: the same
    HTML as Django's templates (widgets/select.html, select_option.html), some twenty times
    faster, which counts for a list of 250 countries on every list page."""

    def render(
        self,
        name: str,
        value: Any,
        attrs: dict[str, Any] | None = None,
        renderer: BaseRenderer | None = None,
    ) -> SafeString:
        widget = self.get_context(name, value, attrs)["widget"]
        name_html = conditional_escape(widget["name"])
        out = [f'<select name="{name_html}"{_attrs_html(widget["attrs"])}>']
        for group_name, options, _index in widget["optgroups"]:
            if group_name:
                out.append(f'\n  <optgroup label="{conditional_escape(group_name)}">')
            for option in options:
                out.append(
                    f'\n  <option value="{conditional_escape(str(option["value"]))}"'
                    f"{_attrs_html(option['attrs'])}>{conditional_escape(option['label'])}"
                    "</option>\n"
                )
            if group_name:
                out.append("\n  </optgroup>")
        out.append("\n</select>")
        return mark_safe("".join(out))  # noqa: S308 (every value above is escaped)


class QuickSelect(_QuickRender, forms.Select):
    pass


class QuickSelectMultiple(_QuickRender, forms.SelectMultiple):
    pass


def quick_selects(form: forms.BaseForm) -> None:
    """Give the plain selects of `form` (a list's filters: statuses, purposes, years) the
    QuickSelect's rendering, written in Python: the filters are drawn on every list page."""
    quick: dict[type[forms.Widget], type[_QuickRender]] = {
        forms.Select: QuickSelect,
        forms.SelectMultiple: QuickSelectMultiple,
    }
    for field in form.fields.values():
        kind = quick.get(type(field.widget))
        if kind is None:
            continue
        old = field.widget
        widget = kind(attrs=old.attrs)
        widget.choices = old.choices
        widget.is_required = old.is_required
        widget.is_localized = old.is_localized
        field.widget = widget
