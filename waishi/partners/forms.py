"""Forms of the partner registry. They parse input; the rules (duplicates, one primary
contact) live in services, which the forms call in clean() so the page and the API refuse the
same input with the same message."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from waishi.core.clock import today
from waishi.core.forms import ShownNameChoiceField, choice_labels, model_choice
from waishi.core.models import AnyUser, Country
from waishi.partners import queries, services
from waishi.partners.models import Contact, Institution, InstitutionName


class InstitutionForm(forms.ModelForm[Institution]):
    duplicate: Institution | None = None
    website = forms.URLField(
        label=_("Website"), required=False, max_length=200, assume_scheme="https"
    )

    class Meta:
        model = Institution
        field_classes = {"country": ShownNameChoiceField}
        fields = list(services.INSTITUTION_FIELDS)
        widgets = {
            "partner_since": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "notes": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        model_choice(self, "country").queryset = Country.objects.all()
        choice_labels(model_choice(self, "country"), lambda c: f"{c.name} ({c.code})")
        model_choice(self, "responsible").queryset = queries.office_people()
        choice_labels(model_choice(self, "responsible"), lambda u: u.full_name or u.username)
        self.fields["name_zh"].help_text = _("Leave empty when the institution has none yet.")

    def clean(self) -> dict[str, Any]:
        super().clean()
        cleaned = self.cleaned_data
        if "name_en" in cleaned and "country" in cleaned:
            try:
                services.institution_check(
                    cleaned, instance=self.instance if self.instance.pk else None
                )
            except services.DuplicateInstitution as error:
                self.duplicate = error.existing
                raise ValidationError(
                    _("An institution with this name already exists in this country."),
                    code="duplicate",
                ) from error
        return cleaned

    def validate_unique(self) -> None:
        # The model's unique constraint is checked by the service with a better message.
        if self.duplicate is None:
            super().validate_unique()


class InstitutionEndForm(forms.Form):
    ended_on = forms.DateField(
        label=_("Ended on"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    reason = forms.CharField(
        label=_("Reason"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=1000,
        help_text=_("Kept in the partner's history."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["ended_on"].initial = today()


class MergeChooseForm(forms.Form):
    duplicate = forms.ModelChoiceField(
        queryset=Institution.objects.none(),
        label=_("The duplicate record"),
        widget=forms.HiddenInput,
    )

    def __init__(self, *args: Any, survivor: Institution, user: AnyUser, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = model_choice(self, "duplicate")
        field.queryset = (
            queries.institutions_for_user(user).exclude(pk=survivor.pk).order_by("name_en")
        )


class ContactForm(forms.ModelForm[Contact]):
    class Meta:
        model = Contact
        fields = list(services.CONTACT_FIELDS)
        widgets = {"notes": forms.Textarea(attrs={"rows": 3})}

    def validate_constraints(self) -> None:
        # One primary contact: the service moves the mark instead of refusing.
        return None


class OtherNameForm(forms.ModelForm[InstitutionName]):
    class Meta:
        model = InstitutionName
        fields = ["name", "kind"]

    def __init__(self, *args: Any, institution: Institution, **kwargs: Any) -> None:
        self.institution = institution
        super().__init__(*args, **kwargs)

    def clean_name(self) -> str:
        try:
            return services._check_other_name(
                self.institution, self.cleaned_data["name"], exclude_pk=self.instance.pk
            )
        except ValidationError as error:
            raise ValidationError(error.message_dict["name"]) from error

    def validate_constraints(self) -> None:
        return None

    def validate_unique(self) -> None:
        return None
