"""The request, its guests, lead times and approval, through the services."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from waishi.people.models import IdentityDocument, Person
from waishi.visits import approval, policy, services
from waishi.visits.enums import CostItem, GuestRank, VisitStatus
from waishi.visits.models import BudgetLine, Guest
from waishi.visits.tests.factories import (
    add_guest,
    approve_all,
    current_step,
    days,
    draft_visit,
    ready_visit,
)
from waishi.visits.tests.helpers import request_of
from waishi.workflow.enums import RequestState

pytestmark = pytest.mark.django_db


def test_a_new_request_is_a_numbered_draft_of_its_unit_with_its_budget(personas):
    visit = draft_visit(
        personas.liaison,
        budget=[
            {"item": CostItem.MEALS, "description": "Lunch", "amount": Decimal("600")},
            {"item": CostItem.ACCOMMODATION, "amount": Decimal("1200.50")},
        ],
    )
    assert visit.status == VisitStatus.DRAFT
    assert visit.reference == f"WB{visit.created_at:%Y}-{visit.pk:05d}"
    assert visit.unit == personas.college
    assert visit.applicant == personas.liaison
    assert sorted(visit.budget.values_list("item", "amount")) == [
        ("accommodation", Decimal("1200.50")),
        ("meals", Decimal("600.00")),
    ]
    assert visit.history.get().history_user == personas.liaison


def test_a_budget_line_must_be_more_than_zero(personas):
    with pytest.raises(ValidationError) as error:
        draft_visit(personas.teacher, budget=[{"item": CostItem.GIFTS, "amount": Decimal("0")}])
    assert "amount" in error.value.message_dict
    assert BudgetLine.objects.count() == 0


def test_departure_before_arrival_and_another_unit_are_refused(personas):
    with pytest.raises(ValidationError) as error:
        draft_visit(personas.teacher, arrival=40, length=0, unit=personas.other_college)
    assert error.value.message_dict == {
        "departure": ["The departure must not be before arrival."],
        "unit": ["You may file visits only for your own units."],
    }


def test_someone_without_a_role_may_not_file(personas):
    with pytest.raises(PermissionDenied):
        draft_visit(personas.outsider, unit=personas.college)


def test_budget_update_keeps_changes_and_drops_removed_lines(personas):
    visit = draft_visit(
        personas.teacher,
        budget=[
            {"item": CostItem.MEALS, "amount": Decimal("300")},
            {"item": CostItem.GIFTS, "amount": Decimal("200")},
        ],
    )
    meals = visit.budget.get(item=CostItem.MEALS)
    services.visit_update(
        visit,
        by=personas.teacher,
        budget=[{"id": meals.pk, "item": CostItem.MEALS, "amount": Decimal("450")}],
    )
    assert list(visit.budget.values_list("pk", "amount")) == [(meals.pk, Decimal("450.00"))]
    assert BudgetLine.history.filter(history_type="-").get().history_user == personas.teacher


def test_a_guest_visiting_again_is_the_same_person(personas):
    first = ready_visit(personas.teacher)
    again = draft_visit(personas.teacher, title="Second visit")
    guest = add_guest(again, personas.teacher, 1, passport_expiry=days(2000))
    assert guest.person == first.guests.get().person
    assert Person.objects.filter(family_name="Martin1").count() == 1
    passport = IdentityDocument.objects.get(number="FR0000001")
    assert passport.expires_on == days(2000)


def test_without_a_passport_the_same_names_birth_and_nationality_find_the_person(personas):
    first = ready_visit(personas.teacher)
    again = draft_visit(personas.teacher, title="Second visit")
    guest = add_guest(again, personas.teacher, 1, passport_number="")
    assert guest.person == first.guests.get().person


def test_a_guest_once_per_visit_and_one_head(personas):
    visit = ready_visit(personas.teacher)
    with pytest.raises(ValidationError) as error:
        add_guest(visit, personas.teacher, 1, role="member")
    assert error.value.messages == [
        f"{visit.guests.get().person} is already a guest of this visit."
    ]
    with pytest.raises(ValidationError) as error:
        add_guest(visit, personas.teacher, 2, role="head")
    assert error.value.message_dict == {
        "role": [f"{visit.guests.get().person} already heads the delegation."]
    }


def test_a_guest_of_60_or_over_on_arrival_is_flagged(personas):
    visit = draft_visit(personas.teacher, arrival=40)
    arrival = visit.arrival
    sixty = datetime.date(arrival.year - 60, arrival.month, arrival.day)
    older = add_guest(visit, personas.teacher, 1, birth_date=sixty)
    younger = add_guest(visit, personas.teacher, 2, birth_date=sixty + datetime.timedelta(days=1))
    assert (older.age_on_arrival(), older.is_senior) == (60, True)
    assert (younger.age_on_arrival(), younger.is_senior) == (59, False)


def test_lead_time_is_the_strictest_rule_that_applies(personas, office_rule):
    visit = draft_visit(personas.teacher, arrival=40)
    assert policy.lead_time(visit).deadline == visit.arrival - datetime.timedelta(days=14)
    visit.visa_needed = True
    assert policy.lead_time(visit).deadline == visit.arrival - datetime.timedelta(days=30)
    office_rule("visits_visa_lead_days", 45)
    assert policy.lead_time(visit).deadline == visit.arrival - datetime.timedelta(days=45)


def test_leader_lead_time_counts_working_days():
    from waishi.core.clock import working_days_before

    # Friday 2026-03-20: ten working days before is Friday 2026-03-06.
    assert working_days_before(datetime.date(2026, 3, 20), 10) == datetime.date(2026, 3, 6)
    # From a Monday, the weekend before does not count.
    assert working_days_before(datetime.date(2026, 3, 23), 1) == datetime.date(2026, 3, 20)


def test_submission_goes_to_the_unit_head_then_the_office(personas):
    visit = ready_visit(personas.liaison)
    services.visit_submit(visit, by=personas.liaison)
    assert visit.status == VisitStatus.IN_APPROVAL
    assert visit.filed_late is False
    request = request_of(visit)
    assert [s.key for s in request.steps.order_by("order")] == ["unit_head", "office"]
    assert current_step(visit).key == "unit_head"
    approve_all(visit, personas)
    assert visit.status == VisitStatus.APPROVED
    assert request.__class__.objects.get(pk=request.pk).state == RequestState.APPROVED


def test_rank_parity_routes_to_the_leader_in_charge(personas, office_rule):
    visit = draft_visit(personas.teacher)
    add_guest(visit, personas.teacher, 1, rank=GuestRank.BUREAU)
    services.visit_submit(visit, by=personas.teacher)
    keys = list(request_of(visit).steps.order_by("order").values_list("key", flat=True))
    assert keys == ["unit_head", "office", "leader"]


def test_a_lower_rank_goes_to_a_leader_only_when_the_office_rule_says_so(personas, office_rule):
    visit = draft_visit(personas.teacher)
    add_guest(visit, personas.teacher, 1, rank=GuestRank.DIVISION)
    assert policy.needs_leader(visit) is False
    office_rule("visits_leader_rank", 3)
    assert policy.needs_leader(visit) is True


def test_a_late_request_needs_a_reason_and_is_flagged_to_approvers(personas):
    visit = ready_visit(personas.teacher, arrival=5)
    with pytest.raises(ValidationError) as error:
        services.visit_submit(visit, by=personas.teacher)
    deadline = visit.arrival - datetime.timedelta(days=14)
    assert error.value.messages == [
        "This request is filed after the office's lead time (14 days before arrival, by "
        f"{deadline.isoformat()}): say why it is filed late."
    ]
    services.visit_submit(visit, by=personas.teacher, late_reason="The invitation came late.")
    assert (visit.status, visit.filed_late) == (VisitStatus.IN_APPROVAL, True)
    opening = request_of(visit).decisions.get()
    assert opening.comment.startswith("Filed late: the rule is 14 days before arrival")
    assert opening.comment.endswith("Reason: The invitation came late.")


def test_nothing_is_submitted_without_guests_or_after_arrival(personas):
    visit = draft_visit(personas.teacher, arrival=40)
    with pytest.raises(ValidationError) as error:
        services.visit_submit(visit, by=personas.teacher)
    assert error.value.messages == ["Add the guests before submitting."]
    assert approval.request_of(visit) is None


def test_a_submitted_request_is_not_edited_and_other_units_may_not(personas):
    visit = ready_visit(personas.teacher)
    with pytest.raises(PermissionDenied):
        services.visit_update(visit, by=personas.other_teacher, title="Mine now")
    services.visit_submit(visit, by=personas.teacher)
    with pytest.raises(ValidationError) as error:
        services.visit_update(visit, by=personas.liaison, title="Changed")
    assert error.value.messages == [
        "This request has been submitted (In approval) and can no longer be edited."
    ]


def test_withdraw_and_take_up_again_loses_nothing(personas):
    visit = ready_visit(personas.teacher, guests=2)
    services.visit_submit(visit, by=personas.teacher)
    services.visit_withdraw(visit, by=personas.teacher)
    assert visit.status == VisitStatus.CANCELLED
    assert request_of(visit).state == RequestState.WITHDRAWN
    services.visit_restore(visit, by=personas.liaison)
    assert visit.status == VisitStatus.DRAFT
    assert Guest.objects.filter(visit=visit).count() == 2
    services.visit_submit(visit, by=personas.teacher)
    assert visit.status == VisitStatus.IN_APPROVAL


def test_only_the_filer_withdraws_a_request_in_approval(personas):
    visit = ready_visit(personas.teacher)
    services.visit_submit(visit, by=personas.teacher)
    with pytest.raises(ValidationError) as error:
        services.visit_withdraw(visit, by=personas.liaison)
    assert error.value.messages == ["Only the one who filed it may withdraw a request in approval."]
    with pytest.raises(PermissionDenied):
        services.visit_withdraw(visit, by=personas.other_teacher)
