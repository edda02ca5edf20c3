"""Figures of a year's conferences: counted in the database over those approved at some time,
participants as they came once the summary is filed, Hong Kong apart from the countries."""

from __future__ import annotations

import pytest

from waishi.conferences import figures
from waishi.conferences.enums import ConferenceStatus, Discipline, SizeClass
from waishi.conferences.models import Conference, Summary
from waishi.conferences.tests.factories import approved_conference, draft_conference
from waishi.core.models import Country

pytestmark = pytest.mark.django_db


def _places(*codes: str) -> list[Country]:
    return list(Country.objects.filter(code__in=codes))


def test_a_years_figures(personas, django_assert_max_num_queries):
    first = approved_conference(personas, countries=_places("CN", "US", "GB", "HK"))
    second = approved_conference(
        personas,
        name_zh="社会学国际论坛",
        name_en="International Forum of Sociology",
        discipline=Discipline.SOCIAL,
        countries=_places("CN", "US", "FR"),
        expected_total=50,
        expected_foreign=10,
    )
    # Not approved: not counted.
    draft_conference(personas.teacher, countries=_places("CN", "DE", "FR"))
    # The second came with other numbers than expected, and its summary is filed.
    Summary.objects.create(
        conference_id=second.conference_id,
        review="…",
        actual_total=64,
        actual_foreign=12,
        actual_countries=3,
        written_by=personas.teacher,
        filed_at="2026-01-01T00:00:00Z",
    )
    Conference.objects.filter(pk=second.conference_id).update(status=ConferenceStatus.CLOSED)

    with django_assert_max_num_queries(12):
        found = figures.figures(personas.office_staff, first.starts_on.year)
    assert second.starts_on == first.starts_on
    assert found.conferences == 2
    assert found.participants == 80 + 64
    assert found.foreign == 30 + 12
    assert (found.places.countries, found.places.regions_of_china) == (4, 1)
    assert [(row.label, row.conferences) for row in found.by_class] == [
        (str(SizeClass.GENERAL.label), 2)
    ]
    by_country = {row.label: row.conferences for row in found.by_country}
    assert by_country[Country.objects.get(code="US").name] == 2
    assert Country.objects.get(code="HK").name not in by_country
    assert [row.label for row in found.by_region] == [Country.objects.get(code="HK").name]
    disciplines = {row.label: (row.participants, row.foreign) for row in found.by_discipline}
    assert disciplines[str(Discipline.SOCIAL.label)] == (64, 12)


def test_other_units_figures_leave_out_what_they_cannot_see(personas):
    version = approved_conference(personas)
    found = figures.figures(personas.other_teacher, version.starts_on.year)
    assert found.conferences == 0
    assert found.by_unit == []


def test_the_workbook_has_a_sheet_each(personas):
    from openpyxl import load_workbook

    version = approved_conference(personas, countries=_places("CN", "US", "HK"))
    found = figures.figures(personas.director, version.starts_on.year)
    book = load_workbook(figures.export_workbook(found))
    assert book.sheetnames == [
        "By class",
        "By unit",
        "By discipline",
        "By format",
        "By country",
        "HK Macao Taiwan",
    ]
    assert [c.value for c in book["By unit"][2]] == [personas.college.name, 1, 80, 30]


def test_the_figures_page_and_its_workbook(client, personas, english_pages):
    from django.urls import reverse

    version = approved_conference(personas, countries=_places("CN", "US", "GB", "HK"))
    year = version.starts_on.year
    client.force_login(personas.office_staff)
    response = client.get(reverse("conferences:figures"), {"year": year})
    assert response.status_code == 200
    assert f"International conferences in {year}" in response.text
    assert Country.objects.get(code="HK").name in response.text
    export = client.get(reverse("conferences:figures.export"), {"year": year})
    assert export["Content-Disposition"].endswith(f'conferences-figures-{year}.xlsx"')
    # A bad year is left out, not an error.
    assert client.get(reverse("conferences:figures"), {"year": "abc"}).status_code == 200
