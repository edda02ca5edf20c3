"""Excel in and out for a conference's participants, declared in core's Excel layer.

The participant list usually comes from the organisers' registration spreadsheet: the import
reads it into one conference, all or nothing, with every problem by row and column. Each row
is a person of the people register; a foreign guest who came before (to a visit or another
conference) is found again, never copied. The export writes the participants of one
conference; the template is the same sheet, empty."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import IO, Any

from django.utils.translation import gettext as _

from waishi.conferences import participants
from waishi.conferences.enums import ParticipantRole
from waishi.conferences.models import Conference, Participant
from waishi.core import excel as xl
from waishi.core.models import AnyUser, User
from waishi.people.excel import identity_columns

Problem = xl.Problem


def _passport(participant: Participant, user: AnyUser | None) -> str:
    # Only the office reads a passport number whole; the template's sheet shows none.
    if not participant.passport_number:
        return ""
    if user is not None and user.has_perm("conferences.read_passport", participant.conference):
        return participant.passport_number
    return "•••" + participant.passport_number[-3:]


def participant_sheet(user: AnyUser | None = None) -> xl.Sheet:
    """The participants' sheet; the export masks passport numbers unless `user` may read
    them."""
    return xl.Sheet(
        "Participants 参会人员",
        (
            *identity_columns(born=datetime.date(1975, 4, 2)),
            xl.Column(
                "country",
                "Country or region 国家或地区",
                kind=xl.COUNTRY,
                required=True,
                get=lambda p: p.country,
                example="FR",
            ),
            xl.Column("organisation", "Organisation 工作单位", example="Université de Lyon"),
            xl.Column("title", "Title or position 职务或职称", example="Professor"),
            xl.Column(
                "role",
                "Role 身份",
                kind=xl.Choice(ParticipantRole, default=ParticipantRole.PARTICIPANT.value),
                example=ParticipantRole.SPEAKER.value,
            ),
            xl.Column("email", "E-mail 电子邮箱", kind=xl.EMAIL, get=lambda p: p.person.email),
            xl.Column(
                "passport_number",
                "Passport number 护照号码",
                get=lambda p: _passport(p, user),
                example="18AB12345",
            ),
            xl.Column(
                "passport_expiry",
                "Passport expires 护照有效期至",
                kind=xl.DATE,
                get=lambda p: p.passport_expires_on,
                example=datetime.date(2031, 1, 31),
            ),
            xl.Column(
                "needs_visa_letter",
                "Needs a visa invitation letter 需要签证邀请函",
                kind=xl.YES_NO,
                example=True,
            ),
            xl.Column(
                "is_foreign",
                "Foreign 外籍",
                kind=xl.YES_NO,
                get=lambda p: p.is_foreign,
                imported=False,
            ),
        ),
    )


PARTICIPANTS = participant_sheet()


def export_workbook(conference: Conference, user: User) -> IO[bytes]:
    """The participants of `conference`, one row each, as the user may see them."""
    participants = (
        conference.participants.select_related("person", "country", "conference")
        .order_by("role", "pk")
        .iterator(chunk_size=500)
    )
    return xl.export([(participant_sheet(user), participants)])


def template_workbook(out: IO[bytes]) -> None:
    xl.write_template(out, [PARTICIPANTS])


@dataclass
class ImportPlan:
    conference: Conference
    rows: list[dict[str, Any]] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)


# The field a service's refusal names, where its column has another key.
_FIELD_COLUMNS = {"passport_expires_on": "passport_expiry"}


def import_plan(conference: Conference, upload: IO[bytes], *, by: User) -> ImportPlan:
    """Read the participant list and try every row as it would be written (then roll it
    back): each problem, of a cell or of the register's rules, names its row and column."""
    rows, problems = xl.tried_rows(
        upload,
        PARTICIPANTS,
        lambda values: participants.participant_add(conference, by=by, **values),
        empty=_("The file has no participants in it."),
        columns=_FIELD_COLUMNS,
    )
    return ImportPlan(conference, rows, problems)


def import_apply(plan: ImportPlan, *, by: User) -> int:
    """Add every planned participant to the conference, all or nothing."""
    return xl.write_rows(
        plan.rows,
        plan.problems,
        lambda values: participants.participant_add(plan.conference, by=by, **values),
    )
