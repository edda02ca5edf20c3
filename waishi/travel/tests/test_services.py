import datetime

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError

from waishi.core.enums import Role, UnitDuty
from waishi.core.models import Notification
from waishi.core.tests.factories import UnitFactory, UserFactory
from waishi.people.enums import DocumentKind
from waishi.travel import approval, services
from waishi.travel.enums import FundingSource, StepKind, TripStatus
from waishi.travel.models import BudgetItem, PassportLoan
from waishi.travel.tests.factories import (
    PassportFactory,
    PersonFactory,
    days,
    destination,
    ready_trip,
    traveller,
)
from waishi.travel.tests.helpers import (
    approve_all,
    approved,
    current_step,
    decide,
    decider,
    request_of,
)
from waishi.workflow.enums import Action as Decision
from waishi.workflow.models import ApprovalStep
from waishi.workflow.queries import approvals_about

pytestmark = pytest.mark.django_db


def messages_of(excinfo) -> str:
    return " ".join(excinfo.value.messages)


def test_trip_submit_starts_the_chain_and_notifies_the_unit_head(personas):
    trip = ready_trip(personas.teacher)
    services.trip_submit(trip, personas.teacher)
    trip.refresh_from_db()
    assert trip.status == TripStatus.IN_APPROVAL
    assert keys(trip) == [StepKind.UNIT_HEAD, StepKind.OFFICE, StepKind.DIRECTOR]
    assert list(Notification.objects.values_list("recipient__username", flat=True)) == ["head"]


def keys(trip):
    request = request_of(trip)
    return list(request.steps.filter(round=request.round).values_list("key", flat=True))


def test_trip_chain_with_research_funds_confidential_and_long_trip(personas):
    research = UnitFactory(name_zh="科研处", duty=UnitDuty.RESEARCH_OFFICE)
    trip = ready_trip(personas.teacher, return_date=days(50), confidential=True)
    trip.destinations.update(leave=days(50))
    BudgetItem.objects.create(trip=trip, item="Fees", amount=1, source=FundingSource.RESEARCH)
    services.trip_submit(trip, personas.teacher)
    request = request_of(trip)
    assert list(request.steps.values_list("key", "unit")) == [
        (StepKind.UNIT_HEAD, personas.college.pk),
        (StepKind.RESEARCH, research.pk),
        (StepKind.CONFIDENTIALITY, None),
        (StepKind.OFFICE, personas.office.pk),
        (StepKind.DIRECTOR, None),
        (StepKind.LEADER, None),
    ]


def test_trip_chain_led_by_leader_adds_the_leader_step(personas):
    trip = ready_trip(personas.teacher, led_by_leader=True)
    services.trip_submit(trip, personas.teacher)
    assert keys(trip)[-1] == StepKind.LEADER


def test_trip_chain_office_step_is_the_unit_with_the_international_office_duty(personas):
    trip = ready_trip(personas.teacher)
    services.trip_submit(trip, personas.teacher)
    step = request_of(trip).steps.get(key=StepKind.OFFICE)
    assert step.unit == personas.office


def test_trip_with_research_funds_refused_while_no_unit_is_the_research_office(personas):
    trip = ready_trip(personas.teacher)
    BudgetItem.objects.create(trip=trip, item="Fees", amount=1, source=FundingSource.RESEARCH)
    with pytest.raises(ValidationError) as excinfo:
        services.trip_submit(trip, personas.teacher)
    assert messages_of(excinfo) == (
        "The step “Research office” is decided by the Research office, and no unit of the "
        "register has that duty: an administrator sets it on the unit's page."
    )
    trip.refresh_from_db()
    assert trip.status == TripStatus.DRAFT


def test_trip_decide_whole_chain_approves_and_sets_report_due(personas):
    trip = approved(ready_trip(personas.teacher), personas)
    assert trip.status == TripStatus.APPROVED
    assert trip.report_due == trip.return_date + datetime.timedelta(days=15)
    assert [s.decided_by for s in request_of(trip).steps.order_by("order")] == [
        personas.head,
        personas.office_staff,
        personas.director,
    ]


def test_trip_decide_step_not_yours_is_refused_and_changes_nothing(personas):
    trip = ready_trip(personas.teacher)
    services.trip_submit(trip, personas.teacher)
    for user in (personas.office_staff, personas.liaison, personas.teacher, personas.director):
        with pytest.raises(ValidationError) as excinfo:
            decide(trip, user, Decision.APPROVE)
        assert "you may not decide it" in messages_of(excinfo)
    assert ApprovalStep.objects.filter(decided_by__isnull=False).count() == 0


def test_trip_decide_other_units_head_is_refused(personas):
    other_head = UserFactory(roles_and_units=([Role.UNIT_HEAD], [personas.other_college]))
    trip = ready_trip(personas.teacher)
    services.trip_submit(trip, personas.teacher)
    with pytest.raises(ValidationError):
        decide(trip, other_head, Decision.APPROVE)


def test_trip_return_then_resubmit_starts_a_new_round(personas):
    trip = ready_trip(personas.teacher)
    services.trip_submit(trip, personas.teacher)
    with pytest.raises(ValidationError):
        decide(trip, personas.head, Decision.RETURN, "")
    decide(trip, personas.head, Decision.RETURN, "Add the itinerary.")
    trip.refresh_from_db()
    assert trip.status == TripStatus.RETURNED
    services.trip_submit(trip, personas.teacher)
    trip.refresh_from_db()
    assert request_of(trip).round == 2
    assert current_step(trip).round == 2


def test_trip_edit_submitted_is_refused(personas):
    trip = ready_trip(personas.teacher)
    services.trip_submit(trip, personas.teacher)
    trip.refresh_from_db()
    with pytest.raises(ValidationError) as excinfo:
        services.trip_require_editable(trip, personas.teacher)
    assert "can no longer be edited" in messages_of(excinfo)
    with pytest.raises(PermissionDenied):
        services.trip_require_editable(ready_trip(personas.teacher), personas.other_teacher)


def test_trip_submit_return_before_departure_is_named(personas):
    trip = ready_trip(personas.teacher)
    trip.return_date = trip.departure - datetime.timedelta(days=1)
    problems = services.validators.trip_problems(trip)
    assert any("return after departure" in p for p in problems)


def test_trip_submit_in_the_past_is_refused(personas):
    trip = ready_trip(personas.teacher, departure=days(0), return_date=days(3))
    with pytest.raises(ValidationError) as excinfo:
        services.trip_submit(trip, personas.teacher)
    assert "starts in the future" in messages_of(excinfo)
    trip.refresh_from_db()
    assert trip.status == TripStatus.DRAFT


def test_trip_submit_passport_expiring_within_six_months_is_refused(personas):
    trip = ready_trip(personas.teacher, members=0)
    person = PersonFactory()
    PassportFactory(person=person, expires_on=trip.return_date + datetime.timedelta(days=100))
    t = traveller(trip, person, leader=True)
    with pytest.raises(ValidationError) as excinfo:
        services.trip_submit(trip, personas.teacher)
    assert "valid passport" in messages_of(excinfo)
    t.passport_note = "Applied on 3 March at the exit-entry office."
    t.save()
    services.trip_submit(trip, personas.teacher)
    trip.refresh_from_db()
    assert trip.status == TripStatus.IN_APPROVAL


def test_trip_submit_overlapping_approved_trip_is_refused(personas):
    first = approved(ready_trip(personas.teacher), personas)
    person = first.travellers.get().person
    second = ready_trip(personas.teacher, members=0, departure=days(33), return_date=days(40))
    traveller(second, person, leader=True)
    with pytest.raises(ValidationError) as excinfo:
        services.trip_submit(second, personas.teacher)
    assert "no overlapping trips" in messages_of(excinfo)


def test_trip_submit_too_many_countries_and_days_are_named(personas, office_rule):
    office_rule("travel_max_countries_per_trip", 1)
    office_rule("travel_max_days_per_country", 3)
    trip = ready_trip(personas.teacher)
    destination(trip, "DE", "Berlin")
    with pytest.raises(ValidationError) as excinfo:
        services.trip_submit(trip, personas.teacher)
    text = messages_of(excinfo)
    assert "at most 1 countries per trip" in text
    assert "at most 3 days per country" in text


def test_trip_submit_needs_plan_or_reason(personas):
    trip = ready_trip(personas.teacher, outside_plan_reason="")
    with pytest.raises(ValidationError) as excinfo:
        services.trip_submit(trip, personas.teacher)
    assert "annual plan" in messages_of(excinfo)


def test_passport_check_out_twice_is_refused(personas):
    trip = approved(ready_trip(personas.teacher), personas)
    document = trip.travellers.get().person.documents.get()
    loan = services.passport_check_out(document, trip, personas.office_staff)
    assert loan.due_back == trip.return_date + datetime.timedelta(days=7)
    with pytest.raises(ValidationError) as excinfo:
        services.passport_check_out(document, trip, personas.office_staff)
    assert "already checked out" in messages_of(excinfo)
    assert PassportLoan.objects.count() == 1


def test_passport_check_out_not_office_or_not_approved_is_refused(personas):
    trip = ready_trip(personas.teacher)
    document = trip.travellers.get().person.documents.get()
    with pytest.raises(PermissionDenied):
        services.passport_check_out(document, trip, personas.teacher)
    with pytest.raises(ValidationError):
        services.passport_check_out(document, trip, personas.office_staff)
    ordinary = PassportFactory(kind=DocumentKind.ORDINARY_PASSPORT)
    with pytest.raises(ValidationError):
        services.passport_check_out(ordinary, trip, personas.office_staff)


def test_passport_check_in_then_out_again(personas):
    trip = approved(ready_trip(personas.teacher), personas)
    document = trip.travellers.get().person.documents.get()
    loan = services.passport_check_out(document, trip, personas.office_staff)
    services.passport_check_in(loan, personas.office_staff)
    with pytest.raises(ValidationError):
        services.passport_check_in(loan, personas.office_staff)
    assert services.passport_check_out(document, trip, personas.director).pk != loan.pk


def test_trip_change_after_approval_goes_back_through_approval(personas):
    trip = approved(ready_trip(personas.teacher), personas)
    before = trip.return_date
    services.trip_change_start(trip, personas.teacher, "Two more days in Lyon.")
    trip.refresh_from_db()
    assert trip.status == TripStatus.RETURNED
    trip.return_date = days(38)
    trip.save()
    services.trip_submit(trip, personas.teacher)
    trip.refresh_from_db()
    assert len(approvals_about(trip)) == 2
    approve_all(trip, personas)
    assert trip.status == TripStatus.APPROVED
    assert {h.return_date for h in trip.history.all()} == {before, days(38)}


def test_trip_report_flow_closes_the_trip(personas, settings):
    trip = approved(ready_trip(personas.teacher), personas)
    settings.WAISHI_FROZEN_TODAY = trip.return_date + datetime.timedelta(days=1)
    services.trip_register_return(trip, personas.teacher, trip.return_date)
    trip.refresh_from_db()
    assert trip.report_due == trip.return_date + datetime.timedelta(days=15)
    services.trip_report_save(trip, personas.teacher, "We signed an MoU.", [], submit=True)
    with pytest.raises(PermissionDenied):
        services.trip_report_accept(trip, personas.teacher)
    services.trip_report_accept(trip, personas.office_staff)
    trip.refresh_from_db()
    assert trip.status == TripStatus.CLOSED
    assert trip.report.accepted_by == personas.office_staff


def test_trip_gate_holds_and_office_lifts(personas, office_rule):
    office_rule("travel_gate_enabled", True)
    office_rule("travel_gate_reminder_threshold", 1)
    old = approved(ready_trip(personas.teacher), personas)
    document = old.travellers.get().person.documents.get()
    loan = services.passport_check_out(document, old, personas.office_staff)
    PassportLoan.objects.filter(pk=loan.pk).update(due_back=days(-1), reminders=1)
    trip = ready_trip(personas.teacher, departure=days(60), return_date=days(62))
    services.trip_submit(trip, personas.teacher)
    trip.refresh_from_db()
    assert trip.status == TripStatus.HELD
    with pytest.raises(PermissionDenied):
        services.trip_lift_hold(trip, personas.head)
    services.trip_lift_hold(trip, personas.office_staff)
    trip.refresh_from_db()
    assert trip.status == TripStatus.IN_APPROVAL


def test_trip_gate_off_does_not_hold(personas):
    old = approved(ready_trip(personas.teacher), personas)
    loan = services.passport_check_out(
        old.travellers.get().person.documents.get(), old, personas.office_staff
    )
    PassportLoan.objects.filter(pk=loan.pk).update(due_back=days(-1), reminders=5)
    trip = ready_trip(personas.teacher, departure=days(60), return_date=days(62))
    services.trip_submit(trip, personas.teacher)
    trip.refresh_from_db()
    assert trip.status == TripStatus.IN_APPROVAL


def test_trip_decided_notifies_applicant_by_email(personas, django_capture_on_commit_callbacks):
    trip = ready_trip(personas.teacher)
    services.trip_submit(trip, personas.teacher)
    with django_capture_on_commit_callbacks(execute=True):
        decide(trip, personas.head, Decision.REJECT, "Not this year.")
    assert [m.to for m in mail.outbox] == [[personas.teacher.email]]
    trip.refresh_from_db()
    assert trip.status == TripStatus.REJECTED
    assert decider(request_of(trip).steps.first(), personas) == personas.head


def test_trip_withdraw_in_approval_closes_the_request(personas):
    trip = ready_trip(personas.teacher)
    services.trip_submit(trip, personas.teacher)
    services.trip_cancel(trip, personas.teacher)
    trip.refresh_from_db()
    assert trip.status == TripStatus.CANCELLED
    assert request_of(trip).state == "withdrawn"


def test_policy_store_value_is_used(personas, office_rule):
    office_rule("travel_max_countries_per_trip", 1)
    trip = ready_trip(personas.teacher)
    destination(trip, "DE", "Berlin")
    with pytest.raises(ValidationError) as excinfo:
        services.trip_submit(trip, personas.teacher)
    assert "at most 1 countries per trip" in messages_of(excinfo)


def test_passport_second_open_loan_refused_by_the_database(personas):
    from django.db import IntegrityError, transaction
    from django.utils import timezone

    trip = approved(ready_trip(personas.teacher), personas)
    document = trip.travellers.get().person.documents.get()
    loan = services.passport_check_out(document, trip, personas.office_staff)
    # Two officers acting at once both pass the check in Python; the constraint keeps one.
    with pytest.raises(IntegrityError), transaction.atomic():
        PassportLoan.objects.create(
            document=document,
            trip=trip,
            checked_out_at=timezone.now(),
            checked_out_by=personas.director,
            due_back=loan.due_back,
        )
    assert PassportLoan.objects.count() == 1


def test_the_report_is_refused_before_the_return_date(personas):
    trip = approved(ready_trip(personas.teacher), personas)
    assert not services.trip_report_open(trip)
    with pytest.raises(ValidationError) as refused:
        services.trip_report_save(trip, personas.teacher, "Too early.", [], submit=True)
    assert messages_of(refused) == "The report is written after the trip."


def test_the_report_opens_once_the_return_date_has_passed(personas, settings):
    trip = approved(ready_trip(personas.teacher), personas)
    settings.WAISHI_FROZEN_TODAY = trip.return_date
    assert not services.trip_report_open(trip)
    settings.WAISHI_FROZEN_TODAY = trip.return_date + datetime.timedelta(days=1)
    assert services.trip_report_open(trip)


def test_office_records_a_past_trip_with_a_reason_and_the_report_falls_due(personas):
    trip = ready_trip(personas.teacher, departure=days(-20), return_date=days(-10))
    trip.destinations.update(arrive=days(-20), leave=days(-10))
    with pytest.raises(ValidationError) as refused:
        services.trip_submit(trip, personas.teacher)
    assert "Rule “starts in the future”" in messages_of(refused)
    with pytest.raises(PermissionDenied):
        services.trip_record_after(trip, personas.teacher, "Urgent invitation")
    with pytest.raises(ValidationError) as refused:
        services.trip_record_after(trip, personas.office_staff, "  ")
    assert messages_of(refused) == "Say why the trip is recorded after it began."

    services.trip_record_after(trip, personas.office_staff, "Invited at two days' notice")

    trip.refresh_from_db()
    assert (trip.status, trip.recorded_after, trip.recorded_after_reason) == (
        TripStatus.BACK,
        True,
        "Invited at two days' notice",
    )
    assert (trip.actual_return, trip.report_due) == (days(-10), days(15))
    assert services.trip_report_open(trip)
    assert approval.request_of(trip) is None


def test_a_trip_not_yet_begun_cannot_be_recorded_after_the_fact(personas):
    trip = ready_trip(personas.teacher)
    with pytest.raises(ValidationError) as refused:
        services.trip_record_after(trip, personas.office_staff, "Why not")
    assert messages_of(refused) == (
        "This trip has not begun: submit it for approval instead of recording it."
    )
    trip.refresh_from_db()
    assert (trip.status, trip.recorded_after) == (TripStatus.DRAFT, False)
