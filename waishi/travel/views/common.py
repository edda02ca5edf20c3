"""What every travel page shares: a trip the user may see, and errors shown as messages."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.shortcuts import get_object_or_404

from waishi.travel import queries
from waishi.travel.models import Trip


def show_errors(request: HttpRequest, error: ValidationError) -> None:
    for message in error.messages:
        messages.error(request, message)


def trip_or_404(request: HttpRequest, pk: int) -> Trip:
    return get_object_or_404(queries.trips_for_user(request.user), pk=pk)
