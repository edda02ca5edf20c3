"""Who may open each URL of a conference's participants, letters and programme (the role
walk in core/tests/test_url_access.py; gathered into the app's `tests/access.py`).

The conference is organised by `college` and filed by its teacher: the college's staff and
every reader see its participants; the college and the office manage them; visa letters are
the office's."""

from typing import TypedDict

from waishi.core.testing import OFFICE, PUBLIC, READERS, WITH_ROLE, AccessCase

COLLEGE = frozenset({"staff", "unit_liaison", "unit_head"})
SEE = READERS | COLLEGE
EDIT = COLLEGE | OFFICE
# The registrations' queue: the organising unit and the office, not the other readers.
REVIEW = COLLEGE | OFFICE


def _approved(p):
    from waishi.conferences.tests.participant_helpers import conference

    # Chinese names: core/tests/test_one_language.py reads these pages as a Chinese reader.
    return {"pk": conference(p).pk}


def _participant(p):
    from waishi.conferences.tests.participant_helpers import add, conference

    record = conference(p)
    participant = add(record, p.teacher, family_name="", given_name="", name_zh="马丁")
    return {"pk": record.pk, "participant_pk": participant.pk}


def _letter(p):
    from django.test import override_settings

    from waishi.conferences import letters
    from waishi.conferences.tests.participant_helpers import add, conference

    record = conference(p)
    participant = add(record, p.teacher)
    kwargs = {"pk": record.pk, "participant_pk": participant.pk}
    with override_settings(OFFICE_PHONE="+86 731 5829 2000"):
        letter = letters.invitation_issue(participant, by=p.office_staff)
    return kwargs | {"letter_pk": letter.pk}


def _session(p):
    import datetime

    from waishi.conferences import programme
    from waishi.conferences.tests.participant_helpers import conference

    record = conference(p)
    assert record.current_version is not None
    session = programme.session_create(
        record,
        by=p.teacher,
        day=record.current_version.starts_on,
        starts=datetime.time(9),
        ends=datetime.time(10),
        title_zh="开幕式",
    )
    return {"pk": record.pk, "session_pk": session.pk}


def _open(p):
    from waishi.conferences.models import Conference
    from waishi.conferences.tests.participant_helpers import conference

    record = conference(p)
    Conference.objects.filter(pk=record.pk).update(registration_open=True)
    return {"pk": record.pk}


def _token(p):
    from waishi.conferences import registrations
    from waishi.conferences.models import Conference
    from waishi.core.models import Country

    record = Conference.objects.get(pk=_open(p)["pk"])
    registration = registrations.registration_submit(
        record,
        language="zh-hans",
        family_name="Silva",
        email="ana@example.br",
        country=Country.objects.get(code="BR"),
        organisation="USP",
    )
    return {"token": registrations.confirmation_link(registration).split("/")[-2]}


def _registration(p):
    from waishi.conferences import registrations

    return {"registration_pk": registrations.registration_verify(_token(p)["token"]).pk}


def _session_page(p):
    return {"pk": _session(p)["pk"]}


def _talk(p):
    import datetime

    from waishi.conferences import programme
    from waishi.conferences.models import Session

    found = _session(p)
    talk = programme.talk_create(
        Session.objects.get(pk=found["session_pk"]),
        by=p.teacher,
        starts=datetime.time(9, 15),
        minutes=30,
        title_zh="开幕致辞",
    )
    return {"pk": found["pk"], "talk_pk": talk.pk}


class _Post(TypedDict):
    method: str
    ok_status: tuple[int, ...]


POST: _Post = {"method": "post", "ok_status": (302,)}

CASES = [
    # The public page, registration and the organisers' queue.
    AccessCase("conferences:public.detail", PUBLIC, kwargs=lambda p: _session_page(p)),
    AccessCase("conferences:public.register", PUBLIC, kwargs=_open),
    AccessCase(
        "conferences:public.register",
        PUBLIC,
        kwargs=_open,
        method="post",
        ok_status=(200, 429),
        notes="a form without the signed time is a robot's: the same page, nothing kept; the "
        "sixth post from one address in an hour is refused (office rule)",
    ),
    AccessCase("conferences:public.confirm", PUBLIC, kwargs=_token),
    AccessCase(
        "conferences:registration.open",
        EDIT,
        kwargs=_approved,
        notes="without open=1 it closes registration",
        **POST,
    ),
    AccessCase("conferences:registration.list", REVIEW),
    AccessCase(
        "conferences:registration.accept",
        REVIEW,
        kwargs=_registration,
        notes="the first accepts it, the next is told it is decided already",
        **POST,
    ),
    AccessCase(
        "conferences:registration.reject",
        REVIEW,
        kwargs=_registration,
        notes="without a reason it is refused with a message",
        **POST,
    ),
    AccessCase("conference-registration-list", REVIEW),
    AccessCase(
        "conference-registration-detail",
        REVIEW,
        kwargs=lambda p: {"pk": _registration(p)["registration_pk"]},
    ),
    AccessCase(
        "conference-registration-accept",
        REVIEW,
        kwargs=lambda p: {"pk": _registration(p)["registration_pk"]},
        method="post",
        ok_status=(200, 400),
        notes="the first accepts it, the next is told it is decided already",
    ),
    AccessCase(
        "conference-registration-reject",
        REVIEW,
        kwargs=lambda p: {"pk": _registration(p)["registration_pk"]},
        method="post",
        ok_status=(400,),
        notes="a rejection without a reason is refused by the serializer",
    ),
    AccessCase("conferences:participant.import_template", WITH_ROLE),
    AccessCase("conferences:participant.list", SEE, kwargs=_approved),
    AccessCase("conferences:participant.create", EDIT, kwargs=_approved),
    AccessCase(
        "conferences:participant.export", SEE, kwargs=lambda p: {"pk": _participant(p)["pk"]}
    ),
    AccessCase("conferences:participant.import", EDIT, kwargs=_approved),
    AccessCase(
        "conferences:participant.import_preview",
        frozenset(),
        kwargs=lambda p: {"pk": _approved(p)["pk"], "token": "0" * 32},
        notes="a real token lives in the uploader's session; see test_participants.py",
    ),
    AccessCase("conferences:participant.update", EDIT, kwargs=_participant),
    AccessCase(
        "conferences:participant.remove",
        EDIT,
        kwargs=_participant,
        notes="the first takes them off, the next is told they are off already",
        **POST,
    ),
    AccessCase(
        "conferences:letter.issue",
        OFFICE,
        kwargs=_participant,
        notes="without the office's telephone set, the letter is refused with a message",
        **POST,
    ),
    AccessCase("conferences:letter.pdf", SEE, kwargs=_letter),
    AccessCase("conferences:participant.certificate", EDIT, kwargs=_participant),
    AccessCase("conferences:programme", SEE, kwargs=lambda p: {"pk": _session(p)["pk"]}),
    AccessCase("conferences:programme.import", EDIT, kwargs=_approved),
    AccessCase("conferences:session.create", EDIT, kwargs=_approved),
    AccessCase("conferences:talk.create", EDIT, kwargs=_session),
    AccessCase(
        "conferences:session.delete",
        EDIT,
        kwargs=_session,
        notes="the first takes it off, the next is told it is off already",
        **POST,
    ),
    AccessCase("conferences:session.update", EDIT, kwargs=_session),
    AccessCase("conferences:talk.update", EDIT, kwargs=_talk),
    AccessCase(
        "conferences:talk.delete",
        EDIT,
        kwargs=_talk,
        notes="the first takes it off, the next is told it is off already",
        **POST,
    ),
    AccessCase("conference-session-list", WITH_ROLE),
    AccessCase(
        "conference-session-detail", SEE, kwargs=lambda p: {"pk": _session(p)["session_pk"]}
    ),
    AccessCase(
        "conference-session-list",
        WITH_ROLE,
        method="post",
        ok_status=(400,),
        notes="a session with no fields is refused by the serializer",
    ),
    AccessCase(
        "conference-session-add-talk",
        EDIT,
        kwargs=lambda p: {"pk": _session(p)["session_pk"]},
        method="post",
        ok_status=(400,),
        notes="a talk with no fields is refused by the serializer; readers 403 after it",
    ),
    AccessCase("conference-talk-list", WITH_ROLE),
    AccessCase("conference-talk-detail", SEE, kwargs=lambda p: {"pk": _talk(p)["talk_pk"]}),
    AccessCase("conference-participant-list", WITH_ROLE),
    AccessCase(
        "conference-participant-detail",
        SEE,
        kwargs=lambda p: {"pk": _participant(p)["participant_pk"]},
    ),
    AccessCase(
        "conference-participant-list",
        WITH_ROLE,
        method="post",
        ok_status=(400,),
        notes="a participant with no fields is refused by the serializer",
    ),
]
