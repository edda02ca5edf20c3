"""The people register in Excel, declared in core's Excel layer: one row per identity
document (a person without documents gets one row), numbers masked unless the reader is the
office."""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Iterator
from typing import IO, Any

from django.utils.translation import gettext as _

from waishi.core import excel as xl
from waishi.core.models import AnyUser
from waishi.people import queries
from waishi.people.enums import DocumentKind, Sex
from waishi.people.models import Person


def _person(key: str) -> Any:
    return lambda row: getattr(row["person"], key)


def identity_columns(born: datetime.date) -> tuple[xl.Column, ...]:
    """The columns naming a foreign person in a list of guests or participants (each row a
    record with its `person`): names, sex and date of birth, as a visa letter needs them.
    `born` is the example row's date of birth."""
    return (
        xl.Column(
            "family_name", "Family name 姓", get=lambda r: r.person.family_name, example="Martin"
        ),
        xl.Column(
            "given_name", "Given name 名", get=lambda r: r.person.given_name, example="Claire"
        ),
        xl.Column("name_zh", "Chinese name 中文姓名", get=lambda r: r.person.name_zh),
        xl.Column(
            "sex",
            "Sex 性别",
            kind=xl.Choice(Sex),
            get=lambda r: r.person.sex,
            example=Sex.FEMALE.value,
        ),
        xl.Column(
            "birth_date",
            "Date of birth 出生日期",
            kind=xl.DATE,
            get=lambda r: r.person.birth_date,
            example=born,
        ),
    )


PEOPLE = xl.Sheet(
    "People 人员",
    (
        xl.Column("name_zh", "Chinese name 中文姓名", get=_person("name_zh")),
        xl.Column("family_name", "Family name 姓", get=_person("family_name")),
        xl.Column("given_name", "Given name 名", get=_person("given_name")),
        xl.Column("passport_name", "Name as in passport 护照姓名", get=_person("passport_name")),
        xl.Column(
            "unit",
            "Unit 单位",
            get=lambda row: row["person"].unit.name if row["person"].unit else "",
        ),
        xl.Column(
            "nationality",
            "Nationality 国籍",
            get=lambda row: row["person"].nationality.name if row["person"].nationality else "",
        ),
        xl.Column("email", "E-mail 电子邮箱", get=_person("email")),
        xl.Column("document", "Document 证件", kind=xl.Choice(DocumentKind)),
        xl.Column("number", "Number 号码"),
        xl.Column("expires_on", "Expires 有效期至", kind=xl.DATE),
        xl.Column("flag", "Flag 提示", get=lambda row: row.get("flag", "")),
    ),
)


def people_export(people: Iterable[Person], user: AnyUser) -> IO[bytes]:
    """A workbook of `people` (already scoped by `people_for_user`), in a spooled file at 0."""
    days = queries.warning_days_by_kind()
    flags = {"expired": _("Expired"), "expiring": _("Expiring soon"), "": ""}

    def rows() -> Iterator[dict[str, Any]]:
        for person in people:
            documents = list(person.documents.all())
            if not documents:
                yield {"person": person, "document": None, "number": None, "expires_on": None}
                continue
            for document in documents:
                yield {
                    "person": person,
                    "document": document.kind,
                    "number": queries.shown_number(document, user),
                    "expires_on": document.expires_on,
                    "flag": flags[queries.expiry_flag(document, days=days)],
                }

    return xl.export([(PEOPLE, rows())])
