"""Searches read an index on SQLite too (`core/text_search.py`): the words of the searched
columns, kept by the database's triggers, find what a scan of the rows would."""

import pytest
from django.db import connection
from django.db.models import Q

from waishi.core.text_search import containing, install_sql
from waishi.people.models import Person
from waishi.people.queries import SEARCHED_COLUMNS, person_search
from waishi.people.tests.factories import PersonFactory

pytestmark = pytest.mark.django_db

on_sqlite = pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's words index")


def _found(text: str) -> set[str]:
    return set(person_search(Person.objects.all(), text).values_list("given_name", flat=True))


def _scanned(text: str) -> set[str]:
    """What reading every row finds (the search without the index)."""
    rows = Person.objects.all()
    for word in text.split():
        condition = Q()
        for column in SEARCHED_COLUMNS:
            condition |= Q(**{f"{column}__icontains": word})
        rows = rows.filter(condition)
    return set(rows.values_list("given_name", flat=True))


@on_sqlite
def test_every_searched_table_keeps_its_triggers():
    """Django rebuilds a SQLite table to alter it, dropping its triggers: a migration that
    alters a searched table must install its words again."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT name FROM sqlite_master WHERE sql LIKE '%USING fts5%'")
        words = [name for (name,) in cursor.fetchall()]
        cursor.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")
        triggers = {name for (name,) in cursor.fetchall()}
    assert {
        "people_person_words",
        "conferences_conference_words",
        "partners_institution_words",
    } <= set(words)
    for table in words:
        assert {f"{table}_insert", f"{table}_delete", f"{table}_update"} <= triggers, table


@on_sqlite
def test_the_search_reads_the_words_index():
    found = str(
        Person.objects.filter(
            containing("people_person", SEARCHED_COLUMNS, "wang", lookup="icontains")
        ).query
    )
    assert "people_person_words" in found
    short = str(
        Person.objects.filter(
            containing("people_person", SEARCHED_COLUMNS, "王", lookup="icontains")
        ).query
    )
    assert "people_person_words" not in short


def test_the_index_finds_what_a_scan_finds_as_people_change():
    wang = PersonFactory(family_name="Wang", given_name="Lei", name_zh="王磊")
    PersonFactory(family_name="Huang", given_name="Mei", email="mei.wang@example.org")
    PersonFactory(family_name="Li", given_name="Na", passport_name="LI NA")
    for text in ("wang", "WANG", "ang", "王磊", "王", "li na", "example", "nobody"):
        assert _found(text) == _scanned(text), text
    assert _found("wang") == {"Lei", "Mei"}
    wang.family_name = "Zhao"
    wang.save()
    assert _found("wang") == {"Mei"} and _found("zhao") == {"Lei"}
    wang.delete()
    assert _found("zhao") == set()
    # A quote in the search is a character like another.
    assert _found('wa"ng') == set()


def test_install_refuses_a_name_that_is_not_one():
    with pytest.raises(ValueError):
        install_sql('people_person"; DROP TABLE x; --', ["family_name"])
