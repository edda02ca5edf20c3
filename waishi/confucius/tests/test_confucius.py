import datetime
from io import BytesIO

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from openpyxl import load_workbook
from rest_framework.test import APIClient

from waishi.confucius import hooks, queries, services
from waishi.confucius.enums import InstituteStatus
from waishi.confucius.models import Institute
from waishi.confucius.tests.factories import (
    DispatchFactory,
    FiguresFactory,
    InstituteFactory,
    PersonFactory,
)
from waishi.partners.tests.factories import InstitutionFactory, country

pytestmark = pytest.mark.django_db

LIST = "/staff/confucius-institutes/"


@pytest.fixture(autouse=True)
def _only_our_sections(monkeypatch):
    monkeypatch.setattr("waishi.partners.hooks._sections", [])


# Services and rules ------------------------------------------------------------------------


def test_institute_country_defaults_to_the_host_country(personas):
    host = InstitutionFactory(country=country("TH"))
    institute = services.institute_create(
        by=personas.office_staff, name_zh="孔子学院", host=host, country=None
    )
    assert institute.country.code == "TH"
    assert institute.history.first().history_user == personas.office_staff


def test_institute_with_one_person_as_both_directors_is_refused():
    person = PersonFactory()
    with pytest.raises(ValidationError) as error:
        services.institute_create(
            name_zh="孔子学院",
            host=InstitutionFactory(),
            chinese_director=person,
            foreign_director=person,
        )
    assert error.value.message_dict == {
        "foreign_director": ["The Chinese and the foreign director are two different people."]
    }


def test_institute_close_records_date_and_reason_and_cannot_be_undone_by_edit():
    institute = InstituteFactory(founded_on=datetime.date(2012, 9, 1))
    services.institute_close(institute, closed_on=datetime.date(2024, 1, 31), reason="Host ended")
    institute.refresh_from_db()
    assert (institute.status, institute.closed_on, institute.close_reason) == (
        InstituteStatus.CLOSED,
        datetime.date(2024, 1, 31),
        "Host ended",
    )
    with pytest.raises(ValidationError) as error:
        services.institute_update(institute, status=InstituteStatus.OPERATING)
    assert list(error.value.message_dict) == ["status"]
    with pytest.raises(ValidationError):
        services.institute_close(institute, reason="again")


def test_institute_cannot_close_before_it_was_founded():
    institute = InstituteFactory(founded_on=datetime.date(2012, 9, 1))
    with pytest.raises(ValidationError) as error:
        services.institute_close(institute, closed_on=datetime.date(2011, 1, 1), reason="x")
    assert list(error.value.message_dict) == ["closed_on"]


def test_who_is_abroad_now(settings):
    settings.WAISHI_FROZEN_TODAY = datetime.date(2025, 3, 1)
    institute = InstituteFactory()
    abroad = DispatchFactory(institute=institute, starts_on=datetime.date(2024, 9, 1))
    overdue = DispatchFactory(
        institute=institute,
        starts_on=datetime.date(2023, 9, 1),
        ends_on=datetime.date(2024, 7, 31),
    )
    returns_tomorrow = DispatchFactory(
        institute=institute,
        starts_on=datetime.date(2024, 9, 1),
        returned_on=datetime.date(2025, 3, 2),
    )
    DispatchFactory(
        institute=institute,
        starts_on=datetime.date(2023, 9, 1),
        ends_on=datetime.date(2024, 7, 31),
        returned_on=datetime.date(2024, 7, 20),
    )
    DispatchFactory(institute=institute, starts_on=datetime.date(2025, 3, 2))  # leaves tomorrow
    assert set(queries.abroad_now(institute.dispatches.all())) == {
        abroad,
        overdue,
        returns_tomorrow,
    }


def test_posting_coming_back_before_it_started_is_refused():
    with pytest.raises(ValidationError) as error:
        services.dispatch_save(
            InstituteFactory(),
            person=PersonFactory(),
            role="volunteer",
            starts_on=datetime.date(2024, 9, 1),
            returned_on=datetime.date(2024, 8, 1),
        )
    assert error.value.message_dict == {
        "returned_on": ["The person cannot come back before the term starts."]
    }


def test_figures_of_one_year_recorded_twice_are_refused():
    institute = InstituteFactory()
    services.figures_save(institute, year=2023, students=900, hsk_takers=120)
    with pytest.raises(ValidationError) as error:
        services.figures_save(institute, year=2023, students=950)
    assert error.value.message_dict == {"year": ["The figures of 2023 are already recorded."]}


def test_institutes_count_counts_only_operating():
    InstituteFactory()
    InstituteFactory()
    InstituteFactory(status=InstituteStatus.PREPARING)
    services.institute_close(InstituteFactory(founded_on=None), reason="x")
    assert queries.institutes_count() == 2


def test_partner_merge_moves_hosted_institutes_and_section_shows_them(personas):
    duplicate, survivor = InstitutionFactory(), InstitutionFactory()
    institute = InstituteFactory(host=duplicate, home_unit=personas.college)
    assert services.institutes_merge_partner(duplicate, survivor) == 1
    institute.refresh_from_db()
    assert institute.host == survivor
    section = hooks.partner_section(survivor, personas.liaison)
    assert section is not None
    assert section.context["institutes"] == [institute]
    assert hooks.partner_section(survivor, personas.teacher) is None
    assert hooks.partner_section(survivor, personas.other_teacher) is None


# Pages -------------------------------------------------------------------------------------


def test_list_shows_a_head_only_the_institutes_their_college_runs(client, personas):
    InstituteFactory(name_en="Ours", home_unit=personas.college)
    InstituteFactory(name_en="Theirs", home_unit=personas.other_college)
    InstituteFactory(name_en="Office-run", home_unit=None)
    client.force_login(personas.head)
    assert [i.name_en for i in client.get(LIST).context["object_list"]] == ["Ours"]
    client.force_login(personas.leader)
    assert len(client.get(LIST).context["object_list"]) == 3


def test_list_search_and_status_filter(client, personas):
    InstituteFactory(name_en="Confucius Institute at Khon Kaen", city="Khon Kaen")
    InstituteFactory(name_en="Confucius Institute at Lyon", status=InstituteStatus.PREPARING)
    client.force_login(personas.office_staff)
    found = client.get(LIST, {"q": "khon"}).context["object_list"]
    assert [i.name_en for i in found] == ["Confucius Institute at Khon Kaen"]
    found = client.get(LIST, {"status": "preparing"}).context["object_list"]
    assert [i.name_en for i in found] == ["Confucius Institute at Lyon"]


@pytest.mark.parametrize("rows", [1, 3])
def test_list_query_count_does_not_grow_with_rows(
    client, personas, rows, django_assert_num_queries
):
    for _ in range(rows):
        institute = InstituteFactory(
            chinese_director=PersonFactory(), foreign_director=PersonFactory()
        )
        DispatchFactory(institute=institute, starts_on=datetime.date(2020, 1, 1))
        DispatchFactory(institute=institute, returned_on=datetime.date(2024, 12, 1))
    client.force_login(personas.office_staff)
    client.get(LIST)
    with django_assert_num_queries(7):
        response = client.get(LIST)
    assert [i.abroad_count for i in response.context["object_list"]] == [1] * rows


def test_detail_shows_staff_abroad_and_figures(client, personas, settings):
    settings.WAISHI_FROZEN_TODAY = datetime.date(2025, 3, 1)
    institute = InstituteFactory()
    DispatchFactory(institute=institute, person=PersonFactory(name_zh="李明"))
    FiguresFactory(institute=institute, year=2024, students=812, hsk_takers=133)
    client.force_login(personas.auditor)
    response = client.get(institute.get_absolute_url())
    page = response.content.decode()
    assert response.context["abroad_count"] == 1
    assert "李明" in page and "812" in page and "133" in page


def test_abroad_page_lists_people_abroad_in_scope(client, personas, settings):
    settings.WAISHI_FROZEN_TODAY = datetime.date(2025, 3, 1)
    ours = DispatchFactory(institute=InstituteFactory(home_unit=personas.college))
    DispatchFactory(institute=InstituteFactory(home_unit=personas.other_college))
    client.force_login(personas.liaison)
    response = client.get(reverse("confucius:dispatch.abroad"))
    assert list(response.context["object_list"]) == [ours]


def test_create_through_the_form_and_refusal_keeps_input(client, personas):
    host = InstitutionFactory(country=country("TH"))
    client.force_login(personas.office_staff)
    url = reverse("confucius:institute.create")
    response = client.post(
        url, {"name_zh": "", "name_en": "", "host": host.pk, "status": "operating"}
    )
    assert response.context["form"].errors == {"name_zh": ["This field is required."]}
    response = client.post(
        url,
        {
            "name_zh": "孔敬大学孔子学院",
            "name_en": "Confucius Institute at Khon Kaen University",
            "host": host.pk,
            "city": "Khon Kaen",
            "founded_on": "2006-08-01",
            "website": "ci.example.ac.th",
            "status": "operating",
        },
    )
    institute = Institute.objects.get()
    assert response["Location"] == institute.get_absolute_url()
    assert (institute.country.code, institute.website) == ("TH", "https://ci.example.ac.th")


def test_export_has_institutes_figures_and_staff(client, personas):
    institute = InstituteFactory(name_zh="孔子学院甲")
    FiguresFactory(institute=institute, year=2024, students=700)
    DispatchFactory(
        institute=institute, person=PersonFactory(name_zh="李明", given_name="", family_name="")
    )
    client.force_login(personas.auditor)
    response = client.get(reverse("confucius:institute.export"))
    book = load_workbook(BytesIO(b"".join(response.streaming_content)))
    institutes, figures, staff = book.worksheets
    assert [r[1] for r in institutes.iter_rows(min_row=2, values_only=True)] == ["孔子学院甲"]
    assert [r[2:4] for r in figures.iter_rows(min_row=2, values_only=True)] == [(2024, 700)]
    assert [r[2] for r in staff.iter_rows(min_row=2, values_only=True)] == ["李明"]


def test_public_page_shows_operating_institutes_in_english(client):
    host = InstitutionFactory(name_en="Khon Kaen University", name_zh="孔敬大学")
    institute = InstituteFactory(
        name_en="Confucius Institute at KKU", name_zh="孔敬大学孔子学院", host=host
    )
    FiguresFactory(institute=institute, year=2023, students=500)
    FiguresFactory(institute=institute, year=2024, students=812)
    InstituteFactory(
        name_en="Closed One", status=InstituteStatus.CLOSED, closed_on=datetime.date(2020, 1, 1)
    )
    InstituteFactory(name_en="Preparing One", status=InstituteStatus.PREPARING)
    response = client.get("/confucius-institutes/")
    page = response.content.decode()
    assert [i.name_en for i in response.context["institutes"]] == ["Confucius Institute at KKU"]
    assert "Khon Kaen University" in page and "812 students" in page
    assert "Closed One" not in page and "Preparing One" not in page


def test_public_page_in_chinese(client):
    host = InstitutionFactory(name_en="Khon Kaen University", name_zh="孔敬大学")
    InstituteFactory(name_en="Confucius Institute at KKU", name_zh="孔敬大学孔子学院", host=host)
    client.cookies["django_language"] = "zh-hans"
    page = client.get("/confucius-institutes/").content.decode()
    assert '<h2 class="h5 card-title">孔敬大学孔子学院</h2>' in page
    assert "<h1>孔子学院</h1>" in page


@pytest.mark.parametrize("rows", [1, 30])
def test_public_page_is_cut_in_pages_by_the_database(client, django_assert_num_queries, rows):
    for n in range(rows):
        institute = InstituteFactory(
            name_en=f"Confucius Institute {n:02}", founded_on=datetime.date(2000 + n % 20, 1, 1)
        )
        FiguresFactory(institute=institute, year=2023, students=500 + n)
        FiguresFactory(institute=institute, year=2024, students=900 + n)
    client.get("/confucius-institutes/")
    # The count, the page's institutes and their latest figures, however many there are.
    with django_assert_num_queries(3):
        response = client.get("/confucius-institutes/")
    page = response.content.decode()
    shown = response.context["institutes"]
    assert len(shown) == min(rows, 24)
    assert response.context["page_obj"].paginator.count == rows
    assert [i.latest_figures[0].year for i in shown] == [2024] * len(shown)
    assert "900 students" in page and "500 students" not in page
    if rows > 24:
        assert f"{rows} records, showing 1–24" in page
        second = client.get("/confucius-institutes/", {"page": 2}).context["institutes"]
        assert len(second) == rows - 24
        assert not {i.pk for i in second} & {i.pk for i in shown}


# API ---------------------------------------------------------------------------------------


def test_api_scoped_to_the_college_in_charge(personas):
    api = APIClient()
    ours = InstituteFactory(home_unit=personas.college)
    InstituteFactory(home_unit=personas.other_college)
    api.force_authenticate(personas.liaison)
    body = api.get("/api/confucius-institutes/").json()
    assert [r["id"] for r in body["results"]] == [ours.pk]
    api.force_authenticate(personas.outsider)
    assert api.get("/api/confucius-institutes/").status_code == 403


@pytest.mark.parametrize("rows", [1, 3])
def test_api_list_query_count_is_fixed(personas, django_assert_num_queries, rows):
    api = APIClient()
    for _ in range(rows):
        institute = InstituteFactory(chinese_director=PersonFactory())
        FiguresFactory(institute=institute)
        DispatchFactory(institute=institute)
    api.force_authenticate(personas.auditor)
    # The user's groups, the count, the institutes, their figures, and their people sent with
    # each person's names in the same query.
    with django_assert_num_queries(5):
        body = api.get("/api/confucius-institutes/").json()
    assert [len(r["dispatches"]) for r in body["results"]] == [1] * rows


def test_api_rows_read_as_their_fields_would_and_written_institutes_answer_in_full(personas):
    from rest_framework import serializers

    from waishi.confucius.api import (
        InstituteDispatchSerializer,
        InstituteFiguresSerializer,
        shown_institutes,
    )

    institute = InstituteFactory()
    FiguresFactory(institute=institute, year=2023, hsk_takers=12)
    FiguresFactory(institute=institute, year=2024)
    DispatchFactory(institute=institute, ends_on=None, returned_on=None)
    DispatchFactory(
        institute=institute,
        person=PersonFactory(family_name="", given_name="", name_zh="", passport_name="LI SI"),
        starts_on=datetime.date(2020, 9, 1),
        ends_on=datetime.date(2022, 7, 31),
        returned_on=datetime.date(2022, 8, 2),
    )
    api = APIClient()
    api.force_authenticate(personas.auditor)
    body = api.get(f"/api/confucius-institutes/{institute.pk}/").json()

    shown = shown_institutes(Institute.objects.all()).get()

    # What the fields themselves write (DRF's own way), key for key and in their order.
    def as_the_fields_write(serializer, rows):
        return [
            list(serializers.ModelSerializer.to_representation(serializer, r).items()) for r in rows
        ]

    rows = shown.shown_figures, shown.shown_dispatches  # type: ignore[attr-defined]
    assert [list(r.items()) for r in body["figures"]] == as_the_fields_write(
        InstituteFiguresSerializer(), rows[0]
    )
    assert [list(r.items()) for r in body["dispatches"]] == as_the_fields_write(
        InstituteDispatchSerializer(), rows[1]
    )
    # In the models' orders, as the relations read them.
    assert [f["year"] for f in body["figures"]] == [2024, 2023]
    assert [d["id"] for d in body["dispatches"]] == [d.pk for d in institute.dispatches.all()]
    assert body["dispatches"][1]["person_name"] == "LI SI"

    api.force_authenticate(personas.office_staff)
    changed = api.patch(
        f"/api/confucius-institutes/{institute.pk}/", {"city": "Lyon"}, format="json"
    )
    assert changed.status_code == 200
    assert changed.json() == body | {"city": "Lyon"}


@pytest.mark.parametrize("rows", [1, 3])
def test_abroad_page_query_count_is_fixed(client, personas, django_assert_num_queries, rows):
    for _ in range(rows):
        DispatchFactory(starts_on=datetime.date(2020, 1, 1))
    client.force_login(personas.office_staff)
    client.get(reverse("confucius:dispatch.abroad"))
    with django_assert_num_queries(6):
        response = client.get(reverse("confucius:dispatch.abroad"))
    assert len(response.context["object_list"]) == rows
    assert response.context["paginator"].count == rows


def test_abroad_page_institute_filter_searches_as_one_types(client, personas, settings):
    settings.WAISHI_FROZEN_TODAY = datetime.date(2025, 3, 1)
    lyon = InstituteFactory(name_en="Confucius Institute at Lyon", city="Lyon")
    InstituteFactory(name_en="Confucius Institute at Porto", city="Porto")
    ours = DispatchFactory(institute=lyon)
    DispatchFactory()
    client.force_login(personas.office_staff)
    page = client.get(reverse("confucius:dispatch.abroad")).content.decode()
    # The institutes are not all written into the page: the filter asks as one types.
    assert 'data-search-url="/staff/pick/confucius_institutes/"' in page
    assert "Porto" not in page
    response = client.get(reverse("confucius:dispatch.abroad"), {"institute": lyon.pk})
    assert list(response.context["object_list"]) == [ours]
    assert f'<option value="{lyon.pk}" selected>' in response.content.decode()
    found = client.get(reverse("core:pick", args=["confucius_institutes"]), {"q": "lyon"})
    assert [m["id"] for m in found.json()["results"]] == [lyon.pk]


def test_institute_picker_offers_only_the_institutes_in_scope(client, personas):
    ours = InstituteFactory(name_en="Confucius Institute at Lyon", home_unit=personas.college)
    InstituteFactory(name_en="Confucius Institute at Lyon II", home_unit=personas.other_college)
    client.force_login(personas.liaison)
    found = client.get(reverse("core:pick", args=["confucius_institutes"]), {"q": "Lyon"})
    assert [m["id"] for m in found.json()["results"]] == [ours.pk]


def test_api_create_by_office(personas):
    api = APIClient()
    api.force_authenticate(personas.office_staff)
    host = InstitutionFactory(country=country("TH"))
    response = api.post(
        "/api/confucius-institutes/",
        {"name_zh": "孔子学院", "host": host.pk, "status": "operating"},
        format="json",
    )
    assert response.status_code == 201
    assert Institute.objects.get().country.code == "TH"
    assert (response.json()["figures"], response.json()["dispatches"]) == ([], [])


def test_partner_page_shows_its_institutes_section(client, personas, monkeypatch):
    monkeypatch.setattr("waishi.partners.hooks._sections", [hooks.partner_section])
    host = InstitutionFactory()
    institute = InstituteFactory(name_en="CI at Host", host=host, city="Lyon")
    InstituteFactory(name_en="CI elsewhere")  # at another partner
    client.cookies["django_language"] = "en"
    client.force_login(personas.auditor)
    html = client.get(host.get_absolute_url()).content.decode()
    assert f'<a href="{institute.get_absolute_url()}">CI at Host</a>' in html
    assert "Lyon · Operating" in html
    assert "CI elsewhere" not in html


def test_export_writes_text_that_looks_like_a_formula_as_text(client, personas):
    from waishi.core.testing import FORMULAS, assert_written_as_text

    institute = InstituteFactory(name_zh=FORMULAS[0], city=FORMULAS[1])
    DispatchFactory(
        institute=institute,
        person=PersonFactory(name_zh=FORMULAS[2], given_name="", family_name=""),
    )
    client.force_login(personas.auditor)
    response = client.get(reverse("confucius:institute.export"))
    assert_written_as_text(response, FORMULAS[0], FORMULAS[1], FORMULAS[2])
