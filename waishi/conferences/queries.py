"""Reads of the conferences app, scoped to the user asking: the only door to conferences."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from waishi.conferences.models import Conference, ConferenceVersion
from waishi.core.models import AnyUser
from waishi.core.permissions import reads_everything, unit_ids_of


def conferences_for_user(user: AnyUser | None) -> QuerySet[Conference]:
    """Conferences a user may see: all for the office and those who read every register;
    those of their units (and the units beneath) for everyone else, and those they filed.
    Approvers see what is sent to them through the engine's inbox and the unit scope."""
    conferences = Conference.objects.select_related(
        "unit", "applicant", "responsible", "current_version"
    )
    if not (user and user.is_authenticated):
        return conferences.none()
    if reads_everything(user):
        return conferences
    return conferences.filter(Q(applicant=user) | Q(unit_id__in=unit_ids_of(user)))


def versions_for_user(user: AnyUser | None) -> QuerySet[ConferenceVersion]:
    """Versions of the conferences the user may see."""
    return ConferenceVersion.objects.filter(conference__in=conferences_for_user(user).values("pk"))
