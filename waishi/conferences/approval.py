"""A conference version's approval chain, declared to the workflow engine (`waishi.workflow`):

head of the organising unit → international office (the unit with that duty) → the university
leader in charge, for a major conference (its size class, `services.size_class`).

The subject of a request is the version: the declaration is version 1, each change after
approval a new version approved again, so every decision stays with what it decided. The
engine stores the steps, notifies approvers and the applicant and keeps the decisions; a
version is decided only in its approval panel (the conference's page) and the inbox. Its
callbacks move the version's and the conference's own state.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from waishi.conferences.enums import ConferenceStatus, StepKind, VersionStatus
from waishi.conferences.models import ConferenceVersion
from waishi.conferences.search import search_text_refresh
from waishi.core import clock
from waishi.core.enums import Role, UnitDuty
from waishi.workflow import chains

if TYPE_CHECKING:
    from waishi.workflow.models import ApprovalRequest

KIND = "conferences.version"


def set_status(version: ConferenceVersion, version_status: str, conference_status: str) -> None:
    version.status = version_status
    version.save()
    conference = version.conference
    conference.status = conference_status
    conference.save()


def _submitted(version: ConferenceVersion, request: ApprovalRequest) -> None:
    set_status(
        version,
        VersionStatus.IN_APPROVAL,
        ConferenceStatus.CHANGING if version.number > 1 else ConferenceStatus.IN_APPROVAL,
    )


def _approved(version: ConferenceVersion, request: ApprovalRequest) -> None:
    with transaction.atomic():
        version.approved_on = clock.today()
        # Each one saved, so its history says when it was superseded.
        for earlier in ConferenceVersion.objects.filter(
            conference_id=version.conference_id,
            status=VersionStatus.APPROVED,
            number__lt=version.number,
        ):
            earlier.status = VersionStatus.SUPERSEDED
            earlier.save()
        set_status(version, VersionStatus.APPROVED, ConferenceStatus.APPROVED)


def back_to_approved(version: ConferenceVersion, version_status: str) -> None:
    """A change not approved: the version approved before stays in force."""
    conference = version.conference
    approved = conference.approved_version()
    version.status = version_status
    version.save()
    conference.status = ConferenceStatus.APPROVED
    conference.current_version = approved
    conference.save()
    search_text_refresh([conference.pk])


def _returned(version: ConferenceVersion, request: ApprovalRequest) -> None:
    set_status(
        version,
        VersionStatus.RETURNED,
        ConferenceStatus.CHANGING if version.number > 1 else ConferenceStatus.RETURNED,
    )


def _rejected(version: ConferenceVersion, request: ApprovalRequest) -> None:
    if version.number > 1:
        back_to_approved(version, VersionStatus.REJECTED)
    else:
        set_status(version, VersionStatus.REJECTED, ConferenceStatus.REJECTED)


def _withdrawn(version: ConferenceVersion, request: ApprovalRequest) -> None:
    if version.number > 1:
        back_to_approved(version, VersionStatus.WITHDRAWN)
    else:
        set_status(version, VersionStatus.WITHDRAWN, ConferenceStatus.CANCELLED)


def register() -> None:
    """Declare the version's request type to the engine (AppConfig.ready())."""
    chains.register(
        chains.RequestType(
            name=KIND,
            label=_("International conference"),
            steps=(
                chains.Step(
                    StepKind.UNIT_HEAD,
                    StepKind.UNIT_HEAD.label,
                    Role.UNIT_HEAD,
                    chains.APPLICANT_UNIT,
                ),
                chains.Step(
                    StepKind.OFFICE,
                    StepKind.OFFICE.label,
                    Role.OFFICE_STAFF,
                    chains.unit_with_duty(UnitDuty.INTERNATIONAL_OFFICE),
                ),
                chains.Step(
                    StepKind.LEADER,
                    StepKind.LEADER.label,
                    Role.UNIVERSITY_LEADER,
                    chains.ANY_UNIT,
                    condition=lambda version: version.is_major,
                ),
            ),
            # The request stays the filer's, whoever of the unit or the office sends it.
            subject=chains.SubjectAdapter(
                title=lambda version: str(version),
                unit=lambda version: version.conference.unit,
                applicant=lambda version: version.conference.applicant,
                url=lambda version: version.conference.get_absolute_url(),
            ),
            on_submitted=_submitted,
            on_approved=_approved,
            on_returned=_returned,
            on_rejected=_rejected,
            on_withdrawn=_withdrawn,
        )
    )


def request_of(version: ConferenceVersion) -> ApprovalRequest | None:
    """The version's latest approval request, or None."""
    from waishi.workflow.queries import approval_for

    return approval_for(version, KIND)
