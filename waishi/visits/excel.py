"""Excel in and out for a visit's guests, declared in core's Excel layer.

A delegation's list usually comes from the partner's spreadsheet: the import reads it into
one visit, all or nothing, with every problem by row and column. Each row is a person of the
people register; someone who came before is found again (`services.guest_person`), never
copied. The export writes the guests of the visits listed, as filtered."""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import IO, Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from waishi.core import excel as xl
from waishi.core.models import AnyUser, Country, User
from waishi.people.enums import DocumentKind, Sex
from waishi.visits import services
from waishi.visits.enums import GuestRank, GuestRole
from waishi.visits.models import Guest, Visit

Problem = xl.Problem


def _countries() -> Iterator[tuple[str, Country]]:
    for country in Country.objects.all():
        yield country.code, country
        yield country.name_en, country
        yield country.name_zh, country


COUNTRY = xl.Record(
    xl.dict_finder(_countries),
    label=lambda country: country.code,
    unknown=gettext_lazy("Unknown country “%(value)s”: write its two-letter code, e.g. FR."),
)


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
            xl.Column(
                "family_name",
                "Family name 姓",
                get=lambda g: g.person.family_name,
                example="Martin",
            ),
            xl.Column(
                "given_name", "Given name 名", get=lambda g: g.person.given_name, example="Claire"
            ),
            xl.Column("name_zh", "Chinese name 中文姓名", get=lambda g: g.person.name_zh),
            xl.Column(
                "sex",
                "Sex 性别",
                kind=xl.Choice(Sex),
                get=lambda g: g.person.sex,
                example=Sex.FEMALE.value,
            ),
            xl.Column(
                "birth_date",
                "Date of birth 出生日期",
                kind=xl.DATE,
                get=lambda g: g.person.birth_date,
                example=datetime.date(1968, 4, 2),
            ),
            xl.Column(
                "nationality",
                "Nationality 国籍",
                kind=COUNTRY,
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


class _DryRun(Exception):
    """Rolls back the trial run of an import's plan."""


# The field a service's refusal names, where its column has another key.
_FIELD_COLUMNS = {"number": "passport_number", "expires_on": "passport_expiry"}


def import_plan(visit: Visit, upload: IO[bytes], *, by: User) -> ImportPlan:
    """Read the delegation's list and try every row as it would be written (then roll it
    back): each problem, of a cell or of the register's rules, names its row and column."""
    reading = xl.read_workbook(upload, [GUESTS])
    plan = ImportPlan(visit)
    rows = reading.rows.get(GUESTS.title, []) if reading.whole else []
    keys = {column.key for column in GUESTS.columns}
    try:
        with transaction.atomic():
            for row in rows:
                try:
                    with transaction.atomic():
                        services.guest_add(visit, by=by, **row.values)
                except ValidationError as error:
                    found = (
                        error.message_dict if hasattr(error, "error_dict") else {"": error.messages}
                    )
                    for key, messages in found.items():
                        column = _FIELD_COLUMNS.get(key, key)
                        for message in messages:
                            reading.problem(
                                GUESTS, row.number, column if column in keys else "", message
                            )
                else:
                    plan.rows.append(dict(row.values))
            raise _DryRun
    except _DryRun:
        pass
    plan.problems = reading.in_order()
    if not rows and not plan.problems:
        plan.problems.append(Problem("", 0, "", _("The file has no guests in it.")))
    return plan


def import_apply(plan: ImportPlan, *, by: User) -> int:
    """Add every planned guest to the visit, all or nothing."""
    if plan.problems:
        raise ValidationError(_("The file has problems; nothing was imported."))
    with transaction.atomic():
        for values in plan.rows:
            services.guest_add(plan.visit, by=by, **values)
    return len(plan.rows)
