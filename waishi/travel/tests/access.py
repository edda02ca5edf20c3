"""Who may open each URL of the travel app (the role walk in core/tests/test_url_access.py).

The trip belongs to the teacher of `college`: the teacher (staff), the college's liaison and
head, and every reader see it; the outsider and other colleges do not."""

from typing import Any

from waishi.core.testing import OFFICE, READERS, WITH_ROLE, AccessCase

COLLEGE = frozenset({"staff", "unit_liaison", "unit_head"})
SEE_TRIP = READERS | COLLEGE
APPLICANT_OR_OFFICE = OFFICE | {"staff"}


def _draft(p):
    from waishi.travel.tests.factories import ready_trip

    return {"pk": ready_trip(p.teacher).pk}


def _approved(p):
    from waishi.travel.tests.factories import ready_trip
    from waishi.travel.tests.helpers import approved

    return {"pk": approved(ready_trip(p.teacher), p).pk}


def _held(p):
    from waishi.travel.enums import TripStatus

    kwargs = _draft(p)
    from waishi.travel.models import Trip

    Trip.objects.filter(pk=kwargs["pk"]).update(status=TripStatus.HELD)
    return kwargs


def _with_files(p):
    from django.core.files.base import ContentFile

    from waishi.travel.models import ReportAttachment, TripReport
    from waishi.travel.tests.factories import ready_trip

    trip = ready_trip(p.teacher)
    trip.invitation_letter.save("letter.pdf", ContentFile(b"%PDF-1.4 test"))
    report = TripReport.objects.create(trip=trip, text="Report")
    attachment = ReportAttachment(report=report, name="photo.pdf")
    attachment.file.save("photo.pdf", ContentFile(b"%PDF-1.4 test"))
    return {"pk": trip.pk, "attachment_pk": attachment.pk}


def _invitation(p):
    return {"pk": _with_files(p)["pk"]}


def _passport(p):
    from waishi.travel.tests.factories import PassportFactory

    return {"pk": PassportFactory().pk}


def _loan(p):
    from waishi.travel import services
    from waishi.travel.models import Trip

    trip = Trip.objects.get(pk=_approved(p)["pk"])
    document = trip.travellers.get().person.documents.get()
    return {"pk": services.passport_check_out(document, trip, p.office_staff).pk}


def _plan(p):
    from waishi.travel.tests.factories import PlannedTripFactory

    return {"pk": PlannedTripFactory(unit=p.college).pk}


def _token(p):
    from waishi.travel import services

    return {"token": services.calendar_token_for(p.teacher)}


POST: dict[str, Any] = {"method": "post", "ok_status": (302,)}

CASES = [
    AccessCase("travel:trip.list", WITH_ROLE),
    AccessCase("travel:trip.create", COLLEGE | OFFICE),
    AccessCase("travel:trip.detail", SEE_TRIP, kwargs=_draft),
    AccessCase("travel:trip.update", APPLICANT_OR_OFFICE, kwargs=_draft),
    AccessCase("travel:trip.submit", APPLICANT_OR_OFFICE, kwargs=_draft, **POST),
    AccessCase("travel:trip.cancel", APPLICANT_OR_OFFICE, kwargs=_draft, **POST),
    AccessCase("travel:trip.change", APPLICANT_OR_OFFICE, kwargs=_approved, **POST),
    AccessCase("travel:trip.number", OFFICE, kwargs=_approved, **POST),
    AccessCase("travel:trip.lift_hold", OFFICE, kwargs=_held, **POST),
    AccessCase("travel:trip.record_after", OFFICE, kwargs=_draft, **POST),
    AccessCase("travel:trip.visa", APPLICANT_OR_OFFICE, kwargs=_approved, **POST),
    AccessCase("travel:trip.return", APPLICANT_OR_OFFICE, kwargs=_approved, **POST),
    AccessCase("travel:trip.report", APPLICANT_OR_OFFICE, kwargs=_approved),
    AccessCase("travel:trip.report_accept", OFFICE, kwargs=_approved, **POST),
    AccessCase("travel:trip.report_send_back", OFFICE, kwargs=_approved, **POST),
    AccessCase("travel:trip.report_file", SEE_TRIP, kwargs=_with_files),
    AccessCase("travel:trip.invitation", SEE_TRIP, kwargs=_invitation),
    AccessCase("travel:trip.pdf", SEE_TRIP, kwargs=_approved),
    AccessCase("travel:passport.list", READERS),
    AccessCase("travel:passport.check_out", OFFICE, kwargs=_passport, **POST),
    AccessCase("travel:passport.check_in", OFFICE, kwargs=_loan, **POST),
    AccessCase("travel:plan.list", WITH_ROLE),
    AccessCase("travel:plan.create", OFFICE | {"unit_liaison", "unit_head"}),
    AccessCase("travel:plan.update", OFFICE | {"unit_liaison", "unit_head"}, kwargs=_plan),
    AccessCase("travel:plan.report", READERS | {"unit_liaison", "unit_head"}),
    AccessCase("travel:calendar", WITH_ROLE),
    AccessCase("travel:calendar.feed", "public", kwargs=_token),
    AccessCase("trip-list", WITH_ROLE),
    AccessCase("trip-detail", SEE_TRIP, kwargs=_draft),
    AccessCase("passport-loan-list", READERS),
    AccessCase("passport-loan-detail", READERS, kwargs=_loan),
    AccessCase(
        "passport-loan-list",
        OFFICE,
        method="post",
        ok_status=(400,),
        notes="a check-out naming no passport is refused by the service's rules",
    ),
    AccessCase(
        "passport-loan-check-in",
        OFFICE,
        kwargs=_loan,
        method="post",
        ok_status=(200, 400),
        notes="the first of the office checks it in, the next is told it is back already",
    ),
]
