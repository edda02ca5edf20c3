from __future__ import annotations

from collections.abc import Sequence
from typing import Any, cast

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _
from django_stubs_ext import StrOrPromise

from waishi.agreements.models import Agreement
from waishi.core.clock import today
from waishi.core.enums import Role
from waishi.core.forms import ShownNameChoiceField, choice_labels, model_choice
from waishi.core.models import Unit, User
from waishi.core.widgets import search_by_typing
from waishi.partners.models import Institution
from waishi.programs.enums import ProgramStatus
from waishi.programs.models import Cohort, Program
from waishi.programs.validators import cohort_check, program_check


def office_users() -> QuerySet[User]:
    """The people who may be responsible for a record in the office."""
    return User.objects.filter(
        is_active=True, groups__name__in=[Role.OFFICE_STAFF, Role.OFFICE_DIRECTOR]
    ).distinct()


DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class ProgramForm(forms.ModelForm[Program]):
    class Meta:
        model = Program
        field_classes = {"home_unit": ShownNameChoiceField}
        fields = [
            "name_zh",
            "name_en",
            "partners",
            "agreement",
            "home_unit",
            "level",
            "mode",
            "discipline",
            "approval_number",
            "approval_date",
            "valid_until",
            "annual_quota",
            "tuition",
            "status",
            "responsible",
            "notes",
        ]
        widgets = {
            "approval_date": DATE,
            "valid_until": DATE,
            "partners": forms.SelectMultiple(attrs={"size": 8}),
            "notes": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        model_choice(self, "partners").queryset = Institution.objects.select_related(
            "country"
        ).order_by("name_en")
        choice_labels(model_choice(self, "partners"), lambda i: f"{i.name} ({i.country.name})")
        search_by_typing(self.fields["partners"], "partners", size=8)
        self.fields["partners"].help_text = _("Hold Ctrl (⌘ on a Mac) to choose several.")
        model_choice(self, "agreement").queryset = Agreement.objects.order_by(
            "-signed_on", "name_zh"
        )
        search_by_typing(self.fields["agreement"], "agreements")
        model_choice(self, "home_unit").queryset = Unit.objects.filter(is_active=True)
        status_choices: Sequence[tuple[str, StrOrPromise]] = ProgramStatus.editable()
        if self.instance.pk and self.instance.status == ProgramStatus.ENDED:
            status_choices = ProgramStatus.choices
        cast("forms.ChoiceField", self.fields["status"]).choices = status_choices
        model_choice(self, "responsible").queryset = office_users()

    def clean(self) -> dict[str, Any]:
        data = super().clean() or self.cleaned_data
        try:
            program_check(data, instance=self.instance if self.instance.pk else None)
        except ValidationError as error:
            for field, messages in error.message_dict.items():
                if field not in self.errors:
                    self.add_error(field if field in self.fields else None, messages)
        return data

    def save(self, commit: bool = True) -> Program:  # pragma: no cover - views use services
        raise NotImplementedError("programs are written through services")


class ProgramEndForm(forms.Form):
    ended_on = forms.DateField(label=_("Ended on"), widget=DATE, initial=today)
    reason = forms.CharField(
        label=_("Reason"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("E.g. the approval lapsed, or the partner withdrew."),
    )


class CohortForm(forms.ModelForm[Cohort]):
    class Meta:
        model = Cohort
        fields = ["intake_year", "quota", "enrolled", "transferred_abroad", "graduated", "notes"]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or self.cleaned_data
        try:
            cohort_check(data)
        except ValidationError as error:
            for field, messages in error.message_dict.items():
                if field not in self.errors:
                    self.add_error(field if field in self.fields else None, messages)
        return data
