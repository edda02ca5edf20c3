"""Countries and the regions of China counted apart: the rows every installation loads, their
names against the ISO/UN lists, and the one way of counting places."""

import pytest
from django.urls import reverse
from django.utils import translation

from waishi.core.enums import Continent, PlaceKind
from waishi.core.geography import (
    PlaceCount,
    code_for_name,
    countries_load,
    country_rows,
    place_count,
)
from waishi.core.models import Country
from waishi.partners.directory import directory_build, partner_figures
from waishi.partners.tests.factories import InstitutionFactory, country

pytestmark = pytest.mark.django_db


def test_every_installation_has_the_iso_list_with_hong_kong_macao_taiwan_apart():
    assert Country.objects.count() == 249
    assert sorted(Country.objects.regions_of_china().values_list("code", flat=True)) == [
        "HK",
        "MO",
        "TW",
    ]
    assert Country.objects.countries().count() == 246
    taiwan = Country.objects.get(code="TW")
    assert (taiwan.name_en, taiwan.name_zh, taiwan.continent) == (
        "Taiwan, China",
        "中国台湾",
        Continent.ASIA,
    )
    assert taiwan.is_region_of_china
    assert not Country.objects.get(code="CN").is_region_of_china


@pytest.mark.parametrize(
    ("code", "name_en", "name_zh"),
    [
        # The names the issue found wrong, and others the packages got wrong or shortened.
        ("NR", "Nauru", "瑙鲁"),
        ("WS", "Samoa", "萨摩亚"),
        ("AS", "American Samoa", "美属萨摩亚"),
        ("DM", "Dominica", "多米尼克"),
        ("DO", "Dominican Republic", "多米尼加共和国"),
        ("NP", "Nepal", "尼泊尔"),
        ("TJ", "Tajikistan", "塔吉克斯坦"),
        ("KG", "Kyrgyzstan", "吉尔吉斯斯坦"),
        ("BA", "Bosnia and Herzegovina", "波斯尼亚和黑塞哥维那"),
        ("BW", "Botswana", "博茨瓦纳"),
        ("MK", "North Macedonia", "北马其顿"),
        ("BS", "Bahamas", "巴哈马"),
        ("GS", "South Georgia and the South Sandwich Islands", "南乔治亚和南桑威奇群岛"),
        ("SJ", "Svalbard and Jan Mayen", "斯瓦尔巴和扬马延"),
        ("ML", "Mali", "马里"),
        ("CD", "Democratic Republic of the Congo", "刚果（金）"),
        ("CG", "Congo", "刚果（布）"),
        ("PS", "Palestine", "巴勒斯坦"),
        ("HK", "Hong Kong, China", "中国香港"),
        ("MO", "Macao, China", "中国澳门"),
        ("GB", "United Kingdom", "英国"),
        ("KR", "South Korea", "韩国"),
    ],
)
def test_country_names_are_the_iso_un_names_in_both_languages(code, name_en, name_zh):
    found = Country.objects.get(code=code)
    assert (found.name_en, found.name_zh) == (name_en, name_zh)


def test_no_two_places_share_a_name_and_no_name_has_stray_spaces():
    rows = country_rows()
    for field in ("name_en", "name_zh"):
        names = [getattr(row, field) for row in rows]
        assert len(set(names)) == len(names), field
        assert all(name == name.strip() and name for name in names), field


def test_loading_again_repairs_names_and_kinds_of_an_older_installation():
    Country.objects.filter(code="NR").update(name_en="Naoero")
    Country.objects.filter(code="HK").update(kind=PlaceKind.COUNTRY, name_zh="香港")
    Country.objects.filter(code="FR").delete()

    assert countries_load(Country) == 3
    assert countries_load(Country) == 0

    assert Country.objects.get(code="NR").name_en == "Nauru"
    hong_kong = Country.objects.get(code="HK")
    assert (hong_kong.kind, hong_kong.name_zh) == (PlaceKind.REGION_OF_CHINA, "中国香港")
    assert Country.objects.get(code="FR").name_zh == "法国"


def test_place_count_keeps_hong_kong_macao_taiwan_apart():
    places = Country.objects.filter(code__in=["FR", "JP", "HK", "TW"])
    assert place_count(places) == PlaceCount(countries=2, regions_of_china=2)


def test_partner_figures_and_directory_count_regions_apart(client):
    for name, code in [("Uni A", "FR"), ("Uni B", "FR"), ("HKU", "HK"), ("NTU", "TW")]:
        InstitutionFactory(name_en=name, name_zh="", country=country(code))

    assert partner_figures() == (4, PlaceCount(countries=1, regions_of_china=2))
    with translation.override("en"):
        directory = directory_build()
    assert (directory.country_count, directory.region_count) == (1, 2)

    client.cookies["django_language"] = "en"
    english = client.get(reverse("public:partners")).content.decode()
    client.cookies["django_language"] = "zh-hans"
    chinese = client.get(reverse("public:partners")).content.decode()
    assert "4 partner institutions in 1 countries and 2 of Hong Kong, Macao and Taiwan." in english
    assert "共 4 所合作院校，分布在 1 个国家及港澳台 2 个地区。" in chinese


def test_names_people_write_are_read():
    assert code_for_name("UK") == "GB"
    assert code_for_name("England") == "GB"
    assert code_for_name("Korea, Republic of") == "KR"
    assert code_for_name("Nauru") == "NR"
    assert code_for_name("nowhere land") is None
