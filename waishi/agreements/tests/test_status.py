import datetime

import pytest

from waishi.agreements.enums import AgreementStatus as S
from waishi.agreements.enums import Approval
from waishi.agreements.models import Agreement
from waishi.agreements.queries import with_status
from waishi.agreements.status import agreement_status
from waishi.agreements.tests.factories import AgreementFactory

D = datetime.date
DAY = datetime.timedelta(days=1)
SIGNED = D(2025, 3, 1)
IN_FORCE = D(2025, 4, 1)
EXPIRES = D(2026, 12, 31)
WINDOW_START = EXPIRES - datetime.timedelta(days=180)  # 2026-07-04

BOUNDARIES = [
    (SIGNED - DAY, S.APPROVED),
    (SIGNED, S.SIGNED),
    (SIGNED + DAY, S.SIGNED),
    (IN_FORCE - DAY, S.SIGNED),
    (IN_FORCE, S.IN_FORCE),
    (IN_FORCE + DAY, S.IN_FORCE),
    (WINDOW_START - DAY, S.IN_FORCE),
    (WINDOW_START, S.EXPIRING),
    (WINDOW_START + DAY, S.EXPIRING),
    (EXPIRES - DAY, S.EXPIRING),
    (EXPIRES, S.EXPIRING),
    (EXPIRES + DAY, S.EXPIRED),
]


def _status_in_db(agreement, today):
    return with_status(Agreement.objects.filter(pk=agreement.pk), today, 180).get().status


@pytest.mark.django_db
@pytest.mark.parametrize(("today", "expected"), BOUNDARIES, ids=lambda v: str(v))
def test_status_on_boundary_date(today, expected):
    agreement = AgreementFactory(signed_on=SIGNED, in_force_from=IN_FORCE, expires_on=EXPIRES)
    assert agreement_status(agreement, today, 180) == expected
    assert _status_in_db(agreement, today) == expected


@pytest.mark.django_db
def test_status_in_force_from_signing_day_when_no_start_given():
    agreement = AgreementFactory(signed_on=SIGNED, in_force_from=None, expires_on=EXPIRES)
    assert [agreement_status(agreement, d, 180) for d in (SIGNED - DAY, SIGNED)] == [
        S.APPROVED,
        S.IN_FORCE,
    ]
    assert [_status_in_db(agreement, d) for d in (SIGNED - DAY, SIGNED)] == [
        S.APPROVED,
        S.IN_FORCE,
    ]


@pytest.mark.django_db
def test_status_terminated_from_its_date():
    agreement = AgreementFactory(
        signed_on=SIGNED, expires_on=EXPIRES, terminated_on=D(2025, 6, 1), termination_reason="x"
    )
    days = [D(2025, 5, 31), D(2025, 6, 1), D(2025, 6, 2)]
    expected = [S.IN_FORCE, S.TERMINATED, S.TERMINATED]
    assert [agreement_status(agreement, d, 180) for d in days] == expected
    assert [_status_in_db(agreement, d) for d in days] == expected


@pytest.mark.django_db
def test_status_self_renewing_stays_in_force_after_expiry():
    agreement = AgreementFactory(
        signed_on=SIGNED, expires_on=EXPIRES, renews_automatically=True, notice_days=90
    )
    assert agreement_status(agreement, EXPIRES + DAY, 180) == S.IN_FORCE
    assert _status_in_db(agreement, EXPIRES + DAY) == S.IN_FORCE


@pytest.mark.django_db
def test_status_indefinite_never_expires():
    agreement = AgreementFactory(signed_on=SIGNED, expires_on=None)
    far = D(2090, 1, 1)
    assert agreement_status(agreement, far, 180) == S.IN_FORCE
    assert _status_in_db(agreement, far) == S.IN_FORCE


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("approval", "expected"),
    [(Approval.DRAFT, S.DRAFT), (Approval.UNDER_APPROVAL, S.UNDER_APPROVAL)],
)
def test_status_before_approval_ignores_dates(approval, expected):
    agreement = AgreementFactory(approval=approval, signed_on=SIGNED, expires_on=EXPIRES)
    assert agreement_status(agreement, IN_FORCE, 180) == expected
    assert _status_in_db(agreement, IN_FORCE) == expected


@pytest.mark.django_db
def test_status_window_is_office_policy(settings, office_rule):
    office_rule("agreements_expiring_window_days", 30)
    settings.WAISHI_FROZEN_TODAY = EXPIRES - datetime.timedelta(days=31)
    agreement = AgreementFactory(signed_on=SIGNED, expires_on=EXPIRES)
    assert agreement.current_status == S.IN_FORCE
    settings.WAISHI_FROZEN_TODAY = EXPIRES - datetime.timedelta(days=30)
    assert Agreement.objects.get(pk=agreement.pk).current_status == S.EXPIRING
    assert with_status(Agreement.objects.all()).get().status == S.EXPIRING


@pytest.mark.django_db
def test_agreements_in_force_count_counts_in_force_and_expiring(settings):
    from waishi.agreements.queries import agreements_in_force_count

    settings.WAISHI_FROZEN_TODAY = D(2026, 10, 1)
    AgreementFactory(signed_on=SIGNED, expires_on=D(2030, 1, 1))  # in force
    AgreementFactory(signed_on=SIGNED, expires_on=D(2026, 12, 1))  # expiring
    AgreementFactory(signed_on=SIGNED, expires_on=D(2026, 9, 30))  # expired
    AgreementFactory(approval=Approval.DRAFT)
    AgreementFactory(signed_on=SIGNED, terminated_on=D(2026, 1, 1), termination_reason="x")
    assert agreements_in_force_count() == 2
