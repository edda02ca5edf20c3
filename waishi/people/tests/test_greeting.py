"""/staff/ greets the account's holder by their name in the page's language (the account's
Person), and never by a role or a user name."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from waishi.core import services
from waishi.core.enums import Role
from waishi.core.models import User
from waishi.people.models import Person


def _greeting(client, user, language):
    client.force_login(user)
    html = client.get("/staff/", HTTP_ACCEPT_LANGUAGE=language).content.decode()
    return html.split("<h1>", 1)[1].split("</h1>", 1)[0]


@pytest.mark.django_db
def test_greeting_uses_the_persons_name_in_the_page_language(client, personas):
    user = services.user_create(username="wangfang", full_name="王芳", roles=[Role.STAFF])
    Person.objects.filter(user=user).update(given_name="Fang", family_name="Wang")
    assert _greeting(client, user, "zh-hans") == "欢迎，王芳"
    assert _greeting(client, user, "en") == "Welcome, Fang Wang"
    # Only one of the names known: it serves both pages.
    Person.objects.filter(user=user).update(name_zh="")
    assert _greeting(client, user, "zh-hans") == "欢迎，Fang Wang"


@pytest.mark.django_db
def test_administrator_without_a_name_is_welcomed_without_one(client):
    services.administrator_ensure("admin", "a-long-test-password")
    admin = User.objects.get(username="admin")
    assert _greeting(client, admin, "zh-hans") == "欢迎"
    assert _greeting(client, admin, "en") == "Welcome"
    # Once they give their name on their profile, it is used.
    client.post(
        "/profile/", {"full_name": "李华", "email": "", "language": ""}, HTTP_ACCEPT_LANGUAGE="en"
    )
    admin.refresh_from_db()
    assert admin.full_name == "李华"
    assert _greeting(client, admin, "en") == "Welcome, 李华"


BEFORE = [("people", "0006_people_for_accounts"), ("core", "0006_country")]
AFTER = [("people", "0007_administrator_without_placeholder_name")]


@pytest.mark.django_db(transaction=True)
def test_the_old_administrators_placeholder_name_is_dropped():
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    old = executor.loader.project_state(BEFORE).apps
    OldUser = old.get_model("core", "User")
    OldPerson = old.get_model("people", "Person")
    admin = OldUser.objects.create(username="admin", full_name="Administrator", is_superuser=True)
    OldPerson.objects.create(user=admin, family_name="Administrator")
    # Someone whose name was changed, and an administrator who gave a name, keep theirs.
    named = OldUser.objects.create(username="root", full_name="Administrator", is_superuser=True)
    OldPerson.objects.create(user=named, family_name="Administrator", name_zh="张三")
    other = OldUser.objects.create(username="li", full_name="李华", is_superuser=True)

    executor = MigrationExecutor(connection)
    executor.migrate(AFTER)
    new = executor.loader.project_state(AFTER).apps
    NewUser = new.get_model("core", "User")
    NewPerson = new.get_model("people", "Person")
    assert dict(NewUser.objects.values_list("username", "full_name")) == {
        "admin": "",
        "root": "",
        "li": "李华",
    }
    assert NewPerson.objects.filter(user_id=admin.pk).values_list(
        "given_name", "family_name"
    ).get() == ("admin", "")
    assert NewPerson.objects.get(user_id=named.pk).family_name == "Administrator"
    assert other.pk
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())
