"""Forms of the conferences app. The rules live in `services` (and the models' validators),
so the page and the API refuse the same input with the same message."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import Q, QuerySet
from django.forms import formset_factory
from django.utils.translation import gettext_lazy as _

from waishi.conferences.enums import OrganiserRole, SizeClass
from waishi.conferences.models import ConferenceVersion, ExternalFiling, Forecast
from waishi.conferences.services import OrganiserRow
from waishi.core.forms import ShownNameChoiceField, ShownNameMultipleChoiceField, model_choice
from waishi.core.models import Country, Unit
from waishi.core.widgets import search_by_typing
from waishi.partners.models import Institution
from waishi.people.models import Person

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")

VERSION_FIELDS = [
    "name_zh",
    "name_en",
    "discipline",
    "format",
    "starts_on",
    "ends_on",
    "venue",
    "city",
    "outside_home_city",
    "expected_total",
    "expected_foreign",
    "expected_countries",
    "countries",
    "un_body",
    "minister_attends",
    "state_leaders_invited",
    "sensitive_topic",
    "budget",
    "funding_source",
]
WIDGETS = {
    "starts_on": DATE,
    "ends_on": DATE,
    "late_reason": forms.Textarea(attrs={"rows": 2}),
    "change_reason": forms.Textarea(attrs={"rows": 3}),
}


class VersionForm(forms.ModelForm[ConferenceVersion]):
    """What is declared of a conference; the declaration adds the unit, the person
    responsible and its forecast (`DeclarationForm`), a change the reason (`ChangeForm`)."""

    countries = ShownNameMultipleChoiceField(
        queryset=Country.objects.all(),
        label=_("countries and regions expected"),
        required=False,
        help_text=_(
            "China included. When listed, the countries are counted from the list; Hong Kong, "
            "Macao and Taiwan are regions of China and do not count."
        ),
    )

    class Meta:
        model = ConferenceVersion
        fields = VERSION_FIELDS
        widgets = WIDGETS

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        search_by_typing(self.fields["countries"], "conference_countries")
        # Counted from the list when there is one (the service checks that one is given).
        self.fields["expected_countries"].required = False

    def clean(self) -> dict[str, Any]:
        data = super().clean() or self.cleaned_data
        starts_on, ends_on = data.get("starts_on"), data.get("ends_on")
        if starts_on and ends_on and ends_on < starts_on:
            self.add_error("ends_on", _("The end must not be before the start."))
        if not data.get("countries") and data.get("expected_countries") is None:
            self.add_error(
                "expected_countries", _("Give the number of countries, or list them below.")
            )
        return data

    def values(self) -> dict[str, Any]:
        """The cleaned values for the services (the countries apart)."""
        values = {k: v for k, v in self.cleaned_data.items() if k != "countries"}
        if values.get("expected_countries") is None:
            values.pop("expected_countries", None)
        return values


class DeclarationForm(VersionForm):
    unit = ShownNameChoiceField(queryset=Unit.objects.none(), label=_("organising unit"))
    responsible = forms.ModelChoiceField(
        queryset=Person.objects.none(), label=_("responsible person")
    )
    forecast = forms.ModelChoiceField(
        queryset=Forecast.objects.none(),
        label=_("forecast"),
        required=False,
        help_text=_("A major conference must have been forecast."),
    )

    class Meta(VersionForm.Meta):
        fields = ["unit", "responsible", "forecast", *VERSION_FIELDS, "late_reason"]

    def __init__(
        self,
        *args: Any,
        units: QuerySet[Unit] | None = None,
        responsibles: QuerySet[Person] | None = None,
        forecasts: QuerySet[Forecast] | None = None,
        keep_responsible: Person | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        order = ["unit", "responsible", "forecast"]
        self.order_fields(order + [name for name in self.fields if name not in order])
        if units is not None:
            model_choice(self, "unit").queryset = units
        if responsibles is not None:
            allowed = Q(pk__in=responsibles.values("pk"))
            if keep_responsible is not None:
                allowed |= Q(pk=keep_responsible.pk)
            model_choice(self, "responsible").queryset = Person.objects.filter(allowed)
        search_by_typing(self.fields["responsible"], "conference_responsible")
        if forecasts is not None:
            model_choice(self, "forecast").queryset = forecasts
        self.fields["late_reason"].help_text = _(
            "Only the office may file a declaration after its lead time, saying why."
        )


class ChangeForm(VersionForm):
    class Meta(VersionForm.Meta):
        fields = [*VERSION_FIELDS, "change_reason"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["change_reason"].required = True
        self.order_fields(["change_reason"])


class OrganiserForm(forms.Form):
    institution = forms.ModelChoiceField(
        queryset=Institution.objects.order_by("name_en"),
        label=_("partner institution"),
        required=False,
    )
    name = forms.CharField(
        label=_("or its name"),
        max_length=300,
        required=False,
        help_text=_("When it is not a partner of the register."),
    )
    role = forms.ChoiceField(
        label=_("role"), choices=OrganiserRole.choices, initial=OrganiserRole.CO_ORGANISER
    )
    overseas_ngo = forms.BooleanField(label=_("an overseas NGO"), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        search_by_typing(self.fields["institution"], "partners")


OrganiserFormSet = formset_factory(OrganiserForm, extra=1, can_delete=True)


def organiser_rows(formset: Any) -> list[OrganiserRow]:
    rows: list[OrganiserRow] = []
    for form in formset.forms:
        data = form.cleaned_data
        if not data or data.get("DELETE"):
            continue
        if data.get("institution") is None and not data.get("name"):
            continue
        rows.append(
            OrganiserRow(
                institution=data.get("institution"),
                name=data.get("name") or "",
                role=data.get("role") or OrganiserRole.CO_ORGANISER,
                overseas_ngo=bool(data.get("overseas_ngo")),
            )
        )
    return rows


class FilingForm(forms.ModelForm[ExternalFiling]):
    class Meta:
        model = ExternalFiling
        fields = ["authority", "number", "filed_on", "file"]
        widgets = {"filed_on": DATE}


class ForecastForm(forms.ModelForm[Forecast]):
    unit = ShownNameChoiceField(queryset=Unit.objects.none(), label=_("organising unit"))

    class Meta:
        model = Forecast
        fields = [
            "unit",
            "name",
            "expected_month",
            "expected_start",
            "expected_end",
            "size_class",
            "notes",
        ]
        widgets = {
            "expected_start": DATE,
            "expected_end": DATE,
            "notes": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args: Any, units: QuerySet[Unit] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if units is not None:
            model_choice(self, "unit").queryset = units
        self.fields["expected_month"].widget.attrs.update({"min": 1, "max": 12})
        self.fields["size_class"].initial = SizeClass.GENERAL
