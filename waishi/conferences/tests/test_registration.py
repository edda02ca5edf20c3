"""A conference's public page and its public registration, as a visitor and the organisers
see them: the page in Chinese and English, registration confirmed by e-mail, robots and
floods refused, and the organisers' queue (accept, reject, the visa letter)."""

from __future__ import annotations

import datetime
import re
import time
from decimal import Decimal
from unittest import mock
from urllib.parse import urlsplit

import pytest
from django.core import mail
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from waishi.conferences import participants, programme, registrations
from waishi.conferences.enums import (
    ConferenceStatus,
    OrganiserRole,
    RegistrationSource,
    RegistrationStatus,
)
from waishi.conferences.models import Conference, Organiser, Participant, Registration
from waishi.conferences.tests.participant_helpers import add, conference
from waishi.core import rate_limits
from waishi.core.cache_backend import TolerantRedisCache
from waishi.core.models import Country, Letter

pytestmark = pytest.mark.django_db

EN = {"HTTP_ACCEPT_LANGUAGE": "en"}


def _programme(record: Conference, personas) -> None:
    assert record.current_version is not None
    version = record.current_version
    version.budget = Decimal("98765.43")
    version.save()
    Organiser.objects.create(
        version=version, name="Université de Lyon", role=OrganiserRole.CO_ORGANISER
    )
    speaker = add(record, personas.teacher, family_name="Martin", given_name="Claire")
    session = programme.session_create(
        record,
        by=personas.teacher,
        day=version.starts_on,
        starts=datetime.time(9),
        ends=datetime.time(10, 30),
        room="报告厅 A",
        title_zh="开幕式",
        title_en="Opening",
    )
    programme.talk_create(
        session,
        by=personas.teacher,
        speakers=[speaker],
        starts=datetime.time(9, 30),
        minutes=30,
        title_en="Phase-field models of fracture",
        speaker_names="Hans Weber",
    )


# The public page ----------------------------------------------------------------------------


def test_the_public_page_in_chinese(client, personas):
    record = conference(personas)
    _programme(record, personas)
    html = client.get(reverse("conferences:public.detail", args=[record.pk])).text
    assert "<h1>国际计算材料学术会议</h1>" in html
    assert "International Conference on Computational Materials" in html
    assert "学术交流中心 Academic Exchange Centre, 长沙 Changsha" in html
    assert "Université de Lyon" in html and "数学学院" in html
    assert "09:00–10:30 开幕式" in html and "报告厅 A" in html
    # A talk with no Chinese title shows its English one; its speakers by name.
    assert "Phase-field models of fracture" in html
    assert "Claire Martin; Hans Weber" in html
    # Nothing that is not public.
    assert "98765" not in html and "18AB" not in html and "lyon.fr" not in html
    # Linked from the list.
    listing = client.get(reverse("conferences:public.list")).text
    assert reverse("conferences:public.detail", args=[record.pk]) in listing


def test_the_public_page_in_english(client, personas):
    record = conference(personas)
    _programme(record, personas)
    html = client.get(reverse("conferences:public.detail", args=[record.pk]), **EN).text
    assert "<h1>International Conference on Computational Materials</h1>" in html
    assert "09:00–10:30 Opening" in html
    assert "Programme" in html and "Co-organiser" in html
    assert "Register for this conference" not in html  # registration not opened


@pytest.mark.parametrize("status", [ConferenceStatus.DRAFT, ConferenceStatus.CANCELLED])
def test_no_public_page_before_approval_or_once_withdrawn(client, personas, status):
    record = conference(personas, approved=status != ConferenceStatus.DRAFT)
    Conference.objects.filter(pk=record.pk).update(status=status)
    assert client.get(reverse("conferences:public.detail", args=[record.pk])).status_code == 404
    assert client.get(reverse("conferences:public.register", args=[record.pk])).status_code == 404


# Registration -------------------------------------------------------------------------------


def _open(client, record: Conference, user) -> None:
    client.force_login(user)
    response = client.post(
        reverse("conferences:registration.open", args=[record.pk]), {"open": "1"}
    )
    assert response.status_code == 302
    client.logout()


def _form(**values) -> dict[str, object]:
    return {
        "family_name": "Tanaka",
        "given_name": "Yuki",
        "email": "Yuki.Tanaka@example.jp",
        "country": Country.objects.get(code="JP").pk,
        "organisation": "Kyoto University",
        "shown": registrations.form_stamp(time.time() - 60),
        "website": "",
    } | values


@pytest.fixture
def post(client, django_capture_on_commit_callbacks):
    """Send the registration form (in English unless told), its mail sent as on commit."""

    def send(record: Conference, language: str = "en", **values):
        with django_capture_on_commit_callbacks(execute=True):
            return client.post(
                reverse("conferences:public.register", args=[record.pk]),
                _form(**values),
                HTTP_ACCEPT_LANGUAGE=language,
            )

    return send


def test_the_unit_opens_registration_with_history(client, personas):
    record = conference(personas)
    html = client.get(reverse("conferences:public.detail", args=[record.pk])).text
    assert "报名参会" not in html
    _open(client, record, personas.liaison)
    record.refresh_from_db()
    assert record.registration_open
    assert record.history.first().history_change_reason == "public registration opened"
    html = client.get(reverse("conferences:public.detail", args=[record.pk]), **EN).text
    assert "Register for this conference" in html
    # Another unit cannot.
    client.force_login(personas.other_teacher)
    url = reverse("conferences:registration.open", args=[record.pk])
    assert client.post(url, {"open": "0"}).status_code == 404


def test_registration_confirmed_by_mail_then_accepted(client, post, personas, office_rule):
    record = conference(personas)
    _open(client, record, personas.teacher)
    page = client.get(reverse("conferences:public.register", args=[record.pk]), **EN).text
    assert "I need a visa invitation letter" in page and 'name="website"' in page
    response = post(
        record,
        needs_visa_letter="on",
        passport_number="tk 1234567",
        passport_expires_on="2033-05-01",
        birth_date="1980-02-03",
        sex="F",
    )
    assert response.status_code == 200
    assert "Check your mailbox" in response.text
    assert "yuki.tanaka@example.jp" in response.text
    registration = Registration.objects.get()
    assert registration.status == RegistrationStatus.UNVERIFIED
    assert registration.passport_number == "TK1234567"
    # Nothing of the passport in the history.
    assert not hasattr(registration.history.first(), "passport_number")
    # Not in the queue before the address is confirmed.
    client.force_login(personas.teacher)
    queue = client.get(reverse("conferences:registration.list")).text
    assert "Tanaka" not in queue
    client.logout()
    # The mail, in English as the visitor asked, with the link.
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["yuki.tanaka@example.jp"]
    assert message.subject.startswith("Confirm your registration")
    assert "International Conference on Computational Materials" in message.subject
    link = re.search(r"https?://\S+/conferences/register/confirm/\S+/", str(message.body))
    assert link is not None
    confirmed = client.get(urlsplit(link.group(0)).path, **EN)
    assert "Registration confirmed" in confirmed.text
    registration.refresh_from_db()
    assert registration.status == RegistrationStatus.WAITING
    # The organising unit's queue shows it; accepting makes a participant.
    client.force_login(personas.teacher)
    queue = client.get(reverse("conferences:registration.list"), **EN).text
    assert "Tanaka" in queue and "Kyoto University" in queue and "Requested" in queue
    accept = reverse("conferences:registration.accept", args=[registration.pk])
    response = client.post(accept, follow=True, **EN)
    assert "is now a participant of the conference" in response.text
    participant = Participant.objects.get(conference=record)
    assert participant.source == RegistrationSource.PUBLIC
    assert participant.email_verified and participant.needs_visa_letter
    assert participant.passport_number == "TK1234567"
    assert participant.person.email == "yuki.tanaka@example.jp"
    registration.refresh_from_db()
    assert registration.status == RegistrationStatus.ACCEPTED
    assert registration.participant == participant
    assert registration.history.first().history_user == personas.teacher
    # The unit cannot issue the letter; the office does, from the queue.
    queue = client.get(reverse("conferences:registration.list") + "?status=all", **EN).text
    assert "Issue the visa letter" not in queue
    client.force_login(personas.office_staff)
    queue = client.get(reverse("conferences:registration.list") + "?status=accepted", **EN).text
    assert "Issue the visa letter" in queue
    issue = reverse("conferences:letter.issue", args=[record.pk, participant.pk])
    back = reverse("conferences:registration.list") + "?status=accepted"
    with override_settings(OFFICE_PHONE="+86 731 5829 2000"):
        response = client.post(issue, {"next": back}, follow=True, **EN)
    letter = Letter.objects.get()
    assert f"Invitation letter {letter.number} has been issued." in response.text
    assert letter.number in response.text  # back on the queue, the letter listed


def test_a_person_who_came_before_is_found_again(client, post, personas):
    record = conference(personas)
    earlier = add(
        conference(personas),
        personas.teacher,
        family_name="Tanaka",
        given_name="Yuki",
        birth_date=datetime.date(1980, 2, 3),
        country=Country.objects.get(code="JP"),
        passport_number="",
    )
    _open(client, record, personas.teacher)
    post(
        record,
        needs_visa_letter="on",
        passport_number="TK1234567",
        passport_expires_on="2033-05-01",
        birth_date="1980-02-03",
        sex="F",
    )
    registration = Registration.objects.get()
    registrations.registration_verify(registrations.confirmation_link(registration).split("/")[-2])
    participant = registrations.registration_accept(registration, by=personas.office_staff)
    assert participant.person == earlier.person


def test_the_mail_is_in_chinese_for_a_chinese_page(client, post, personas):
    record = conference(personas)
    _open(client, record, personas.teacher)
    response = post(record, "zh-hans", name_zh="田中")
    assert "请查收邮件" in response.text
    assert mail.outbox[0].subject.startswith("确认报名")
    assert "国际计算材料学术会议" in mail.outbox[0].subject


def test_an_expired_or_forged_link_confirms_nothing(client, post, personas, office_rule):
    record = conference(personas)
    _open(client, record, personas.teacher)
    post(record)
    registration = Registration.objects.get()
    token = registrations.confirmation_link(registration).split("/")[-2]
    office_rule("conferences_registration_link_hours", 1)
    with mock.patch("django.core.signing.time.time", return_value=time.time() + 7200):
        response = client.get(reverse("conferences:public.confirm", args=[token]), **EN)
    assert response.status_code == 400
    assert "The link is not valid or has expired." in response.text
    response = client.get(reverse("conferences:public.confirm", args=[token + "x"]), **EN)
    assert response.status_code == 400
    registration.refresh_from_db()
    assert registration.status == RegistrationStatus.UNVERIFIED


def test_bad_input_is_named_and_nothing_kept(client, post, personas):
    record = conference(personas)
    _open(client, record, personas.teacher)
    response = post(
        record,
        family_name="",
        given_name="",
        email="not-an-address",
        needs_visa_letter="on",
    )
    assert response.status_code == 200
    assert "Please correct what is marked below; nothing has been kept yet." in response.text
    assert "Enter a valid email address." in response.text
    # Named at once with the other mistakes: what the visa letter lacks.
    assert "A visa letter needs your passport number." in response.text
    response = post(record, needs_visa_letter="on", passport_expires_on="2020-01-01")
    for message in (
        "A visa letter needs your passport number.",
        "Your passport expires before the conference ends.",
        "A visa letter needs your date of birth.",
        "A visa letter needs your gender.",
    ):
        assert message in response.text
    chinese = post(record, "zh-hans", needs_visa_letter="on")
    assert "签证邀请函需要您的护照号码" in chinese.text
    assert not Registration.objects.exists() and not mail.outbox


def test_a_robot_gets_the_same_page_and_nothing_is_kept(client, post, personas):
    record = conference(personas)
    _open(client, record, personas.teacher)
    filled = post(record, website="http://spam.example/")
    hasty = post(record, shown=registrations.form_stamp())
    forged = post(record, shown="12345:forged")
    person = post(record, email="a.person@example.jp")
    for response in (filled, hasty, forged):
        assert response.status_code == 200
        assert "Check your mailbox" in response.text
    assert "Check your mailbox" in person.text
    assert Registration.objects.get().email == "a.person@example.jp"
    assert len(mail.outbox) == 1


def test_too_many_registrations_are_refused(client, post, personas, office_rule):
    record = conference(personas)
    _open(client, record, personas.teacher)
    office_rule("conferences_registrations_per_address_hour", 2)
    for n in range(2):
        assert post(record, email=f"p{n}@example.jp").status_code == 200
    response = post(record, email="p3@example.jp")
    assert response.status_code == 429
    assert "Too many registrations have been sent from your connection" in response.text
    chinese = post(record, "zh-hans", email="p4@example.jp")
    assert chinese.status_code == 429 and "报名次数过多" in chinese.text
    assert Registration.objects.count() == 2


def test_one_address_registers_a_few_times_a_day(client, post, personas, office_rule):
    record = conference(personas)
    _open(client, record, personas.teacher)
    office_rule("conferences_registrations_per_email_day", 1)
    assert post(record).status_code == 200
    assert post(record, given_name="Yuko").status_code == 429
    assert Registration.objects.count() == 1


def test_a_cache_that_does_not_answer_limits_nothing():
    down = TolerantRedisCache("redis://127.0.0.1:1/0", {"OPTIONS": {"socket_connect_timeout": 0.1}})
    with mock.patch.object(rate_limits, "cache", down):
        assert rate_limits.attempt_count("test", "1.2.3.4", 60) is None
        assert not rate_limits.over_limit("test", "1.2.3.4", 1)


# The queue ----------------------------------------------------------------------------------


def _waiting(personas, record: Conference | None = None, **values) -> Registration:
    record = record or conference(personas)
    Conference.objects.filter(pk=record.pk).update(registration_open=True)
    record.refresh_from_db()
    defaults = {
        "family_name": "Silva",
        "given_name": "Ana",
        "email": "ana@example.br",
        "country": Country.objects.get(code="BR"),
        "organisation": "Universidade de São Paulo",
    }
    registration = registrations.registration_submit(record, language="en", **(defaults | values))
    return registrations.registration_verify(
        registrations.confirmation_link(registration).split("/")[-2]
    )


def test_reject_with_a_reason(client, personas):
    registration = _waiting(personas)
    client.force_login(personas.head)
    url = reverse("conferences:registration.reject", args=[registration.pk])
    response = client.post(url, {"reason": " "}, follow=True, **EN)
    assert "Say why the registration is rejected." in response.text
    response = client.post(url, {"reason": "The hall is full."}, follow=True, **EN)
    assert "The registration has been rejected." in response.text
    registration.refresh_from_db()
    assert registration.status == RegistrationStatus.REJECTED
    assert registration.reject_reason == "The hall is full."
    assert not Participant.objects.exists()
    # Decided once.
    accept = reverse("conferences:registration.accept", args=[registration.pk])
    response = client.post(accept, follow=True, **EN)
    assert "This registration has been decided already." in response.text
    rejected = client.get(reverse("conferences:registration.list") + "?status=rejected", **EN)
    assert "The hall is full." in rejected.text


def test_the_queue_is_the_units_and_the_offices(client, personas):
    ours = _waiting(personas)
    other = conference(personas)
    Conference.objects.filter(pk=other.pk).update(
        unit=personas.other_college, applicant=personas.other_teacher
    )
    theirs = _waiting(personas, Conference.objects.get(pk=other.pk), email="x@example.br")
    url = reverse("conferences:registration.list")
    client.force_login(personas.teacher)
    html = client.get(url, **EN).text
    assert f'id="registration-{ours.pk}"' in html and f'id="registration-{theirs.pk}"' not in html
    accept = reverse("conferences:registration.accept", args=[theirs.pk])
    assert client.post(accept).status_code == 404
    client.force_login(personas.director)
    html = client.get(url + "?q=example.br", **EN).text
    assert f'id="registration-{ours.pk}"' in html and f'id="registration-{theirs.pk}"' in html
    html = client.get(url + "?q=nobody", **EN).text
    assert 'id="registration-' not in html and "Clear the filters" in html
    client.force_login(personas.auditor)
    assert client.get(url).status_code == 403


def test_registration_passport_data_goes_with_the_participants(personas, office_rule):
    registration = _waiting(
        personas,
        needs_visa_letter=True,
        passport_number="BR998877",
        passport_expires_on=datetime.date(2034, 1, 1),
        birth_date=datetime.date(1990, 1, 1),
        sex="F",
    )
    version = registration.conference.current_version
    assert version is not None
    office_rule("conferences_passport_deletion_days", 30)
    after = version.ends_on + datetime.timedelta(days=31)
    assert participants.passport_data_delete(after) == 1
    registration.refresh_from_db()
    assert registration.passport_number == "" and registration.passport_expires_on is None
    assert registration.passport_deleted_on == after
    assert all("BR998877" not in str(vars(h)) for h in registration.history.all())


def test_the_queue_through_the_api(client, personas):
    ours = _waiting(personas)
    other = conference(personas)
    Conference.objects.filter(pk=other.pk).update(
        unit=personas.other_college, applicant=personas.other_teacher
    )
    theirs = _waiting(personas, Conference.objects.get(pk=other.pk), email="x@example.br")
    client.force_login(personas.liaison)
    listed = client.get("/api/conference-registrations/?status=waiting").json()
    assert [row["id"] for row in listed["results"]] == [ours.pk]
    assert listed["results"][0]["email"] == "ana@example.br"
    assert "passport_number" not in listed["results"][0]
    assert client.post(f"/api/conference-registrations/{theirs.pk}/accept/").status_code == 404
    refused = client.post(f"/api/conference-registrations/{ours.pk}/reject/", {})
    assert refused.status_code == 400 and "reason" in refused.json()
    accepted = client.post(f"/api/conference-registrations/{ours.pk}/accept/")
    assert accepted.json()["status"] == "accepted"
    assert Participant.objects.get(pk=accepted.json()["participant"]).conference_id == (
        ours.conference_id
    )
    again = client.post(f"/api/conference-registrations/{ours.pk}/accept/", **EN)
    assert again.status_code == 400
    assert again.json()["detail"] == ["This registration has been decided already."]


def test_registrations_never_confirmed_go_once_their_link_has_run_out(post, personas):
    record = conference(personas)
    registrations.registration_open_set(record, by=personas.teacher, open=True)
    post(record)
    post(record, email="other@example.org")
    stale, fresh = Registration.objects.order_by("pk")
    post(record, email="confirmed@example.org")
    confirmed = Registration.objects.get(email="confirmed@example.org")
    registrations.registration_verify(
        urlsplit(registrations.confirmation_link(confirmed)).path.split("/")[-2]
    )
    # Two days and an hour ago: past the 48 hours of the link.
    long_ago = timezone.now() - datetime.timedelta(hours=49)
    Registration.objects.filter(pk__in=[stale.pk, confirmed.pk]).update(created_at=long_ago)

    assert registrations.unconfirmed_delete() == 1
    assert set(Registration.objects.values_list("email", flat=True)) == {
        "other@example.org",
        "confirmed@example.org",
    }
    # Nothing of the stranger is left in the history either.
    assert not Registration.history.filter(id=stale.pk).exists()
    assert Registration.history.filter(id=fresh.pk).exists()
