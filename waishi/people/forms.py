from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from waishi.core.forms import ShownNameChoiceField, model_choice
from waishi.core.models import AnyUser, Unit, User
from waishi.core.permissions import reads_everything, unit_ids_of
from waishi.people import validators
from waishi.people.models import IdentityDocument, Person
from waishi.people.services import DOCUMENT_FIELDS, PERSON_FIELDS


class PersonForm(forms.ModelForm):
    class Meta:
        model = Person
        field_classes = {"nationality": ShownNameChoiceField, "unit": ShownNameChoiceField}
        fields = list(PERSON_FIELDS)
        widgets = {
            "birth_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "notes": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args: Any, user: AnyUser | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        units = Unit.objects.filter(is_active=True)
        if user is not None and not reads_everything(user):
            # A unit's liaison or head files people of their own units only.
            units = units.filter(pk__in=unit_ids_of(user))
            self.fields["unit"].required = True
        model_choice(self, "unit").queryset = units
        if user is not None and user.has_perm("people.link_account"):
            taken = Person.objects.exclude(pk=self.instance.pk).exclude(user=None)
            model_choice(self, "user").queryset = User.objects.filter(is_active=True).exclude(
                pk__in=taken.values("user_id")
            )
        else:
            del self.fields["user"]

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        _show(self, validators.person_check, data)
        return data

    def save(self, commit: bool = True) -> Person:  # pragma: no cover - views use services
        raise NotImplementedError("people are written through services")


class DocumentForm(forms.ModelForm):
    class Meta:
        model = IdentityDocument
        field_classes = {"issuing_country": ShownNameChoiceField}
        fields = list(DOCUMENT_FIELDS)
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
        return validators.document_number(self.cleaned_data["number"])

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        instance = self.instance if self.instance.pk else None
        _show(self, lambda values: validators.document_check(values, instance), data)
        return data

    def save(self, commit: bool = True) -> IdentityDocument:  # pragma: no cover
        raise NotImplementedError("documents are written through services")


def _show(
    form: forms.BaseForm, check: Callable[[dict[str, Any]], None], data: dict[str, Any]
) -> None:
    """Run a rule of `validators.py` on the form's data; its refusals show on the form (the
    service checks the same rule again)."""
    try:
        check(data)
    except ValidationError as error:
        for field, messages in error.message_dict.items():
            if field not in form.errors:
                form.add_error(field if field in form.fields else None, messages)
