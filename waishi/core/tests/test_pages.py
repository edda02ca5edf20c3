"""The shell as people see it: both languages, error pages, history, notifications."""

import datetime

import pytest
from django.core import mail
from django.core.management import call_command
from django.test import override_settings
from django.urls import reverse

from waishi.core import notifications
from waishi.core.enums import UnitDuty
from waishi.core.history import history_entries
from waishi.core.models import Notification, Unit

pytestmark = pytest.mark.django_db


def test_pages_are_chinese_by_default_and_english_when_the_browser_asks(client, personas):
    client.force_login(personas.teacher)
    chinese = client.get("/staff/", HTTP_ACCEPT_LANGUAGE="de").content.decode()
    english = client.get("/staff/", HTTP_ACCEPT_LANGUAGE="en-GB,en;q=0.9").content.decode()
    assert "欢迎，李老师" in chinese
    assert "Welcome, 李老师" in english
    assert 'lang="zh-Hans"' in chinese and 'lang="en"' in english


def test_every_page_has_the_language_switch(client, personas):
    # Visitors get links (their pages carry no CSRF token) ...
    for url in ["/login/", "/", "/partners/"]:
        html = client.get(url).content.decode()
        assert f'href="/language/en/?next={url}"' in html, url
        assert f'href="/language/zh-hans/?next={url}"' in html, url
    # ... logged-in users a form, which also keeps the choice on their account.
    client.force_login(personas.teacher)
    for url in ["/staff/", "/staff/units/", "/"]:
        html = client.get(url).content.decode()
        assert 'name="language" value="en"' in html, url
        assert 'name="language" value="zh-hans"' in html, url


def test_a_visitor_switches_language_by_link(client):
    response = client.get("/language/en/?next=/partners/")
    assert response.status_code == 302
    assert response["Location"] == "/partners/"
    assert "Global partners" in client.get("/partners/").content.decode()
    # Only a path of this site is followed.
    assert client.get("/language/en/?next=https://evil.example/")["Location"] == "/"
    assert client.get("/language/xx/").status_code == 404


def test_a_visitor_gets_the_public_pages_whole_from_the_cache_without_a_cookie(
    client, django_assert_max_num_queries
):
    first = client.get("/partners/")
    assert not first.cookies  # no CSRF cookie: the same page serves every visitor
    with django_assert_max_num_queries(0):
        again = client.get("/partners/")
    assert again.content == first.content


def test_a_message_for_a_visitor_is_not_hidden_by_the_cache(client, personas):
    client.get("/")  # cached for visitors
    client.force_login(personas.teacher)
    response = client.post(reverse("core:logout"), follow=True)
    assert response.redirect_chain[-1][0] == "/"
    assert "您已退出登录。" in response.content.decode()


def test_staff_layout_shows_name_roles_and_admin_navigation_per_role(client, personas):
    client.force_login(personas.liaison)
    html = client.get("/staff/").content.decode()
    assert "张秘书" in html and "单位外事秘书" in html
    assert reverse("core:user.list") in html  # liaisons see their unit's accounts
    client.force_login(personas.teacher)
    assert reverse("core:user.list") not in client.get("/staff/").content.decode()


def test_not_found_page_is_in_the_users_language(client):
    zh = client.get("/no-such-page/")
    en = client.get("/no-such-page/", HTTP_ACCEPT_LANGUAGE="en")
    assert zh.status_code == en.status_code == 404
    assert "此页面不存在" in zh.content.decode()
    assert "This page does not exist" in en.content.decode()


def test_forbidden_page_is_in_the_users_language(client, personas):
    client.force_login(personas.teacher)
    response = client.get(reverse("core:unit.create"), HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 403
    assert "You may not open this page" in response.content.decode()


@override_settings(DATA_UPLOAD_MAX_MEMORY_SIZE=1000)
def test_a_request_too_large_gets_a_clear_page_and_saves_nothing(client, personas):
    client.force_login(personas.teacher)
    response = client.post(
        reverse("core:profile"),
        {"full_name": "x" * 5000, "email": "a@example.edu", "language": ""},
    )
    assert response.status_code == 400
    assert "请求可能过大" in response.content.decode()
    personas.teacher.refresh_from_db()
    assert personas.teacher.full_name == "李老师"


def test_unit_history_shows_who_changed_what_from_which_value(client, personas):
    client.force_login(personas.admin)
    client.post(
        reverse("core:unit.update", args=[personas.college.pk]),
        {
            "name_zh": "数学与计算科学学院",
            "name_en": "School of Mathematics",
            "code": "MATH",
            "kind": "college",
            "parent": "",
            "is_active": "on",
        },
    )
    entry = history_entries(personas.college)[0]
    assert entry.who == personas.admin
    assert [(c.field, c.old, c.new) for c in entry.changes] == [
        ("中文名称", "数学学院", "数学与计算科学学院")
    ]
    html = client.get(reverse("core:unit.detail", args=[personas.college.pk])).content.decode()
    assert "<del>数学学院</del>" in html and "<ins>数学与计算科学学院</ins>" in html


def test_deleting_a_record_keeps_its_history(personas):
    unit = Unit.objects.create(name_zh="临时单位", code="TMP")
    pk = unit.pk
    unit.delete()
    kinds = list(
        Unit.history.filter(id=pk).order_by("history_date").values_list("history_type", flat=True)
    )
    assert kinds == ["+", "-"]


def test_notify_writes_in_the_recipients_language_and_mails_after_commit(
    personas, django_capture_on_commit_callbacks
):
    personas.teacher.language = "en"
    personas.teacher.save()
    with django_capture_on_commit_callbacks(execute=True):
        notes = notifications.notify(
            [personas.teacher, personas.liaison],
            "core/notice/roles_changed",
            {"roles": ["Unit liaison"], "units": []},
            url="/profile/",
        )
    assert [n.title for n in notes] == [
        "Your roles in Waishi have changed",
        "您在外事系统中的角色已变更",
    ]
    assert sorted(m.to[0] for m in mail.outbox) == sorted(
        [personas.teacher.email, personas.liaison.email]
    )


def test_notification_bell_counts_unread_and_reading_follows_the_link(client, personas):
    note = Notification.objects.create(recipient=personas.teacher, title="审批待办", url="/staff/")
    Notification.objects.create(recipient=personas.liaison, title="别人的通知")
    client.force_login(personas.teacher)
    html = client.get("/staff/notifications/").content.decode()
    assert "审批待办" in html and "别人的通知" not in html
    assert "通知：1 条未读" in html
    response = client.post(reverse("core:notification.read", args=[note.pk]))
    assert response["Location"] == "/staff/"
    note.refresh_from_db()
    assert note.read_at is not None


def test_nobody_can_mark_someone_elses_notification_read(client, personas):
    note = Notification.objects.create(recipient=personas.liaison, title="别人的通知")
    client.force_login(personas.teacher)
    client.post(reverse("core:notification.read", args=[note.pk]))
    note.refresh_from_db()
    assert note.read_at is None


def test_reminder_once_claims_a_key_only_once(db):
    assert notifications.reminder_once("trip:1:passport-overdue") is True
    assert notifications.reminder_once("trip:1:passport-overdue") is False


def test_load_starting_data_twice_changes_nothing_and_keeps_edits(db):
    call_command("load_starting_data")
    office = Unit.objects.get(duty=UnitDuty.INTERNATIONAL_OFFICE)
    assert office.name_en == "International Exchange and Cooperation Office"
    assert Unit.objects.get(duty=UnitDuty.RESEARCH_OFFICE).name_en == (
        "Office of Science and Technology"
    )
    office.name_en = "Office of International Affairs"
    office.save()
    count = Unit.objects.count()
    call_command("load_starting_data")
    office.refresh_from_db()
    assert Unit.objects.count() == count
    assert office.name_en == "Office of International Affairs"


def test_load_starting_data_gives_a_duty_only_while_no_unit_holds_it(db):
    call_command("load_starting_data")
    research = Unit.objects.get(duty=UnitDuty.RESEARCH_OFFICE)
    office = Unit.objects.get(duty=UnitDuty.INTERNATIONAL_OFFICE)
    Unit.objects.filter(pk=office.pk).update(duty="")  # as loaded before units had duties
    research.duty = ""
    research.save()
    elsewhere = Unit.objects.create(name_zh="科研院", duty=UnitDuty.RESEARCH_OFFICE)
    call_command("load_starting_data")
    assert Unit.objects.get(duty=UnitDuty.INTERNATIONAL_OFFICE) == office
    assert Unit.objects.get(duty=UnitDuty.RESEARCH_OFFICE) == elsewhere


def test_ensure_administrator_creates_one_only_when_none_exists(db, capsys):
    from waishi.core.models import User

    call_command("ensure_administrator")
    first = capsys.readouterr().out
    assert "First administrator created" in first
    call_command("ensure_administrator")
    assert "An administrator exists already" in capsys.readouterr().out
    admin = User.objects.get(username="admin")
    assert admin.is_superuser and "administrator" in admin.role_names


def test_history_shows_dates_and_times_as_people_read_them(personas):
    from waishi.core.history import _display
    from waishi.core.models import User

    joined = datetime.datetime(2026, 11, 29, 7, 22, 3, tzinfo=datetime.UTC)
    assert _display(User, "date_joined", joined, {}) == "2026年11月29日 15:22"


def test_only_real_country_codes_are_kept_for_visitors(rf, db):
    """Any other value would take a place of its own in the cache."""
    from django.contrib.auth.models import AnonymousUser

    from waishi.public.views import PartnersView

    def key(query):
        request = rf.get("/partners/", query)
        request.user = AnonymousUser()
        return PartnersView().cache_key(request)

    assert key({}) is not None
    assert key({"country": "FR"}) is not None
    assert key({"country": "not-a-code"}) is None
    assert key({"q": "lyon"}) is None  # a search is answered afresh
