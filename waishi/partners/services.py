"""Writes of partner institutions."""

from __future__ import annotations

from waishi.partners.models import Institution
from waishi.partners.search import search_text


def institution_search_refresh(institution: Institution) -> None:
    """Recompute the folded search text from every name of the institution (call after its
    names or other names change)."""
    names = [institution.name_en, institution.name_zh]
    if institution.pk:
        names += list(institution.other_names.values_list("name", flat=True))
    text = search_text(names)
    if text != institution.search_text:
        institution.search_text = text
        if institution.pk:
            Institution.objects.filter(pk=institution.pk).update(search_text=text)
