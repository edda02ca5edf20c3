from __future__ import annotations

from typing import Any, cast

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from waishi.confucius.enums import InstituteStatus
from waishi.confucius.models import Dispatch, Institute, YearlyFigures
from waishi.confucius.validators import dispatch_check, figures_check, institute_check
from waishi.core.clock import today
from waishi.core.forms import ShownNameChoiceField, model_choice
from waishi.core.models import Unit
from waishi.core.widgets import search_by_typing
from waishi.partners.models import Institution

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _add_errors(form: forms.BaseForm, error: ValidationError) -> None:
    for field, messages in error.message_dict.items():
        if field not in form.errors:
            form.add_error(field if field in form.fields else None, messages)


class InstituteForm(forms.ModelForm[Institute]):
    website = forms.URLField(
        label=_("Website"), required=False, max_length=200, assume_scheme="https"
    )

    class Meta:
        model = Institute
        field_classes = {"country": ShownNameChoiceField, "home_unit": ShownNameChoiceField}
        fields = [
            "name_zh",
            "name_en",
            "host",
            "country",
            "city",
            "founded_on",
            "home_unit",
            "chinese_director",
            "foreign_director",
            "website",
            "status",
            "notes",
        ]
        widgets = {"founded_on": DATE, "notes": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        model_choice(self, "host").queryset = Institution.objects.select_related("country")
        search_by_typing(self.fields["host"], "partners")
        self.fields["country"].required = False
        self.fields["country"].help_text = _("Empty takes the host institution's country.")
        model_choice(self, "home_unit").queryset = Unit.objects.filter(is_active=True)
        closed = self.instance.pk and self.instance.status == InstituteStatus.CLOSED
        cast("forms.ChoiceField", self.fields["status"]).choices = (
            InstituteStatus.choices if closed else InstituteStatus.editable()
        )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or self.cleaned_data
        try:
            institute_check(data, instance=self.instance if self.instance.pk else None)
        except ValidationError as error:
            _add_errors(self, error)
        return data


class InstituteCloseForm(forms.Form):
    closed_on = forms.DateField(label=_("Closed on"), widget=DATE, initial=today)
    reason = forms.CharField(
        label=_("Reason"), max_length=500, widget=forms.Textarea(attrs={"rows": 3})
    )


class DispatchForm(forms.ModelForm[Dispatch]):
    class Meta:
        model = Dispatch
        fields = ["person", "role", "starts_on", "ends_on", "returned_on", "notes"]
        widgets = {"starts_on": DATE, "ends_on": DATE, "returned_on": DATE}

    def clean(self) -> dict[str, Any]:
        data = super().clean() or self.cleaned_data
        try:
            dispatch_check(data)
        except ValidationError as error:
            _add_errors(self, error)
        return data


class FiguresForm(forms.ModelForm[YearlyFigures]):
    class Meta:
        model = YearlyFigures
        fields = [
            "year",
            "students",
            "classes",
            "events",
            "hsk_takers",
            "hskk_takers",
            "scholarships_recommended",
            "notes",
        ]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or self.cleaned_data
        try:
            figures_check(data)
        except ValidationError as error:
            _add_errors(self, error)
        return data
