"""Excel in and out for agreements, declared in core's Excel layer.

Export writes the list as filtered (streamed, so thousands of rows stay small in memory).
Import reads the same layout and records agreements signed before Waishi was used (they count
as approved): it first builds a plan (each row to be recorded, and every problem by row
number and column); nothing is written unless the plan has no problem and the user confirms
(`import_apply`), all in one transaction."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import IO, Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from waishi.agreements import services
from waishi.agreements.enums import AgreementKind, Approval
from waishi.agreements.models import Agreement
from waishi.agreements.validators import agreement_check
from waishi.core import excel as xl
from waishi.core.models import Unit, User
from waishi.partners.models import Institution

Problem = xl.Problem


def _partner_finder() -> Callable[[str], Institution | None]:
    """A partner by its ID, or by its English, Chinese or other name."""

    def find(name: str) -> Institution | None:
        if name.isdigit():
            found = Institution.objects.filter(pk=int(name)).first()
            if found is None:
                raise xl.CellError(_("no partner with ID %(id)s") % {"id": name})
            return found
        matches = list(
            Institution.objects.filter(
                Q(name_en__iexact=name) | Q(name_zh=name) | Q(other_names__name__iexact=name)
            ).distinct()[:2]
        )
        if len(matches) > 1:
            raise xl.CellError(
                _("“%(name)s” matches more than one partner; use its ID") % {"name": name}
            )
        return matches[0] if matches else None

    return find


PARTNER = xl.Record(
    _partner_finder,
    label=lambda institution: institution.name_en,
    unknown=gettext_lazy("“%(value)s” is not in the partner registry"),
)
PLACES = xl.Number(minimum=0, maximum=3650)


def _status(agreement: Agreement) -> str:
    return str(agreement.status_label)


def _countries(agreement: Agreement) -> str:
    return "; ".join(sorted({p.country.name for p in agreement.parties.all()}))


# Fixed bilingual headers: a file reads the same whatever the language of who made it.
AGREEMENTS = xl.Sheet(
    "Agreements 合作协议",
    (
        xl.Column("id", "ID", imported=False),
        xl.Column("status", "Status 状态", get=_status, imported=False),
        xl.Column("name_zh", "Chinese title 中文名称", example="湘潭大学与示例大学学生交流协议"),
        xl.Column(
            "name_en",
            "English title 英文名称",
            example="Student exchange agreement with Example University",
        ),
        xl.Column(
            "kind",
            "Kind 类型",
            kind=xl.Choice(AgreementKind, default=AgreementKind.OTHER.value),
            example=AgreementKind.STUDENT_EXCHANGE.value,
        ),
        xl.Column("reference", "Reference 编号", example="XTU-2024-001"),
        xl.Column(
            "partners",
            "Partners (; between) 合作院校(以;分隔)",
            kind=xl.ListOf(PARTNER),
            get=lambda agreement: agreement.parties.all(),
            example=["Example University"],
        ),
        xl.Column(
            "units",
            "Unit codes (; between) 校内单位代码(以;分隔)",
            kind=xl.ListOf(xl.unit_by_code()),
            get=lambda agreement: agreement.units.all(),
            example=["MATH"],
        ),
        xl.Column("home_signatory", "Our signatory 我方签字人", example="校长"),
        xl.Column("partner_signatories", "Partner signatories 对方签字人", example="Rector"),
        xl.Column(
            "signed_on", "Signed on 签署日期", kind=xl.DATE, example=datetime.date(2024, 5, 1)
        ),
        xl.Column("in_force_from", "In force from 生效日期", kind=xl.DATE),
        xl.Column(
            "expires_on", "Expires on 到期日期", kind=xl.DATE, example=datetime.date(2029, 4, 30)
        ),
        xl.Column("renews_automatically", "Renews itself 自动续约", kind=xl.YES_NO, example=False),
        xl.Column("notice_days", "Notice days 通知期(天)", kind=PLACES),
        xl.Column("places_outgoing", "Places out 派出名额", kind=PLACES, example=5),
        xl.Column("places_incoming", "Places in 接收名额", kind=PLACES, example=5),
        xl.Column("responsible", "Responsible (user name) 负责人(用户名)", kind=xl.office_user()),
        xl.Column("notes", "Notes 备注", kind=xl.NOTES),
        xl.Column("countries", "Countries 国家", get=_countries, imported=False),
        xl.Column("terminated_on", "Terminated on 终止日期", kind=xl.DATE, imported=False),
    ),
)
SHEET = AGREEMENTS.title
# The model's field a check names, where its column has another key.
_FIELD_COLUMNS = {"parties": "partners"}


def export_workbook(agreements: QuerySet[Agreement], out: IO[bytes]) -> None:
    """Write `agreements` (as filtered and sorted, with their status annotated) to `out`."""
    xl.write_workbook(out, [(AGREEMENTS, agreements.iterator(chunk_size=500))])


def template_workbook(out: IO[bytes]) -> None:
    """An empty workbook with the import's columns and one example row."""
    xl.write_template(out, [AGREEMENTS])


@dataclass
class PlannedAgreement:
    row: int
    values: dict[str, Any]
    parties: list[Institution]
    units: list[Unit]


@dataclass
class ImportPlan:
    rows: list[PlannedAgreement] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)


def import_plan(upload: IO[bytes]) -> ImportPlan:
    """Read the workbook and plan every row; problems name the row and the column."""
    reading = xl.read_workbook(upload, [AGREEMENTS])
    plan = ImportPlan()
    seen: set[tuple[str, Any]] = set()
    for row in reading.rows.get(SHEET, []) if reading.whole else []:

        def problem(key: str, message: str, number: int = row.number) -> None:
            reading.problem(AGREEMENTS, number, _FIELD_COLUMNS.get(key, key), message)

        values = dict(row.values)
        parties, units = list(values.pop("partners")), list(values.pop("units"))
        before = len(reading.problems)
        try:
            agreement_check({**values, "parties": parties})
        except ValidationError as error:
            for key, messages in error.message_dict.items():
                for message in messages:
                    problem(key, message)
        identity = (values["name_zh"] or values["name_en"], values["signed_on"])
        if len(reading.problems) == before:
            if identity in seen:
                problem("name_zh", _("the same agreement appears twice in the file"))
            elif Agreement.objects.filter(
                Q(name_zh=identity[0]) | Q(name_en=identity[0]), signed_on=identity[1]
            ).exists():
                problem("name_zh", _("this agreement is already recorded"))
        seen.add(identity)
        if len(reading.problems) == before:
            plan.rows.append(PlannedAgreement(row.number, values, parties, units))
    plan.problems = reading.in_order()
    if not plan.rows and not plan.problems:
        plan.problems.append(Problem("", 0, "", _("The file has no agreements in it.")))
    return plan


def import_apply(plan: ImportPlan, *, by: User) -> int:
    """Record every planned agreement, all or nothing. They were signed before they were
    recorded here, so they count as approved."""
    if plan.problems:
        raise ValidationError(_("The file has problems; nothing was imported."))
    with transaction.atomic():
        for row in plan.rows:
            services.agreement_create(
                by=by,
                parties=row.parties,
                units=row.units,
                approval=Approval.APPROVED,
                **row.values,
            )
    return len(plan.rows)
