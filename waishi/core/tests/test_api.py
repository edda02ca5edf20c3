import pytest
from drf_spectacular.generators import SchemaGenerator
from rest_framework.authtoken.models import Token

from waishi.core.enums import Role
from waishi.core.models import User
from waishi.core.tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_api_answers_with_a_token(client, personas):
    token = Token.objects.create(user=personas.teacher)
    response = client.get("/api/users/me/", HTTP_AUTHORIZATION=f"Token {token.key}")
    assert response.status_code == 200
    assert response.json()["username"] == "teacher"
    assert response.json()["roles"] == ["staff"]


def test_api_refuses_without_credentials(client, personas):
    assert client.get("/api/units/").status_code in (401, 403)


def test_api_users_are_scoped_like_the_pages(client, personas):
    client.force_login(personas.head)
    names = {row["username"] for row in client.get("/api/users/?page_size=100").json()["results"]}
    assert names == {"teacher", "liaison", "head"}
    client.force_login(personas.teacher)
    assert client.get("/api/users/").status_code == 403
    assert client.get(f"/api/users/{personas.liaison.pk}/").status_code == 404
    assert client.get(f"/api/users/{personas.teacher.pk}/").json()["username"] == "teacher"


def test_api_users_show_the_roles_and_units_each_account_has(client, personas):
    # The list and an account read them into lists of their own (`shown_accounts`,
    # `with_roles`): the same as the account's own, none for an inactive account,
    # administrator for a superuser.
    UserFactory(
        username="gone", is_active=False, roles_and_units=([Role.STAFF], [personas.college])
    )
    root = UserFactory(
        username="root",
        is_superuser=True,
        roles_and_units=([Role.AUDITOR], [personas.office, personas.college]),
    )
    client.force_login(root)
    rows = client.get("/api/users/?page_size=100").json()["results"]
    assert {"gone", "root"} <= {row["username"] for row in rows}
    for row in [*rows, client.get(f"/api/users/{root.pk}/").json()]:
        own = User.objects.get(pk=row["id"])
        assert row["roles"] == sorted(own.role_names)
        assert row["units"] == [unit.pk for unit in own.units.all()]
    assert client.get("/api/users/me/").json()["roles"] == ["administrator", "auditor"]
    assert client.get("/api/users/me/").json()["units"] == [personas.office.pk, personas.college.pk]


@pytest.mark.parametrize("extra", [0, 3])
def test_api_users_queries_do_not_grow_with_rows(
    client, personas, extra, django_assert_num_queries
):
    for n in range(extra):
        UserFactory(username=f"extra{n}", roles_and_units=([Role.STAFF], [personas.college]))
    client.force_login(personas.admin)
    client.get("/api/users/")  # warm the session
    # The session, the user and their roles, a count, the page, its groups and its units.
    with django_assert_num_queries(7):
        response = client.get("/api/users/")
    assert len(response.json()["results"]) == 10 + extra


def test_api_units_filter_and_search(client, personas):
    client.force_login(personas.teacher)
    rows = client.get("/api/units/?q=chem").json()["results"]
    assert [row["code"] for row in rows] == ["CHEM"]


def test_schema_and_swagger_ui_are_served_locally(client, personas):
    client.force_login(personas.teacher)
    schema = client.get("/api/schema/")
    assert schema.status_code == 200
    assert b"/api/units/" in schema.content
    docs = client.get("/api/docs/").content.decode()
    assert "/static/drf_spectacular_sidecar/swagger-ui-dist/swagger-ui-bundle.js" in docs
    assert "cdn" not in docs.lower()


def test_an_address_the_api_does_not_have_answers_json(client, personas):
    client.force_login(personas.office_staff)
    response = client.get("/api/trips/not-a-number/", HTTP_ACCEPT_LANGUAGE="en")
    assert (response.status_code, response["Content-Type"], response.json()) == (
        404,
        "application/json",
        {"detail": "Not found."},
    )
    page = client.get("/staff/no-such-page/", HTTP_ACCEPT_LANGUAGE="en")
    assert (page.status_code, page["Content-Type"]) == (404, "text/html; charset=utf-8")


def test_schema_documents_the_error_answers():
    paths = SchemaGenerator().get_schema(request=None, public=True)["paths"]
    codes = {
        (path, method): sorted(operation["responses"])
        for path, methods in paths.items()
        for method, operation in methods.items()
        if path in ("/api/trips/", "/api/trips/{id}/", "/api/partners/")
    }
    assert codes == {
        ("/api/trips/", "get"): ["200", "400", "403", "404"],
        ("/api/trips/{id}/", "get"): ["200", "403", "404"],
        ("/api/partners/", "get"): ["200", "400", "403", "404"],
        ("/api/partners/", "post"): ["201", "400", "403"],
    }
