"""Two guests added at once to visits of the same year, of a nationality not yet counted:
both counted, once each (PostgreSQL only: SQLite has one writer at a time)."""

import threading

import pytest
from django.db import connection, connections, transaction

from waishi.people.models import Person
from waishi.visits import figures
from waishi.visits.models import Guest, Visit
from waishi.visits.tests.factories import approved_visit, country

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="concurrent writers need PostgreSQL; SQLite serialises all writes",
)


@pytest.mark.django_db(transaction=True)
def test_guests_added_at_once_are_each_counted_once(personas):
    first = approved_visit(personas)
    second = approved_visit(personas, arrival=41)
    year = first.arrival.year
    if second.arrival.year != year:
        pytest.skip("the visits fall in different years today")
    japan = country("JP")
    barrier = threading.Barrier(2)
    failures: list[BaseException] = []

    def add(visit: Visit, n: int) -> None:
        try:
            barrier.wait()
            with transaction.atomic():
                person = Person.objects.create(
                    family_name=f"Sato{n}", given_name="Yui", nationality=japan
                )
                Guest.objects.create(visit=visit, person=person)
        except BaseException as error:  # reported below
            failures.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=add, args=(v, n)) for n, v in enumerate((first, second))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert failures == []
    kept = figures.figures(personas.office_staff, year)
    assert kept == figures.figures_of(year, figures.counted_rows(Visit.objects.all(), year))
    assert {row.label: (row.visits, row.guests) for row in kept.by_country}[japan.name] == (2, 2)
