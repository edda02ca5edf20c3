"""/partners/: the Global Partners table and map, counted from the data, cached until a
partner changes, with the same number of queries however many partners there are."""

import re

import pytest
from django.urls import reverse

from waishi.core import changes
from waishi.partners import services
from waishi.partners.enums import PartnerStatus
from waishi.partners.importer import SEED_PAGE, partner_page_import_file
from waishi.partners.models import Institution
from waishi.partners.tests.factories import InstitutionFactory, country

pytestmark = pytest.mark.django_db

HEADING = re.compile(r'<h2 class="continent-heading">([^<]+?) <span class="count"[^>]*>\((\d+)\)')
COUNTRY = re.compile(
    r'<span class="country-name">([^<]+)</span> <span class="count"[^>]*>\((\d+)\)'
)


def _get(client, language="en", **params):
    client.cookies["django_language"] = language
    return client.get(reverse("public:partners"), params)


def test_partners_page_from_the_seed_in_both_languages(client):
    partner_page_import_file(SEED_PAGE)

    english = _get(client, "en").content.decode()
    chinese = _get(client, "zh-hans").content.decode()

    assert HEADING.findall(english) == [
        ("Asia", "15"), ("Europe", "31"), ("Americas", "14"), ("Oceania", "3"), ("Africa", "4")
    ]  # fmt: skip
    assert HEADING.findall(chinese) == [
        ("亚洲", "15"), ("欧洲", "31"), ("美洲", "14"), ("大洋洲", "3"), ("非洲", "4")
    ]  # fmt: skip
    assert "67 partner institutions in 22 countries." in english
    assert len(COUNTRY.findall(english)) == 22
    assert ("Australia", "3") in COUNTRY.findall(english)
    assert english.count('class="map-link"') == 22


def test_partners_page_shows_only_active_institutions(client):
    InstitutionFactory(name_en="Open University", country=country("GB"))
    InstitutionFactory(
        name_en="Ended University", country=country("GB"), status=PartnerStatus.ENDED
    )
    InstitutionFactory(
        name_en="Maybe University", country=country("IT"), status=PartnerStatus.PROSPECTIVE
    )

    html = _get(client).content.decode()

    assert "Open University" in html
    assert "Ended University" not in html
    assert "Maybe University" not in html
    assert COUNTRY.findall(html) == [("United Kingdom", "1")]


def test_partners_page_search_without_javascript(client):
    InstitutionFactory(name_en="University of Orléans", country=country("FR"))
    InstitutionFactory(name_en="Ghent University", country=country("BE"))

    html = _get(client, q="orleans").content.decode()

    assert "University of Orléans" in html
    assert "Ghent University" not in html
    assert "1 institution matches “orleans”." in html
    html = _get(client, q="zzz").content.decode()
    assert "No partner matches “zzz”." in html


def test_partners_page_empty_directory(client):
    html = _get(client).content.decode()
    assert "The partner directory is being prepared." in html


def test_partners_page_cache_is_cleared_when_an_institution_changes(client, personas):
    ghent = InstitutionFactory(name_en="Ghent University", country=country("BE"))
    assert "Ghent University" in _get(client).content.decode()

    services.institution_update(ghent, by=personas.office_staff, name_en="Universiteit Gent")
    html = _get(client).content.decode()
    assert "Universiteit Gent" in html and "Ghent University" not in html

    services.institution_end(
        ghent, by=personas.office_staff, ended_on=ghent.created_at.date(), reason="test"
    )
    assert "Universiteit Gent" not in _get(client).content.decode()

    InstitutionFactory(name_en="University of Mons", country=country("BE"))
    assert "University of Mons" in _get(client).content.decode()


def test_partners_page_is_served_from_the_cache_until_a_bulk_update(
    client, django_assert_num_queries
):
    InstitutionFactory(name_en="Ghent University", country=country("BE"))
    _get(client)
    with django_assert_num_queries(0):  # nothing changed: the page comes from the cache
        assert "Ghent University" in _get(client).content.decode()
    # A bulk update through the one path for them is seen at once.
    changes.update(Institution.objects.all(), name_en="Universiteit Gent")
    html = _get(client).content.decode()
    assert "Universiteit Gent" in html and "Ghent University" not in html


@pytest.mark.parametrize("rows", [3, 30])
def test_partners_page_queries_do_not_grow_with_rows(client, rows, django_assert_num_queries):
    codes = ["JP", "FR", "US", "GH", "AU", "BR"]
    for n in range(rows):
        InstitutionFactory(name_en=f"University {n}", country=country(codes[n % len(codes)]))

    with django_assert_num_queries(1):
        response = _get(client)
    assert response.status_code == 200
    assert f"{rows} partner institutions" in response.content.decode()


def test_world_map_image_is_served_for_browsers_to_cache(client):
    response = client.get("/partners/world.svg")

    assert response.status_code == 200
    assert response["Content-Type"] == "image/svg+xml"
    assert "max-age=" in response["Cache-Control"] and "public" in response["Cache-Control"]
    assert response.content.count(b"<path") > 100


def test_country_page_lists_all_its_partners(client):
    from waishi.partners.directory import SHOWN_PER_COUNTRY

    for n in range(SHOWN_PER_COUNTRY + 1):
        InstitutionFactory(name_en=f"Kyoto College {n:02d}", country=country("JP"))

    whole = client.get("/partners/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert whole.count("Kyoto College") == SHOWN_PER_COUNTRY
    assert f"All {SHOWN_PER_COUNTRY + 1} partners in Japan" in whole
    assert 'href="/partners/?country=JP"' in whole

    one = client.get("/partners/?country=jp", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert one.count("Kyoto College") == SHOWN_PER_COUNTRY + 1
