"""The people register as .xlsx: one row per identity document (a person without documents
gets one row), numbers masked unless the reader is the office."""

from __future__ import annotations

from collections.abc import Iterable
from typing import IO, Any

from django.utils.translation import gettext as _
from openpyxl import Workbook

from waishi.core.excel import append_header, date_cell, spool
from waishi.people import queries
from waishi.people.models import Person


def people_export(people: Iterable[Person], user: Any) -> IO[bytes]:
    """A workbook of `people` (already scoped by `people_for_user`), in a spooled file at 0."""
    book = Workbook(write_only=True)
    sheet = book.create_sheet(_("People"))
    append_header(
        sheet,
        [
            _("Chinese name"),
            _("Family name"),
            _("Given name"),
            _("Name as in passport"),
            _("Unit"),
            _("Nationality"),
            _("E-mail"),
            _("Document"),
            _("Number"),
            _("Expires"),
            _("Flag"),
        ],
    )
    days = queries.warning_days_by_kind()
    flags = {"expired": _("Expired"), "expiring": _("Expiring soon"), "": ""}
    for person in people:
        base = [
            person.name_zh,
            person.family_name,
            person.given_name,
            person.passport_name,
            person.unit.name if person.unit else "",
            person.nationality.name if person.nationality else "",
            person.email,
        ]
        documents = list(person.documents.all())
        if not documents:
            sheet.append([*base, "", "", "", ""])
        for document in documents:
            sheet.append(
                [
                    *base,
                    str(document.get_kind_display()),
                    queries.shown_number(document, user),
                    date_cell(sheet, document.expires_on),
                    flags[queries.expiry_flag(document, days=days)],
                ]
            )
    out = spool()
    book.save(out)
    out.seek(0)
    return out
