"""The public registration form and the queue's rejection form; the services check again."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from waishi.conferences.participant_forms import DATE
from waishi.core.forms import ShownNameChoiceField
from waishi.core.models import Country
from waishi.people.enums import Sex


class RegistrationForm(forms.Form):
    """What a visitor gives; a visa letter needs the passport's data too. `website` is a
    field no person sees (a robot fills it in) and `shown` the signed time the form was
    shown."""

    family_name = forms.CharField(
        label=_("family name (as in your passport)"), max_length=100, required=False
    )
    given_name = forms.CharField(
        label=_("given name (as in your passport)"), max_length=150, required=False
    )
    name_zh = forms.CharField(label=_("Chinese name"), max_length=100, required=False)
    email = forms.EmailField(label=_("e-mail"), max_length=254)
    country = ShownNameChoiceField(label=_("country or region"), queryset=Country.objects.all())
    organisation = forms.CharField(label=_("organisation"), max_length=300)
    needs_visa_letter = forms.BooleanField(
        label=_("I need a visa invitation letter"), required=False
    )
    passport_number = forms.CharField(label=_("passport number"), max_length=60, required=False)
    passport_expires_on = forms.DateField(
        label=_("passport expires on"), required=False, widget=DATE
    )
    birth_date = forms.DateField(label=_("date of birth"), required=False, widget=DATE)
    sex = forms.ChoiceField(label=_("gender"), choices=[("", "—"), *Sex.choices], required=False)
    website = forms.CharField(
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )
    shown = forms.CharField(required=False, widget=forms.HiddenInput)


class RejectForm(forms.Form):
    reason = forms.CharField(
        label=_("reason for rejection"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
