"""The office's figures of a year are kept as visits change (`core/tallies.py`): whatever
changes, they equal the figures counted afresh from the rows."""

import pytest

from waishi.core import tallies
from waishi.core.models import Country
from waishi.visits import figures
from waishi.visits.enums import GuestRole, ReceptionLevel
from waishi.visits.models import Guest, Visit
from waishi.visits.tests.factories import add_guest, approved_visit, country, ready_visit

pytestmark = pytest.mark.django_db


def _kept(personas, year: int) -> figures.Figures:
    kept = figures.figures(personas.office_staff, year)
    counted = figures.figures_of(year, figures.counted_rows(Visit.objects.all(), year))
    assert kept == counted
    return kept


def _countries(found: figures.Figures) -> dict[str, tuple[int, int]]:
    return {row.label: (row.visits, row.guests) for row in found.by_country}


def test_kept_figures_follow_every_change_of_visits_guests_and_nationalities(personas):
    french = approved_visit(personas, guests=2, reception_level=ReceptionLevel.OFFICE)
    year = french.arrival.year
    mixed = ready_visit(personas.teacher, guests=0, arrival=41)
    add_guest(mixed, personas.teacher, 3, nationality=country("HK"), role=GuestRole.HEAD)
    add_guest(mixed, personas.teacher, 4, nationality=country("DE"))
    ready_visit(personas.teacher, arrival=42)  # a draft: not counted
    if mixed.arrival.year != year:
        pytest.skip("the visits fall in different years today")
    found = _kept(personas, year)
    assert (found.visits, found.guests) == (1, 2)

    from waishi.visits import services
    from waishi.visits.tests.factories import approve_all

    services.visit_submit(mixed, by=personas.teacher)
    approve_all(mixed, personas)
    found = _kept(personas, year)
    assert (found.visits, found.guests) == (2, 4)
    assert _countries(found) == {"France": (1, 2), "Germany": (1, 1)}
    assert (found.regions_visits, found.regions_guests) == (1, 1)
    assert [(r.label, r.visits, r.guests) for r in found.by_continent] == [("Europe", 2, 3)]

    # A guest's nationality corrected on their person.
    german = Guest.objects.get(visit=mixed, person__nationality__code="DE").person
    german.nationality = country("FR")
    german.save()
    found = _kept(personas, year)
    assert _countries(found) == {"France": (2, 3)}
    assert [(r.visits, r.guests) for r in found.by_continent] == [(2, 3)]

    # A country moved to another continent: its nationals follow.
    france = Country.objects.get(code="FR")
    france.continent = "asia"
    france.save()
    found = _kept(personas, year)
    assert [(r.label, r.visits, r.guests) for r in found.by_continent] == [("Asia", 2, 3)]

    # A guest taken off, then a whole visit deleted.
    Guest.objects.filter(visit=french).order_by("pk").reverse()[0].delete()
    found = _kept(personas, year)
    assert (found.visits, found.guests) == (2, 3)
    mixed.delete()
    found = _kept(personas, year)
    assert (found.visits, found.guests) == (1, 1)
    assert found.by_region == [] and found.regions_visits == 0

    # Counted afresh, the lines are the same.
    before = tallies.read(figures.REGISTER, year)
    tallies.rebuild(figures.REGISTER)
    assert tallies.read(figures.REGISTER, year) == before


def test_a_reader_of_some_visits_counts_only_theirs(personas):
    visit = approved_visit(personas)
    year = visit.arrival.year
    assert figures.figures(personas.teacher, year).visits == 1
    assert figures.figures(personas.other_teacher, year).visits == 0
    assert figures.figures(personas.office_staff, year).visits == 1
