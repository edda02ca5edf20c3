"""The travel and workflow views that follow a `next` stay on the site when it names another
one, and still follow one on the site."""

from __future__ import annotations

import pytest
from django.urls import reverse

from waishi.travel import services
from waishi.travel.models import PassportLoan
from waishi.travel.tests.factories import ready_trip
from waishi.travel.tests.helpers import approved, request_of, step_of

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english_pages")]

EVIL = "https://evil.example"


def test_passport_check_out_and_in_stay_on_the_site(client, personas):
    trip = approved(ready_trip(personas.teacher), personas)
    document = trip.travellers.get().person.documents.get()
    client.force_login(personas.office_staff)
    out = client.post(
        reverse("travel:passport.check_out", args=[document.pk]), {"trip": trip.pk, "next": EVIL}
    )
    assert out["Location"] == reverse("travel:passport.list")
    loan = PassportLoan.objects.get()
    back = client.post(reverse("travel:passport.check_in", args=[loan.pk]), {"next": EVIL})
    assert back["Location"] == reverse("travel:passport.list")
    loan.refresh_from_db()
    assert loan.checked_in_by == personas.office_staff


def test_passport_check_in_follows_a_next_on_the_site(client, personas):
    trip = approved(ready_trip(personas.teacher), personas)
    document = trip.travellers.get().person.documents.get()
    loan = services.passport_check_out(document, trip, personas.office_staff)
    client.force_login(personas.office_staff)
    response = client.post(
        reverse("travel:passport.check_in", args=[loan.pk]), {"next": trip.get_absolute_url()}
    )
    assert response["Location"] == trip.get_absolute_url()


def test_deciding_in_the_inbox_stays_on_the_site(client, personas):
    trip = ready_trip(personas.teacher)
    services.trip_submit(trip, personas.teacher)
    request = request_of(trip)
    client.force_login(personas.head)
    response = client.post(
        reverse("workflow:request.decide", args=[request.pk]),
        {"action": "approve", "step": step_of(request).pk, "next": EVIL},
    )
    assert response["Location"] == request.get_absolute_url()
    request.refresh_from_db()
    assert step_of(request).key != "unit_head"
