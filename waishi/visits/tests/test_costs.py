import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from waishi.core import clock
from waishi.visits import policy, services, standards
from waishi.visits.enums import CostItem, GiftDirection, GuestRank, Standard, VisitStatus
from waishi.visits.models import Cost, Gift
from waishi.visits.tests.factories import add_item, approved_visit, staff_person

pytestmark = pytest.mark.django_db


def _over(visit) -> set[str]:
    return {check.key for check in standards.reception(visit).flagged}


def test_standards_are_office_rules_with_the_central_defaults():
    assert policy.HOSTED_DAYS.value() == 5
    assert [policy.meals_rate(r) for r in GuestRank] == [600, 550, 500, 300]
    assert policy.banquet_rate(GuestRank.BUREAU) == 400
    assert policy.banquet_rate(GuestRank.OTHER) == 300
    assert policy.BANQUETS_MAX.value() == 2
    assert (policy.gift_standard(True), policy.gift_standard(False)) == (400, 200)
    assert [policy.escorts_standard(n) for n in (1, 5, 6, 7, 9)] == [1, 5, 6, 6, 7]


def test_budget_and_actual_per_item_with_meals_over_the_standard(personas):
    visit = approved_visit(
        personas, length=3, budget=[{"item": CostItem.MEALS, "amount": Decimal("900")}]
    )
    # One guest of no rank: 300 a day for 3 days.
    services.cost_add(visit, by=personas.teacher, item=CostItem.MEALS, amount=Decimal("800"))
    assert _over(visit) == set()
    services.cost_add(visit, by=personas.teacher, item=CostItem.MEALS, amount=Decimal("200"))
    found = standards.reception(visit)
    (meals,) = [line for line in found.lines if line.item == CostItem.MEALS]
    assert (meals.budget, meals.actual, meals.standard, meals.over) == (
        Decimal("900"),
        Decimal("1000"),
        Decimal("900"),
        True,
    )
    assert [check.key for check in found.unexplained] == [Standard.MEALS]


def test_a_visit_over_a_standard_closes_only_with_the_reason(personas, settings):
    visit = approved_visit(personas, length=7)  # 7 days hosted: over the 5 of the rule
    settings.WAISHI_FROZEN_TODAY = visit.departure + datetime.timedelta(days=1)
    assert _over(visit) == {Standard.DAYS}
    with pytest.raises(ValidationError) as refused:
        services.visit_close(visit, by=personas.teacher)
    assert "Days hosted is over the reception standard: give the reason." in str(refused.value)
    services.reason_set(
        visit, by=personas.teacher, standard=Standard.DAYS, reason="Joint summer school"
    )
    services.summary_file(visit, by=personas.teacher, text="A summer school")
    services.visit_close(visit, by=personas.teacher)
    visit.refresh_from_db()
    assert visit.status == VisitStatus.CLOSED
    assert visit.history.latest().history_user == personas.teacher
    with pytest.raises(ValidationError):
        services.cost_add(visit, by=personas.teacher, item=CostItem.OTHER, amount=Decimal("1"))


def test_no_closing_before_the_guests_leave(personas):
    visit = approved_visit(personas)
    assert any("a visit is closed after it" in p for p in services.close_problems(visit))


def test_third_banquet_and_too_many_escorts_are_flagged(personas):
    visit = approved_visit(personas)
    for _n in range(3):
        services.cost_add(
            visit, by=personas.teacher, item=CostItem.BANQUET, people=2, amount=Decimal("500")
        )
    add_item(visit, personas.teacher, escorts=[staff_person(personas.liaison)])
    assert _over(visit) == {Standard.BANQUETS, Standard.BANQUET}
    add_item(visit, personas.teacher, hour=14, escorts=[staff_person(personas.head)])
    assert Standard.ESCORTS in _over(visit)


def test_gifts_register_flags_a_gift_over_its_standard_and_a_second_one(personas):
    visit = approved_visit(personas)
    head = visit.guests.get()
    services.gift_add(
        visit,
        by=personas.teacher,
        direction=GiftDirection.GIVEN,
        guest=head,
        description="Xiang embroidery",
        value=Decimal("380"),
        given_on=visit.arrival,
    )
    assert _over(visit) == set()  # the head's standard is 400
    services.gift_add(
        visit,
        by=personas.teacher,
        direction=GiftDirection.GIVEN,
        guest=head,
        description="Tea",
        value=Decimal("100"),
        given_on=visit.arrival,
    )
    assert _over(visit) == {Standard.GIFTS}
    assert Gift.objects.get(description="Tea").history.count() == 1


def test_a_gift_received_is_handed_to_the_office_before_closing(personas, settings):
    visit = approved_visit(personas)
    gift = services.gift_add(
        visit,
        by=personas.teacher,
        direction=GiftDirection.RECEIVED,
        counterpart="The delegation",
        description="Porcelain vase",
        value=Decimal("600"),
        given_on=visit.arrival,
    )
    settings.WAISHI_FROZEN_TODAY = visit.departure + datetime.timedelta(days=1)
    assert any("Porcelain vase" in p for p in services.close_problems(visit))
    services.gift_handed(gift, by=personas.office_staff)
    assert gift.handed_on == clock.today()
    services.summary_file(visit, by=personas.teacher, text="Talks")
    assert services.close_problems(visit) == []


def test_a_gift_needs_to_or_from_whom(personas):
    visit = approved_visit(personas)
    with pytest.raises(ValidationError) as refused:
        services.gift_add(
            visit,
            by=personas.teacher,
            direction=GiftDirection.GIVEN,
            description="Tea",
            value=Decimal("100"),
            given_on=visit.arrival,
        )
    assert "Say to or from whom" in str(refused.value)


def test_costs_page_records_a_cost_and_a_reason(client, personas, english_pages):
    visit = approved_visit(personas)
    client.force_login(personas.liaison)
    url = reverse("visits:cost.list", args=[visit.pk])
    response = client.post(url, {"item": "meals", "amount": "-5"})
    assert response.status_code == 200
    assert "Please correct the errors below" in response.content.decode()
    response = client.post(url, {"item": "meals", "description": "Lunches", "amount": "2000"})
    assert response.status_code == 302
    page = client.get(url).content.decode()
    assert "over the standard" in page and "Lunches" in page
    client.post(
        reverse("visits:cost.reason", args=[visit.pk]),
        {"key": "meals", "meals-standard": "meals", "meals-reason": "A ministerial guest joined"},
    )
    assert visit.reasons.get().reason == "A ministerial guest joined"
    assert Cost.objects.filter(visit=visit).count() == 1


def test_gifts_page_records_a_gift(client, personas, english_pages):
    visit = approved_visit(personas)
    client.force_login(personas.teacher)
    url = reverse("visits:gift.list", args=[visit.pk])
    response = client.post(
        url,
        {
            "direction": "given",
            "guest": visit.guests.get().pk,
            "description": "Xiang embroidery",
            "value": "380",
            "given_on": visit.arrival.isoformat(),
        },
    )
    assert response.status_code == 302
    assert "Xiang embroidery" in client.get(url).content.decode()


def test_a_visit_with_gifts_can_be_deleted(personas):
    visit = approved_visit(personas)
    services.gift_add(
        visit,
        by=personas.teacher,
        direction=GiftDirection.GIVEN,
        guest=visit.guests.get(),
        description="Tea",
        value=Decimal("100"),
        given_on=visit.arrival,
    )
    visit.delete()
    assert not Gift.objects.exists()


def test_the_office_reopens_a_closed_visit_to_correct_its_costs(client, personas, english_pages):
    from waishi.visits.tests.factories import closed_visit

    visit = closed_visit(personas)
    assert visit.status == VisitStatus.CLOSED
    with pytest.raises(PermissionDenied):
        services.visit_reopen(visit, by=personas.teacher)
    client.force_login(personas.teacher)
    assert client.post(reverse("visits:visit.reopen", args=[visit.pk])).status_code == 403
    assert "Reopen the visit" not in client.get(visit.get_absolute_url()).content.decode()
    client.force_login(personas.office_staff)
    assert "Reopen the visit" in client.get(visit.get_absolute_url()).content.decode()
    response = client.post(reverse("visits:visit.reopen", args=[visit.pk]), follow=True)
    assert "The visit is open again" in response.content.decode()
    visit.refresh_from_db()
    assert visit.status == VisitStatus.APPROVED
    latest = visit.history.latest()
    assert (latest.history_user, latest.history_change_reason) == (
        personas.office_staff,
        "Reopened",
    )
    # Approved again: a cost is corrected, then it is closed again.
    services.cost_add(visit, by=personas.teacher, item=CostItem.OTHER, amount=Decimal("50"))
    with pytest.raises(ValidationError) as refused:
        services.visit_reopen(visit, by=personas.office_staff)
    assert "Only a closed visit is reopened." in str(refused.value)
