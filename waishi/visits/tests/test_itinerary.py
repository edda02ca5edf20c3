import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from waishi.travel import services as travel_services
from waishi.visits import itinerary, services
from waishi.visits.enums import ItemKind, Lodging
from waishi.visits.models import ItineraryItem
from waishi.visits.tests.factories import (
    add_item,
    approved_visit,
    ready_visit,
    staff_person,
)

pytestmark = pytest.mark.django_db


def test_an_item_falls_within_the_visit_and_ends_after_it_starts(personas):
    visit = ready_visit(personas.teacher)
    with pytest.raises(ValidationError) as refused:
        add_item(visit, personas.teacher, day=-1)
    assert "must fall within the visit" in str(refused.value)
    starts = timezone.make_aware(datetime.datetime.combine(visit.arrival, datetime.time(10)))
    with pytest.raises(ValidationError) as refused:
        add_item(
            visit, personas.teacher, starts_at=starts, ends_at=starts - datetime.timedelta(hours=1)
        )
    assert "must not end before it starts" in str(refused.value)
    assert not ItineraryItem.objects.exists()


def test_the_itinerary_is_kept_after_approval_by_the_host_unit_and_the_office(personas):
    visit = approved_visit(personas)
    item = add_item(visit, personas.liaison, present=[staff_person(personas.head)])
    services.item_update(item, by=personas.office_staff, place="Library")
    item.refresh_from_db()
    assert item.place == "Library"
    assert [p.user for p in item.present.all()] == [personas.head]
    assert item.history.latest().history_user == personas.office_staff
    with pytest.raises(PermissionDenied):
        add_item(visit, personas.other_teacher)


def test_no_itinerary_change_once_withdrawn(personas):
    visit = ready_visit(personas.teacher)
    item = add_item(visit, personas.teacher)
    services.visit_withdraw(visit, by=personas.teacher)
    with pytest.raises(ValidationError):
        services.item_delete(ItineraryItem.objects.get(pk=item.pk), by=personas.teacher)


def test_items_join_the_calendar_feed_of_those_taking_part(client, personas):
    visit = approved_visit(personas)
    add_item(
        visit,
        personas.teacher,
        title="Banquet of welcome",
        kind=ItemKind.BANQUET,
        escorts=[staff_person(personas.liaison)],
    )
    token = travel_services.calendar_token_for(personas.liaison)
    feed = client.get(reverse("travel:calendar.feed", args=[token])).content.decode()
    assert "Banquet of welcome" in feed and "visit-item-" in feed
    other = travel_services.calendar_token_for(personas.head)
    assert (
        "Banquet of welcome"
        not in client.get(reverse("travel:calendar.feed", args=[other])).content.decode()
    )
    assert len(itinerary.calendar_events(personas.liaison, "http://testserver/")) == 1


def test_item_pages_add_change_and_take_off(client, personas, english_pages):
    visit = ready_visit(personas.teacher)
    client.force_login(personas.liaison)
    url = reverse("visits:item.create", args=[visit.pk])
    assert client.get(url).status_code == 200
    day = visit.arrival.isoformat()
    head = staff_person(personas.head)
    response = client.post(
        url,
        {
            "kind": "lecture",
            "title": "Lecture on number theory",
            "starts_at": f"{day}T14:00",
            "ends_at": f"{day}T12:00",
            "place": "Hall A",
            "present": [head.pk],
        },
    )
    assert response.status_code == 200
    assert "An item must not end before it starts." in response.content.decode()
    response = client.post(
        url,
        {
            "kind": "lecture",
            "title": "Lecture on number theory",
            "starts_at": f"{day}T14:00",
            "ends_at": f"{day}T16:00",
            "place": "Hall A",
            "present": [head.pk],
        },
    )
    assert response.status_code == 302
    item = ItineraryItem.objects.get()
    page = client.get(visit.get_absolute_url()).content.decode()
    assert "Lecture on number theory" in page and "14:00–16:00" in page
    pdf = client.get(reverse("visits:itinerary.pdf", args=[visit.pk]))
    assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")
    client.post(reverse("visits:item.delete", args=[visit.pk, item.pk]))
    assert not ItineraryItem.objects.exists()


def test_itinerary_pdf_is_bilingual(personas, monkeypatch):
    visit = approved_visit(personas, title="里昂大学代表团")
    add_item(visit, personas.teacher, present=[staff_person(personas.head)])
    assert itinerary.itinerary_pdf(visit).startswith(b"%PDF")
    pages: list[str] = []

    def keep(html: str) -> bytes:
        pages.append(html)
        return b""

    monkeypatch.setattr(itinerary, "pdf_from_html", keep)
    itinerary.itinerary_pdf(visit)
    html = pages[0]
    assert "日程安排 Itinerary" in html and "Noto Sans CJK SC" in html
    assert "会见会谈" in html and "Meeting" in html and "陈院长" in html


def test_stay_outside_a_hotel_needs_its_address_and_a_registration_after_arrival(personas):
    visit = approved_visit(personas)
    guest = visit.guests.get()
    with pytest.raises(ValidationError) as refused:
        services.guest_lodging_set(guest, by=personas.teacher, lodging=Lodging.OUTSIDE)
    assert "Say where the guest stays" in str(refused.value)
    with pytest.raises(ValidationError) as refused:
        services.guest_lodging_set(
            guest,
            by=personas.teacher,
            lodging=Lodging.OUTSIDE,
            lodging_address="Guest house",
            registered_on=visit.arrival - datetime.timedelta(days=1),
        )
    assert "before the guest arrives" in str(refused.value)
    services.guest_lodging_set(
        guest, by=personas.teacher, lodging=Lodging.OUTSIDE, lodging_address="Guest house"
    )
    guest.refresh_from_db()
    assert guest.registration_missing
    assert guest.history.count() == 2


def test_lodging_page_records_the_registration(client, personas, english_pages):
    visit = approved_visit(personas)
    guest = visit.guests.get()
    client.force_login(personas.liaison)
    url = reverse("visits:guest.lodging", args=[visit.pk, guest.pk])
    assert client.get(url).status_code == 200
    response = client.post(
        url,
        {
            "lodging": "outside",
            "lodging_address": "Campus guest house",
            "registered_on": visit.arrival.isoformat(),
            "registration_number": "XT-118",
        },
    )
    assert response.status_code == 302
    guest.refresh_from_db()
    assert guest.registered_on == visit.arrival and not guest.registration_missing


def test_api_adds_and_lists_items(client, personas):
    visit = ready_visit(personas.teacher)
    client.force_login(personas.liaison)
    starts = f"{visit.arrival.isoformat()}T09:00:00+08:00"
    response = client.post(
        "/api/visit-itinerary/",
        {
            "visit": visit.pk,
            "kind": "visit",
            "title": "Laboratories",
            "starts_at": starts,
            "place": "Science park",
            "interpreters": [staff_person(personas.teacher).pk],
        },
        content_type="application/json",
    )
    assert response.status_code == 201, response.content
    listed = client.get(f"/api/visit-itinerary/?visit={visit.pk}").json()
    assert [row["title"] for row in listed["results"]] == ["Laboratories"]
    late = client.post(
        "/api/visit-itinerary/",
        {
            "visit": visit.pk,
            "kind": "visit",
            "title": "Too late",
            "starts_at": f"{visit.departure + datetime.timedelta(days=1)}T09:00:00+08:00",
            "place": "Airport",
        },
        content_type="application/json",
    )
    assert late.status_code == 400 and "starts_at" in late.json()
    client.force_login(personas.other_teacher)
    assert client.get(f"/api/visit-itinerary/?visit={visit.pk}").json()["results"] == []
