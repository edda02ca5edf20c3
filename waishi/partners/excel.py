"""Excel in and out for the partner registry, declared in core's Excel layer.

Export writes the list as filtered (streamed, so thousands of rows stay small in memory).
Import reads the same layout: it first builds a plan (what would be created and changed, and
every problem by sheet, row and column); nothing is written unless the plan has no problem and
the user confirms (`import_apply`), all in one transaction.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import IO, Any

from django.db import transaction
from django.db.models import QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from waishi.core import excel as xl
from waishi.core import jobs
from waishi.core.geography import code_for_name
from waishi.core.models import AnyUser, Country, User
from waishi.core.names import is_chinese
from waishi.partners import queries, services
from waishi.partners.enums import InstitutionKind, OtherNameKind, PartnerStatus
from waishi.partners.models import Contact, Institution, InstitutionName
from waishi.partners.search import fold

Problem = xl.Problem


def _countries_by_code() -> Iterator[tuple[str, Country]]:
    return ((country.code, country) for country in Country.objects.all())


COUNTRY_BY_CODE = xl.Record(
    xl.dict_finder(_countries_by_code),
    label=lambda country: country.code,
    unknown=gettext_lazy("Unknown country code “%(value)s”."),
)

INSTITUTIONS = xl.Sheet(
    "Institutions 合作院校",
    (
        xl.Column("id", "ID", kind=xl.Number(minimum=1)),
        xl.Column(
            "name_en", "English name 英文名称", required=True, example="University of Example"
        ),
        xl.Column("name_zh", "Chinese name 中文名称", example="示例大学"),
        xl.Column(
            "other_names",
            "Other names 其他名称",
            kind=xl.ListOf(xl.TEXT),
            example=["Example Univ.", "UoE"],
        ),
        xl.Column("country_code", "Country code 国家代码", kind=COUNTRY_BY_CODE, example="GB"),
        # Read by name only when the code is empty (see `_country`).
        xl.Column("country", "Country 国家", example="United Kingdom"),
        xl.Column("city", "City 城市", example="Example City"),
        xl.Column("website", "Website 网址", kind=xl.URL, example="https://www.example.ac.uk/"),
        xl.Column(
            "kind",
            "Kind 类型",
            kind=xl.Choice(InstitutionKind, default=InstitutionKind.UNIVERSITY.value),
            example=InstitutionKind.UNIVERSITY.value,
        ),
        xl.Column(
            "status",
            "Status 状态",
            kind=xl.Choice(PartnerStatus, default=PartnerStatus.ACTIVE.value),
            example=PartnerStatus.PROSPECTIVE.value,
        ),
        xl.Column("partner_since", "Partner since 合作起始", kind=xl.DATE),
        xl.Column("responsible", "Responsible (user name) 负责人(用户名)", kind=xl.office_user()),
        xl.Column(
            "notes",
            "Notes 备注",
            kind=xl.NOTES,
            example=gettext_lazy("Delete this example row before importing."),
        ),
    ),
    freeze="B2",
)
CONTACTS = xl.Sheet(
    "Contacts 联系人",
    (
        xl.Column("institution_id", "Institution ID 院校ID", kind=xl.Number(minimum=1)),
        xl.Column(
            "institution",
            "Institution (English name) 院校英文名称",
            example="University of Example",
        ),
        xl.Column("country_code", "Country code 国家代码", example="GB"),
        xl.Column("name", "Name 姓名", required=True, example="Jane Doe"),
        xl.Column("position", "Position 职务", example="Director"),
        xl.Column("email", "E-mail 电子邮箱", kind=xl.EMAIL, example="jane@example.ac.uk"),
        xl.Column("phone", "Phone 电话", example="+44 20 0000 0000"),
        xl.Column("is_primary", "Primary 主要联系人", kind=xl.YES_NO, example=True),
        xl.Column("notes", "Notes 备注", kind=xl.NOTES),
    ),
    required=False,
)
SHEETS = (INSTITUTIONS, CONTACTS)
INSTITUTION_SHEET = INSTITUTIONS.title
CONTACT_SHEET = CONTACTS.title


# Export -----------------------------------------------------------------------------------


_CHUNK = 2000
_INSTITUTION_FIELDS = (
    "id",
    "name_en",
    "name_zh",
    "country_code",
    "country",
    "other_country",
    "city",
    "website",
    "kind",
    "status",
    "partner_since",
    "responsible",
    "notes",
)
_CONTACT_FIELDS = (
    "institution_id",
    "institution",
    "country_code",
    "name",
    "position",
    "email",
    "phone",
    "is_primary",
    "notes",
)


def export_workbook(institutions: QuerySet[Institution], out: IO[bytes]) -> None:
    """Write `institutions` (and their contacts) to `out` as .xlsx in the import layout."""
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

    def institution_rows() -> Iterator[dict[str, Any]]:
        # Every other name in one query (a few per partner at most), so the number of
        # queries does not grow with the register.
        other_names: dict[int, list[str]] = {}
        for institution_id, name in (
            InstitutionName.objects.filter(institution__in=institutions.values("pk"))
            .order_by("name")
            .values_list("institution_id", "name")
            .iterator(chunk_size=_CHUNK)
        ):
            other_names.setdefault(institution_id, []).append(name)
        for values in rows.iterator(chunk_size=_CHUNK):
            row = dict(zip(_INSTITUTION_FIELDS, values, strict=True))
            row["country"] = row["country"] or row["other_country"]
            row["other_names"] = other_names.get(row["id"], ())
            yield row

    xl.write_workbook(
        out,
        [
            (INSTITUTIONS, institution_rows()),
            (
                CONTACTS,
                (
                    dict(zip(_CONTACT_FIELDS, values, strict=True))
                    for values in contacts.iterator(chunk_size=_CHUNK)
                ),
            ),
        ],
    )


def template_workbook(out: IO[bytes]) -> None:
    """An empty workbook in the import layout, with one example row in each sheet."""
    xl.write_template(out, SHEETS)


# Import -----------------------------------------------------------------------------------


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
    # The registry's names, read once for the whole file; `import_apply` checks against it.
    index: services.InstitutionIndex | None = field(default=None, repr=False)

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


def _format(value: Any) -> str:
    if value is None or value == "":
        return "—"
    if isinstance(value, User):
        return value.username
    return str(value)


def import_plan(upload: IO[bytes], user: AnyUser) -> ImportPlan:
    """Read a workbook and say what importing it would do; write nothing."""
    reading = xl.read_workbook(upload, SHEETS)
    plan = ImportPlan()
    if reading.whole:
        plan.index = services.InstitutionIndex()
        _plan_institutions(plan, reading, user)
        _plan_contacts(plan, reading, user)
    plan.problems = reading.in_order()
    return plan


def _country_by_name() -> Callable[[str], Country | None]:
    """How the country column is read when the code is empty: as people write a country's
    name, or its name here in either language."""
    countries = {country.code: country for country in Country.objects.all()}
    names = {fold(n): c for c in countries.values() for n in (c.name_zh, c.name_en) if n}

    def find(text: str) -> Country | None:
        code = code_for_name(text)
        return countries.get(code) if code else names.get(fold(text))

    return find


def _plan_institutions(plan: ImportPlan, reading: xl.Reading, user: AnyUser) -> None:
    rows = reading.rows.get(INSTITUTIONS.title, [])
    country_by_name = _country_by_name()
    visible = queries.institutions_for_user(user).prefetch_related("other_names")
    by_id = {i.pk: i for i in visible.filter(pk__in={row["id"] for row in rows} - {None})}
    index = plan.index or services.InstitutionIndex()
    seen: dict[tuple[str, str], int] = {}

    for row in rows:

        def problem(key: str, message: str, number: int = row.number) -> None:
            reading.problem(INSTITUTIONS, number, key, message)

        errors_before = len(reading.problems)
        existing = None
        if row["id"] is not None:
            existing = by_id.get(row["id"])
            if existing is None:
                problem("id", _("No partner has this ID; leave it empty to create one."))
        country = row["country_code"]
        if country is None and row["country"]:
            country = country_by_name(row["country"])
            if country is None:
                problem("country", _("Unknown country “%(name)s”.") % {"name": row["country"]})
        elif country is None:
            problem("country_code", _("The country is required."))
        if len(reading.problems) > errors_before or country is None:
            continue
        name_en = row["name_en"]
        values = {
            "name_en": name_en,
            "name_zh": row["name_zh"],
            "country": country,
            "city": row["city"],
            "website": row["website"],
            "kind": row["kind"],
            "status": row["status"],
            "partner_since": row["partner_since"],
            "responsible": row["responsible"],
            "notes": row["notes"],
        }
        # A row's English or Chinese name may be taken by an earlier row of the file.
        keys = [(fold(name), country.code) for name in (name_en, values["name_zh"]) if name]
        earlier = next((seen[key] for key in keys if key in seen), None)
        if earlier is not None:
            problem(
                "name_en",
                _("The same name and country are already on row %(row)d.") % {"row": earlier},
            )
            continue
        seen.update(dict.fromkeys(keys, row.number))
        duplicate = index.find(
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
        planned = InstitutionRow(
            row=row.number, values=values, other_names=list(row["other_names"]), existing=existing
        )
        if existing is not None:
            for key_name, new in values.items():
                old = getattr(existing, key_name)
                if old != new and not (old in (None, "") and new in (None, "")):
                    field = Institution._meta.get_field(key_name)
                    verbose = str(getattr(field, "verbose_name", key_name))
                    planned.changes.append(Change(verbose, _format(old), _format(new)))
            known = {fold(existing.name_en), fold(existing.name_zh)}
            known |= {fold(n.name) for n in existing.other_names.all()}
        else:
            known = {fold(name_en), fold(values["name_zh"])}
        for other in planned.other_names:
            if fold(other) not in known:
                known.add(fold(other))
                planned.new_names.append(other)
        plan.institutions.append(planned)


def _plan_contacts(plan: ImportPlan, reading: xl.Reading, user: AnyUser) -> None:
    in_file = {(fold(r.values["name_en"]), r.values["country"].code): r for r in plan.institutions}
    by_id = {r.existing.pk: r for r in plan.institutions if r.existing is not None}
    visible = queries.institutions_for_user(user)
    primaries: dict[tuple[str, str], int] = {}
    seen: dict[tuple[tuple[str, str], str], int] = {}
    for row in reading.rows.get(CONTACTS.title, []):

        def problem(key: str, message: str, number: int = row.number) -> None:
            reading.problem(CONTACTS, number, key, message)

        target: Institution | None = None
        key: tuple[str, str] | None = None
        target_label = row["institution"]
        if row["institution_id"] is not None:
            file_row = by_id.get(row["institution_id"])
            target = (
                file_row.existing if file_row else visible.filter(pk=row["institution_id"]).first()
            )
            if target is None:
                problem("institution_id", _("No partner has this ID."))
                continue
            key = (fold(target.name_en), target.country.code)
            target_label = target.name_en
        else:
            code = row["country_code"].upper()
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
        name = row["name"]
        if row["is_primary"]:
            if key in primaries:
                problem(
                    "is_primary",
                    _("Row %(row)d already marks a primary contact for this institution.")
                    % {"row": primaries[key]},
                )
                continue
            primaries[key] = row.number
        if (key, fold(name)) in seen:
            problem(
                "name",
                _("This contact is already on row %(row)d.") % {"row": seen[(key, fold(name))]},
            )
            continue
        seen[(key, fold(name))] = row.number
        values = {
            "name": name,
            "position": row["position"],
            "email": row["email"],
            "phone": row["phone"],
            "is_primary": row["is_primary"],
            "notes": row["notes"],
        }
        existing = None
        if target is not None:
            existing = next((c for c in target.contacts.all() if fold(c.name) == fold(name)), None)
        planned = ContactRow(row.number, key, target_label, values, existing)
        if existing is not None:
            for key_name, new in values.items():
                old = getattr(existing, key_name)
                if old != new:
                    field = Contact._meta.get_field(key_name)
                    verbose = str(getattr(field, "verbose_name", key_name))
                    planned.changes.append(Change(verbose, _format(old), _format(new)))
        plan.contacts.append(planned)


@transaction.atomic
def import_apply(plan: ImportPlan, *, by: User) -> tuple[int, int]:
    """Write a plan without problems: create and change institutions, their other names and
    contacts. All or nothing (one transaction). Returns (institutions, contacts) written."""
    if plan.problems:
        raise ValueError("an import plan with problems is never applied")
    written: dict[tuple[str, str], Institution] = {}
    index = plan.index or services.InstitutionIndex()
    total = len(plan.institutions) + len(plan.contacts)
    writing = _("Writing partners and contacts")

    def tell(done: int) -> None:
        jobs.progress(done, total, writing)

    # The new partners in batches (their duplicates checked against the names read once for
    # the whole file), then the changed ones one by one, each with its history.
    created = services.institutions_create_many(
        [(row.values, row.new_names) for row in plan.created],
        by=by,
        reason=_("Created by an Excel import"),
        index=index,
        progress=tell,
    )
    for institution in created:
        written[(fold(institution.name_en), institution.country.code)] = institution
    institutions = len(created)
    done = len(created)
    for row in plan.institutions:
        if row.existing is None:
            continue
        done += 1
        tell(done)
        institution = row.existing
        if row.changes:
            services.institution_update(
                institution,
                by=by,
                reason=_("Changed by an Excel import"),
                index=index,
                **row.values,
            )
            institutions += 1
        for name in row.new_names:
            services.other_name_add(institution, name=name, kind=OtherNameKind.SPELLING, by=by)
        if row.new_names and row.existing is not None and not row.changes:
            institutions += 1
        written[(fold(institution.name_en), institution.country.code)] = institution
    contacts = 0
    for contact_row in plan.contacts:
        done += 1
        tell(done)
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
