from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from waishi.core.models import Unit, User
from waishi.core.permissions import reads_everything, unit_ids_of
from waishi.people.models import IdentityDocument, Person


class PersonForm(forms.ModelForm):
    class Meta:
        model = Person
        fields = [
            "name_zh",
            "family_name",
            "given_name",
            "passport_name",
            "sex",
            "birth_date",
            "nationality",
            "email",
            "phone",
            "unit",
            "position",
            "user",
            "notes",
        ]
        widgets = {
            "birth_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "notes": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args: Any, user: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        units = Unit.objects.filter(is_active=True)
        if user is not None and not reads_everything(user):
            # A unit's liaison or head files people of their own units only.
            units = units.filter(pk__in=unit_ids_of(user))
            self.fields["unit"].required = True
        self.fields["unit"].queryset = units
        if user is not None and user.has_perm("people.link_account"):
            taken = Person.objects.exclude(pk=self.instance.pk).exclude(user=None)
            self.fields["user"].queryset = User.objects.filter(is_active=True).exclude(
                pk__in=taken.values("user_id")
            )
        else:
            del self.fields["user"]

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if not any(data.get(f) for f in ("name_zh", "family_name", "given_name", "passport_name")):
            raise forms.ValidationError(_("Give at least one name: Chinese, family or given."))
        if data.get("passport_name"):
            data["passport_name"] = data["passport_name"].strip().upper()
        return data


class DocumentForm(forms.ModelForm):
    class Meta:
        model = IdentityDocument
        fields = ["kind", "number", "issuing_country", "issued_on", "expires_on", "scan", "notes"]
        widgets = {
            "issued_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "expires_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "scan": forms.ClearableFileInput(attrs={"accept": ".pdf,.jpg,.jpeg,.png"}),
        }

    def __init__(self, *args: Any, person: Person, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.person = person
        self.fields["scan"].help_text = _("PDF, JPEG or PNG, at most %(mb)s MB.") % {
            "mb": settings.UPLOAD_MAX_MB
        }

    def clean_number(self) -> str:
        number = "".join(self.cleaned_data["number"].split()).upper()
        if not number:
            raise forms.ValidationError(_("Enter the document number."))
        return number

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        issued, expires = data.get("issued_on"), data.get("expires_on")
        if issued and expires and expires <= issued:
            self.add_error("expires_on", _("The expiry date must be after the date of issue."))
        kind, number = data.get("kind"), data.get("number")
        if kind and number:
            clash = IdentityDocument.objects.filter(kind=kind, number=number).exclude(
                pk=self.instance.pk
            )
            if clash.exists():
                self.add_error("number", _("A document of this kind with this number exists."))
        return data

    def save(self, commit: bool = True) -> IdentityDocument:
        self.instance.person = self.person
        return super().save(commit)
