import ipaddress

import pytest
from axes.models import AccessAttempt
from django.core import mail
from django.core.exceptions import ImproperlyConfigured
from django.urls import reverse

from waishi.core.enums import Role
from waishi.core.models import Unit, User
from waishi.core.tests.factories import UserFactory
from waishi.env import env_header, env_networks

pytestmark = pytest.mark.django_db


def test_login_with_right_password_reaches_the_staff_home(client, personas):
    response = client.post(
        reverse("core:login"), {"username": "teacher", "password": "a-long-test-password"}
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("core:home")


def test_login_with_wrong_password_says_so_in_chinese_by_default(client, personas):
    response = client.post(reverse("core:login"), {"username": "teacher", "password": "nope"})
    assert response.status_code == 200
    assert "用户名或密码错误" in response.content.decode()


def test_login_with_wrong_password_says_so_in_english_when_asked(client, personas):
    response = client.post(
        reverse("core:login"),
        {"username": "teacher", "password": "nope"},
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert "The user name or the password is wrong" in response.content.decode()


def test_repeated_failed_logins_lock_the_account_out(client, personas, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(reverse("core:login"), {"username": "teacher", "password": "wrong"})
    response = client.post(
        reverse("core:login"), {"username": "teacher", "password": "a-long-test-password"}
    )
    assert response.status_code == 429
    assert "登录失败次数过多" in response.content.decode()
    assert "_auth_user_id" not in client.session


def _log_in(client, password, remote, forwarded=None):
    headers = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        headers["HTTP_X_FORWARDED_FOR"] = forwarded
    return client.post(
        reverse("core:login"), {"username": "teacher", "password": password}, **headers
    )


@pytest.fixture
def behind_the_proxy(settings):
    """As the README's deployment: nginx on the same machine passes X-Forwarded-For."""
    settings.TRUSTED_PROXY_HEADER = "HTTP_X_FORWARDED_FOR"
    settings.TRUSTED_PROXY_COUNT = 1
    settings.TRUSTED_PROXIES = [ipaddress.ip_network("127.0.0.1"), ipaddress.ip_network("::1")]


def test_lockout_behind_the_proxy_counts_each_client_apart(client, personas, behind_the_proxy):
    # Someone guessing the teacher's password from one address; the proxy appends it to
    # whatever the guesser wrote in the header, and only the proxy's entry counts.
    for number in range(5):
        _log_in(client, "wrong", "127.0.0.1", f"10.9.9.{number}, 203.0.113.5")
    assert set(AccessAttempt.objects.values_list("ip_address", "failures_since_start")) == {
        ("203.0.113.5", 5)
    }
    assert _log_in(client, "a-long-test-password", "127.0.0.1", "203.0.113.5").status_code == 429
    # The teacher, behind the same proxy but at another address, still gets in.
    response = _log_in(client, "a-long-test-password", "127.0.0.1", "198.51.100.7")
    assert response["Location"] == reverse("core:home")


def test_forwarded_header_not_believed_without_the_proxy(client, personas, behind_the_proxy):
    # Straight to the application server, past the proxy: a new forged address each time.
    for number in range(5):
        _log_in(client, "wrong", "198.51.100.66", f"10.0.0.{number}")
    assert set(AccessAttempt.objects.values_list("ip_address", "failures_since_start")) == {
        ("198.51.100.66", 5)
    }
    response = _log_in(client, "a-long-test-password", "198.51.100.66", "10.0.0.99")
    assert response.status_code == 429
    assert "登录失败次数过多" in response.content.decode()


def test_forwarded_header_ignored_unless_configured(client, personas):
    for number in range(5):
        _log_in(client, "wrong", "127.0.0.1", f"10.0.0.{number}")
    assert _log_in(client, "a-long-test-password", "127.0.0.1", "10.0.0.99").status_code == 429


@pytest.mark.parametrize(
    ("name", "value", "message"),
    [
        ("TRUSTED_PROXIES", "10.0.0.0/8,proxy.example", "TRUSTED_PROXIES must list IP addresses"),
        ("TRUSTED_PROXY_HEADER", "X-Forwarded-For: 1", "TRUSTED_PROXY_HEADER must be an HTTP"),
    ],
)
def test_proxy_settings_refuse_bad_values(monkeypatch, name, value, message):
    monkeypatch.setenv(name, value)
    with pytest.raises(ImproperlyConfigured, match=message):
        env_networks(name, []) if name == "TRUSTED_PROXIES" else env_header(name)


def test_proxy_header_name_becomes_the_request_key(monkeypatch):
    monkeypatch.setenv("TRUSTED_PROXY_HEADER", "X-Real-IP")
    assert env_header("TRUSTED_PROXY_HEADER") == "HTTP_X_REAL_IP"


def _link_path(message) -> str:
    link = next(line for line in message.body.splitlines() if "/password/reset/" in line)
    return "/" + link.split("://", 1)[1].split("/", 1)[1]


def _set_password_through(client, path: str, password: str):
    response = client.get(path, follow=True)
    form_url = response.redirect_chain[-1][0]
    return client.post(form_url, {"new_password1": password, "new_password2": password})


def test_password_reset_sends_a_link_that_sets_a_new_password(client, personas):
    client.post(reverse("core:password.reset"), {"email": personas.teacher.email})
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [personas.teacher.email]
    assert mail.outbox[0].subject == "设置外事系统的新密码"
    response = _set_password_through(client, _link_path(mail.outbox[0]), "Brand-new-pass-42")
    assert response.status_code == 302
    personas.teacher.refresh_from_db()
    assert personas.teacher.check_password("Brand-new-pass-42")


def test_password_link_works_only_once(client, personas):
    client.post(reverse("core:password.reset"), {"email": personas.teacher.email})
    path = _link_path(mail.outbox[0])
    _set_password_through(client, path, "Brand-new-pass-42")
    client.logout()
    response = client.get(path, follow=True)
    assert "此链接已失效" in response.content.decode()
    personas.teacher.refresh_from_db()
    assert personas.teacher.check_password("Brand-new-pass-42")


def test_password_link_expires(client, personas, settings):
    client.post(reverse("core:password.reset"), {"email": personas.teacher.email})
    settings.PASSWORD_RESET_TIMEOUT = -1
    response = client.get(_link_path(mail.outbox[0]), follow=True)
    assert "此链接已失效" in response.content.decode()


def test_password_reset_for_unknown_address_sends_nothing_and_reveals_nothing(client, personas):
    known = client.post(reverse("core:password.reset"), {"email": personas.teacher.email})
    unknown = client.post(reverse("core:password.reset"), {"email": "nobody@example.org"})
    assert len(mail.outbox) == 1
    assert (unknown.status_code, unknown["Location"]) == (known.status_code, known["Location"])
    page = client.get(unknown["Location"]).content.decode()
    assert "如果有账户使用该邮箱" in page


def test_password_reset_for_an_account_without_password_sends_the_invitation(client, personas):
    personas.teacher.set_unusable_password()
    personas.teacher.save()
    client.post(reverse("core:password.reset"), {"email": personas.teacher.email})
    assert [m.subject for m in mail.outbox] == ["您在湘潭大学外事系统的账户：请设置密码"]
    response = _set_password_through(client, _link_path(mail.outbox[0]), "Brand-new-pass-42")
    assert response.status_code == 302
    personas.teacher.refresh_from_db()
    assert personas.teacher.check_password("Brand-new-pass-42")


@pytest.mark.parametrize(
    ("url_name", "language", "heading"),
    [
        ("core:password.reset", "zh-hans", "忘记密码？"),
        ("core:password.reset", "en", "Forgot your password?"),
        ("core:password.change", "zh-hans", "修改密码"),
        ("core:password.change", "en", "Change password"),
    ],
)
def test_password_pages_are_the_apps_own_in_both_languages(
    client, personas, url_name, language, heading
):
    client.force_login(personas.teacher) if url_name == "core:password.change" else None
    html = client.get(reverse(url_name), HTTP_ACCEPT_LANGUAGE=language).content.decode()
    assert heading in html
    assert "Django" not in html
    assert 'href="/admin/' not in html
    assert "brand-mark" in html


def test_profile_saves_name_and_language_and_keeps_the_choice(client, personas):
    client.force_login(personas.teacher)
    response = client.post(
        reverse("core:profile"),
        {"full_name": "李明", "email": "li@example.edu", "language": "en"},
    )
    assert response.status_code == 302
    personas.teacher.refresh_from_db()
    assert (personas.teacher.full_name, personas.teacher.language) == ("李明", "en")
    assert "My profile" in client.get(reverse("core:profile")).content.decode()


def test_profile_with_bad_email_keeps_the_input_and_explains(client, personas):
    client.force_login(personas.teacher)
    response = client.post(
        reverse("core:profile"), {"full_name": "李明", "email": "not-an-address", "language": ""}
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert 'value="李明"' in html
    assert "请输入合法的邮件地址" in html
    personas.teacher.refresh_from_db()
    assert personas.teacher.full_name == "李老师"


def test_language_switch_sets_the_cookie_and_remembers_on_the_account(client, personas):
    client.force_login(personas.teacher)
    response = client.post(reverse("core:language"), {"language": "en", "next": "/staff/"})
    assert response.status_code == 302
    assert response.cookies["django_language"].value == "en"
    personas.teacher.refresh_from_db()
    assert personas.teacher.language == "en"
    assert "Welcome" in client.get("/staff/").content.decode()


def test_saved_language_applies_on_a_new_browser(client, personas):
    personas.teacher.language = "en"
    personas.teacher.save()
    client.force_login(personas.teacher)
    assert "Welcome" in client.get("/staff/").content.decode()


def test_administrator_creates_a_unit_and_an_account_with_roles(
    client, personas, django_capture_on_commit_callbacks
):
    client.force_login(personas.admin)
    response = client.post(
        reverse("core:unit.create"),
        {
            "name_zh": "土木工程学院",
            "name_en": "College of Civil Engineering",
            "code": "CIVIL",
            "kind": "college",
            "parent": "",
            "is_active": "on",
        },
    )
    assert response.status_code == 302
    unit = Unit.objects.get(code="CIVIL")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("core:user.create"),
            {
                "username": "wangfang",
                "full_name": "王芳",
                "email": "wf@example.edu",
                "language": "",
                "is_active": "on",
                "roles": ["staff", "unit_liaison"],
                "units": [unit.pk],
            },
        )
    assert response.status_code == 302
    account = User.objects.get(username="wangfang")
    assert account.role_names == {"staff", "unit_liaison"}
    assert list(account.units.all()) == [unit]
    assert not account.has_usable_password()
    assert (account.person.name_zh, account.person.unit, account.person.email) == (
        "王芳",
        unit,
        "wf@example.edu",
    )
    assert [m.to for m in mail.outbox] == [["wf@example.edu"]]
    assert "wangfang" in mail.outbox[0].body
    page = client.get(response["Location"]).content.decode()
    assert "邀请邮件已发送至 wf@example.edu" in page


def test_invited_person_sets_a_password_and_logs_in(
    client, personas, django_capture_on_commit_callbacks
):
    client.force_login(personas.admin)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("core:user.create"),
            {
                "username": "anna",
                "full_name": "Anna Müller",
                "email": "anna@example.edu",
                "language": "en",
                "is_active": "on",
                "roles": ["staff"],
            },
        )
    client.logout()
    invitation = mail.outbox[0]
    assert invitation.subject == "Your account at Xiangtan University's Waishi: choose a password"
    page = client.get(_link_path(invitation), follow=True).content.decode()
    assert "设置您的密码" in page
    assert "您的用户名为“anna”" in page
    _set_password_through(client, _link_path(invitation), "Anna-chooses-42")
    response = client.post(
        reverse("core:login"), {"username": "anna", "password": "Anna-chooses-42"}
    )
    assert response["Location"] == reverse("core:home")
    person = User.objects.get(username="anna").person
    assert (person.given_name, person.family_name) == ("Anna", "Müller")


def test_administrator_sends_the_invitation_again(client, personas):
    client.force_login(personas.admin)
    personas.teacher.set_unusable_password()
    personas.teacher.save()
    page = client.get(reverse("core:user.detail", args=[personas.teacher.pk])).content.decode()
    assert "重新发送邀请" in page
    response = client.post(reverse("core:user.invite", args=[personas.teacher.pk]), follow=True)
    assert [m.to for m in mail.outbox] == [[personas.teacher.email]]
    assert "请设置密码" in mail.outbox[0].subject
    assert f"设置密码的新链接已发送至 {personas.teacher.email}" in response.content.decode()


def test_a_new_account_is_linked_to_the_person_the_office_recorded(personas):
    from waishi.core import services
    from waishi.people.models import Person

    recorded = Person.objects.create(name_zh="赵敏", email="Zhao@example.edu")
    account = services.user_create(username="zhaomin", email="zhao@example.edu")
    assert account.person == recorded
    assert Person.objects.count() == 1


def test_unit_cannot_be_moved_beneath_its_own_child(client, personas):
    child = Unit.objects.create(name_zh="数学系", code="MATH-1", parent=personas.college)
    client.force_login(personas.admin)
    response = client.post(
        reverse("core:unit.update", args=[personas.college.pk]),
        {
            "name_zh": personas.college.name_zh,
            "name_en": "",
            "code": "MATH",
            "kind": "college",
            "parent": child.pk,
            "is_active": "on",
        },
    )
    assert response.status_code == 200
    assert "不能隶属于其自身或其下属单位" in response.content.decode()
    personas.college.refresh_from_db()
    assert personas.college.parent is None


def test_administrator_gives_a_unit_its_duty_and_one_unit_holds_each(client, personas):
    research = Unit.objects.create(name_zh="科学技术处", kind="office")
    client.force_login(personas.admin)
    data = {"name_zh": "科学技术处", "kind": "office", "is_active": "on"}
    url = reverse("core:unit.update", args=[research.pk])
    client.post(url, {**data, "duty": "research_office"})
    research.refresh_from_db()
    assert research.duty == "research_office"
    page = client.get(research.get_absolute_url()).content.decode()
    assert "科研管理部门" in page
    response = client.post(url, {**data, "duty": "international_office"})
    assert "另一单位已承担此职责；请先从该单位取消。" in response.content.decode()
    research.refresh_from_db()
    assert research.duty == "research_office"


def test_unit_head_sees_accounts_of_their_unit_and_beneath_only(client, personas):
    department = Unit.objects.create(name_zh="应用数学系", code="MATH-2", parent=personas.college)
    member = UserFactory(username="deptmember", roles_and_units=([Role.STAFF], [department]))
    client.force_login(personas.head)
    response = client.get(reverse("core:user.list"))
    names = {u.username for u in response.context["object_list"]}
    assert names == {"teacher", "liaison", "head", "deptmember"}
    assert client.get(reverse("core:user.detail", args=[member.pk])).status_code == 200
    other = personas.other_teacher
    assert client.get(reverse("core:user.detail", args=[other.pk])).status_code == 404


def test_staff_member_sees_only_their_own_account(client, personas):
    client.force_login(personas.teacher)
    assert client.get(reverse("core:user.detail", args=[personas.teacher.pk])).status_code == 200
    assert client.get(reverse("core:user.detail", args=[personas.liaison.pk])).status_code == 404
    assert client.get(reverse("core:user.list")).status_code == 403


def test_unit_list_searches_and_filters(client, personas):
    client.force_login(personas.teacher)
    response = client.get(reverse("core:unit.list"), {"q": "chem"})
    assert [u.code for u in response.context["object_list"]] == ["CHEM"]
    response = client.get(reverse("core:unit.list"), {"kind": "office"})
    assert [u.code for u in response.context["object_list"]] == ["IO"]


def test_unit_list_htmx_answers_with_the_results_only(client, personas):
    client.force_login(personas.teacher)
    response = client.get(reverse("core:unit.list"), {"q": "化学"}, HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert "<html" not in html
    assert "化学学院" in html


@pytest.mark.parametrize("rows", [1, 3])
def test_unit_list_queries_do_not_grow_with_rows(client, personas, rows, django_assert_num_queries):
    Unit.objects.exclude(pk__in=[personas.college.pk]).delete() if rows == 1 else None
    for n in range(rows - Unit.objects.count()):
        Unit.objects.create(name_zh=f"单位{n}", code=f"X{n}", parent=personas.college)
    client.force_login(personas.teacher)
    client.get(reverse("core:unit.list"))  # warm the session
    # The database sorts the units by the name shown and cuts the page (a count, then the rows).
    with django_assert_num_queries(8):
        response = client.get(reverse("core:unit.list"))
    assert len(response.context["object_list"]) == rows


@pytest.mark.parametrize("extra", [0, 2])
def test_account_list_queries_do_not_grow_with_rows(
    client, personas, extra, django_assert_num_queries
):
    for n in range(extra):
        UserFactory(username=f"extra{n}", roles_and_units=([Role.STAFF], [personas.college]))
    client.force_login(personas.admin)
    client.get(reverse("core:user.list"))
    with django_assert_num_queries(9):
        response = client.get(reverse("core:user.list"))
    assert len(response.context["object_list"]) == 10 + extra


def test_account_list_shows_the_roles_and_units_each_account_has(client, personas):
    # The page reads them into lists of its own (`shown_accounts`, `with_roles`): the same as
    # the account's own, none for an inactive account, Administrator for a superuser.
    UserFactory(
        username="gone", is_active=False, roles_and_units=([Role.STAFF], [personas.college])
    )
    UserFactory(
        username="root",
        is_superuser=True,
        roles_and_units=([Role.AUDITOR], [personas.office, personas.college]),
    )
    client.force_login(personas.admin)
    response = client.get(reverse("core:user.list"))
    rows = response.context["object_list"]
    assert {"gone", "root"} <= {account.username for account in rows}
    for account in rows:
        own = User.objects.get(pk=account.pk)
        assert account.shown_roles == own.roles
        assert account.role_names == own.role_names
        assert account.shown_units == list(own.units.all())
    html = response.content.decode()
    root_row = html[html.index(">root<") :].split("</tr>")[0]
    assert '>审计</span> <span class="badge text-bg-light border">系统管理员<' in root_row
    assert "<td>国际交流合作处, 数学学院</td>" in root_row


def test_changing_someones_roles_tells_them(client, personas):
    client.force_login(personas.admin)
    client.post(
        reverse("core:user.update", args=[personas.teacher.pk]),
        {
            "username": "teacher",
            "full_name": "李老师",
            "email": personas.teacher.email,
            "language": "",
            "is_active": "on",
            "roles": ["staff", "unit_liaison"],
            "units": [personas.college.pk],
        },
    )
    note = personas.teacher.notifications.get()
    assert note.title == "您在外事系统中的角色已变更"
    assert "单位外事秘书" in note.body


def test_roles_changed_notice_names_roles_and_units_in_the_recipients_language(
    client, personas, django_capture_on_commit_callbacks
):
    personas.teacher.language = "zh-hans"
    personas.teacher.save()
    client.force_login(personas.admin)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("core:user.update", args=[personas.teacher.pk]),
            {
                "username": "teacher",
                "full_name": "李老师",
                "email": personas.teacher.email,
                "language": "zh-hans",
                "is_active": "on",
                "roles": ["staff"],
                "units": [personas.college.pk, personas.other_college.pk],
            },
            HTTP_ACCEPT_LANGUAGE="en",
        )
    body = mail.outbox[0].body
    assert "您现在的角色： 教职工" in body
    assert "数学学院, 化学学院" in body or "化学学院, 数学学院" in body
    assert "Staff" not in body and "School of Mathematics" not in body


def test_forbidden_page_sends_the_offices_own_staff_to_the_administrator(client, personas):
    client.force_login(personas.office_staff)
    office = client.get(reverse("core:user.create")).content.decode()
    client.force_login(personas.teacher)
    teacher = client.get(reverse("core:user.create")).content.decode()
    assert "请联系负责分配角色的系统管理员" in office
    assert "请联系国际交流合作处" not in office
    assert "请联系国际交流合作处" in teacher
