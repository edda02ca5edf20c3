"""Forms of the travel app. Rules come from `validators`, so the page, the API and
`services.trip_submit` refuse the same input with the same message."""

from __future__ import annotations

from typing import Any, TypeVar

from django import forms
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db.models import Model, Q, QuerySet
from django.forms import inlineformset_factory
from django.utils.translation import gettext_lazy as _

from waishi.core.forms import ShownNameChoiceField, choice_labels, model_choice
from waishi.core.models import AnyUser, Unit
from waishi.core.widgets import search_by_typing
from waishi.partners.models import Institution
from waishi.people.models import Person
from waishi.travel import validators
from waishi.travel.enums import TravellerRole
from waishi.travel.models import (
    BudgetItem,
    Destination,
    ItineraryDay,
    PlannedTrip,
    Traveller,
    Trip,
)
from waishi.travel.queries import travellers_for_user

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class TripForm(forms.ModelForm[Trip]):
    class Meta:
        model = Trip
        field_classes = {"unit": ShownNameChoiceField}
        fields = [
            "title",
            "unit",
            "purpose",
            "description",
            "departure",
            "return_date",
            "led_by_leader",
            "confidential",
            "planned_trip",
            "outside_plan_reason",
            "invitation_letter",
        ]
        widgets = {
            "departure": DATE,
            "return_date": DATE,
            "description": forms.Textarea(attrs={"rows": 3}),
            "outside_plan_reason": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(
        self,
        *args: Any,
        units: QuerySet[Unit] | None = None,
        plans: QuerySet[PlannedTrip] | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        if units is not None:
            model_choice(self, "unit").queryset = units
        if plans is not None:
            model_choice(self, "planned_trip").queryset = plans
        choice_labels(model_choice(self, "planned_trip"), lambda p: f"{p.year} · {p.title}")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or self.cleaned_data
        for message in validators.check_dates(data.get("departure"), data.get("return_date")):
            self.add_error("return_date", message)
        return data


class TravellerForm(forms.ModelForm[Traveller]):
    class Meta:
        model = Traveller
        field_classes = {"unit": ShownNameChoiceField}
        fields = ["person", "role", "position", "unit", "passport_note"]

    def __init__(self, *args: Any, user: AnyUser | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Whom the user may add (the rule `travel.add_traveller`); whoever is already on
        # the trip stays choosable, so editing keeps a traveller the office added.
        allowed = Q(pk__in=travellers_for_user(user).values("pk"))
        if self.instance.person_id:
            allowed |= Q(pk=self.instance.person_id)
        model_choice(self, "person").queryset = Person.objects.filter(allowed).order_by(
            "name_zh", "family_name"
        )
        search_by_typing(self.fields["person"], "travellers")
        model_choice(self, "unit").queryset = Unit.objects.filter(is_active=True)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or self.cleaned_data
        person = data.get("person")
        # Sensible defaults: the person's own unit and position.
        if person is not None and not data.get("unit") and person.unit_id:
            data["unit"] = person.unit
            self.instance.unit = person.unit
        if person is not None and not data.get("position") and person.position:
            data["position"] = person.position
            self.instance.position = person.position
        return data


class DestinationForm(forms.ModelForm[Destination]):
    class Meta:
        model = Destination
        field_classes = {"country": ShownNameChoiceField}
        fields = ["country", "city", "institution", "host_name", "arrive", "leave"]
        widgets = {"arrive": DATE, "leave": DATE}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        model_choice(self, "institution").queryset = Institution.objects.order_by("name_en")
        search_by_typing(self.fields["institution"], "partners")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or self.cleaned_data
        institution = data.get("institution")
        if institution is None and not (data.get("host_name") or "").strip():
            self.add_error("host_name", _("Choose the partner or name the host."))
        return data


class ItineraryForm(forms.ModelForm[ItineraryDay]):
    class Meta:
        model = ItineraryDay
        fields = ["date", "place", "activity"]
        widgets = {"date": DATE}


class BudgetForm(forms.ModelForm[BudgetItem]):
    class Meta:
        model = BudgetItem
        fields = ["item", "amount", "source"]


class _TravellerSet(forms.BaseInlineFormSet[Traveller, Trip, TravellerForm]):
    def clean(self) -> None:
        super().clean()
        kept = [f for f in self.forms if f.cleaned_data and not f.cleaned_data.get("DELETE")]
        if len(kept) == 1:
            # Someone travelling alone leads their own trip.
            kept[0].cleaned_data["role"] = kept[0].instance.role = TravellerRole.LEADER
        leaders = [f for f in kept if f.cleaned_data.get("role") == TravellerRole.LEADER]
        if kept and len(leaders) != 1:
            raise ValidationError(_("Rule “one leader”: mark exactly one traveller as leader."))
        people = [f.cleaned_data.get("person") for f in kept]
        if len(people) != len(set(people)):
            raise ValidationError(_("A person is listed twice among the travellers."))


class _DestinationSet(forms.BaseInlineFormSet[Destination, Trip, DestinationForm]):
    def clean(self) -> None:
        super().clean()
        kept = [
            f.instance
            for f in self.forms
            if f.cleaned_data and not f.cleaned_data.get("DELETE") and f.instance.arrive
        ]
        trip = self.instance
        problems = validators.check_destinations(kept, trip.departure, trip.return_date)
        if problems:
            raise ValidationError(problems)


M = TypeVar("M", bound=Model)
F = TypeVar("F", bound=forms.ModelForm[Any])


def _formset(
    model: type[M],
    form: type[F],
    base: type[forms.BaseInlineFormSet[M, Trip, F]] = forms.BaseInlineFormSet,
) -> type[forms.BaseInlineFormSet[M, Trip, F]]:
    return inlineformset_factory(
        Trip, model, form=form, formset=base, extra=1, can_delete=True, min_num=0
    )


TravellerFormSet = _formset(Traveller, TravellerForm, _TravellerSet)
DestinationFormSet = _formset(Destination, DestinationForm, _DestinationSet)
ItineraryFormSet = _formset(ItineraryDay, ItineraryForm)
BudgetFormSet = _formset(BudgetItem, BudgetForm)


class ApprovalNumberForm(forms.Form):
    approval_number = forms.CharField(label=_("Approval number"), max_length=60)


class ChangeForm(forms.Form):
    reason = forms.CharField(
        label=_("What changes and why"), widget=forms.Textarea(attrs={"rows": 3})
    )


class ReturnForm(forms.Form):
    actual_return = forms.DateField(label=_("Actual return date"), widget=DATE)


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data: Any, initial: Any = None) -> list[UploadedFile]:
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(d, initial) for d in data]
        return [single(data, initial)] if data else []


class ReportForm(forms.Form):
    text = forms.CharField(
        label=_("Report"),
        widget=forms.Textarea(attrs={"rows": 12}),
        help_text=_("What was done, results, agreements reached, follow-up."),
    )
    attachments = MultipleFileField(label=_("Attachments"), required=False)

    def clean_attachments(self) -> list[UploadedFile]:
        files: list[UploadedFile] = self.cleaned_data.get("attachments") or []
        for file in files:
            validators.validate_upload(file)
        return files


class PlannedTripForm(forms.ModelForm[PlannedTrip]):
    class Meta:
        model = PlannedTrip
        field_classes = {"unit": ShownNameChoiceField}
        fields = ["unit", "year", "title", "countries", "purpose", "people", "days", "notes"]
        widgets = {"notes": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args: Any, units: QuerySet[Unit] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if units is not None:
            model_choice(self, "unit").queryset = units


class CheckOutForm(forms.Form):
    trip = forms.ModelChoiceField(label=_("Trip"), queryset=Trip.objects.none())

    def __init__(self, *args: Any, trips: QuerySet[Trip] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if trips is not None:
            model_choice(self, "trip").queryset = trips
