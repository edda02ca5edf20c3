"""The API's filter backend (kept apart from `waishi.core.api`: DRF imports it while it
builds its own views)."""

from __future__ import annotations

from typing import Any

import django_filters.rest_framework
from django.db.models import QuerySet
from django.http import HttpRequest
from django_filters.rest_framework import DjangoFilterBackend

from waishi.core.listing import bound_numbers


class FilterBackend(DjangoFilterBackend):
    """Every API list's filters, checked as the list pages check them
    (`waishi.core.listing.bound_numbers`): a bad value answers 400 naming the filter and
    what it takes."""

    def get_filterset(
        self, request: HttpRequest, queryset: QuerySet[Any], view: Any
    ) -> django_filters.rest_framework.FilterSet | None:
        found = super().get_filterset(request, queryset, view)
        return None if found is None else bound_numbers(found)
