import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from waishi.core.models import Notification
from waishi.visits import policy, reminders, services
from waishi.visits.tests.factories import approved_visit

pytestmark = pytest.mark.django_db


def test_the_office_tracks_the_letter_and_the_departure_registration(personas):
    visit = approved_visit(personas, visa_needed=True)
    with pytest.raises(PermissionDenied):
        services.authorised_letter_set(
            visit, by=personas.teacher, authority="Hunan FAO", filed_on=visit.arrival
        )
    filed = visit.arrival - datetime.timedelta(days=20)
    with pytest.raises(ValidationError) as refused:
        services.authorised_letter_set(
            visit,
            by=personas.office_staff,
            authority="Hunan FAO",
            filed_on=filed,
            issued_on=filed - datetime.timedelta(days=1),
        )
    assert "before it was asked for" in str(refused.value)
    letter = services.authorised_letter_set(
        visit, by=personas.office_staff, authority="Hunan FAO", filed_on=filed
    )
    due = policy.authorised_letter_due(filed)
    assert reminders.authorised_letter_late(due, print) == 0
    assert reminders.authorised_letter_late(due + datetime.timedelta(days=1), print) == 1
    assert reminders.authorised_letter_late(due + datetime.timedelta(days=2), print) == 0
    services.authorised_letter_set(
        visit,
        by=personas.office_staff,
        authority="Hunan FAO",
        filed_on=filed,
        issued_on=due,
        number="HN-2026-031",
    )
    registration_due = policy.departure_registration_due(visit)
    assert registration_due == visit.departure + datetime.timedelta(days=30)
    assert reminders.departure_registration_overdue(registration_due, print) == 0
    late = registration_due + datetime.timedelta(days=1)
    assert reminders.departure_registration_overdue(late, print) == 1
    assert reminders.departure_registration_overdue(late, print) == 0
    told = set(
        Notification.objects.filter(kind="visits.departure-registration").values_list(
            "recipient__username", flat=True
        )
    )
    assert told == {"officer", "director"}
    letter.refresh_from_db()
    assert letter.history.count() == 2


def test_authorised_letter_page(client, personas, english_pages):
    visit = approved_visit(personas, visa_needed=True)
    client.force_login(personas.office_staff)
    url = reverse("visits:authorised_letter", args=[visit.pk])
    assert client.get(url).status_code == 200
    response = client.post(
        url,
        {
            "authority": "Hunan FAO",
            "filed_on": visit.arrival.isoformat(),
            "issued_on": visit.arrival.isoformat(),
        },
    )
    assert "Give the number of the letter issued." in response.content.decode()
    response = client.post(url, {"authority": "Hunan FAO", "filed_on": visit.arrival.isoformat()})
    assert response.status_code == 302
    page = client.get(visit.get_absolute_url()).content.decode()
    assert "Hunan FAO" in page
