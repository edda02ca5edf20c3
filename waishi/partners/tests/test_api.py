import pytest
from rest_framework.test import APIClient

from waishi.partners import services
from waishi.partners.models import Institution
from waishi.partners.tests.factories import ContactFactory, InstitutionFactory, country

pytestmark = pytest.mark.django_db
PARTNERS = "/api/partners/"
COUNTRIES = "/api/countries/"


@pytest.fixture
def api():
    return APIClient()


def _names(response):
    return [row["name_en"] for row in response.json()["results"]]


def test_api_list_search_and_filter(api, personas):
    orleans = InstitutionFactory(name_en="University of Orléans", name_zh="奥尔良大学")
    services.other_name_add(orleans, name="UO")
    InstitutionFactory(name_en="Kyoto University", country=country("JP"), status="dormant")
    api.force_authenticate(personas.teacher)
    assert _names(api.get(PARTNERS, {"q": "orleans"})) == ["University of Orléans"]
    assert _names(api.get(PARTNERS, {"q": "奥尔良"})) == ["University of Orléans"]
    assert _names(api.get(PARTNERS, {"continent": "asia"})) == ["Kyoto University"]
    assert _names(api.get(PARTNERS, {"status": "dormant"})) == ["Kyoto University"]
    assert _names(api.get(PARTNERS, {"country": "FR"})) == ["University of Orléans"]
    row = api.get(f"{PARTNERS}{orleans.pk}/").json()
    assert (row["country"], row["continent"], row["other_names"]) == ("FR", "europe", ["UO"])


@pytest.mark.parametrize("role", ["teacher", "auditor", "leader", "office_staff"])
def test_api_list_shows_every_partner_to_each_staff_role(api, personas, role):
    InstitutionFactory(name_en="University of Orléans")
    InstitutionFactory(name_en="Kyoto University", country=country("JP"))
    api.force_authenticate(getattr(personas, role))
    response = api.get(PARTNERS)
    assert response.json()["count"] == 2
    assert _names(response) == ["Kyoto University", "University of Orléans"]


def test_api_list_refused_to_an_account_without_a_role(api, personas):
    InstitutionFactory(name_en="University of Orléans")
    api.force_authenticate(personas.outsider)
    response = api.get(PARTNERS)
    assert response.status_code == 403
    assert "University of Orléans" not in response.content.decode()


def test_api_anonymous_refused(api, personas):
    InstitutionFactory()
    assert api.get(PARTNERS).status_code in (401, 403)
    assert api.get(COUNTRIES).status_code in (401, 403)


@pytest.mark.parametrize(
    ("role", "status"),
    [("office_staff", 201), ("director", 201), ("auditor", 403), ("teacher", 403)],
)
def test_api_create_per_role(api, personas, role, status):
    api.force_authenticate(getattr(personas, role))
    response = api.post(
        PARTNERS,
        {"name_en": "Charles University", "name_zh": "布拉格查理大学", "country": "CZ"},
        format="json",
    )
    assert response.status_code == status
    assert Institution.objects.filter(name_en="Charles University").count() == (
        1 if status == 201 else 0
    )


def test_api_create_duplicate_refused_with_link(api, personas):
    first = InstitutionFactory(name_en="University of Orléans")
    api.force_authenticate(personas.office_staff)
    response = api.post(
        PARTNERS, {"name_en": "university of orleans", "country": "FR"}, format="json"
    )
    assert response.status_code == 400
    assert response.json()["duplicate_of"] == [str(first.pk)]
    assert f"/staff/partners/{first.pk}/" in response.json()["name_en"][0]


def test_api_update_per_role(api, personas):
    institution = InstitutionFactory(city="Paris")
    url = f"{PARTNERS}{institution.pk}/"
    api.force_authenticate(personas.auditor)
    assert api.patch(url, {"city": "Lyon"}, format="json").status_code == 403
    api.force_authenticate(personas.office_staff)
    response = api.patch(
        url, {"city": "Lyon", "responsible": personas.office_staff.username}, format="json"
    )
    assert response.status_code == 200
    institution.refresh_from_db()
    assert (institution.city, institution.responsible) == ("Lyon", personas.office_staff)
    assert institution.history.first().history_user == personas.office_staff


def test_api_responsible_must_be_office(api, personas):
    institution = InstitutionFactory()
    api.force_authenticate(personas.office_staff)
    response = api.patch(
        f"{PARTNERS}{institution.pk}/", {"responsible": personas.teacher.username}, format="json"
    )
    assert response.status_code == 400
    assert list(response.json()) == ["responsible"]
    institution.refresh_from_db()
    assert institution.responsible is None


@pytest.mark.parametrize("rows", [1, 3, 20])
def test_api_list_query_count_is_fixed(api, personas, django_assert_num_queries, rows):
    for _ in range(rows):
        ContactFactory(institution=InstitutionFactory(responsible=personas.office_staff))
    api.force_authenticate(personas.teacher)
    with django_assert_num_queries(5):
        response = api.get(PARTNERS, {"page_size": 100})
    assert response.json()["count"] == rows


def test_api_countries_search_and_continent(api, personas):
    api.force_authenticate(personas.outsider)
    assert [c["code"] for c in api.get(COUNTRIES, {"q": "法国"}).json()["results"]] == ["FR"]
    codes = {
        c["code"]
        for c in api.get(COUNTRIES, {"continent": "oceania", "page_size": 500}).json()["results"]
    }
    assert {"AU", "NZ"} <= codes and "FR" not in codes


def test_api_countries_are_read_only(api, personas):
    api.force_authenticate(personas.office_staff)
    assert api.post(COUNTRIES, {"code": "ZZ"}, format="json").status_code == 403


def test_schema_documents_partners_and_countries(client, personas):
    client.force_login(personas.teacher)
    response = client.get("/api/schema/", {"format": "json"})
    paths = response.json()["paths"]
    assert {"get", "post"} <= set(paths["/api/partners/"])
    assert {"get", "put", "patch"} <= set(paths["/api/partners/{id}/"])
    assert set(paths["/api/countries/"]) == {"get"}
