from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from waishi.core import clock
from waishi.core.forms import model_choice
from waishi.core.models import User
from waishi.workflow.enums import Action
from waishi.workflow.models import Delegation


class DecisionForm(forms.Form):
    action = forms.ChoiceField(choices=[(a, a) for a in Action.decisions()])
    comment = forms.CharField(required=False, max_length=4000)
    step = forms.IntegerField(required=False)


class DelegationForm(forms.ModelForm[Delegation]):
    class Meta:
        model = Delegation
        fields = ["delegate", "starts_on", "ends_on", "note"]
        widgets = {
            "starts_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "ends_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user
        model_choice(self, "delegate").queryset = User.objects.filter(is_active=True).exclude(
            pk=user.pk
        )
        self.fields["delegate"].help_text = _(
            "The colleague decides your steps while you are away; they must be able to judge them."
        )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or self.cleaned_data
        starts, ends = data.get("starts_on"), data.get("ends_on")
        if starts and ends and ends < starts:
            self.add_error("ends_on", _("The last day must not be before the first."))
        if ends and ends < clock.today():
            self.add_error("ends_on", _("The delegation would already be over."))
        return data

    def save(self, commit: bool = True) -> Delegation:
        self.instance.delegator = self.user
        delegation: Delegation = super().save(commit)
        return delegation
