import datetime

import pytest
from django.core import mail

from waishi.agreements import reminders
from waishi.agreements.tests.factories import AgreementFactory
from waishi.core.models import Notification

D = datetime.date
EXPIRES = D(2027, 6, 30)


def _run(today):
    lines: list[str] = []
    return reminders.run(today, lines.append), lines


def _titles(user):
    return list(Notification.objects.filter(recipient=user).values_list("kind", flat=True))


@pytest.mark.django_db
def test_reminders_at_180_90_30_days_each_once(personas):
    agreement = AgreementFactory(
        expires_on=EXPIRES, units=[personas.college], responsible=personas.office_staff
    )
    sent = []
    for days in (181, 180, 180, 179, 91, 90, 90, 31, 30, 30, 29, 1):
        count, _lines = _run(EXPIRES - datetime.timedelta(days=days))
        sent.append(count)
    assert sent == [0, 1, 0, 0, 0, 1, 0, 0, 1, 0, 0, 0]
    # Responsible person, the college's liaison and head: three reminders each.
    for user in (personas.office_staff, personas.liaison, personas.head):
        assert _titles(user) == ["agreements.expiring"] * 3
    for user in (personas.teacher, personas.other_teacher, personas.director):
        assert _titles(user) == []
    notice = Notification.objects.filter(recipient=personas.liaison).first()
    assert notice is not None
    assert notice.url == (agreement.get_absolute_url())


@pytest.mark.django_db
def test_reminders_missed_days_send_only_the_nearest(personas):
    AgreementFactory(expires_on=EXPIRES, units=[personas.college])
    count, _lines = _run(EXPIRES - datetime.timedelta(days=20))
    assert count == 1
    assert _run(EXPIRES - datetime.timedelta(days=19))[0] == 0


@pytest.mark.django_db
def test_reminders_skip_terminated_and_drafts(personas):
    from waishi.agreements.enums import Approval

    AgreementFactory(
        expires_on=EXPIRES,
        units=[personas.college],
        terminated_on=D(2026, 1, 1),
        termination_reason="ended",
    )
    AgreementFactory(expires_on=EXPIRES, units=[personas.college], approval=Approval.DRAFT)
    assert _run(EXPIRES - datetime.timedelta(days=90))[0] == 0


@pytest.mark.django_db
def test_reminders_notice_date_of_self_renewing_once(personas, office_rule):
    # Only the notice reminder here: the office has switched the expiry reminders off.
    office_rule("agreements_reminder_days", "")
    AgreementFactory(
        expires_on=EXPIRES,
        renews_automatically=True,
        notice_days=60,
        units=[personas.college],
    )
    notice_date = EXPIRES - datetime.timedelta(days=60)
    assert reminders.run(notice_date, print) == 0
    assert reminders.run(notice_date + datetime.timedelta(days=1), print) == 1
    assert reminders.run(notice_date + datetime.timedelta(days=2), print) == 0
    assert _titles(personas.head) == ["agreements.notice_passed"]


@pytest.mark.django_db
def test_reminder_command_twice_sends_once(personas, django_capture_on_commit_callbacks):
    from django.core.management import call_command

    personas.liaison.email = "liaison@example.edu"
    personas.liaison.save()
    AgreementFactory(expires_on=EXPIRES, units=[personas.college])
    day = (EXPIRES - datetime.timedelta(days=90)).isoformat()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("remind", "--today", day)
        call_command("remind", "--today", day)
    assert _titles(personas.liaison) == ["agreements.expiring"]
    assert [m.to for m in mail.outbox if "liaison" in m.to[0]] == [["liaison@example.edu"]]
