"""The public partner directory's reads: grouping, counts from the data, search, the map."""

import pytest
from django.utils import translation

from waishi.core.geography import PlaceCount
from waishi.partners.directory import (
    SHADES,
    countries_not_on_map,
    directory_build,
    map_codes,
    partner_figures,
    shade_for,
    world_base_svg,
    world_map_svg,
)
from waishi.partners.enums import PartnerStatus
from waishi.partners.importer import SEED_PAGE, partner_page_import_file
from waishi.partners.tests.factories import InstitutionFactory, country

pytestmark = pytest.mark.django_db


def _headings(directory):
    return [(c.label, c.count) for c in directory.continents]


def test_directory_from_the_seed_counts_each_continent_once():
    partner_page_import_file(SEED_PAGE)

    with translation.override("en"):
        directory = directory_build()

    assert _headings(directory) == [
        ("Asia", 15), ("Europe", 31), ("Americas", 14), ("Oceania", 3), ("Africa", 4)
    ]  # fmt: skip
    assert directory.institution_count == 67
    assert directory.country_count == 22
    americas = directory.continents[2]
    assert [(c.name, c.count) for c in americas.countries] == [
        ("United States of America", 10), ("Canada", 2), ("Cuba", 1), ("Mexico", 1)
    ]  # fmt: skip
    assert partner_figures() == (67, PlaceCount(countries=22, regions_of_china=0))


def test_directory_shows_only_active_institutions():
    InstitutionFactory(name_en="Active University", name_zh="", country=country("JP"))
    for status in (PartnerStatus.PROSPECTIVE, PartnerStatus.DORMANT, PartnerStatus.ENDED):
        InstitutionFactory(
            name_en=f"{status} University", name_zh="", country=country("KR"), status=status
        )

    directory = directory_build()

    names = [i.name for c in directory.countries for i in c.institutions]
    assert names == ["Active University"]
    assert [c.code for c in directory.countries] == ["JP"]
    assert partner_figures() == (1, PlaceCount(countries=1, regions_of_china=0))


def test_directory_names_in_the_active_language_fall_back_to_the_other():
    InstitutionFactory(name_en="Ghent University", name_zh="根特大学", country=country("BE"))
    InstitutionFactory(name_en="University of Mons", name_zh="", country=country("BE"))

    with translation.override("zh-hans"):
        belgium = directory_build().countries[0]
        assert belgium.name == "比利时"
        assert belgium.other_name == "Belgium"
        assert {(i.name, i.other_name) for i in belgium.institutions} == {
            ("根特大学", "Ghent University"),
            ("University of Mons", ""),
        }
    with translation.override("en"):
        belgium = directory_build().countries[0]
        assert [(i.name, i.other_name) for i in belgium.institutions] == [
            ("Ghent University", "根特大学"),
            ("University of Mons", ""),
        ]


def test_directory_search_ignores_case_and_accents_and_finds_countries():
    InstitutionFactory(name_en="University of Orléans", name_zh="奥尔良大学", country=country("FR"))
    InstitutionFactory(name_en="Kazan State University", country=country("RU"))

    with translation.override("zh-hans"):
        found = directory_build("ORLEANS")
    assert [i.name for c in found.countries for i in c.institutions] == ["奥尔良大学"]
    assert [c.code for c in directory_build("奥尔良").countries] == ["FR"]
    assert [c.code for c in directory_build("russia").countries] == ["RU"]
    assert directory_build("nowhere").institution_count == 0


def test_map_shades_each_country_by_its_partners_and_links_to_the_table():
    for n in range(4):
        InstitutionFactory(name_en=f"Tokyo University {n}", country=country("JP"))
    InstitutionFactory(name_en="Seoul University", country=country("KR"))

    with translation.override("en"):
        svg = str(world_map_svg(directory_build()))

    assert '<a href="#country-jp" class="map-link" data-country="JP">' in svg
    assert '<g class="map-country shade-3"><title>Japan: 4 partners</title>' in svg
    assert '<g class="map-country shade-1"><title>' in svg
    assert "<style" not in svg and "<script" not in svg and "style=" not in svg
    assert svg.count('class="map-link"') == 2


def test_shade_levels_follow_the_legend():
    assert [shade_for(n) for n in (0, 1, 2, 3, 4, 6, 7, 9, 10, 40)] == [
        0, 1, 2, 2, 3, 3, 4, 4, 5, 5
    ]  # fmt: skip
    assert len(SHADES) == 5


def test_country_missing_from_the_2015_map_shows_in_the_table_only():
    missing = sorted({"SS", "XK", "BQ", "CW", "SX"} - map_codes())
    assert missing, "the map has every country we tried; pick another"
    code = missing[0]
    InstitutionFactory(name_en="Far Away University", country=country(code))

    directory = directory_build()

    assert [c.code for c in countries_not_on_map(directory)] == [code]
    assert f'data-country="{code}"' not in str(world_map_svg(directory))
    assert directory.institution_count == 1


def test_compact_path_rounds_points_without_drift():
    from waishi.partners.directory import compact_path

    # 40 small steps of 0.4: rounding each step would lose 16 units, rounding points loses none.
    d = "m10.2 10.2" + "l0.4 0.4" * 40
    compact = compact_path(d)
    assert compact.startswith("M10 10l")
    steps = compact[len("M10 10l") :].replace("-", " -").split()
    assert sum(int(v) for v in steps[0::2]) == round(10.2 + 16) - 10
    assert compact_path("M10 10h5.6v-3.2l1 1 2 2z m3 3 l1 1") == "M10 10h6v-3l1 1 2 2zm3 3l1 1"
    assert compact_path("m1 1c0.5 0.5 1.5 1.5 2 2s1 1 2 2") == "M1 1c1 1 1 1 2 2s1 1 2 2"


def test_directory_lists_the_first_names_per_country_and_a_country_in_full():
    from waishi.partners.directory import SHOWN_PER_COUNTRY

    for n in range(SHOWN_PER_COUNTRY + 2):
        InstitutionFactory(name_en=f"Tokyo University {n:02d}", country=country("JP"))
    InstitutionFactory(name_en="Seoul University", country=country("KR"))

    whole = directory_build()
    japan = next(c for c in whole.countries if c.code == "JP")
    assert japan.count == SHOWN_PER_COUNTRY + 2
    assert len(japan.shown) == SHOWN_PER_COUNTRY and japan.more and whole.truncated

    one = directory_build(country="jp")
    assert [c.code for c in one.countries] == ["JP"]
    assert len(one.countries[0].shown) == SHOWN_PER_COUNTRY + 2
    assert not one.countries[0].more and not one.truncated


def test_map_with_a_base_image_draws_only_countries_with_partners():
    InstitutionFactory(name_en="Seoul University", country=country("KR"))

    with translation.override("en"):
        svg = str(world_map_svg(directory_build(), "/partners/world.svg"))

    assert '<image href="/partners/world.svg"' in svg
    assert svg.count('class="map-link"') == 1
    assert '<g class="map-country">' not in svg
    base = world_base_svg()
    assert base.startswith("<svg") and base.count("<path") > 100 and "style" not in base


def test_directory_lists_each_countrys_first_names_in_pinyin_order_with_full_counts():
    from waishi.core.names import name_sort_key
    from waishi.partners.directory import SHOWN_PER_COUNTRY

    # Code point order (中 北 安 巴 阿) is not pinyin order (a an ba bei zhong).
    names = [f"{first}{n:02d}大学" for n in range(5) for first in "中北安巴阿"]
    for n, name in enumerate(names):
        InstitutionFactory(name_en=f"University {n:02d}", name_zh=name, country=country("JP"))
    InstitutionFactory(name_en="Seoul University", name_zh="首尔大学", country=country("KR"))
    InstitutionFactory(
        name_en="Busan University", name_zh="", country=country("KR"), status=PartnerStatus.ENDED
    )

    with translation.override("zh-hans"):
        whole = directory_build()
        one = directory_build(country="JP")
    japan = next(c for c in whole.countries if c.code == "JP")
    in_pinyin_order = sorted(names, key=name_sort_key)
    assert in_pinyin_order[0].startswith("阿") and in_pinyin_order[-1].startswith("中")
    assert [i.name for i in japan.shown] == in_pinyin_order[:SHOWN_PER_COUNTRY]
    assert japan.count == len(names) and japan.more
    assert [i.name for i in one.countries[0].shown] == in_pinyin_order
    assert [(c.code, c.count) for c in whole.countries] == [("JP", len(names)), ("KR", 1)]
    assert whole.institution_count == len(names) + 1

    with translation.override("en"):
        japan = next(c for c in directory_build().countries if c.code == "JP")
    assert [i.name for i in japan.shown] == [f"University {n:02d}" for n in range(20)]


def test_sort_keys_follow_a_renamed_institution_and_a_bulk_import():
    from waishi.core.names import sort_key_text
    from waishi.partners.models import Institution
    from waishi.partners.services import institutions_create_many

    institution = InstitutionFactory(name_en="Old Name", name_zh="北京大学", country=country("JP"))
    assert institution.sort_zh == sort_key_text("北京大学")
    institution.name_zh = "阿尔大学"
    institution.save(update_fields=["name_zh"])
    institution.refresh_from_db()
    assert (institution.sort_zh, institution.sort_en) == (
        sort_key_text("阿尔大学"),
        sort_key_text("Old Name"),
    )

    institutions_create_many(
        [({"name_en": "Kyoto Seika", "name_zh": "", "country": country("JP")}, [])]
    )
    made = Institution.objects.get(name_en="Kyoto Seika")
    assert made.sort_zh == made.sort_en == sort_key_text("Kyoto Seika")
