from typing import Any

from django import forms
from django.core.exceptions import ValidationError

from waishi.public.models import PageText
from waishi.public.services import page_text_check


class PageTextForm(forms.ModelForm[PageText]):
    class Meta:
        model = PageText
        fields = ["heading_zh", "heading_en", "text_zh", "text_en", "as_list", "position"]
        widgets = {
            "text_zh": forms.Textarea(attrs={"rows": 8}),
            "text_en": forms.Textarea(attrs={"rows": 8}),
        }

    def clean(self) -> dict[str, Any]:
        super().clean()
        cleaned = self.cleaned_data
        try:
            page_text_check(cleaned)
        except ValidationError as error:
            for field, messages in error.message_dict.items():
                for message in messages:
                    self.add_error(field, message)
        return cleaned
