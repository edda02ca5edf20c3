"""Conferences, participants and workbooks for the tests of participants, letters and the
programme (made directly, whatever state the declaration's services would take)."""

from __future__ import annotations

import datetime
import io
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook

from waishi.conferences import participants
from waishi.conferences.enums import ConferenceStatus, Discipline, VersionStatus
from waishi.conferences.excel import PARTICIPANTS
from waishi.conferences.models import Conference, ConferenceVersion
from waishi.conferences.search import search_text_refresh
from waishi.core import clock
from waishi.core.models import Country
from waishi.people.models import Person

HEADERS = [c.header for c in PARTICIPANTS.imported]
KEYS = [c.key for c in PARTICIPANTS.imported]


def conference(personas, *, approved: bool = True, **values) -> Conference:
    """A conference of `college`, filed by its teacher; approved unless told."""
    responsible = Person.objects.create(family_name="Li", given_name="Wei", name_zh="李伟")
    status = ConferenceStatus.APPROVED if approved else ConferenceStatus.DRAFT
    record = Conference.objects.create(
        reference=f"CONF-{Conference.objects.count() + 1:04d}",
        unit=personas.college,
        applicant=personas.teacher,
        responsible=responsible,
        status=status,
    )
    starts = clock.today() + datetime.timedelta(days=150)
    defaults = {
        "name_zh": "国际计算材料学术会议",
        "name_en": "International Conference on Computational Materials",
        "discipline": Discipline.NATURAL,
        "starts_on": starts,
        "ends_on": starts + datetime.timedelta(days=2),
        "venue": "学术交流中心 Academic Exchange Centre",
        "city": "长沙 Changsha",
        "expected_total": 80,
        "expected_foreign": 30,
        "expected_countries": 6,
        "status": VersionStatus.APPROVED if approved else VersionStatus.DRAFT,
        "approved_on": clock.today() if approved else None,
        "created_by": personas.teacher,
    }
    version = ConferenceVersion.objects.create(conference=record, **(defaults | values))
    record.current_version = version
    record.save()
    # As the declaration's service would (the rows are made here without it).
    search_text_refresh([record.pk])
    return record


def add(record: Conference, by, **values):
    defaults: dict[str, Any] = {
        "family_name": "Martin",
        "given_name": "Claire",
        "sex": "F",
        "birth_date": datetime.date(1975, 4, 2),
        "country": Country.objects.get(code="FR"),
        "organisation": "Université de Lyon",
        "passport_number": "18AB12345",
        "passport_expiry": datetime.date(2031, 1, 31),
    }
    return participants.participant_add(record, by=by, **(defaults | values))


def workbook(rows: list[dict[str, object]], name: str = "participants.xlsx") -> SimpleUploadedFile:
    book = Workbook()
    sheet = book.active
    sheet.title = PARTICIPANTS.title
    sheet.append(HEADERS)
    for row in rows:
        sheet.append([row.get(key) for key in KEYS])
    out = io.BytesIO()
    book.save(out)
    return SimpleUploadedFile(name, out.getvalue())


# 40 participants from 6 places: China, France, Japan, Germany, Brazil and Hong Kong (which
# is not counted as a country).
PLACES = ["CN", "FR", "JP", "DE", "BR", "HK"]


def forty() -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = []
    for n in range(40):
        code = PLACES[n % len(PLACES)]
        rows.append(
            {
                "family_name": f"Family{n:02d}",
                "given_name": f"Given{n:02d}",
                "sex": "F" if n % 2 else "M",
                "birth_date": f"19{60 + n % 30}-0{1 + n % 9}-1{n % 10}",
                "country": code,
                "organisation": f"University {code}",
                "role": "speaker" if n < 5 else "participant",
                "email": f"p{n}@example.org",
                "passport_number": "" if code == "CN" else f"{code}{n:07d}",
                "passport_expiry": "2032-12-31" if code != "CN" else None,
                "needs_visa_letter": "yes" if code not in ("CN", "HK") else "no",
            }
        )
    return rows
