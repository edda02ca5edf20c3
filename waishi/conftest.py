"""Fixtures shared by every app's tests: the personas of our roles and a browser."""

from __future__ import annotations

import os
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from waishi.core.accessibility import checked_pages
from waishi.core.enums import Role, UnitDuty

if TYPE_CHECKING:
    from waishi.core.models import Unit, User

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
ARTIFACTS = Path(os.environ.get("TEST_ARTIFACTS", Path(__file__).parent.parent / "test-artifacts"))


@pytest.fixture(scope="session")
def _media_root(tmp_path_factory):
    return tmp_path_factory.mktemp("media")


@pytest.fixture(autouse=True)
def _plain_static_files(settings, _media_root):
    # The manifest storage of production needs collectstatic; tests use the plain one.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    # Uploads made by tests go to a temporary folder, never into var/.
    settings.MEDIA_ROOT = str(_media_root)


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """After the session, end the live server's last database sessions on PostgreSQL: a
    request thread may still be closing its connection when the test database is dropped."""
    yield
    from django.db import connection

    if connection.vendor != "postgresql":
        return
    with django_db_blocker.unblock(), connection.cursor() as cursor:
        cursor.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
            "WHERE datname = current_database() AND pid <> pg_backend_pid()"
        )


@pytest.fixture(autouse=True)
def _reference_data_survives_a_flush(request):
    """A transactional test (browser tests, the approval race) ends by emptying every table,
    including the rows migrations load (countries, role groups); pytest-django runs those
    tests last. Each transactional test therefore starts by putting them back if they are
    gone, so it sees the database every installation has."""
    marker = request.node.get_closest_marker("django_db")
    transactional = bool(marker and marker.kwargs.get("transaction")) or bool(
        {"transactional_db", "live_server"} & set(request.fixturenames)
    )
    if transactional:
        request.getfixturevalue("transactional_db")
        from waishi.core.geography import countries_load
        from waishi.core.models import Country
        from waishi.core.services import role_groups_ensure

        countries_load(Country)
        role_groups_ensure()
    yield


@pytest.fixture(autouse=True)
def _fresh_cache():
    from django.core.cache import caches

    from waishi.core import policy

    for cache in caches.all():
        cache.clear()
    policy.stored_values_forget()  # a rolled-back test sends no signal
    yield
    for cache in caches.all():
        cache.clear()


@pytest.fixture(autouse=True, scope="session")
def _bulk_updates_go_through_changes():
    """Every `QuerySet.update()` of the application goes through `waishi.core.changes.update`,
    which tells the public pages' cache: a direct call fails the test that reaches it."""
    import sys

    from django.db.models import QuerySet

    plain = QuerySet.update
    app = Path(__file__).parent
    allowed = app / "core" / "changes.py"

    def update(self, **values):
        frame = sys._getframe(1)
        while frame.f_code.co_filename.endswith("django/db/models/manager.py") and frame.f_back:
            frame = frame.f_back  # through Model.objects.update()
        caller = Path(frame.f_code.co_filename)
        exempt = {"tests", "migrations"} & set(caller.parts)  # migrations: historical models
        if caller.is_relative_to(app) and caller != allowed and not exempt:
            raise AssertionError(f"{caller}: use waishi.core.changes.update(queryset, ...)")
        return plain(self, **values)

    QuerySet.update = update  # type: ignore[method-assign]  # for the test run only
    yield
    QuerySet.update = plain  # type: ignore[method-assign]


@pytest.fixture
def office_rule(db):
    """Set an office rule through the store, as the director would on /staff/policy/:
    `office_rule("travel_gate_enabled", True)`."""
    from waishi.core.services import policy_set

    def set_rule(key: str, value: int | bool | str) -> None:
        policy_set(key, ("1" if value else "0") if isinstance(value, bool) else str(value), by=None)

    return set_rule


@dataclass
class Personas:
    """One user per role. `teacher`, `liaison` and `head` belong to `college`; `other_teacher`
    to `other_college`; the office people to `office`; `outsider` has no role at all."""

    college: Unit
    other_college: Unit
    office: Unit
    teacher: User
    other_teacher: User
    liaison: User
    head: User
    office_staff: User
    director: User
    leader: User
    auditor: User
    admin: User
    outsider: User

    def by_role(self) -> dict[str, User]:
        return {
            Role.STAFF.value: self.teacher,
            Role.UNIT_LIAISON.value: self.liaison,
            Role.UNIT_HEAD.value: self.head,
            Role.OFFICE_STAFF.value: self.office_staff,
            Role.OFFICE_DIRECTOR.value: self.director,
            Role.UNIVERSITY_LEADER.value: self.leader,
            Role.AUDITOR.value: self.auditor,
            Role.ADMINISTRATOR.value: self.admin,
            "no_role": self.outsider,
        }


@pytest.fixture
def personas(db) -> Personas:
    from waishi.core.tests.factories import UnitFactory, UserFactory

    college = UnitFactory(name_zh="数学学院", name_en="School of Mathematics", code="MATH")
    other = UnitFactory(name_zh="化学学院", name_en="College of Chemistry", code="CHEM")
    office = UnitFactory(
        name_zh="国际交流合作处",
        name_en="International Office",
        code="IO",
        kind="office",
        duty=UnitDuty.INTERNATIONAL_OFFICE,
    )

    def person(username, full_name, roles, units):
        return UserFactory(username=username, full_name=full_name, roles_and_units=(roles, units))

    return Personas(
        college=college,
        other_college=other,
        office=office,
        teacher=person("teacher", "李老师", [Role.STAFF], [college]),
        other_teacher=person("chemist", "王老师", [Role.STAFF], [other]),
        liaison=person("liaison", "张秘书", [Role.STAFF, Role.UNIT_LIAISON], [college]),
        head=person("head", "陈院长", [Role.STAFF, Role.UNIT_HEAD], [college]),
        office_staff=person("officer", "刘老师", [Role.STAFF, Role.OFFICE_STAFF], [office]),
        director=person("director", "赵处长", [Role.STAFF, Role.OFFICE_DIRECTOR], [office]),
        leader=person("leader", "孙校长", [Role.UNIVERSITY_LEADER], []),
        auditor=person("auditor", "周审计", [Role.AUDITOR], []),
        admin=person("sysadmin", "Admin", [Role.ADMINISTRATOR], []),
        outsider=person("outsider", "Nobody", [], []),
    )


@pytest.fixture
def browser_locale() -> str:
    """The browser's language (it sends it as Accept-Language); a test that walks the site in
    each language parametrizes this name."""
    return "zh-CN"


@pytest.fixture
def browser_context(tmp_path, monkeypatch, browser_locale):
    """A headless Debian Chromium driven by Playwright; skipped where Chromium is missing
    (.ci/run installs it). Do database work outside this fixture's use (async-unsafe)."""
    if not Path(CHROMIUM).exists():
        pytest.skip("Debian's chromium is not installed")
    from playwright.sync_api import sync_playwright

    # The test body runs inside Playwright's event loop; its ORM calls are still sequential.
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "1"

    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as playwright:
        context = playwright.chromium.launch_persistent_context(
            tempfile.mkdtemp(dir=tmp_path),
            executable_path=CHROMIUM,
            args=CHROMIUM_ARGS,
            headless=True,
            locale=browser_locale,
            viewport={"width": 1280, "height": 900},
        )
        try:
            # axe-core checks every page the test opens (waishi/core/accessibility.py).
            with checked_pages(context, monkeypatch):
                yield context
        finally:
            context.close()
            if previous is None:
                os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
            else:
                os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


def screenshot(page, name: str) -> Path:
    """Save a full-page screenshot under test-artifacts/ for people to look at."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


def pick(page, select: str, text: str, value: object) -> None:
    """Choose in a search-as-you-type chooser (core/js/pickers.js): type `text` in the search
    box above the select `select` (a CSS selector), wait for the server's match `value`, and
    choose it, keeping what was chosen before."""
    page.locator(select).locator("xpath=preceding-sibling::input[1]").fill(text)
    page.wait_for_selector(f"{select} option[value='{value}']", state="attached")
    chosen = page.eval_on_selector(
        select, "s => Array.from(s.selectedOptions).map(o => o.value).filter(v => v)"
    )
    multiple = page.eval_on_selector(select, "s => s.multiple")
    page.select_option(select, [*chosen, str(value)] if multiple else str(value))
