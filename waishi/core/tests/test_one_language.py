"""A Chinese page or e-mail names roles, units, countries and the labels of choices in Chinese
where a Chinese name exists: every e-mail the system sends (each one made here through the
service or reminder that sends it) and every page the role walk opens
(`test_url_access.py`), rendered for a Chinese reader. Text a page marks as English
(`lang="en"`) and what users typed into form fields are left alone."""

from __future__ import annotations

import datetime
import importlib
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.apps import apps
from django.db import models
from django.template import loader
from django.urls import reverse
from django.utils import translation

from waishi.core.models import Country, Unit
from waishi.core.testing import AccessCase
from waishi.core.tests.test_url_access import CASES

WAISHI = Path(__file__).resolve().parents[2]
URL = re.compile(r"https?://\S+")


def english_names() -> re.Pattern[str]:
    """Every English name that has a Chinese one: the labels of every choice (roles, steps,
    states, kinds ...), the units and the countries on record."""
    names: set[str] = set()
    for config in apps.get_app_configs():
        if not config.name.startswith("waishi."):
            continue
        try:
            module = importlib.import_module(f"{config.name}.enums")
        except ModuleNotFoundError:
            continue
        for value in vars(module).values():
            if isinstance(value, type) and issubclass(value, models.Choices):
                for label in value.labels:
                    with translation.override("en"):
                        english = str(label)
                    with translation.override("zh-hans"):
                        chinese = str(label)
                    if english != chinese:
                        names.add(english)
    for model in (Unit, Country):
        names |= {
            en for zh, en in model.objects.values_list("name_zh", "name_en") if zh and en != zh
        }
    alternatives = "|".join(re.escape(n) for n in sorted(names, key=len, reverse=True))
    return re.compile(rf"(?<![A-Za-z])(?:{alternatives})(?![A-Za-z])")


def english_in(text: str, names: re.Pattern[str]) -> list[str]:
    return sorted(set(names.findall(URL.sub(" ", text))))


# E-mails ----------------------------------------------------------------------------------------


def every_mail_template() -> set[str]:
    """The subject template of every e-mail in the repo."""
    found = set()
    for path in WAISHI.glob("*/templates/*/*/*_subject.txt"):
        if path.parent.name in ("notice", "mail"):
            found.add(str(path.relative_to(path.parents[2])))
    return found


@pytest.fixture
def rendered(monkeypatch):
    """The names of the templates rendered while the test runs."""
    seen: set[str] = set()
    original = loader.render_to_string

    def spy(template_name, *args, **kwargs):
        seen.add(template_name)
        return original(template_name, *args, **kwargs)

    for module in ("waishi.core.notifications", "waishi.core.services"):
        monkeypatch.setattr(f"{module}.render_to_string", spy)
    return seen


def _quiet(line: str) -> None:
    pass


def _send_every_mail(personas, office_rule, settings, send) -> None:
    """Make the system send each of its e-mails once, through the code that sends it."""
    from waishi.agreements import reminders as agreement_reminders
    from waishi.agreements.tests.factories import AgreementFactory
    from waishi.core import services as core
    from waishi.people import reminders as people_reminders
    from waishi.programs import reminders as program_reminders
    from waishi.programs.tests.factories import ProgramFactory
    from waishi.travel import reminders as travel_reminders
    from waishi.travel import services as travel
    from waishi.travel.tests.factories import ready_trip
    from waishi.travel.tests.helpers import approved, current_step
    from waishi.workflow import reminders as workflow_reminders

    # Accounts: an invitation, a password link, new roles and units.
    send(lambda: core.user_create(username="newcomer", email="new@example.edu", invite=True))
    send(lambda: core.user_password_link_send(personas.teacher))
    send(
        lambda: core.user_set_roles_and_units(
            personas.other_teacher,
            ["staff", "unit_liaison"],
            [personas.other_college, personas.college],
            notify_user=True,
        )
    )

    # A trip through approval, its passport overdue, its report due, sent back, accepted.
    trip = send(lambda: approved(ready_trip(personas.teacher, title="赴法国洽谈"), personas))
    loan = send(
        lambda: travel.passport_check_out(
            trip.travellers.get().person.documents.get(), trip, personas.office_staff
        )
    )
    send(lambda: travel_reminders.passports_overdue(loan.due_back + datetime.timedelta(1), _quiet))
    send(lambda: travel_reminders.reports_due(trip.report_due - datetime.timedelta(3), _quiet))
    send(lambda: travel_reminders.reports_due(trip.report_due + datetime.timedelta(1), _quiet))
    # A week after its return, with the passport still out: the report is written, sent
    # back, written again and accepted; with the gate on, the college's next application is
    # held; another application waits at its first step past the reminder.
    settings.WAISHI_FROZEN_TODAY = later = loan.due_back + datetime.timedelta(days=1)
    dates = {
        "departure": later + datetime.timedelta(30),
        "return_date": later + datetime.timedelta(36),
    }
    send(lambda: travel.trip_report_save(trip, personas.teacher, "报告", [], submit=True))
    send(lambda: travel.trip_report_send_back(trip, personas.office_staff, "请补充照片"))
    send(lambda: travel.trip_report_save(trip, personas.teacher, "报告和照片", [], submit=True))
    send(lambda: travel.trip_report_accept(trip, personas.office_staff))
    office_rule("travel_gate_enabled", True)
    office_rule("travel_gate_reminder_threshold", 1)
    held = ready_trip(personas.teacher, title="赴德国", **dates)
    send(lambda: travel.trip_submit(held, personas.teacher))
    office_rule("travel_gate_enabled", False)
    waiting = ready_trip(personas.head, title="赴英国", **dates)
    send(lambda: travel.trip_submit(waiting, personas.head))
    assert current_step(waiting) is not None
    send(lambda: workflow_reminders.approvals_remind_waiting(later, _quiet))

    # A passport about to expire, an agreement about to expire and past its notice date, a
    # program whose approval lapses.
    today = datetime.date.today()
    document = trip.travellers.get().person.documents.get()
    document.expires_on = today + datetime.timedelta(days=20)
    document.save()
    send(lambda: people_reminders.documents_remind_expiring(today, _quiet))
    AgreementFactory(
        expires_on=today + datetime.timedelta(days=30),
        units=[personas.college],
        responsible=personas.office_staff,
    )
    send(lambda: agreement_reminders.run(today, _quiet))
    AgreementFactory(
        expires_on=today + datetime.timedelta(days=400),
        renews_automatically=True,
        notice_days=420,
        units=[personas.college],
        responsible=personas.office_staff,
    )
    send(lambda: agreement_reminders.run(today, _quiet))
    ProgramFactory(
        home_unit=personas.college,
        responsible=personas.office_staff,
        valid_until=today + datetime.timedelta(days=90),
    )
    send(lambda: program_reminders.run(today, _quiet))

    # Visits: one not approved a week before arrival, a visa case without a letter and no
    # itinerary; an approved one with a stay not registered, its summary overdue, its
    # authorised unit's letter late and the departure registration overdue.
    from waishi.visits import policy as visit_policy
    from waishi.visits import reminders as visit_reminders
    from waishi.visits import services as visits
    from waishi.visits.tests.factories import approved_visit, ready_visit

    draft = ready_visit(personas.teacher, title="里昂大学代表团", arrival=20, visa_needed=True)
    week = draft.arrival - datetime.timedelta(7)
    send(lambda: visit_reminders.not_approved(week, _quiet))
    send(lambda: visit_reminders.visa_letter_missing(week, _quiet))
    send(lambda: visit_reminders.itinerary_missing(week, _quiet))
    visit = approved_visit(personas, title="东京大学代表团", arrival=90)
    visits.guest_lodging_set(
        visit.guests.get(), by=personas.teacher, lodging="outside", lodging_address="学术交流中心"
    )
    send(
        lambda: visit_reminders.registration_missing(visit.arrival + datetime.timedelta(1), _quiet)
    )
    due = visit_policy.summary_due(visit) + datetime.timedelta(1)
    send(lambda: visit_reminders.summary_overdue(due, _quiet))
    visits.authorised_letter_set(
        visit,
        by=personas.office_staff,
        authority="湖南省人民政府外事办公室",
        filed_on=visit.arrival - datetime.timedelta(20),
    )
    send(lambda: visit_reminders.authorised_letter_late(visit.arrival, _quiet))
    due = visit_policy.departure_registration_due(visit) + datetime.timedelta(1)
    send(lambda: visit_reminders.departure_registration_overdue(due, _quiet))

    # Conferences: the forecast window opens; a conference forecast is due to be declared.
    from waishi.conferences import policy as conference_policy
    from waishi.conferences import reminders as conference_reminders
    from waishi.conferences.models import Forecast

    opens = datetime.date(today.year, 9, 1)
    send(lambda: conference_reminders.forecast_window_opens(opens, _quiet))
    start = datetime.date(today.year + 1, 6, 1)
    Forecast.objects.create(
        unit=personas.college,
        year=start.year,
        name="计算数学国际研讨会",
        expected_start=start,
        entered_by=personas.teacher,
    )
    due = conference_policy.months_before(start, conference_policy.LEAD_MONTHS_ONSITE.value())
    send(lambda: conference_reminders.applications_due(due - datetime.timedelta(10), _quiet))
    # An approved conference's foreign participants' list falls due.
    from waishi.conferences.tests.participant_helpers import conference

    declared = conference(personas)
    assert declared.current_version is not None
    listed = declared.current_version.starts_on - datetime.timedelta(40)
    send(lambda: conference_reminders.participants_due(listed, _quiet))
    # A conference held, its summary due soon and then overdue.
    from waishi.conferences import summary as conference_summary
    from waishi.conferences.tests.factories import ended_conference

    held = ended_conference(personas).conference
    summary_due = conference_summary.due_on(held)
    assert summary_due is not None
    send(lambda: conference_reminders.summaries_due(summary_due - datetime.timedelta(5), _quiet))
    send(lambda: conference_reminders.summaries_due(summary_due + datetime.timedelta(1), _quiet))


@pytest.mark.django_db
def test_every_mail_to_a_chinese_reader_names_things_in_chinese(
    personas, office_rule, settings, mailoutbox, rendered, django_capture_on_commit_callbacks
):
    from waishi.core.models import User

    User.objects.update(language="zh-hans")
    for user in vars(personas).values():
        if isinstance(user, User):
            user.language = "zh-hans"

    def send(action):
        # An English page sends it: the recipient's language must win.
        with translation.override("en"), django_capture_on_commit_callbacks(execute=True):
            return action()

    _send_every_mail(personas, office_rule, settings, send)

    assert every_mail_template() - rendered == set(), "an e-mail this test does not send"
    names = english_names()
    wrong = {
        message.subject: found
        for message in mailoutbox
        if (found := english_in(f"{message.subject}\n{message.body}", names))
    }
    assert wrong == {}


# Pages ------------------------------------------------------------------------------------------


class _ShownText(HTMLParser):
    """The text a reader sees or hears: text nodes and the labelling attributes, but not
    scripts, form values typed by users, or what is marked as another language."""

    SKIP = {"script", "style", "textarea", "template"}
    ATTRIBUTES = ("aria-label", "title", "placeholder", "alt")
    VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source"}

    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self.stack: list[tuple[str, bool]] = []

    def _hidden(self) -> bool:
        return any(skip for _tag, skip in self.stack)

    def handle_starttag(self, tag, attrs):
        values = dict(attrs)
        lang = (values.get("lang") or "").lower()
        skip = tag in self.SKIP or (bool(lang) and not lang.startswith("zh"))
        if not self._hidden() and not skip:
            self.parts += [values[a] or "" for a in self.ATTRIBUTES if a in values]
        if tag not in self.VOID:
            self.stack.append((tag, skip))

    def handle_endtag(self, tag):
        for i in range(len(self.stack) - 1, -1, -1):
            if self.stack[i][0] == tag:
                del self.stack[i:]
                break

    def handle_data(self, data):
        if not self._hidden():
            self.parts.append(data)


def shown_text(html: str) -> str:
    parser = _ShownText()
    parser.feed(html)
    return "\n".join(parser.parts)


# Who opens each page: the office sees the most of every register.
VIEWERS = ("office_staff", "office_director", "administrator", "unit_head", "staff", "auditor")


def _viewer(case: AccessCase, personas):
    if case.allowed == "public":
        return None
    for role in VIEWERS:
        if case.may(role):
            return personas.by_role()[role]
    return personas.office_staff


PAGES = [case for case in CASES if case.method == "get"]


@pytest.mark.django_db
@pytest.mark.parametrize("case", PAGES, ids=lambda c: c.url_name)
def test_every_page_for_a_chinese_reader_names_things_in_chinese(case, client, personas):
    kwargs = case.kwargs(personas) if case.kwargs else {}
    viewer = _viewer(case, personas)
    if viewer is not None:
        client.force_login(viewer)
    url = reverse(case.url_name, kwargs=kwargs) + (f"?{case.query}" if case.query else "")
    response = client.get(url, HTTP_ACCEPT_LANGUAGE="zh-hans")
    if "text/html" not in response.get("Content-Type", "") or response.status_code != 200:
        return
    found = english_in(shown_text(response.content.decode()), english_names())
    assert found == [], f"{url}: {found}"


def test_the_checks_find_an_english_name():
    html = '<p title="School">数学学院 <span lang="en">School of Mathematics</span></p>'
    assert shown_text(html).split() == ["School", "数学学院"]
    assert shown_text("<textarea>Staff</textarea><input value='Staff'>") == ""
