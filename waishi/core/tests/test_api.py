import pytest
from rest_framework.authtoken.models import Token

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
