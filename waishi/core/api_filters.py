"""The API's filter backend (kept apart from `waishi.core.api`: DRF imports it while it
builds its own views)."""

from __future__ import annotations

from typing import Any

from django_filters.rest_framework import DjangoFilterBackend
from rest_framework.request import Request

from waishi.core.listing import bound_numbers


class FilterBackend(DjangoFilterBackend):
    """Every API list's filters, checked as the list pages check them
    (`waishi.core.listing.bound_numbers`): a bad value answers 400 naming the filter and
    what it takes."""

    def get_filterset(self, request: Request, queryset: Any, view: Any) -> Any:
        found = super().get_filterset(request, queryset, view)
        return None if found is None else bound_numbers(found)
