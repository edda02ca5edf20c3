"""Excel in and out for a visit's guests, declared in core's Excel layer.

A delegation's list usually comes from the partner's spreadsheet: the import reads it into
one visit, all or nothing, with every problem by row and column. Each row is a person of the
people register; someone who came before is found again (`services.guest_person`), never
copied. The export writes the guests of the visits listed, as filtered."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import IO, Any

from django.utils.translation import gettext as _

from waishi.core import excel as xl
from waishi.core.models import AnyUser, User
from waishi.people.enums import DocumentKind
from waishi.people.excel import identity_columns
from waishi.visits import services
from waishi.visits.enums import GuestRank, GuestRole
from waishi.visits.models import Guest, Visit

Problem = xl.Problem


def _passport(guest: Guest, user: AnyUser | None) -> str:
    from waishi.people.queries import shown_number

    documents = [d for d in guest.person.documents.all() if d.kind in DocumentKind.passports()]
    if not documents:
        return ""
    # No user (the template's sheet) sees the number masked, as an anonymous one would.
    return shown_number(documents[0], user) if user is not None else documents[0].masked_number


def _passport_expiry(guest: Guest) -> datetime.date | None:
    documents = [d for d in guest.person.documents.all() if d.kind in DocumentKind.passports()]
    return documents[0].expires_on if documents else None


def guest_sheet(user: AnyUser | None = None) -> xl.Sheet:
    """The guests' sheet; the export masks passport numbers as the pages do for `user`."""
    return xl.Sheet(
        "Guests 外宾名单",
        (
            xl.Column("visit", "Visit 来访编号", get=lambda g: g.visit.reference, imported=False),
            *identity_columns(born=datetime.date(1968, 4, 2)),
            xl.Column(
                "nationality",
                "Nationality 国籍",
                kind=xl.COUNTRY,
                get=lambda g: g.person.nationality,
                example="FR",
            ),
            xl.Column(
                "passport_number",
                "Passport number 护照号码",
                get=lambda g: _passport(g, user),
                example="18AB12345",
            ),
            xl.Column(
                "passport_expiry",
                "Passport expires 护照有效期至",
                kind=xl.DATE,
                get=_passport_expiry,
                example=datetime.date(2031, 1, 31),
            ),
            xl.Column("organisation", "Organisation 工作单位", example="Université de Lyon"),
            xl.Column("title", "Title or position 职务或职称", example="Vice-president"),
            xl.Column(
                "rank",
                "Rank 级别",
                kind=xl.Choice(GuestRank, default=GuestRank.OTHER.value),
                example=GuestRank.BUREAU.value,
            ),
            xl.Column(
                "role",
                "Role 团内身份",
                kind=xl.Choice(GuestRole, default=GuestRole.MEMBER.value),
                example=GuestRole.HEAD.value,
            ),
            xl.Column("email", "E-mail 电子邮箱", kind=xl.EMAIL, get=lambda g: g.person.email),
            xl.Column(
                "senior",
                "60 or over on arrival 抵达时满60岁",
                kind=xl.YES_NO,
                get=lambda g: g.is_senior,
                imported=False,
            ),
        ),
    )


GUESTS = guest_sheet()


def export_workbook(visits: Iterable[Visit], user: User) -> IO[bytes]:
    """The guests of `visits`, one row each, as the user may see them."""
    guests = (
        Guest.objects.filter(visit__in=[v.pk for v in visits])
        .select_related("visit", "person__nationality")
        .prefetch_related("person__documents")
        .order_by("visit__arrival", "visit_id", "role", "pk")
    )
    return xl.export([(guest_sheet(user), guests.iterator(chunk_size=500))])


def template_workbook(out: IO[bytes]) -> None:
    xl.write_template(out, [GUESTS])


@dataclass
class ImportPlan:
    visit: Visit
    rows: list[dict[str, Any]] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)


# The field a service's refusal names, where its column has another key.
_FIELD_COLUMNS = {"number": "passport_number", "expires_on": "passport_expiry"}


def import_plan(visit: Visit, upload: IO[bytes], *, by: User) -> ImportPlan:
    """Read the delegation's list and try every row as it would be written (then roll it
    back): each problem, of a cell or of the register's rules, names its row and column."""
    rows, problems = xl.tried_rows(
        upload,
        GUESTS,
        lambda values: services.guest_add(visit, by=by, **values),
        empty=_("The file has no guests in it."),
        columns=_FIELD_COLUMNS,
    )
    return ImportPlan(visit, rows, problems)


def import_apply(plan: ImportPlan, *, by: User) -> int:
    """Add every planned guest to the visit, all or nothing."""
    return xl.write_rows(
        plan.rows,
        plan.problems,
        lambda values: services.guest_add(plan.visit, by=by, **values),
    )
