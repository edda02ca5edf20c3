"""The largest registers keep their number of rows by triggers on PostgreSQL, so their lists
count them without reading them; the number stays exact whatever writes the rows."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from waishi.core.pagination import CountingPaginator
from waishi.core.row_counts import COUNTED_TABLES, counted_rows, row_count
from waishi.people.models import Person
from waishi.people.tests.factories import PersonFactory
from waishi.travel.models import Trip

pytestmark = pytest.mark.django_db

on_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the triggers are PostgreSQL's"
)


def test_the_counted_registers_are_the_largest():
    from waishi.conferences.models import Conference, Forecast
    from waishi.visits.models import Visit

    large = [Person, Trip, Visit, Conference, Forecast]
    assert {model._meta.db_table for model in large} <= COUNTED_TABLES


@on_postgresql
def test_every_counted_table_has_its_triggers():
    """A table listed without its migration would be read from a count nobody keeps."""
    from waishi.core.models import RowCount

    kept = set(RowCount.objects.values_list("table", flat=True))
    assert kept >= COUNTED_TABLES
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT event_object_table FROM information_schema.triggers "
            "WHERE trigger_name LIKE '%%_count_insert'"
        )
        triggered = {row[0] for row in cursor.fetchall()}
    assert triggered >= COUNTED_TABLES


def test_a_filtered_sliced_or_distinct_list_counts_its_rows():
    PersonFactory.create_batch(3, family_name="Zhao")
    PersonFactory(family_name="Qian")
    for rows in (
        Person.objects.filter(family_name="Zhao"),
        Person.objects.all()[:2],
        Person.objects.distinct(),
        Person.objects.exclude(pk=0),
    ):
        assert counted_rows(rows) is None
        assert row_count(rows) == rows.count()
    assert CountingPaginator(Person.objects.filter(family_name="Zhao"), 25).count == 3
    assert CountingPaginator([1, 2, 3], 25).count == 3


@on_postgresql
def test_the_count_follows_every_write_and_a_list_reads_it():
    whole = Person.objects.all()
    before = Person.objects.count()
    assert row_count(whole) == before
    made = PersonFactory.create_batch(3)
    Person.objects.bulk_create([Person(family_name="Sun", given_name=str(n)) for n in range(5)])
    assert row_count(whole) == before + 8 == Person.objects.count()
    made[0].delete()
    Person.objects.filter(family_name="Sun").delete()
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM people_person WHERE id = %s", [made[1].pk])
    assert row_count(whole) == before + 1 == Person.objects.count()

    with CaptureQueriesContext(connection) as queries:
        assert CountingPaginator(whole.select_related("unit"), 25).count == before + 1
    assert len(queries) == 1 and "core_rowcount" in queries[0]["sql"]
    assert "COUNT(" not in queries[0]["sql"].upper()


@on_postgresql
def test_without_its_count_a_table_is_counted_row_by_row():
    from waishi.core.models import RowCount

    PersonFactory.create_batch(2)
    RowCount.objects.filter(table="people_person").delete()
    assert counted_rows(Person.objects.all()) is None
    assert row_count(Person.objects.all()) == Person.objects.count()


@on_postgresql
def test_an_emptied_table_is_counted_again_also_when_its_count_was_emptied_with_it():
    # (Before any write of the test: PostgreSQL truncates no table with pending checks.)
    with connection.cursor() as cursor:
        cursor.execute("TRUNCATE core_rowcount, people_person CASCADE")
    assert counted_rows(Person.objects.all()) == 0
    PersonFactory.create_batch(2)
    assert row_count(Person.objects.all()) == 2 == Person.objects.count()


@on_postgresql
@pytest.mark.parametrize("path", ["/staff/conferences/", "/api/conferences/"])
def test_the_conferences_lists_read_their_count_and_a_search_counts_its_rows(
    client, personas, path
):
    from waishi.conferences.tests.participant_helpers import conference

    conference(personas)
    conference(personas)
    client.force_login(personas.office_staff)
    with CaptureQueriesContext(connection) as queries:
        whole = client.get(path, HTTP_ACCEPT_LANGUAGE="en")
    assert whole.status_code == 200
    counts = [q["sql"] for q in queries if "COUNT(" in q["sql"].upper()]
    assert not any("conferences_conference" in sql for sql in counts)
    if path.startswith("/api/"):
        assert whole.json()["count"] == 2
        assert client.get(path, {"q": "CONF-0001"}).json()["count"] == 1
    else:
        assert "2 records" in whole.content.decode()


@on_postgresql
@pytest.mark.parametrize("path", ["/api/conference-participants/", "/api/conference-versions/"])
def test_the_conferences_api_lists_of_the_office_read_their_count(client, personas, path):
    from waishi.conferences.tests.participant_helpers import conference

    conference(personas)
    client.force_login(personas.office_staff)
    with CaptureQueriesContext(connection) as queries:
        listed = client.get(path)
    assert listed.status_code == 200
    counts = [q["sql"] for q in queries if "COUNT(" in q["sql"].upper()]
    assert counts == []
    table = "conferences_participant" if "participants" in path else "conferences_conferenceversion"
    with connection.cursor() as cursor:
        cursor.execute(f'SELECT count(*) FROM "{table}"')  # noqa: S608 (our table)
        assert listed.json()["count"] == cursor.fetchone()[0]


def test_a_search_counts_its_matches_up_to_a_cap_and_says_there_are_more(
    client, personas, monkeypatch
):
    from django.urls import reverse

    monkeypatch.setattr("waishi.core.listing.SEARCH_COUNT_CAP", 2)
    PersonFactory.create_batch(3, family_name="Wangcap")
    PersonFactory(family_name="Lonely")
    client.force_login(personas.office_staff)
    url = reverse("people:person.list")

    many = client.get(url, {"q": "wangcap"}, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "More than 2 records, showing 1–2: add words to the search to narrow it." in many
    chinese = client.get(url, {"q": "wangcap"}, HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert "超过 2 条记录" in chinese.content.decode()
    one = client.get(url, {"q": "lonely"}, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "1 record, showing 1–1" in one and "More than" not in one
    # Without a search the list counts all its rows.
    whole = client.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert f"{Person.objects.count()} records" in whole
