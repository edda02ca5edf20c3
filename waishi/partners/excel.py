"""Excel in and out for the partner registry.

Export writes the list as filtered (write-only workbook, so thousands of rows stay small in
memory). Import reads the same layout: it first builds a plan (what would be created and
changed, and every problem by sheet, row and column); nothing is written unless the plan has
no problem and the user confirms (`import_apply`), all in one transaction.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import IO, Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.utils import translation
from django.utils.translation import gettext as _
from openpyxl import Workbook, load_workbook

from waishi.core.excel import append_header, date_cell
from waishi.core.models import User
from waishi.core.names import is_chinese
from waishi.partners import queries, services
from waishi.partners.countries import code_for_name
from waishi.partners.enums import InstitutionKind, OtherNameKind, PartnerStatus
from waishi.partners.models import Contact, Country, Institution, InstitutionName
from waishi.partners.search import fold

# Column headers are fixed and bilingual so a file reads the same whatever the language of
# the person who made it.
INSTITUTION_SHEET = "Institutions 合作院校"
CONTACT_SHEET = "Contacts 联系人"
INSTITUTION_COLUMNS = [
    ("id", "ID"),
    ("name_en", "English name 英文名称"),
    ("name_zh", "Chinese name 中文名称"),
    ("other_names", "Other names 其他名称"),
    ("country_code", "Country code 国家代码"),
    ("country", "Country 国家"),
    ("city", "City 城市"),
    ("website", "Website 网址"),
    ("kind", "Kind 类型"),
    ("status", "Status 状态"),
    ("partner_since", "Partner since 合作起始"),
    ("responsible", "Responsible (user name) 负责人(用户名)"),
    ("notes", "Notes 备注"),
]
CONTACT_COLUMNS = [
    ("institution_id", "Institution ID 院校ID"),
    ("institution", "Institution (English name) 院校英文名称"),
    ("country_code", "Country code 国家代码"),
    ("name", "Name 姓名"),
    ("position", "Position 职务"),
    ("email", "E-mail 电子邮箱"),
    ("phone", "Phone 电话"),
    ("is_primary", "Primary 主要联系人"),
    ("notes", "Notes 备注"),
]
OTHER_NAME_SEPARATOR = "; "
_YES = {"yes", "y", "true", "1", "x", "是", "√", "✓"}


def _header_label(columns: list[tuple[str, str]], key: str) -> str:
    return dict(columns)[key]


# Export -----------------------------------------------------------------------------------


_CHUNK = 2000


def export_workbook(institutions: QuerySet[Institution], out: IO[bytes]) -> None:
    """Write `institutions` (and their contacts) to `out` as .xlsx in the import layout."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(INSTITUTION_SHEET)
    sheet.freeze_panes = "B2"
    append_header(sheet, [label for _k, label in INSTITUTION_COLUMNS])
    # Labels looked up once, not per row: at 7,000 partners the per-row gettext calls of
    # get_*_display() cost about a second (issue 6, the benchmark).
    kinds = {value: str(label) for value, label in InstitutionKind.choices}
    statuses = {value: str(label) for value, label in PartnerStatus.choices}
    yes = str(_("yes"))
    # Plain tuples, not model instances (three per row with the country and the person):
    # at 7,000 partners the objects cost more than the rows (issue 6, the benchmark).
    country_name = "country__name_zh" if is_chinese() else "country__name_en"
    other_country_name = "country__name_en" if is_chinese() else "country__name_zh"
    rows = institutions.order_by("name_en", "pk").values_list(
        "pk",
        "name_en",
        "name_zh",
        "country__code",
        country_name,
        other_country_name,
        "city",
        "website",
        "kind",
        "status",
        "partner_since",
        "responsible__username",
        "notes",
    )
    # Every other name in one query (a few per partner at most), so the number of queries
    # does not grow with the register.
    other_names: dict[int, list[str]] = {}
    for institution_id, name in (
        InstitutionName.objects.filter(institution__in=institutions.values("pk"))
        .order_by("name")
        .values_list("institution_id", "name")
        .iterator(chunk_size=_CHUNK)
    ):
        other_names.setdefault(institution_id, []).append(name)
    for (
        pk,
        name_en,
        name_zh,
        code,
        shown_country,
        fallback_country,
        city,
        website,
        kind,
        status,
        since,
        username,
        notes,
    ) in rows.iterator(chunk_size=_CHUNK):
        sheet.append(
            [
                pk,
                name_en,
                name_zh,
                OTHER_NAME_SEPARATOR.join(other_names.get(pk, ())),
                code,
                shown_country or fallback_country,
                city,
                website,
                kinds.get(kind, kind),
                statuses.get(status, status),
                date_cell(sheet, since),
                username or "",
                notes,
            ]
        )
    contacts_sheet = workbook.create_sheet(CONTACT_SHEET)
    append_header(contacts_sheet, [label for _k, label in CONTACT_COLUMNS])
    contacts = (
        Contact.objects.filter(institution__in=institutions.values("pk"))
        .order_by("institution__name_en", "institution_id", "-is_primary", "name", "pk")
        .values_list(
            "institution_id",
            "institution__name_en",
            "institution__country__code",
            "name",
            "position",
            "email",
            "phone",
            "is_primary",
            "notes",
        )
    )
    for row in contacts.iterator(chunk_size=_CHUNK):
        row = list(row)
        row[7] = yes if row[7] else ""
        contacts_sheet.append(row)
    workbook.save(out)


def template_workbook(out: IO[bytes]) -> None:
    """An empty workbook in the import layout, with one example row in each sheet."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(INSTITUTION_SHEET)
    append_header(sheet, [label for _k, label in INSTITUTION_COLUMNS])
    sheet.append(
        [
            None,
            "University of Example",
            "示例大学",
            "Example Univ.; UoE",
            "GB",
            "United Kingdom",
            "Example City",
            "https://www.example.ac.uk/",
            str(InstitutionKind.UNIVERSITY.label),
            str(PartnerStatus.PROSPECTIVE.label),
            None,
            "",
            _("Delete this example row before importing."),
        ]
    )
    contacts_sheet = workbook.create_sheet(CONTACT_SHEET)
    append_header(contacts_sheet, [label for _k, label in CONTACT_COLUMNS])
    contacts_sheet.append(
        [
            None,
            "University of Example",
            "GB",
            "Jane Doe",
            "Director",
            "jane@example.ac.uk",
            "+44 20 0000 0000",
            _("yes"),
            "",
        ]
    )
    workbook.save(out)


# Import -----------------------------------------------------------------------------------


@dataclass
class Problem:
    sheet: str
    row: int
    column: str
    message: str


@dataclass
class Change:
    field: str
    old: str
    new: str


@dataclass
class InstitutionRow:
    row: int
    values: dict[str, Any]
    other_names: list[str]
    existing: Institution | None = None
    changes: list[Change] = field(default_factory=list)
    new_names: list[str] = field(default_factory=list)

    @property
    def touched(self) -> bool:
        return bool(self.changes or self.new_names)


@dataclass
class ContactRow:
    row: int
    institution_key: tuple[str, str]
    institution_label: str
    values: dict[str, Any]
    existing: Contact | None = None
    changes: list[Change] = field(default_factory=list)


@dataclass
class ImportPlan:
    problems: list[Problem] = field(default_factory=list)
    institutions: list[InstitutionRow] = field(default_factory=list)
    contacts: list[ContactRow] = field(default_factory=list)

    @property
    def created(self) -> list[InstitutionRow]:
        return [r for r in self.institutions if r.existing is None]

    @property
    def changed(self) -> list[InstitutionRow]:
        return [
            r for r in self.institutions if r.existing is not None and (r.changes or r.new_names)
        ]

    @property
    def unchanged_count(self) -> int:
        return sum(
            1
            for r in self.institutions
            if r.existing is not None and not (r.changes or r.new_names)
        )

    @property
    def contacts_created(self) -> list[ContactRow]:
        return [c for c in self.contacts if c.existing is None]

    @property
    def contacts_changed(self) -> list[ContactRow]:
        return [c for c in self.contacts if c.existing is not None and c.changes]

    @property
    def has_changes(self) -> bool:
        return bool(self.created or self.changed or self.contacts_created or self.contacts_changed)


def _choice_lookup(choices: Any) -> dict[str, str]:
    """Each choice by its value and its label in English and in Chinese, case-blind."""
    lookup: dict[str, str] = {}
    for language in ("en", "zh-hans"):
        with translation.override(language):
            for value, label in choices.choices:
                lookup[fold(str(label))] = value
    for value in choices.values:
        lookup[fold(value)] = value
    return lookup


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return " ".join(str(value).split())


def _read_sheet(
    workbook: Any,
    title: str,
    columns: list[tuple[str, str]],
    plan: ImportPlan,
    required: bool,
) -> list[tuple[int, dict[str, Any]]]:
    if title not in workbook.sheetnames:
        if required:
            plan.problems.append(
                Problem(title, 1, "", _("The sheet “%(sheet)s” is missing.") % {"sheet": title})
            )
        return []
    sheet = workbook[title]
    rows = sheet.iter_rows(values_only=True)
    header = [_text(v) for v in next(rows, ())]
    positions: dict[str, int] = {}
    for key, label in columns:
        if label in header:
            positions[key] = header.index(label)
        else:
            plan.problems.append(
                Problem(title, 1, label, _("This column is missing from the first row."))
            )
    if len(positions) != len(columns):
        return []
    found = []
    for number, values in enumerate(rows, start=2):
        if values is None or all(v in (None, "") for v in values):
            continue
        found.append(
            (number, {k: values[i] if i < len(values) else None for k, i in positions.items()})
        )
    return found


def _format(value: Any) -> str:
    if value is None or value == "":
        return "—"
    if isinstance(value, User):
        return value.username
    return str(value)


def import_plan(upload: IO[bytes], user: Any) -> ImportPlan:
    """Read a workbook and say what importing it would do; write nothing."""
    plan = ImportPlan()
    try:
        workbook = load_workbook(upload, read_only=True, data_only=True)
    except Exception:
        plan.problems.append(Problem("", 0, "", _("The file could not be read as a workbook.")))
        return plan
    try:
        institution_rows = _read_sheet(
            workbook, INSTITUTION_SHEET, INSTITUTION_COLUMNS, plan, required=True
        )
        contact_rows = _read_sheet(workbook, CONTACT_SHEET, CONTACT_COLUMNS, plan, required=False)
    finally:
        workbook.close()
    if plan.problems:
        return plan
    _plan_institutions(plan, institution_rows, user)
    _plan_contacts(plan, contact_rows, user)
    return plan


def _plan_institutions(plan: ImportPlan, rows: list[tuple[int, dict[str, Any]]], user: Any) -> None:
    label = dict(INSTITUTION_COLUMNS)
    sheet = INSTITUTION_SHEET
    kinds = _choice_lookup(InstitutionKind)
    statuses = _choice_lookup(PartnerStatus)
    countries = {c.code: c for c in Country.objects.all()}
    visible = queries.institutions_for_user(user).prefetch_related("other_names")
    wanted_ids = set()
    for _n, raw in rows:
        if _text(raw["id"]).isdigit():
            wanted_ids.add(int(_text(raw["id"])))
    by_id = {i.pk: i for i in visible.filter(pk__in=wanted_ids)}
    responsible_names = {_text(raw["responsible"]) for _n, raw in rows} - {""}
    office = {u.username: u for u in queries.office_people().filter(username__in=responsible_names)}
    seen: dict[tuple[str, str], int] = {}

    for number, raw in rows:

        def problem(key: str, message: str, number: int = number) -> None:
            plan.problems.append(Problem(sheet, number, label[key], message))

        errors_before = len(plan.problems)
        existing = None
        if _text(raw["id"]):
            try:
                existing = by_id.get(int(_text(raw["id"])))
            except ValueError:
                existing = None
            if existing is None:
                problem("id", _("No partner has this ID; leave it empty to create one."))
        name_en = _text(raw["name_en"])
        if not name_en:
            problem("name_en", _("The English name is required."))
        code = _text(raw["country_code"]).upper()
        country_name = _text(raw["country"])
        country = None
        if code:
            country = countries.get(code)
            if country is None:
                problem("country_code", _("Unknown country code “%(code)s”.") % {"code": code})
        elif country_name:
            found = code_for_name(country_name)
            if found is None:
                found = next(
                    (c.code for c in countries.values() if country_name in (c.name_zh, c.name_en)),
                    None,
                )
            country = countries.get(found or "")
            if country is None:
                problem("country", _("Unknown country “%(name)s”.") % {"name": country_name})
        else:
            problem("country_code", _("The country is required."))
        kind = InstitutionKind.UNIVERSITY.value
        if _text(raw["kind"]):
            kind = kinds.get(fold(_text(raw["kind"])), "")
            if not kind:
                problem("kind", _("Unknown kind “%(value)s”.") % {"value": _text(raw["kind"])})
        status = PartnerStatus.ACTIVE.value
        if _text(raw["status"]):
            status = statuses.get(fold(_text(raw["status"])), "")
            if not status:
                problem(
                    "status", _("Unknown status “%(value)s”.") % {"value": _text(raw["status"])}
                )
        since = raw["partner_since"]
        if isinstance(since, datetime.datetime):
            since = since.date()
        elif since in (None, ""):
            since = None
        elif not isinstance(since, datetime.date):
            try:
                since = datetime.date.fromisoformat(_text(since))
            except ValueError:
                problem("partner_since", _("Write the date as YYYY-MM-DD."))
                since = None
        responsible = None
        if _text(raw["responsible"]):
            responsible = office.get(_text(raw["responsible"]))
            if responsible is None:
                problem(
                    "responsible",
                    _("“%(name)s” is not a user name of the international office.")
                    % {"name": _text(raw["responsible"])},
                )
        website = _text(raw["website"])
        values = {
            "name_en": name_en,
            "name_zh": _text(raw["name_zh"]),
            "country": country,
            "city": _text(raw["city"]),
            "website": website,
            "kind": kind,
            "status": status,
            "partner_since": since,
            "responsible": responsible,
            "notes": str(raw["notes"] or "").strip(),
        }
        if website:
            try:
                Institution._meta.get_field("website").run_validators(website)
            except ValidationError:
                problem("website", _("Enter a full web address, such as https://www.example.edu/."))
        if len(plan.problems) > errors_before:
            continue
        key = (fold(name_en), country.code)
        if key in seen:
            problem(
                "name_en",
                _("The same name and country are already on row %(row)d.") % {"row": seen[key]},
            )
            continue
        seen[key] = number
        duplicate = services.institution_find_duplicate(
            name_en, values["name_zh"], country, exclude_pk=existing.pk if existing else None
        )
        if duplicate is not None and (existing is None or duplicate.pk != existing.pk):
            if existing is None:
                message = _(
                    "“%(name)s” in %(country)s is already in the registry with ID %(pk)s; put "
                    "the ID in the first column to update it."
                )
            else:
                message = _(
                    "Another partner in %(country)s already has this name (“%(name)s”, ID %(pk)s)."
                )
            problem(
                "name_en",
                message % {"name": duplicate.name, "country": country.name, "pk": duplicate.pk},
            )
            continue
        other_names = [n for n in (_text(x) for x in str(raw["other_names"] or "").split(";")) if n]
        row = InstitutionRow(row=number, values=values, other_names=other_names, existing=existing)
        if existing is not None:
            for key_name, new in values.items():
                old = getattr(existing, key_name)
                if old != new and not (old in (None, "") and new in (None, "")):
                    verbose = str(Institution._meta.get_field(key_name).verbose_name)
                    row.changes.append(Change(verbose, _format(old), _format(new)))
            known = {fold(existing.name_en), fold(existing.name_zh)}
            known |= {fold(n.name) for n in existing.other_names.all()}
        else:
            known = {fold(name_en), fold(values["name_zh"])}
        for other in other_names:
            if fold(other) not in known:
                known.add(fold(other))
                row.new_names.append(other)
        plan.institutions.append(row)


def _plan_contacts(plan: ImportPlan, rows: list[tuple[int, dict[str, Any]]], user: Any) -> None:
    label = dict(CONTACT_COLUMNS)
    sheet = CONTACT_SHEET
    in_file = {(fold(r.values["name_en"]), r.values["country"].code): r for r in plan.institutions}
    by_id = {r.existing.pk: r for r in plan.institutions if r.existing is not None}
    visible = queries.institutions_for_user(user)
    primaries: dict[tuple[str, str], int] = {}
    seen: dict[tuple[tuple[str, str], str], int] = {}
    for number, raw in rows:

        def problem(key: str, message: str, number: int = number) -> None:
            plan.problems.append(Problem(sheet, number, label[key], message))

        target: Institution | None = None
        key: tuple[str, str] | None = None
        target_label = _text(raw["institution"])
        if _text(raw["institution_id"]):
            try:
                pk = int(_text(raw["institution_id"]))
            except ValueError:
                pk = 0
            file_row = by_id.get(pk)
            target = file_row.existing if file_row else visible.filter(pk=pk).first()
            if target is None:
                problem("institution_id", _("No partner has this ID."))
                continue
            key = (fold(target.name_en), target.country.code)
            target_label = target.name_en
        else:
            code = _text(raw["country_code"]).upper()
            if not target_label or not code:
                problem(
                    "institution",
                    _("Give the institution's ID, or its English name and country code."),
                )
                continue
            key = (fold(target_label), code)
            if key in in_file:
                target = in_file[key].existing
            else:
                target = next(
                    (
                        i
                        for i in visible.filter(country__code=code, search_text__contains=key[0])
                        if fold(i.name_en) == key[0]
                    ),
                    None,
                )
                if target is None:
                    problem(
                        "institution",
                        _("No partner “%(name)s” in the registry or in the first sheet.")
                        % {"name": target_label},
                    )
                    continue
        name = _text(raw["name"])
        if not name:
            problem("name", _("The contact's name is required."))
            continue
        email = _text(raw["email"])
        if email:
            try:
                Contact._meta.get_field("email").run_validators(email)
            except ValidationError:
                problem("email", _("Enter a valid e-mail address."))
                continue
        is_primary = fold(_text(raw["is_primary"])) in _YES
        if is_primary:
            if key in primaries:
                problem(
                    "is_primary",
                    _("Row %(row)d already marks a primary contact for this institution.")
                    % {"row": primaries[key]},
                )
                continue
            primaries[key] = number
        if (key, fold(name)) in seen:
            problem(
                "name",
                _("This contact is already on row %(row)d.") % {"row": seen[(key, fold(name))]},
            )
            continue
        seen[(key, fold(name))] = number
        values = {
            "name": name,
            "position": _text(raw["position"]),
            "email": email,
            "phone": _text(raw["phone"]),
            "is_primary": is_primary,
            "notes": str(raw["notes"] or "").strip(),
        }
        existing = None
        if target is not None:
            existing = next((c for c in target.contacts.all() if fold(c.name) == fold(name)), None)
        row = ContactRow(number, key, target_label, values, existing)
        if existing is not None:
            for key_name, new in values.items():
                old = getattr(existing, key_name)
                if old != new:
                    verbose = str(Contact._meta.get_field(key_name).verbose_name)
                    row.changes.append(Change(verbose, _format(old), _format(new)))
        plan.contacts.append(row)


@transaction.atomic
def import_apply(plan: ImportPlan, *, by: Any) -> tuple[int, int]:
    """Write a plan without problems: create and change institutions, their other names and
    contacts. All or nothing (one transaction). Returns (institutions, contacts) written."""
    if plan.problems:
        raise ValueError("an import plan with problems is never applied")
    written: dict[tuple[str, str], Institution] = {}
    institutions = 0
    for row in plan.institutions:
        if row.existing is None:
            institution = services.institution_create(by=by, **row.values)
            institutions += 1
        else:
            institution = row.existing
            if row.changes:
                services.institution_update(
                    institution, by=by, reason=_("Changed by an Excel import"), **row.values
                )
                institutions += 1
        for name in row.new_names:
            services.other_name_add(institution, name=name, kind=OtherNameKind.SPELLING, by=by)
        if row.new_names and row.existing is not None and not row.changes:
            institutions += 1
        written[(fold(institution.name_en), institution.country.code)] = institution
    contacts = 0
    for contact_row in plan.contacts:
        if contact_row.existing is None:
            institution = written.get(contact_row.institution_key) or Institution.objects.get(
                pk=_institution_pk(contact_row)
            )
            services.contact_add(institution, by=by, **contact_row.values)
            contacts += 1
        elif contact_row.changes:
            services.contact_update(contact_row.existing, by=by, **contact_row.values)
            contacts += 1
    return institutions, contacts


def _institution_pk(row: ContactRow) -> int:
    name, code = row.institution_key
    for institution in Institution.objects.filter(country__code=code, search_text__contains=name):
        if fold(institution.name_en) == name:
            return institution.pk
    raise Institution.DoesNotExist
