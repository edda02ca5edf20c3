"""Forms of a conference's participants and programme; each feeds one service
(`participants`, `programme`), which checks again."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from waishi.conferences.enums import ParticipantRole
from waishi.conferences.models import Conference, Participant
from waishi.core.forms import ShownNameChoiceField
from waishi.core.models import Country
from waishi.people.enums import Sex

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
TIME = forms.TimeInput(attrs={"type": "time"}, format="%H:%M")


class ParticipantForm(forms.Form):
    """A participant as the office and a consulate need them; someone who came before is
    found again by passport, or by names, date of birth and nationality."""

    family_name = forms.CharField(label=_("family name"), max_length=100, required=False)
    given_name = forms.CharField(label=_("given name"), max_length=150, required=False)
    name_zh = forms.CharField(label=_("Chinese name"), max_length=100, required=False)
    sex = forms.ChoiceField(label=_("sex"), choices=[("", "—"), *Sex.choices], required=False)
    birth_date = forms.DateField(label=_("date of birth"), required=False, widget=DATE)
    country = ShownNameChoiceField(label=_("country or region"), queryset=Country.objects.all())
    organisation = forms.CharField(label=_("organisation"), max_length=300, required=False)
    title = forms.CharField(label=_("title or position"), max_length=200, required=False)
    role = forms.ChoiceField(
        label=_("role at the conference"),
        choices=ParticipantRole.choices,
        initial=ParticipantRole.PARTICIPANT,
    )
    email = forms.EmailField(label=_("e-mail"), required=False)
    passport_number = forms.CharField(label=_("passport number"), max_length=60, required=False)
    passport_expiry = forms.DateField(label=_("passport expires on"), required=False, widget=DATE)
    needs_visa_letter = forms.BooleanField(
        label=_("needs a visa invitation letter"), required=False
    )


class ParticipantEditForm(forms.Form):
    """A participant's place in the conference; their name and birth date are the people
    register's (changed on the person's page)."""

    country = ShownNameChoiceField(label=_("country or region"), queryset=Country.objects.all())
    organisation = forms.CharField(label=_("organisation"), max_length=300, required=False)
    title = forms.CharField(label=_("title or position"), max_length=200, required=False)
    role = forms.ChoiceField(label=_("role at the conference"), choices=ParticipantRole.choices)
    passport_number = forms.CharField(label=_("passport number"), max_length=60, required=False)
    passport_expires_on = forms.DateField(
        label=_("passport expires on"), required=False, widget=DATE
    )
    needs_visa_letter = forms.BooleanField(
        label=_("needs a visa invitation letter"), required=False
    )


class SessionForm(forms.Form):
    day = forms.DateField(label=pgettext_lazy("programme", "day"), widget=DATE)
    starts = forms.TimeField(label=_("starts at"), widget=TIME)
    ends = forms.TimeField(label=_("ends at"), widget=TIME)
    room = forms.CharField(label=_("room"), max_length=200, required=False)
    title_zh = forms.CharField(label=_("title (Chinese)"), max_length=300, required=False)
    title_en = forms.CharField(label=_("title (English)"), max_length=300, required=False)
    chair = forms.CharField(label=_("chair"), max_length=200, required=False)


class TalkForm(forms.Form):
    starts = forms.TimeField(label=_("starts at"), widget=TIME)
    minutes = forms.IntegerField(label=_("duration (minutes)"), min_value=1, max_value=1440)
    title_zh = forms.CharField(label=_("title (Chinese)"), max_length=300, required=False)
    title_en = forms.CharField(label=_("title (English)"), max_length=300, required=False)
    speakers = forms.ModelMultipleChoiceField(
        label=_("speakers"), queryset=Participant.objects.none(), required=False
    )
    speaker_names = forms.CharField(
        label=_("other speakers"),
        max_length=500,
        required=False,
        help_text=_("Speakers who are not on the participant list, separated by semicolons."),
    )
    abstract = forms.CharField(
        label=_("abstract"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    language = forms.CharField(label=_("language"), max_length=20, required=False)

    def __init__(self, *args: Any, conference: Conference, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["speakers"]
        assert isinstance(field, forms.ModelMultipleChoiceField)
        field.queryset = conference.participants.select_related("person").order_by("pk")


class ScheduleUploadForm(forms.Form):
    """A schedule export: read in the request and never kept, so its content (JSON or XML
    text) is checked by the reader itself."""

    file = forms.FileField(
        label=_("Schedule export (schedule.json or schedule.xml)"),
        widget=forms.ClearableFileInput(attrs={"accept": ".json,.xml"}),
    )
    replace = forms.BooleanField(label=_("Replace the programme"), required=False)

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if upload.size > settings.UPLOAD_MAX_MB * 1024 * 1024:
            raise forms.ValidationError(
                _("The file is larger than %(max)s MB.") % {"max": settings.UPLOAD_MAX_MB}
            )
        return upload
