import datetime
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from waishi.visits import figures
from waishi.visits.enums import GuestRole, ReceptionLevel
from waishi.visits.tests.factories import add_guest, approved_visit, country, ready_visit

pytestmark = pytest.mark.django_db


def _year(visit) -> int:
    return visit.arrival.year


def test_figures_count_visits_and_person_times_with_hong_kong_apart(personas):
    french = approved_visit(personas, reception_level=ReceptionLevel.OFFICE)
    hk = ready_visit(personas.teacher, guests=0, arrival=41)
    add_guest(hk, personas.teacher, 3, nationality=country("HK"), role=GuestRole.HEAD)
    add_guest(hk, personas.teacher, 4, nationality=country("FR"))
    from waishi.visits import services
    from waishi.visits.tests.factories import approve_all

    services.visit_submit(hk, by=personas.teacher)
    approve_all(hk, personas)
    ready_visit(personas.teacher, arrival=42)  # a draft: not counted
    found = figures.figures(personas.auditor, _year(french))
    if _year(hk) != _year(french):
        pytest.skip("the two visits fall in different years today")
    assert (found.visits, found.guests) == (2, 3)
    assert (found.regions_visits, found.regions_guests) == (1, 1)
    assert found.places.countries == 1 and found.places.regions_of_china == 1
    (france,) = found.by_country
    assert (france.visits, france.guests) == (2, 2)
    assert [(r.visits, r.guests) for r in found.by_region] == [(1, 1)]
    assert [(r.visits, r.guests) for r in found.by_continent] == [(2, 2)]
    assert sum(r.visits for r in found.by_level) == 2
    # Another unit's staff see none of the college's visits.
    assert figures.figures(personas.other_teacher, _year(french)).visits == 0


def test_figures_page_and_excel(client, personas, english_pages):
    visit = approved_visit(personas)
    client.force_login(personas.office_staff)
    year = visit.arrival.year
    page = client.get(reverse("visits:figures") + f"?year={year}").content.decode()
    assert "Foreign visitors in" in page and "France" in page
    response = client.get(reverse("visits:figures.export") + f"?year={year}")
    book = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    assert book.sheetnames[0] == "By country"
    assert [c.value for c in book["By country"][2]] == ["France", "Europe", 1, 1]
    bad = client.get(reverse("visits:figures") + "?year=abc")
    assert bad.status_code == 200 and str(datetime.date.today().year) in bad.content.decode()
