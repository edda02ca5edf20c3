"""Excel in and out for agreements.

Export writes the list as filtered (a write-only workbook, so thousands of rows stay small in
memory). Import reads the same layout and records agreements signed before Waishi was used
(they count as approved): it first builds a plan (each row to be recorded, and every problem
by row number and column); nothing is written unless the plan has no problem and the user
confirms (`import_apply`), all in one transaction."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import IO, Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import translation
from django.utils.translation import gettext as _
from openpyxl import Workbook, load_workbook

from waishi.agreements import services
from waishi.agreements.enums import AgreementKind, Approval
from waishi.agreements.models import Agreement
from waishi.agreements.queries import office_people
from waishi.agreements.validators import agreement_check
from waishi.core.excel import append_header, date_cell
from waishi.core.models import Unit
from waishi.partners.models import Institution

SHEET = "Agreements 合作协议"
# Fixed bilingual headers: a file reads the same whatever the language of who made it.
COLUMNS = [
    ("name_zh", "Chinese title 中文名称"),
    ("name_en", "English title 英文名称"),
    ("kind", "Kind 类型"),
    ("reference", "Reference 编号"),
    ("partners", "Partners (; between) 合作院校(以;分隔)"),
    ("units", "Unit codes (; between) 校内单位代码(以;分隔)"),
    ("home_signatory", "Our signatory 我方签字人"),
    ("partner_signatories", "Partner signatories 对方签字人"),
    ("signed_on", "Signed on 签署日期"),
    ("in_force_from", "In force from 生效日期"),
    ("expires_on", "Expires on 到期日期"),
    ("renews_automatically", "Renews itself 自动续约"),
    ("notice_days", "Notice days 通知期(天)"),
    ("places_outgoing", "Places out 派出名额"),
    ("places_incoming", "Places in 接收名额"),
    ("responsible", "Responsible (user name) 负责人(用户名)"),
    ("notes", "Notes 备注"),
]
EXPORT_EXTRA = [
    ("id", "ID"),
    ("status", "Status 状态"),
    ("countries", "Countries 国家"),
    ("terminated_on", "Terminated on 终止日期"),
]
DATE_KEYS = ("signed_on", "in_force_from", "expires_on")
NUMBER_KEYS = ("notice_days", "places_outgoing", "places_incoming")
YES = {"yes", "y", "true", "1", "是", "x", "✓"}
NO = {"no", "n", "false", "0", "否", ""}


def export_workbook(agreements: QuerySet[Agreement], out: IO[bytes]) -> None:
    """Write `agreements` (as filtered and sorted, with their status annotated) to `out`."""
    book = Workbook(write_only=True)
    sheet = book.create_sheet(SHEET)
    columns = EXPORT_EXTRA[:2] + COLUMNS + EXPORT_EXTRA[2:]
    append_header(sheet, [label for _key, label in columns])
    for agreement in agreements.iterator(chunk_size=500):
        parties = list(agreement.parties.all())
        values = {
            "id": agreement.pk,
            "status": str(agreement.status_label),
            "name_zh": agreement.name_zh,
            "name_en": agreement.name_en,
            "kind": str(agreement.get_kind_display()),
            "reference": agreement.reference,
            "partners": "; ".join(p.name_en for p in parties),
            "units": "; ".join(u.code or u.name_zh for u in agreement.units.all()),
            "home_signatory": agreement.home_signatory,
            "partner_signatories": agreement.partner_signatories,
            "renews_automatically": _("yes") if agreement.renews_automatically else _("no"),
            "notice_days": agreement.notice_days,
            "places_outgoing": agreement.places_outgoing,
            "places_incoming": agreement.places_incoming,
            "responsible": agreement.responsible.username if agreement.responsible else "",
            "notes": agreement.notes,
            "countries": "; ".join(sorted({p.country.name for p in parties})),
        }
        row = []
        for key, _label in columns:
            if key in DATE_KEYS or key == "terminated_on":
                row.append(date_cell(sheet, getattr(agreement, key)))
            else:
                row.append(values.get(key))
        sheet.append(row)
    book.save(out)


def template_workbook(out: IO[bytes]) -> None:
    """An empty workbook with the import's columns and one example row."""
    book = Workbook(write_only=True)
    sheet = book.create_sheet(SHEET)
    append_header(sheet, [label for _key, label in COLUMNS])
    sheet.append(
        [
            "湘潭大学与示例大学学生交流协议",
            "Student exchange agreement with Example University",
            str(AgreementKind.STUDENT_EXCHANGE.label),
            "XTU-2024-001",
            "Example University",
            "MATH",
            "校长",
            "Rector",
            date_cell(sheet, datetime.date(2024, 5, 1)),
            None,
            date_cell(sheet, datetime.date(2029, 4, 30)),
            "no",
            None,
            5,
            5,
            "",
            "",
        ]
    )
    book.save(out)


@dataclass
class Problem:
    row: int
    column: str
    message: str


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


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return " ".join(str(value).split())


def _kind_lookup() -> dict[str, str]:
    found: dict[str, str] = {}
    for value, label in AgreementKind.choices:
        found[value.lower()] = value
        for language in ("en", "zh-hans"):
            with translation.override(language):
                found[str(label).lower()] = value
    return found


def _date(value: Any) -> datetime.date:
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    text = _text(value).replace("/", "-").replace(".", "-")
    return datetime.date.fromisoformat(text)


def _partner(name: str) -> tuple[Institution | None, str]:
    if name.isdigit():
        found = Institution.objects.filter(pk=int(name)).first()
        return found, "" if found else _("no partner with ID %(id)s") % {"id": name}
    matches = list(
        Institution.objects.filter(
            Q(name_en__iexact=name) | Q(name_zh=name) | Q(other_names__name__iexact=name)
        ).distinct()[:2]
    )
    if not matches:
        return None, _("“%(name)s” is not in the partner registry") % {"name": name}
    if len(matches) > 1:
        return None, _("“%(name)s” matches more than one partner; use its ID") % {"name": name}
    return matches[0], ""


def import_plan(upload: IO[bytes]) -> ImportPlan:
    """Read the workbook and plan every row; problems name the row and the column."""
    plan = ImportPlan()
    try:
        book = load_workbook(upload, read_only=True, data_only=True)
    except Exception:
        plan.problems.append(Problem(0, "", _("The file could not be read as an Excel workbook.")))
        return plan
    sheet = book[SHEET] if SHEET in book.sheetnames else book.worksheets[0]
    rows = sheet.iter_rows(values_only=True)
    header = [_text(v) for v in next(rows, ())]
    labels = {label: key for key, label in COLUMNS}
    index = {labels[h]: i for i, h in enumerate(header) if h in labels}
    missing = [label for key, label in COLUMNS if key not in index]
    if "name_zh" not in index or "partners" not in index:
        plan.problems.append(
            Problem(1, "", _("Missing columns: %(columns)s") % {"columns": ", ".join(missing)})
        )
        return plan
    kinds = _kind_lookup()
    people = {u.username.lower(): u for u in office_people()}
    units = {u.code.lower(): u for u in Unit.objects.exclude(code=None) if u.code}
    seen: set[tuple[str, Any]] = set()
    column_label = dict(COLUMNS)
    for number, raw in enumerate(rows, start=2):
        cells = {key: (raw[i] if i < len(raw) else None) for key, i in index.items()}
        if all(_text(v) == "" for v in cells.values()):
            continue

        def problem(key: str, message: str, number: int = number) -> None:
            plan.problems.append(Problem(number, column_label.get(key, key), message))

        before = len(plan.problems)
        values: dict[str, Any] = {}
        for key in ("name_zh", "name_en", "reference", "home_signatory", "partner_signatories"):
            values[key] = _text(cells.get(key))
        values["notes"] = str(cells.get("notes") or "").strip()
        kind_text = _text(cells.get("kind")).lower()
        values["kind"] = kinds.get(kind_text, AgreementKind.OTHER if not kind_text else None)
        if values["kind"] is None:
            problem("kind", _("unknown kind “%(value)s”") % {"value": cells.get("kind")})
        for key in DATE_KEYS:
            value = cells.get(key)
            values[key] = None
            if _text(value):
                try:
                    values[key] = _date(value)
                except ValueError:
                    problem(key, _("not a date (write it as 2024-05-01)"))
        for key in NUMBER_KEYS:
            text = _text(cells.get(key))
            values[key] = None
            if text:
                if text.isdigit() and int(text) <= 3650:
                    values[key] = int(text)
                else:
                    problem(key, _("not a whole number"))
        renews = _text(cells.get("renews_automatically")).lower()
        if renews in YES:
            values["renews_automatically"] = True
        elif renews in NO:
            values["renews_automatically"] = False
        else:
            problem("renews_automatically", _("write yes or no"))
        responsible = _text(cells.get("responsible")).lower()
        values["responsible"] = None
        if responsible:
            values["responsible"] = people.get(responsible)
            if values["responsible"] is None:
                problem("responsible", _("no office user named “%(name)s”") % {"name": responsible})
        parties = []
        for name in [p.strip() for p in _text(cells.get("partners")).split(";") if p.strip()]:
            found, message = _partner(name)
            if found is None:
                problem("partners", message)
            else:
                parties.append(found)
        row_units = []
        for code in [c.strip() for c in _text(cells.get("units")).split(";") if c.strip()]:
            unit = units.get(code.lower())
            if unit is None:
                problem("units", _("no unit with code “%(code)s”") % {"code": code})
            else:
                row_units.append(unit)
        if len(plan.problems) == before:
            try:
                agreement_check({**values, "parties": parties})
            except ValidationError as error:
                for key, messages in error.message_dict.items():
                    for message in messages:
                        problem(key, message)
        identity = (values["name_zh"] or values["name_en"], values.get("signed_on"))
        if len(plan.problems) == before:
            if identity in seen:
                problem("name_zh", _("the same agreement appears twice in the file"))
            elif Agreement.objects.filter(
                Q(name_zh=identity[0]) | Q(name_en=identity[0]), signed_on=identity[1]
            ).exists():
                problem("name_zh", _("this agreement is already recorded"))
        seen.add(identity)
        if len(plan.problems) == before:
            plan.rows.append(PlannedAgreement(number, values, parties, row_units))
    if not plan.rows and not plan.problems:
        plan.problems.append(Problem(0, "", _("The file has no agreements in it.")))
    return plan


def import_apply(plan: ImportPlan, *, by: Any) -> int:
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
