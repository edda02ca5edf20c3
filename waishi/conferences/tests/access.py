"""Who may open each URL of the conferences app (the role walk in
core/tests/test_url_access.py).

The conference is declared by the teacher of `college`: the college's staff (teacher, liaison,
head) and every reader see it; the outsider sees nothing. Its unit's people and the office
edit it until it is submitted, and ask for changes once it is approved; the office records
its external filing."""

from typing import TypedDict

from waishi.core.testing import OFFICE, PUBLIC, READERS, WITH_ROLE, AccessCase

COLLEGE = frozenset({"staff", "unit_liaison", "unit_head"})
SEE_CONFERENCE = READERS | COLLEGE
EDIT_CONFERENCE = COLLEGE | OFFICE


def _draft(p):
    from waishi.conferences.tests.factories import draft_conference

    return {"pk": draft_conference(p.teacher).conference_id}


def _version(p):
    from waishi.conferences.tests.factories import draft_conference

    return {"pk": draft_conference(p.teacher).pk}


def _approved(p):
    from waishi.conferences.tests.factories import approved_conference

    return {"pk": approved_conference(p).conference_id}


def _filing(p):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from waishi.conferences import services
    from waishi.conferences.tests.factories import approved_conference, days
    from waishi.core.tests import files

    version = approved_conference(p)
    filing = services.filing_record(
        version,
        by=p.office_staff,
        authority="湖南省教育厅",
        number="湘教外〔2026〕12号",
        filed_on=days(0),
        file=SimpleUploadedFile("approval.pdf", files.PDF),
    )
    return {"pk": version.conference_id, "filing_pk": filing.pk}


def _forecast(p):
    from waishi.conferences.models import Forecast

    forecast = Forecast.objects.create(
        unit=p.college, year=2027, name="计算数学国际研讨会", entered_by=p.teacher
    )
    return {"forecast_pk": forecast.pk}


def _summary(p):
    """An approved conference that has ended, with its summary written and one photo."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from waishi.conferences import summary
    from waishi.conferences.models import Conference
    from waishi.conferences.tests.factories import ended_conference
    from waishi.core.tests import files

    version = ended_conference(p)
    conference = Conference.objects.get(pk=version.conference_id)
    summary.summary_save(
        conference,
        by=p.teacher,
        review="会议综述。",
        actual_total=80,
        actual_foreign=30,
        actual_countries=6,
        proceedings=SimpleUploadedFile("proceedings.pdf", files.PDF),
    )
    photo = summary.photo_add(
        conference,
        by=p.teacher,
        image=SimpleUploadedFile("p.jpg", files.JPEG),
        caption="开幕式",
    )
    return {"pk": conference.pk, "photo_pk": photo.pk}


def _summary_record(p):
    from waishi.conferences.models import Summary

    return {"pk": Summary.objects.get(conference_id=_summary(p)["pk"]).pk}


class _Post(TypedDict):
    method: str
    ok_status: tuple[int, ...]


POST: _Post = {"method": "post", "ok_status": (302,)}

CASES = [
    AccessCase("conferences:conference.list", WITH_ROLE),
    AccessCase("conferences:conference.create", EDIT_CONFERENCE),
    AccessCase("conferences:conference.assess", EDIT_CONFERENCE),
    AccessCase("conferences:conference.detail", SEE_CONFERENCE, kwargs=_draft),
    AccessCase(
        "conferences:conference.detail",
        SEE_CONFERENCE,
        kwargs=lambda p: {"pk": _filing(p)["pk"]},
    ),
    AccessCase("conferences:conference.update", EDIT_CONFERENCE, kwargs=_draft),
    AccessCase("conferences:conference.submit", EDIT_CONFERENCE, kwargs=_draft, **POST),
    AccessCase(
        "conferences:conference.withdraw",
        EDIT_CONFERENCE,
        kwargs=_draft,
        notes="the first withdraws it, the next is told it can no longer be withdrawn",
        **POST,
    ),
    AccessCase("conferences:conference.change", EDIT_CONFERENCE, kwargs=_approved),
    AccessCase("conferences:filing.create", OFFICE, kwargs=_approved),
    AccessCase("conferences:filing.file", SEE_CONFERENCE, kwargs=_filing),
    AccessCase("conferences:summary", SEE_CONFERENCE, kwargs=_approved),
    AccessCase(
        "conferences:summary",
        EDIT_CONFERENCE,
        kwargs=lambda p: {"pk": _summary(p)["pk"]},
        method="post",
        ok_status=(200, 302),
        notes="an empty form is shown again with its errors (200)",
    ),
    AccessCase(
        "conferences:summary.file",
        EDIT_CONFERENCE,
        kwargs=lambda p: {"pk": _summary(p)["pk"]},
        notes="refused with the rules the summary breaks, shown on its page",
        **POST,
    ),
    AccessCase(
        "conferences:summary.proceedings",
        SEE_CONFERENCE,
        kwargs=lambda p: {"pk": _summary(p)["pk"]},
    ),
    AccessCase(
        "conferences:summary.photo.create",
        EDIT_CONFERENCE,
        kwargs=lambda p: {"pk": _summary(p)["pk"]},
        method="post",
        ok_status=(200,),
        notes="a post with no photo is shown again with its errors",
    ),
    AccessCase("conferences:summary.photo", SEE_CONFERENCE, kwargs=_summary),
    AccessCase("conferences:summary.photo.delete", EDIT_CONFERENCE, kwargs=_summary, **POST),
    AccessCase("conferences:figures", READERS),
    AccessCase("conferences:figures.export", READERS),
    AccessCase("conferences:public.list", PUBLIC),
    AccessCase("conferences:public.calendar", PUBLIC),
    AccessCase("conferences:forecast.list", WITH_ROLE),
    AccessCase("conferences:forecast.create", EDIT_CONFERENCE),
    AccessCase("conferences:forecast.update", EDIT_CONFERENCE, kwargs=_forecast),
    AccessCase("conference-list", WITH_ROLE),
    AccessCase("conference-detail", SEE_CONFERENCE, kwargs=_draft),
    AccessCase(
        "conference-list",
        EDIT_CONFERENCE,
        method="post",
        ok_status=(400,),
        notes="a declaration with no fields is refused by the serializer",
    ),
    AccessCase(
        "conference-submit",
        EDIT_CONFERENCE,
        kwargs=_draft,
        method="post",
        ok_status=(200, 400),
        notes="the first submits it, the next is told it has been submitted",
    ),
    AccessCase(
        "conference-withdraw",
        EDIT_CONFERENCE,
        kwargs=_draft,
        method="post",
        ok_status=(200, 400),
        notes="the first withdraws it, the next is told it can no longer be withdrawn",
    ),
    AccessCase(
        "conference-change",
        EDIT_CONFERENCE,
        kwargs=_approved,
        method="post",
        ok_status=(400,),
        notes="a change with no fields is refused by the serializer",
    ),
    AccessCase("conference-version-list", WITH_ROLE),
    AccessCase("conference-summary-list", WITH_ROLE),
    AccessCase("conference-summary-detail", SEE_CONFERENCE, kwargs=_summary_record),
    AccessCase(
        "conference-summary-list",
        WITH_ROLE,
        method="post",
        ok_status=(400,),
        notes="a summary with no fields is refused by the serializer",
    ),
    AccessCase(
        "conference-summary-file",
        EDIT_CONFERENCE,
        kwargs=_summary_record,
        method="post",
        ok_status=(400,),
        notes="refused naming the rules it breaks (one photo, a short review); readers 403",
    ),
    AccessCase(
        "conference-version-detail",
        SEE_CONFERENCE,
        kwargs=_version,
    ),
]

# Participants, letters and the programme.
from waishi.conferences.tests.participant_access import CASES as PARTICIPANT_CASES  # noqa: E402

CASES += PARTICIPANT_CASES
