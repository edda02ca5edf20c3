"""Forms of agreements. They parse input; the rules live in `validators.py`, which the forms
call in clean() so the page, the API and the import refuse the same input the same way."""

from __future__ import annotations

import datetime
from collections.abc import Collection
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext_lazy as _

from waishi.agreements import queries
from waishi.agreements.enums import DocumentKind
from waishi.agreements.models import Agreement
from waishi.agreements.validators import agreement_check, document_check
from waishi.core.clock import today
from waishi.core.forms import ShownNameMultipleChoiceField, choice_labels, model_choice
from waishi.core.models import Unit
from waishi.core.widgets import search_by_typing
from waishi.partners.models import Institution

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class AgreementForm(forms.ModelForm[Agreement]):
    parties = forms.ModelMultipleChoiceField(
        queryset=Institution.objects.none(),
        label=_("Partner institutions"),
        help_text=_("One or more. Hold Ctrl (⌘ on a Mac) to choose several."),
    )
    units = ShownNameMultipleChoiceField(
        queryset=Unit.objects.none(),
        label=_("Home units involved"),
        required=False,
        help_text=_("Their liaisons and heads see the agreement and get its reminders."),
    )

    class Meta:
        model = Agreement
        fields = [
            "name_zh",
            "name_en",
            "kind",
            "reference",
            "parties",
            "units",
            "home_signatory",
            "partner_signatories",
            "signed_on",
            "in_force_from",
            "expires_on",
            "renews_automatically",
            "notice_days",
            "places_outgoing",
            "places_incoming",
            "responsible",
            "renews",
            "notes",
        ]
        widgets = {
            "signed_on": DATE,
            "in_force_from": DATE,
            "expires_on": DATE,
            "notes": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        model_choice(self, "parties").queryset = Institution.objects.select_related(
            "country"
        ).order_by("name_en")
        choice_labels(model_choice(self, "parties"), lambda i: f"{i.name} ({i.country.name})")
        search_by_typing(self.fields["parties"], "partners", size=8)
        model_choice(self, "units").queryset = Unit.objects.filter(is_active=True)
        choice_labels(model_choice(self, "units"), lambda u: u.name)
        self.fields["units"].widget.attrs.update(
            size=6, **{"data-filter-placeholder": _("Type to find a unit…")}
        )
        model_choice(self, "responsible").queryset = queries.office_people()
        choice_labels(model_choice(self, "responsible"), lambda u: u.full_name or u.username)
        renews = Agreement.objects.order_by("-signed_on", "-pk")
        if self.instance.pk:
            renews = renews.exclude(pk=self.instance.pk)
        model_choice(self, "renews").queryset = renews
        search_by_typing(self.fields["renews"], "agreements")
        if self.instance.pk:
            self.initial.setdefault("parties", list(self.instance.parties.all()))
            self.initial.setdefault("units", list(self.instance.units.all()))

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or self.cleaned_data
        if not self.errors:
            try:
                agreement_check(cleaned)
            except ValidationError as error:
                for field, messages in error.message_dict.items():
                    self.add_error(field if field in self.fields else None, messages)
        return cleaned

    def validate_constraints(self, exclude: Collection[str] | None = None) -> None:
        # The dates are checked by agreement_check with clearer messages.
        return None


class AgreementTerminateForm(forms.Form):
    terminated_on = forms.DateField(label=_("Ends on"), widget=DATE)
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["terminated_on"].initial = today()


class AgreementRenewForm(forms.Form):
    signed_on = forms.DateField(label=_("Signed on"), widget=DATE, required=False)
    in_force_from = forms.DateField(label=_("In force from"), widget=DATE, required=False)
    expires_on = forms.DateField(
        label=_("Expires on"),
        widget=DATE,
        required=False,
        help_text=_("The last day it is valid. Leave empty when it is indefinite."),
    )

    def __init__(self, *args: Any, old: Agreement, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.old = old
        if old.expires_on:
            self.fields["in_force_from"].initial = old.expires_on + datetime.timedelta(days=1)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or self.cleaned_data
        try:
            agreement_check(cleaned)
        except ValidationError as error:
            for field, messages in error.message_dict.items():
                self.add_error(field if field in self.fields else None, messages)
        return cleaned


class DocumentForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Kind"), choices=DocumentKind.choices, initial=DocumentKind.SIGNED
    )
    file = forms.FileField(
        label=_("File"),
        help_text=_("PDF or Word (.pdf, .docx, .doc)."),
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.docx,.doc"}),
    )
    note = forms.CharField(label=_("Note"), max_length=300, required=False)

    def clean_file(self) -> UploadedFile:
        upload: UploadedFile = self.cleaned_data["file"]
        document_check(upload)
        return upload
