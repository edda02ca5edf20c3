from __future__ import annotations

from typing import Any, cast

from django import forms
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db.models import Model
from django.utils.translation import gettext_lazy as _
from django_stubs_ext import StrOrPromise

from waishi.agreements.models import Agreement
from waishi.core.clock import today
from waishi.core.forms import model_choice
from waishi.core.models import AnyUser
from waishi.core.widgets import search_by_typing
from waishi.partners.models import Institution
from waishi.plans import hooks
from waishi.plans.models import Plan, PlanActivity, PlanMember
from waishi.plans.validators import plan_check

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
LINK_CHOICES_PER_KIND = 200


class PlanForm(forms.ModelForm[Plan]):
    class Meta:
        model = Plan
        fields = [
            "name_zh",
            "name_en",
            "sponsor_zh",
            "sponsor_en",
            "starts_year",
            "ends_year",
            "description_zh",
            "description_en",
        ]
        widgets = {
            "description_zh": forms.Textarea(attrs={"rows": 4}),
            "description_en": forms.Textarea(attrs={"rows": 4}),
        }

    def clean(self) -> dict[str, Any]:
        data = super().clean() or self.cleaned_data
        try:
            plan_check(data)
        except ValidationError as error:
            for field, messages in error.message_dict.items():
                if field not in self.errors:
                    self.add_error(field if field in self.fields else None, messages)
        return data


class PlanEndForm(forms.Form):
    ended_on = forms.DateField(label=_("Ended on"), widget=DATE, initial=today)
    reason = forms.CharField(
        label=_("Reason"), max_length=500, widget=forms.Textarea(attrs={"rows": 3})
    )


class MemberForm(forms.ModelForm[PlanMember]):
    class Meta:
        model = PlanMember
        fields = ["institution", "role", "joined_on", "notes"]
        widgets = {"joined_on": DATE}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        model_choice(self, "institution").queryset = Institution.objects.select_related("country")
        search_by_typing(self.fields["institution"], "partners")


class ActivityForm(forms.ModelForm[PlanActivity]):
    linked = forms.ChoiceField(label=_("Linked record"), required=False)

    class Meta:
        model = PlanActivity
        fields = ["date", "kind", "description", "institutions", "agreements"]
        widgets = {
            "agreements": forms.SelectMultiple(attrs={"size": 6}),
            "date": DATE,
            "description": forms.Textarea(attrs={"rows": 3}),
            "institutions": forms.SelectMultiple(attrs={"size": 6}),
        }

    def __init__(self, *args: Any, user: AnyUser | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        model_choice(self, "institutions").queryset = Institution.objects.select_related("country")
        search_by_typing(self.fields["institutions"], "partners", size=6)
        self.fields["institutions"].help_text = _("Hold Ctrl (⌘ on a Mac) to choose several.")
        model_choice(self, "agreements").queryset = Agreement.objects.order_by(
            "-signed_on", "name_zh"
        )
        search_by_typing(self.fields["agreements"], "agreements", size=6)
        self.fields["agreements"].help_text = _("Hold Ctrl (⌘ on a Mac) to choose several.")
        self._records: dict[str, Model] = {}
        choices: list[tuple[str, StrOrPromise | list[tuple[str, str]]]] = [("", _("None"))]
        for linkable in hooks.linkables():
            content_type = ContentType.objects.get_for_model(linkable.model)
            group = []
            for record in linkable.records_for_user(user)[:LINK_CHOICES_PER_KIND]:
                key = f"{content_type.pk}:{record.pk}"
                self._records[key] = record
                group.append((key, str(record)))
            if group:
                choices.append((str(linkable.label), group))
        if len(choices) == 1:
            # No later app offers records yet: nothing to link.
            del self.fields["linked"]
        else:
            cast("forms.ChoiceField", self.fields["linked"]).choices = choices
            if self.instance.pk and self.instance.linked_id:
                self.initial["linked"] = f"{self.instance.linked_type_id}:{self.instance.linked_id}"

    def clean_linked(self) -> Model | None:
        key = self.cleaned_data.get("linked")
        if not key:
            return None
        if key not in self._records:
            raise ValidationError(_("Choose a record you may see."))
        return self._records[key]
