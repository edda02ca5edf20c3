"""Every write of the travel app: submit, decide, change, passports, return, report, gate.

Each function is atomic, writes history (django-simple-history records who changed what) and
says in its docstring whom it notifies. Refusals raise `ValidationError` (bad state or
input, message for the user) or `PermissionDenied` (not yours to do); nothing changes then.
"""

from __future__ import annotations

import datetime
import secrets
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from waishi.core import clock
from waishi.core.enums import Role
from waishi.core.models import Unit, User
from waishi.core.notifications import notify
from waishi.core.permissions import has_role, is_office, unit_ids_of
from waishi.people.enums import DocumentKind
from waishi.people.models import IdentityDocument
from waishi.travel import policy, validators
from waishi.travel.enums import EDITABLE, Decision, FundingSource, StepKind, TripStatus
from waishi.travel.models import (
    ApprovalStep,
    CalendarToken,
    PassportLoan,
    ReportAttachment,
    Trip,
    TripReport,
)

# Who decides -------------------------------------------------------------------------------


def _unit_by_code(code: str) -> Unit | None:
    return Unit.objects.filter(code=code).first()


def trip_chain(trip: Trip) -> list[tuple[str, Unit | None]]:
    """The approval chain of a trip: unit head → (research office) → (confidentiality) →
    international office → office director → (university leader)."""
    chain: list[tuple[str, Unit | None]] = [(StepKind.UNIT_HEAD, trip.unit)]
    if trip.budget.filter(source=FundingSource.RESEARCH).exists():
        chain.append((StepKind.RESEARCH, _unit_by_code(policy.setting("RESEARCH_UNIT_CODE"))))
    if trip.confidential:
        chain.append((StepKind.CONFIDENTIALITY, None))
    chain.append((StepKind.OFFICE, _unit_by_code(policy.setting("OFFICE_UNIT_CODE"))))
    chain.append((StepKind.DIRECTOR, None))
    if trip.led_by_leader or trip.days > policy.setting("LEADER_APPROVAL_DAYS"):
        chain.append((StepKind.LEADER, None))
    return chain


def step_may_decide(step: ApprovalStep, user: Any) -> bool:
    """The one answer to "is this step yours?"."""
    if not user.is_authenticated or step.decision:
        return False
    if step.kind == StepKind.UNIT_HEAD:
        return has_role(user, Role.UNIT_HEAD) and step.unit_id in unit_ids_of(user)
    if step.kind == StepKind.RESEARCH:
        if step.unit_id is None:
            return bool(is_office(user))
        return has_role(user, Role.UNIT_HEAD, Role.UNIT_LIAISON) and step.unit_id in unit_ids_of(
            user
        )
    if step.kind == StepKind.OFFICE:
        return bool(is_office(user))
    if step.kind in (StepKind.DIRECTOR, StepKind.CONFIDENTIALITY):
        return has_role(user, Role.OFFICE_DIRECTOR)
    if step.kind == StepKind.LEADER:
        return has_role(user, Role.UNIVERSITY_LEADER)
    return False


def deciders_of(step: ApprovalStep) -> list[User]:
    users = User.objects.filter(is_active=True)
    if step.kind == StepKind.UNIT_HEAD:
        return list(users.filter(groups__name=Role.UNIT_HEAD, units=step.unit_id).distinct())
    if step.kind == StepKind.RESEARCH and step.unit_id:
        return list(
            users.filter(
                groups__name__in=[Role.UNIT_HEAD, Role.UNIT_LIAISON], units=step.unit_id
            ).distinct()
        )
    if step.kind in (StepKind.OFFICE, StepKind.RESEARCH):
        return list(
            users.filter(groups__name__in=[Role.OFFICE_STAFF, Role.OFFICE_DIRECTOR]).distinct()
        )
    if step.kind in (StepKind.DIRECTOR, StepKind.CONFIDENTIALITY):
        return list(users.filter(groups__name=Role.OFFICE_DIRECTOR).distinct())
    return list(users.filter(groups__name=Role.UNIVERSITY_LEADER).distinct())


def current_step(trip: Trip) -> ApprovalStep | None:
    if trip.status != TripStatus.IN_APPROVAL:
        return None
    return trip.steps.filter(round=trip.approval_round, decision="").order_by("order").first()


def office_users() -> list[User]:
    return list(
        User.objects.filter(
            is_active=True, groups__name__in=[Role.OFFICE_STAFF, Role.OFFICE_DIRECTOR]
        ).distinct()
    )


def unit_liaisons(unit_id: int) -> list[User]:
    return list(User.objects.filter(is_active=True, groups__name=Role.UNIT_LIAISON, units=unit_id))


# Editing -------------------------------------------------------------------------------------


def trip_may_edit(trip: Trip, user: Any) -> bool:
    return trip.status in EDITABLE and (trip.applicant_id == user.pk or bool(is_office(user)))


def trip_require_editable(trip: Trip, user: Any) -> None:
    if trip.applicant_id != user.pk and not is_office(user):
        raise PermissionDenied
    if trip.status not in EDITABLE:
        raise ValidationError(
            _("This application has been submitted (%(status)s) and can no longer be edited.")
            % {"status": trip.get_status_display()}
        )


def trip_assign_reference(trip: Trip) -> None:
    if not trip.reference:
        trip.reference = f"CG{trip.created_at:%Y}-{trip.pk:05d}"
        trip.save(update_fields=["reference"])


# The gate ------------------------------------------------------------------------------------


def unit_overdue_items(unit_id: int, today: datetime.date | None = None) -> dict[str, int]:
    """Passports and reports of a unit overdue past the policy's number of reminders."""
    today = today or clock.today()
    threshold = policy.setting("GATE_REMINDER_THRESHOLD")
    passports = PassportLoan.objects.filter(
        trip__unit_id=unit_id,
        checked_in_at__isnull=True,
        due_back__lt=today,
        reminders__gte=threshold,
    ).count()
    reports = Trip.objects.filter(
        unit_id=unit_id,
        status__in=[TripStatus.APPROVED, TripStatus.BACK],
        report_due__lt=today,
        report_reminders__gte=threshold,
    ).count()
    return {"passports": passports, "reports": reports}


def unit_is_gated(unit_id: int) -> bool:
    if not policy.setting("GATE_ENABLED"):
        return False
    found = unit_overdue_items(unit_id)
    return bool(found["passports"] or found["reports"])


# Submission and decisions ----------------------------------------------------------------------


@transaction.atomic
def trip_submit(trip: Trip, user: Any) -> Trip:
    """Send a draft or returned application into approval (a new round of the chain).

    Refused with every broken rule listed. When the gate is on and the unit has overdue
    passports or reports, the trip is held instead (the office is notified). Otherwise the
    deciders of the first step are notified."""
    trip = Trip.objects.select_for_update().get(pk=trip.pk)
    trip_require_editable(trip, user)
    problems = validators.trip_problems(trip)
    if problems:
        raise ValidationError(problems)
    trip.submitted_at = timezone.now()
    if trip.hold_lifted_by_id is None and unit_is_gated(trip.unit_id):
        trip.status = TripStatus.HELD
        trip.save()
        notify(
            office_users(),
            "travel/notice/held",
            {"trip": trip},
            url=trip.get_absolute_url(),
            kind="travel.held",
        )
        return trip
    return _start_round(trip)


def _start_round(trip: Trip) -> Trip:
    trip.approval_round += 1
    trip.status = TripStatus.IN_APPROVAL
    trip.save()
    for order, (kind, unit) in enumerate(trip_chain(trip), start=1):
        ApprovalStep.objects.create(
            trip=trip, round=trip.approval_round, order=order, kind=kind, unit=unit
        )
    _notify_next(trip)
    return trip


def _notify_next(trip: Trip) -> None:
    step = current_step(trip)
    if step is not None:
        notify(
            deciders_of(step),
            "travel/notice/waiting",
            {"trip": trip, "step": step},
            url=trip.get_absolute_url(),
            kind="travel.waiting",
        )


@transaction.atomic
def trip_lift_hold(trip: Trip, user: Any) -> Trip:
    """The office lets a held application into approval; notifies the first deciders."""
    if not is_office(user):
        raise PermissionDenied
    trip = Trip.objects.select_for_update().get(pk=trip.pk)
    if trip.status != TripStatus.HELD:
        raise ValidationError(_("This application is not held."))
    trip.hold_lifted_by = user
    return _start_round(trip)


@transaction.atomic
def trip_decide(trip: Trip, user: Any, decision: str, comment: str = "") -> ApprovalStep:
    """Record `user`'s decision on the trip's current step.

    The row lock makes two approvers acting at once produce one decision: the second finds
    the step decided and is refused. Approve moves to the next step (its deciders are
    notified) or approves the trip (the applicant is notified); return and reject end the
    round and notify the applicant. A decision that is not yours is refused."""
    trip = Trip.objects.select_for_update().get(pk=trip.pk)
    step = current_step(trip)
    if step is None:
        raise ValidationError(_("This application is not waiting for a decision."))
    if not step_may_decide(step, user):
        raise PermissionDenied(_("This approval step is not yours to decide."))
    if decision not in Decision.values:
        raise ValidationError(_("Choose approve, return or reject."))
    if decision != Decision.APPROVE and not comment.strip():
        raise ValidationError(_("Say why, in a comment, when you return or reject."))
    step.decision = decision
    step.decided_by = user
    step.decided_at = timezone.now()
    step.comment = comment.strip()
    step.save()
    if decision == Decision.APPROVE and current_step(trip) is not None:
        _notify_next(trip)
        return step
    if decision == Decision.APPROVE:
        trip.status = TripStatus.APPROVED
        trip.approved_on = clock.today()
        trip.is_change = False
        trip.report_due = trip.return_date + datetime.timedelta(
            days=policy.setting("REPORT_DUE_DAYS")
        )
    elif decision == Decision.RETURN:
        trip.status = TripStatus.RETURNED
    else:
        trip.status = TripStatus.REJECTED
    trip.save()
    notify(
        [trip.applicant],
        "travel/notice/decided",
        {"trip": trip, "step": step},
        url=trip.get_absolute_url(),
        kind="travel.decided",
    )
    return step


@transaction.atomic
def trip_record_approval_number(trip: Trip, user: Any, number: str) -> Trip:
    """The office records the approval number (批件号) of an approved trip."""
    if not is_office(user):
        raise PermissionDenied
    if trip.status not in (TripStatus.APPROVED, TripStatus.BACK, TripStatus.REPORTED):
        raise ValidationError(_("Only an approved trip gets an approval number."))
    number = number.strip()
    if not number:
        raise ValidationError(_("Enter the approval number."))
    if Trip.objects.filter(approval_number=number).exclude(pk=trip.pk).exists():
        raise ValidationError(_("Another trip already has this approval number."))
    trip.approval_number = number
    trip.save(update_fields=["approval_number", "updated_at"])
    return trip


@transaction.atomic
def trip_change_start(trip: Trip, user: Any, reason: str) -> Trip:
    """Open an approved trip for a change of dates, members or destinations (任务变更).

    The applicant edits and resubmits; the change goes through the whole chain again, and
    the trip's history shows what changed."""
    trip = Trip.objects.select_for_update().get(pk=trip.pk)
    if trip.applicant_id != user.pk and not is_office(user):
        raise PermissionDenied
    if trip.status != TripStatus.APPROVED:
        raise ValidationError(_("Only an approved trip that has not ended can be changed."))
    if trip.loans.filter(checked_in_at__isnull=True).exists():
        raise ValidationError(_("Check the passports of this trip back in before changing it."))
    if not reason.strip():
        raise ValidationError(_("Say what changes and why."))
    trip.is_change = True
    trip.change_reason = reason.strip()
    trip.status = TripStatus.RETURNED
    trip._change_reason = reason  # shown in the history entry
    trip.save()
    return trip


@transaction.atomic
def trip_cancel(trip: Trip, user: Any) -> Trip:
    """The applicant withdraws an application that has not been approved."""
    trip = Trip.objects.select_for_update().get(pk=trip.pk)
    if trip.applicant_id != user.pk and not is_office(user):
        raise PermissionDenied
    if trip.status not in (*EDITABLE, TripStatus.HELD, TripStatus.IN_APPROVAL):
        raise ValidationError(_("This trip can no longer be withdrawn."))
    trip.status = TripStatus.CANCELLED
    trip.save()
    return trip


# Passports ------------------------------------------------------------------------------------


def passport_register() -> Any:
    """Every official passport the office holds, with its open loan if it is out."""
    return IdentityDocument.objects.filter(kind=DocumentKind.OFFICIAL_PASSPORT)


@transaction.atomic
def passport_check_out(document: IdentityDocument, trip: Trip, user: Any) -> PassportLoan:
    """Hand an official passport to a traveller of an approved trip; due back on the
    return date plus the policy's days. Checking out a passport that is out is refused."""
    if not is_office(user):
        raise PermissionDenied
    document = IdentityDocument.objects.select_for_update().get(pk=document.pk)
    open_loan = document.loans.filter(checked_in_at__isnull=True).select_related("trip").first()
    if open_loan is not None:
        raise ValidationError(
            _("This passport is already checked out (for %(trip)s since %(date)s).")
            % {
                "trip": open_loan.trip.title,
                "date": timezone.localtime(open_loan.checked_out_at).date().isoformat(),
            }
        )
    if document.kind != DocumentKind.OFFICIAL_PASSPORT:
        raise ValidationError(_("Only official passports are kept in the office's custody."))
    if trip.status != TripStatus.APPROVED:
        raise ValidationError(_("Passports are checked out only for approved trips."))
    if not trip.travellers.filter(person_id=document.person_id).exists():
        raise ValidationError(_("The passport's holder is not a traveller of this trip."))
    due = trip.return_date + datetime.timedelta(days=policy.setting("PASSPORT_DUE_DAYS"))
    try:
        with transaction.atomic():
            return PassportLoan.objects.create(
                document=document,
                trip=trip,
                checked_out_at=timezone.now(),
                checked_out_by=user,
                due_back=due,
            )
    except IntegrityError:
        raise ValidationError(_("This passport is already checked out.")) from None


@transaction.atomic
def passport_check_in(loan: PassportLoan, user: Any) -> PassportLoan:
    """The passport is back in the office's custody."""
    if not is_office(user):
        raise PermissionDenied
    loan = PassportLoan.objects.select_for_update().get(pk=loan.pk)
    if loan.checked_in_at is not None:
        raise ValidationError(_("This passport has already been checked in."))
    loan.checked_in_at = timezone.now()
    loan.checked_in_by = user
    loan.save()
    return loan


# Return and report ------------------------------------------------------------------------------


def trip_may_report(trip: Trip, user: Any) -> bool:
    return trip.applicant_id == user.pk or bool(is_office(user))


@transaction.atomic
def trip_register_return(trip: Trip, user: Any, actual_return: datetime.date) -> Trip:
    """回国登记: the actual return date; the report falls due the policy's days later."""
    if not trip_may_report(trip, user):
        raise PermissionDenied
    trip = Trip.objects.select_for_update().get(pk=trip.pk)
    if trip.status not in (TripStatus.APPROVED, TripStatus.BACK):
        raise ValidationError(_("Only an approved trip can be registered as returned."))
    if actual_return < trip.departure:
        raise ValidationError(_("Rule “return after departure”: the return is before departure."))
    if actual_return > clock.today():
        raise ValidationError(_("The actual return date cannot be in the future."))
    trip.actual_return = actual_return
    trip.report_due = actual_return + datetime.timedelta(days=policy.setting("REPORT_DUE_DAYS"))
    trip.status = TripStatus.BACK
    trip.save()
    return trip


@transaction.atomic
def trip_report_save(
    trip: Trip, user: Any, text: str, files: list[Any], *, submit: bool
) -> TripReport:
    """Write (and optionally submit) the post-trip report with attachments; submitting
    notifies the office."""
    if not trip_may_report(trip, user):
        raise PermissionDenied
    trip = Trip.objects.select_for_update().get(pk=trip.pk)
    if trip.status not in (TripStatus.BACK, TripStatus.APPROVED, TripStatus.REPORTED):
        raise ValidationError(_("The report is written after the trip."))
    if trip.status == TripStatus.APPROVED and trip.return_date >= clock.today():
        raise ValidationError(_("The report is written after the trip."))
    report = TripReport.objects.filter(trip=trip).first()
    if report is not None and report.accepted_at:
        raise ValidationError(_("The report has been accepted and can no longer be changed."))
    if not text.strip():
        raise ValidationError(_("Write the report."))
    for file in files:
        validators.validate_upload(file)
    if report is None:
        report = TripReport(trip=trip)
    report.text = text
    if submit:
        report.submitted_at = timezone.now()
    report.save()
    for file in files:
        ReportAttachment.objects.create(report=report, file=file, name=file.name[:200])
    if submit:
        if trip.actual_return is None:
            trip.actual_return = trip.return_date
        trip.status = TripStatus.REPORTED
        trip.save()
        notify(
            office_users(),
            "travel/notice/report_submitted",
            {"trip": trip},
            url=trip.get_absolute_url(),
            kind="travel.report",
        )
    return report


@transaction.atomic
def trip_report_accept(trip: Trip, user: Any) -> Trip:
    """The office accepts the report and the trip closes; the applicant is notified."""
    if not is_office(user):
        raise PermissionDenied
    trip = Trip.objects.select_for_update().get(pk=trip.pk)
    if trip.status != TripStatus.REPORTED:
        raise ValidationError(_("There is no submitted report to accept."))
    report = trip.report
    report.accepted_at = timezone.now()
    report.accepted_by = user
    report.save()
    trip.status = TripStatus.CLOSED
    trip.save()
    notify(
        [trip.applicant],
        "travel/notice/closed",
        {"trip": trip},
        url=trip.get_absolute_url(),
        kind="travel.closed",
    )
    return trip


@transaction.atomic
def trip_report_send_back(trip: Trip, user: Any, comment: str) -> Trip:
    """The office asks for more in the report; the applicant is notified."""
    if not is_office(user):
        raise PermissionDenied
    trip = Trip.objects.select_for_update().get(pk=trip.pk)
    if trip.status != TripStatus.REPORTED:
        raise ValidationError(_("There is no submitted report to send back."))
    trip.status = TripStatus.BACK
    trip.save()
    notify(
        [trip.applicant],
        "travel/notice/report_back",
        {"trip": trip, "comment": comment},
        url=trip.get_absolute_url(),
        kind="travel.report",
    )
    return trip


# Visas and calendar ------------------------------------------------------------------------------


@transaction.atomic
def visa_set(trip: Trip, user: Any, traveller_id: int, destination_id: int, state: str) -> Any:
    """The office (or the applicant) records a traveller's visa for a destination."""
    from waishi.travel.models import VisaRecord

    if trip.applicant_id != user.pk and not is_office(user):
        raise PermissionDenied
    traveller = trip.travellers.get(pk=traveller_id)
    destination = trip.destinations.get(pk=destination_id)
    record, _created = VisaRecord.objects.update_or_create(
        traveller=traveller, destination=destination, defaults={"state": state}
    )
    return record


def calendar_token_for(user: Any, *, renew: bool = False) -> str:
    """The secret of the user's calendar feed; `renew` makes the old address stop working."""
    token = CalendarToken.objects.filter(user=user).first()
    if token is None:
        token = CalendarToken.objects.create(user=user, token=secrets.token_urlsafe(32))
    elif renew:
        token.token = secrets.token_urlsafe(32)
        token.save()
    return token.token


def trips_of_calendar(user: Any) -> Any:
    """A user's trips (applied for or travelling on) and, for the office, approved trips."""
    from waishi.travel.enums import GOING

    mine = Q(applicant=user) | Q(travellers__person__user=user)
    trips = Trip.objects.exclude(status__in=[TripStatus.CANCELLED, TripStatus.REJECTED])
    if is_office(user):
        return trips.filter(mine | Q(status__in=GOING)).distinct()
    return trips.filter(mine).distinct()
