"""The passport custody ledger in the API: who reads it, its filters, and check-out and
check-in through the same services (and refusals) as the passport pages."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from waishi.core import clock
from waishi.travel import services
from waishi.travel.models import PassportLoan
from waishi.travel.tests.factories import PassportFactory, ready_trip
from waishi.travel.tests.helpers import approved

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english_pages")]

LEDGER = "/api/passport-loans/"


@pytest.fixture
def ledger(personas):
    """Three loans: one out, one overdue, one back."""
    loans = {}
    for name in ("out", "overdue", "back"):
        trip = approved(ready_trip(personas.teacher), personas)
        document = trip.travellers.get().person.documents.get()
        loans[name] = services.passport_check_out(document, trip, personas.office_staff)
    PassportLoan.objects.filter(pk=loans["overdue"].pk).update(
        due_back=clock.today() - datetime.timedelta(days=3)
    )
    services.passport_check_in(loans["back"], personas.office_staff)
    return loans


def _ids(response):
    return {row["id"] for row in response.json()["results"]}


def test_the_ledger_lists_every_loan_with_where_it_stands(client, personas, ledger):
    client.force_login(personas.office_staff)
    rows = {row["id"]: row for row in client.get(LEDGER).json()["results"]}
    assert {rows[loan.pk]["state"] for loan in ledger.values()} == {"out", "back"}
    overdue = rows[ledger["overdue"].pk]
    assert (overdue["state"], overdue["overdue"]) == ("out", True)
    back = rows[ledger["back"].pk]
    assert (back["state"], back["overdue"], back["checked_in_by"]) == (
        "back",
        False,
        personas.office_staff.pk,
    )
    document = ledger["out"].document
    assert rows[ledger["out"].pk]["number"] == document.number  # the office sees it whole
    assert rows[ledger["out"].pk]["person"] == document.person_id


def test_the_ledger_filters_by_state_person_and_trip(client, personas, ledger):
    client.force_login(personas.office_staff)
    assert _ids(client.get(LEDGER, {"state": "out"})) == {
        ledger["out"].pk,
        ledger["overdue"].pk,
    }
    assert _ids(client.get(LEDGER, {"state": "overdue"})) == {ledger["overdue"].pk}
    assert _ids(client.get(LEDGER, {"state": "back"})) == {ledger["back"].pk}
    person = ledger["back"].document.person_id
    assert _ids(client.get(LEDGER, {"person": person})) == {ledger["back"].pk}
    assert _ids(client.get(LEDGER, {"trip": ledger["out"].trip_id})) == {ledger["out"].pk}
    bad = client.get(LEDGER, {"state": "lost"})
    assert bad.status_code == 400 and "state" in bad.json()


def test_readers_see_the_ledger_with_masked_numbers_others_do_not(client, personas, ledger):
    client.force_login(personas.auditor)
    row = client.get(f"{LEDGER}{ledger['out'].pk}/").json()
    assert row["number"] == ledger["out"].document.masked_number
    assert row["number"] != ledger["out"].document.number
    for user in (personas.teacher, personas.liaison, personas.outsider):
        client.force_login(user)
        assert client.get(LEDGER).status_code == 403
        assert client.get(f"{LEDGER}{ledger['out'].pk}/").status_code == 403


def test_checking_out_and_in_through_the_api(client, personas):
    trip = approved(ready_trip(personas.teacher), personas)
    document = trip.travellers.get().person.documents.get()
    client.force_login(personas.office_staff)
    made = client.post(LEDGER, {"document": document.pk, "trip": trip.pk})
    assert made.status_code == 201
    loan = PassportLoan.objects.get()
    assert (made.json()["id"], made.json()["state"]) == (loan.pk, "out")
    assert loan.checked_out_by == personas.office_staff
    assert made.json()["due_back"] == loan.due_back.isoformat()
    # The page's refusal, word for word.
    again = client.post(LEDGER, {"document": document.pk, "trip": trip.pk})
    assert again.status_code == 400
    assert "This passport is already checked out" in again.json()["detail"][0]
    back = client.post(f"{LEDGER}{loan.pk}/check-in/")
    assert (back.status_code, back.json()["state"]) == (200, "back")
    loan.refresh_from_db()
    assert loan.checked_in_by == personas.office_staff
    assert loan.checked_in_at is not None
    assert loan.checked_in_at <= timezone.now()
    twice = client.post(f"{LEDGER}{loan.pk}/check-in/")
    assert twice.status_code == 400
    assert twice.json()["detail"] == ["This passport has already been checked in."]


def test_only_the_office_checks_passports_out_or_in(client, personas, ledger):
    trip = approved(ready_trip(personas.teacher), personas)
    document = trip.travellers.get().person.documents.get()
    for user in (personas.auditor, personas.teacher, personas.leader):
        client.force_login(user)
        assert client.post(LEDGER, {"document": document.pk, "trip": trip.pk}).status_code == 403
        assert client.post(f"{LEDGER}{ledger['out'].pk}/check-in/").status_code == 403
    assert PassportLoan.objects.filter(document=document).count() == 0
    assert PassportLoan.objects.get(pk=ledger["out"].pk).checked_in_at is None


def test_a_check_out_refused_by_the_rules_changes_nothing(client, personas):
    trip = ready_trip(personas.teacher)  # a draft, not approved
    document = PassportFactory(person=trip.travellers.get().person, number="E99999999")
    client.force_login(personas.office_staff)
    response = client.post(LEDGER, {"document": document.pk, "trip": trip.pk})
    assert response.status_code == 400
    assert response.json()["detail"] == ["Passports are checked out only for approved trips."]
    assert PassportLoan.objects.count() == 0
