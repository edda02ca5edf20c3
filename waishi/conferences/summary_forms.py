"""Forms of the conference's summary (the checks that need the office's rules are the
services')."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from waishi.conferences.models import Summary
from waishi.conferences.summary import PHOTOS
from waishi.core import uploads
from waishi.core.uploads import UploadValidator


class SummaryForm(forms.ModelForm[Summary]):
    class Meta:
        model = Summary
        fields = ["review", "actual_total", "actual_foreign", "actual_countries", "proceedings"]
        widgets = {"review": forms.Textarea(attrs={"rows": 16})}
        help_texts = {"proceedings": _("PDF, Word or an image; optional.")}

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["proceedings"].validators = [UploadValidator(*uploads.LETTERS)]


class PhotoForm(forms.Form):
    image = forms.FileField(
        label=_("photo"), validators=[UploadValidator(*PHOTOS)], help_text=_("JPEG or PNG.")
    )
    caption = forms.CharField(label=_("caption"), max_length=300)
