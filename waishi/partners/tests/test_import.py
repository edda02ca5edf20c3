"""The seed's Global Partners table: each quirk, the report, idempotence, the command."""

import filecmp
from collections import Counter
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.utils import translation

from waishi.core import starting_data
from waishi.partners import services
from waishi.partners.enums import OtherNameKind, PartnerStatus
from waishi.partners.importer import (
    SEED_PAGE,
    partner_page_import,
    partner_page_import_file,
    partner_page_load_starting,
    partner_page_parse,
)
from waishi.partners.models import Institution, InstitutionName
from waishi.partners.tests.factories import InstitutionFactory, country

pytestmark = pytest.mark.django_db

SHARED_SEED = Path("/work/shared/seed/xtu-international-overview.txt")


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


def _page(*lines: str) -> str:
    return "\n".join(["Intro text (2)", "Table: Global Partners", "", *lines])


def _messages(report, kind):
    return [n.message for n in report.notices_of(kind)]


def test_project_copy_of_the_seed_is_byte_identical():
    if not SHARED_SEED.exists():
        pytest.skip("the shared seed is not on this machine")
    assert filecmp.cmp(SEED_PAGE, SHARED_SEED, shallow=False)


def test_import_seed_loads_67_institutions_in_22_countries_by_continent():
    report = partner_page_import_file(SEED_PAGE)

    assert len(report.created) == 67
    assert Institution.objects.count() == 67
    assert Institution.objects.values("country").distinct().count() == 22
    by_continent = Counter(Institution.objects.values_list("country__continent", flat=True))
    assert by_continent == {"asia": 15, "europe": 31, "americas": 14, "oceania": 3, "africa": 4}
    assert set(Institution.objects.values_list("status", flat=True)) == {PartnerStatus.ACTIVE}
    assert report.continent_counts == {
        "asia": 15, "europe": 31, "americas": 14, "oceania": 3, "africa": 4
    }  # fmt: skip
    assert report.country_count == 22


def test_import_seed_reads_names_as_written_by_country():
    partner_page_import_file(SEED_PAGE)

    korea = set(Institution.objects.filter(country__code="KR").values_list("name_en", flat=True))
    assert korea == {
        "Chung-Ang University", "Jeju National University", "Youngsan University",
        "Kwangju Hunan University", "Kongju National University", "Ajou University",
    }  # fmt: skip
    uk = set(Institution.objects.filter(country__code="GB").values_list("name_en", flat=True))
    assert uk == {
        "Swansea University", "University of the West of Scotland", "University of Dundee",
        "University of Central Lancashire",
    }  # fmt: skip
    assert set(
        Institution.objects.filter(country__code="AU").values_list("name_en", flat=True)
    ) == {"University of Adelaide", "Macquarie University", "University of Canberra"}
    # The last line of the file has no line break.
    assert Institution.objects.filter(name_en="Makerere University", country__code="UG").exists()


def test_import_heading_written_twice_is_read_once_and_reported():
    report = partner_page_parse(SEED_PAGE.read_text(encoding="utf-8"))

    assert _messages(report, "heading") == ["“Australia (3)” written twice in a row; read once"]
    assert [e.name for e in report.entries if e.country_code == "AU"] == [
        "University of Adelaide",
        "Macquarie University",
        "University of Canberra",
    ]
    assert _messages(report, "count") == [
        "“Europe (31)” says 31, the page lists 48 under it "
        "(31 in its own countries, 17 in countries of other continents)"
    ]


def test_import_continent_comes_from_country_data_and_report_says_where_page_disagrees():
    report = partner_page_import_file(SEED_PAGE)

    assert _messages(report, "placement") == [
        "the page puts United States of America under “Europe (31)”; "
        "United States of America is in Americas",
        "the page puts Canada under “Europe (31)”; Canada is in Americas",
        "the page puts Mexico under “Europe (31)”; Mexico is in Americas",
        "the page puts Cuba under “Europe (31)”; Cuba is in Americas",
        "the page puts Australia under “Europe (31)”; Australia is in Oceania",
        "Americas has no heading on the page; 14 names in "
        "Canada, Cuba, Mexico, United States of America",
        "Oceania has no heading on the page; 3 names in Australia",
    ]
    assert Institution.objects.get(name_en="University of Havana").country.continent == "americas"


def test_import_chinese_list_comma_separates_names():
    report = partner_page_import(
        _page(
            "Europe (3)",
            "Germany (3)",
            "University of Marburg, Humboldt University、"
            "Fresenius University of Applied Science and Technology",
        )
    )

    assert set(Institution.objects.values_list("name_en", flat=True)) == {
        "University of Marburg",
        "Humboldt University",
        "Fresenius University of Applied Science and Technology",
    }
    assert _messages(report, "mend") == [
        "read the Chinese list comma (、) as a separator between names"
    ]
    assert _messages(report, "count") == []


def test_import_editor_note_inside_a_name_is_read_as_a_space_and_spelling_kept():
    partner_page_import(_page("USA (1)", "University of Missouri St.(空格)Louis"))

    institution = Institution.objects.get()
    assert institution.name_en == "University of Missouri St. Louis"
    assert list(institution.other_names.values_list("name", "kind")) == [
        ("University of Missouri St.(空格)Louis", OtherNameKind.SPELLING)
    ]


def test_import_stray_and_doubled_spaces_are_tidied():
    report = partner_page_import(
        _page(
            "Asia (2)",
            "Korea (2)",
            "   Kwangju Hunan\u00a0 University,  Ajou University     ",
        )
    )

    assert set(Institution.objects.values_list("name_en", flat=True)) == {
        "Kwangju Hunan University",
        "Ajou University",
    }
    assert _messages(report, "mend") == ["removed doubled spaces in “Kwangju Hunan University”"]
    # Spaces are not a spelling worth keeping.
    assert InstitutionName.objects.count() == 0


def test_import_missing_last_letter_is_mended_and_page_spelling_kept():
    report = partner_page_import(_page("France (2)", "University of Tours, University of Orléan"))

    orleans = Institution.objects.get(name_en="University of Orléans")
    assert list(orleans.other_names.values_list("name", "kind")) == [
        ("University of Orléan", OtherNameKind.SPELLING)
    ]
    assert Institution.objects.filter(name_en="University of Tours").exists()
    assert _messages(report, "mend") == [
        "“University of Orléan” is missing its last letter: “University of Orléans”"
    ]
    # Search finds it by the mended name, without accents.
    assert "orleans" in orleans.search_text
    assert "orlean |" in orleans.search_text + " |"


def test_import_misspelled_place_is_only_reported_never_changed():
    report = partner_page_import(_page("Czech (1)", "Braque Institute of Chemical Technology"))

    assert list(Institution.objects.values_list("name_en", flat=True)) == [
        "Braque Institute of Chemical Technology"
    ]
    assert _messages(report, "check") == [
        "“Braque” in “Braque Institute of Chemical Technology” may be a misspelling of "
        "“Prague”; correct the name in the registry if so (the import will not create it again)"
    ]
    assert _messages(report, "mend") == []


def test_import_seed_mends_and_checks_exactly_these():
    report = partner_page_parse(SEED_PAGE.read_text(encoding="utf-8"))

    assert [(n.line, n.message) for n in report.notices_of("mend")] == [
        (26, "removed doubled spaces in “Kwangju Hunan University”"),
        (36, "wrote “University Of Central Lancashire” as “University of Central Lancashire”"),
        (38, "“University of Orléan” is missing its last letter: “University of Orléans”"),
        (44, "read the Chinese list comma (、) as a separator between names"),
        (
            56,
            "removed the editor's note “(空格)” from “University of Missouri St.(空格)Louis” "
            "(read as a space)",
        ),
    ]
    assert [n.line for n in report.notices_of("check")] == [46]
    assert report.notices_of("unreadable") == []


def test_import_count_that_differs_from_names_found_is_reported():
    report = partner_page_import(
        _page("Asia (3)", "Japan (3)", "Kagoshima University, Shiga University")
    )

    assert _messages(report, "count") == [
        "“Japan (3)” says 3, the page lists 2",
        "“Asia (3)” says 3, the page lists 2 under it",
    ]
    assert Institution.objects.count() == 2


def test_import_unreadable_lines_are_reported_and_nothing_invented():
    report = partner_page_import(
        _page(
            "Orphan University",
            "Asia (1)",
            "Atlantis (2)",
            "Lost University, Sunken College",
            "Japan (1)",
            "Kagoshima University",
        )
    )

    assert [(n.line, n.message) for n in report.notices_of("unreadable")] == [
        (4, "names without a country heading above them: “Orphan University”"),
        (6, "“Atlantis (2)” is neither a continent nor a country known to the registry"),
        (7, "names without a country heading above them: “Lost University, Sunken College”"),
    ]
    assert list(Institution.objects.values_list("name_en", flat=True)) == ["Kagoshima University"]


def test_import_same_name_twice_in_a_country_is_loaded_once():
    report = partner_page_import(_page("Japan (2)", "Shiga University, Shiga  university"))

    assert Institution.objects.count() == 1
    assert _messages(report, "duplicate") == ["“Shiga university” in Japan"]


def test_import_twice_changes_nothing_and_says_so():
    partner_page_import_file(SEED_PAGE)
    history_rows = Institution.history.count()
    names = InstitutionName.objects.count()

    again = partner_page_import_file(SEED_PAGE)

    assert again.created == []
    assert again.already_there == 67
    assert again.changed is False
    assert Institution.history.count() == history_rows
    assert InstitutionName.objects.count() == names
    assert (
        again.lines()[-1] == "Nothing to change: all 67 institutions are already in the registry."
    )


def test_import_keeps_what_users_edited(personas):
    partner_page_import_file(SEED_PAGE)
    braque = Institution.objects.get(name_en="Braque Institute of Chemical Technology")
    services.institution_update(
        braque,
        by=personas.office_staff,
        name_en="University of Chemistry and Technology, Prague",
        name_zh="布拉格化工大学",
        city="Prague",
    )
    havana = Institution.objects.get(name_en="University of Havana")
    services.institution_end(
        havana,
        by=personas.office_staff,
        ended_on=havana.created_at.date(),
        reason="Agreement not renewed",
    )
    gone = Institution.objects.get(name_en="University of Winnipeg")
    gone.delete()

    again = partner_page_import_file(SEED_PAGE)

    assert again.created == []
    assert again.not_recreated == ["University of Winnipeg"]
    braque.refresh_from_db()
    assert (braque.name_en, braque.name_zh, braque.city) == (
        "University of Chemistry and Technology, Prague",
        "布拉格化工大学",
        "Prague",
    )
    assert Institution.objects.get(pk=havana.pk).status == PartnerStatus.ENDED
    assert Institution.objects.count() == 66


def test_import_finds_an_institution_the_office_entered_first():
    InstitutionFactory(name_en="University of Orléans", name_zh="奥尔良大学", country=country("FR"))

    report = partner_page_import(_page("France (1)", "University of Orléan"))

    assert report.created == []
    assert report.already_there == 1
    assert Institution.objects.get().name_zh == "奥尔良大学"


def test_import_dry_run_writes_nothing():
    report = partner_page_import_file(SEED_PAGE, dry_run=True)

    assert len(report.created) == 67
    assert Institution.objects.count() == 0
    assert report.lines()[-1] == (
        "Dry run: 67 would be created, 0 are already in the registry; nothing was written."
    )


def test_import_command_prints_report_and_second_run_says_nothing_changed():
    out = StringIO()
    call_command("import_partner_page", str(SEED_PAGE), stdout=out)
    lines = out.getvalue().splitlines()
    assert lines[0] == (
        "The page lists 67 institutions in 22 countries: "
        "Asia 15, Europe 31, Americas 14, Oceania 3, Africa 4."
    )
    assert "Headings whose stated count differs from the names found:" in lines
    assert "Mended:" in lines
    assert "To check by hand (left as written):" in lines
    assert lines[-1] == "Created 67 institutions; 0 were already in the registry."

    out = StringIO()
    call_command("import_partner_page", str(SEED_PAGE), stdout=out)
    assert out.getvalue().splitlines()[-1] == (
        "Nothing to change: all 67 institutions are already in the registry."
    )


def test_import_command_refuses_a_missing_file(tmp_path):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError):
        call_command("import_partner_page", str(tmp_path / "nope.txt"), stdout=StringIO())


def test_starting_data_loader_imports_on_an_empty_database_only():
    said: list[str] = []
    loader = next(item for item in starting_data.loaders() if item.name == "partners")

    loader.load(said.append)
    assert Institution.objects.count() == 67
    loader.load(said.append)
    assert Institution.objects.count() == 67
    assert said[-1] == "partners: institutions already present, page not imported"


def test_starting_data_loader_leaves_an_office_registry_alone():
    InstitutionFactory(name_en="Somewhere University")

    partner_page_load_starting(lambda line: None)

    assert list(Institution.objects.values_list("name_en", flat=True)) == ["Somewhere University"]


SEED_WITHOUT_CHINESE_NAME = [
    "Seisen University",
    "Youngsan University",
    "Kwangju Hunan University",
    "Lampang College of Commerce and Technology",
    "Lampang Campus of Rajamangla Institute of Technology",
    "National Security College",
    "Paris Higher School of Economics",
    "Warren National University",
    "Fresenius University of Applied Science and Technology",
    "University of Kent",
    "Sunyani Technical University",
]


def test_import_seed_gives_the_official_chinese_names_and_reports_the_unknown():
    report = partner_page_import_file(SEED_PAGE)

    names = dict(Institution.objects.values_list("name_en", "name_zh"))
    assert names["Doshisha University"] == "同志社大学"
    assert names["National Autonomous University of Mexico"] == "墨西哥国立自治大学"
    assert names["Braque Institute of Chemical Technology"] == "布拉格化工大学"
    assert sorted(n for n, zh in names.items() if not zh) == sorted(SEED_WITHOUT_CHINESE_NAME)
    assert report.no_chinese_name == SEED_WITHOUT_CHINESE_NAME
    assert (
        "No official Chinese name known (left empty; add it on the partner's page): "
        + ", ".join(SEED_WITHOUT_CHINESE_NAME)
    ) in report.lines()


def test_starting_data_adds_the_chinese_names_to_a_registry_loaded_without_them():
    makerere = InstitutionFactory(name_en="Makerere University", name_zh="", country=country("UG"))
    typed = InstitutionFactory(name_en="Ghent University", name_zh="根特", country=country("BE"))
    said: list[str] = []

    partner_page_load_starting(said.append)

    makerere.refresh_from_db()
    typed.refresh_from_db()
    assert (makerere.name_zh, typed.name_zh) == ("马凯雷雷大学", "根特")
    assert said == [
        "partners: institutions already present, page not imported; official Chinese names added: 1"
    ]
