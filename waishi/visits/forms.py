"""Forms of the visits app. The rules live in `services` (and the models' validators), so the
page and the API refuse the same input with the same message."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import Q, QuerySet
from django.forms import BaseInlineFormSet, inlineformset_factory
from django.utils.translation import gettext_lazy as _

from waishi.core.forms import ShownNameChoiceField, choice_labels, model_choice
from waishi.core.models import Country, Unit
from waishi.core.uploads import UploadValidator
from waishi.core.widgets import search_by_typing
from waishi.partners.models import Institution
from waishi.people.enums import Sex
from waishi.people.models import Person
from waishi.visits.enums import GuestRank, GuestRole, Standard
from waishi.visits.models import (
    PHOTOS,
    AuthorisedLetter,
    BudgetLine,
    Cost,
    Gift,
    Guest,
    ItineraryItem,
    Visit,
)
from waishi.visits.services import BudgetRow

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


class VisitForm(forms.ModelForm[Visit]):
    class Meta:
        model = Visit
        field_classes = {"unit": ShownNameChoiceField}
        fields = [
            "title",
            "unit",
            "responsible",
            "partner",
            "kind",
            "purpose",
            "arrival",
            "departure",
            "places",
            "reception_level",
            "funding",
            "visa_needed",
            "leader_meets",
            "itinerary",
            "late_reason",
        ]
        widgets = {
            "arrival": DATE,
            "departure": DATE,
            "purpose": forms.Textarea(attrs={"rows": 3}),
            "itinerary": forms.Textarea(attrs={"rows": 4}),
            "late_reason": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(
        self,
        *args: Any,
        units: QuerySet[Unit] | None = None,
        responsibles: QuerySet[Person] | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        if units is not None:
            model_choice(self, "unit").queryset = units
        if responsibles is not None:
            # Whoever answers for it already stays choosable.
            allowed = Q(pk__in=responsibles.values("pk"))
            if self.instance.responsible_id:
                allowed |= Q(pk=self.instance.responsible_id)
            model_choice(self, "responsible").queryset = Person.objects.filter(allowed)
        search_by_typing(self.fields["responsible"], "visit_responsible")
        model_choice(self, "partner").queryset = Institution.objects.order_by("name_en")
        search_by_typing(self.fields["partner"], "partners")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or self.cleaned_data
        arrival, departure = data.get("arrival"), data.get("departure")
        if arrival and departure and departure < arrival:
            self.add_error("departure", _("The departure must not be before arrival."))
        return data


class BudgetLineForm(forms.ModelForm[BudgetLine]):
    class Meta:
        model = BudgetLine
        fields = ["item", "description", "amount"]


BudgetFormSet = inlineformset_factory(
    Visit, BudgetLine, form=BudgetLineForm, extra=1, can_delete=True, min_num=0
)


def budget_rows(
    formset: BaseInlineFormSet[BudgetLine, Visit, BudgetLineForm],
) -> list[BudgetRow]:
    """The lines a valid budget formset keeps, as the service takes them."""
    rows: list[BudgetRow] = []
    for form in formset.forms:
        data = form.cleaned_data
        if not data or data.get("DELETE"):
            continue
        line = data.get("id")
        rows.append(
            {
                "id": line.pk if line is not None else None,
                "item": data["item"],
                "description": data["description"],
                "amount": data["amount"],
            }
        )
    return rows


class GuestForm(forms.Form):
    """A guest as the consulate and the office need them; someone who came before is found
    again by passport, or by names, date of birth and nationality."""

    family_name = forms.CharField(label=_("family name"), max_length=100, required=False)
    given_name = forms.CharField(label=_("given name"), max_length=150, required=False)
    name_zh = forms.CharField(label=_("Chinese name"), max_length=100, required=False)
    sex = forms.ChoiceField(label=_("sex"), choices=[("", "—"), *Sex.choices], required=False)
    birth_date = forms.DateField(label=_("date of birth"), required=False, widget=DATE)
    nationality = ShownNameChoiceField(
        label=_("nationality"), queryset=Country.objects.all(), required=False
    )
    passport_number = forms.CharField(label=_("passport number"), max_length=60, required=False)
    passport_expiry = forms.DateField(label=_("passport expires on"), required=False, widget=DATE)
    organisation = forms.CharField(label=_("organisation"), max_length=300, required=False)
    title = forms.CharField(label=_("title or position"), max_length=200, required=False)
    rank = forms.ChoiceField(label=_("rank"), choices=GuestRank.choices, initial=GuestRank.OTHER)
    role = forms.ChoiceField(
        label=_("role in the delegation"), choices=GuestRole.choices, initial=GuestRole.MEMBER
    )
    email = forms.EmailField(label=_("e-mail"), required=False)


class ReasonForm(forms.Form):
    late_reason = forms.CharField(
        label=_("Why it is filed late"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class ItineraryItemForm(forms.ModelForm[ItineraryItem]):
    """An item of the itinerary; the people taking part are the university's own."""

    class Meta:
        model = ItineraryItem
        fields = [
            "kind",
            "title",
            "starts_at",
            "ends_at",
            "place",
            "present",
            "escorts",
            "interpreters",
            "notes",
        ]
        widgets = {
            "starts_at": DATETIME,
            "ends_at": DATETIME,
            "notes": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(
        self, *args: Any, participants: QuerySet[Person] | None = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        for name in ("present", "escorts", "interpreters"):
            field = model_choice(self, name)
            if participants is not None:
                # Whoever takes part already stays choosable.
                allowed = Q(pk__in=participants.values("pk"))
                if self.instance.pk:
                    allowed |= Q(pk__in=getattr(self.instance, name).values("pk"))
                field.queryset = Person.objects.filter(allowed)
            search_by_typing(field, "visit_participants")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or self.cleaned_data
        starts, ends = data.get("starts_at"), data.get("ends_at")
        if starts and ends and ends < starts:
            self.add_error("ends_at", _("An item must not end before it starts."))
        return data


class LodgingForm(forms.ModelForm[Guest]):
    """Where a guest stays; outside a hotel, the accommodation registration."""

    class Meta:
        model = Guest
        fields = ["lodging", "lodging_address", "registered_on", "registration_number"]
        widgets = {"registered_on": DATE}


class CostForm(forms.ModelForm[Cost]):
    class Meta:
        model = Cost
        fields = ["item", "description", "spent_on", "people", "amount"]
        widgets = {"spent_on": DATE}


class StandardReasonForm(forms.Form):
    standard = forms.ChoiceField(choices=Standard.choices, widget=forms.HiddenInput)
    reason = forms.CharField(
        label=_("Why the visit goes over this standard"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class GiftForm(forms.ModelForm[Gift]):
    class Meta:
        model = Gift
        fields = ["direction", "guest", "counterpart", "description", "value", "given_on"]
        widgets = {"given_on": DATE}

    def __init__(self, *args: Any, visit: Visit, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        guests = model_choice(self, "guest")
        guests.queryset = Guest.objects.filter(visit=visit).select_related("person")
        choice_labels(guests, lambda guest: guest.person.display_name)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or self.cleaned_data
        if not data.get("guest") and not (data.get("counterpart") or "").strip():
            self.add_error("counterpart", _("Say to or from whom: a guest, or another person."))
        return data


class SummaryForm(forms.Form):
    text = forms.CharField(
        label=_("summary"),
        help_text=_("What was done, agreed and achieved; what follows."),
        widget=forms.Textarea(attrs={"rows": 8}),
    )


class PhotoForm(forms.Form):
    image = forms.FileField(
        label=_("photo"),
        validators=[UploadValidator(*PHOTOS)],
        help_text=_("JPEG or PNG."),
    )
    caption = forms.CharField(label=_("caption"), max_length=300, required=False)


class AuthorisedLetterForm(forms.ModelForm[AuthorisedLetter]):
    class Meta:
        model = AuthorisedLetter
        fields = [
            "authority",
            "filed_on",
            "issued_on",
            "number",
            "departure_registered_on",
            "notes",
        ]
        widgets = {
            "filed_on": DATE,
            "issued_on": DATE,
            "departure_registered_on": DATE,
            "notes": forms.Textarea(attrs={"rows": 2}),
        }
