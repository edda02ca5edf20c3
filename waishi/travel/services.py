"""Every write of the travel app: submit, decide, change, passports, return, report, gate.

Each function is atomic, writes history (django-simple-history records who changed what) and
says in its docstring whom it notifies. Refusals raise `ValidationError` (bad state or
input, message for the user) or `PermissionDenied` (not yours to do); nothing changes then.
"""

from __future__ import annotations

import datetime
import secrets

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from waishi.core import clock
from waishi.core.enums import Role
from waishi.core.history import history_by
from waishi.core.models import User
from waishi.core.notifications import notify
from waishi.core.permissions import is_office, require
from waishi.people.enums import DocumentKind
from waishi.people.models import IdentityDocument
from waishi.travel import approval, policy, validators
from waishi.travel.enums import EDITABLE, TripStatus
from waishi.travel.models import (
    CalendarToken,
    PassportLoan,
    ReportAttachment,
    Trip,
    TripReport,
    VisaRecord,
)

# Who is told -----------------------------------------------------------------------------------


def office_users() -> list[User]:
    return list(
        User.objects.filter(
            is_active=True, groups__name__in=[Role.OFFICE_STAFF, Role.OFFICE_DIRECTOR]
        ).distinct()
    )


def unit_liaisons(unit_id: int) -> list[User]:
    return list(User.objects.filter(is_active=True, groups__name=Role.UNIT_LIAISON, units=unit_id))


# Editing -------------------------------------------------------------------------------------


def trip_require_editable(trip: Trip, user: User) -> None:
    require(user.has_perm("travel.change_trip", trip))
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
    threshold = policy.GATE_REMINDER_THRESHOLD.value()
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
    if not policy.GATE_ENABLED.value():
        return False
    found = unit_overdue_items(unit_id)
    return bool(found["passports"] or found["reports"])


# Submission and decisions ----------------------------------------------------------------------


@transaction.atomic
def trip_submit(trip: Trip, user: User) -> Trip:
    """Send a draft or returned application into approval (the workflow engine computes the
    chain, see `approval.py`, and notifies the first approvers).

    Refused with every broken rule listed. When the gate is on and the unit has overdue
    passports or reports, the trip is held instead and the office is notified."""
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
    trip.save()
    return _into_approval(trip, user)


def _into_approval(trip: Trip, user: User) -> Trip:
    """The engine computes the chain; the request is the trip applicant's whoever sends it
    (`approval.py`'s subject adapter)."""
    from waishi.workflow.services import approval_submit

    approval_submit(
        trip,
        kind=approval.KIND,
        by=user,
        comment=trip.change_reason if trip.is_change else "",
    )
    trip.refresh_from_db()
    return trip


@transaction.atomic
def trip_lift_hold(trip: Trip, user: User) -> Trip:
    """The office lets a held application into approval; the first approvers are notified."""
    require(user.has_perm("travel.manage_trip"))
    trip = Trip.objects.select_for_update().get(pk=trip.pk)
    if trip.status != TripStatus.HELD:
        raise ValidationError(_("This application is not held."))
    trip.hold_lifted_by = user
    trip.save()
    return _into_approval(trip, user)


@transaction.atomic
def trip_record_approval_number(trip: Trip, user: User, number: str) -> Trip:
    """The office records the approval number (批件号) of an approved trip."""
    require(user.has_perm("travel.manage_trip"))
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
def trip_change_start(trip: Trip, user: User, reason: str) -> Trip:
    """Open an approved trip for a change of dates, members or destinations (任务变更).

    The applicant edits and resubmits; the change goes through the whole chain again, and
    the trip's history shows what changed."""
    trip = Trip.objects.select_for_update().get(pk=trip.pk)
    require(user.has_perm("travel.change_trip", trip))
    if trip.status != TripStatus.APPROVED:
        raise ValidationError(_("Only an approved trip that has not ended can be changed."))
    if trip.loans.filter(checked_in_at__isnull=True).exists():
        raise ValidationError(_("Check the passports of this trip back in before changing it."))
    if not reason.strip():
        raise ValidationError(_("Say what changes and why."))
    trip.is_change = True
    trip.change_reason = reason.strip()
    trip.status = TripStatus.RETURNED
    history_by(trip, None, reason)  # the reason shown in the history entry
    trip.save()
    return trip


@transaction.atomic
def trip_cancel(trip: Trip, user: User) -> Trip:
    """The applicant withdraws an application that has not been approved (an open approval
    request is withdrawn in the engine too); the office may withdraw one not in approval."""
    from waishi.workflow.enums import RequestState
    from waishi.workflow.services import approval_withdraw

    trip = Trip.objects.select_for_update().get(pk=trip.pk)
    require(user.has_perm("travel.change_trip", trip))
    if trip.status not in (*EDITABLE, TripStatus.HELD, TripStatus.IN_APPROVAL):
        raise ValidationError(_("This trip can no longer be withdrawn."))
    request = approval.request_of(trip)
    if request is not None and request.state in RequestState.open_states():
        if not user.has_perm("travel.withdraw_trip", trip):
            raise ValidationError(_("Only the applicant may withdraw an application in approval."))
        approval_withdraw(request, by=user)
        trip.refresh_from_db()
        return trip
    trip.status = TripStatus.CANCELLED
    trip.save()
    return trip


# Passports ------------------------------------------------------------------------------------


def passport_register() -> QuerySet[IdentityDocument]:
    """Every official passport the office holds, with its open loan if it is out."""
    return IdentityDocument.objects.filter(kind=DocumentKind.OFFICIAL_PASSPORT)


@transaction.atomic
def passport_check_out(document: IdentityDocument, trip: Trip, user: User) -> PassportLoan:
    """Hand an official passport to a traveller of an approved trip; due back on the
    return date plus the policy's days. Checking out a passport that is out is refused."""
    require(user.has_perm("travel.manage_passport"))
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
    due = trip.return_date + datetime.timedelta(days=policy.PASSPORT_DUE_DAYS.value())
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
def passport_check_in(loan: PassportLoan, user: User) -> PassportLoan:
    """The passport is back in the office's custody."""
    require(user.has_perm("travel.manage_passport"))
    loan = PassportLoan.objects.select_for_update().get(pk=loan.pk)
    if loan.checked_in_at is not None:
        raise ValidationError(_("This passport has already been checked in."))
    loan.checked_in_at = timezone.now()
    loan.checked_in_by = user
    loan.save()
    return loan


# Return and report ------------------------------------------------------------------------------


def trip_report_open(trip: Trip) -> bool:
    """The report is written after the trip: once the return is registered, or the return
    date has passed. The same test offers the report on the page and accepts it here."""
    if trip.status in (TripStatus.BACK, TripStatus.REPORTED):
        return True
    return trip.status == TripStatus.APPROVED and trip.return_date < clock.today()


@transaction.atomic
def trip_record_after(trip: Trip, by: User, reason: str) -> Trip:
    """The office records a trip that could not be applied for beforehand and has already
    begun (or ended): no approval chain; the trip is flagged in the register with the reason.
    The trip's other rules still apply (travellers, destinations, overlaps, the annual plan).
    A trip already over is registered as returned with its report due; one under way is
    approved and registers its return as usual."""
    require(is_office(by))
    trip = Trip.objects.select_for_update().get(pk=trip.pk)
    if trip.status != TripStatus.DRAFT:
        raise ValidationError(_("Only an application not yet submitted can be recorded."))
    reason = reason.strip()
    if not reason:
        raise ValidationError(_("Say why the trip is recorded after it began."))
    today = clock.today()
    if trip.departure > today:
        raise ValidationError(
            _("This trip has not begun: submit it for approval instead of recording it.")
        )
    problems = validators.trip_problems(trip, after_the_fact=True)
    if problems:
        raise ValidationError(problems)
    trip.recorded_after = True
    trip.recorded_after_reason = reason
    trip.submitted_at = timezone.now()
    trip.approved_on = today
    if trip.return_date < today:
        trip.status = TripStatus.BACK
        trip.actual_return = trip.return_date
        trip.report_due = today + datetime.timedelta(days=policy.REPORT_DUE_DAYS.value())
    else:
        trip.status = TripStatus.APPROVED
    trip.save()
    return trip


@transaction.atomic
def trip_register_return(trip: Trip, user: User, actual_return: datetime.date) -> Trip:
    """回国登记: the actual return date; the report falls due the policy's days later."""
    require(user.has_perm("travel.report_trip", trip))
    trip = Trip.objects.select_for_update().get(pk=trip.pk)
    if trip.status not in (TripStatus.APPROVED, TripStatus.BACK):
        raise ValidationError(_("Only an approved trip can be registered as returned."))
    if actual_return < trip.departure:
        raise ValidationError(_("Rule “return after departure”: the return is before departure."))
    if actual_return > clock.today():
        raise ValidationError(_("The actual return date cannot be in the future."))
    trip.actual_return = actual_return
    trip.report_due = actual_return + datetime.timedelta(days=policy.REPORT_DUE_DAYS.value())
    trip.status = TripStatus.BACK
    trip.save()
    return trip


@transaction.atomic
def trip_report_save(
    trip: Trip, user: User, text: str, files: list[UploadedFile], *, submit: bool
) -> TripReport:
    """Write (and optionally submit) the post-trip report with attachments; submitting
    notifies the office."""
    require(user.has_perm("travel.report_trip", trip))
    trip = Trip.objects.select_for_update().get(pk=trip.pk)
    if not trip_report_open(trip):
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
        ReportAttachment.objects.create(report=report, file=file, name=(file.name or "")[:200])
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
def trip_report_accept(trip: Trip, user: User) -> Trip:
    """The office accepts the report and the trip closes; the applicant is notified."""
    require(user.has_perm("travel.manage_trip"))
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
def trip_report_send_back(trip: Trip, user: User, comment: str) -> Trip:
    """The office asks for more in the report; the applicant is notified."""
    require(user.has_perm("travel.manage_trip"))
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
def visa_set(
    trip: Trip, user: User, traveller_id: int, destination_id: int, state: str
) -> VisaRecord:
    """The office (or the applicant) records a traveller's visa for a destination."""
    require(user.has_perm("travel.change_trip", trip))
    traveller = trip.travellers.get(pk=traveller_id)
    destination = trip.destinations.get(pk=destination_id)
    record, _created = VisaRecord.objects.update_or_create(
        traveller=traveller, destination=destination, defaults={"state": state}
    )
    return record


def calendar_token_for(user: User, *, renew: bool = False) -> str:
    """The secret of the user's calendar feed; `renew` makes the old address stop working."""
    token = CalendarToken.objects.filter(user=user).first()
    if token is None:
        token = CalendarToken.objects.create(user=user, token=secrets.token_urlsafe(32))
    elif renew:
        token.token = secrets.token_urlsafe(32)
        token.save()
    return token.token


def trips_of_calendar(user: User) -> QuerySet[Trip]:
    """A user's trips (applied for or travelling on) and, for the office, approved trips."""
    from waishi.travel.enums import GOING

    mine = Q(applicant=user) | Q(travellers__person__user=user)
    trips = Trip.objects.exclude(status__in=[TripStatus.CANCELLED, TripStatus.REJECTED])
    if is_office(user):
        return trips.filter(mine | Q(status__in=GOING)).distinct()
    return trips.filter(mine).distinct()
